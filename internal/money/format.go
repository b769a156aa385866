package money

import (
	"strconv"
	"strings"
)

// Format writes the amount for people reading lang ("uk", "uk-UA" or "en";
// anything else is written as "en"). Ukrainian groups thousands with a no-break
// space, uses a decimal comma and writes hryvnias as "грн":
// "1 234 567,89 грн", "-12,50 EUR". English groups with commas and uses a
// decimal point: "1,234,567.89 UAH". Parse reads both back.
func Format(a Amount, lang string) string {
	exp, ok := Exponent(a.Currency)
	if !ok {
		return a.String()
	}
	if strings.HasPrefix(lang, "uk") {
		unit := a.Currency
		if unit == "UAH" {
			unit = "грн"
		}
		return decimal(a.Minor, exp, ',', "\u00a0") + "\u00a0" + unit
	}
	return decimal(a.Minor, exp, '.', ",") + " " + a.Currency
}

// decimal writes minor units with exp decimal places, grouping the whole
// part by three with group (none when empty).
func decimal(minor int64, exp int, point byte, group string) string {
	neg := minor < 0
	u := uint64(minor) // two's complement: correct magnitude even for MinInt64
	if neg {
		u = -u
	}
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= exp {
		digits = strings.Repeat("0", exp-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-exp], digits[len(digits)-exp:]
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(whole); i++ {
		if i > 0 && group != "" && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteByte(whole[i])
	}
	if exp > 0 {
		b.WriteByte(point)
		b.WriteString(frac)
	}
	return b.String()
}
