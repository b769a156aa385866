package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
)

const kharkivHromada = "UA63120270000028556"

// newSite reports a site through the API and returns its id.
func newSite(t *testing.T, base, point string) int64 {
	t.Helper()
	res, b := do(t, "POST", base+"/api/v1/sites", feature(point, `"name":"Школа","category":"education","damage":"severe"`), nil)
	if res.StatusCode != 201 {
		t.Fatalf("site: %d %s", res.StatusCode, b)
	}
	var f struct{ ID int64 }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.ID
}

func projectBody(siteIDs ...int64) string {
	ids, _ := json.Marshal(siteIDs)
	return `{"title":"Відбудова школи №5","sector":"education","description":"Дах і вікна",` +
		`"budget":{"amount_minor":1500000000,"currency":"UAH"},"planned_start":"2025-03-01","planned_end":"2026-08-31",` +
		`"site_ids":` + string(ids) + `,"prozorro_ids":["UA-2024-01-31-000123-a"],"dream_id":"DREAM-0001",` +
		`"milestones":[{"title":"Проєктна документація","due_on":"2025-05-01"},{"title":"Дах"}]}`
}

type projectReply struct {
	ID         int64 `json:"id"`
	Properties struct {
		State         string   `json:"state"`
		HromadaCode   string   `json:"hromada_code"`
		OblastCode    string   `json:"oblast_code"`
		Allowed       []string `json:"allowed_transitions"`
		ProzorroLinks []struct {
			Href string `json:"href"`
		} `json:"prozorro_links"`
		Sites []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"sites"`
		DreamID string `json:"dream_id"`
	} `json:"properties"`
}

func TestProjectLifecycleOverHTTP(t *testing.T) {
	base, _ := startServer(t)
	a, b := newSite(t, base, kharkiv), newSite(t, base, `{"type":"Point","coordinates":[36.25,50.0]}`)
	// The client's hromada is ignored: the server derives it from the sites.
	body := strings.Replace(projectBody(a, b), `{"title"`, `{"hromada_code":"UA80000000000093317","title"`, 1)
	res, out := do(t, "POST", base+"/api/v1/projects", body, nil)
	if res.StatusCode != 201 || res.Header.Get("Location") == "" || res.Header.Get("ETag") != `"v1"` ||
		res.Header.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("create: %d %v %s", res.StatusCode, res.Header, out)
	}
	var p projectReply
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	if p.Properties.HromadaCode != kharkivHromada || p.Properties.OblastCode != "UA63000000000041885" {
		t.Errorf("placed in %s / %s: the hromada must come from the sites", p.Properties.HromadaCode, p.Properties.OblastCode)
	}
	if len(p.Properties.Sites) != 2 || p.Properties.Sites[0].Name != "Школа" || p.Properties.DreamID != "DREAM-0001" ||
		len(p.Properties.ProzorroLinks) != 1 || p.Properties.ProzorroLinks[0].Href != "https://prozorro.gov.ua/tender/UA-2024-01-31-000123-a" {
		t.Errorf("the project lacks its sites, DREAM id or Prozorro link: %s", out)
	}
	loc := base + res.Header.Get("Location")
	if res, _ := do(t, "GET", loc, "", map[string]string{"If-None-Match": `"v1"`}); res.StatusCode != 304 {
		t.Errorf("a conditional read: %d, want 304", res.StatusCode)
	}

	version := 1
	move := func(t *testing.T, to string) (int, []byte) {
		t.Helper()
		res, out := do(t, "POST", loc+"/transitions", `{"to":"`+to+`"}`, map[string]string{"If-Match": fmt.Sprintf(`"v%d"`, version)})
		if res.StatusCode == 200 {
			version++
			if res.Header.Get("ETag") != fmt.Sprintf(`"v%d"`, version) {
				t.Errorf("ETag %s after a move, want v%d", res.Header.Get("ETag"), version)
			}
		}
		return res.StatusCode, out
	}
	steps := []struct {
		to      string
		status  int
		allowed string // named in the 409's detail
	}{
		{"funded", 409, "seeking_funding, cancelled"},
		{"completed", 409, "seeking_funding, cancelled"},
		{"seeking_funding", 200, ""},
		{"in_progress", 409, "funded, suspended, cancelled, draft"},
		{"draft", 200, ""},
		{"seeking_funding", 200, ""},
		{"funded", 200, ""},
		{"completed", 409, "in_progress, suspended, cancelled"},
		{"suspended", 200, ""},
		{"completed", 409, "seeking_funding, funded, in_progress, cancelled"},
		{"in_progress", 200, ""},
		{"suspended", 200, ""},
		{"in_progress", 200, ""},
		{"completed", 200, ""},
		{"in_progress", 409, "none"},
		{"cancelled", 409, "none"},
	}
	for _, s := range steps {
		verb := "is allowed"
		if s.status == 409 {
			verb = "is refused naming the allowed moves"
		}
		t.Run(fmt.Sprintf("moving to %s at v%d %s", s.to, version, verb), func(t *testing.T) {
			status, out := move(t, s.to)
			if status != s.status {
				t.Fatalf("status %d, want %d: %s", status, s.status, out)
			}
			if s.status == 409 {
				var pr problem
				if err := json.Unmarshal(out, &pr); err != nil || pr.Status != 409 {
					t.Fatalf("not a problem: %s", out)
				}
				if !strings.Contains(pr.Detail, s.allowed) {
					t.Errorf("detail %q does not name %q", pr.Detail, s.allowed)
				}
			}
		})
	}
	t.Run("a move to a state that does not exist is refused naming to", func(t *testing.T) {
		res, out := do(t, "POST", loc+"/transitions", `{"to":"finished"}`, map[string]string{"If-Match": "*"})
		var pr problem
		json.Unmarshal(out, &pr) //nolint:errcheck
		if res.StatusCode != 422 || pr.Field != "to" {
			t.Fatalf("%d %s", res.StatusCode, out)
		}
	})
	t.Run("a change without If-Match is refused with 428", func(t *testing.T) {
		for _, r := range []struct{ method, path, body string }{
			{"PATCH", loc, `{"title":"Нова назва"}`}, {"POST", loc + "/transitions", `{"to":"cancelled"}`}, {"DELETE", loc, ""}} {
			res, out := do(t, r.method, r.path, r.body, nil)
			var pr problem
			json.Unmarshal(out, &pr) //nolint:errcheck
			if res.StatusCode != 428 || pr.Field != "If-Match" {
				t.Errorf("%s %s: %d %s", r.method, r.path, res.StatusCode, out)
			}
		}
	})
	t.Run("a completed project cannot be deleted", func(t *testing.T) {
		if res, out := do(t, "DELETE", loc, "", map[string]string{"If-Match": "*"}); res.StatusCode != 409 {
			t.Fatalf("%d %s", res.StatusCode, out)
		}
	})
	t.Run("a draft can be deleted", func(t *testing.T) {
		res, out := do(t, "POST", base+"/api/v1/projects", projectBody(a), nil)
		if res.StatusCode != 201 {
			t.Fatalf("%d %s", res.StatusCode, out)
		}
		draft := base + res.Header.Get("Location")
		if res, out := do(t, "DELETE", draft, "", map[string]string{"If-Match": `"v1"`}); res.StatusCode != 204 {
			t.Fatalf("%d %s", res.StatusCode, out)
		}
		if res, _ := do(t, "GET", draft, "", nil); res.StatusCode != 404 {
			t.Fatalf("after delete: %d", res.StatusCode)
		}
	})
}

func TestTwoEditorsOfAProjectWithTheSameETagOneWins(t *testing.T) {
	base, _ := startServer(t)
	res, out := do(t, "POST", base+"/api/v1/projects", projectBody(newSite(t, base, kharkiv)), nil)
	if res.StatusCode != 201 {
		t.Fatalf("%d %s", res.StatusCode, out)
	}
	loc, tag := base+res.Header.Get("Location"), res.Header.Get("ETag")
	var wg sync.WaitGroup
	statuses := make(chan int, 2)
	for _, patch := range []string{`{"title":"Школа №5"}`, `{"progress":40}`} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := do(t, "PATCH", loc, patch, map[string]string{"If-Match": tag, "Content-Type": "application/merge-patch+json"})
			statuses <- res.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	got := map[int]int{}
	for s := range statuses {
		got[s]++
	}
	if got[200] != 1 || got[412] != 1 {
		t.Fatalf("statuses %v, want one 200 and one 412", got)
	}
	if res, _ := do(t, "GET", loc, "", nil); res.Header.Get("ETag") != `"v2"` {
		t.Errorf("ETag %s after one write, want v2", res.Header.Get("ETag"))
	}
}

func TestBadProjectsGetAProblemAndWriteNothing(t *testing.T) {
	base, count := startServer(t)
	kh := newSite(t, base, kharkiv)
	kyiv := newSite(t, base, `{"type":"Point","coordinates":[30.52,50.45]}`)
	good := projectBody(kh)
	with := func(old, new string) string {
		if !strings.Contains(good, old) {
			t.Fatalf("the body lacks %s", old)
		}
		return strings.Replace(good, old, new, 1)
	}
	tests := []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"sites in two hromadas", "POST", "/api/v1/projects", projectBody(kh, kyiv), 422, "properties.site_ids"},
		{"a site that does not exist", "POST", "/api/v1/projects", projectBody(kh, 999999), 422, "properties.site_ids"},
		{"no sites", "POST", "/api/v1/projects", projectBody(), 422, "properties.site_ids"},
		{"a site id that is not a number", "POST", "/api/v1/projects", with(fmt.Sprintf("[%d]", kh), `["x"]`), 422, "properties.site_ids"},
		{"a planned end before the start", "POST", "/api/v1/projects", with(`"2026-08-31"`, `"2024-08-31"`), 422, "properties.planned_end"},
		{"a date in the wrong format", "POST", "/api/v1/projects", with(`"2025-03-01"`, `"01.03.2025"`), 422, "properties.planned_start"},
		{"a negative budget", "POST", "/api/v1/projects", with(`1500000000`, `-1`), 422, "properties.budget.amount_minor"},
		{"a fractional budget", "POST", "/api/v1/projects", with(`1500000000`, `15.5`), 422, "properties.budget.amount_minor"},
		{"an absurd budget", "POST", "/api/v1/projects", with(`1500000000`, `9000000000000000000`), 422, "properties.budget.amount_minor"},
		{"an unknown currency", "POST", "/api/v1/projects", with(`"UAH"`, `"UHA"`), 422, "properties.budget.currency"},
		{"a missing title", "POST", "/api/v1/projects", with(`"title":"Відбудова школи №5",`, ``), 422, "properties.title"},
		{"an unknown sector", "POST", "/api/v1/projects", with(`"sector":"education"`, `"sector":"castles"`), 422, "properties.sector"},
		{"a state set by the client", "POST", "/api/v1/projects", with(`{"title"`, `{"state":"funded","title"`), 422, "properties.state"},
		{"a malformed Prozorro id", "POST", "/api/v1/projects", with(`UA-2024-01-31-000123-a`, `2024-123`), 422, "properties.prozorro_ids[0]"},
		{"a milestone without a title", "POST", "/api/v1/projects", with(`{"title":"Дах"}`, `{"due_on":"2025-06-01"}`), 422, "properties.milestones[1].title"},
		{"an unknown property", "POST", "/api/v1/projects", with(`{"title"`, `{"colour":"red","title"`), 422, "properties.colour"},
		{"malformed JSON", "POST", "/api/v1/projects", `{"title":`, 400, "body"},
		{"a limit over 1000", "GET", "/api/v1/projects?limit=1001", "", 400, "limit"},
		{"an unknown sort", "GET", "/api/v1/projects?sort=title", "", 400, "sort"},
		{"an unknown state filter", "GET", "/api/v1/projects?state=draft,done", "", 400, "state"},
		{"a cursor of the other order", "GET", "/api/v1/projects?sort=budget&cursor=d1_1", "", 400, "cursor"},
		{"a project that does not exist", "GET", "/api/v1/projects/999999", "", 404, ""},
		{"a move of a project that does not exist", "POST", "/api/v1/projects/999999/transitions", `{"to":"funded"}`, 404, ""},
		{"an organisation without a country", "POST", "/api/v1/organisations", `{"name":"Lublin","kind":"eu_municipality"}`, 422, "country"},
		{"an organisation of an unknown kind", "POST", "/api/v1/organisations", `{"name":"Lublin","kind":"city","country":"PL"}`, 422, "kind"},
		{"an organisation with a lower-case country", "POST", "/api/v1/organisations", `{"name":"Lublin","kind":"eu_municipality","country":"pl"}`, 422, "country"},
		{"an organisation with a bad IATI id", "POST", "/api/v1/organisations", `{"name":"Lublin","kind":"eu_municipality","country":"PL","iati_org_id":"lublin"}`, 422, "iati_org_id"},
		{"an organisation twinned with no hromada", "POST", "/api/v1/organisations", `{"name":"Lublin","kind":"eu_municipality","country":"PL","twinned_hromada_code":"UA99999999999999999"}`, 422, "twinned_hromada_code"},
		{"an organisation that sets its version", "POST", "/api/v1/organisations", `{"name":"Lublin","kind":"eu_municipality","country":"PL","version":7}`, 422, "version"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			res, body := do(t, tt.method, base+tt.path, tt.body, map[string]string{"If-Match": "*"})
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("content type %q, want application/problem+json", ct)
			}
			var p problem
			if err := json.Unmarshal(body, &p); err != nil || p.Status != tt.status || p.Title == "" {
				t.Fatalf("not a problem: %s", body)
			}
			if p.Field != tt.field {
				t.Errorf("field %q, want %q (%s)", p.Field, tt.field, p.Detail)
			}
		})
	}
	if n := count(`SELECT (SELECT count(*) FROM projects) + (SELECT count(*) FROM project_sites) + (SELECT count(*) FROM organisations)`); n != 0 {
		t.Errorf("%d rows written by refused requests", n)
	}
}

func TestProjectPagesFollowNextLinks(t *testing.T) {
	base, count := startServer(t)
	site := newSite(t, base, kharkiv)
	for i := range 12 {
		body := strings.Replace(projectBody(site), `1500000000`, fmt.Sprint(i%4*100), 1)
		if res, out := do(t, "POST", base+"/api/v1/projects", body, nil); res.StatusCode != 201 {
			t.Fatalf("%d %s", res.StatusCode, out)
		}
	}
	for _, sort := range []string{"date", "budget"} {
		t.Run("pages by "+sort+" give every project once", func(t *testing.T) {
			seen := map[int64]bool{}
			next := base + "/api/v1/projects?limit=5&sort=" + sort + "&hromada=" + kharkivHromada + "&state=draft"
			for pages := 0; next != ""; pages++ {
				if pages > 4 {
					t.Fatal("too many pages")
				}
				res, b := do(t, "GET", next, "", nil)
				if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/geo+json" {
					t.Fatalf("page: %d %s", res.StatusCode, b)
				}
				var fc struct {
					Type     string `json:"type"`
					Features []struct {
						ID       int64 `json:"id"`
						Geometry struct{ Type string }
					} `json:"features"`
					Links []struct{ Href, Rel string }
				}
				if err := json.Unmarshal(b, &fc); err != nil || fc.Type != "FeatureCollection" {
					t.Fatalf("page is not a FeatureCollection: %v %s", err, b)
				}
				for _, f := range fc.Features {
					if seen[f.ID] || f.Geometry.Type != "Point" {
						t.Errorf("project %d twice or without its point", f.ID)
					}
					seen[f.ID] = true
				}
				next = ""
				for _, l := range fc.Links {
					if l.Rel == "next" {
						next = l.Href
					}
				}
			}
			if want := count(`SELECT count(*) FROM projects`); len(seen) != want || want != 12 {
				t.Fatalf("pages gave %d projects, want %d (12)", len(seen), want)
			}
		})
	}
}

func TestOrganisationsOverHTTP(t *testing.T) {
	base, _ := startServer(t)
	body := `{"name":"Місто Вроцлав","kind":"eu_municipality","country":"PL","website":"https://www.wroclaw.pl",` +
		`"iati_org_id":"PL-KRS-0000000001","twinned_hromada_code":"` + kharkivHromada + `"}`
	res, out := do(t, "POST", base+"/api/v1/organisations", body, nil)
	if res.StatusCode != 201 || res.Header.Get("Location") == "" || res.Header.Get("ETag") != `"v1"` {
		t.Fatalf("create: %d %s", res.StatusCode, out)
	}
	res, out = do(t, "GET", base+res.Header.Get("Location"), "", nil)
	var o struct {
		Name     string            `json:"name"`
		Twinned  string            `json:"twinned_hromada_code"`
		Projects []json.RawMessage `json:"projects"`
	}
	if err := json.Unmarshal(out, &o); err != nil || res.StatusCode != 200 {
		t.Fatalf("read: %d %s", res.StatusCode, out)
	}
	if o.Name != "Місто Вроцлав" || o.Twinned != kharkivHromada || o.Projects == nil || len(o.Projects) != 0 {
		t.Errorf("read back %s; want the organisation with an empty portfolio", out)
	}
	if res, out := do(t, "POST", base+"/api/v1/organisations", body, nil); res.StatusCode != 409 {
		t.Errorf("a second organisation with the same IATI id: %d %s", res.StatusCode, out)
	}
	res, out = do(t, "GET", base+"/api/v1/organisations?kind=eu_municipality&country=PL", "", nil)
	var list struct {
		Organisations []json.RawMessage `json:"organisations"`
	}
	if err := json.Unmarshal(out, &list); err != nil || res.StatusCode != 200 || len(list.Organisations) != 1 {
		t.Errorf("list: %d %s", res.StatusCode, out)
	}
}
