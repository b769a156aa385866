package money_test

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/money"
)

var day = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func rate(t testing.TB, code string, units int64, uah string) money.Rate {
	t.Helper()
	r, err := money.ParseRate(code, day, units, uah)
	if err != nil {
		t.Fatalf("ParseRate(%s, %d, %s): %v", code, units, uah, err)
	}
	return r
}

func TestConvert(t *testing.T) {
	rates := money.Rates{
		"EUR": rate(t, "EUR", 1, "44.1234"),
		"USD": rate(t, "USD", 1, "41.5"),
		"JPY": rate(t, "JPY", 100, "27,5"), // 0.275 UAH per yen, published per 100
		"KWD": rate(t, "KWD", 1, "135.1234"),
		"GBP": rate(t, "GBP", 1, "2"), // a made-up rate that makes exact halves
	}
	tests := []struct {
		name string
		from money.Amount
		to   string
		want int64
	}{
		{name: "euros become hryvnias at the official rate", from: money.Amount{Minor: 10000, Currency: "EUR"}, to: "UAH", want: 441234},
		{name: "one euro cent is 44.1234 kopiykas, rounded to 44", from: money.Amount{Minor: 1, Currency: "EUR"}, to: "UAH", want: 44},
		{name: "hryvnias become euros", from: money.Amount{Minor: 441234, Currency: "UAH"}, to: "EUR", want: 10000},
		{name: "euros become dollars through the hryvnia, rounded once", from: money.Amount{Minor: 10000, Currency: "EUR"}, to: "USD", want: 10632},
		{name: "a cross rate of an odd amount", from: money.Amount{Minor: 12345, Currency: "EUR"}, to: "USD", want: 13125},
		{name: "a negative cross rate rounds symmetrically", from: money.Amount{Minor: -12345, Currency: "EUR"}, to: "USD", want: -13125},
		{name: "yen quoted per 100 convert to hryvnias", from: money.Amount{Minor: 100, Currency: "JPY"}, to: "UAH", want: 2750},
		{name: "one yen is 27.5 kopiykas: the tie goes to even 28", from: money.Amount{Minor: 1, Currency: "JPY"}, to: "UAH", want: 28},
		{name: "three yen are 82.5 kopiykas: the tie goes to even 82", from: money.Amount{Minor: 3, Currency: "JPY"}, to: "UAH", want: 82},
		{name: "hryvnias become whole yen", from: money.Amount{Minor: 100000, Currency: "UAH"}, to: "JPY", want: 3636},
		{name: "hryvnias become dinars with three decimals", from: money.Amount{Minor: 10000, Currency: "UAH"}, to: "KWD", want: 740},
		{name: "one fils is 13.51 kopiykas", from: money.Amount{Minor: 1, Currency: "KWD"}, to: "UAH", want: 14},
		{name: "yen become dinars", from: money.Amount{Minor: 1000000, Currency: "JPY"}, to: "KWD", want: 2035177},
		{name: "half a penny rounds down to even 0", from: money.Amount{Minor: 1, Currency: "UAH"}, to: "GBP", want: 0},
		{name: "one and a half pennies round up to even 2", from: money.Amount{Minor: 3, Currency: "UAH"}, to: "GBP", want: 2},
		{name: "two and a half pennies round down to even 2", from: money.Amount{Minor: 5, Currency: "UAH"}, to: "GBP", want: 2},
		{name: "minus half a penny rounds to 0", from: money.Amount{Minor: -1, Currency: "UAH"}, to: "GBP", want: 0},
		{name: "minus one and a half pennies round to -2", from: money.Amount{Minor: -3, Currency: "UAH"}, to: "GBP", want: -2},
		{name: "a tie at a larger amount goes to the even neighbour", from: money.Amount{Minor: 100003, Currency: "UAH"}, to: "GBP", want: 50002},
		{name: "more than a half rounds up: 6 cents are 264.7404 kopiykas", from: money.Amount{Minor: 6, Currency: "EUR"}, to: "UAH", want: 265},
		{name: "an amount already in the currency is kept", from: money.Amount{Minor: 7, Currency: "EUR"}, to: "EUR", want: 7},
		{name: "hryvnias to hryvnias need no rate", from: money.Amount{Minor: 7, Currency: "UAH"}, to: "UAH", want: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := money.Convert(tt.from, tt.to, rates)
			if err != nil {
				t.Fatalf("Convert(%v, %s): %v", tt.from, tt.to, err)
			}
			if got != (money.Amount{Minor: tt.want, Currency: tt.to}) {
				t.Errorf("Convert(%v, %s) = %v, want %d minor units", tt.from, tt.to, got, tt.want)
			}
		})
	}

	t.Run("a missing rate names the currency", func(t *testing.T) {
		_, err := money.Convert(money.Amount{Minor: 1, Currency: "PLN"}, "EUR", rates)
		var me *money.MissingRateError
		if !errors.As(err, &me) || !errors.Is(err, money.ErrNoRate) || len(me.Currencies) != 1 || me.Currencies[0] != "PLN" {
			t.Errorf("err = %v, want a MissingRateError for PLN", err)
		}
	})
	t.Run("an unknown target currency is refused", func(t *testing.T) {
		_, err := money.Convert(money.Amount{Minor: 1, Currency: "EUR"}, "EURO", rates)
		if !errors.Is(err, money.ErrUnknownCurrency) {
			t.Errorf("err = %v, want ErrUnknownCurrency", err)
		}
	})
	t.Run("a result beyond int64 is an overflow", func(t *testing.T) {
		_, err := money.Convert(money.Amount{Minor: math.MaxInt64, Currency: "EUR"}, "UAH", rates)
		if !errors.Is(err, money.ErrOverflow) {
			t.Errorf("err = %v, want ErrOverflow", err)
		}
	})
	t.Run("the largest amounts convert exactly when they fit", func(t *testing.T) {
		got, err := money.Convert(money.Amount{Minor: math.MaxInt64, Currency: "UAH"}, "GBP", rates)
		if err != nil || got.Minor != math.MaxInt64/2+1 { // …807/2 = …903.5, a tie that goes to the even …904
			t.Errorf("Convert = %v, %v", got, err)
		}
	})
}

func TestTotalRoundsOnce(t *testing.T) {
	rates := money.Rates{"GBP": rate(t, "GBP", 1, "2"), "EUR": rate(t, "EUR", 1, "44.1234")}
	kop := money.Amount{Minor: 1, Currency: "UAH"}
	t.Run("three halves of a penny make two pennies, not zero", func(t *testing.T) {
		got, err := money.Total("GBP", rates, kop, kop, kop)
		if err != nil || got != (money.Amount{Minor: 2, Currency: "GBP"}) {
			t.Errorf("Total = %v, %v", got, err)
		}
		one, _ := money.Convert(kop, "GBP", rates)
		if one.Minor != 0 {
			t.Errorf("each part alone rounds to %d, want 0", one.Minor)
		}
	})
	t.Run("mixed currencies are totalled in hryvnias", func(t *testing.T) {
		got, err := money.Total("UAH", rates, money.Amount{Minor: 100, Currency: "EUR"}, money.Amount{Minor: 100, Currency: "GBP"}, kop)
		if err != nil || got != (money.Amount{Minor: 4412 + 200 + 1, Currency: "UAH"}) {
			t.Errorf("Total = %v, %v", got, err)
		}
	})
	t.Run("every missing rate is named", func(t *testing.T) {
		_, err := money.Total("UAH", rates, money.Amount{Minor: 1, Currency: "USD"}, money.Amount{Minor: 1, Currency: "PLN"}, money.Amount{Minor: 1, Currency: "USD"})
		var me *money.MissingRateError
		if !errors.As(err, &me) || len(me.Currencies) != 2 || me.Currencies[0] != "PLN" || me.Currencies[1] != "USD" {
			t.Errorf("err = %v, want PLN and USD named", err)
		}
	})
	t.Run("a total beyond int64 is an overflow", func(t *testing.T) {
		big := money.Amount{Minor: math.MaxInt64, Currency: "UAH"}
		_, err := money.Total("UAH", rates, big, kop)
		if !errors.Is(err, money.ErrOverflow) {
			t.Errorf("err = %v, want ErrOverflow", err)
		}
	})
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		name    string
		code    string
		units   int64
		uah     string
		want    string
		wantErr bool
	}{
		{name: "four decimals with a point", code: "EUR", units: 1, uah: "44.1234", want: "44.1234"},
		{name: "a decimal comma", code: "EUR", units: 1, uah: "44,1234", want: "44.1234"},
		{name: "per 100 units is kept", code: "JPY", units: 100, uah: "27.5000", want: "27.5"},
		{name: "eight decimals", code: "IDR", units: 1, uah: "0.00253456", want: "0.00253456"},
		{name: "nine decimals are refused", code: "IDR", units: 1, uah: "0.002534567", wantErr: true},
		{name: "zero is refused", code: "EUR", units: 1, uah: "0", wantErr: true},
		{name: "a negative rate is refused", code: "EUR", units: 1, uah: "-44", wantErr: true},
		{name: "units that are not a power of ten are refused", code: "EUR", units: 3, uah: "44", wantErr: true},
		{name: "zero units are refused", code: "EUR", units: 0, uah: "44", wantErr: true},
		{name: "a rate for the hryvnia is refused", code: "UAH", units: 1, uah: "1", wantErr: true},
		{name: "a metal is refused", code: "XAU", units: 1, uah: "170000", wantErr: true},
		{name: "ten billion hryvnias is refused", code: "EUR", units: 1, uah: "10000000000", wantErr: true},
		{name: "words are refused", code: "EUR", units: 1, uah: "forty", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := money.ParseRate(tt.code, day, tt.units, tt.uah)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseRate = %v, want an error", r)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.UAHText() != tt.want || r.Units != tt.units {
				t.Errorf("rate %v, want %s for %d", r, tt.want, tt.units)
			}
		})
	}
}

// minorValue is what one minor unit of the currency is worth in kopiykas.
func minorValue(r money.Rate, exp int) *big.Rat {
	v := new(big.Rat).SetFrac(big.NewInt(r.UAH), new(big.Int).Mul(big.NewInt(r.Units), big.NewInt(100_000_000)))
	v.Mul(v, big.NewRat(100, 1))
	return v.Quo(v, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)))
}

// The documented rule, checked on random rates and amounts: a round trip
// A→B→A moves an amount by at most half a minor unit of A (the last
// rounding) plus half a minor unit of B, counted in A (the first). So when
// B's minor unit is worth no more than A's, the trip stays within one minor
// unit of A: EUR→UAH→EUR and UAH→JPY→UAH do; UAH→EUR→UAH may move by up to
// half a euro cent.
func TestRoundTripsStayWithinTheRoundingRule(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	codes := []string{"EUR", "USD", "PLN", "JPY", "KWD", "IDR", "GBP", "KRW"}
	for i := 0; i < 20000; i++ {
		code := codes[rng.IntN(len(codes))]
		exp, _ := money.Exponent(code)
		units := []int64{1, 10, 100}[rng.IntN(3)]
		// 0.0001 … 5000 UAH for the units, four decimals as the NBU publishes.
		r := money.Rate{Currency: code, On: day, Units: units, UAH: (1 + rng.Int64N(50_000_000)) * 10_000}
		rates := money.Rates{code: r}
		w := minorValue(r, exp) // kopiykas per minor unit of code

		// UAH → code → UAH
		u := money.Amount{Minor: rng.Int64N(2_000_000_000_000) - 1_000_000_000_000, Currency: "UAH"}
		x, err := money.Convert(u, code, rates)
		if err != nil {
			t.Fatalf("Convert(%v, %s) at %v: %v", u, code, r, err)
		}
		back, err := money.Convert(x, "UAH", rates)
		if err != nil {
			t.Fatalf("Convert(%v, UAH) at %v: %v", x, r, err)
		}
		// |back-u| ≤ 1/2 + w/2, i.e. 2|back-u| ≤ 1 + w
		d := new(big.Rat).SetInt64(2 * abs(back.Minor-u.Minor))
		bound := new(big.Rat).Add(big.NewRat(1, 1), w)
		if d.Cmp(bound) > 0 {
			t.Fatalf("%v → %v → %v at %v: moved %d kopiykas, more than (1 + %s)/2", u, x, back, r, back.Minor-u.Minor, w.FloatString(4))
		}
		if w.Cmp(big.NewRat(1, 1)) <= 0 && abs(back.Minor-u.Minor) > 1 {
			t.Fatalf("%v → %v → %v at %v: a cheaper minor unit must come back within one kopiyka", u, x, back, r)
		}

		// code → UAH → code
		m := money.Amount{Minor: rng.Int64N(2_000_000_000) - 1_000_000_000, Currency: code}
		h, err := money.Convert(m, "UAH", rates)
		if err != nil {
			t.Fatalf("Convert(%v, UAH) at %v: %v", m, r, err)
		}
		again, err := money.Convert(h, code, rates)
		if err != nil {
			t.Fatalf("Convert(%v, %s) at %v: %v", h, code, r, err)
		}
		// |again-m| ≤ 1/2 + (1/w)/2, i.e. 2w|again-m| ≤ w + 1
		d = new(big.Rat).Mul(w, new(big.Rat).SetInt64(2*abs(again.Minor-m.Minor)))
		if d.Cmp(bound) > 0 {
			t.Fatalf("%v → %v → %v at %v: moved %d minor units", m, h, again, r, again.Minor-m.Minor)
		}
		if w.Cmp(big.NewRat(1, 1)) >= 0 && abs(again.Minor-m.Minor) > 1 {
			t.Fatalf("%v → %v → %v at %v: a dearer minor unit must come back within one", m, h, again, r)
		}
	}
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func TestDemoRates(t *testing.T) {
	rows := money.DemoRates()
	if len(rows) != 58*3 {
		t.Fatalf("%d demo rates, want 58 months × 3 currencies", len(rows))
	}
	seen := map[string]bool{}
	for _, r := range rows {
		if err := r.Validate(); err != nil || r.Source != "demo" || r.On.Day() != 1 {
			t.Errorf("bad demo rate %v (%s): %v", r.Rate, r.Source, err)
		}
		key := r.Currency + r.On.Format(time.DateOnly)
		if seen[key] {
			t.Errorf("demo rate %s twice", key)
		}
		seen[key] = true
	}
	first, last := rows[0].On, rows[len(rows)-1].On
	if first != time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC) || last != time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("demo rates from %v to %v, want February 2022 to November 2026", first, last)
	}
}
