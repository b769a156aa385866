package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb/maptile"

	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// summaryOf is each unit's properties in a summary answer, by code.
func (w *world) summaryOf(path string) map[string]map[string]any {
	w.t.Helper()
	status, body := w.call("public", "GET", path, "", nil)
	var fc struct {
		Features []struct {
			ID         string         `json:"id"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &fc) != nil || len(fc.Features) == 0 {
		w.t.Fatalf("GET %s: %d %.300s", path, status, body)
	}
	out := map[string]map[string]any{}
	for _, f := range fc.Features {
		out[f.ID] = f.Properties
	}
	return out
}

// listedIDs is the ids of a site or project list answer.
func (w *world) listedIDs(path string) map[int64]bool {
	w.t.Helper()
	status, body := w.call("public", "GET", path, "", nil)
	var fc struct {
		Features []struct {
			ID int64 `json:"id"`
		} `json:"features"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &fc) != nil {
		w.t.Fatalf("GET %s: %d %.300s", path, status, body)
	}
	out := map[int64]bool{}
	for _, f := range fc.Features {
		out[f.ID] = true
	}
	return out
}

// TestTheMapSelectionIsObeyedEverywhere: the filters a person sets in
// Explore — a span of dates of damage, a donor, a minimum gap, besides
// the kinds — narrow the lists, the tiles and the oblast and hromada
// figures alike.
func TestTheMapSelectionIsObeyedEverywhere(t *testing.T) {
	w := newWorld(t, false)
	dated := func(point, category, day string) int64 {
		date := "null"
		if day != "" {
			date = `"` + day + `"`
		}
		return w.must("POST", "/api/v1/sites", "application/geo+json",
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[`+point+`]},`+
				`"properties":{"name":"Будинок","category":"`+category+`","damage":"light","damaged_on":`+date+`}}`, 201)
	}
	early := dated("36.2401,49.9901", "housing", "2022-03-01")
	mid := dated("36.2402,49.9902", "education", "2023-06-15")
	undated := dated("36.2403,49.9903", "housing", "")
	kyiv := dated("30.5301,50.4401", "housing", "2023-07-01")
	const in2023 = "damaged_from=2023-01-01&damaged_to=2023-12-31"

	t.Run("the site list keeps the sites damaged in the span", func(t *testing.T) {
		got := w.listedIDs("/api/v1/sites?limit=1000&" + in2023)
		if !got[mid] || !got[kyiv] || got[early] || got[undated] {
			t.Errorf("sites damaged in 2023: %v; want %d and %d, not %d nor the undated %d", got, mid, kyiv, early, undated)
		}
		got = w.listedIDs("/api/v1/sites?limit=1000&damaged_to=2022-12-31")
		if !got[early] || got[mid] || got[undated] {
			t.Errorf("sites damaged up to 2022: %v", got)
		}
		for query, field := range map[string]string{
			"damaged_from=2023-13-01":                         "damaged_from",
			"damaged_to=yesterday":                            "damaged_to",
			"damaged_from=2023-06-01&damaged_to=2023-05-31":   "damaged_to",
			"damaged_from=2023-06-01&damaged_to=2023-05-31&x": "damaged_to",
		} {
			status, body := w.call("public", "GET", "/api/v1/sites?"+query, "", nil)
			if status != 400 || !strings.Contains(string(body), `"`+field+`"`) {
				t.Errorf("%s: %d %s; want 400 naming %s", query, status, body, field)
			}
		}
	})

	t.Run("the exports and the OGC API keep the same span", func(t *testing.T) {
		status, body := w.call("public", "GET", "/api/v1/export/sites.csv?"+in2023, "", nil)
		lines := strings.Count(strings.TrimSpace(string(body)), "\n") // the header is one line more than the rows
		if status != 200 || !strings.Contains(string(body), fmt.Sprintf("\n%d,", mid)) || strings.Contains(string(body), fmt.Sprintf("\n%d,", early)) {
			t.Errorf("CSV of 2023: %d, %d rows\n%s", status, lines, body)
		}
		got := w.listedIDs("/ogc/collections/sites/items?f=json&limit=1000&datetime=2023-01-01T00:00:00Z/2023-12-31T00:00:00Z")
		if !got[mid] || !got[kyiv] || got[early] || got[undated] {
			t.Errorf("OGC items of 2023: %v", got)
		}
	})

	t.Run("far-out tiles count only the sites damaged in the span", func(t *testing.T) {
		tl := tileOf(36.24, 49.99, 6)
		count := func(query string) float64 {
			ls, _ := w.getTile("sites", tl, query)
			n := 0.0
			for _, c := range features(ls, "sites") {
				n += c["n"].(float64)
			}
			return n
		}
		b := tl.Bound()
		listed := w.listedIDs(fmt.Sprintf("/api/v1/sites?limit=1000&bbox=%f,%f,%f,%f&%s", b.Min[0], b.Min[1], b.Max[0], b.Max[1], in2023))
		all, dated := count(""), count("?"+in2023)
		if dated != float64(len(listed)) || dated < 1 || all < dated+2 {
			t.Errorf("z6 tile: %v sites in all, %v damaged in 2023, the list says %d", all, dated, len(listed))
		}
		ls, _ := w.getTile("sites", tileOf(36.2402, 49.9902, maptile.Zoom(14)), "?"+in2023)
		var ids []any
		for _, f := range features(ls, "sites") {
			ids = append(ids, f["_id"])
		}
		if s := fmt.Sprint(ids); !strings.Contains(s, fmt.Sprint(mid)) || strings.Contains(s, fmt.Sprint(early)) {
			t.Errorf("z14 tile of 2023: ids %v; want %d and not %d", ids, mid, early)
		}
	})

	t.Run("the oblast and hromada figures follow the filters", func(t *testing.T) {
		plain := w.summaryOf("/api/v1/oblasts?zoom=5")
		// Every kind ticked is the same as none: the counts made afresh
		// agree with the totals the database keeps.
		var cats, states []string
		for _, c := range site.Categories {
			cats = append(cats, string(c))
		}
		for _, s := range project.States {
			states = append(states, string(s))
		}
		everything := w.summaryOf("/api/v1/oblasts?zoom=5&category=" + strings.Join(cats, ",") + "&state=" + strings.Join(states, ","))
		for code, p := range plain {
			a, b := jsonOf(p), jsonOf(everything[code])
			if a != b {
				t.Errorf("oblast %s: kept totals %s\n  counted afresh %s", code, a, b)
			}
		}
		dated := w.summaryOf("/api/v1/oblasts?zoom=5&" + in2023)
		inA := w.listedIDs("/api/v1/sites?limit=1000&oblast=" + w.oblastA + "&" + in2023)
		if got := dated[w.oblastA]["sites"]; got != float64(len(inA)) || len(inA) == 0 {
			t.Errorf("sites of oblast A damaged in 2023: %v, the list says %d", got, len(inA))
		}
		if plain[w.oblastA]["sites"].(float64) <= dated[w.oblastA]["sites"].(float64) {
			t.Errorf("the span did not narrow oblast A: %v of %v", dated[w.oblastA]["sites"], plain[w.oblastA]["sites"])
		}
		h := w.summaryOf("/api/v1/oblasts/" + w.oblastA + "/hromadas?zoom=8&category=education")
		if got := h[w.hromadaA]["by_category"].(map[string]any); got["housing"] != 0.0 || got["education"] == 0.0 {
			t.Errorf("hromada A with education only: %v", got)
		}
		if status, body := w.call("public", "GET", "/api/v1/oblasts?damaged_from=2023-02-30", "", nil); status != 400 ||
			!strings.Contains(string(body), "damaged_from") {
			t.Errorf("a bad date in the summary: %d %s", status, body)
		}
	})

	t.Run("a donor's projects are its own on the map, in the list and in the money", func(t *testing.T) {
		funded := w.project(early)
		other := w.project(mid)
		w.must("POST", "/api/v1/projects/"+itoa(funded)+"/funding", "application/json",
			`{"organisation_id":`+itoa(w.orgA)+`,"kind":"commitment","amount":{"amount_minor":500000,"currency":"UAH"},"date":"2025-05-01"}`, 201)
		donor := "donor=" + itoa(w.orgA)
		if got := w.listedIDs("/api/v1/projects?" + donor); !got[funded] || got[other] {
			t.Errorf("projects of the donor: %v", got)
		}
		ls, _ := w.getTile("projects", tileOf(36.24, 49.99, 8), "?"+donor)
		if p := features(ls, "projects"); len(p) != 1 || p[0]["n"] != 1.0 {
			t.Errorf("projects by hromada of the donor at z8: %s", jsonOf(p))
		}
		ls, _ = w.getTile("projects", tileOf(36.2401, 49.9901, 14), "?"+donor)
		if p := features(ls, "projects"); len(p) != 1 || fmt.Sprint(p[0]["_id"]) != fmt.Sprint(funded) {
			t.Errorf("project points of the donor: %s", jsonOf(p))
		}
		all := w.summaryOf("/api/v1/oblasts?zoom=5")[w.oblastA]
		mine := w.summaryOf("/api/v1/oblasts?zoom=5&" + donor)[w.oblastA]
		committed := func(p map[string]any) any { return p["money"].(map[string]any)["UAH"].(map[string]any)["committed"] }
		if all["projects"] != 2.0 || mine["projects"] != 1.0 || committed(mine) != 500000.0 || committed(all) != 500000.0 {
			t.Errorf("oblast A: all %v projects, the donor's %v; committed %v", all["projects"], mine["projects"], committed(mine))
		}
		if status, _ := w.call("public", "GET", "/api/v1/oblasts?donor=zero", "", nil); status != 400 {
			t.Errorf("a bad donor in the summary: %d", status)
		}
	})
}
