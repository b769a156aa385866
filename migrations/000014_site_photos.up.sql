-- Photos of a damaged site, sent with its report or later. They are rows
-- of the one photos table, beside the progress updates' photos, so that
-- the rules of a photo (its renditions, sizes and hash) hold in one place
-- and one route serves every photo file. A photo belongs to exactly one
-- update or one site.
ALTER TABLE photos
    ALTER COLUMN update_id DROP NOT NULL,
    ADD COLUMN site_id bigint REFERENCES sites (id) ON DELETE CASCADE,
    ADD CONSTRAINT photos_one_owner CHECK (num_nonnulls(update_id, site_id) = 1),
    -- The same photo sent again to a site (a retry after a lost answer) is
    -- the photo it already has. The index also finds a site's photos.
    ADD CONSTRAINT photos_site_sha256_key UNIQUE (site_id, sha256),
    -- A site's photos are numbered from 0 without gaps: deleting one moves
    -- those after it up in one statement, checked at commit.
    ADD CONSTRAINT photos_site_position_key UNIQUE (site_id, position) DEFERRABLE INITIALLY DEFERRED;

-- A site's photos are part of its record: adding or removing some is an
-- update of the site in its history, one entry per statement, with the
-- ids of its photos before and after, {"photos": {"before": […], "after": […]}}.
-- The photos of a deleted site go with it; the site's own entry says so.
CREATE FUNCTION site_photos_history() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    who text := nullif(current_setting('vidbudova.actor', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO history (object_type, object_id, action, actor, changes)
        SELECT 'site', c.site_id, 'update', who, jsonb_build_object('photos', jsonb_build_object(
                   'before', coalesce((SELECT jsonb_agg(p.id ORDER BY p.position, p.id) FROM photos p
                                       WHERE p.site_id = c.site_id AND p.id NOT IN (SELECT n.id FROM new_rows n)), '[]'),
                   'after', coalesce((SELECT jsonb_agg(p.id ORDER BY p.position, p.id) FROM photos p
                                      WHERE p.site_id = c.site_id), '[]')))
        FROM (SELECT DISTINCT site_id FROM new_rows WHERE site_id IS NOT NULL) c
        ORDER BY c.site_id;
    ELSE
        INSERT INTO history (object_type, object_id, action, actor, changes)
        SELECT 'site', c.site_id, 'update', who, jsonb_build_object('photos', jsonb_build_object(
                   'before', (SELECT jsonb_agg(x.id ORDER BY x.position, x.id)
                              FROM (SELECT p.id, p.position FROM photos p WHERE p.site_id = c.site_id
                                    UNION ALL
                                    SELECT o.id, o.position FROM old_rows o WHERE o.site_id = c.site_id) x),
                   'after', coalesce((SELECT jsonb_agg(p.id ORDER BY p.position, p.id) FROM photos p
                                      WHERE p.site_id = c.site_id), '[]')))
        FROM (SELECT DISTINCT site_id FROM old_rows WHERE site_id IS NOT NULL) c
        WHERE EXISTS (SELECT 1 FROM sites s WHERE s.id = c.site_id)
        ORDER BY c.site_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER site_photos_history_insert AFTER INSERT ON photos
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION site_photos_history();
CREATE TRIGGER site_photos_history_delete AFTER DELETE ON photos
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION site_photos_history();
