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
TRUNCATE sites, site_counts, idempotency_keys, history;
-- The synthetic sites were never created by anyone: they get no history
-- (a million "create" entries would double the load for nothing measured).
ALTER TABLE sites DISABLE TRIGGER sites_history_insert;
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

INSERT INTO sites (id, name, category, damage, damaged_on, estimated_cost_minor, currency, geom, demo)
SELECT d.id,
       d.name,
       CASE d.category WHEN 'school' THEN 'education' WHEN 'hospital' THEN 'health'
                       WHEN 'bridge' THEN 'transport' ELSE d.category END,
       (ARRAY['light', 'moderate', 'severe', 'destroyed'])[d.damage_level],
       d.reported_at::date,
       round(d.needed_uah * 100)::bigint,
       'UAH',
       d.geom,
       false
FROM :synth d JOIN bench_keep k USING (id)
ORDER BY d.id;

-- Explicit ids leave the identity behind; the next site created through the
-- API must not collide with a synthetic one.
SELECT setval(pg_get_serial_sequence('sites', 'id'), greatest((SELECT max(id) FROM sites), 1)) AS last_id \gset

ALTER TABLE sites ENABLE TRIGGER sites_history_insert;

INSERT INTO bench_dataset (sites, requested, dropped, source)
SELECT (SELECT count(*) FROM sites), :n, :dropped_outside_ukraine, 'synth.sql ' || :'synth';

COMMIT;

ANALYZE sites;
ANALYZE site_counts;
