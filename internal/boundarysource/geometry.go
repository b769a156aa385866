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

// Statements that turn the source polygons into a clean coverage, in
// temporary tables. Rather than clip polygons against each other one by one
// (which leaves slivers wherever a computed crossing is rounded), all rings
// are noded together once and polygonized into faces, and every face is
// given to exactly one polygon; neighbours then share their edges exactly.
//  1. bs_src: each polygon made valid, with a GiST index;
//  2. bs_face: the faces of all rings noded together on the gridSize grid
//     (snap-rounding, so every output coordinate is on that grid);
//  3. a face inside one or more polygons goes to the one of lowest rank;
//  4. a face inside none is a hole of the union: if smaller than
//     gapFillArea it goes to the neighbour with the longest common border,
//     otherwise (water) it stays empty;
//  5. bs_clean: the faces of each polygon dissolved, exterior rings
//     counter-clockwise (RFC 7946).
const (
	createSrcSQL = `CREATE TEMP TABLE bs_src (ord int PRIMARY KEY, rank int NOT NULL, g geometry NOT NULL) ON COMMIT DROP`
	insertSrcSQL = `
		INSERT INTO bs_src (ord, rank, g)
		SELECT t.ord, t.rank, ST_CollectionExtract(ST_MakeValid(ST_GeomFromGeoJSON(t.gj)), 3)
		FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS t(gj, rank, ord)`
	createFaceSQL = `CREATE TEMP TABLE bs_face (fid serial PRIMARY KEY, g geometry NOT NULL, owner int) ON COMMIT DROP`
	insertFaceSQL = `
		INSERT INTO bs_face (g)
		SELECT d.geom
		FROM (SELECT ST_Polygonize(n.g) AS g FROM (SELECT ST_Union(ST_Boundary(g), $1::float8) AS g FROM bs_src) n) p,
			LATERAL ST_Dump(p.g) d`
	ownFacesSQL = `
		UPDATE bs_face f SET owner = (
			SELECT s.ord FROM bs_src s
			WHERE ST_Intersects(s.g, ST_PointOnSurface(f.g))
			ORDER BY s.rank, s.ord
			LIMIT 1)`
	fillGapsSQL = `
		UPDATE bs_face f SET owner = n.owner
		FROM (
			SELECT DISTINCT ON (gap.fid) gap.fid, o.owner
			FROM bs_face gap
			JOIN bs_face o ON o.owner IS NOT NULL AND ST_Intersects(o.g, gap.g)
			WHERE gap.owner IS NULL AND ST_Area(gap.g::geography) < $1::float8
			ORDER BY gap.fid, ST_Length(ST_Intersection(gap.g, o.g)) DESC, o.owner
		) n
		WHERE f.fid = n.fid`
	createCleanSQL = `
		CREATE TEMP TABLE bs_clean ON COMMIT DROP AS
		SELECT owner AS ord, ST_ForcePolygonCCW(ST_Union(g)) AS g
		FROM bs_face
		WHERE owner IS NOT NULL
		GROUP BY owner`
	selectCleanSQL = `
		SELECT s.ord, c.g IS NULL OR ST_IsEmpty(c.g), COALESCE(ST_AsGeoJSON(c.g, 6, 0), '')
		FROM bs_src s LEFT JOIN bs_clean c USING (ord)
		ORDER BY s.ord`
	dissolveSQL = `
		SELECT k.key, ST_AsGeoJSON(ST_ForcePolygonCCW(ST_ReducePrecision(ST_Union(c.g), $2::float8)), 6, 0)
		FROM unnest($1::text[]) WITH ORDINALITY AS k(key, ord)
		JOIN bs_clean c USING (ord)
		GROUP BY k.key
		ORDER BY k.key`
)

// cleanAndDissolve cleans geoms (rank decides who keeps an overlap: lower
// wins; ties go to the earlier polygon) and returns one RFC 7946 geometry per input, in input order, and the
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
		{createFaceSQL, nil},
		{insertFaceSQL, []any{gridSize}},
		{`CREATE INDEX ON bs_face USING gist (g)`, nil},
		{`ANALYZE bs_face`, nil},
		{ownFacesSQL, nil},
		{fillGapsSQL, []any{gapFillArea}},
		{createCleanSQL, nil},
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
