-- PostGIS does every geometry operation; pg_trgm makes the free-text site
-- search (q=) use an index instead of scanning every description.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
