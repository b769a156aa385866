-- load_sites.sql -- copies the synthetic table made by ../shared/bench/synth.sql
-- into the application's sites table, in one transaction, and records the
-- data set in bench_dataset so that a later run can skip all of this.
--
--   psql "$DATABASE_URL" -v n=1000000 -v synth=damaged_sites -f load_sites.sql
--
-- The sites_place trigger places every row from its geometry and refuses a
-- point more than 1 km outside Ukraine, which would abort the whole insert;
-- such points are dropped first and counted. Rows go in synth id order, so
-- the heap is not spatially clustered, as in the reference measurements.

\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;

BEGIN;

-- Another data set (or a half-finished one) goes first; site_counts is
-- derived from sites alone and TRUNCATE fires no row triggers.
TRUNCATE sites, site_counts, idempotency_keys, history, project_sites, project_milestones, funding, projects,
    organisations, project_money, unit_money, unit_project_counts, monthly_counts;
-- The synthetic data was never created by anyone: it gets no history (a
-- million "create" entries would double the load for nothing measured).
ALTER TABLE sites DISABLE TRIGGER sites_history_insert;
ALTER TABLE projects DISABLE TRIGGER projects_history_insert;
ALTER TABLE funding DISABLE TRIGGER funding_history_insert;
CREATE TABLE IF NOT EXISTS bench_dataset (
    sites        bigint NOT NULL,
    requested    bigint NOT NULL,
    dropped      bigint NOT NULL,
    source       text NOT NULL,
    load_seconds numeric,
    loaded_at    timestamptz NOT NULL DEFAULT now()
);
TRUNCATE bench_dataset;

-- A point inside an oblast part is surely placed; only the few others need
-- the full rule (a hromada or oblast within 1 km), which is dearer.
CREATE TEMP TABLE bench_keep ON COMMIT DROP AS
SELECT d.id
FROM :synth d
WHERE CASE WHEN EXISTS (SELECT 1 FROM admin_parts ap
                        WHERE ap.level = 1 AND ST_Intersects(ap.geom, d.geom))
           THEN true
           ELSE (locate_admin(d.geom)).oblast_code IS NOT NULL END;
ALTER TABLE bench_keep ADD PRIMARY KEY (id);

SELECT count(*) AS synth_rows,
       count(*) - (SELECT count(*) FROM bench_keep) AS dropped_outside_ukraine
FROM :synth \gset
\echo load_sites: :synth_rows synthetic sites, :dropped_outside_ukraine dropped as outside Ukraine

-- Sites of energy, water and transport are sensitive, as the API makes
-- them: the public sees them at their hromada's point.
INSERT INTO sites (id, name, category, damage, damaged_on, estimated_cost_minor, currency, geom, demo, sensitive)
SELECT d.id,
       d.name,
       CASE d.category WHEN 'school' THEN 'education' WHEN 'hospital' THEN 'health'
                       WHEN 'bridge' THEN 'transport' ELSE d.category END,
       (ARRAY['light', 'moderate', 'severe', 'destroyed'])[d.damage_level],
       d.reported_at::date,
       round(d.needed_uah * 100)::bigint,
       'UAH',
       d.geom,
       false,
       d.category IN ('energy', 'water', 'transport', 'bridge')
FROM :synth d JOIN bench_keep k USING (id)
ORDER BY d.id;

-- Explicit ids leave the identity behind; the next site created through the
-- API must not collide with a synthetic one.
SELECT setval(pg_get_serial_sequence('sites', 'id'), greatest((SELECT max(id) FROM sites), 1)) AS last_id \gset

-- Projects and funding at the scale of the issue: every ninth placed site
-- in a hromada becomes a project (about 100,000), each with a pledge, a
-- commitment and a disbursement (about 300,000 records) from ten donors.
-- Amounts are UAH, converted to EUR at a fixed synthetic 45 UAH per euro:
-- the bench measures the totals, not the conversion.
INSERT INTO organisations (name, kind, country, demo)
SELECT 'Bench donor ' || g, 'eu_municipality', 'PL', false FROM generate_series(1, 10) g;
INSERT INTO projects (id, title, sector, state, budget_minor, budget_currency, budget_uah_minor, budget_eur_minor,
                      hromada_code, oblast_code, geom)
SELECT s.id, 'Відновлення: ' || s.name, s.category,
       (ARRAY['seeking_funding', 'funded', 'in_progress', 'completed', 'draft', 'suspended', 'cancelled'])[1 + s.id % 7],
       s.estimated_cost_minor, 'UAH', s.estimated_cost_minor, s.estimated_cost_minor / 45, s.hromada_code, s.oblast_code, s.geom
FROM sites s WHERE s.hromada_code IS NOT NULL AND s.id % 9 = 0 AND GeometryType(s.geom) = 'POINT'
ORDER BY s.id LIMIT 100000;
SELECT setval(pg_get_serial_sequence('projects', 'id'), (SELECT max(id) FROM projects));
INSERT INTO project_sites (project_id, site_id) SELECT id, id FROM projects;
INSERT INTO funding (project_id, organisation_id, kind, amount_minor, currency, on_date, amount_uah_minor, amount_eur_minor)
SELECT p.id, o.id, k.kind, greatest(p.budget_minor * k.pct / 100, 1), 'UAH', DATE '2024-01-01' + (p.id % 600)::int,
       greatest(p.budget_minor * k.pct / 100, 1), greatest(p.budget_minor * k.pct / 100, 1) / 45
FROM projects p
JOIN organisations o ON o.name = 'Bench donor ' || (1 + p.id % 10)
CROSS JOIN (VALUES ('pledge', 20), ('commitment', 50), ('disbursement', 25)) k(kind, pct)
ORDER BY p.id;

ALTER TABLE sites ENABLE TRIGGER sites_history_insert;
ALTER TABLE projects ENABLE TRIGGER projects_history_insert;
ALTER TABLE funding ENABLE TRIGGER funding_history_insert;

INSERT INTO bench_dataset (sites, requested, dropped, source)
SELECT (SELECT count(*) FROM sites), :n, :dropped_outside_ukraine, 'synth.sql ' || :'synth';

COMMIT;

ANALYZE sites;
ANALYZE site_counts;
ANALYZE projects;
ANALYZE funding;
