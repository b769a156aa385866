package money

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"
)

// RateScale is the number of decimal places a Rate keeps. The NBU
// publishes 4; 8 leaves room for per-unit rates of currencies quoted per
// 100 or 1000 units, and matches the database column numeric(18,8).
const RateScale = 8

// maxRateUAH bounds Rate.UAH below 10^10 hryvnias, the range of
// numeric(18,8); no currency has come near it.
const maxRateUAH = 10_000_000_000 * 100_000_000

// Rate is the official price in hryvnias of Units units of Currency on the
// day On: 44.1234 UAH for 1 EUR, or in older tables 2621.8056 UAH for 100
// USD. It is held exactly, as an integer number of 10^-8 hryvnias, and the
// units are kept as published rather than divided out, which would lose
// digits.
type Rate struct {
	Currency string    // ISO 4217 code, never UAH
	On       time.Time // the day the rate is for, at 00:00 UTC
	Units    int64     // 1, 10, 100 …: how many units the price is for
	UAH      int64     // the price of Units units, in 10^-8 hryvnia
}

// ParseRate makes a rate from its published parts; uah is a decimal with
// a point or a comma and at most RateScale places, such as "44,1234".
func ParseRate(currency string, on time.Time, units int64, uah string) (Rate, error) {
	v, err := parseScaled(uah, RateScale)
	if err != nil {
		return Rate{}, err
	}
	r := Rate{Currency: currency, On: day(on), Units: units, UAH: v}
	return r, r.Validate()
}

// Validate checks that the rate can be used and stored.
func (r Rate) Validate() error {
	switch {
	case !IsCurrency(r.Currency):
		return fmt.Errorf("%w: %q", ErrUnknownCurrency, r.Currency)
	case r.Currency == "UAH":
		return errors.New("money: a rate of the hryvnia to itself is always 1")
	case !isPow10(r.Units):
		return fmt.Errorf("money: rate units must be 1, 10, 100 …, not %d", r.Units)
	case r.UAH <= 0:
		return errors.New("money: a rate must be above zero")
	case r.UAH >= maxRateUAH:
		return errors.New("money: rate too large")
	case r.On.IsZero():
		return errors.New("money: a rate needs its date")
	}
	return nil
}

// UAHText writes the price of Units units as a plain decimal without
// trailing zeros: "44.1234", "0.5".
func (r Rate) UAHText() string {
	s := decimal(r.UAH, RateScale, '.', "")
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// String writes the rate for logs: "2026-11-27 100 JPY = 27.5 UAH".
func (r Rate) String() string {
	return fmt.Sprintf("%s %d %s = %s UAH", r.On.Format(time.DateOnly), r.Units, r.Currency, r.UAHText())
}

// perUnit is the price of one unit of the currency in hryvnias.
func (r Rate) perUnit() *big.Rat {
	den := new(big.Int).Mul(big.NewInt(r.Units), big.NewInt(pow10[RateScale]))
	return new(big.Rat).SetFrac(big.NewInt(r.UAH), den)
}

// Rates are the rates to use for one conversion date, by currency code.
// The hryvnia is the pivot and needs no entry.
type Rates map[string]Rate

// MissingRateError names the currencies a conversion had no rate for.
type MissingRateError struct {
	Currencies []string
	On         time.Time // zero when not known
}

func (e *MissingRateError) Error() string {
	s := "money: no exchange rate for " + strings.Join(e.Currencies, ", ")
	if !e.On.IsZero() {
		s += " on or before " + e.On.Format(time.DateOnly)
	}
	return s
}

// Is makes errors.Is(err, ErrNoRate) true.
func (e *MissingRateError) Is(target error) bool { return target == ErrNoRate }

// perUnit is the hryvnia price of one unit of currency.
func (rs Rates) perUnit(currency string) (*big.Rat, error) {
	if !IsCurrency(currency) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCurrency, currency)
	}
	if currency == "UAH" {
		return big.NewRat(1, 1), nil
	}
	r, ok := rs[currency]
	if !ok || r.Currency != currency || r.Validate() != nil {
		return nil, &MissingRateError{Currencies: []string{currency}}
	}
	return r.perUnit(), nil
}

// Convert changes a into currency to through the hryvnia: a is valued in
// hryvnias at its currency's rate, that value is divided by the rate of
// to, and the result is rounded once, on the last minor unit of to, half
// to even (banker's rounding: 0.5 goes to the even neighbour, so that
// rounding errors do not pile up in one direction over many amounts). The
// arithmetic in between is exact (big.Rat), so EUR→USD gives the same
// result as the cross rate of the two official rates, not a result rounded
// twice. An amount already in to is returned as it is.
//
// One consequence, which the tests pin: a round trip loses at most half a
// minor unit of the coarser currency. UAH→EUR→UAH can move by up to half a
// euro cent (about 22 kopiykas at 44 UAH/EUR); EUR→UAH→EUR comes back to the
// cent.
func Convert(a Amount, to string, rates Rates) (Amount, error) {
	if a.Currency == to {
		return New(a.Minor, to)
	}
	v, err := exact(a, to, rates)
	if err != nil {
		return Amount{}, err
	}
	return rounded(v, to)
}

// Total converts every amount into currency to and adds them, rounding
// once on the total rather than on each part, so that a total does not
// drift with the number of parts. It names every currency it has no rate
// for, not only the first.
func Total(to string, rates Rates, amounts ...Amount) (Amount, error) {
	if !IsCurrency(to) {
		return Amount{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, to)
	}
	sum := new(big.Rat)
	missing := map[string]bool{}
	for _, a := range amounts {
		v, err := exact(a, to, rates)
		var me *MissingRateError
		if errors.As(err, &me) {
			for _, c := range me.Currencies {
				missing[c] = true
			}
			continue
		}
		if err != nil {
			return Amount{}, err
		}
		sum.Add(sum, v)
	}
	if len(missing) > 0 {
		codes := make([]string, 0, len(missing))
		for c := range missing {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		return Amount{}, &MissingRateError{Currencies: codes}
	}
	return rounded(sum, to)
}

// exact is a in minor units of to, as an exact fraction.
func exact(a Amount, to string, rates Rates) (*big.Rat, error) {
	fromExp, ok := Exponent(a.Currency)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCurrency, a.Currency)
	}
	toExp, ok := Exponent(to)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCurrency, to)
	}
	v := new(big.Rat).SetInt64(a.Minor)
	if a.Currency != to {
		pf, err := rates.perUnit(a.Currency)
		if err != nil {
			return nil, err
		}
		pt, err := rates.perUnit(to)
		if err != nil {
			return nil, err
		}
		v.Mul(v, pf)
		v.Quo(v, pt)
	}
	// minor(from) → major: ÷10^fromExp; major → minor(to): ×10^toExp.
	v.Mul(v, new(big.Rat).SetFrac(big.NewInt(pow10[toExp]), big.NewInt(pow10[fromExp])))
	return v, nil
}

// rounded rounds v half to even and checks that it fits in an int64.
func rounded(v *big.Rat, currency string) (Amount, error) {
	n := roundHalfEven(v)
	if !n.IsInt64() {
		return Amount{}, fmt.Errorf("%w: %s %s", ErrOverflow, v.FloatString(0), currency)
	}
	return Amount{Minor: n.Int64(), Currency: currency}, nil
}

// roundHalfEven rounds v to the nearest integer, a tie to the even one.
func roundHalfEven(v *big.Rat) *big.Int {
	q, m := new(big.Int).QuoRem(v.Num(), v.Denom(), new(big.Int)) // q truncated toward zero
	twice := new(big.Int).Abs(m)
	twice.Lsh(twice, 1)
	switch c := twice.Cmp(v.Denom()); {
	case c > 0, c == 0 && q.Bit(0) == 1:
		if v.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// parseScaled reads a non-negative decimal with at most scale places,
// written with a point or a comma, into an integer of 10^-scale.
func parseScaled(s string, scale int) (int64, error) {
	t := strings.TrimSpace(s)
	whole, frac, hasSep := strings.Cut(strings.Replace(t, ",", ".", 1), ".")
	switch {
	case whole == "" || !allDigits(whole) || !allDigits(frac) || (hasSep && frac == ""):
		return 0, fmt.Errorf("money: %q is not a decimal number", s)
	case len(frac) > scale:
		return 0, fmt.Errorf("money: %q has more than %d decimal places", s, scale)
	}
	v, ok := digitsValue(whole + frac + strings.Repeat("0", scale-len(frac)))
	if !ok {
		return 0, fmt.Errorf("money: %q is too large", s)
	}
	return v, nil
}

func isPow10(n int64) bool {
	for _, p := range pow10 {
		if n == p {
			return true
		}
	}
	return false
}

// day is t's calendar date at 00:00 UTC.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
