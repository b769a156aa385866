DROP INDEX photos_display_key_idx;
