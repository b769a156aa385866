package money

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParseError says why a text is not an amount, in English and in Ukrainian,
// so that the person who typed it can fix it. Err is ErrUnknownCurrency,
// ErrTooManyDecimals, ErrOverflow or nil (the text is not a number).
type ParseError struct {
	Input    string
	Reason   string
	ReasonUK string
	Err      error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("money: %q: %s", e.Input, e.Reason)
}

func (e *ParseError) Unwrap() error { return e.Err }

// groupSpaces are the characters people put between groups of three
// digits: the space, the no-break space a word processor puts in "1 234,56",
// the narrow no-break space, the figure space and the thin space.
const groupSpaces = " \u00a0\u202f\u2007\u2009"

// Parse reads an amount of currency written by a person or a spreadsheet:
// "1234.56", "1234,56", "1 234,56" (groups of three separated by a space or
// a no-break space), "-12.5", "−12,5" (the typographic minus), "+7". It
// refuses a text with both "." and "," (is "1,234.56" a thousand or one?),
// more decimal places than the currency has (ErrTooManyDecimals: "1,234"
// for hryvnias), a group that is not three digits ("12 34"), and an amount
// beyond the int64 range of minor units (ErrOverflow). A negative amount is
// returned as such: whether it is allowed is the caller's rule.
func Parse(s string, currency string) (Amount, error) {
	fail := func(reason, reasonUK string, err error) (Amount, error) {
		return Amount{}, &ParseError{Input: s, Reason: reason, ReasonUK: reasonUK, Err: err}
	}
	exp, ok := Exponent(currency)
	if !ok {
		return fail(fmt.Sprintf("%q is not an ISO 4217 currency code", currency),
			fmt.Sprintf("%q не є кодом валюти ISO 4217", currency), ErrUnknownCurrency)
	}
	t := strings.Trim(s, groupSpaces+"\t\n\r")
	neg := false
	switch {
	case strings.HasPrefix(t, "-"):
		neg, t = true, t[1:]
	case strings.HasPrefix(t, "\u2212"):
		neg, t = true, t[len("\u2212"):]
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	if t == "" {
		return fail("the amount is empty", "сума порожня", nil)
	}
	if strings.Count(t, ".")+strings.Count(t, ",") > 1 {
		return fail(`use one decimal separator, "." or ",", and no thousands separator other than a space`,
			`використайте один десятковий роздільник, «.» або «,», а розряди відокремлюйте лише пробілом`, nil)
	}
	whole, frac, hasSep := strings.Cut(strings.ReplaceAll(t, ",", "."), ".")
	if whole == "" {
		return fail("there is no digit before the decimal separator", "перед десятковим роздільником немає цифри", nil)
	}
	if hasSep && frac == "" {
		return fail("there is no digit after the decimal separator", "після десяткового роздільника немає цифри", nil)
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return strings.ContainsRune(groupSpaces, r) })
	if len(groups) > 1 {
		// FieldsFunc drops empty fields, so two spaces in a row or a space
		// before the sign's digits would pass unnoticed without this check.
		if strings.Join(groups, "") != stripOne(whole, groups) {
			return fail("digits are separated by more than one space", "між цифрами більше ніж один пробіл", nil)
		}
		for i, g := range groups {
			if (i == 0 && len(g) > 3) || (i > 0 && len(g) != 3) {
				return fail("digits must be grouped by three: 1 234 567,89", "цифри групують по три: 1 234 567,89", nil)
			}
		}
	}
	digits := strings.Join(groups, "")
	if !allDigits(digits) || !allDigits(frac) {
		return fail("the amount may hold only digits, a sign, one decimal separator and spaces between groups of three",
			"сума може містити лише цифри, знак, один десятковий роздільник і пробіли між групами по три цифри", nil)
	}
	if len(frac) > exp {
		if exp == 0 {
			return fail(fmt.Sprintf("%s has no minor unit: write a whole number", currency),
				fmt.Sprintf("%s не має дробової частини: напишіть ціле число", currency), ErrTooManyDecimals)
		}
		return fail(fmt.Sprintf("%s has %d decimal places, the amount has %d", currency, exp, len(frac)),
			fmt.Sprintf("%s має %d знаки після коми, а в сумі їх %d", currency, exp, len(frac)), ErrTooManyDecimals)
	}
	minor, ok := digitsValue(digits + frac + strings.Repeat("0", exp-len(frac)))
	if !ok {
		return fail("the amount is too large", "сума завелика", ErrOverflow)
	}
	if neg {
		minor = -minor
	}
	return Amount{Minor: minor, Currency: currency}, nil
}

// stripOne rebuilds whole with exactly one space between the groups
// removed: it equals the joined groups only when every gap was one rune.
func stripOne(whole string, groups []string) string {
	var b strings.Builder
	rest := whole
	for i, g := range groups {
		j := strings.Index(rest, g)
		if j < 0 || (i == 0 && j != 0) || (i > 0 && utf8.RuneCountInString(rest[:j]) != 1) {
			return ""
		}
		b.WriteString(g)
		rest = rest[j+len(g):]
	}
	if rest != "" {
		return ""
	}
	return b.String()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digitsValue is the value of a string of ASCII digits, or false when it
// does not fit in an int64.
func digitsValue(s string) (int64, bool) {
	var v int64
	for i := 0; i < len(s); i++ {
		var ok bool
		if v, ok = mul64(v, 10); !ok {
			return 0, false
		}
		if v, ok = add64(v, int64(s[i]-'0')); !ok {
			return 0, false
		}
	}
	return v, true
}
