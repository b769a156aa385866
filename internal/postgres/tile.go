package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/tile"
)

var _ tile.Store = (*DB)(nil)

// Web Mercator: the world's half width in metres; 2^cellBits site_cells
// per axis (see migration 12), 8 per z12 tile; a tile of cells holds
// 2^cellsPerTile of them per axis.
const (
	mercatorHalf = 20037508.342789244
	cellBits     = 15
	cellsPerTile = 3
)

// Tile makes one vector tile in PostGIS. Every layer shows what the public
// sees: sites at their public place (a sensitive one at its hromada's
// point), and nothing of a site's name or description.
func (db *DB) Tile(ctx context.Context, l tile.Layer, c tile.Coord, f tile.Filter) ([]byte, error) {
	for _, u := range [][2]string{{f.Oblast, ""}, {f.Site.Oblast, f.Site.Hromada}, {f.Project.Oblast, f.Project.Hromada}} {
		if err := db.checkUnits(ctx, u[0], u[1]); err != nil {
			return nil, err
		}
	}
	args := argList{c.Z, c.X, c.Y}
	arg := args.add
	var sql string
	switch {
	case l == tile.Sites && c.Z >= tile.SitePointsFrom:
		sql = sitePointsTile(f.Site, arg)
	case l == tile.Sites:
		sql = siteCellsTile(c, f.Site, arg)
	case l == tile.Projects && c.Z >= tile.ProjectPointsFrom:
		sql = projectPointsTile(f.Project, arg)
	case l == tile.Projects:
		sql = projectHromadasTile(f.Project, arg)
	case l == tile.Oblasts:
		sql = unitsTile("oblasts", c.Z < 7, f, arg)
	case l == tile.Hromadas && c.Z >= tile.HromadasFrom:
		sql = unitsTile("hromadas", c.Z < 9, f, arg)
	default:
		return nil, nil // hromadas are too small to draw this far out
	}
	var mvt []byte
	if err := db.pool.QueryRow(ctx, sql, args...).Scan(&mvt); err != nil {
		return nil, fmt.Errorf("postgres: tile %s/%d/%d/%d: %w", l, c.Z, c.X, c.Y, err)
	}
	return mvt, nil
}

// tileBox is the tile ($1, $2, $3) in Web Mercator (env) and, with a
// margin of 64 of its 4096 units so that symbols on the edge are whole,
// in degrees (box), for the indexes on geometries in EPSG:4326.
const tileBox = `WITH b AS (SELECT ST_TileEnvelope($1, $2, $3) AS env,
	ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 0.015625), 4326) AS box) `

func andAll(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " AND " + strings.Join(conds, " AND ")
}

// column is one filter of a layer: a column and a value (a string, "" for
// none) or values ([]string, empty for none).
type column struct {
	name string
	v    any
}

// filters renders a layer's filters on the columns of alias.
func filters(arg func(any) string, alias string, cols ...column) []string {
	var w []string
	for _, c := range cols {
		switch v := c.v.(type) {
		case string:
			if v != "" {
				w = append(w, alias+c.name+" = "+arg(v))
			}
		case []string:
			if len(v) > 0 {
				w = append(w, alias+c.name+" = ANY("+arg(v)+")")
			}
		}
	}
	return w
}

// sitePointsTile: each site a point (or its footprint), with what the map
// colours it by; the popup asks for the rest by id.
func sitePointsTile(f site.Filter, arg func(any) string) string {
	return tileBox + `SELECT coalesce(ST_AsMVT(t, 'sites', 4096, 'geom', 'id'), '') FROM (
		SELECT s.id, s.category, s.damage, s.verification, s.sensitive,
		       ST_AsMVTGeom(ST_Transform(s.public_geom, 3857), b.env, 4096, 64, true) AS geom
		FROM sites s, b WHERE s.public_geom && b.box` + andAll(siteWhere(f, arg)) + `) t`
}

// siteCellsTile: 8 × 8 cells a tile (up to z12, where they are
// site_cells), each a point at its centre with the number of sites in it
// and their most common category. The counts are summed from site_cells,
// which keeps the filters' columns but not the date of damage: with a
// date, the sites in the tile are counted instead (seconds for a whole
// country of a million sites, once: the tile is then cached).
func siteCellsTile(c tile.Coord, f site.Filter, arg func(any) string) string {
	span := 1 << (cellBits - c.Z)                        // site_cells per tile and axis
	shift := strconv.Itoa(cellBits - cellsPerTile - c.Z) // site_cells are 2^shift times finer than these cells
	x0, y0 := c.X*span, c.Y*span
	size := 2 * mercatorHalf / float64(int(1)<<(c.Z+cellsPerTile))
	within := "cx BETWEEN " + arg(x0) + " AND " + arg(x0+span-1) + " AND cy BETWEEN " + arg(y0) + " AND " + arg(y0+span-1)
	var g string
	if f.DamagedFrom.IsZero() && f.DamagedTo.IsZero() {
		g = `g AS (
		SELECT cx >> ` + shift + ` AS gx, cy >> ` + shift + ` AS gy, category, sum(n) AS n
		FROM site_cells s WHERE ` + within + andAll(siteWhere(f, arg)) + `
		GROUP BY 1, 2, 3 HAVING sum(n) > 0)`
	} else {
		g = `g AS (
		SELECT cx >> ` + shift + ` AS gx, cy >> ` + shift + ` AS gy, category, count(*) AS n
		FROM sites s CROSS JOIN b CROSS JOIN LATERAL site_cell(s.public_geom)
		WHERE s.public_geom && b.box AND ` + within + andAll(siteWhere(f, arg)) + `
		GROUP BY 1, 2, 3)`
	}
	s, half := arg(size), strconv.FormatFloat(mercatorHalf, 'f', -1, 64)
	return tileBox + `, ` + g + `, c AS (
		SELECT gx, gy, sum(n)::bigint AS n, (array_agg(category ORDER BY n DESC, category))[1] AS category
		FROM g GROUP BY gx, gy
	)
	SELECT coalesce(ST_AsMVT(t, 'sites', 4096, 'geom'), '') FROM (
		SELECT c.n, c.category, ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(-` + half + ` + (c.gx + 0.5) * ` + s + `::float8,
		       ` + half + ` - (c.gy + 0.5) * ` + s + `::float8), 3857), ST_TileEnvelope($1, $2, $3)) AS geom
		FROM c) t`
}

// projectPointsTile: each project at its point (made of its sites' public
// places), with its state, sector, progress and funding gap.
func projectPointsTile(f project.Filter, arg func(any) string) string {
	return tileBox + `SELECT coalesce(ST_AsMVT(t, 'projects', 4096, 'geom', 'id'), '') FROM (
		SELECT p.id, p.state, p.sector, p.progress, m.gap_uah,
		       ST_AsMVTGeom(ST_Transform(p.geom, 3857), b.env, 4096, 64, true) AS geom
		` + projectFrom + `, b
		WHERE p.geom && b.box` + andAll(projectWhere(f, arg)) + `) t`
}

// projectHromadasTile: one point per hromada, where its name is drawn,
// with the number of its projects: from the counts the database keeps,
// or, with a gap or donor filter they do not hold, counted afresh (the
// projects are a few thousand rows, not a million).
func projectHromadasTile(f project.Filter, arg func(any) string) string {
	counts := `SELECT unit_code AS code, sum(n) AS n FROM unit_project_counts p
		WHERE true` + andAll(filters(arg, "p.", column{"state", strs(f.States)}, column{"sector", strs(f.Sectors)})) + `
		GROUP BY unit_code`
	if f.MinGapUAH > 0 || f.Donor > 0 {
		counts = `SELECT p.hromada_code AS code, count(*) AS n` + projectFrom + `
		WHERE true` + andAll(projectWhere(project.Filter{States: f.States, Sectors: f.Sectors, MinGapUAH: f.MinGapUAH, Donor: f.Donor}, arg)) + `
		GROUP BY p.hromada_code`
	}
	w := filters(arg, "h.", column{"oblast_code", f.Oblast}, column{"code", f.Hromada})
	return tileBox + `SELECT coalesce(ST_AsMVT(t, 'projects', 4096, 'geom'), '') FROM (
		SELECT h.code AS hromada_code, c.n::bigint AS n,
		       ST_AsMVTGeom(ST_Transform(h.label_point, 3857), b.env, 4096, 64, true) AS geom
		FROM hromadas h JOIN (` + counts + `) c ON c.code = h.code, b
		WHERE h.label_point && b.box AND c.n > 0` + andAll(w) + `) t`
}

// unitsTile: oblasts or hromadas as polygons (the light outlines when far
// out) with their names and totals.
func unitsTile(table string, simple bool, f tile.Filter, arg func(any) string) string {
	geom := "u.geom"
	if simple {
		geom = "u.geom_simple"
	}
	var w []string
	if f.Oblast != "" && table == "hromadas" {
		w = append(w, "u.oblast_code = "+arg(f.Oblast))
	}
	return tileBox + `SELECT coalesce(ST_AsMVT(t, '` + table + `', 4096, 'geom'), '') FROM (
		SELECT u.code, u.name_uk, u.name_en,
		       coalesce((SELECT sum(n) FROM site_counts sc WHERE sc.unit_code = u.code), 0)::bigint AS sites,
		       coalesce(m.projects, 0) AS projects, coalesce(m.needed_uah, 0) AS needed_uah, coalesce(m.gap_uah, 0) AS gap_uah,
		       ST_AsMVTGeom(ST_Transform(` + geom + `, 3857), b.env, 4096, 64, true) AS geom
		FROM ` + table + ` u LEFT JOIN unit_money m ON m.unit_code = u.code, b
		WHERE ` + geom + ` && b.box` + andAll(w) + `) t`
}
