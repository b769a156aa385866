package postgres

import (
	"context"
	"fmt"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

var _ boundary.SummaryStore = (*DB)(nil)

// unitFeature is the GeoJSON Feature of an admin unit (alias u) with its
// bbox, label point, site counts and project money; $1 picks the light
// outline.
const unitFeature = `'{"type":"Feature","id":"' || u.code || '","bbox":[' ||
  round(ST_XMin(u.geom)::numeric, 6) || ',' || round(ST_YMin(u.geom)::numeric, 6) || ',' ||
  round(ST_XMax(u.geom)::numeric, 6) || ',' || round(ST_YMax(u.geom)::numeric, 6) ||
  '],"geometry":' || ST_AsGeoJSON(CASE WHEN $1 THEN u.geom_simple ELSE u.geom END, 6) ||
  ',"properties":' || (jsonb_build_object('code', u.code, 'pcode', u.pcode, 'name_uk', u.name_uk, 'name_en', u.name_en,
     'label_point', json_build_array(round(ST_X(u.label_point)::numeric, 6), round(ST_Y(u.label_point)::numeric, 6)))
   || %s || site_summary(u.code, $2, $3) || unit_summary(u.code, $4, $5))::text || '}'`

// FindOblasts streams every oblast with its counts.
func (db *DB) FindOblasts(ctx context.Context, simplified bool, emit func([]byte) error) error {
	sql := fmt.Sprintf(`SELECT `+unitFeature+` FROM oblasts u ORDER BY u.code`,
		`jsonb_build_object('iso_3166_2', u.iso_3166_2, 'category', u.category)`)
	return db.streamUnits(ctx, sql, emit, simplified)
}

// FindHromadas streams the hromadas of one oblast with their counts.
func (db *DB) FindHromadas(ctx context.Context, oblast string, simplified bool, emit func([]byte) error) error {
	ok, err := db.exists(ctx, `SELECT EXISTS (SELECT 1 FROM oblasts WHERE code = $1)`, oblast)
	if err != nil {
		return fmt.Errorf("postgres: find hromadas: %w", err)
	}
	if !ok {
		return domain.ErrNotFound
	}
	sql := fmt.Sprintf(`SELECT `+unitFeature+` FROM hromadas u WHERE u.oblast_code = $6 ORDER BY u.code`,
		`jsonb_build_object('category', u.category, 'hromada_type', u.hromada_type, 'oblast_code', u.oblast_code,
		 'raion_code', u.raion_code, 'raion_name_uk', u.raion_name_uk, 'raion_name_en', u.raion_name_en)`)
	return db.streamUnits(ctx, sql, emit, simplified, oblast)
}

func (db *DB) streamUnits(ctx context.Context, sql string, emit func([]byte) error, args ...any) error {
	args = append(args[:1:1], append([]any{strs(site.Categories), strs(site.Damages),
		strs(project.States), strs(project.Sectors)}, args[1:]...)...)
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
