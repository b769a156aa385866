DROP TABLE IF EXISTS exchange_rates;
