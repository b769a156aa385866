package postgres

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/money"
)

// rateChunk is how many rates one statement of an import writes.
const rateChunk = 5000

// rateSource is what the exchange_rates.source CHECK accepts.
var rateSource = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

// ImportRates stores the rates in one transaction, by currency and day:
// a new day is inserted, a day whose rate or source changed is updated, an
// unchanged day is left alone. A demo rate never replaces a rate from
// another source, so seeding the demo over real rates keeps them. A row
// that is invalid, or a day given twice with different rates, is refused
// with a *domain.ValidationError before anything is written. Rates move
// every total in money, so only admins import them.
func (db *DB) ImportRates(ctx context.Context, rows []money.RateRow) (inserted, updated int, err error) {
	if err := account.FromContext(ctx).MayAdminister(); err != nil {
		return 0, 0, err
	}
	type key struct {
		currency string
		on       time.Time
	}
	seen := make(map[key]int, len(rows))
	var currency, source, uah []string
	var on []time.Time
	var units []int64
	for i, r := range rows {
		field := fmt.Sprintf("rates[%d]", i)
		if r.Line > 0 {
			field = fmt.Sprintf("line %d", r.Line)
		}
		if err := r.Validate(); err != nil {
			return 0, 0, domain.Invalid(field, err.Error(), "курс некоректний: "+err.Error())
		}
		if !rateSource.MatchString(r.Source) {
			return 0, 0, domain.Invalid(field, fmt.Sprintf("the source %q is not a short lower-case name such as nbu", r.Source),
				fmt.Sprintf("джерело %q не є коротким ім'ям малими літерами, як-от nbu", r.Source))
		}
		d := utcDay(r.On)
		k := key{r.Currency, d}
		if j, dup := seen[k]; dup {
			if rows[j].Units == r.Units && rows[j].UAH == r.UAH && rows[j].Source == r.Source {
				continue
			}
			return 0, 0, domain.Invalid(field, fmt.Sprintf("%s on %s is given twice with different rates", r.Currency, d.Format(time.DateOnly)),
				fmt.Sprintf("курс %s на %s подано двічі з різними значеннями", r.Currency, d.Format("02.01.2006")))
		}
		seen[k] = i
		currency, on, units = append(currency, r.Currency), append(on, d), append(units, r.Units)
		uah, source = append(uah, r.UAHText()), append(source, r.Source)
	}

	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: import rates: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	for lo := 0; lo < len(currency); lo += rateChunk {
		hi := min(lo+rateChunk, len(currency))
		res, err := tx.Query(ctx, `
			INSERT INTO exchange_rates AS e (currency, on_date, units, uah, source)
			SELECT c, d, u, h::numeric, s
			FROM unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::text[]) AS t(c, d, u, h, s)
			ON CONFLICT (currency, on_date) DO UPDATE
			SET units = EXCLUDED.units, uah = EXCLUDED.uah, source = EXCLUDED.source, imported_at = now()
			WHERE (e.units, e.uah, e.source) IS DISTINCT FROM (EXCLUDED.units, EXCLUDED.uah, EXCLUDED.source)
			  AND NOT (EXCLUDED.source = 'demo' AND e.source <> 'demo')
			RETURNING xmax = 0`,
			currency[lo:hi], on[lo:hi], units[lo:hi], uah[lo:hi], source[lo:hi])
		if err != nil {
			return 0, 0, fmt.Errorf("postgres: import rates: %w", err)
		}
		for res.Next() {
			// xmax is 0 on a row version that an INSERT made, and the
			// updating transaction's id on one that ON CONFLICT updated.
			var fresh bool
			if err := res.Scan(&fresh); err != nil {
				res.Close()
				return 0, 0, fmt.Errorf("postgres: import rates: %w", err)
			}
			if fresh {
				inserted++
			} else {
				updated++
			}
		}
		if err := res.Err(); err != nil {
			return 0, 0, fmt.Errorf("postgres: import rates: %w", mapError(err, "rates"))
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, 0, fmt.Errorf("postgres: import rates: %w", err)
	}
	return inserted, updated, nil
}

// RatesOn gives, for each of the currencies, the latest rate on or before
// the day on (the NBU sets no rate on some days, and a new one applies until
// the next). The hryvnia needs no rate and is left out. A currency with no
// rate that early fails the whole call with a *money.MissingRateError that
// names every such currency (errors.Is money.ErrNoRate); an unknown code
// is a *domain.ValidationError.
func (db *DB) RatesOn(ctx context.Context, on time.Time, currencies []string) (money.Rates, error) {
	want := make([]string, 0, len(currencies))
	seen := make(map[string]bool, len(currencies))
	for _, c := range currencies {
		if !money.IsCurrency(c) {
			return nil, domain.Invalid("currency", fmt.Sprintf("%q is not an ISO 4217 currency code", c),
				fmt.Sprintf("%q не є кодом валюти ISO 4217", c))
		}
		if c != "UAH" && !seen[c] {
			seen[c] = true
			want = append(want, c)
		}
	}
	day := utcDay(on)
	rates := make(money.Rates, len(want))
	if len(want) == 0 {
		return rates, nil
	}
	rows, err := db.pool.Query(ctx, `
		SELECT c.code, r.on_date, r.units, r.uah::text
		FROM unnest($2::text[]) WITH ORDINALITY AS c(code, n)
		LEFT JOIN LATERAL (
			SELECT on_date, units, uah FROM exchange_rates
			WHERE currency = c.code AND on_date <= $1
			ORDER BY on_date DESC LIMIT 1
		) r ON true
		ORDER BY c.n`, day, want)
	if err != nil {
		return nil, fmt.Errorf("postgres: rates on %s: %w", day.Format(time.DateOnly), err)
	}
	defer rows.Close()
	var missing []string
	for rows.Next() {
		var code string
		var rateDay *time.Time
		var units *int64
		var uah *string
		if err := rows.Scan(&code, &rateDay, &units, &uah); err != nil {
			return nil, fmt.Errorf("postgres: rates on %s: %w", day.Format(time.DateOnly), err)
		}
		if rateDay == nil {
			missing = append(missing, code)
			continue
		}
		r, err := money.ParseRate(code, *rateDay, *units, *uah)
		if err != nil {
			return nil, fmt.Errorf("postgres: rates on %s: stored %s: %w", day.Format(time.DateOnly), code, err)
		}
		rates[code] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: rates on %s: %w", day.Format(time.DateOnly), err)
	}
	if len(missing) > 0 {
		return nil, &money.MissingRateError{Currencies: missing, On: day}
	}
	return rates, nil
}

// utcDay is t's calendar date at 00:00 UTC, the form dates travel in.
func utcDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
