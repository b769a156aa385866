package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/suggestion"
)

var _ suggestion.Store = (*DB)(nil)

const suggestionColumns = `g.id, g.name, g.description, g.category, g.damage, to_char(g.damaged_on, 'YYYY-MM-DD'), g.sensitive,
 ST_AsGeoJSON(g.geom, 6)::jsonb, g.oblast_code, g.hromada_code, g.status, g.reason, g.site_id, g.created_at`

func scanSuggestion(row pgx.Row) (suggestion.Suggestion, error) {
	var s suggestion.Suggestion
	err := row.Scan(&s.ID, &s.Name, &s.Description, &s.Category, &s.Damage, &s.DamagedOn, &s.Sensitive, &s.Geometry,
		&s.OblastCode, &s.HromadaCode, &s.Status, &s.Reason, &s.SiteID, &s.CreatedAt)
	return s, err
}

// CreateSuggestion places a suggested site with the rule that places
// sites, and keeps it apart from them.
func (db *DB) CreateSuggestion(ctx context.Context, d site.Draft) (suggestion.Receipt, error) {
	g, err := wkbOf(d.Geometry)
	if err != nil {
		return suggestion.Receipt{}, fmt.Errorf("postgres: create suggestion: %w", err)
	}
	var reason *string
	if err := db.pool.QueryRow(ctx, `SELECT CASE WHEN NOT ST_IsValid(x) THEN ST_IsValidReason(x) END
		FROM ST_SetSRID(ST_GeomFromWKB($1), 4326) x`, g).Scan(&reason); err != nil {
		return suggestion.Receipt{}, fmt.Errorf("postgres: create suggestion: %w", err)
	}
	if reason != nil {
		return suggestion.Receipt{}, domain.Invalid("geometry", "the geometry is not valid: "+*reason,
			"геометрія некоректна (самоперетин або вироджене кільце): "+*reason)
	}
	var r suggestion.Receipt
	err = db.pool.QueryRow(ctx, `
		WITH x AS (SELECT ST_ForcePolygonCCW(ST_SetSRID(ST_GeomFromWKB($6), 4326)) AS geom),
		     l AS (SELECT x.geom, a.oblast_code, a.hromada_code FROM x, locate_admin(x.geom) a)
		INSERT INTO site_suggestions (name, description, category, damage, damaged_on, geom, oblast_code, hromada_code, sensitive)
		SELECT $1, $2, $3, $4, $5, l.geom, l.oblast_code, l.hromada_code, $7 FROM l WHERE l.oblast_code IS NOT NULL
		RETURNING id, status`,
		d.Name, d.Description, string(d.Category), string(d.Damage), d.DamagedOn, g, d.Sensitive).Scan(&r.ID, &r.Status)
	if err == pgx.ErrNoRows {
		return suggestion.Receipt{}, domain.Outside("geometry")
	}
	if err != nil {
		return suggestion.Receipt{}, fmt.Errorf("postgres: create suggestion: %w", err)
	}
	return r, nil
}

// FindSuggestions lists the waiting suggestions in the account's oblasts
// (all of them for an admin).
func (db *DB) FindSuggestions(ctx context.Context) ([]suggestion.Suggestion, error) {
	u := account.FromContext(ctx)
	if u == nil {
		return nil, account.ErrUnauthenticated
	}
	all := u.MayAdminister() == nil
	if !all && u.Role != account.Moderator {
		return nil, account.ErrForbidden
	}
	rows, err := db.pool.Query(ctx, `SELECT `+suggestionColumns+` FROM site_suggestions g
		WHERE g.status = 'waiting' AND ($1 OR g.oblast_code = ANY($2)) ORDER BY g.id LIMIT 1000`, all, nonNil(u.Oblasts))
	if err != nil {
		return nil, fmt.Errorf("postgres: find suggestions: %w", err)
	}
	defer rows.Close()
	out := []suggestion.Suggestion{}
	for rows.Next() {
		s, err := scanSuggestion(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: find suggestions: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// DecideSuggestion accepts or rejects a waiting suggestion. An accepted
// one becomes a verified site, placed again by the sites' own rule.
func (db *DB) DecideSuggestion(ctx context.Context, id int64, v site.Verification) (suggestion.Suggestion, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return suggestion.Suggestion{}, fmt.Errorf("postgres: decide suggestion: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	var at account.Place
	var hromada *string
	var status string
	err = tx.QueryRow(ctx, `SELECT oblast_code, hromada_code, status FROM site_suggestions WHERE id = $1 FOR UPDATE`, id).
		Scan(&at.Oblast, &hromada, &status)
	if err != nil {
		return suggestion.Suggestion{}, fmt.Errorf("postgres: suggestion %d: %w", id, mapError(err, "id"))
	}
	at.Hromada = deref(hromada)
	u := account.FromContext(ctx)
	if err := u.MayModerate(at); err != nil {
		return suggestion.Suggestion{}, err
	}
	if status != "waiting" {
		return suggestion.Suggestion{}, fmt.Errorf("%w: this suggestion was already decided (%s). / Цю пропозицію вже розглянуто (%s).",
			domain.ErrConflict, status, status)
	}
	var siteID *int64
	if v.Decision == "verified" {
		var sid int64
		err := tx.QueryRow(ctx, `INSERT INTO sites (name, description, category, damage, damaged_on, geom, verification, sensitive)
			SELECT name, description, category, damage, damaged_on, geom, 'verified', sensitive OR category = ANY($2::text[])
			FROM site_suggestions WHERE id = $1 RETURNING id`, id, strs(site.SensitiveCategories)).Scan(&sid)
		if err != nil {
			return suggestion.Suggestion{}, fmt.Errorf("postgres: accept suggestion %d: %w", id, mapError(err, "geometry"))
		}
		siteID = &sid
	}
	decision := map[string]string{"verified": "accepted", "rejected": "rejected"}[v.Decision]
	s, err := scanSuggestion(tx.QueryRow(ctx, `UPDATE site_suggestions g SET status = $2, reason = nullif($3, ''), site_id = $4,
		decided_by = $5, decided_at = now() WHERE g.id = $1 RETURNING `+suggestionColumns, id, decision, v.Reason, siteID, actorID(u)))
	if err != nil {
		return suggestion.Suggestion{}, fmt.Errorf("postgres: decide suggestion %d: %w", id, err)
	}
	return s, tx.Commit(ctx)
}
