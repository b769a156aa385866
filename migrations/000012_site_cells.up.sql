-- Counts of sites in small squares of the Web Mercator grid, for the map's
-- tiles at small zooms: a tile of z6 covers a quarter of Ukraine and up to a
-- million sites, which no map wants as points and no server draws fast.
-- A cell is 1/32768 of the world's width: an eighth of a z12 tile, about
-- 0.8 km over Ukraine. Coarser cells are sums of these (x >> k, y >> k).
-- Kept up to date by statement triggers, from where the public sees each
-- site (public_geom), so a sensitive site is counted at its hromada's point.
CREATE TABLE site_cells (
    cx           integer NOT NULL,
    cy           integer NOT NULL,
    oblast_code  text NOT NULL,
    hromada_code text NOT NULL, -- '' where there is none (Crimea)
    category     text NOT NULL,
    damage       text NOT NULL,
    n            bigint NOT NULL,
    PRIMARY KEY (cx, cy, oblast_code, hromada_code, category, damage)
);

-- site_cell is the cell of a geometry: its point on surface, in Web
-- Mercator, as whole cells from the world's north-west corner.
CREATE FUNCTION site_cell(g geometry, OUT cx integer, OUT cy integer)
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT floor((ST_X(p) + 20037508.342789244) / (40075016.685578488 / 32768))::integer,
           floor((20037508.342789244 - ST_Y(p)) / (40075016.685578488 / 32768))::integer
    FROM ST_Transform(ST_PointOnSurface(g), 3857) p
$$;

CREATE FUNCTION site_cells_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO site_cells AS c (cx, cy, oblast_code, hromada_code, category, damage, n)
        SELECT (site_cell(o.public_geom)).*, o.oblast_code, coalesce(o.hromada_code, ''), o.category, o.damage, -count(*)
        FROM old_rows o
        GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (cx, cy, oblast_code, hromada_code, category, damage) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO site_cells AS c (cx, cy, oblast_code, hromada_code, category, damage, n)
        SELECT (site_cell(s.public_geom)).*, s.oblast_code, coalesce(s.hromada_code, ''), s.category, s.damage, count(*)
        FROM new_rows s
        GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (cx, cy, oblast_code, hromada_code, category, damage) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER site_cells_insert AFTER INSERT ON sites
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION site_cells_apply();
CREATE TRIGGER site_cells_update AFTER UPDATE ON sites
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION site_cells_apply();
CREATE TRIGGER site_cells_delete AFTER DELETE ON sites
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION site_cells_apply();

INSERT INTO site_cells (cx, cy, oblast_code, hromada_code, category, damage, n)
SELECT (site_cell(s.public_geom)).*, s.oblast_code, coalesce(s.hromada_code, ''), s.category, s.damage, count(*)
FROM sites s
GROUP BY 1, 2, 3, 4, 5, 6;
ANALYZE site_cells;
