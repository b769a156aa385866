-- pg_sites.sql -- the site list of GET /api/v1/sites?bbox=...&limit=...
-- straight in PostgreSQL, for pgbench: one row per feature, the feature
-- text built in SQL, as the server's FindSites query does. It is a
-- reference for what the database alone can serve; keep it in step with
-- internal/postgres/site.go when that query changes.
--
--   pgbench -n -c 32 -j 2 -T 10 -f pg_sites.sql \
--     -D x0=35.98 -D y0=49.74 -D x1=36.48 -D y1=50.24 -D lim=1000 "$DATABASE_URL"
SELECT s.id,
       '{"type":"Feature","id":' || s.id || ',"geometry":' || ST_AsGeoJSON(s.geom, 6)
       || ',"properties":' || json_build_object(
            'name', s.name, 'category', s.category, 'damage', s.damage, 'damaged_on', s.damaged_on,
            'description', s.description,
            'estimated_cost', CASE WHEN s.currency IS NULL THEN NULL
                                   ELSE json_build_object('amount_minor', s.estimated_cost_minor,
                                                          'currency', s.currency) END,
            'verification', s.verification, 'oblast_code', s.oblast_code,
            'hromada_code', s.hromada_code, 'hromada_name_uk', h.name_uk, 'hromada_name_en', h.name_en,
            'demo', s.demo, 'version', s.version, 'created_at', s.created_at,
            'updated_at', s.updated_at)::text || '}'
FROM sites s LEFT JOIN hromadas h ON h.code = s.hromada_code
WHERE ST_Intersects(s.geom, ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326))
ORDER BY s.id
LIMIT :lim;
