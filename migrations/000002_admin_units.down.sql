DROP FUNCTION IF EXISTS locate_admin(geometry);
DROP TABLE IF EXISTS boundary_imports;
DROP TABLE IF EXISTS admin_parts;
DROP TABLE IF EXISTS hromadas;
DROP TABLE IF EXISTS oblasts;
