DROP TRIGGER site_photos_history_delete ON photos;
DROP TRIGGER site_photos_history_insert ON photos;
DROP FUNCTION site_photos_history();
DELETE FROM photos WHERE site_id IS NOT NULL;
ALTER TABLE photos
    DROP CONSTRAINT photos_site_position_key,
    DROP CONSTRAINT photos_site_sha256_key,
    DROP CONSTRAINT photos_one_owner,
    DROP COLUMN site_id,
    ALTER COLUMN update_id SET NOT NULL;
