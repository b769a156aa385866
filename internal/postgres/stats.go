package postgres

import (
	"context"
	"fmt"

	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// national is the unit of the national rows of monthly_counts: the
// country's code, which no oblast or hromada has.
const national = "UA"

// Stats gives the totals and the monthly series as JSON, of the whole
// country (oblast and hromada empty), of one oblast or of one hromada:
// the counts the triggers keep per unit (the country's totals summed over
// the 27 oblasts), never a scan of the sites, projects or funding
// themselves. A code no unit has is a *domain.ValidationError naming the
// oblast or the hromada.
func (db *DB) Stats(ctx context.Context, oblast, hromada string) ([]byte, error) {
	if err := db.checkUnits(ctx, oblast, hromada); err != nil {
		return nil, err
	}
	unit := national
	if hromada != "" {
		unit = hromada
	} else if oblast != "" {
		unit = oblast
	}
	var out []byte
	err := db.pool.QueryRow(ctx, `
		WITH o AS (SELECT code FROM oblasts WHERE $5::text = 'UA' UNION ALL SELECT $5::text WHERE $5::text <> 'UA'),
		m AS (SELECT coalesce(sum(projects), 0) AS projects,
		             coalesce(sum(needed_uah), 0) AS nu, coalesce(sum(needed_eur), 0) AS ne,
		             coalesce(sum(pledged_uah), 0) AS pu, coalesce(sum(pledged_eur), 0) AS pe,
		             coalesce(sum(committed_uah), 0) AS cu, coalesce(sum(committed_eur), 0) AS ce,
		             coalesce(sum(disbursed_uah), 0) AS du, coalesce(sum(disbursed_eur), 0) AS de,
		             coalesce(sum(gap_uah), 0) AS gu, coalesce(sum(gap_eur), 0) AS ge
		      FROM unit_money WHERE unit_code IN (SELECT code FROM o))
		SELECT jsonb_build_object(
		  'sites', (SELECT coalesce(sum(n), 0) FROM site_counts WHERE unit_code IN (SELECT code FROM o)),
		  'by_category', (SELECT jsonb_object_agg(c, (SELECT coalesce(sum(n), 0) FROM site_counts
		                    WHERE unit_code IN (SELECT code FROM o) AND category = c)) FROM unnest($1::text[]) c),
		  'by_damage', (SELECT jsonb_object_agg(d, (SELECT coalesce(sum(n), 0) FROM site_counts
		                    WHERE unit_code IN (SELECT code FROM o) AND damage = d)) FROM unnest($2::text[]) d),
		  'projects', m.projects,
		  'projects_by_state', (SELECT jsonb_object_agg(st, (SELECT coalesce(sum(n), 0) FROM unit_project_counts
		                    WHERE unit_code IN (SELECT code FROM o) AND state = st)) FROM unnest($3::text[]) st),
		  'projects_by_sector', (SELECT jsonb_object_agg(se, (SELECT coalesce(sum(n), 0) FROM unit_project_counts
		                    WHERE unit_code IN (SELECT code FROM o) AND sector = se)) FROM unnest($4::text[]) se),
		  'money', jsonb_build_object(
		    'UAH', jsonb_build_object('needed', m.nu, 'pledged', m.pu, 'committed', m.cu, 'disbursed', m.du, 'gap', m.gu),
		    'EUR', jsonb_build_object('needed', m.ne, 'pledged', m.pe, 'committed', m.ce, 'disbursed', m.de, 'gap', m.ge)),
		  'monthly', (SELECT coalesce(jsonb_agg(jsonb_build_object('month', to_char(month, 'YYYY-MM'),
		                'damaged', damaged, 'funded', funded, 'completed', completed) ORDER BY month), '[]')
		              FROM (SELECT month, coalesce(sum(n) FILTER (WHERE metric = 'damaged'), 0) AS damaged,
		                           coalesce(sum(n) FILTER (WHERE metric = 'funded'), 0) AS funded,
		                           coalesce(sum(n) FILTER (WHERE metric = 'completed'), 0) AS completed
		                    FROM monthly_counts WHERE unit_code = $5 GROUP BY month HAVING sum(abs(n)) > 0) x))::text
		FROM m`, strs(site.Categories), strs(site.Damages), strs(project.States), strs(project.Sectors), unit).Scan(&out)
	if err != nil {
		return nil, fmt.Errorf("postgres: stats of %s: %w", unit, err)
	}
	return out, nil
}
