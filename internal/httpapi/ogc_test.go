package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// ogcGet sends a GET as one of the world's accounts and returns the
// response with its body.
func (w *world) ogcGet(as, path string, header ...string) (*http.Response, []byte) {
	w.t.Helper()
	req, err := http.NewRequest(http.MethodGet, w.ts.URL+path, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	if tok := w.tokens[as]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := w.ts.Client().Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return res, b
}

type ogcLinkDoc struct {
	Href, Rel, Type string
}

// ogcPage is an items response as a client reads it.
type ogcPage struct {
	Type     string `json:"type"`
	Features []struct {
		ID       json.RawMessage `json:"id"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	NumberMatched  *int64       `json:"numberMatched"`
	NumberReturned *int         `json:"numberReturned"`
	TimeStamp      string       `json:"timeStamp"`
	Links          []ogcLinkDoc `json:"links"`
}

func (p ogcPage) link(rel string) (ogcLinkDoc, bool) {
	for _, l := range p.Links {
		if l.Rel == rel {
			return l, true
		}
	}
	return ogcLinkDoc{}, false
}

// items reads a page of items as the public, which must succeed.
func (w *world) items(path string) ogcPage {
	w.t.Helper()
	res, body := w.ogcGet("public", path)
	if res.StatusCode != http.StatusOK {
		w.t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/geo+json" {
		w.t.Errorf("GET %s: Content-Type %q, want application/geo+json", path, ct)
	}
	var p ogcPage
	if err := json.Unmarshal(body, &p); err != nil {
		w.t.Fatalf("GET %s: %v in %.300s", path, err, body)
	}
	if p.Type != "FeatureCollection" || p.NumberMatched == nil || p.NumberReturned == nil || p.TimeStamp == "" ||
		*p.NumberReturned != len(p.Features) {
		w.t.Errorf("GET %s: not a full OGC page: %.300s", path, body)
	}
	return p
}

func (w *world) matched(path string) int64 {
	w.t.Helper()
	return *w.items(path).NumberMatched
}

func ogcSite(point, category, extra string) string {
	return `{"type":"Feature","geometry":{"type":"Point","coordinates":[` + point + `]},` +
		`"properties":{"name":"Об'єкт","category":"` + category + `","damage":"severe"` + extra + `}}`
}

func TestOGCLandingConformanceAndCollections(t *testing.T) {
	w := newWorld(t, false)
	var landing struct {
		Title string
		Links []ogcLinkDoc
	}
	res, body := w.ogcGet("public", "/ogc")
	if res.StatusCode != 200 || json.Unmarshal(body, &landing) != nil || landing.Title == "" {
		t.Fatalf("landing page: %d %s", res.StatusCode, body)
	}
	rels := map[string]ogcLinkDoc{}
	for _, l := range landing.Links {
		rels[l.Rel] = l
	}
	for rel, want := range map[string]string{"self": "/ogc?f=json", "alternate": "/ogc?f=html", "service-desc": "/api/v1/openapi.yaml",
		"service-doc": "/ogc/api", "conformance": "/ogc/conformance", "data": "/ogc/collections"} {
		if l, ok := rels[rel]; !ok || l.Href != w.ts.URL+want {
			t.Errorf("the landing page's %s link is %+v, want %s", rel, l, want)
		}
	}
	if rels["service-desc"].Type != "application/vnd.oai.openapi;version=3.0" {
		t.Errorf("service-desc type %q", rels["service-desc"].Type)
	}
	if res, _ := w.ogcGet("public", "/ogc/api"); res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("the service doc answers %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}

	var conf struct{ ConformsTo []string }
	_, body = w.ogcGet("public", "/ogc/conformance")
	if err := json.Unmarshal(body, &conf); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"core", "geojson", "html", "oas30"} {
		if !slices.Contains(conf.ConformsTo, "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/"+c) {
			t.Errorf("conformance lacks %s: %s", c, body)
		}
	}

	type collection struct {
		ID     string
		Title  string
		Links  []ogcLinkDoc
		Extent struct {
			Spatial struct {
				BBox [][]float64
				CRS  string
			}
			Temporal *struct{ Interval [][]*string }
		}
		ItemType string
		CRS      []string
	}
	var list struct{ Collections []collection }
	_, body = w.ogcGet("public", "/ogc/collections")
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range list.Collections {
		ids = append(ids, c.ID)
		if c.ItemType != "feature" || !slices.Equal(c.CRS, []string{"http://www.opengis.net/def/crs/OGC/1.3/CRS84"}) ||
			len(c.Extent.Spatial.BBox) != 1 || len(c.Extent.Spatial.BBox[0]) != 4 || c.Title == "" {
			t.Errorf("collection %s is incomplete: %+v", c.ID, c)
		}
		if b := c.Extent.Spatial.BBox[0]; b[0] > 22.14 || b[1] > 44.39 || b[2] < 40.22 || b[3] < 52.37 {
			t.Errorf("collection %s's extent %v does not hold Ukraine", c.ID, b)
		}
		if (c.Extent.Temporal != nil) != (c.ID == "sites" || c.ID == "projects") {
			t.Errorf("collection %s's temporal extent: %+v", c.ID, c.Extent.Temporal)
		}
		items := false
		for _, l := range c.Links {
			items = items || l.Rel == "items" && l.Type == "application/geo+json" && l.Href == w.ts.URL+"/ogc/collections/"+c.ID+"/items"
		}
		if !items {
			t.Errorf("collection %s has no GeoJSON items link: %+v", c.ID, c.Links)
		}
		var one collection
		if _, body := w.ogcGet("public", "/ogc/collections/"+c.ID); json.Unmarshal(body, &one) != nil || one.ID != c.ID {
			t.Errorf("GET /ogc/collections/%s: %s", c.ID, body)
		}
	}
	if !slices.Equal(ids, []string{"sites", "projects", "oblasts", "hromadas"}) {
		t.Errorf("collections %v", ids)
	}
	if res, _ := w.ogcGet("public", "/ogc/collections/roads"); res.StatusCode != 404 {
		t.Errorf("an unknown collection answers %d", res.StatusCode)
	}
	res, _ = w.ogcGet("public", "/ogc/collections", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Errorf("a browser gets %s", res.Header.Get("Content-Type"))
	}
	for _, accept := range []string{"", "*/*", "application/json", "application/geo+json, application/json"} {
		if res, _ := w.ogcGet("public", "/ogc/collections", "Accept", accept); res.Header.Get("Content-Type") != "application/json" {
			t.Errorf("Accept %q gets %s", accept, res.Header.Get("Content-Type"))
		}
	}
}

func TestOGCItemsArePagedByOffset(t *testing.T) {
	w := newWorld(t, false)
	for range 5 {
		w.site("admin", pointA)
	}
	var seen []string
	path := "/ogc/collections/sites/items?limit=2"
	first := w.items(path)
	if *first.NumberMatched != 7 || *first.NumberReturned != 2 {
		t.Fatalf("first page: matched %d, returned %d", *first.NumberMatched, *first.NumberReturned)
	}
	if _, ok := first.link("prev"); ok {
		t.Error("the first page has a prev link")
	}
	for pages := 0; ; pages++ {
		p := w.items(path)
		for _, f := range p.Features {
			seen = append(seen, string(f.ID))
		}
		if self, _ := p.link("self"); self.Type != "application/geo+json" {
			t.Errorf("self link %+v", self)
		}
		if alt, _ := p.link("alternate"); alt.Type != "text/html" {
			t.Errorf("alternate link %+v", alt)
		}
		if pages > 0 {
			prev, ok := p.link("prev")
			if !ok || !strings.Contains(prev.Href, "limit=2") {
				t.Errorf("page %d has no prev link: %+v", pages, p.Links)
			}
		}
		next, ok := p.link("next")
		if !ok {
			break
		}
		if next.Type != "application/geo+json" || pages > 5 {
			t.Fatalf("next link %+v after %d pages", next, pages)
		}
		path = strings.TrimPrefix(next.Href, w.ts.URL)
	}
	if len(seen) != 7 || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 7 {
		t.Errorf("the pages held %v, want 7 distinct sites", seen)
	}
	// The second page's prev leads back to the first.
	second := w.items("/ogc/collections/sites/items?limit=2&offset=2")
	if prev, _ := second.link("prev"); prev.Href != w.ts.URL+"/ogc/collections/sites/items?f=json&limit=2" {
		t.Errorf("prev of the second page: %s", prev.Href)
	}
	if p := w.items("/ogc/collections/sites/items?offset=100"); len(p.Features) != 0 || *p.NumberMatched != 7 {
		t.Errorf("past the end: %d features of %d", len(p.Features), *p.NumberMatched)
	}
	if p := w.items("/ogc/collections/sites/items"); len(p.Features) != 7 {
		t.Errorf("the default limit gives %d features", len(p.Features))
	}
}

func TestOGCItemFilters(t *testing.T) {
	w := newWorld(t, false)
	// Hromada A has the world's school (no date) and these; B its school and a house.
	w.must("POST", "/api/v1/sites", "application/geo+json", ogcSite(pointA, "culture", `,"damaged_on":"2022-02-24"`), 201)
	verified := w.must("POST", "/api/v1/sites", "application/geo+json", ogcSite(pointA, "health", `,"damaged_on":"2023-05-01"`), 201)
	w.must("POST", "/api/v1/sites/"+itoa(verified)+"/verification", "application/json", `{"decision":"verified"}`, 200)
	w.must("POST", "/api/v1/sites", "application/geo+json", ogcSite(pointB, "housing", `,"damaged_on":"2024-07-08"`), 201)
	project := w.project(verified)

	var inOblastA int64
	if err := w.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM hromadas WHERE oblast_code = $1`, w.oblastA).Scan(&inOblastA); err != nil {
		t.Fatal(err)
	}
	aroundA := url.QueryEscape("36.22,49.98,36.24,50.0")
	tests := []struct {
		query string
		want  int64
	}{
		{"sites/items", 5},
		{"sites/items?bbox=" + aroundA, 3},
		{"sites/items?category=culture", 1},
		{"sites/items?category=culture,health", 2},
		{"sites/items?damage=severe", 5},
		{"sites/items?damage=light", 0},
		{"sites/items?verification=verified", 1},
		{"sites/items?verification=reported", 4},
		{"sites/items?oblast_code=" + w.oblastA, 3},
		{"sites/items?hromada_code=" + w.hromadaB, 2},
		{"sites/items?datetime=2022-02-24", 1},
		{"sites/items?datetime=2022-02-24T22:30:00Z", 1},
		{"sites/items?datetime=2022-02-24T", 1}, // as GDAL sends a date
		{"sites/items?datetime=2022-02-24T%2F..", 3},
		{"sites/items?datetime=2022-02-24T23:30:00-03:00", 0}, // the next day in UTC
		{"sites/items?datetime=2023-01-01/..", 2},
		{"sites/items?datetime=../2023-05-01", 2},
		{"sites/items?datetime=2022-02-25/2023-12-31", 1},
		{"sites/items?datetime=2023-01-01/&category=housing", 1},
		{"projects/items", 1},
		{"projects/items?state=draft&sector=education", 1},
		{"projects/items?state=completed", 0},
		{"projects/items?hromada_code=" + w.hromadaA, 1},
		{"projects/items?hromada_code=" + w.hromadaB, 0},
		{"projects/items?datetime=../2020-01-01", 0},
		{"projects/items?datetime=2020-01-01/..", 1},
		{"projects/items?bbox=" + aroundA, 1},
		{"oblasts/items", 27},
		{"oblasts/items?bbox=" + aroundA, 1},
		{"oblasts/items?datetime=2022-02-24", 27}, // outlines have no time
		{"hromadas/items?oblast_code=" + w.oblastA, inOblastA},
	}
	for _, tt := range tests {
		t.Run(tt.query+" matches "+itoa(tt.want), func(t *testing.T) {
			w.t = t
			if got := w.matched("/ogc/collections/" + tt.query); got != tt.want {
				t.Errorf("numberMatched %d, want %d", got, tt.want)
			}
		})
	}
	t.Run("one item of each collection is found by its id", func(t *testing.T) {
		w.t = t
		for _, path := range []string{"sites/items/" + itoa(verified), "projects/items/" + itoa(project),
			"oblasts/items/" + w.oblastA, "hromadas/items/" + w.hromadaB} {
			res, body := w.ogcGet("public", "/ogc/collections/"+path)
			var f struct {
				Type  string
				Links []ogcLinkDoc
			}
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/geo+json" || json.Unmarshal(body, &f) != nil ||
				f.Type != "Feature" || len(f.Links) != 3 || f.Links[2].Rel != "collection" {
				t.Errorf("GET %s: %d %.300s", path, res.StatusCode, body)
			}
		}
		for _, path := range []string{"sites/items/abc", "sites/items/999999", "oblasts/items/UA99000000000000000", "hromadas/items/" + w.oblastA} {
			if res, body := w.ogcGet("public", "/ogc/collections/"+path); res.StatusCode != 404 {
				t.Errorf("GET %s: %d %.200s", path, res.StatusCode, body)
			}
		}
	})
}

func TestOGCRefusesBadParameters(t *testing.T) {
	w := newWorld(t, false)
	tests := []struct{ name, path, field string }{
		{"an unknown parameter", "/ogc/collections/sites/items?colour=red", "colour"},
		{"a filter of another collection", "/ogc/collections/oblasts/items?category=energy", "category"},
		{"the API's cursor", "/ogc/collections/sites/items?cursor=5", "cursor"},
		{"a parameter on the landing page", "/ogc?limit=5", "limit"},
		{"a limit of 0", "/ogc/collections/sites/items?limit=0", "limit"},
		{"a limit over 10,000", "/ogc/collections/sites/items?limit=10001", "limit"},
		{"a negative offset", "/ogc/collections/sites/items?offset=-1", "offset"},
		{"a bbox of three numbers", "/ogc/collections/sites/items?bbox=36,49,37", "bbox"},
		{"a word for a date", "/ogc/collections/sites/items?datetime=yesterday", "datetime"},
		{"a thirteenth month", "/ogc/collections/sites/items?datetime=2022-13-01", "datetime"},
		{"an interval open at both ends", "/ogc/collections/sites/items?datetime=../..", "datetime"},
		{"an interval backwards", "/ogc/collections/projects/items?datetime=2023-01-01/2022-01-01", "datetime"},
		{"an unknown category", "/ogc/collections/sites/items?category=castle", "category"},
		{"an unknown verification", "/ogc/collections/sites/items?verification=maybe", "verification"},
		{"an unknown state", "/ogc/collections/projects/items?state=flying", "state"},
		{"a malformed oblast code", "/ogc/collections/sites/items?oblast_code=63", "oblast_code"},
		{"an unknown oblast code", "/ogc/collections/sites/items?oblast_code=UA99000000000000000", "oblast_code"},
		{"an unknown hromada code", "/ogc/collections/projects/items?hromada_code=UA99000000000000000", "hromada_code"},
		{"hromadas of an unknown oblast", "/ogc/collections/hromadas/items?oblast_code=UA99000000000000000", "oblast_code"},
		{"an unknown format", "/ogc/collections?f=xml", "f"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is a 400", func(t *testing.T) {
			w.t = t
			res, body := w.ogcGet("public", tt.path)
			var p struct{ Status int }
			if res.StatusCode != 400 || res.Header.Get("Content-Type") != "application/problem+json" ||
				json.Unmarshal(body, &p) != nil || p.Status != 400 || !strings.Contains(string(body), `"field":"`+tt.field+`"`) {
				t.Errorf("%d %s %s", res.StatusCode, res.Header.Get("Content-Type"), body)
			}
		})
	}
}

func TestOGCPagesEscapeWhatTheyShow(t *testing.T) {
	w := newWorld(t, false)
	id := w.must("POST", "/api/v1/sites", "application/geo+json", `{"type":"Feature","geometry":{"type":"Point","coordinates":[`+pointA+`]},`+
		`"properties":{"name":"<script>alert(1)</script>","description":"\"><img src=x onerror=alert(2)>","category":"culture","damage":"light"}}`, 201)
	for _, path := range []string{"/ogc/collections/sites/items?f=html", "/ogc/collections/sites/items/" + itoa(id) + "?f=html",
		"/ogc/collections/sites/items/" + itoa(id)} {
		res, body := w.ogcGet("public", path, "Accept", "text/html")
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		page := string(body)
		if strings.Contains(page, "<script") || strings.Contains(page, "<img") {
			t.Errorf("GET %s writes the site's words as markup", path)
		}
		if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(page, "&lt;img src=x onerror=alert(2)&gt;") {
			t.Errorf("GET %s does not show the site's words as text", path)
		}
	}
}

// TestOGCGivesNoSensitivePlaceAway reads a substation through every
// OGC path as every kind of account. The OGC API is a public output
// (DESIGN.md): accounts are read under /api/ only, as for the tiles, so
// every viewer gets the public's view, and that view is the one the
// public gets from /api/v1, through the same store path.
func TestOGCGivesNoSensitivePlaceAway(t *testing.T) {
	w := newWorld(t, false)
	sub := w.must("POST", "/api/v1/sites", "application/geo+json",
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[`+secretLon+`,`+secretLat+`]},`+
			`"properties":{"name":"`+secretName+`","description":"`+secretDesc+`","category":"energy","damage":"destroyed"}}`, 201)
	box := url.QueryEscape("36.28,49.975,36.295,49.99")
	paths := []string{
		"/ogc/collections/sites/items", "/ogc/collections/sites/items?f=html",
		"/ogc/collections/sites/items?category=energy", "/ogc/collections/sites/items?hromada_code=" + w.hromadaA,
		"/ogc/collections/sites/items/" + itoa(sub), "/ogc/collections/sites/items/" + itoa(sub) + "?f=html",
		"/ogc/collections/sites/items?bbox=" + box,
	}
	for _, role := range roles {
		for _, path := range paths {
			res, body := w.ogcGet(role, path)
			if res.StatusCode != 200 {
				t.Errorf("%s, GET %s: %d", role, path, res.StatusCode)
			}
			if l := leaks(string(body)); len(l) > 0 {
				t.Errorf("%s, GET %s gives the substation away: %q", role, path, l)
			}
			if strings.Contains(path, "bbox") && !strings.Contains(string(body), `"numberMatched":0`) {
				t.Errorf("%s, GET %s finds the substation in a box around its exact place", role, path)
			}
		}
	}

	_, api := w.call("public", "GET", "/api/v1/sites/"+itoa(sub), "", nil)
	_, ogc := w.ogcGet("admin", "/ogc/collections/sites/items/"+itoa(sub))
	var a, o map[string]json.RawMessage
	if json.Unmarshal(api, &a) != nil || json.Unmarshal(ogc, &o) != nil {
		t.Fatalf("%s\n%s", api, ogc)
	}
	// Only the API's answer for one site lists its photos (for the public,
	// none of the substation's); the rest is the same.
	a["properties"] = json.RawMessage(strings.Replace(string(a["properties"]), `,"photos":[]`, "", 1))
	for _, k := range []string{"id", "geometry", "properties"} {
		if string(a[k]) != string(o[k]) {
			t.Errorf("the OGC API's %s is %s, the public API's %s", k, o[k], a[k])
		}
	}
	if !strings.Contains(string(o["properties"]), `"hromada_code":"`+w.hromadaA+`"`) {
		t.Errorf("the substation should be shown in hromada A: %s", o["properties"])
	}
}
