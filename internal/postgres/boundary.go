package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/boundary"
)

var _ boundary.Store = (*DB)(nil)

// Tolerances of the light copies, in degrees: about 1 km for oblasts seen
// at country zooms, about 200 m for hromadas seen at oblast zooms.
const (
	oblastSimplify  = 0.01
	hromadaSimplify = 0.002
)

// ImportBoundaries upserts the units by code in one transaction, rebuilds
// the light copies and the lookup pieces, and places existing sites again.
// Either all of it happens or nothing does.
func (db *DB) ImportBoundaries(ctx context.Context, oblasts, hromadas []boundary.Unit, checksum string) (boundary.ImportReport, error) {
	rep := boundary.ImportReport{Oblasts: len(oblasts), Hromadas: len(hromadas)}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck

	// One import at a time; a second waits and then finds nothing to do.
	if _, err := tx.Exec(ctx, `LOCK TABLE boundary_imports IN EXCLUSIVE MODE`); err != nil {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	var last string
	err = tx.QueryRow(ctx, `SELECT sha256 FROM boundary_imports ORDER BY id DESC LIMIT 1`).Scan(&last)
	if err != nil && err != pgx.ErrNoRows {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	if last == checksum {
		rep.Unchanged = true
		return rep, nil
	}

	if _, err := tx.Exec(ctx, `CREATE TEMP TABLE new_units (
		level smallint, code text, pcode text, category text, name_uk text, name_en text, iso text,
		oblast_code text, raion_code text, raion_name_uk text, raion_name_en text, hromada_type text,
		wkb bytea, geom geometry) ON COMMIT DROP`); err != nil {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	rows := make([][]any, 0, len(oblasts)+len(hromadas))
	for _, units := range [][]boundary.Unit{oblasts, hromadas} {
		for _, u := range units {
			g, err := wkbOf(u.Geometry)
			if err != nil {
				return rep, fmt.Errorf("%s %s: %w", u.Level, u.Code, err)
			}
			rows = append(rows, []any{int16(u.Level), u.Code, u.Pcode, u.Category, u.NameUK, u.NameEN, u.ISO3166,
				nullIfEmpty(u.OblastCode), nullIfEmpty(u.RaionCode), nullIfEmpty(u.RaionNameUK), nullIfEmpty(u.RaionNameEN),
				nullIfEmpty(u.HromadaType), g})
		}
	}
	cols := []string{"level", "code", "pcode", "category", "name_uk", "name_en", "iso", "oblast_code", "raion_code",
		"raion_name_uk", "raion_name_en", "hromada_type", "wkb"}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"new_units"}, cols, pgx.CopyFromRows(rows)); err != nil {
		return rep, fmt.Errorf("postgres: import boundaries: copy: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE new_units SET geom = ST_Multi(ST_SetSRID(ST_GeomFromWKB(wkb), 4326))`); err != nil {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}

	// Refuse what PostGIS would store but the map and the spatial join
	// would get wrong.
	var code, reason string
	err = tx.QueryRow(ctx, `SELECT code, ST_IsValidReason(geom) FROM new_units WHERE NOT ST_IsValid(geom) ORDER BY level, code LIMIT 1`).Scan(&code, &reason)
	if err == nil {
		return rep, fmt.Errorf("unit %s: the boundary is not a valid polygon: %s", code, reason)
	} else if err != pgx.ErrNoRows {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	err = tx.QueryRow(ctx, `SELECT h.code, h.oblast_code FROM new_units h
		WHERE h.level = 3 AND NOT EXISTS (SELECT 1 FROM new_units o WHERE o.level = 1 AND o.code = h.oblast_code)
		  AND NOT EXISTS (SELECT 1 FROM oblasts o WHERE o.code = h.oblast_code) LIMIT 1`).Scan(&code, &reason)
	if err == nil {
		return rep, fmt.Errorf("hromada %s: its oblast %s is in neither the oblasts file nor the database", code, reason)
	} else if err != pgx.ErrNoRows {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}

	// Simplifying each part alone can nest one island in another; the light
	// copy is made valid again so that the map and PostGIS both accept it.
	if _, err := tx.Exec(ctx, `CREATE FUNCTION pg_temp.light(g geometry, tolerance float8) RETURNS geometry
		LANGUAGE sql IMMUTABLE AS $$
		SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SimplifyPreserveTopology(g, tolerance)), 3)) $$`); err != nil {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	err = tx.QueryRow(ctx, `WITH up AS (
		INSERT INTO oblasts (code, pcode, iso_3166_2, category, name_uk, name_en, geom, geom_simple, label_point, updated_at)
		SELECT code, pcode, coalesce(iso, ''), category, name_uk, name_en, geom,
		       pg_temp.light(geom, $1), ST_PointOnSurface(geom), now()
		FROM new_units WHERE level = 1
		ON CONFLICT (code) DO UPDATE SET pcode = EXCLUDED.pcode, iso_3166_2 = EXCLUDED.iso_3166_2,
		    category = EXCLUDED.category, name_uk = EXCLUDED.name_uk, name_en = EXCLUDED.name_en, geom = EXCLUDED.geom,
		    geom_simple = EXCLUDED.geom_simple, label_point = EXCLUDED.label_point, updated_at = now()
		RETURNING (xmax = 0) AS inserted)
		SELECT count(*) FILTER (WHERE inserted) FROM up`, oblastSimplify).Scan(&rep.NewOblasts)
	if err != nil {
		return rep, fmt.Errorf("postgres: import oblasts: %w", err)
	}
	err = tx.QueryRow(ctx, `WITH up AS (
		INSERT INTO hromadas (code, pcode, category, name_uk, name_en, hromada_type, raion_code, raion_name_uk,
		                      raion_name_en, oblast_code, geom, geom_simple, label_point, updated_at)
		SELECT code, pcode, category, name_uk, name_en, hromada_type, raion_code, raion_name_uk, raion_name_en,
		       oblast_code, geom, pg_temp.light(geom, $1), ST_PointOnSurface(geom), now()
		FROM new_units WHERE level = 3
		ON CONFLICT (code) DO UPDATE SET pcode = EXCLUDED.pcode, category = EXCLUDED.category,
		    name_uk = EXCLUDED.name_uk, name_en = EXCLUDED.name_en, hromada_type = EXCLUDED.hromada_type,
		    raion_code = EXCLUDED.raion_code, raion_name_uk = EXCLUDED.raion_name_uk,
		    raion_name_en = EXCLUDED.raion_name_en, oblast_code = EXCLUDED.oblast_code, geom = EXCLUDED.geom,
		    geom_simple = EXCLUDED.geom_simple, label_point = EXCLUDED.label_point, updated_at = now()
		RETURNING (xmax = 0) AS inserted)
		SELECT count(*) FILTER (WHERE inserted) FROM up`, hromadaSimplify).Scan(&rep.NewHromadas)
	if err != nil {
		return rep, fmt.Errorf("postgres: import hromadas: %w", err)
	}

	for _, sql := range []string{
		`DELETE FROM admin_parts`,
		`INSERT INTO admin_parts (unit_code, level, geom) SELECT code, 1, ST_Subdivide(geom, 128) FROM oblasts`,
		`INSERT INTO admin_parts (unit_code, level, geom) SELECT code, 3, ST_Subdivide(geom, 128) FROM hromadas`,
		`ANALYZE admin_parts`,
	} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return rep, fmt.Errorf("postgres: import boundaries: lookup pieces: %w", err)
		}
	}
	// Sites are placed by the database; new boundaries place them anew.
	tag, err := tx.Exec(ctx, `UPDATE sites SET geom = geom`)
	if err != nil {
		return rep, fmt.Errorf("placing existing sites in the new boundaries: %w", mapError(err, "site geometry"))
	}
	rep.SitesPlaced = int(tag.RowsAffected())
	if _, err := tx.Exec(ctx, `SELECT nextval('site_counts_change')`); err != nil { // the outlines changed
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO boundary_imports (sha256, oblasts, hromadas) VALUES ($1, $2, $3)`,
		checksum, len(oblasts), len(hromadas)); err != nil {
		return rep, fmt.Errorf("postgres: import boundaries: %w", err)
	}
	return rep, tx.Commit(ctx)
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
