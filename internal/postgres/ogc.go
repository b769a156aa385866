package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// The OGC API reads pages by offset, with the number of features that
// match, where the map's lists use keyset cursors. Each page and its count
// are read in one snapshot, so that numberMatched agrees with the page.

// readSnapshot begins a read-only transaction that sees one snapshot.
func (db *DB) readSnapshot(ctx context.Context) (pgx.Tx, error) {
	return db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
}

// envelope is the SQL of a bounding box as a PostGIS envelope.
func envelope(b *orb.Bound, arg func(any) string) string {
	return fmt.Sprintf("ST_MakeEnvelope(%s, %s, %s, %s, 4326)", arg(b.Min[0]), arg(b.Min[1]), arg(b.Max[0]), arg(b.Max[1]))
}

// FindSitesPage streams the sites that match f (its Limit; After and Q
// are not used), in id order from offset on, as the request's account
// may see them, and returns how many match in all. verifications keeps
// sites in those states. The place and the words follow FindSites: a
// sensitive site is found by a box at its public point only.
func (db *DB) FindSitesPage(ctx context.Context, f site.Filter, verifications []string, offset int,
	emit func(feature []byte) error) (int64, error) {
	if err := db.checkUnits(ctx, f.Oblast, f.Hromada); err != nil {
		return 0, err
	}
	var args argList
	arg := args.add
	view := viewOf(ctx, arg)
	where := siteWhere(f, arg)
	if len(verifications) > 0 {
		where = append(where, "s.verification = ANY("+arg(verifications)+")")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	count, countArgs := `SELECT count(*) FROM sites s`+cond, len(args)
	// As in FindSites: the page's ids first, then only its rows in full.
	page := `SELECT ` + view.columns() + siteFrom + `WHERE s.id = ANY(ARRAY(SELECT s.id FROM sites s` + cond +
		` ORDER BY s.id LIMIT ` + arg(f.Limit) + ` OFFSET ` + arg(offset) + `)) ORDER BY s.id`

	names, err := db.unitNameTable(ctx)
	if err != nil {
		return 0, err
	}
	tx, err := db.readSnapshot(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: find sites page: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	rows, err := tx.Query(ctx, page, args...)
	if err != nil {
		return 0, fmt.Errorf("postgres: find sites page: %w", err)
	}
	var v site.Site
	var buf []byte
	for rows.Next() {
		if err := readSite(rows, &v, names); err != nil {
			rows.Close()
			return 0, fmt.Errorf("postgres: find sites page: %w", err)
		}
		buf = v.AppendGeoJSON(buf[:0])
		if err := emit(buf); err != nil {
			rows.Close()
			return 0, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("postgres: find sites page: %w", err)
	}
	return matched(ctx, tx, count, args[:countArgs])
}

// FindProjectsPage streams the projects that match f (its Limit; After,
// Q and Sort are not used) in id order from offset on,
// as the list shows them, and returns how many match in all. A project
// spans its record's life, from created_at to updated_at; from and to
// (zero: open) keep those whose span meets theirs.
func (db *DB) FindProjectsPage(ctx context.Context, f project.Filter, from, to time.Time, offset int,
	emit func(feature []byte) error) (int64, error) {
	if err := db.checkUnits(ctx, f.Oblast, f.Hromada); err != nil {
		return 0, err
	}
	var args argList
	arg := args.add
	where := projectWhere(f, arg)
	if !from.IsZero() {
		where = append(where, "p.updated_at >= "+arg(from))
	}
	if !to.IsZero() {
		where = append(where, "p.created_at <= "+arg(to))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	count, countArgs := `SELECT count(*)`+projectFrom+cond, len(args)
	page := `SELECT ` + projectColumns + projectFrom + cond + ` ORDER BY p.id LIMIT ` + arg(f.Limit) + ` OFFSET ` + arg(offset)

	names, err := db.unitNameTable(ctx)
	if err != nil {
		return 0, err
	}
	tx, err := db.readSnapshot(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: find projects page: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	rows, err := tx.Query(ctx, page, args...)
	if err != nil {
		return 0, fmt.Errorf("postgres: find projects page: %w", err)
	}
	var v project.Project
	var buf []byte
	for rows.Next() {
		if err := scanProject(rows, &v, names, false); err != nil {
			rows.Close()
			return 0, fmt.Errorf("postgres: find projects page: %w", err)
		}
		if buf, err = v.AppendGeoJSON(buf[:0], false); err != nil {
			rows.Close()
			return 0, fmt.Errorf("postgres: find projects page: %w", err)
		}
		if err := emit(buf); err != nil {
			rows.Close()
			return 0, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("postgres: find projects page: %w", err)
	}
	return matched(ctx, tx, count, args[:countArgs])
}

func matched(ctx context.Context, tx pgx.Tx, sql string, args []any) (int64, error) {
	var n int64
	if err := tx.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count: %w", err)
	}
	return n, nil
}

// unitOutline is the GeoJSON Feature of an oblast or hromada (alias u):
// its code as the id, its light outline (geom_simple, about 1 km or
// 200 m), its names and codes.
func unitOutline(level boundary.Level) string {
	props := `'code', u.code, 'pcode', u.pcode, 'name_uk', u.name_uk, 'name_en', u.name_en, 'category', u.category`
	if level == boundary.Oblast {
		props += `, 'iso_3166_2', u.iso_3166_2`
	} else {
		props += `, 'hromada_type', u.hromada_type, 'oblast_code', u.oblast_code, 'raion_code', u.raion_code,
			'raion_name_uk', u.raion_name_uk, 'raion_name_en', u.raion_name_en`
	}
	return `'{"type":"Feature","id":' || to_json(u.code)::text || ',"geometry":' || ST_AsGeoJSON(u.geom_simple, 6) ||
		',"properties":' || json_build_object(` + props + `)::text || '}'`
}

func unitTable(level boundary.Level) string {
	if level == boundary.Oblast {
		return "oblasts u"
	}
	return "hromadas u"
}

// FindUnitsPage streams the oblasts or hromadas in code order from
// offset on, limit of them, and returns how many match in all. oblast
// (hromadas only; an unknown one is a *domain.ValidationError) and bbox
// narrow them.
func (db *DB) FindUnitsPage(ctx context.Context, level boundary.Level, oblast string, bbox *orb.Bound, limit, offset int,
	emit func(feature []byte) error) (int64, error) {
	if level == boundary.Hromada {
		if err := db.checkUnits(ctx, oblast, ""); err != nil {
			return 0, err
		}
	}
	var where []string
	var args argList
	arg := args.add
	if bbox != nil {
		env := envelope(bbox, arg)
		where = append(where, "u.geom_simple && "+env+" AND ST_Intersects(u.geom_simple, "+env+")")
	}
	if oblast != "" && level == boundary.Hromada {
		where = append(where, "u.oblast_code = "+arg(oblast))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	count, countArgs := `SELECT count(*) FROM `+unitTable(level)+cond, len(args)
	page := `SELECT ` + unitOutline(level) + ` FROM ` + unitTable(level) + cond +
		` ORDER BY u.code LIMIT ` + arg(limit) + ` OFFSET ` + arg(offset)

	tx, err := db.readSnapshot(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: find %ss page: %w", level, err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read only
	rows, err := tx.Query(ctx, page, args...)
	if err != nil {
		return 0, fmt.Errorf("postgres: find %ss page: %w", level, err)
	}
	for rows.Next() {
		if err := emit(rows.RawValues()[0]); err != nil {
			rows.Close()
			return 0, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("postgres: find %ss page: %w", level, err)
	}
	return matched(ctx, tx, count, args[:countArgs])
}

// FindUnitByCode returns one oblast or hromada as FindUnitsPage writes
// it, or domain.ErrNotFound.
func (db *DB) FindUnitByCode(ctx context.Context, level boundary.Level, code string) ([]byte, error) {
	var b []byte
	err := db.pool.QueryRow(ctx, `SELECT `+unitOutline(level)+` FROM `+unitTable(level)+` WHERE u.code = $1`, code).Scan(&b)
	if err != nil {
		return nil, fmt.Errorf("postgres: find %s %s: %w", level, code, mapError(err, ""))
	}
	return b, nil
}
