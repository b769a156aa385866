package postgres_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func rateRow(t *testing.T, code, on string, units int64, uah, source string) money.RateRow {
	t.Helper()
	r, err := money.ParseRate(code, date(on), units, uah)
	if err != nil {
		t.Fatal(err)
	}
	return money.RateRow{Rate: r, Source: source}
}

func TestImportRates(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	count := func(t *testing.T) (n int) {
		t.Helper()
		if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM exchange_rates`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	first := []money.RateRow{
		rateRow(t, "EUR", "2026-11-02", 1, "48.1234", "nbu"),
		rateRow(t, "USD", "2026-11-02", 1, "41.5012", "nbu"),
		rateRow(t, "JPY", "2026-11-02", 100, "27.5", "nbu"),
	}

	t.Run("new days are inserted", func(t *testing.T) {
		ins, upd, err := db.ImportRates(ctx, first)
		if err != nil || ins != 3 || upd != 0 {
			t.Fatalf("ImportRates = %d inserted, %d updated, %v; want 3, 0", ins, upd, err)
		}
	})
	t.Run("the same file again changes nothing", func(t *testing.T) {
		ins, upd, err := db.ImportRates(ctx, first)
		if err != nil || ins != 0 || upd != 0 {
			t.Fatalf("ImportRates = %d inserted, %d updated, %v; want 0, 0", ins, upd, err)
		}
	})
	t.Run("a corrected rate is updated and a new day inserted", func(t *testing.T) {
		ins, upd, err := db.ImportRates(ctx, []money.RateRow{
			rateRow(t, "EUR", "2026-11-02", 1, "48.2", "nbu"),
			rateRow(t, "EUR", "2026-11-03", 1, "48.3", "nbu"),
		})
		if err != nil || ins != 1 || upd != 1 {
			t.Fatalf("ImportRates = %d inserted, %d updated, %v; want 1, 1", ins, upd, err)
		}
	})
	t.Run("demo rates do not replace official ones", func(t *testing.T) {
		ins, upd, err := db.ImportRates(ctx, []money.RateRow{rateRow(t, "USD", "2026-11-02", 1, "40", "demo")})
		if err != nil || ins != 0 || upd != 0 {
			t.Fatalf("ImportRates = %d inserted, %d updated, %v; want 0, 0", ins, upd, err)
		}
		var uah, source string
		if err := db.Pool().QueryRow(ctx, `SELECT uah::text, source FROM exchange_rates WHERE currency = 'USD'`).Scan(&uah, &source); err != nil {
			t.Fatal(err)
		}
		if uah != "41.50120000" || source != "nbu" {
			t.Errorf("USD is %s from %s, want the official 41.5012", uah, source)
		}
	})
	t.Run("official rates replace demo ones", func(t *testing.T) {
		if _, _, err := db.ImportRates(ctx, []money.RateRow{rateRow(t, "PLN", "2026-11-01", 1, "11.5", "demo")}); err != nil {
			t.Fatal(err)
		}
		ins, upd, err := db.ImportRates(ctx, []money.RateRow{rateRow(t, "PLN", "2026-11-01", 1, "11.6325", "nbu")})
		if err != nil || ins != 0 || upd != 1 {
			t.Fatalf("ImportRates = %d inserted, %d updated, %v; want 0, 1", ins, upd, err)
		}
	})
	t.Run("a bad row refuses the whole import and writes nothing", func(t *testing.T) {
		before := count(t)
		bad := rateRow(t, "CHF", "2026-11-02", 1, "52", "nbu")
		bad.Units = 3
		bad.Line = 7
		_, _, err := db.ImportRates(ctx, []money.RateRow{rateRow(t, "GBP", "2026-11-02", 1, "55", "nbu"), bad})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Field != "line 7" {
			t.Fatalf("err = %v, want a validation error for line 7", err)
		}
		if n := count(t); n != before {
			t.Errorf("%d rates after a refused import, want %d", n, before)
		}
	})
	t.Run("a day given twice with different rates is refused", func(t *testing.T) {
		_, _, err := db.ImportRates(ctx, []money.RateRow{
			rateRow(t, "CAD", "2026-11-02", 1, "30", "nbu"),
			rateRow(t, "CAD", "2026-11-02", 1, "31", "nbu"),
		})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("err = %v, want a validation error", err)
		}
	})
	t.Run("a day given twice with the same rate is stored once", func(t *testing.T) {
		r := rateRow(t, "CAD", "2026-11-02", 1, "30", "nbu")
		ins, _, err := db.ImportRates(ctx, []money.RateRow{r, r})
		if err != nil || ins != 1 {
			t.Fatalf("ImportRates = %d inserted, %v; want 1", ins, err)
		}
	})
	t.Run("a bad source is refused", func(t *testing.T) {
		_, _, err := db.ImportRates(ctx, []money.RateRow{rateRow(t, "SEK", "2026-11-02", 1, "4", "NBU website")})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("err = %v, want a validation error", err)
		}
	})
	t.Run("the demo set imports whole", func(t *testing.T) {
		demo := money.DemoRates()
		ins, upd, err := db.ImportRates(ctx, demo)
		if err != nil || ins+upd > len(demo) || ins < len(demo)-1 {
			t.Fatalf("ImportRates(demo) = %d inserted, %d updated, %v", ins, upd, err)
		}
	})
}

func TestRatesOn(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	file := "r030;txt;rate;cc;exchangedate\n" +
		"978;Євро;44,1234;EUR;27.11.2026\n" +
		"840;Долар США;41,5000;USD;27.11.2026\n" +
		"978;Євро;44,0000;EUR;24.11.2026\n" +
		"360;Рупія;0,00253456;IDR;27.11.2026\n"
	rows, err := money.ParseNBU(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.ImportRates(ctx, rows); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.ImportRates(ctx, []money.RateRow{rateRow(t, "JPY", "2026-11-27", 100, "27.5", "nbu")}); err != nil {
		t.Fatal(err)
	}

	t.Run("the rate of the day itself is used", func(t *testing.T) {
		rs, err := db.RatesOn(ctx, date("2026-11-27"), []string{"EUR", "USD"})
		if err != nil {
			t.Fatal(err)
		}
		if rs["EUR"].UAHText() != "44.1234" || rs["USD"].UAHText() != "41.5" || len(rs) != 2 {
			t.Errorf("rates %v", rs)
		}
	})
	t.Run("a day without a rate takes the latest before it", func(t *testing.T) {
		rs, err := db.RatesOn(ctx, date("2026-11-26"), []string{"EUR"})
		if err != nil {
			t.Fatal(err)
		}
		if r := rs["EUR"]; r.UAHText() != "44" || !r.On.Equal(date("2026-11-24")) {
			t.Errorf("EUR on 26 November = %v, want the rate of the 24th", r)
		}
	})
	t.Run("a later day takes the last rate", func(t *testing.T) {
		rs, err := db.RatesOn(ctx, time.Date(2027, 1, 5, 23, 30, 0, 0, time.UTC), []string{"EUR"})
		if err != nil || rs["EUR"].UAHText() != "44.1234" {
			t.Errorf("RatesOn = %v, %v", rs, err)
		}
	})
	t.Run("a currency with no rate yet is named", func(t *testing.T) {
		_, err := db.RatesOn(ctx, date("2026-11-25"), []string{"EUR", "USD", "PLN"})
		var me *money.MissingRateError
		if !errors.As(err, &me) || !errors.Is(err, money.ErrNoRate) {
			t.Fatalf("err = %v, want a MissingRateError", err)
		}
		if strings.Join(me.Currencies, ",") != "USD,PLN" || !strings.Contains(err.Error(), "2026-11-25") {
			t.Errorf("error %q, want USD and PLN named with the day", err)
		}
	})
	t.Run("the hryvnia needs no rate", func(t *testing.T) {
		rs, err := db.RatesOn(ctx, date("2026-11-27"), []string{"UAH", "EUR", "EUR"})
		if err != nil || len(rs) != 1 {
			t.Errorf("RatesOn = %v, %v; want EUR only", rs, err)
		}
	})
	t.Run("an unknown code is a validation error", func(t *testing.T) {
		_, err := db.RatesOn(ctx, date("2026-11-27"), []string{"EURO"})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("err = %v, want a validation error", err)
		}
	})
	t.Run("units and eight decimals come back exactly", func(t *testing.T) {
		rs, err := db.RatesOn(ctx, date("2026-11-27"), []string{"JPY", "IDR"})
		if err != nil {
			t.Fatal(err)
		}
		if j := rs["JPY"]; j.Units != 100 || j.UAHText() != "27.5" {
			t.Errorf("JPY %v", j)
		}
		if i := rs["IDR"]; i.UAHText() != "0.00253456" {
			t.Errorf("IDR %v", i)
		}
	})
	t.Run("stored rates convert a total to UAH and EUR", func(t *testing.T) {
		rs, err := db.RatesOn(ctx, date("2026-11-27"), []string{"EUR", "USD", "JPY"})
		if err != nil {
			t.Fatal(err)
		}
		parts := []money.Amount{{Minor: 10000, Currency: "EUR"}, {Minor: 10000, Currency: "USD"}, {Minor: 1000, Currency: "JPY"}}
		uah, err := money.Total("UAH", rs, parts...)
		if err != nil || uah.Minor != 441234+415000+27500 {
			t.Errorf("total %v, %v", uah, err)
		}
		eur, err := money.Total("EUR", rs, parts...)
		// (441234 + 415000 + 27500) / 44.1234 = 20028.91… cents
		if err != nil || eur.Minor != 20029 {
			t.Errorf("total %v, %v", eur, err)
		}
	})
}
