-- The official hryvnia exchange rates (National Bank of Ukraine), by day:
-- uah hryvnias buy units units of currency. The pair is kept as published
-- (2621.8056 UAH per 100 USD in older tables) so that nothing is lost by
-- dividing. Totals in UAH and EUR convert through these rows; the rate for
-- a day is the latest one on or before it, which the primary key serves.
CREATE TABLE exchange_rates (
    currency    text NOT NULL CHECK (currency ~ '^[A-Z]{3}$' AND currency <> 'UAH'),
    -- The hryvnia was introduced on 2 September 1996.
    on_date     date NOT NULL CHECK (on_date >= DATE '1996-09-02'),
    units       integer NOT NULL DEFAULT 1
                CHECK (units IN (1, 10, 100, 1000, 10000, 100000, 1000000)),
    -- At most 10^10 with 8 decimals: what internal/money holds exactly in
    -- an int64 of 10^-8 hryvnia.
    uah         numeric(18, 8) NOT NULL CHECK (uah > 0),
    -- 'nbu' for the official rate, 'demo' for the invented demo rates.
    source      text NOT NULL CHECK (source ~ '^[a-z][a-z0-9_-]{0,31}$'),
    imported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (currency, on_date)
);
