DROP TRIGGER IF EXISTS sites_history_insert ON sites;
DROP TRIGGER IF EXISTS sites_history_update ON sites;
DROP TRIGGER IF EXISTS sites_history_delete ON sites;
DROP FUNCTION IF EXISTS history_record();
DROP FUNCTION IF EXISTS history_fields(jsonb);
DROP TABLE IF EXISTS history;
