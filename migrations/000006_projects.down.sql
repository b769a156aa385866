DROP TABLE IF EXISTS project_milestones;
DROP TABLE IF EXISTS project_sites;
DROP TABLE IF EXISTS projects;
DROP FUNCTION IF EXISTS prozorro_ids_valid(text[]);
DROP TABLE IF EXISTS organisations;
