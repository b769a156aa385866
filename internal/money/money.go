// Package money holds amounts of money exactly: integer minor units
// (kopiykas, cents) of an ISO 4217 currency, never a float. It parses and
// formats amounts as people write them in Ukraine and elsewhere, and
// converts them through the hryvnia with the National Bank of Ukraine's
// official rates, rounding once, half to even, on the last minor unit.
package money

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

var (
	// ErrUnknownCurrency means a code is not an active ISO 4217 currency.
	ErrUnknownCurrency = errors.New("money: unknown currency")
	// ErrOverflow means a result does not fit in 64-bit minor units.
	ErrOverflow = errors.New("money: amount too large")
	// ErrCurrencyMismatch means amounts in different currencies were added
	// without converting them.
	ErrCurrencyMismatch = errors.New("money: different currencies")
	// ErrTooManyDecimals means a text has more decimal places than its
	// currency has minor units (3 for UAH, 1 for JPY).
	ErrTooManyDecimals = errors.New("money: more decimal places than the currency has")
	// ErrNoRate means a conversion needs a rate that is not known.
	ErrNoRate = errors.New("money: no exchange rate")
)

// Amount is a sum of money: Minor units of Currency (kopiykas for UAH,
// cents for EUR, yen for JPY, fils for KWD). Its zero value is not valid:
// it has no currency.
type Amount struct {
	Minor    int64
	Currency string
}

// New checks the currency and returns the amount of minor units of it.
func New(minor int64, currency string) (Amount, error) {
	if !IsCurrency(currency) {
		return Amount{}, fmt.Errorf("%w: %q", ErrUnknownCurrency, currency)
	}
	return Amount{Minor: minor, Currency: currency}, nil
}

// String writes the amount for machines and logs: "-1234.56 UAH", "500 JPY".
func (a Amount) String() string {
	exp, ok := Exponent(a.Currency)
	if !ok {
		return strconv.FormatInt(a.Minor, 10) + " minor units of " + strconv.Quote(a.Currency)
	}
	return decimal(a.Minor, exp, '.', "") + " " + a.Currency
}

// IsNegative reports whether the amount is below zero.
func (a Amount) IsNegative() bool { return a.Minor < 0 }

// Add returns a+b; both must be in the same currency.
func Add(a, b Amount) (Amount, error) {
	if a.Currency != b.Currency {
		return Amount{}, fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, a.Currency, b.Currency)
	}
	s, ok := add64(a.Minor, b.Minor)
	if !ok {
		return Amount{}, fmt.Errorf("%w: %s + %s", ErrOverflow, a, b)
	}
	return Amount{Minor: s, Currency: a.Currency}, nil
}

// Sum adds amounts that are all in currency; with none it is zero of
// currency. It fails with ErrCurrencyMismatch on another currency and with
// ErrOverflow when the total leaves the int64 range, even if later amounts
// would bring it back: a total must not depend on the order of its parts
// being lucky.
func Sum(currency string, amounts ...Amount) (Amount, error) {
	total, err := New(0, currency)
	if err != nil {
		return Amount{}, err
	}
	for _, a := range amounts {
		if total, err = Add(total, a); err != nil {
			return Amount{}, err
		}
	}
	return total, nil
}

// add64 adds with an overflow check.
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// mul64 multiplies with an overflow check.
func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	if (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	p := a * b
	if p/b != a {
		return 0, false
	}
	return p, true
}
