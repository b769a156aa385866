package boundarysource

import (
	"fmt"
	"strings"
)

// sourceFeature is one polygon of hromady.geojson with its labels.
type sourceFeature struct {
	ID       int
	Region   string // "Вінницька область"
	Raion    string // "Вінницький район" (2020 raion)
	Hromada  string // "Агрономічна сільська громада"
	Geometry []byte // GeoJSON geometry as read
}

// matchKind says how a source polygon got its KATOTTH code.
type matchKind int

const (
	matchNone     matchKind = iota
	matchDirect             // the label names an admin-1 unit: Kyiv, Sevastopol, AR Crimea
	matchName               // (oblast, raion, name) or (oblast, name)
	matchOverride           // byID or spelling below
)

// byID settles the source polygons that names cannot. Four pairs of
// same-name hromadas lie in one raion and differ only by type; each was
// given the unit whose namesake centre in the codifier has the matching
// category (city for міська, settlement for селищна, village for сільська),
// which also agrees with settlement counts and areas. Source id 341 carries
// the labels of 340 but is, by position and size, the Talalaivka settlement
// hromada of Prylutskyi raion.
var byID = map[int]string{
	340:  "UA74040330000024949", // Талалаївська сільська, Ніжинський
	341:  "UA74080190000091939", // Талалаївська селищна, Прилуцький (mislabelled in the source)
	727:  "UA59080130000022249", // Миколаївська селищна: settlement Mykolaivka
	289:  "UA59080150000013842", // Миколаївська сільська: village Mykolaivka
	1358: "UA51100370000040590", // Чорноморська міська: city Chornomorsk
	370:  "UA51100390000087217", // Чорноморська селищна: settlement Chornomorske
	1296: "UA12080090000039979", // Покровська міська: city Pokrov
	657:  "UA12080110000055958", // Покровська сільська: village Pokrovske
	1446: "UA23020030000059558", // "Андрівська селищна": settlement Andriivka (Андріївська)
	65:   "UA23020010000034566", // Андрівська сільська: village Andrivka
}

// typeByID corrects the hromada type of mislabelled source polygons.
var typeByID = map[int]string{341: "settlement"}

// spelling maps a normalised source name to the codifier's spelling.
var spelling = map[string]string{
	"сєверодонецька": "сєвєродонецька",
	"лутугінська":    "лутугинська",
}

// hromadaTypes turns the type word of a source label into hromada_type;
// "територіальна" (Donetsk and Luhansk, no 2020 election) has none.
var hromadaTypes = map[string]string{
	"міська":   "city",
	"селищна":  "settlement",
	"сільська": "rural",
}

var apostrophes = strings.NewReplacer("'", "ʼ", "’", "ʼ", "`", "ʼ", "ё", "е")

// normName reduces a name to its matching key: lower case, one apostrophe,
// single spaces, without the words "… громада", "район", "область".
func normName(s string) string {
	words := strings.Fields(apostrophes.Replace(strings.ToLower(s)))
	if n := len(words); n >= 3 && words[n-1] == "громада" {
		switch words[n-2] {
		case "міська", "сільська", "селищна", "територіальна":
			words = words[:n-2]
		}
	}
	if n := len(words); n >= 2 && (words[n-1] == "район" || words[n-1] == "область") {
		words = words[:n-1]
	}
	return strings.Join(words, " ")
}

// sourceType returns the hromada_type of a source polygon, or "".
func sourceType(f sourceFeature) string {
	if t, ok := typeByID[f.ID]; ok {
		return t
	}
	words := strings.Fields(f.Hromada)
	if n := len(words); n >= 2 && words[n-1] == "громада" {
		return hromadaTypes[words[n-2]]
	}
	return ""
}

// matcher finds the KATOTTH code of a source polygon.
type matcher struct {
	c        *codifier
	level1   map[string]string   // normalised name -> admin-1 code
	byRaion  map[string][]string // oblast|raion|name -> hromada codes
	byOblast map[string][]string // oblast|name -> hromada codes
}

func newMatcher(c *codifier) *matcher {
	m := &matcher{c: c, level1: map[string]string{}, byRaion: map[string][]string{}, byOblast: map[string][]string{}}
	for code, u := range c.units {
		if u.level1() {
			m.level1[normName(u.Name)] = code
		}
	}
	for _, code := range c.hromadas {
		u := c.units[code]
		name := normName(u.Name)
		rk := u.Oblast + "|" + normName(c.units[u.Raion].Name) + "|" + name
		m.byRaion[rk] = append(m.byRaion[rk], code)
		ok := u.Oblast + "|" + name
		m.byOblast[ok] = append(m.byOblast[ok], code)
	}
	return m
}

// match returns the code of f and how it was found, or an error saying why
// there is none.
func (m *matcher) match(f sourceFeature) (string, matchKind, error) {
	hromada := strings.TrimSpace(f.Hromada)
	if !strings.HasSuffix(hromada, "громада") {
		if code, ok := m.level1[normName(hromada)]; ok {
			return code, matchDirect, nil
		}
	}
	if code, ok := byID[f.ID]; ok {
		if _, known := m.c.units[code]; !known {
			return "", matchNone, fmt.Errorf("override for source id %d: code %s not in the codifier", f.ID, code)
		}
		return code, matchOverride, nil
	}
	oblast, ok := m.level1[normName(f.Region)]
	if !ok {
		return "", matchNone, fmt.Errorf("source id %d: region %q not in the codifier", f.ID, f.Region)
	}
	name, kind := normName(hromada), matchName
	if fixed, ok := spelling[name]; ok {
		name, kind = fixed, matchOverride
	}
	codes := m.byRaion[oblast+"|"+normName(f.Raion)+"|"+name]
	if len(codes) != 1 {
		codes = m.byOblast[oblast+"|"+name]
	}
	if len(codes) != 1 {
		return "", matchNone, fmt.Errorf("source id %d %q (%s, %s): %d codifier candidates", f.ID, hromada, f.Raion, f.Region, len(codes))
	}
	return codes[0], kind, nil
}
