-- Back to counting a cancelled project's budget as needed (as in 000008).
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
        SELECT id, oblast_code, hromada_code, coalesce(budget_uah_minor, 0), coalesce(budget_eur_minor, 0)
        FROM new_rows ORDER BY id;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE project_money m
        SET oblast_code = n.oblast_code, hromada_code = n.hromada_code,
            needed_uah = coalesce(n.budget_uah_minor, 0), needed_eur = coalesce(n.budget_eur_minor, 0)
        FROM new_rows n
        WHERE m.project_id = n.id
          AND (m.oblast_code, m.hromada_code, m.needed_uah, m.needed_eur)
              IS DISTINCT FROM (n.oblast_code, n.hromada_code, coalesce(n.budget_uah_minor, 0), coalesce(n.budget_eur_minor, 0));
    END IF;
    -- A deleted project's money row goes with it (ON DELETE CASCADE), and
    -- its trigger takes the amounts off the units.
    RETURN NULL;
END
$$;

DROP FUNCTION project_needed(text, bigint);

UPDATE project_money m
SET needed_uah = coalesce(p.budget_uah_minor, 0), needed_eur = coalesce(p.budget_eur_minor, 0)
FROM projects p
WHERE p.id = m.project_id AND p.state = 'cancelled';
