-- Every write to a public object appends who, when and what changed, with
-- the values before and after. Triggers write it, so no code path can
-- change a site or a project without leaving a trace. They are statement
-- triggers over transition tables, so a bulk change is one insert.
CREATE TABLE history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    object_type text NOT NULL,
    object_id   bigint NOT NULL,
    action      text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    -- The account that made the change, set per transaction by the server
    -- (SET LOCAL vidbudova.actor); empty until accounts exist.
    actor       text,
    at          timestamptz NOT NULL DEFAULT now(),
    changes     jsonb NOT NULL
);
CREATE INDEX history_object_idx ON history (object_type, object_id, id DESC);

-- history_fields is what of a row the history keeps: bookkeeping columns
-- that change on every write say nothing a reader needs, and a geometry
-- is kept as RFC 7946 GeoJSON (without the crs member PostGIS adds).
CREATE FUNCTION history_fields(j jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN j ? 'geom' THEN (j - 'geom') || jsonb_build_object('geometry', (j -> 'geom') - 'crs') ELSE j END
           - 'version' - 'updated_at' - 'created_at'
$$;

CREATE FUNCTION history_record() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    who text := nullif(current_setting('vidbudova.actor', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO history (object_type, object_id, action, actor, changes)
        SELECT TG_ARGV[0], n.id, 'create', who, history_fields(to_jsonb(n)) FROM new_rows n ORDER BY n.id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO history (object_type, object_id, action, actor, changes)
        SELECT TG_ARGV[0], o.id, 'delete', who, history_fields(to_jsonb(o)) FROM old_rows o ORDER BY o.id;
    ELSE
        INSERT INTO history (object_type, object_id, action, actor, changes)
        SELECT TG_ARGV[0], n.id, 'update', who, d.changes
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        CROSS JOIN LATERAL (
            SELECT jsonb_object_agg(ne.key, jsonb_build_object('before', oe.value, 'after', ne.value)) AS changes
            FROM jsonb_each(history_fields(to_jsonb(n))) ne
            JOIN jsonb_each(history_fields(to_jsonb(o))) oe ON oe.key = ne.key
            WHERE oe.value IS DISTINCT FROM ne.value) d
        WHERE d.changes IS NOT NULL
        ORDER BY n.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sites_history_insert AFTER INSERT ON sites
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_record('site');
CREATE TRIGGER sites_history_update AFTER UPDATE ON sites
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_record('site');
CREATE TRIGGER sites_history_delete AFTER DELETE ON sites
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION history_record('site');
