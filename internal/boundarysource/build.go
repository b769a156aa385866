package boundarysource

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Output file names, written by Build into outDir.
const (
	OblastsFile  = "oblasts.geojson"
	HromadasFile = "hromadas.geojson"
)

// ErrIncomplete means the sources could not be matched one to one with the
// codifier; Build then writes nothing. Report.Problems says what failed.
var ErrIncomplete = errors.New("boundarysource: sources do not match the codifier one to one")

// Report says how Build matched the source polygons to KATOTTH codes.
type Report struct {
	SourcePolygons    int      // features in hromady.geojson (1,472)
	Direct            int      // labelled with an admin-1 name: Kyiv, Sevastopol, AR Crimea
	MatchedByName     int      // by (oblast, raion, name) or (oblast, name)
	MatchedByOverride int      // by the hand-checked corrections of source id or spelling
	Unmatched         int      // source polygons without a code
	Missing           int      // codifier hromadas outside Crimea without a polygon
	Problems          []string // one line per unmatched, duplicate or missing unit
	Hromadas          int      // features written to hromadas.geojson
	Oblasts           int      // features written to oblasts.geojson
}

// Build reads the two sources from srcDir (checking their sha256), matches
// polygons to codes, cleans and dissolves the geometry in PostGIS through db,
// and writes OblastsFile and HromadasFile into outDir. The returned Report
// is filled as far as Build got, also when it returns an error.
func Build(ctx context.Context, db Querier, srcDir, outDir string) (Report, error) {
	var rep Report
	rawPolygons, err := readSource(srcDir, sources[0])
	if err != nil {
		return rep, err
	}
	rawCodifier, err := readSource(srcDir, sources[1])
	if err != nil {
		return rep, err
	}
	feats, err := parseHromady(rawPolygons)
	if err != nil {
		return rep, err
	}
	cod, err := readCodifier(bytes.NewReader(rawCodifier))
	if err != nil {
		return rep, fmt.Errorf("boundarysource: %w", err)
	}
	rep.SourcePolygons = len(feats)

	codes, err := matchAll(cod, feats, &rep)
	if err != nil {
		return rep, err
	}

	// Overlaps go to the earlier source polygon, except that the whole-Crimea
	// polygon yields to every other one (Sevastopol and the Kherson border).
	geoms := make([]string, len(feats))
	rank := make([]int32, len(feats))
	for i, f := range feats {
		geoms[i] = string(f.Geometry)
		rank[i] = int32(i)
		if cod.units[codes[i]].Category == "O" {
			rank[i] = int32(len(feats) + i)
		}
	}
	oblastKeys := make([]string, len(feats))
	for i, code := range codes {
		oblastKeys[i] = cod.units[code].Oblast
	}
	cleaned, oblastGeoms, err := cleanAndDissolve(ctx, db, geoms, rank, oblastKeys)
	if err != nil {
		return rep, err
	}
	hromadas := hromadaFeatures(cod, feats, codes, cleaned)
	oblasts, err := oblastFeatures(cod, hromadas, oblastGeoms)
	if err != nil {
		return rep, err
	}

	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return rep, fmt.Errorf("boundarysource: %w", err)
	}
	if err := writeCollection(filepath.Join(outDir, HromadasFile), hromadas); err != nil {
		return rep, err
	}
	rep.Hromadas = len(hromadas)
	if err := writeCollection(filepath.Join(outDir, OblastsFile), oblasts); err != nil {
		return rep, err
	}
	rep.Oblasts = len(oblasts)
	return rep, nil
}

// parseHromady reads the source FeatureCollection.
func parseHromady(data []byte) ([]sourceFeature, error) {
	var fc struct {
		Features []struct {
			Properties struct {
				ID      *int   `json:"id"`
				Region  string `json:"region"`
				Rayon   string `json:"rayon"`
				Hromada string `json:"hromada"`
			} `json:"properties"`
			Geometry json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("boundarysource: %s: %w", HromadyFile, err)
	}
	out := make([]sourceFeature, len(fc.Features))
	for i, f := range fc.Features {
		p := f.Properties
		if p.ID == nil || len(f.Geometry) == 0 || string(f.Geometry) == "null" {
			return nil, fmt.Errorf("boundarysource: %s: feature %d has no id or no geometry", HromadyFile, i)
		}
		out[i] = sourceFeature{ID: *p.ID, Region: p.Region, Raion: p.Rayon, Hromada: p.Hromada, Geometry: f.Geometry}
	}
	return out, nil
}

// matchAll finds the code of every source polygon and checks that the
// result is one to one with the codifier's hromadas outside Crimea.
func matchAll(cod *codifier, feats []sourceFeature, rep *Report) ([]string, error) {
	m := newMatcher(cod)
	codes := make([]string, len(feats))
	owner := make(map[string]int) // code -> source id
	for i, f := range feats {
		code, kind, err := m.match(f)
		switch kind {
		case matchDirect:
			rep.Direct++
		case matchName:
			rep.MatchedByName++
		case matchOverride:
			rep.MatchedByOverride++
		default:
			rep.Unmatched++
			rep.Problems = append(rep.Problems, err.Error())
			continue
		}
		if prev, dup := owner[code]; dup {
			rep.Problems = append(rep.Problems, fmt.Sprintf("source ids %d and %d both match %s", prev, f.ID, code))
		}
		owner[code] = f.ID
		codes[i] = code
	}
	for _, code := range cod.hromadas {
		if _, ok := owner[code]; ok || strings.HasPrefix(code, crimeaPCode) {
			continue
		}
		rep.Missing++
		rep.Problems = append(rep.Problems, fmt.Sprintf("no polygon for hromada %s %s", code, cod.units[code].Name))
	}
	if len(rep.Problems) > 0 {
		return nil, fmt.Errorf("%w: %d problems, first: %s", ErrIncomplete, len(rep.Problems), rep.Problems[0])
	}
	return codes, nil
}

// crimeaPCode prefixes the codes of AR Crimea, whose hromadas have no polygons.
const crimeaPCode = "UA01"

// feature is a GeoJSON Feature of the output files.
type feature struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Properties any             `json:"properties"`
	Geometry   json.RawMessage `json:"geometry"`
}

// hromadaProps are the properties of a hromadas.geojson feature.
type hromadaProps struct {
	Code         string  `json:"code"`
	PCode        string  `json:"pcode"`
	Category     string  `json:"category"`
	NameUK       string  `json:"name_uk"`
	NameEN       string  `json:"name_en"`
	HromadaType  *string `json:"hromada_type"`
	RaionCode    *string `json:"raion_code"`
	RaionPCode   *string `json:"raion_pcode"`
	RaionNameUK  *string `json:"raion_name_uk"`
	RaionNameEN  *string `json:"raion_name_en"`
	OblastCode   string  `json:"oblast_code"`
	OblastPCode  string  `json:"oblast_pcode"`
	OblastNameUK string  `json:"oblast_name_uk"`
	OblastNameEN string  `json:"oblast_name_en"`
	SourceName   string  `json:"source_name"`
	SourceRaion  string  `json:"source_raion"`
	SourceRegion string  `json:"source_region"`
}

// oblastProps are the properties of an oblasts.geojson feature.
type oblastProps struct {
	Code            string `json:"code"`
	PCode           string `json:"pcode"`
	ISO31662        string `json:"iso_3166_2"`
	Category        string `json:"category"`
	NameUK          string `json:"name_uk"`
	NameEN          string `json:"name_en"`
	NameUKShort     string `json:"name_uk_short"`
	NameENTranslit  string `json:"name_en_translit"`
	KATOTTHHromadas int    `json:"katotth_hromadas"`
	HromadaPolygons int    `json:"hromada_polygons"`
}

// hromadaFeatures builds the hromada layer: every polygon except the
// whole-Crimea one, in source order.
func hromadaFeatures(cod *codifier, feats []sourceFeature, codes, geoms []string) []feature {
	out := make([]feature, 0, len(feats))
	for i, f := range feats {
		u := cod.units[codes[i]]
		if u.Category == "O" {
			continue
		}
		obl := cod.units[u.Oblast]
		p := hromadaProps{
			Code: u.Code, Category: u.Category, NameUK: u.Name, NameEN: Romanize(u.Name),
			OblastCode: obl.Code, OblastPCode: obl.Code[:4], OblastNameUK: obl.Name, OblastNameEN: Romanize(obl.Name),
			SourceName: f.Hromada, SourceRaion: f.Raion, SourceRegion: f.Region,
		}
		if t := sourceType(f); t != "" {
			p.HromadaType = &t
		}
		if u.Category == "H" {
			r := cod.units[u.Raion]
			pc, en := r.Code[:6], Romanize(r.Name)
			p.PCode = u.Code[:9]
			p.RaionCode, p.RaionPCode, p.RaionNameUK, p.RaionNameEN = &r.Code, &pc, &r.Name, &en
		} else { // Kyiv, Sevastopol: the admin-3 P-code rule applied to a level-1 unit
			p.PCode = u.Code[:4] + "00000"
		}
		out = append(out, feature{Type: "Feature", ID: u.Code, Properties: p, Geometry: json.RawMessage(geoms[i])})
	}
	return out
}

// oblastFeatures builds the admin-1 layer, sorted by code, from the
// dissolved geometries.
func oblastFeatures(cod *codifier, hromadas []feature, geoms map[string]string) ([]feature, error) {
	polygons := make(map[string]int)
	for _, h := range hromadas {
		polygons[h.Properties.(hromadaProps).OblastCode]++
	}
	counts := cod.countHromadas()
	var out []feature
	for code, u := range cod.units {
		if !u.level1() {
			continue
		}
		gj, ok := geoms[code]
		if !ok {
			return nil, fmt.Errorf("boundarysource: no polygon for %s %s", code, u.Name)
		}
		pcode := code[:4]
		en, ok := oblastEnglish[pcode]
		if !ok {
			return nil, fmt.Errorf("boundarysource: no English name for %s %s", code, u.Name)
		}
		p := oblastProps{
			Code: code, PCode: pcode, ISO31662: iso3166(pcode), Category: u.Category,
			NameUK: oblastFullName(u), NameEN: en, NameUKShort: u.Name, NameENTranslit: Romanize(u.Name),
			KATOTTHHromadas: counts[code], HromadaPolygons: polygons[code],
		}
		out = append(out, feature{Type: "Feature", ID: code, Properties: p, Geometry: json.RawMessage(gj)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// writeCollection writes a FeatureCollection to path through a temporary
// file, so a reader never sees half a file.
func writeCollection(path string, feats []feature) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	fc := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{"FeatureCollection", feats}
	if err := enc.Encode(fc); err != nil {
		return fmt.Errorf("boundarysource: encode %s: %w", filepath.Base(path), err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.part")
	if err != nil {
		return fmt.Errorf("boundarysource: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("boundarysource: %w", err)
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("boundarysource: write %s: %w", filepath.Base(path), err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("boundarysource: write %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("boundarysource: %w", err)
	}
	return nil
}
