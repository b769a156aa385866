package money

import (
	"sort"
	"strings"
)

// exponents holds every active ISO 4217 currency (the list of 2025, the
// same codes as internal/site) with its minor-unit exponent: how many
// decimal places an amount in it has. Most have 2; the ones with 0 or 3 are
// listed apart so that a reader can check them against the standard.
var exponents = func() map[string]int {
	const (
		two = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD " +
			"CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD " +
			"HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL " +
			"MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN " +
			"QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD " +
			"TZS UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG"
		zero  = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
		three = "BHD IQD JOD KWD LYD OMR TND"
	)
	m := make(map[string]int, 160)
	for exp, list := range map[int]string{2: two, 0: zero, 3: three} {
		for _, code := range strings.Fields(list) {
			m[code] = exp
		}
	}
	return m
}()

// Exponent is the number of decimal places of currency (2 for UAH, 0 for
// JPY, 3 for KWD) and whether currency is an active ISO 4217 code.
func Exponent(currency string) (int, bool) {
	e, ok := exponents[currency]
	return e, ok
}

// IsCurrency reports whether code is an active ISO 4217 currency code,
// written as the standard writes it (upper case).
func IsCurrency(code string) bool {
	_, ok := exponents[code]
	return ok
}

// Currencies lists the active ISO 4217 codes in alphabetical order.
func Currencies() []string {
	out := make([]string, 0, len(exponents))
	for c := range exponents {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// pow10 holds 10^0 … 10^18, every power of ten an int64 can hold.
var pow10 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()
