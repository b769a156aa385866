package boundarysource

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Querier is what Build needs of the database: *pgxpool.Pool, *pgx.Conn and
// pgx.Tx all have it. The database must have the postgis extension (3.1 or
// later, for ST_ReducePrecision). Build works in one transaction on
// temporary tables and rolls it back, so it leaves nothing behind.
type Querier interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// gapFillArea is the largest hole in the union of all polygons (m²) that is
// treated as a digitising gap. The shared build was run with mapshaper's
// gap-fill-area=5km2, yet its output also has a 70 km² gap north-east of
// Zaporizhzhia filled (into Petro-Mykhailivska); the three holes that are
// water (the former Kakhovka reservoir, the Dnipro by Kherson, the Molochnyi
// estuary) are all larger than 120 km². 100 km² reproduces that result.
const gapFillArea = 100e6

// gridSize is the coordinate precision of the output, 1e-6° ≈ 0.1 m; the
// source itself is rounded to 1e-4°.
const gridSize = 1e-6

// Statements that clean the source polygons in temporary tables, in order:
//  1. bs_src: each polygon made valid, with a GiST index;
//  2. bs_clipped: each overlap left to the polygon of lower rank (ST_Relate
//     '2********' leaves out neighbours that only touch);
//  3. bs_hole: the enclosed holes of the union smaller than gapFillArea;
//  4. bs_clean: every hole given to the neighbour with the longest common
//     border, then coordinates put on the gridSize grid (ST_ReducePrecision
//     keeps them valid) and exterior rings turned counter-clockwise (RFC 7946).
const (
	createSrcSQL = `CREATE TEMP TABLE bs_src (ord int PRIMARY KEY, rank int NOT NULL, g geometry NOT NULL) ON COMMIT DROP`
	insertSrcSQL = `
		INSERT INTO bs_src (ord, rank, g)
		SELECT t.ord, t.rank, ST_CollectionExtract(ST_MakeValid(ST_GeomFromGeoJSON(t.gj)), 3)
		FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(gj, rank, ord)`
	clipSQL = `
		CREATE TEMP TABLE bs_clipped ON COMMIT DROP AS
		SELECT a.ord, COALESCE(ST_CollectionExtract(ST_Difference(a.g, o.g), 3), a.g) AS g
		FROM bs_src a
		LEFT JOIN LATERAL (
			SELECT ST_Union(b.g) AS g
			FROM bs_src b
			WHERE b.g && a.g AND b.rank < a.rank AND ST_Relate(a.g, b.g, '2********')
		) o ON true`
	createHoleSQL = `CREATE TEMP TABLE bs_hole (hid serial PRIMARY KEY, g geometry NOT NULL) ON COMMIT DROP`
	insertHoleSQL = `
		INSERT INTO bs_hole (g)
		SELECT r.geom
		FROM (SELECT ST_Union(g) AS g FROM bs_clipped) u,
			LATERAL ST_Dump(u.g) p,
			LATERAL ST_DumpRings(p.geom) r
		WHERE r.path[1] > 0 AND ST_Area(r.geom::geography) < $1::float8`
	createCleanSQL = `CREATE TEMP TABLE bs_clean (ord int PRIMARY KEY, g geometry NOT NULL) ON COMMIT DROP`
	insertCleanSQL = `
		INSERT INTO bs_clean (ord, g)
		SELECT c.ord, ST_ForcePolygonCCW(ST_ReducePrecision(
			CASE WHEN f.g IS NULL THEN c.g ELSE ST_Union(c.g, f.g) END, $1::float8))
		FROM bs_clipped c
		LEFT JOIN (
			SELECT ord, ST_Union(g) AS g
			FROM (
				SELECT DISTINCT ON (h.hid) h.hid, c.ord, h.g
				FROM bs_hole h
				JOIN bs_clipped c ON c.g && h.g AND ST_Intersects(c.g, h.g)
				ORDER BY h.hid, ST_Length(ST_Intersection(ST_Boundary(h.g), c.g)) DESC, c.ord
			) owner
			GROUP BY ord
		) f USING (ord)`
	selectCleanSQL = `SELECT ord, ST_IsEmpty(g), ST_AsGeoJSON(g, 6, 0) FROM bs_clean ORDER BY ord`
	dissolveSQL    = `
		SELECT k.key, ST_AsGeoJSON(ST_ForcePolygonCCW(ST_ReducePrecision(ST_Union(c.g), $2::float8)), 6, 0)
		FROM unnest($1::text[]) WITH ORDINALITY AS k(key, ord)
		JOIN bs_clean c USING (ord)
		GROUP BY k.key
		ORDER BY k.key`
)

// cleanAndDissolve cleans geoms (rank decides who keeps an overlap: lower
// wins) and returns one RFC 7946 geometry per input, in input order, and the
// union of the cleaned geometries per key (keys[i] belongs to geoms[i]).
func cleanAndDissolve(ctx context.Context, db Querier, geoms []string, rank []int32, keys []string) ([]string, map[string]string, error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("boundarysource: geometry: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // only temporary tables to drop

	steps := []struct {
		sql  string
		args []any
	}{
		{createSrcSQL, nil},
		{insertSrcSQL, []any{geoms, rank}},
		{`CREATE INDEX ON bs_src USING gist (g)`, nil},
		{`ANALYZE bs_src`, nil},
		{clipSQL, nil},
		{`CREATE INDEX ON bs_clipped USING gist (g)`, nil},
		{`ANALYZE bs_clipped`, nil},
		{createHoleSQL, nil},
		{insertHoleSQL, []any{gapFillArea}},
		{createCleanSQL, nil},
		{insertCleanSQL, []any{gridSize}},
	}
	for i, s := range steps {
		if _, err := tx.Exec(ctx, s.sql, s.args...); err != nil {
			return nil, nil, fmt.Errorf("boundarysource: geometry step %d: %w", i+1, err)
		}
	}

	cleaned := make([]string, 0, len(geoms))
	rows, err := tx.Query(ctx, selectCleanSQL)
	if err != nil {
		return nil, nil, fmt.Errorf("boundarysource: geometry: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			ord   int32
			empty bool
			gj    string
		)
		if err := rows.Scan(&ord, &empty, &gj); err != nil {
			return nil, nil, fmt.Errorf("boundarysource: geometry: %w", err)
		}
		if empty {
			return nil, nil, fmt.Errorf("boundarysource: geometry: source polygon %d vanished", ord-1)
		}
		cleaned = append(cleaned, gj)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("boundarysource: geometry: %w", err)
	}
	if len(cleaned) != len(geoms) {
		return nil, nil, fmt.Errorf("boundarysource: geometry: %d polygons in, %d out", len(geoms), len(cleaned))
	}

	rows, err = tx.Query(ctx, dissolveSQL, keys, gridSize)
	if err != nil {
		return nil, nil, fmt.Errorf("boundarysource: dissolve: %w", err)
	}
	defer rows.Close()
	dissolved := make(map[string]string)
	for rows.Next() {
		var key, gj string
		if err := rows.Scan(&key, &gj); err != nil {
			return nil, nil, fmt.Errorf("boundarysource: dissolve: %w", err)
		}
		dissolved[key] = gj
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("boundarysource: dissolve: %w", err)
	}
	return cleaned, dissolved, nil
}
