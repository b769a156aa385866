package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/summary"
)

var _ summary.Store = (*DB)(nil)

// unitFeature is the GeoJSON Feature of an admin unit (alias u) with its
// bbox, label point, site counts and project money; $1 is the outline
// (see summary.Outline). The first %s is the unit's own properties, the second and
// third its site and project summaries (see unitSummaries).
const unitFeature = `'{"type":"Feature","id":"' || u.code || '","bbox":[' ||
  round(ST_XMin(u.geom)::numeric, 6) || ',' || round(ST_YMin(u.geom)::numeric, 6) || ',' ||
  round(ST_XMax(u.geom)::numeric, 6) || ',' || round(ST_YMax(u.geom)::numeric, 6) ||
  '],"geometry":' || CASE $1::text WHEN 'none' THEN 'null'
                                 ELSE ST_AsGeoJSON(CASE WHEN $1::text = 'light' THEN u.geom_simple ELSE u.geom END, 6) END ||
  ',"properties":' || (jsonb_build_object('code', u.code, 'pcode', u.pcode, 'name_uk', u.name_uk, 'name_en', u.name_en,
     'label_point', json_build_array(round(ST_X(u.label_point)::numeric, 6), round(ST_Y(u.label_point)::numeric, 6)))
   || %s || %s || %s)::text || '}'`

// FindOblasts streams every oblast with its counts.
func (db *DB) FindOblasts(ctx context.Context, o summary.Outline, f summary.Filter, emit func([]byte) error) error {
	args := argList{string(o)}
	with, sites, projects := unitSummaries("SELECT code FROM oblasts", f, args.add)
	sql := with + fmt.Sprintf(`SELECT `+unitFeature+` FROM oblasts u`+joins(f)+` ORDER BY u.code`,
		`jsonb_build_object('iso_3166_2', u.iso_3166_2, 'category', u.category)`, sites, projects)
	return db.streamUnits(ctx, sql, emit, args...)
}

// FindHromadas streams the hromadas of one oblast with their counts.
func (db *DB) FindHromadas(ctx context.Context, oblast string, o summary.Outline, f summary.Filter, emit func([]byte) error) error {
	ok, err := db.exists(ctx, `SELECT EXISTS (SELECT 1 FROM oblasts WHERE code = $1)`, oblast)
	if err != nil {
		return fmt.Errorf("postgres: find hromadas: %w", err)
	}
	if !ok {
		return domain.ErrNotFound
	}
	args := argList{string(o)}
	code := args.add(oblast)
	with, sites, projects := unitSummaries("SELECT code FROM hromadas WHERE oblast_code = "+code, f, args.add)
	sql := with + fmt.Sprintf(`SELECT `+unitFeature+` FROM hromadas u`+joins(f)+` WHERE u.oblast_code = `+code+` ORDER BY u.code`,
		`jsonb_build_object('category', u.category, 'hromada_type', u.hromada_type, 'oblast_code', u.oblast_code,
		 'raion_code', u.raion_code, 'raion_name_uk', u.raion_name_uk, 'raion_name_en', u.raion_name_en)`, sites, projects)
	return db.streamUnits(ctx, sql, emit, args...)
}

// unitSummaries gives the WITH clause and the two jsonb expressions of a
// unit's site and project summaries, in the shape of the functions
// site_summary and unit_summary (migrations 3 and 8): zeros included, in
// the order of the application's lists. Unfiltered, they are those
// functions over the kept totals. Filtered, the matching sites or
// projects are counted afresh for every unit of units at once (a whole
// scan of a million sites takes a second or so; the answer is cached
// until the data changes), each counted in its oblast and its hromada as
// the kept totals are.
func unitSummaries(units string, f summary.Filter, arg func(any) string) (with, sites, projects string) {
	cats, dams := arg(strs(site.Categories)), arg(strs(site.Damages))
	states, sectors := arg(strs(project.States)), arg(strs(project.Sectors))
	sites = "site_summary(u.code, " + cats + ", " + dams + ")"
	projects = "unit_summary(u.code, " + states + ", " + sectors + ")"
	var ctes []string
	if f.SitesFiltered() {
		sf := site.Filter{Categories: f.Site.Categories, Damages: f.Site.Damages, DamagedFrom: f.Site.DamagedFrom, DamagedTo: f.Site.DamagedTo}
		ctes = append(ctes, `units AS (`+units+`),
		sc AS (SELECT x.unit, s.category, s.damage, count(*) AS n
		       FROM sites s CROSS JOIN LATERAL (VALUES (s.oblast_code), (NULLIF(s.hromada_code, s.oblast_code))) x(unit)
		       WHERE x.unit IN (SELECT code FROM units)`+andAll(siteWhere(sf, arg))+`
		       GROUP BY 1, 2, 3),
		ss AS (SELECT u.code AS unit, jsonb_build_object('sites', coalesce((SELECT sum(n) FROM sc WHERE sc.unit = u.code), 0),
		         'by_category', (SELECT jsonb_object_agg(k, coalesce(n, 0)) FROM unnest(`+cats+`::text[]) k
		                         LEFT JOIN (SELECT category, sum(n) AS n FROM sc WHERE sc.unit = u.code GROUP BY 1) c ON c.category = k),
		         'by_damage', (SELECT jsonb_object_agg(k, coalesce(n, 0)) FROM unnest(`+dams+`::text[]) k
		                         LEFT JOIN (SELECT damage, sum(n) AS n FROM sc WHERE sc.unit = u.code GROUP BY 1) d ON d.damage = k)) AS j
		       FROM units u)`)
		sites = "fs.j"
	}
	if f.ProjectsFiltered() {
		pf := project.Filter{States: f.Project.States, Sectors: f.Project.Sectors, MinGapUAH: f.Project.MinGapUAH, Donor: f.Project.Donor}
		if len(ctes) == 0 {
			ctes = append(ctes, `units AS (`+units+`)`)
		}
		ctes = append(ctes, `pa AS (SELECT x.unit, p.state, p.sector, count(*) AS n,
		         sum(m.needed_uah) AS nu, sum(m.pledged_uah) AS pu, sum(m.committed_uah) AS cu, sum(m.disbursed_uah) AS du, sum(m.gap_uah) AS gu,
		         sum(m.needed_eur) AS ne, sum(m.pledged_eur) AS pe, sum(m.committed_eur) AS ce, sum(m.disbursed_eur) AS de, sum(m.gap_eur) AS ge
		       `+projectFrom+` CROSS JOIN LATERAL (VALUES (p.oblast_code), (NULLIF(p.hromada_code, p.oblast_code))) x(unit)
		       WHERE x.unit IN (SELECT code FROM units)`+andAll(projectWhere(pf, arg))+`
		       GROUP BY 1, 2, 3),
		ps AS (SELECT u.code AS unit, (SELECT jsonb_build_object(
		         'projects', coalesce(sum(n), 0),
		         'money', jsonb_build_object(
		           'UAH', jsonb_build_object('needed', coalesce(sum(nu), 0), 'pledged', coalesce(sum(pu), 0),
		             'committed', coalesce(sum(cu), 0), 'disbursed', coalesce(sum(du), 0), 'gap', coalesce(sum(gu), 0)),
		           'EUR', jsonb_build_object('needed', coalesce(sum(ne), 0), 'pledged', coalesce(sum(pe), 0),
		             'committed', coalesce(sum(ce), 0), 'disbursed', coalesce(sum(de), 0), 'gap', coalesce(sum(ge), 0))),
		         'projects_by_state', (SELECT jsonb_object_agg(k, (SELECT coalesce(sum(n), 0) FROM pa WHERE pa.unit = u.code AND pa.state = k))
		                               FROM unnest(`+states+`::text[]) k),
		         'projects_by_sector', (SELECT jsonb_object_agg(k, (SELECT coalesce(sum(n), 0) FROM pa WHERE pa.unit = u.code AND pa.sector = k))
		                               FROM unnest(`+sectors+`::text[]) k))
		       FROM pa WHERE pa.unit = u.code) AS j
		       FROM units u)`)
		projects = "fp.j"
	}
	if len(ctes) > 0 {
		with = "WITH " + strings.Join(ctes, ", ") + " "
	}
	return with, sites, projects
}

// joins brings the filtered summaries of unitSummaries to each unit u.
func joins(f summary.Filter) string {
	var j string
	if f.SitesFiltered() {
		j += " JOIN ss fs ON fs.unit = u.code"
	}
	if f.ProjectsFiltered() {
		j += " JOIN ps fp ON fp.unit = u.code"
	}
	return j
}

func (db *DB) streamUnits(ctx context.Context, sql string, emit func([]byte) error, args ...any) error {
	rows, err := db.pool.Query(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("postgres: find units: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := emit(rows.RawValues()[0]); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: find units: %w", err)
	}
	return nil
}

// SummaryVersion changes whenever a site count or an outline changes;
// reading it costs no lock and no scan.
func (db *DB) SummaryVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := db.pool.QueryRow(ctx, `SELECT last_value FROM site_counts_change`).Scan(&v); err != nil {
		return 0, fmt.Errorf("postgres: summary version: %w", err)
	}
	return v, nil
}
