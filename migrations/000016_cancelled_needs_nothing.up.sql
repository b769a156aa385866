-- A cancelled project needs nothing any more: its budget stops counting in
-- what its hromada and oblast need and in their funding gap, and it sinks
-- to the end of a list by gap. What was committed to it and paid still
-- counts. This function is the one place that says so.
CREATE FUNCTION project_needed(state text, budget_minor bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN state = 'cancelled' THEN 0 ELSE coalesce(budget_minor, 0) END;

CREATE OR REPLACE FUNCTION projects_money_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('site_counts_change');
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO unit_project_counts AS c (unit_code, state, sector, n)
        SELECT u.code, o.state, o.sector, -count(*)
        FROM old_rows o CROSS JOIN LATERAL (VALUES (o.oblast_code), (NULLIF(o.hromada_code, o.oblast_code))) u(code)
        WHERE u.code IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (unit_code, state, sector) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO unit_project_counts AS c (unit_code, state, sector, n)
        SELECT u.code, p.state, p.sector, count(*)
        FROM new_rows p CROSS JOIN LATERAL (VALUES (p.oblast_code), (NULLIF(p.hromada_code, p.oblast_code))) u(code)
        WHERE u.code IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (unit_code, state, sector) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO project_money (project_id, oblast_code, hromada_code, needed_uah, needed_eur)
        SELECT id, oblast_code, hromada_code, project_needed(state, budget_uah_minor), project_needed(state, budget_eur_minor)
        FROM new_rows ORDER BY id;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE project_money m
        SET oblast_code = n.oblast_code, hromada_code = n.hromada_code, needed_uah = n.nu, needed_eur = n.ne
        FROM (SELECT id, oblast_code, hromada_code, project_needed(state, budget_uah_minor) AS nu,
                     project_needed(state, budget_eur_minor) AS ne
              FROM new_rows) n
        WHERE m.project_id = n.id
          AND (m.oblast_code, m.hromada_code, m.needed_uah, m.needed_eur) IS DISTINCT FROM (n.oblast_code, n.hromada_code, n.nu, n.ne);
    END IF;
    -- A deleted project's money row goes with it (ON DELETE CASCADE), and
    -- its trigger takes the amounts off the units.
    RETURN NULL;
END
$$;

-- The projects cancelled before now; the money rows' own trigger moves
-- the hromadas' and oblasts' totals.
UPDATE project_money m
SET needed_uah = 0, needed_eur = 0
FROM projects p
WHERE p.id = m.project_id AND p.state = 'cancelled' AND (m.needed_uah, m.needed_eur) <> (0, 0);
