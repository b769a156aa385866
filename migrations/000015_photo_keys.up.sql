-- A photo's files are found by their key: an update's new photos are
-- written only if no row names their files yet, and a deleted draft's
-- files go only if no other row names them. Both look the key up.
CREATE INDEX photos_display_key_idx ON photos (display_key);
