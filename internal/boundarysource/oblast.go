package boundarysource

import "strings"

// oblastEnglish gives the conventional English name of each admin-1 unit by
// its P-code (the first four characters of the KATOTTH code). These are the
// names in common English use, not transliterations.
var oblastEnglish = map[string]string{
	"UA01": "Autonomous Republic of Crimea",
	"UA05": "Vinnytsia Oblast",
	"UA07": "Volyn Oblast",
	"UA12": "Dnipropetrovsk Oblast",
	"UA14": "Donetsk Oblast",
	"UA18": "Zhytomyr Oblast",
	"UA21": "Zakarpattia Oblast",
	"UA23": "Zaporizhzhia Oblast",
	"UA26": "Ivano-Frankivsk Oblast",
	"UA32": "Kyiv Oblast",
	"UA35": "Kirovohrad Oblast",
	"UA44": "Luhansk Oblast",
	"UA46": "Lviv Oblast",
	"UA48": "Mykolaiv Oblast",
	"UA51": "Odesa Oblast",
	"UA53": "Poltava Oblast",
	"UA56": "Rivne Oblast",
	"UA59": "Sumy Oblast",
	"UA61": "Ternopil Oblast",
	"UA63": "Kharkiv Oblast",
	"UA65": "Kherson Oblast",
	"UA68": "Khmelnytskyi Oblast",
	"UA71": "Cherkasy Oblast",
	"UA73": "Chernivtsi Oblast",
	"UA74": "Chernihiv Oblast",
	"UA80": "Kyiv",
	"UA85": "Sevastopol",
}

// isoExceptions lists the admin-1 units whose ISO 3166-2 number is not the
// KATOTTH one; ISO kept the older KOATUU numbering for these five.
var isoExceptions = map[string]string{
	"UA01": "UA-43",
	"UA44": "UA-09",
	"UA73": "UA-77",
	"UA80": "UA-30",
	"UA85": "UA-40",
}

// iso3166 returns the ISO 3166-2 code of the admin-1 unit with P-code pcode.
func iso3166(pcode string) string {
	if iso, ok := isoExceptions[pcode]; ok {
		return iso
	}
	return "UA-" + strings.TrimPrefix(pcode, "UA")
}

// oblastFullName turns the codifier's short admin-1 name ("Вінницька") into
// the full one ("Вінницька область"); AR Crimea and the two cities are
// already written in full.
func oblastFullName(u unit) string {
	if u.Category == "O" && !strings.HasPrefix(u.Name, "Автономна") {
		return u.Name + " область"
	}
	return u.Name
}
