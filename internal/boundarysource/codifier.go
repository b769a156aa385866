package boundarysource

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// unit is one KATOTTH unit of levels 1-3: an oblast or AR Crimea (category
// O), Kyiv or Sevastopol (K), a raion (P) or a hromada (H).
type unit struct {
	Code     string
	Category string
	Name     string // as in the codifier, trimmed
	Oblast   string // code of the admin-1 parent; the unit itself at level 1
	Raion    string // code of the raion; empty above level 3
}

// codifier is the part of KATOTTH that the boundary files need.
type codifier struct {
	units    map[string]unit
	hromadas []string // H codes in file order
}

// level1 reports whether u is an admin-1 unit.
func (u unit) level1() bool { return u.Category == "O" || u.Category == "K" }

// readCodifier parses the ministry's CSV: UTF-8, ';'-separated, CRLF, a
// header row, then level 1-4 codes, the additional level, the category and
// the name. Rows below hromada level are skipped.
func readCodifier(r io.Reader) (*codifier, error) {
	cr := csv.NewReader(r)
	cr.Comma = ';'
	cr.FieldsPerRecord = 7
	cr.ReuseRecord = true
	c := &codifier{units: make(map[string]unit)}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("codifier: %w", err)
		}
		if line == 1 {
			continue // header
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		l1, l2, l3, cat, name := rec[0], rec[1], rec[2], rec[5], rec[6]
		var u unit
		switch {
		case (cat == "O" || cat == "K") && l2 == "":
			u = unit{Code: l1, Category: cat, Name: name, Oblast: l1}
		case cat == "P":
			u = unit{Code: l2, Category: cat, Name: name, Oblast: l1}
		case cat == "H":
			u = unit{Code: l3, Category: cat, Name: name, Oblast: l1, Raion: l2}
			c.hromadas = append(c.hromadas, l3)
		default:
			continue
		}
		if len(u.Code) != 19 || !strings.HasPrefix(u.Code, "UA") {
			return nil, fmt.Errorf("codifier: line %d: bad code %q", line, u.Code)
		}
		if _, dup := c.units[u.Code]; dup {
			return nil, fmt.Errorf("codifier: line %d: code %s appears twice", line, u.Code)
		}
		c.units[u.Code] = u
	}
	for _, code := range c.hromadas {
		h := c.units[code]
		if c.units[h.Raion].Category != "P" || !c.units[h.Oblast].level1() {
			return nil, fmt.Errorf("codifier: hromada %s has no raion or oblast", code)
		}
	}
	return c, nil
}

// countHromadas returns how many hromadas the codifier lists per admin-1 code.
func (c *codifier) countHromadas() map[string]int {
	n := make(map[string]int)
	for _, code := range c.hromadas {
		n[c.units[code].Oblast]++
	}
	return n
}
