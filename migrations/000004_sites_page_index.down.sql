DROP INDEX IF EXISTS sites_id_geom_idx;
