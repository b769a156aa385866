package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/site"
)

// siteColumns are what a site's public Feature is made of; site.Site's
// AppendGeoJSON writes it. The geometry comes as EWKB, which the server
// reads itself: PostGIS formats no text per site.
const siteColumns = `s.id, s.name, s.description, s.category, s.damage, s.damaged_on, s.estimated_cost_minor,
 s.currency, s.verification, s.oblast_code, s.hromada_code, s.demo, s.version,
 s.created_at, s.updated_at, s.geom::bytea`

const siteFrom = ` FROM sites s `

var _ site.Store = (*DB)(nil)

// wkbOf encodes a geometry for ST_GeomFromWKB.
func wkbOf(g orb.Geometry) ([]byte, error) {
	return wkb.Marshal(g)
}

// CreateSite stores a new site; with an idempotency key seen before it
// returns the site made then (created false) instead of another.
func (db *DB) CreateSite(ctx context.Context, d site.Draft, key *site.IdempotencyKey) (site.Feature, bool, error) {
	g, err := wkbOf(d.Geometry)
	if err != nil {
		return site.Feature{}, false, fmt.Errorf("postgres: create site: %w", err)
	}
	names, err := db.hromadaNameTable(ctx)
	if err != nil {
		return site.Feature{}, false, err
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return site.Feature{}, false, fmt.Errorf("postgres: create site: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit

	if key != nil {
		prev, found, err := priorRequest(ctx, tx, "sites", key.Key, key.RequestHash)
		if err != nil || found {
			if err != nil {
				return site.Feature{}, false, err
			}
			f, err := findSite(ctx, tx, prev, names)
			return f, false, err
		}
	}

	var cost *int64
	var currency *string
	if d.EstimatedCost != nil {
		cost, currency = &d.EstimatedCost.AmountMinor, &d.EstimatedCost.Currency
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO sites (name, description, category, damage, damaged_on, estimated_cost_minor, currency, geom)
		VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_GeomFromWKB($8), 4326))
		RETURNING id`,
		d.Name, d.Description, string(d.Category), string(d.Damage), d.DamagedOn, cost, currency, g).Scan(&id)
	if err != nil {
		return site.Feature{}, false, mapError(err, "geometry")
	}
	if key != nil {
		first, err := recordRequest(ctx, tx, "sites", key.Key, key.RequestHash, id)
		if err != nil {
			return site.Feature{}, false, err
		}
		if !first {
			tx.Rollback(ctx) //nolint:errcheck // theirs stands, ours goes
			return db.CreateSite(ctx, d, key)
		}
	}

	f, err := findSite(ctx, tx, id, names)
	if err != nil {
		return site.Feature{}, false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return site.Feature{}, false, fmt.Errorf("postgres: create site: %w", err)
	}
	return f, true, nil
}

// FindSiteByID returns one site.
func (db *DB) FindSiteByID(ctx context.Context, id int64) (site.Feature, error) {
	names, err := db.hromadaNameTable(ctx)
	if err != nil {
		return site.Feature{}, err
	}
	return findSite(ctx, db.pool, id, names)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// findSite reads one site through q (the pool or a transaction); names
// must have been taken before q's connection was (see hromadaNameTable).
func findSite(ctx context.Context, q querier, id int64, names map[string]*hromadaName) (site.Feature, error) {
	rows, err := q.Query(ctx, `SELECT `+siteColumns+siteFrom+`WHERE s.id = $1`, id)
	if err != nil {
		return site.Feature{}, fmt.Errorf("postgres: find site %d: %w", id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return site.Feature{}, fmt.Errorf("postgres: find site %d: %w", id, err)
		}
		return site.Feature{}, fmt.Errorf("postgres: find site %d: %w", id, domain.ErrNotFound)
	}
	var v site.Site
	if err := readSite(rows, &v, names); err != nil {
		return site.Feature{}, fmt.Errorf("postgres: find site %d: %w", id, err)
	}
	return site.Feature{ID: id, Version: int(v.Version), JSON: v.AppendGeoJSON(nil)}, nil
}

// UpdateSite applies a patch; ifVersion > 0 requires the stored version to
// match (If-Match).
func (db *DB) UpdateSite(ctx context.Context, id int64, p site.Patch, ifVersion int) (site.Feature, error) {
	set := []string{"version = version + 1", "updated_at = now()"}
	args := []any{id}
	add := func(col string, v any) {
		args = append(args, v)
		set = append(set, fmt.Sprintf("%s = $%d", col, len(args)))
	}
	if p.Name != nil {
		add("name", *p.Name)
	}
	if p.Description != nil {
		add("description", *p.Description)
	}
	if p.Category != nil {
		add("category", string(*p.Category))
	}
	if p.Damage != nil {
		add("damage", string(*p.Damage))
	}
	if p.DamagedOn != nil {
		add("damaged_on", *p.DamagedOn)
	} else if p.ClearDamagedOn {
		set = append(set, "damaged_on = NULL")
	}
	if p.EstimatedCost != nil {
		add("estimated_cost_minor", p.EstimatedCost.AmountMinor)
		add("currency", p.EstimatedCost.Currency)
	} else if p.ClearEstimatedCost {
		set = append(set, "estimated_cost_minor = NULL", "currency = NULL")
	}
	if p.Geometry != nil {
		g, err := wkbOf(p.Geometry)
		if err != nil {
			return site.Feature{}, fmt.Errorf("postgres: update site: %w", err)
		}
		args = append(args, g)
		set = append(set, fmt.Sprintf("geom = ST_SetSRID(ST_GeomFromWKB($%d), 4326)", len(args)))
	}
	names, err := db.hromadaNameTable(ctx)
	if err != nil {
		return site.Feature{}, err
	}
	where := "id = $1"
	if ifVersion > 0 {
		args = append(args, ifVersion)
		where += fmt.Sprintf(" AND version = $%d", len(args))
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return site.Feature{}, fmt.Errorf("postgres: update site: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	tag, err := tx.Exec(ctx, "UPDATE sites SET "+strings.Join(set, ", ")+" WHERE "+where, args...)
	if err != nil {
		return site.Feature{}, mapError(err, "geometry")
	}
	if tag.RowsAffected() == 0 {
		return site.Feature{}, db.missingOrStale(ctx, id)
	}
	f, err := findSite(ctx, tx, id, names)
	if err != nil {
		return site.Feature{}, err
	}
	return f, tx.Commit(ctx)
}

// DeleteSite removes a site; ifVersion > 0 requires that version.
func (db *DB) DeleteSite(ctx context.Context, id int64, ifVersion int) error {
	tag, err := db.pool.Exec(ctx, `DELETE FROM sites WHERE id = $1 AND ($2 = 0 OR version = $2)`, id, ifVersion)
	if err != nil {
		return fmt.Errorf("postgres: delete site %d: %w", id, mapError(err, "id"))
	}
	if tag.RowsAffected() == 0 {
		return db.missingOrStale(ctx, id)
	}
	return nil
}

// missingOrStale tells why a write by id and version touched no row.
func (db *DB) missingOrStale(ctx context.Context, id int64) error {
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sites WHERE id = $1)`, id).Scan(&exists); err != nil {
		return fmt.Errorf("postgres: site %d: %w", id, err)
	}
	if exists {
		return domain.ErrPreconditionFailed
	}
	return domain.ErrNotFound
}

// FindSites streams the sites that match f, in id order.
func (db *DB) FindSites(ctx context.Context, f site.Filter, emit func(id int64, feature []byte) error) (int, int64, error) {
	if err := db.checkUnits(ctx, f.Oblast, f.Hromada); err != nil {
		return 0, 0, err
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.BBox != nil {
		b := f.BBox
		env := fmt.Sprintf("ST_MakeEnvelope(%s, %s, %s, %s, 4326)", arg(b.Min[0]), arg(b.Min[1]), arg(b.Max[0]), arg(b.Max[1]))
		// For a point the index's box test is already exact; only a
		// footprint needs the (4x dearer, measured) exact test.
		where = append(where, "s.geom && "+env+" AND (GeometryType(s.geom) = 'POINT' OR ST_Intersects(s.geom, "+env+"))")
	}
	if f.Oblast != "" {
		where = append(where, "s.oblast_code = "+arg(f.Oblast))
	}
	if f.Hromada != "" {
		where = append(where, "s.hromada_code = "+arg(f.Hromada))
	}
	if len(f.Categories) > 0 {
		where = append(where, "s.category = ANY("+arg(strs(f.Categories))+")")
	}
	if len(f.Damages) > 0 {
		where = append(where, "s.damage = ANY("+arg(strs(f.Damages))+")")
	}
	if f.Q != "" {
		where = append(where, "(s.name || ' ' || s.description) ILIKE "+arg("%"+likeEscape(f.Q)+"%"))
	}
	if f.After > 0 {
		where = append(where, "s.id > "+arg(f.After))
	}
	// The page's ids first, then its rows: the ids often come from an
	// index alone (see migration 4), and only the page is read in full. As
	// an array, not a join, so the planner cannot trade the page's few
	// index lookups for a scan of the whole table.
	sql := `SELECT ` + siteColumns + siteFrom + `WHERE s.id = ANY(ARRAY(SELECT s.id FROM sites s`
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY s.id LIMIT " + arg(f.Limit) + `)) ORDER BY s.id`

	names, err := db.hromadaNameTable(ctx)
	if err != nil {
		return 0, 0, err
	}
	rows, err := db.pool.Query(ctx, sql, args...)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: find sites: %w", err)
	}
	defer rows.Close()
	n, last := 0, int64(0)
	var v site.Site
	var buf []byte
	for rows.Next() {
		if err := readSite(rows, &v, names); err != nil {
			return n, last, fmt.Errorf("postgres: find sites: %w", err)
		}
		// One buffer for every feature: emit writes it out before the next.
		buf = v.AppendGeoJSON(buf[:0])
		if err := emit(v.ID, buf); err != nil {
			return n, last, err
		}
		n, last = n+1, v.ID
	}
	if err := rows.Err(); err != nil {
		return n, last, fmt.Errorf("postgres: find sites: %w", err)
	}
	return n, last, nil
}

// checkUnits refuses filter codes that name no oblast or hromada, so that a
// typo gives a clear 400 instead of an empty map.
func (db *DB) checkUnits(ctx context.Context, oblast, hromada string) error {
	if oblast != "" {
		if ok, err := db.exists(ctx, `SELECT EXISTS (SELECT 1 FROM oblasts WHERE code = $1)`, oblast); err != nil || !ok {
			return orUnknown(err, "oblast", "no oblast has the code "+oblast, "немає області з кодом "+oblast)
		}
	}
	if hromada != "" {
		if ok, err := db.exists(ctx, `SELECT EXISTS (SELECT 1 FROM hromadas WHERE code = $1)`, hromada); err != nil || !ok {
			return orUnknown(err, "hromada", "no hromada has the code "+hromada, "немає громади з кодом "+hromada)
		}
	}
	return nil
}

func (db *DB) exists(ctx context.Context, sql string, arg any) (bool, error) {
	var ok bool
	err := db.pool.QueryRow(ctx, sql, arg).Scan(&ok)
	return ok, err
}

func orUnknown(err error, field, en, uk string) error {
	if err != nil {
		return fmt.Errorf("postgres: check %s: %w", field, err)
	}
	return domain.Invalid(field, en, uk)
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}

// likeEscape makes % and _ in a search text match themselves.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
