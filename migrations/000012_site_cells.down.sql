DROP TRIGGER site_cells_delete ON sites;
DROP TRIGGER site_cells_update ON sites;
DROP TRIGGER site_cells_insert ON sites;
DROP FUNCTION site_cells_apply();
DROP FUNCTION site_cell(geometry);
DROP TABLE site_cells;
