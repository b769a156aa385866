package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/site"
)

// siteView is how the request's account sees sites: its
// account.ExactScope as SQL. Where it may not see a sensitive site
// exactly, the row carries the public point (see migration 11) and says
// so; readSite drops the name and description of such a row.
type siteView struct {
	geom  string // the geometry column the viewer gets
	exact string // true where the viewer sees the site as it is
}

func viewOf(ctx context.Context, arg func(any) string) siteView {
	sc := account.FromContext(ctx).ExactScope()
	switch {
	case sc.All:
		return siteView{geom: "s.geom", exact: "true"}
	case sc.None():
		return siteView{geom: "s.public_geom", exact: "NOT s.sensitive"}
	}
	exact := "coalesce(NOT s.sensitive OR s.oblast_code = ANY(" + arg(sc.Oblasts) + ") OR s.hromada_code = ANY(" +
		arg(sc.Hromadas) + "), false)"
	return siteView{geom: "CASE WHEN " + exact + " THEN s.geom ELSE s.public_geom END", exact: exact}
}

// columns are what a site's Feature is made of; site.Site's AppendGeoJSON
// writes it. The geometry comes as EWKB, which the server reads itself:
// PostGIS formats no text per site.
func (v siteView) columns() string {
	return `s.id, s.name, s.description, s.category, s.damage, s.damaged_on, s.estimated_cost_minor,
 s.currency, s.verification, s.oblast_code, s.hromada_code, s.demo, s.version,
 s.created_at, s.updated_at, (` + v.geom + `)::bytea, s.sensitive, NOT ` + v.exact + `, s.verification_reason`
}

const siteFrom = ` FROM sites s `

// argList collects bound values and names their placeholders.
type argList []any

func (a *argList) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

var _ site.Store = (*DB)(nil)

// wkbOf encodes a geometry for ST_GeomFromWKB.
func wkbOf(g orb.Geometry) ([]byte, error) {
	return wkb.Marshal(g)
}

// CreateSite stores a new site; with an idempotency key seen before it
// returns the site made then (created false) instead of another. The
// database places the site; only an account that may edit that place
// keeps it.
func (db *DB) CreateSite(ctx context.Context, d site.Draft, key *site.IdempotencyKey) (site.Feature, bool, error) {
	g, err := wkbOf(d.Geometry)
	if err != nil {
		return site.Feature{}, false, fmt.Errorf("postgres: create site: %w", err)
	}
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return site.Feature{}, false, err
	}
	tx, err := db.begin(ctx)
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
	u := account.FromContext(ctx)
	var id int64
	var at account.Place
	var hromada *string
	err = tx.QueryRow(ctx, `
		INSERT INTO sites (name, description, category, damage, damaged_on, estimated_cost_minor, currency, geom,
		                   sensitive, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_GeomFromWKB($8), 4326), $9, $10)
		RETURNING id, oblast_code, hromada_code`,
		d.Name, d.Description, string(d.Category), string(d.Damage), d.DamagedOn, cost, currency, g,
		d.Sensitive || site.SensitiveByDefault(d.Category), actorID(u)).Scan(&id, &at.Oblast, &hromada)
	if err != nil {
		return site.Feature{}, false, mapError(err, "geometry")
	}
	at.Hromada = deref(hromada)
	if err := u.MayEdit(at); err != nil {
		return site.Feature{}, false, err
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

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// FindSiteByID returns one site as the request's account may see it.
func (db *DB) FindSiteByID(ctx context.Context, id int64) (site.Feature, error) {
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return site.Feature{}, err
	}
	return findSite(ctx, db.pool, id, names)
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// findSite reads one site through q (the pool or a transaction); names
// must have been taken before q's connection was (see unitNameTable).
func findSite(ctx context.Context, q querier, id int64, names map[string]*unitName) (site.Feature, error) {
	args := argList{id}
	rows, err := q.Query(ctx, `SELECT `+viewOf(ctx, args.add).columns()+siteFrom+`WHERE s.id = $1`, args...)
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

// siteState is what the rules need of a stored site before a write.
type siteState struct {
	place     account.Place
	sensitive bool
	version   int
}

// lockSite reads a site's place for a write and holds its row until the
// transaction ends, so that the place checked is the place changed.
func lockSite(ctx context.Context, tx pgx.Tx, id int64) (siteState, error) {
	var st siteState
	var hromada *string
	err := tx.QueryRow(ctx, `SELECT oblast_code, hromada_code, sensitive, version FROM sites WHERE id = $1 FOR UPDATE`, id).
		Scan(&st.place.Oblast, &hromada, &st.sensitive, &st.version)
	if err != nil {
		return st, fmt.Errorf("postgres: site %d: %w", id, mapError(err, "id"))
	}
	st.place.Hromada = deref(hromada)
	return st, nil
}

// stale tells whether ifVersion (> 0) is not the stored version.
func (st siteState) stale(ifVersion int) bool { return ifVersion > 0 && ifVersion != st.version }

// UpdateSite applies a patch; ifVersion > 0 requires the stored version to
// match (If-Match). The account must be allowed to edit the site where it
// is and where the patch puts it; a change of the sensitive mark alone is
// decided by account.MayMarkSensitive.
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
	switch {
	case p.Sensitive != nil:
		add("sensitive", *p.Sensitive)
	case p.Category != nil && site.SensitiveByDefault(*p.Category):
		set = append(set, "sensitive = true")
	}
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return site.Feature{}, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return site.Feature{}, fmt.Errorf("postgres: update site: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	before, err := lockSite(ctx, tx, id)
	if err != nil {
		return site.Feature{}, err
	}
	u := account.FromContext(ctx)
	if !p.OnlySensitive() {
		if err := u.MayEdit(before.place); err != nil {
			return site.Feature{}, err
		}
	}
	if p.Sensitive != nil && *p.Sensitive != before.sensitive {
		if err := u.MayMarkSensitive(before.place, *p.Sensitive); err != nil {
			return site.Feature{}, err
		}
	}
	if before.stale(ifVersion) {
		return site.Feature{}, domain.ErrPreconditionFailed
	}
	var after account.Place
	var hromada *string
	err = tx.QueryRow(ctx, "UPDATE sites SET "+strings.Join(set, ", ")+" WHERE id = $1 RETURNING oblast_code, hromada_code",
		args...).Scan(&after.Oblast, &hromada)
	if err != nil {
		return site.Feature{}, mapError(err, "geometry")
	}
	after.Hromada = deref(hromada)
	if after != before.place {
		if err := u.MayEdit(after); err != nil {
			return site.Feature{}, err
		}
	}
	if after != before.place {
		// A project lies in one hromada; its sites stay there.
		var project *int64
		if err := tx.QueryRow(ctx, `SELECT min(ps.project_id) FROM project_sites ps JOIN projects p ON p.id = ps.project_id
			WHERE ps.site_id = $1 AND p.hromada_code IS DISTINCT FROM $2`, id, hromada).Scan(&project); err != nil {
			return site.Feature{}, fmt.Errorf("postgres: update site: %w", err)
		}
		if project != nil {
			return site.Feature{}, domain.Invalid("geometry",
				fmt.Sprintf("the site belongs to project %d in another hromada; a project's sites stay in its hromada", *project),
				fmt.Sprintf("об'єкт належить до проєкту %d в іншій громаді; об'єкти проєкту мають бути в його громаді", *project))
		}
	}
	if p.Geometry != nil || p.Sensitive != nil || p.Category != nil {
		if err := placeProjectsOf(ctx, tx, id); err != nil {
			return site.Feature{}, err
		}
	}
	f, err := findSite(ctx, tx, id, names)
	if err != nil {
		return site.Feature{}, err
	}
	return f, tx.Commit(ctx)
}

// placeProjectsOf moves the map points of the projects of a site whose
// public place may have changed.
func placeProjectsOf(ctx context.Context, tx pgx.Tx, siteID int64) error {
	_, err := tx.Exec(ctx, `UPDATE projects p SET geom = (SELECT ST_PointOnSurface(ST_Collect(s.public_geom))
		FROM project_sites ps JOIN sites s ON s.id = ps.site_id WHERE ps.project_id = p.id)
		WHERE p.id IN (SELECT project_id FROM project_sites WHERE site_id = $1)`, siteID)
	if err != nil {
		return fmt.Errorf("postgres: place projects of site %d: %w", siteID, err)
	}
	return nil
}

// DeleteSite removes a site; ifVersion > 0 requires that version.
func (db *DB) DeleteSite(ctx context.Context, id int64, ifVersion int) ([]photo.Photo, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: delete site: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	st, err := lockSite(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := account.FromContext(ctx).MayEdit(st.place); err != nil {
		return nil, err
	}
	if st.stale(ifVersion) {
		return nil, domain.ErrPreconditionFailed
	}
	// The photos go with the site (ON DELETE CASCADE); the lock keeps
	// their list from changing before the site goes.
	photos, err := sitePhotos(ctx, tx, id, "true")
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM sites WHERE id = $1`, id); err != nil {
		return nil, fmt.Errorf("postgres: delete site %d: %w", id, mapError(err, "id"))
	}
	return photos, tx.Commit(ctx)
}

// VerifySite records a moderator's decision on a site.
func (db *DB) VerifySite(ctx context.Context, id int64, v site.Verification, ifVersion int) (site.Feature, error) {
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return site.Feature{}, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return site.Feature{}, fmt.Errorf("postgres: verify site: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	st, err := lockSite(ctx, tx, id)
	if err != nil {
		return site.Feature{}, err
	}
	if err := account.FromContext(ctx).MayModerate(st.place); err != nil {
		return site.Feature{}, err
	}
	if st.stale(ifVersion) {
		return site.Feature{}, domain.ErrPreconditionFailed
	}
	_, err = tx.Exec(ctx, `UPDATE sites SET verification = $2, verification_reason = nullif($3, ''),
		version = version + 1, updated_at = now() WHERE id = $1`, id, v.Decision, strings.TrimSpace(v.Reason))
	if err != nil {
		return site.Feature{}, fmt.Errorf("postgres: verify site %d: %w", id, err)
	}
	f, err := findSite(ctx, tx, id, names)
	if err != nil {
		return site.Feature{}, err
	}
	return f, tx.Commit(ctx)
}

// FindSites streams the sites that match f, in id order, as the
// request's account may see them. The box and the text search look at
// what the viewer sees: a sensitive site is found at its public point,
// and not by words the viewer may not read.
func (db *DB) FindSites(ctx context.Context, f site.Filter, emit func(id int64, feature []byte) error) (int, int64, error) {
	if err := db.checkUnits(ctx, f.Oblast, f.Hromada); err != nil {
		return 0, 0, err
	}
	// One buffer for every feature: emit writes it out before the next.
	var buf []byte
	return db.findSites(ctx, f, func(v *site.Site) error {
		buf = v.AppendGeoJSON(buf[:0])
		return emit(v.ID, buf)
	})
}

// siteWhere is the conditions of a site list's place and kind filters,
// which every list of sites shares (the API's, the exports', the OGC
// API's). A box is tested against where the public sees a site; for a
// point the index's box test is already exact, only a footprint needs the
// (4x dearer, measured) exact test.
func siteWhere(f site.Filter, arg func(any) string) []string {
	var w []string
	if f.BBox != nil {
		env := envelope(f.BBox, arg)
		w = append(w, "s.public_geom && "+env+
			" AND (GeometryType(s.public_geom) = 'POINT' OR ST_Intersects(s.public_geom, "+env+"))")
	}
	if !f.DamagedFrom.IsZero() {
		w = append(w, "s.damaged_on >= "+arg(utcDay(f.DamagedFrom))+"::date")
	}
	if !f.DamagedTo.IsZero() {
		w = append(w, "s.damaged_on <= "+arg(utcDay(f.DamagedTo))+"::date")
	}
	return append(w, filters(arg, "s.", column{"oblast_code", f.Oblast}, column{"hromada_code", f.Hromada},
		column{"category", strs(f.Categories)}, column{"damage", strs(f.Damages)})...)
}

// findSites streams one page of FindSites (f.Limit sites after f.After)
// as sites: v and its text are valid until emit returns. The list and the
// exports share it, and with it the one query that applies the viewer's
// scope.
func (db *DB) findSites(ctx context.Context, f site.Filter, emit func(v *site.Site) error) (int, int64, error) {
	var args argList
	arg := args.add
	view := viewOf(ctx, arg)
	where := siteWhere(f, arg)
	if f.Q != "" {
		where = append(where, view.exact+" AND (s.name || ' ' || s.description) ILIKE "+arg("%"+likeEscape(f.Q)+"%"))
	}
	if f.After > 0 {
		where = append(where, "s.id > "+arg(f.After))
	}
	// The page's ids first, then its rows: the ids often come from an
	// index alone (see migrations 4 and 11), and only the page is read in
	// full. As an array, not a join, so the planner cannot trade the
	// page's few index lookups for a scan of the whole table.
	sql := `SELECT ` + view.columns() + siteFrom + `WHERE s.id = ANY(ARRAY(SELECT s.id FROM sites s`
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY s.id LIMIT " + arg(f.Limit) + `)) ORDER BY s.id`

	names, err := db.unitNameTable(ctx)
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
	for rows.Next() {
		if err := readSite(rows, &v, names); err != nil {
			return n, last, fmt.Errorf("postgres: find sites: %w", err)
		}
		if err := emit(&v); err != nil {
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
