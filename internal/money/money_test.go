package money_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/vidbudova/vidbudova/internal/money"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		currency string
		want     int64
		err      error // nil: any *ParseError is expected when wantErr
		wantErr  bool
	}{
		{name: "a decimal point is read", in: "1234.56", currency: "UAH", want: 123456},
		{name: "a decimal comma is read", in: "1234,56", currency: "UAH", want: 123456},
		{name: "groups split by spaces are read", in: "1 234 567,89", currency: "UAH", want: 123456789},
		{name: "groups split by no-break spaces are read", in: "1\u00a0234\u00a0567,89", currency: "EUR", want: 123456789},
		{name: "groups split by narrow no-break spaces are read", in: "12\u202f345", currency: "UAH", want: 1234500},
		{name: "surrounding spaces are ignored", in: "  7,5 ", currency: "UAH", want: 750},
		{name: "one decimal place is padded", in: "0,5", currency: "USD", want: 50},
		{name: "a whole number is read", in: "42", currency: "PLN", want: 4200},
		{name: "a minus sign gives a negative amount", in: "-12.34", currency: "UAH", want: -1234},
		{name: "a typographic minus gives a negative amount", in: "\u221212,34", currency: "UAH", want: -1234},
		{name: "a plus sign is allowed", in: "+3", currency: "UAH", want: 300},
		{name: "yen have no decimals", in: "1 000", currency: "JPY", want: 1000},
		{name: "dinars have three decimals", in: "1,234", currency: "KWD", want: 1234},
		{name: "zero is zero", in: "0", currency: "EUR", want: 0},
		{name: "the largest amount is read", in: "92233720368547758.07", currency: "UAH", want: math.MaxInt64},
		{name: "the most negative readable amount is read", in: "-92233720368547758.07", currency: "UAH", want: -math.MaxInt64},

		{name: "three decimals for hryvnias are refused", in: "1,234", currency: "UAH", err: money.ErrTooManyDecimals, wantErr: true},
		{name: "any decimal for yen is refused", in: "100.5", currency: "JPY", err: money.ErrTooManyDecimals, wantErr: true},
		{name: "four decimals for dinars are refused", in: "1.2345", currency: "KWD", err: money.ErrTooManyDecimals, wantErr: true},
		{name: "trailing zeros beyond the exponent are refused too", in: "1.000", currency: "EUR", err: money.ErrTooManyDecimals, wantErr: true},
		{name: "an amount beyond int64 is refused", in: "92233720368547758.08", currency: "UAH", err: money.ErrOverflow, wantErr: true},
		{name: "a huge amount is refused", in: "99999999999999999999999", currency: "JPY", err: money.ErrOverflow, wantErr: true},
		{name: "an unknown currency is refused", in: "1", currency: "UHA", err: money.ErrUnknownCurrency, wantErr: true},
		{name: "a lower-case currency is refused", in: "1", currency: "uah", err: money.ErrUnknownCurrency, wantErr: true},
		{name: "both separators are refused as ambiguous", in: "1,234.56", currency: "UAH", wantErr: true},
		{name: "two decimal commas are refused", in: "1,2,3", currency: "UAH", wantErr: true},
		{name: "groups of two are refused", in: "12 34", currency: "UAH", wantErr: true},
		{name: "a first group of four is refused", in: "1234 567", currency: "UAH", wantErr: true},
		{name: "two spaces between groups are refused", in: "1  234", currency: "UAH", wantErr: true},
		{name: "a space in the decimals is refused", in: "1,2 3", currency: "KWD", wantErr: true},
		{name: "an empty text is refused", in: "", currency: "UAH", wantErr: true},
		{name: "a lone sign is refused", in: "-", currency: "UAH", wantErr: true},
		{name: "a missing whole part is refused", in: ",5", currency: "UAH", wantErr: true},
		{name: "a dangling separator is refused", in: "5,", currency: "UAH", wantErr: true},
		{name: "letters are refused", in: "12abc", currency: "UAH", wantErr: true},
		{name: "a currency sign is refused", in: "€12", currency: "EUR", wantErr: true},
		{name: "exponent notation is refused", in: "1e3", currency: "UAH", wantErr: true},
		{name: "Arabic-Indic digits are refused", in: "١٢", currency: "UAH", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := money.Parse(tt.in, tt.currency)
			if tt.wantErr {
				var pe *money.ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("Parse(%q, %s) = %v, %v; want a *ParseError", tt.in, tt.currency, got, err)
				}
				if pe.Reason == "" || pe.ReasonUK == "" {
					t.Errorf("the error has no reason in both languages: %+v", pe)
				}
				if tt.err != nil && !errors.Is(err, tt.err) {
					t.Errorf("error %v is not %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q, %s): %v", tt.in, tt.currency, err)
			}
			if got != (money.Amount{Minor: tt.want, Currency: tt.currency}) {
				t.Errorf("Parse(%q, %s) = %+v, want %d minor units", tt.in, tt.currency, got, tt.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name   string
		amount money.Amount
		lang   string
		want   string
	}{
		{name: "hryvnias in Ukrainian use грн, no-break spaces and a comma", amount: money.Amount{Minor: 123456789, Currency: "UAH"}, lang: "uk", want: "1\u00a0234\u00a0567,89\u00a0грн"},
		{name: "euros in English use commas and a point", amount: money.Amount{Minor: 123456789, Currency: "EUR"}, lang: "en", want: "1,234,567.89 EUR"},
		{name: "an unknown language is English", amount: money.Amount{Minor: 5, Currency: "USD"}, lang: "de", want: "0.05 USD"},
		{name: "a negative amount has a minus", amount: money.Amount{Minor: -1250, Currency: "EUR"}, lang: "uk", want: "-12,50\u00a0EUR"},
		{name: "yen have no decimals", amount: money.Amount{Minor: 1234567, Currency: "JPY"}, lang: "en", want: "1,234,567 JPY"},
		{name: "dinars have three decimals", amount: money.Amount{Minor: 1, Currency: "KWD"}, lang: "uk", want: "0,001\u00a0KWD"},
		{name: "zero keeps its decimals", amount: money.Amount{Minor: 0, Currency: "PLN"}, lang: "en", want: "0.00 PLN"},
		{name: "the smallest int64 is written", amount: money.Amount{Minor: math.MinInt64, Currency: "UAH"}, lang: "en", want: "-92,233,720,368,547,758.08 UAH"},
		{name: "an unknown currency is written as minor units", amount: money.Amount{Minor: 5, Currency: "XXX"}, lang: "en", want: `5 minor units of "XXX"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := money.Format(tt.amount, tt.lang); got != tt.want {
				t.Errorf("Format = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFormatIsReadBackByParse(t *testing.T) {
	for _, a := range []money.Amount{{Minor: 123456789, Currency: "UAH"}, {Minor: -7, Currency: "EUR"},
		{Minor: 1000, Currency: "JPY"}, {Minor: 1234567, Currency: "KWD"}} {
		for _, lang := range []string{"uk", "en"} {
			s := money.Format(a, lang)
			num := s[:strings.LastIndexAny(s, " \u00a0")]
			if lang == "en" {
				num = strings.ReplaceAll(num, ",", " ") // English groups become spaces, which Parse reads
			}
			got, err := money.Parse(num, a.Currency)
			if err != nil || got != a {
				t.Errorf("Parse(Format(%v, %s)) = %v, %v", a, lang, got, err)
			}
		}
	}
}

func TestSum(t *testing.T) {
	eur := func(m int64) money.Amount { return money.Amount{Minor: m, Currency: "EUR"} }
	t.Run("amounts in one currency are added", func(t *testing.T) {
		got, err := money.Sum("EUR", eur(150), eur(-50), eur(1))
		if err != nil || got != eur(101) {
			t.Errorf("Sum = %v, %v", got, err)
		}
	})
	t.Run("no amounts give zero of the currency", func(t *testing.T) {
		got, err := money.Sum("JPY")
		if err != nil || got != (money.Amount{Currency: "JPY"}) {
			t.Errorf("Sum = %v, %v", got, err)
		}
	})
	t.Run("an overflow is an error, not a wrapped total", func(t *testing.T) {
		_, err := money.Sum("EUR", eur(math.MaxInt64), eur(1))
		if !errors.Is(err, money.ErrOverflow) {
			t.Errorf("err = %v, want ErrOverflow", err)
		}
	})
	t.Run("a negative overflow is an error", func(t *testing.T) {
		_, err := money.Sum("EUR", eur(math.MinInt64+1), eur(-2))
		if !errors.Is(err, money.ErrOverflow) {
			t.Errorf("err = %v, want ErrOverflow", err)
		}
	})
	t.Run("an overflow that later parts would undo is still an error", func(t *testing.T) {
		_, err := money.Sum("EUR", eur(math.MaxInt64), eur(1), eur(-1))
		if !errors.Is(err, money.ErrOverflow) {
			t.Errorf("err = %v, want ErrOverflow", err)
		}
	})
	t.Run("another currency is refused", func(t *testing.T) {
		_, err := money.Sum("EUR", eur(1), money.Amount{Minor: 1, Currency: "USD"})
		if !errors.Is(err, money.ErrCurrencyMismatch) {
			t.Errorf("err = %v, want ErrCurrencyMismatch", err)
		}
	})
	t.Run("an unknown currency is refused", func(t *testing.T) {
		_, err := money.Sum("EURO")
		if !errors.Is(err, money.ErrUnknownCurrency) {
			t.Errorf("err = %v, want ErrUnknownCurrency", err)
		}
	})
}

func TestCurrencyTable(t *testing.T) {
	want := map[string]int{"UAH": 2, "EUR": 2, "USD": 2, "PLN": 2, "GBP": 2, "JPY": 0, "KRW": 0, "CLP": 0, "ISK": 0,
		"XOF": 0, "VND": 0, "KWD": 3, "BHD": 3, "JOD": 3, "OMR": 3, "TND": 3, "IQD": 3, "LYD": 3}
	for code, exp := range want {
		if got, ok := money.Exponent(code); !ok || got != exp {
			t.Errorf("Exponent(%s) = %d, %v; want %d", code, got, ok, exp)
		}
	}
	for _, code := range []string{"XAU", "XDR", "HRK", "LTL", "BYR", "UHA", "", "uah"} {
		if money.IsCurrency(code) {
			t.Errorf("IsCurrency(%q) = true, want false", code)
		}
	}
	if n := len(money.Currencies()); n < 150 || n > 170 {
		t.Errorf("%d currencies; the active ISO 4217 list has about 160", n)
	}
}
