-- Back to the national series alone: its rows are the 'UA' ones, kept by
-- the same triggers all along, and the functions are those of 000008.
DELETE FROM monthly_counts WHERE unit_code <> 'UA';
ALTER TABLE monthly_counts DROP CONSTRAINT monthly_counts_pkey;
ALTER TABLE monthly_counts DROP COLUMN unit_code;
ALTER TABLE monthly_counts ADD CONSTRAINT monthly_counts_pkey PRIMARY KEY (month, metric);

CREATE OR REPLACE FUNCTION monthly_sites_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO monthly_counts AS c (month, metric, n)
        SELECT date_trunc('month', coalesce(damaged_on, created_at::date))::date, 'damaged', -count(*)
        FROM old_rows GROUP BY 1 ORDER BY 1
        ON CONFLICT (month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO monthly_counts AS c (month, metric, n)
        SELECT date_trunc('month', coalesce(damaged_on, created_at::date))::date, 'damaged', count(*)
        FROM new_rows GROUP BY 1 ORDER BY 1
        ON CONFLICT (month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION monthly_projects_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO monthly_counts AS c (month, metric, n)
        SELECT date_trunc('month', state_changed_at)::date, state, count(*)
        FROM new_rows WHERE state IN ('funded', 'completed') GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSE
        INSERT INTO monthly_counts AS c (month, metric, n)
        SELECT date_trunc('month', n.state_changed_at)::date, n.state, count(*)
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.state IN ('funded', 'completed') AND o.state IS DISTINCT FROM n.state
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (month, metric) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;
