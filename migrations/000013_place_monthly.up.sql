-- The monthly series per oblast and per hromada, beside the national one.
--
-- Each count keeps the unit it belongs to, keyed as site_counts keys them:
-- the oblast's code and the hromada's (Kyiv and Sevastopol once). The
-- national series keeps rows of its own under the country's code, 'UA'
-- (never a unit's: those are UA and 17 digits), so that it stays exactly
-- what it was and is read from as few rows as before.
--
-- Sites count in the place they are in now: a site moved to another
-- hromada takes its month along, a deleted one leaves. Becoming funded or
-- completed is an event, counted once in the place the project was in
-- then, as the national series counts it once for good.
ALTER TABLE monthly_counts ADD COLUMN unit_code text NOT NULL DEFAULT 'UA';
ALTER TABLE monthly_counts ALTER COLUMN unit_code DROP DEFAULT;
ALTER TABLE monthly_counts DROP CONSTRAINT monthly_counts_pkey,
    ADD CONSTRAINT monthly_counts_pkey PRIMARY KEY (unit_code, month, metric);

-- An update counts only the sites whose month or place changed, so that
-- editing a description takes no lock on the national rows.
CREATE OR REPLACE FUNCTION monthly_sites_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO monthly_counts AS c (unit_code, month, metric, n)
        SELECT u.code, date_trunc('month', coalesce(s.damaged_on, s.created_at::date))::date, 'damaged', count(*)
        FROM new_rows s
        CROSS JOIN LATERAL (VALUES ('UA'), (s.oblast_code), (NULLIF(s.hromada_code, s.oblast_code))) u(code)
        WHERE u.code IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (unit_code, month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO monthly_counts AS c (unit_code, month, metric, n)
        SELECT u.code, date_trunc('month', coalesce(s.damaged_on, s.created_at::date))::date, 'damaged', -count(*)
        FROM old_rows s
        CROSS JOIN LATERAL (VALUES ('UA'), (s.oblast_code), (NULLIF(s.hromada_code, s.oblast_code))) u(code)
        WHERE u.code IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (unit_code, month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSE
        INSERT INTO monthly_counts AS c (unit_code, month, metric, n)
        SELECT u.code, d.month, 'damaged', sum(d.n)
        FROM (SELECT oblast_code, hromada_code, date_trunc('month', coalesce(damaged_on, created_at::date))::date AS month,
                     -1 AS n
              FROM old_rows
              UNION ALL
              SELECT oblast_code, hromada_code, date_trunc('month', coalesce(damaged_on, created_at::date))::date, 1
              FROM new_rows) d
        CROSS JOIN LATERAL (VALUES ('UA'), (d.oblast_code), (NULLIF(d.hromada_code, d.oblast_code))) u(code)
        WHERE u.code IS NOT NULL
        GROUP BY 1, 2 HAVING sum(d.n) <> 0 ORDER BY 1, 2
        ON CONFLICT (unit_code, month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION monthly_projects_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO monthly_counts AS c (unit_code, month, metric, n)
        SELECT u.code, date_trunc('month', p.state_changed_at)::date, p.state, count(*)
        FROM new_rows p
        CROSS JOIN LATERAL (VALUES ('UA'), (p.oblast_code), (NULLIF(p.hromada_code, p.oblast_code))) u(code)
        WHERE p.state IN ('funded', 'completed') AND u.code IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (unit_code, month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSE
        INSERT INTO monthly_counts AS c (unit_code, month, metric, n)
        SELECT u.code, date_trunc('month', n.state_changed_at)::date, n.state, count(*)
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        CROSS JOIN LATERAL (VALUES ('UA'), (n.oblast_code), (NULLIF(n.hromada_code, n.oblast_code))) u(code)
        WHERE n.state IN ('funded', 'completed') AND o.state IS DISTINCT FROM n.state AND u.code IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (unit_code, month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

-- The rows so far are the national series. The places' rows are made
-- from what the database knows: the sites where they are now, and for the
-- projects their history, which holds each project becoming funded or
-- completed, when (the state's change is dated by the same now() as the
-- history row), and the place the project was in at that moment.
INSERT INTO monthly_counts (unit_code, month, metric, n)
SELECT u.code, date_trunc('month', coalesce(s.damaged_on, s.created_at::date))::date, 'damaged', count(*)
FROM sites s
CROSS JOIN LATERAL (VALUES (s.oblast_code), (NULLIF(s.hromada_code, s.oblast_code))) u(code)
WHERE u.code IS NOT NULL
GROUP BY 1, 2;

INSERT INTO monthly_counts AS c (unit_code, month, metric, n)
SELECT u.code, e.month, e.state, count(*)
FROM (SELECT h.object_id, h.id,
             CASE h.action WHEN 'create' THEN h.changes ->> 'state' ELSE h.changes -> 'state' ->> 'after' END AS state,
             date_trunc('month', CASE h.action
                 WHEN 'create' THEN coalesce((h.changes ->> 'state_changed_at')::timestamptz, h.at)
                 ELSE coalesce((h.changes -> 'state_changed_at' ->> 'after')::timestamptz, h.at) END)::date AS month
      FROM history h
      WHERE h.object_type = 'project' AND (h.action = 'create' OR (h.action = 'update' AND h.changes ? 'state'))) e
-- A place column is a plain value in a 'create' row and {before, after}
-- in an 'update' row; the latest row up to the event's that names it
-- gives the place then.
CROSS JOIN LATERAL (
    SELECT coalesce((SELECT coalesce(p.changes -> 'oblast_code' ->> 'after', p.changes ->> 'oblast_code')
                     FROM history p
                     WHERE p.object_type = 'project' AND p.object_id = e.object_id AND p.id <= e.id
                       AND p.changes ? 'oblast_code'
                     ORDER BY p.id DESC LIMIT 1),
                    (SELECT oblast_code FROM projects WHERE id = e.object_id)) AS oblast_code,
           coalesce((SELECT coalesce(p.changes -> 'hromada_code' ->> 'after', p.changes ->> 'hromada_code')
                     FROM history p
                     WHERE p.object_type = 'project' AND p.object_id = e.object_id AND p.id <= e.id
                       AND p.changes ? 'hromada_code'
                     ORDER BY p.id DESC LIMIT 1),
                    (SELECT hromada_code FROM projects WHERE id = e.object_id)) AS hromada_code) pl
CROSS JOIN LATERAL (VALUES (pl.oblast_code), (NULLIF(pl.hromada_code, pl.oblast_code))) u(code)
WHERE e.state IN ('funded', 'completed') AND u.code IS NOT NULL
GROUP BY 1, 2, 3
ON CONFLICT (unit_code, month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
