-- Oblasts (admin level 1, incl. Kyiv city, Sevastopol and AR Crimea) and
-- hromadas (admin level 3), keyed by their KATOTTH codes.
CREATE TABLE oblasts (
    code        text PRIMARY KEY CHECK (code ~ '^UA[0-9]{17}$'),
    pcode       text NOT NULL,
    iso_3166_2  text NOT NULL DEFAULT '',
    category    text NOT NULL CHECK (category IN ('O', 'K')),
    name_uk     text NOT NULL,
    name_en     text NOT NULL,
    geom        geometry(MultiPolygon, 4326) NOT NULL,
    -- A light copy for small zooms, where the full outline is wasted bytes.
    geom_simple geometry(MultiPolygon, 4326) NOT NULL,
    label_point geometry(Point, 4326) NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hromadas (
    code          text PRIMARY KEY CHECK (code ~ '^UA[0-9]{17}$'),
    pcode         text NOT NULL,
    category      text NOT NULL CHECK (category IN ('H', 'K')),
    name_uk       text NOT NULL,
    name_en       text NOT NULL,
    hromada_type  text CHECK (hromada_type IN ('city', 'settlement', 'rural')),
    raion_code    text,
    raion_name_uk text,
    raion_name_en text,
    oblast_code   text NOT NULL REFERENCES oblasts (code),
    geom          geometry(MultiPolygon, 4326) NOT NULL,
    geom_simple   geometry(MultiPolygon, 4326) NOT NULL,
    label_point   geometry(Point, 4326) NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hromadas_oblast_idx ON hromadas (oblast_code);

-- The boundaries cut into small pieces (ST_Subdivide): a point-in-polygon
-- test against a piece of at most 128 vertices is far cheaper than against
-- a whole hromada outline, and every site insert does one.
CREATE TABLE admin_parts (
    unit_code text NOT NULL,
    level     smallint NOT NULL CHECK (level IN (1, 3)),
    geom      geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX admin_parts_geom_idx ON admin_parts USING gist (geom);
CREATE INDEX admin_parts_unit_idx ON admin_parts (unit_code);

-- Which boundary files were loaded last, so that a repeated import of the
-- same files is a no-op.
CREATE TABLE boundary_imports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256      text NOT NULL,
    oblasts     integer NOT NULL,
    hromadas    integer NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);

-- locate_admin is the one rule that places a geometry in Ukraine's units:
-- the hromada that contains it (a footprint by its point on surface); else
-- the oblast that contains it (AR Crimea has no hromada polygons); else the
-- nearest hromada, then oblast, within 1 km (rivers, reservoirs, the shore);
-- else nothing, and the caller refuses the geometry as outside Ukraine.
CREATE FUNCTION locate_admin(g geometry, OUT oblast_code text, OUT hromada_code text)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    p geometry := CASE WHEN GeometryType(g) = 'POINT' THEN g ELSE ST_PointOnSurface(g) END;
    pg geography := p::geography;
BEGIN
    SELECT h.oblast_code, h.code INTO oblast_code, hromada_code
    FROM admin_parts ap JOIN hromadas h ON h.code = ap.unit_code
    WHERE ap.level = 3 AND ST_Intersects(ap.geom, p)
    LIMIT 1;
    IF FOUND THEN RETURN; END IF;

    SELECT ap.unit_code INTO oblast_code
    FROM admin_parts ap
    WHERE ap.level = 1 AND ST_Intersects(ap.geom, p)
    LIMIT 1;
    IF FOUND THEN RETURN; END IF;

    -- 0.02 degrees is more than 1 km everywhere in Ukraine, so the box test
    -- keeps the index in play and the geography test decides.
    SELECT h.oblast_code, h.code INTO oblast_code, hromada_code
    FROM admin_parts ap JOIN hromadas h ON h.code = ap.unit_code
    WHERE ap.level = 3 AND ap.geom && ST_Expand(p, 0.02)
      AND ST_DWithin(ap.geom::geography, pg, 1000)
    ORDER BY ST_Distance(ap.geom::geography, pg)
    LIMIT 1;
    IF FOUND THEN RETURN; END IF;

    SELECT ap.unit_code INTO oblast_code
    FROM admin_parts ap
    WHERE ap.level = 1 AND ap.geom && ST_Expand(p, 0.02)
      AND ST_DWithin(ap.geom::geography, pg, 1000)
    ORDER BY ST_Distance(ap.geom::geography, pg)
    LIMIT 1;
END
$$;
