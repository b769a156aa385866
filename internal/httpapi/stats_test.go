package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// Places of the monthly series test: two hromadas of Kharkiv oblast, one
// of Lviv oblast, and Kyiv, which is oblast and hromada under one code.
const (
	pointKharkiv = "36.2304,49.9935"
	pointIzium   = "37.2556,49.2103"
	pointLviv    = "24.0316,49.8419"
	pointKyiv    = "30.5234,50.4501"
)

type month struct {
	Month     string `json:"month"`
	Damaged   int    `json:"damaged"`
	Funded    int    `json:"funded"`
	Completed int    `json:"completed"`
}

type statsBody struct {
	Sites    int     `json:"sites"`
	Projects int     `json:"projects"`
	Monthly  []month `json:"monthly"`
}

func datedSite(w *world, point, damagedOn string) placed {
	w.t.Helper()
	return w.siteOf("admin", strings.Replace(siteBody(point, "housing"), `"damage":"severe"`, `"damage":"severe","damaged_on":"`+damagedOn+`"`, 1))
}

func (w *world) transition(project int64, to ...string) {
	w.t.Helper()
	for _, s := range to {
		w.must("POST", "/api/v1/projects/"+itoa(project)+"/transitions", "application/json", `{"to":"`+s+`"}`, http.StatusOK)
	}
}

func TestMonthlySeriesOfEachPlace(t *testing.T) {
	_, router := loadContract(t)
	w := newWorld(t, false)
	public := map[string]string{"Authorization": ""}
	get := func(t *testing.T, query string) statsBody {
		t.Helper()
		_, b := check(t, router, w.ts, "GET", "/api/v1/stats"+query, public, "", http.StatusOK, false)
		var v statsBody
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("GET /api/v1/stats%s: %v\n%s", query, err, b)
		}
		return v
	}
	// The world has a school in Kharkiv and one in Kyiv, made today: their
	// month is the current one, as is every project's funding below.
	var now string
	if err := w.db.Pool().QueryRow(context.Background(), `SELECT to_char(now(), 'YYYY-MM')`).Scan(&now); err != nil {
		t.Fatal(err)
	}

	kh1 := datedSite(w, pointKharkiv, "2022-03-10")
	kh2 := datedSite(w, pointKharkiv, "2022-03-20")
	moved := datedSite(w, pointKharkiv, "2023-07-01") // to Lviv, another oblast
	iz := datedSite(w, pointIzium, "2023-07-09")      // to Kharkiv, the same oblast
	lv := datedSite(w, pointLviv, "2022-03-05")
	gone := datedSite(w, pointLviv, "2024-01-15") // deleted
	kyiv := datedSite(w, pointKyiv, "2022-02-24")
	kharkiv, izium, lviv := kh1.HromadaCode, iz.HromadaCode, lv.HromadaCode
	kharkivOblast, lvivOblast, kyivCode := kh1.OblastCode, lv.OblastCode, kyiv.OblastCode
	if kh2.HromadaCode != kharkiv || moved.HromadaCode != kharkiv || iz.OblastCode != kharkivOblast ||
		izium == kharkiv || gone.HromadaCode != lviv || lvivOblast == kharkivOblast || kyiv.HromadaCode != kyivCode {
		t.Fatalf("the sites are not where the test needs them: %+v %+v %+v %+v %+v %+v %+v", kh1, kh2, moved, iz, lv, gone, kyiv)
	}

	done := w.project(kh1.ID)
	w.transition(done, "seeking_funding", "funded", "in_progress", "completed")
	funded := w.project(lv.ID)
	w.transition(funded, "seeking_funding", "funded")
	w.transition(w.project(kh2.ID), "seeking_funding") // no event
	// Becoming funded is an event of the place the project was in: it
	// stays in Lviv when the project is moved to Kyiv's school.
	w.must("PATCH", "/api/v1/projects/"+itoa(funded), "application/merge-patch+json",
		`{"site_ids":[`+itoa(kyiv.ID)+`]}`, http.StatusOK)

	w.must("PATCH", "/api/v1/sites/"+itoa(moved.ID), "application/merge-patch+json",
		`{"geometry":{"type":"Point","coordinates":[`+pointLviv+`]}}`, http.StatusOK)
	w.must("PATCH", "/api/v1/sites/"+itoa(iz.ID), "application/merge-patch+json",
		`{"geometry":{"type":"Point","coordinates":[`+pointKharkiv+`]}}`, http.StatusOK)
	w.must("DELETE", "/api/v1/sites/"+itoa(gone.ID), "", "", http.StatusNoContent)

	cases := []struct {
		name, query     string
		sites, projects int
		monthly         []month
	}{
		{"the country counts every site where it is and every event once", "", 8, 3, []month{
			{"2022-02", 1, 0, 0}, {"2022-03", 3, 0, 0}, {"2023-07", 2, 0, 0}, {now, 2, 2, 1}}},
		{"Kharkiv oblast keeps the site moved within it and loses the one moved out", "?oblast=" + kharkivOblast, 4, 2, []month{
			{"2022-03", 2, 0, 0}, {"2023-07", 1, 0, 0}, {now, 1, 1, 1}}},
		{"Kharkiv hromada gains the site moved in from Izium", "?hromada=" + kharkiv, 4, 2, []month{
			{"2022-03", 2, 0, 0}, {"2023-07", 1, 0, 0}, {now, 1, 1, 1}}},
		{"Izium hromada has nothing left", "?hromada=" + izium, 0, 0, []month{}},
		{"Lviv oblast gains the moved site, not the deleted one, and keeps its funding", "?oblast=" + lvivOblast, 2, 0, []month{
			{"2022-03", 1, 0, 0}, {"2023-07", 1, 0, 0}, {now, 0, 1, 0}}},
		{"Lviv hromada is the same as its oblast here", "?hromada=" + lviv, 2, 0, []month{
			{"2022-03", 1, 0, 0}, {"2023-07", 1, 0, 0}, {now, 0, 1, 0}}},
		{"Kyiv as an oblast counts its sites once", "?oblast=" + kyivCode, 2, 1, []month{
			{"2022-02", 1, 0, 0}, {now, 1, 0, 0}}},
		{"Kyiv as a hromada is the same", "?hromada=" + kyivCode, 2, 1, []month{
			{"2022-02", 1, 0, 0}, {now, 1, 0, 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := get(t, c.query)
			if got.Sites != c.sites || got.Projects != c.projects {
				t.Errorf("sites %d, projects %d; want %d and %d", got.Sites, got.Projects, c.sites, c.projects)
			}
			if !reflect.DeepEqual(got.Monthly, c.monthly) {
				t.Errorf("monthly\n got %+v\nwant %+v", got.Monthly, c.monthly)
			}
		})
	}

	t.Run("a place's series is cached by the data's version and moves with it", func(t *testing.T) {
		q := "/api/v1/stats?hromada=" + lviv
		res, _ := check(t, router, w.ts, "GET", q, public, "", http.StatusOK, false)
		tag := res.Header.Get("ETag")
		check(t, router, w.ts, "GET", q, map[string]string{"Authorization": "", "If-None-Match": tag}, "", http.StatusNotModified, false)
		datedSite(w, pointLviv, "2022-03-31")
		res, _ = check(t, router, w.ts, "GET", q, map[string]string{"Authorization": "", "If-None-Match": tag}, "", http.StatusOK, false)
		if res.Header.Get("ETag") == tag {
			t.Errorf("the ETag %s did not change with a new site", tag)
		}
		if got := get(t, "?hromada="+lviv).Monthly; len(got) == 0 || got[0] != (month{"2022-03", 2, 0, 0}) {
			t.Errorf("the new site is not in March 2022: %+v", got)
		}
	})

	for _, c := range []struct {
		name, query, field string
		breaksDoc          bool
	}{
		{"an unknown oblast is a 400 naming the oblast", "?oblast=UA99000000000000000", "oblast", false},
		{"an unknown hromada is a 400 naming the hromada", "?hromada=UA99000000000000001", "hromada", false},
		{"a code that is not KATOTTH is a 400", "?oblast=Kharkiv", "oblast", true},
		{"an oblast and a hromada at once is a 400", "?oblast=" + kharkivOblast + "&hromada=" + kharkiv, "hromada", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, b := check(t, router, w.ts, "GET", "/api/v1/stats"+c.query, map[string]string{"Authorization": "", "Accept-Language": "en"},
				"", http.StatusBadRequest, c.breaksDoc)
			var p struct {
				Field string `json:"field"`
			}
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatal(err)
			}
			if p.Field != c.field {
				t.Errorf("the problem names %q, want %q: %s", p.Field, c.field, b)
			}
		})
	}
}
