package boundarysource

import (
	"strings"
	"unicode"
)

// romanBase maps lower-case Ukrainian letters to their Latin form under
// Cabinet of Ministers resolution No. 55 of 27 January 2010. The soft sign
// and the apostrophe have no Latin form and are dropped.
var romanBase = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e",
	'ж': "zh", 'з': "z", 'и': "y", 'і': "i", 'к': "k", 'л': "l", 'м': "m",
	'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ь': "", '\'': "", '’': "", 'ʼ': "", '`': "",
}

// romanIotated holds the five letters that the resolution writes one way at
// the start of a word and another way inside it.
var romanIotated = map[rune][2]string{ // [word start, inside a word]
	'є': {"ye", "ie"},
	'ї': {"yi", "i"},
	'й': {"y", "i"},
	'ю': {"yu", "iu"},
	'я': {"ya", "ia"},
}

// isApostrophe reports whether r is one of the characters used for the
// Ukrainian apostrophe; it belongs to the word it stands in.
func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '`'
}

// Romanize transliterates a Ukrainian name by resolution No. 55 of 2010:
// "зг" is "zgh" (so it cannot be read as "zh"), є ї й ю я take their
// initial forms at the start of a word, and the soft sign and apostrophe
// are dropped. Characters outside the Ukrainian alphabet are kept.
func Romanize(s string) string {
	runes := []rune(strings.TrimSpace(s))
	var b strings.Builder
	inWord := false
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		lower := unicode.ToLower(r)
		var latin string
		switch {
		case lower == 'з' && i+1 < len(runes) && unicode.ToLower(runes[i+1]) == 'г':
			latin = "zgh"
			i++
		case romanIotated[lower] != [2]string{}:
			forms := romanIotated[lower]
			if inWord {
				latin = forms[1]
			} else {
				latin = forms[0]
			}
		default:
			l, ok := romanBase[lower]
			if !ok {
				l = string(r)
			}
			latin = l
		}
		if lower != r && latin != "" { // capital letter: capitalise its first Latin letter only
			first := []rune(latin)
			first[0] = unicode.ToUpper(first[0])
			latin = string(first)
		}
		b.WriteString(latin)
		inWord = unicode.IsLetter(r) || isApostrophe(r)
	}
	return b.String()
}
