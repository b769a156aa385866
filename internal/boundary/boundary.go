// Package boundary holds Ukraine's administrative units — oblasts and
// hromadas with their KATOTTH codes — and reads them from GeoJSON files.
package boundary

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"regexp"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/geo"
)

// Level is an administrative level in KATOTTH terms.
type Level int

// The levels Vidbudova keeps.
const (
	Oblast  Level = 1
	Hromada Level = 3
)

func (l Level) String() string {
	if l == Oblast {
		return "oblast"
	}
	return "hromada"
}

// maxVertices bounds one unit's outline; the largest oblast has tens of
// thousands, a broken file could have millions.
const maxVertices = 2_000_000

// codePattern is a KATOTTH code: "UA" and 17 digits.
var codePattern = regexp.MustCompile(`^UA[0-9]{17}$`)

// ValidCode reports whether s looks like a KATOTTH code.
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// Unit is one oblast or hromada.
type Unit struct {
	Level       Level
	Code        string
	Pcode       string
	Category    string // O oblast, K city with special status, H hromada
	NameUK      string
	NameEN      string
	ISO3166     string // oblasts only
	OblastCode  string // hromadas only
	RaionCode   string
	RaionNameUK string
	RaionNameEN string
	HromadaType string // city, settlement, rural or ""
	Geometry    orb.MultiPolygon
}

// ImportReport says what an import did.
type ImportReport struct {
	Unchanged               bool // the same files were imported before
	Oblasts, Hromadas       int  // units in the files
	NewOblasts, NewHromadas int  // of those, units the database did not have
	SitesPlaced             int  // existing sites placed again in the new boundaries
}

// Store keeps the units.
type Store interface {
	// ImportBoundaries replaces the units in one transaction; checksum
	// identifies the input so that a repeated import does nothing.
	ImportBoundaries(ctx context.Context, oblasts, hromadas []Unit, checksum string) (ImportReport, error)
}

type featureCollection struct {
	Type     string            `json:"type"`
	Features []json.RawMessage `json:"features"`
}

type feature struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties struct {
		Code        string  `json:"code"`
		Pcode       string  `json:"pcode"`
		Category    string  `json:"category"`
		NameUK      string  `json:"name_uk"`
		NameEN      string  `json:"name_en"`
		ISO3166     string  `json:"iso_3166_2"`
		OblastCode  string  `json:"oblast_code"`
		RaionCode   *string `json:"raion_code"`
		RaionNameUK *string `json:"raion_name_uk"`
		RaionNameEN *string `json:"raion_name_en"`
		HromadaType *string `json:"hromada_type"`
	} `json:"properties"`
}

// Read parses a GeoJSON FeatureCollection of units of one level. A
// malformed file is refused with the number of the feature (1-based) and
// the reason. It also returns the SHA-256 of the bytes read.
func Read(r io.Reader, level Level) ([]Unit, string, error) {
	h := sha256.New()
	data, err := io.ReadAll(io.TeeReader(r, h))
	if err != nil {
		return nil, "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	var fc featureCollection
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, "", fmt.Errorf("not a GeoJSON file: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, "", fmt.Errorf("not a GeoJSON FeatureCollection (type %q)", fc.Type)
	}
	if len(fc.Features) == 0 {
		return nil, "", fmt.Errorf("the file has no features")
	}
	units := make([]Unit, 0, len(fc.Features))
	seen := make(map[string]int, len(fc.Features))
	for i, raw := range fc.Features {
		u, err := readFeature(raw, level)
		if err != nil {
			return nil, "", fmt.Errorf("feature %d: %w", i+1, err)
		}
		if prev, dup := seen[u.Code]; dup {
			return nil, "", fmt.Errorf("feature %d: code %s repeats feature %d", i+1, u.Code, prev)
		}
		seen[u.Code] = i + 1
		units = append(units, u)
	}
	return units, sum, nil
}

func readFeature(raw json.RawMessage, level Level) (Unit, error) {
	var f feature
	if err := json.Unmarshal(raw, &f); err != nil {
		return Unit{}, fmt.Errorf("not a GeoJSON feature: %w", err)
	}
	p := f.Properties
	u := Unit{Level: level, Code: p.Code, Pcode: p.Pcode, Category: p.Category, NameUK: p.NameUK, NameEN: p.NameEN,
		ISO3166: p.ISO3166, OblastCode: p.OblastCode,
		RaionCode: deref(p.RaionCode), RaionNameUK: deref(p.RaionNameUK), RaionNameEN: deref(p.RaionNameEN),
		HromadaType: deref(p.HromadaType)}
	if !ValidCode(u.Code) {
		return Unit{}, fmt.Errorf("properties.code %q is not a KATOTTH code (UA and 17 digits)", u.Code)
	}
	if u.NameUK == "" || u.NameEN == "" {
		return Unit{}, fmt.Errorf("%s: properties.name_uk and name_en are required", u.Code)
	}
	switch level {
	case Oblast:
		if u.Category != "O" && u.Category != "K" {
			return Unit{}, fmt.Errorf("%s: properties.category %q is not an admin-1 category (O or K)", u.Code, u.Category)
		}
	case Hromada:
		if u.Category != "H" && u.Category != "K" {
			return Unit{}, fmt.Errorf("%s: properties.category %q is not a hromada category (H or K)", u.Code, u.Category)
		}
		if !ValidCode(u.OblastCode) {
			return Unit{}, fmt.Errorf("%s: properties.oblast_code %q is not a KATOTTH code", u.Code, u.OblastCode)
		}
		switch u.HromadaType {
		case "", "city", "settlement", "rural":
		default:
			return Unit{}, fmt.Errorf("%s: properties.hromada_type %q is not city, settlement or rural", u.Code, u.HromadaType)
		}
	}
	if u.Pcode == "" {
		u.Pcode = u.Code[:4]
	}
	g, err := geo.ParseGeometry(f.Geometry, "geometry", maxVertices, "Polygon", "MultiPolygon")
	if err != nil {
		return Unit{}, fmt.Errorf("%s: %w", u.Code, err)
	}
	switch g := g.(type) {
	case orb.Polygon:
		u.Geometry = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		u.Geometry = g
	}
	return u, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
