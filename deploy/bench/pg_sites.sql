-- pg_sites.sql -- the site list of GET /api/v1/sites?bbox=...&limit=...
-- straight in PostgreSQL, for pgbench: the same rows and columns the
-- server's FindSites reads (one row per site; the server encodes GeoJSON).
-- A reference for what the database alone can serve; keep it in step with
-- internal/postgres/site.go when that query changes.
--
--   pgbench -n -c 32 -j 2 -T 20 -f pg_sites.sql \
--     -D x0=35.98 -D y0=49.74 -D x1=36.48 -D y1=50.24 -D lim=1000 "$DATABASE_URL"
-- As the public sees them: where a site is sensitive, its public point.
SELECT s.id, s.name, s.description, s.category, s.damage, s.damaged_on,
       s.estimated_cost_minor, s.currency, s.verification, s.oblast_code, s.hromada_code,
       s.demo, s.version, s.created_at, s.updated_at, (s.public_geom)::bytea, s.sensitive, NOT NOT s.sensitive,
       s.verification_reason
FROM sites s
WHERE s.id = ANY(ARRAY(
  SELECT s.id FROM sites s
  WHERE s.public_geom && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326)
    AND (GeometryType(s.public_geom) = 'POINT' OR ST_Intersects(s.public_geom, ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4326)))
  ORDER BY s.id
  LIMIT :lim))
ORDER BY s.id;
