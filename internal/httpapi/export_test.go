package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/internal/httpapi"
)

// exportGet sends a GET as one of the world's accounts and returns the
// response with its body read.
func (w *world) exportGet(as, path string) (*http.Response, []byte) {
	w.t.Helper()
	req, err := http.NewRequest(http.MethodGet, w.ts.URL+path, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	if tok := w.tokens[as]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := w.ts.Client().Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return res, body
}

// exportTable reads a CSV export: it must begin with a byte order mark and be
// RFC 4180 with CRLF line ends.
func exportTable(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("the CSV does not begin with a UTF-8 byte order mark: %q", body[:min(len(body), 20)])
	}
	if !bytes.HasSuffix(rest, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(rest, []byte("\r\n"), nil), []byte("\n")) &&
		!bytes.Contains(rest, []byte(`"`)) {
		t.Errorf("the CSV's lines do not end in CRLF: %.200q", rest)
	}
	rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v\n%s", err, rest)
	}
	return rows
}

// exportColumn returns the values of one column of a table with a header row.
func exportColumn(rows [][]string, name string) []string {
	i := slices.Index(rows[0], name)
	var out []string
	for _, r := range rows[1:] {
		if r[0] == "" || strings.HasPrefix(r[0], "#") {
			continue
		}
		out = append(out, r[i])
	}
	return out
}

// exportListIDs returns the ids a list endpoint gives for a query.
func exportListIDs(t *testing.T, w *world, as, path string) []string {
	t.Helper()
	_, body := w.exportGet(as, path)
	var fc struct {
		Features []struct {
			ID int64 `json:"id"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := []string{}
	for _, f := range fc.Features {
		out = append(out, strconv.FormatInt(f.ID, 10))
	}
	return out
}

// exportFeatures returns the raw features of a FeatureCollection.
func exportFeatures(t *testing.T, body []byte) []json.RawMessage {
	t.Helper()
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil || fc.Type != "FeatureCollection" {
		t.Fatalf("not a FeatureCollection (%v): %.300s", err, body)
	}
	return fc.Features
}

const exportFootprint = `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[36.279,50.021],[36.2798,50.021],` +
	`[36.2798,50.0214],[36.2794,50.0214],[36.2794,50.0212],[36.279,50.0212],[36.279,50.021]]]},` +
	`"properties":{"name":"Житловий будинок, просп. Тракторобудівників, 59","category":"housing","damage":"moderate"}}`

// substation reports the sensitive substation of sensitive_test.go.
func (w *world) substation() int64 {
	return w.must("POST", "/api/v1/sites", "application/geo+json",
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[`+secretLon+`,`+secretLat+`]},`+
			`"properties":{"name":"`+secretName+`","description":"`+secretDesc+`","category":"energy","damage":"destroyed"}}`, 201)
}

func TestExportSites(t *testing.T) {
	w := newWorld(t, false)
	formula := w.must("POST", "/api/v1/sites", "application/geo+json",
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[36.2311,49.9942]},"properties":`+
			`{"name":"=HYPERLINK(\"http://example.test\",\"Школа\")","description":"-2+3, \"дах\"\nі стіни",`+
			`"category":"education","damage":"light","estimated_cost":{"amount_minor":1850000050,"currency":"UAH"}}}`, 201)
	footprint := w.must("POST", "/api/v1/sites", "application/geo+json", exportFootprint, 201)
	sub := w.substation()

	t.Run("the CSV is UTF-8 with a byte order mark, an English header and, when asked, an HXL row", func(t *testing.T) {
		res, body := w.exportGet("public", "/api/v1/export/sites.csv?hxl=1")
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %s: %.300s", res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="vidbudova-sites-`) ||
			!strings.HasSuffix(cd, `.csv"`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows := exportTable(t, body)
		if rows[0][0] != "id" || !slices.Contains(rows[0], "hromada_code") || !slices.Contains(rows[0], "lon") {
			t.Errorf("header %q", rows[0])
		}
		for _, tag := range []string{"#adm1+code", "#adm3+code", "#geo+lat", "#geo+lon", "#sector", "#status"} {
			if !slices.Contains(rows[1], tag) {
				t.Errorf("the HXL row lacks %s: %q", tag, rows[1])
			}
		}
		if got := len(rows) - 2; got != 5 {
			t.Errorf("%d sites, want the 5 there are", got)
		}
		// A spreadsheet is summed by oblast by name as often as by code.
		for _, name := range exportColumn(rows, "oblast_name_en") {
			if name == "" {
				t.Errorf("a site without its oblast's name: %q", exportColumn(rows, "oblast_name_en"))
				break
			}
		}
		_, plain := w.exportGet("public", "/api/v1/export/sites.csv")
		if rows := exportTable(t, plain); rows[1][0] == "" || strings.HasPrefix(rows[1][0], "#") {
			t.Errorf("without hxl=1 the second row is data, got %q", rows[1])
		}
	})

	t.Run("cells a spreadsheet would run as formulas are neutralised", func(t *testing.T) {
		_, body := w.exportGet("admin", "/api/v1/export/sites.csv?category=education")
		rows := exportTable(t, body)
		i := slices.Index(exportColumn(rows, "id"), itoa(formula))
		if i < 0 {
			t.Fatalf("site %d is not in %q", formula, rows)
		}
		row := rows[i+1]
		if name := row[slices.Index(rows[0], "name")]; name != `'=HYPERLINK("http://example.test","Школа")` {
			t.Errorf("name %q", name)
		}
		if desc := row[slices.Index(rows[0], "description")]; desc != "'-2+3, \"дах\"\nі стіни" {
			t.Errorf("description %q", desc)
		}
		if cost := row[slices.Index(rows[0], "estimated_cost")]; cost != "18500000.50" {
			t.Errorf("estimated cost %q, want 18500000.50 (hryvnias)", cost)
		}
	})

	t.Run("a footprint is given by a point inside it", func(t *testing.T) {
		_, body := w.exportGet("public", "/api/v1/export/sites.csv?category=housing")
		rows := exportTable(t, body)
		i := slices.Index(exportColumn(rows, "id"), itoa(footprint))
		if i < 0 {
			t.Fatalf("footprint %d missing", footprint)
		}
		lon, _ := strconv.ParseFloat(rows[i+1][slices.Index(rows[0], "lon")], 64)
		lat, _ := strconv.ParseFloat(rows[i+1][slices.Index(rows[0], "lat")], 64)
		// The footprint is an L: its north-west corner is outside it.
		inside := lon > 36.279 && lon < 36.2798 && lat > 50.021 && lat < 50.0214 && !(lon < 36.2794 && lat > 50.0212)
		if !inside || rows[i+1][slices.Index(rows[0], "geometry_type")] != "Polygon" {
			t.Errorf("point %v %v of the footprint lies outside it", lon, lat)
		}
	})

	t.Run("the filters are the list's", func(t *testing.T) {
		for _, q := range []string{
			"hromada=" + w.hromadaA,
			"oblast=" + w.oblastB,
			"category=energy,housing",
			"damage=light&category=education",
			"bbox=" + url.QueryEscape("36.2,49.98,36.3,50.03"),
			"q=" + url.QueryEscape("Тракторобудівників"),
		} {
			for _, as := range []string{"public", "admin"} {
				_, body := w.exportGet(as, "/api/v1/export/sites.csv?"+q)
				got, want := exportColumn(exportTable(t, body), "id"), exportListIDs(t, w, as, "/api/v1/sites?limit=10000&"+q)
				if !slices.Equal(got, want) || len(want) == 0 {
					t.Errorf("%s, %s: the export has %v, the list %v", as, q, got, want)
				}
			}
		}
	})

	t.Run("the GeoJSON holds the list's features, all of them", func(t *testing.T) {
		for _, as := range []string{"public", "editor A"} {
			res, body := w.exportGet(as, "/api/v1/export/sites.geojson?oblast="+w.oblastA)
			if res.Header.Get("Content-Type") != "application/geo+json" ||
				!strings.HasSuffix(res.Header.Get("Content-Disposition"), `.geojson"`) {
				t.Errorf("headers %v", res.Header)
			}
			_, list := w.exportGet(as, "/api/v1/sites?limit=10000&oblast="+w.oblastA)
			got, want := exportFeatures(t, body), exportFeatures(t, list)
			if len(got) != 4 || !slices.EqualFunc(got, want, func(a, b json.RawMessage) bool { return bytes.Equal(a, b) }) {
				t.Errorf("%s: %d features, the list %d, or they differ", as, len(got), len(want))
			}
		}
	})

	t.Run("the sensitive substation is at its hromada's point, nameless, for all who may not see it", func(t *testing.T) {
		for _, as := range []string{"public", "editor B", "moderator B", "donor A"} {
			for _, path := range []string{"/api/v1/export/sites.csv?hxl=1", "/api/v1/export/sites.geojson",
				"/api/v1/export/sites.csv?bbox=" + url.QueryEscape("36.28,49.975,36.295,49.99")} {
				_, body := w.exportGet(as, path)
				if l := leaks(string(body)); len(l) > 0 {
					t.Errorf("%s, %s gives the substation away: %q", as, path, l)
				}
			}
		}
		for _, as := range []string{"editor A", "moderator A", "admin"} {
			_, body := w.exportGet(as, "/api/v1/export/sites.csv?category=energy")
			if l := leaks(string(body)); len(l) != 4 || !slices.Contains(exportColumn(exportTable(t, body), "id"), itoa(sub)) {
				t.Errorf("%s should see the substation as it is, sees %q", as, l)
			}
		}
	})

	t.Run("a wrong filter is a problem, not a download", func(t *testing.T) {
		for path, want := range map[string]int{
			"/api/v1/export/sites.csv?oblast=UA99000000000000000":     400,
			"/api/v1/export/sites.geojson?category=castle":            400,
			"/api/v1/export/sites.csv?hxl=yes":                        400,
			"/api/v1/export/sites.geojson?oblast=UA99000000000000000": 400,
		} {
			res, body := w.exportGet("public", path)
			if res.StatusCode != want || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") ||
				res.Header.Get("Content-Disposition") != "" {
				t.Errorf("%s: %d %v %.200s", path, res.StatusCode, res.Header, body)
			}
		}
	})

	t.Run("HEAD answers the headers alone", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodHead, w.ts.URL+"/api/v1/export/sites.csv", nil)
		res, err := w.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("Content-Disposition") == "" {
			t.Errorf("HEAD: %d %v", res.StatusCode, res.Header)
		}
	})
}

// TestExportSitesTakesEveryPage makes more sites than a list page holds
// and finds every one in the export, once, in order.
func TestExportSitesTakesEveryPage(t *testing.T) {
	w := newWorld(t, false)
	const n = 10_050
	_, err := w.db.Pool().Exec(context.Background(), `INSERT INTO sites (name, category, damage, geom)
		SELECT 'Будинок ' || i, 'housing', 'light', ST_SetSRID(ST_MakePoint(36.20 + (i % 100) * 0.001, 49.95 + (i / 100) * 0.0005), 4326)
		FROM generate_series(1, $1) i`, n)
	if err != nil {
		t.Fatal(err)
	}
	var want int
	if err := w.db.Pool().QueryRow(context.Background(), `SELECT count(*) FROM sites WHERE hromada_code = $1`, w.hromadaA).Scan(&want); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/export/sites.csv?hromada=" + w.hromadaA, "/api/v1/export/sites.geojson?hromada=" + w.hromadaA} {
		_, body := w.exportGet("public", path)
		var ids []int64
		if strings.HasSuffix(strings.Split(path, "?")[0], ".csv") {
			for _, id := range exportColumn(exportTable(t, body), "id") {
				v, _ := strconv.ParseInt(id, 10, 64)
				ids = append(ids, v)
			}
		} else {
			for _, f := range exportFeatures(t, body) {
				var v struct{ ID int64 }
				json.Unmarshal(f, &v) //nolint:errcheck
				ids = append(ids, v.ID)
			}
		}
		if len(ids) != want || want < n || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Errorf("%s: %d sites (sorted %v), want each of the %d once", path, len(ids), slices.IsSorted(ids), want)
		}
	}
}

// exportWorld is a world with projects and their money: an organisation
// with an IATI id funds a school in hromada A (pledge, commitment,
// disbursement) and a substation's repair; organisation B pledges to the
// school; a house in hromada B has no money yet.
type exportWorld struct {
	*world
	org, school, repair, house, sub int64
}

func newExportWorld(t *testing.T) *exportWorld {
	w := &exportWorld{world: newWorld(t, false)}
	w.org = w.must("POST", "/api/v1/organisations", "application/json",
		`{"name":"Місто Гданськ","kind":"eu_municipality","country":"PL","iati_org_id":"PL-GOV-0000000042"}`, 201)
	w.sub = w.substation()
	schoolSite := w.site("admin", pointA).ID
	w.school = w.must("POST", "/api/v1/projects", "application/json",
		`{"title":"Відновлення ліцею № 134","description":"Дах, вікна й укриття.","sector":"education","site_ids":[`+
			itoa(schoolSite)+`],"budget":{"amount_minor":4200000000,"currency":"UAH"},"planned_start":"2026-06-01",`+
			`"planned_end":"2027-05-31","prozorro_ids":["UA-2026-03-02-000123-a"],"dream_id":"KH-2026-0042"}`, 201)
	w.must("POST", "/api/v1/projects/"+itoa(w.school)+"/transitions", "application/json", `{"to":"seeking_funding"}`, 200)
	w.repair = w.must("POST", "/api/v1/projects", "application/json",
		`{"title":"Ремонт підстанції","sector":"energy","site_ids":[`+itoa(w.sub)+`]}`, 201)
	w.house = w.must("POST", "/api/v1/projects", "application/json",
		`{"title":"Відновлення будинку","sector":"housing","site_ids":[`+itoa(w.site("admin", pointB).ID)+`]}`, 201)
	fund := func(project, org int64, body string) int64 {
		return w.must("POST", "/api/v1/projects/"+itoa(project)+"/funding", "application/json",
			`{"organisation_id":`+itoa(org)+`,`+body+`}`, 201)
	}
	fund(w.school, w.org, `"kind":"pledge","amount":{"amount_minor":50000000,"currency":"EUR"},"date":"2025-02-14"`)
	c := fund(w.school, w.org, `"kind":"commitment","amount":{"amount_minor":2500000000,"currency":"PLN"},"date":"2025-03-14","note":"Угода про партнерство"`)
	fund(w.school, w.org, `"kind":"disbursement","amount":{"amount_minor":1000000000,"currency":"PLN"},"date":"2025-04-01","commitment_id":`+itoa(c))
	fund(w.school, w.orgB, `"kind":"pledge","amount":{"amount_minor":10000000,"currency":"EUR"},"date":"2025-05-01"`)
	fund(w.repair, w.org, `"kind":"commitment","amount":{"amount_minor":7500000,"currency":"EUR"},"date":"2025-06-02"`)
	return w
}

func TestExportProjects(t *testing.T) {
	w := newExportWorld(t)

	t.Run("the CSV has every project with its money and funders, and HXL tags", func(t *testing.T) {
		res, body := w.exportGet("public", "/api/v1/export/projects.csv?hxl=1")
		if !strings.HasSuffix(res.Header.Get("Content-Disposition"), `.csv"`) {
			t.Errorf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
		}
		rows := exportTable(t, body)
		for _, tag := range []string{"#adm1+code", "#adm3+code", "#geo+lat", "#geo+lon", "#sector", "#status", "#org+funder", "#value+budget"} {
			if !slices.Contains(rows[1], tag) {
				t.Errorf("the HXL row lacks %s", tag)
			}
		}
		ids := exportColumn(rows, "id")
		if len(ids) != 3 {
			t.Fatalf("%d projects: %q", len(ids), ids)
		}
		school := rows[2+slices.Index(ids, itoa(w.school))]
		get := func(name string) string { return school[slices.Index(rows[0], name)] }
		for name, want := range map[string]string{"budget": "42000000.00", "budget_currency": "UAH", "state": "seeking_funding",
			"funders": "Регіон Тоскана; Місто Гданськ", "prozorro_ids": "UA-2026-03-02-000123-a", "dream_id": "KH-2026-0042",
			"planned_start": "2026-06-01", "hromada_code": w.hromadaA, "oblast_code": w.oblastA} {
			if got := get(name); got != want {
				t.Errorf("%s is %q, want %q", name, got, want)
			}
		}
		if get("committed_uah") == "0.00" || get("disbursed_uah") == "0.00" {
			t.Errorf("the school's commitment and disbursement are missing: %q", school)
		}
		var oblastUK, oblastEN string
		if err := w.db.Pool().QueryRow(context.Background(), `SELECT name_uk, name_en FROM oblasts WHERE code = $1`, w.oblastA).Scan(&oblastUK, &oblastEN); err != nil {
			t.Fatal(err)
		}
		if get("oblast_name_uk") != oblastUK || get("oblast_name_en") != oblastEN || oblastUK == "" {
			t.Errorf("the oblast is named %q / %q, want %q / %q", get("oblast_name_uk"), get("oblast_name_en"), oblastUK, oblastEN)
		}
	})

	t.Run("the filters are the list's", func(t *testing.T) {
		for _, q := range []string{"", "state=seeking_funding", "sector=energy,housing", "oblast=" + w.oblastB,
			"donor=" + itoa(w.org) + "&sort=budget", "q=" + url.QueryEscape("ліцею"), "sort=gap"} {
			_, body := w.exportGet("public", "/api/v1/export/projects.csv?"+q)
			got, want := exportColumn(exportTable(t, body), "id"), exportListIDs(t, w.world, "public", "/api/v1/projects?limit=1000&"+q)
			if !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("%q: the export has %v, the list %v", q, got, want)
			}
			_, gj := w.exportGet("public", "/api/v1/export/projects.geojson?"+q)
			_, list := w.exportGet("public", "/api/v1/projects?limit=1000&"+q)
			if a, b := exportFeatures(t, gj), exportFeatures(t, list); !slices.EqualFunc(a, b, func(x, y json.RawMessage) bool { return bytes.Equal(x, y) }) {
				t.Errorf("%q: the GeoJSON export differs from the list", q)
			}
		}
	})

	t.Run("the IATI file of the donor holds to the IATI 2.03 schema", func(t *testing.T) {
		res, body := w.exportGet("public", "/api/v1/export/iati/"+itoa(w.org)+".xml")
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("%d %v %.300s", res.StatusCode, res.Header, body)
		}
		xmllintSchema(t, body, referenceData(t, "iati", "iati-activities-schema.xsd"))
		var doc struct {
			Version    string `xml:"version,attr"`
			Activities []struct {
				ID     string `xml:"iati-identifier"`
				Status struct {
					Code string `xml:"code,attr"`
				} `xml:"activity-status"`
				Sector struct {
					Code string `xml:"code,attr"`
				} `xml:"sector"`
				Participants []struct {
					Role string `xml:"role,attr"`
				} `xml:"participating-org"`
				Admin []struct {
					Code  string `xml:"code,attr"`
					Level int    `xml:"level,attr"`
				} `xml:"location>administrative"`
				Pos          string `xml:"location>point>pos"`
				Transactions []struct {
					Type struct {
						Code string `xml:"code,attr"`
					} `xml:"transaction-type"`
					Value struct {
						Currency string `xml:"currency,attr"`
						Date     string `xml:"value-date,attr"`
						Amount   string `xml:",chardata"`
					} `xml:"value"`
				} `xml:"transaction"`
			} `xml:"iati-activity"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Version != "2.03" || len(doc.Activities) != 2 {
			t.Fatalf("version %s, %d activities, want 2 (the school and the repair)", doc.Version, len(doc.Activities))
		}
		for _, a := range doc.Activities {
			if !strings.HasPrefix(a.ID, "PL-GOV-0000000042-") {
				t.Errorf("identifier %s does not begin with the donor's IATI id", a.ID)
			}
			if a.ID != "PL-GOV-0000000042-VIDBUDOVA-"+itoa(w.school) {
				continue
			}
			var types, amounts []string
			for _, tr := range a.Transactions {
				types = append(types, tr.Type.Code)
				amounts = append(amounts, tr.Value.Amount+" "+tr.Value.Currency+" "+tr.Value.Date)
			}
			if !slices.Equal(types, []string{"12", "2", "3"}) ||
				!slices.Equal(amounts, []string{"500000.00 EUR 2025-02-14", "25000000.00 PLN 2025-03-14", "10000000.00 PLN 2025-04-01"}) {
				t.Errorf("transactions %v %v: want the donor's pledge (12), commitment (2) and disbursement (3) only", types, amounts)
			}
			if a.Status.Code != "1" || a.Sector.Code != "11120" || len(a.Participants) != 2 {
				t.Errorf("status %s, sector %s, %d participants", a.Status.Code, a.Sector.Code, len(a.Participants))
			}
			if len(a.Admin) != 3 || a.Admin[2].Code != w.hromadaA || a.Admin[1].Code != w.oblastA || a.Pos == "" {
				t.Errorf("location %+v %q", a.Admin, a.Pos)
			}
		}
	})

	t.Run("IATI refuses what has no file", func(t *testing.T) {
		for path, want := range map[string]int{
			"/api/v1/export/iati/" + itoa(w.orgA) + ".xml": 404, // no IATI id
			"/api/v1/export/iati/987654321.xml":            404,
			"/api/v1/export/iati/abc.xml":                  400,
			"/api/v1/export/iati/" + itoa(w.org):           404,
		} {
			res, body := w.exportGet("public", path)
			if res.StatusCode != want || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %d %.200s", path, res.StatusCode, body)
			}
		}
	})

	t.Run("the OC4IDS package holds to the OC4IDS schema", func(t *testing.T) {
		schema := oc4idsSchema(t)
		for _, q := range []string{"", "?state=seeking_funding", "?donor=" + itoa(w.org)} {
			res, body := w.exportGet("public", "/api/v1/export/oc4ids.json"+q)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("%d %.300s", res.StatusCode, body)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			if err := schema.Validate(doc); err != nil {
				t.Errorf("%q breaks the OC4IDS schema: %v\n%.2000s", q, err, body)
			}
		}
		_, body := w.exportGet("public", "/api/v1/export/oc4ids.json?q="+url.QueryEscape("ліцею"))
		var pkg struct {
			URI      string `json:"uri"`
			Projects []struct {
				ID     string `json:"id"`
				Status string `json:"status"`
				Budget struct {
					Amount struct {
						Amount   json.Number `json:"amount"`
						Currency string      `json:"currency"`
					} `json:"amount"`
				} `json:"budget"`
				Parties []struct {
					ID    string   `json:"id"`
					Roles []string `json:"roles"`
				} `json:"parties"`
				Locations []struct {
					Gazetteer struct{ Identifiers []string } `json:"gazetteer"`
				} `json:"locations"`
				Contracting []struct {
					ID string `json:"id"`
				} `json:"contractingProcesses"`
			} `json:"projects"`
		}
		if err := json.Unmarshal(body, &pkg); err != nil || len(pkg.Projects) != 1 {
			t.Fatalf("%v: %.500s", err, body)
		}
		p := pkg.Projects[0]
		funder := slices.IndexFunc(p.Parties, func(q struct {
			ID    string   `json:"id"`
			Roles []string `json:"roles"`
		}) bool {
			return q.ID == "PL-GOV-0000000042" && slices.Equal(q.Roles, []string{"funder"})
		})
		if p.ID != "oc4ids-vidbudova-"+itoa(w.school) || p.Status != "preparation" || p.Budget.Amount.Amount != "42000000.00" ||
			len(p.Parties) != 3 || funder < 0 || p.Parties[0].Roles[0] != "publicAuthority" ||
			len(p.Contracting) != 1 || p.Contracting[0].ID != "ocds-be6bcu-UA-2026-03-02-000123-a" ||
			!slices.Equal(p.Locations[0].Gazetteer.Identifiers, []string{w.oblastA, w.hromadaA}) {
			t.Errorf("the school as OC4IDS: %+v", p)
		}
	})
}

// TestExportsAndFeedsKeepSensitivePlaces asks for every export and feed
// that could hold the sensitive substation, as those who may not see it
// exactly, and finds it in none.
func TestExportsAndFeedsKeepSensitivePlaces(t *testing.T) {
	w := newExportWorld(t)
	w.must("PATCH", "/api/v1/sites/"+itoa(w.sub), "application/merge-patch+json",
		`{"geometry":{"type":"Point","coordinates":[`+secretLon+`1,`+secretLat+`1]},"properties":{"description":"`+secretDesc+`, корпус 2"}}`, 200)
	paths := []string{
		"/api/v1/export/sites.csv", "/api/v1/export/sites.geojson", "/api/v1/export/projects.csv?hxl=1",
		"/api/v1/export/projects.geojson", "/api/v1/export/oc4ids.json", "/api/v1/export/iati/" + itoa(w.org) + ".xml",
		"/api/v1/feeds/hromadas/" + w.hromadaA + ".atom", "/api/v1/feeds/oblasts/" + w.oblastA + ".atom",
		"/api/v1/feeds/organisations/" + itoa(w.org) + ".atom", "/api/v1/feeds/projects/" + itoa(w.repair) + ".atom",
	}
	for _, as := range []string{"public", "editor B", "moderator B", "donor A"} {
		for _, path := range paths {
			res, body := w.exportGet(as, path)
			if res.StatusCode != 200 {
				t.Errorf("%s, %s: %d %.200s", as, path, res.StatusCode, body)
			}
			if l := leaks(string(body)); len(l) > 0 {
				t.Errorf("%s, %s gives the substation away: %q", as, path, l)
			}
		}
	}
	// The feed of the repair shows its site's changes to those who may see
	// them: this is what makes the above mean something.
	_, body := w.exportGet("admin", "/api/v1/feeds/projects/"+itoa(w.repair)+".atom")
	if !strings.Contains(string(body), "опис змінено") || !strings.Contains(string(body), "/api/v1/sites/"+itoa(w.sub)) {
		t.Errorf("the admin should read that the substation's description changed: %.3000s", body)
	}
}

func TestFeeds(t *testing.T) {
	w := newExportWorld(t)
	for _, d := range []string{"moderate", "severe", "destroyed"} {
		w.must("PATCH", "/api/v1/sites/"+itoa(w.sub), "application/merge-patch+json", `{"properties":{"damage":"`+d+`"}}`, 200)
	}
	type entry struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			P    []struct {
				Lang string `xml:"lang,attr"`
				Text string `xml:",chardata"`
			} `xml:"div>p"`
		} `xml:"content"`
	}
	type feed struct {
		XMLName xml.Name
		ID      string  `xml:"id"`
		Title   string  `xml:"title"`
		Updated string  `xml:"updated"`
		Entries []entry `xml:"entry"`
	}
	read := func(t *testing.T, path string) feed {
		t.Helper()
		res, body := w.exportGet("public", path)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("%s: %d %v %.300s", path, res.StatusCode, res.Header, body)
		}
		xmllintWellFormed(t, body)
		var f feed
		if err := xml.Unmarshal(body, &f); err != nil {
			t.Fatal(err)
		}
		if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" || !strings.HasPrefix(f.ID, "urn:uuid:") {
			t.Fatalf("not an Atom feed: %+v", f.XMLName)
		}
		if len(f.Entries) > 0 && f.Updated != f.Entries[0].Updated {
			t.Errorf("the feed's updated %s is not its newest entry's %s", f.Updated, f.Entries[0].Updated)
		}
		for _, e := range f.Entries {
			if !strings.HasPrefix(e.ID, "urn:uuid:") || e.Title == "" || len(e.Links) == 0 || e.Content.Type != "xhtml" ||
				len(e.Content.P) != 2 || e.Content.P[0].Lang != "uk" || e.Content.P[1].Lang != "en" {
				t.Errorf("entry %+v", e)
			}
		}
		return f
	}
	texts := func(f feed) string {
		var b strings.Builder
		for _, e := range f.Entries {
			b.WriteString(e.Title + "\n")
			for _, p := range e.Content.P {
				b.WriteString(p.Text + "\n")
			}
		}
		return b.String()
	}

	t.Run("a hromada's feed says in words what changed, newest first, linking to the object", func(t *testing.T) {
		f := read(t, "/api/v1/feeds/hromadas/"+w.hromadaA+".atom")
		if newest := f.Entries[0]; !strings.Contains(newest.Title, "Site "+itoa(w.sub)+": damage changed") {
			t.Errorf("newest entry %q, want the substation's damage", newest.Title)
		}
		all := texts(f)
		for _, want := range []string{"пошкодження: значні → зруйновано", "damage: severe → destroyed",
			"Об'єкт № " + itoa(w.sub) + " додано", "Site " + itoa(w.sub) + " reported",
			"Проєкт № " + itoa(w.school) + ": змінено стан", "state: draft → seeking funding",
			"Зобов'язання 25 000 000,00 PLN від Місто Гданськ", "Commitment of 25,000,000.00 PLN by Місто Гданськ"} {
			if !strings.Contains(strings.ReplaceAll(all, "\u00a0", " "), want) {
				t.Errorf("the feed does not say %q:\n%s", want, all)
			}
		}
		var links []string
		for _, e := range f.Entries {
			links = append(links, e.Links[0].Href)
		}
		if !slices.Contains(links, w.ts.URL+"/api/v1/sites/"+itoa(w.sub)) || !slices.Contains(links, w.ts.URL+"/api/v1/projects/"+itoa(w.school)) {
			t.Errorf("links %q", links)
		}
		if strings.Contains(all, "Project "+itoa(w.house)) {
			t.Errorf("hromada B's house is in hromada A's feed:\n%s", all)
		}
		if again := read(t, "/api/v1/feeds/hromadas/"+w.hromadaA+".atom"); again.ID != f.ID || again.Entries[3].ID != f.Entries[3].ID {
			t.Errorf("ids are not stable: %s %s", again.Entries[3].ID, f.Entries[3].ID)
		}
	})

	t.Run("an oblast's, an organisation's and a project's feeds hold theirs", func(t *testing.T) {
		oblast := texts(read(t, "/api/v1/feeds/oblasts/"+w.oblastA+".atom"))
		org := texts(read(t, "/api/v1/feeds/organisations/"+itoa(w.orgB)+".atom"))
		project := texts(read(t, "/api/v1/feeds/projects/"+itoa(w.school)+".atom"))
		if !strings.Contains(oblast, "Site "+itoa(w.sub)+": damage changed") || strings.Contains(oblast, "Project "+itoa(w.house)) {
			t.Errorf("oblast A's feed:\n%s", oblast)
		}
		if !strings.Contains(org, "Pledge of 100,000.00 EUR by Регіон Тоскана") || !strings.Contains(org, "Project "+itoa(w.school)) ||
			strings.Contains(org, "Project "+itoa(w.repair)) {
			t.Errorf("organisation B's feed:\n%s", org)
		}
		if !strings.Contains(project, "Проєкт № "+itoa(w.school)+" створено") || !strings.Contains(project, "Funding of project "+itoa(w.school)) ||
			strings.Contains(project, "Site "+itoa(w.sub)) {
			t.Errorf("the school's feed:\n%s", project)
		}
	})

	t.Run("a feed holds the latest 50 changes", func(t *testing.T) {
		for i := range 40 {
			d := []string{"light", "severe"}[i%2]
			w.must("PATCH", "/api/v1/sites/"+itoa(w.sub), "application/merge-patch+json", `{"properties":{"damage":"`+d+`"}}`, 200)
		}
		w.must("PATCH", "/api/v1/projects/"+itoa(w.school), "application/merge-patch+json", `{"progress":5}`, 200)
		f := read(t, "/api/v1/feeds/oblasts/"+w.oblastA+".atom")
		if len(f.Entries) != 50 || !strings.Contains(f.Entries[0].Title, "Project "+itoa(w.school)+": progress, % changed") {
			t.Errorf("%d entries, the newest %q", len(f.Entries), f.Entries[0].Title)
		}
	})

	t.Run("an unknown subject is a 404, a malformed one a 400", func(t *testing.T) {
		for path, want := range map[string]int{
			"/api/v1/feeds/hromadas/UA99000000000000000.atom": 404,
			"/api/v1/feeds/oblasts/UA63.atom":                 400,
			"/api/v1/feeds/projects/987654321.atom":           404,
			"/api/v1/feeds/organisations/abc.atom":            400,
			"/api/v1/feeds/projects/" + itoa(w.school):        404,
		} {
			res, body := w.exportGet("public", path)
			if res.StatusCode != want || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: %d %.200s", path, res.StatusCode, body)
			}
		}
	})
}

func TestAPIDocs(t *testing.T) {
	ts := httptest.NewServer(httpapi.New(httpapi.Deps{OpenAPI: api.OpenAPI}))
	t.Cleanup(ts.Close)
	get := func(path string) (*http.Response, string) {
		res, err := ts.Client().Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	t.Run("the reference is one HTML page of every operation, with nothing from elsewhere", func(t *testing.T) {
		res, page := get("/api/docs")
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		for _, want := range []string{`id="listSites"`, `id="exportSitesCSV"`, `id="getHromadaFeed"`, "<code>/api/v1/export/iati/{id}.xml</code>",
			"<code>bbox</code>", "Пошкоджені об&#39;єкти / Damaged sites", "<code>Accept-Language: en</code>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %s", want)
			}
		}
		for _, bad := range []string{"<script", `src="http`, `href="http`, "<link"} {
			if strings.Contains(page, bad) {
				t.Errorf("the page has %s", bad)
			}
		}
	})
	t.Run("the contract is served at /api/openapi.yaml as at /api/v1/openapi.yaml", func(t *testing.T) {
		_, a := get("/api/openapi.yaml")
		_, b := get("/api/v1/openapi.yaml")
		if a != string(api.OpenAPI) || a != b {
			t.Errorf("the two documents differ")
		}
	})
}

// referenceData finds a file of the reference data beside the checkout
// (../shared/data/… from the module root), which the tests need.
func referenceData(t *testing.T, parts ...string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("the reference data %s is missing: it lives in ../shared beside the checkout (%v)", filepath.Join(parts...), err)
	}
	return p
}

// runXmllint runs xmllint on a document with the arguments given.
func runXmllint(t *testing.T, doc []byte, args ...string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is missing: install libxml2-utils (make test does, through deploy/local/need.sh)")
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, append(append([]string{"--noout"}, args...), f)...).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint %v: %v\n%s\n%.3000s", args, err, out, doc)
	}
}

func xmllintWellFormed(t *testing.T, doc []byte) {
	t.Helper()
	runXmllint(t, doc)
}

func xmllintSchema(t *testing.T, doc []byte, xsd string) {
	t.Helper()
	runXmllint(t, doc, "--schema", xsd)
}

// oc4idsSchema compiles the OC4IDS project package schema, whose
// reference to the project schema is served from the copy beside it.
func oc4idsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	var pkgID string
	for _, name := range []string{"project-schema.json", "project-package-schema.json"} {
		f, err := os.Open(referenceData(t, "oc4ids", name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		id, _ := doc.(map[string]any)["id"].(string)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
		pkgID = id
	}
	s, err := c.Compile(pkgID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
