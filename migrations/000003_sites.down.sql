DROP FUNCTION IF EXISTS site_summary(text, text[], text[]);
DROP TABLE IF EXISTS idempotency_keys;
DROP TABLE IF EXISTS sites;
DROP TABLE IF EXISTS site_counts;
DROP FUNCTION IF EXISTS site_counts_apply();
DROP SEQUENCE IF EXISTS site_counts_change;
DROP FUNCTION IF EXISTS sites_place();
