package httpapi_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/internal/httpapi"
)

// A substation in Kharkiv: sensitive by its category. Its coordinates,
// name and description must reach only those who may see it.
const (
	secretLon  = "36.287431"
	secretLat  = "49.981276"
	secretName = "Підстанція Північна-110"
	secretDesc = "За парканом хлібозаводу, вул. Шевченка, 315"
)

// leaks lists what of the substation a body gives away: its coordinates
// (every output writes them with 6 decimals or more), its name or its
// description.
func leaks(body string) []string {
	var out []string
	for _, s := range []string{secretLon, secretLat, secretName, secretDesc} {
		if strings.Contains(body, s) {
			out = append(out, s)
		}
	}
	return out
}

// TestNoPublicEndpointGivesASensitivePlaceAway walks every read route the
// server has, as the public and as accounts that may not see the
// substation exactly, and finds its place in none of the answers; the
// accounts that may see it do.
func TestNoPublicEndpointGivesASensitivePlaceAway(t *testing.T) {
	w := newWorld(t, true)
	sub := w.must("POST", "/api/v1/sites", "application/geo+json",
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[`+secretLon+`,`+secretLat+`]},`+
			`"properties":{"name":"`+secretName+`","description":"`+secretDesc+`","category":"energy","damage":"destroyed"}}`, 201)
	// Its history gets a change of place and of words, and a decision.
	w.must("PATCH", "/api/v1/sites/"+itoa(sub), "application/merge-patch+json",
		`{"geometry":{"type":"Point","coordinates":[`+secretLon+`1,`+secretLat+`1]},"properties":{"description":"`+secretDesc+`, корпус 2"}}`, 200)
	w.must("POST", "/api/v1/sites/"+itoa(sub)+"/verification", "application/json", `{"decision":"verified"}`, 200)
	// A photo of it can show where it is as well as any coordinate.
	photoID := w.sitePhoto("admin", sub)
	photoPath := "/api/v1/photos/" + itoa(photoID) + "/"
	project := w.project(sub)
	w.must("POST", "/api/v1/projects/"+itoa(project)+"/funding", "application/json",
		`{"organisation_id":`+itoa(w.orgA)+`,"kind":"pledge","amount":{"amount_minor":100000,"currency":"EUR"},"date":"2025-05-01"}`, 201)
	// And so can a photo of the work on it.
	updatePhotoPath := "/api/v1/photos/" + itoa(w.updatePhoto(project)) + "/"

	fill := map[string]string{
		"/api/v1/sites/:id":              "/api/v1/sites/" + itoa(sub),
		"/api/v1/sites/:id/history":      "/api/v1/sites/" + itoa(sub) + "/history",
		"/api/v1/projects/:id":           "/api/v1/projects/" + itoa(project),
		"/api/v1/projects/:id/history":   "/api/v1/projects/" + itoa(project) + "/history",
		"/api/v1/projects/:id/funding":   "/api/v1/projects/" + itoa(project) + "/funding",
		"/api/v1/projects/:id/updates":   "/api/v1/projects/" + itoa(project) + "/updates",
		"/api/v1/organisations/:id":      "/api/v1/organisations/" + itoa(w.orgA),
		"/api/v1/oblasts/:code/hromadas": "/api/v1/oblasts/" + w.oblastA + "/hromadas",
		"/api/v1/users/:id":              "/api/v1/users/1",
		// Exports and feeds are read whole; the lists' own filters are
		// tried on them in export_test.go.
		"/api/v1/export/iati/:id.xml":          "/api/v1/export/iati/" + itoa(w.orgA) + ".xml",
		"/api/v1/feeds/hromadas/:code.atom":    "/api/v1/feeds/hromadas/" + w.hromadaA + ".atom",
		"/api/v1/feeds/oblasts/:code.atom":     "/api/v1/feeds/oblasts/" + w.oblastA + ".atom",
		"/api/v1/feeds/organisations/:id.atom": "/api/v1/feeds/organisations/" + itoa(w.orgA) + ".atom",
		"/api/v1/feeds/projects/:id.atom":      "/api/v1/feeds/projects/" + itoa(project) + ".atom",
		// Photos are images re-encoded without EXIF, no text to search;
		// the substation's is asked for all the same, and below it is
		// seen to be served to no one who may not see the substation.
		"/api/v1/photos/:id/:size": photoPath + "thumb",
		// Tiles are binary, in tile coordinates: TestVectorTiles decodes
		// them and finds the substation only at its public point.
		"/tiles/:layer/:z/:x/:y": "",
		"/tiles/:layer":          "/tiles/sites.json",
		// The OGC API: its list as GIS clients read it, one site as a page.
		"/ogc/collections/:collection":                "/ogc/collections/sites",
		"/ogc/collections/:collection/items":          "/ogc/collections/sites/items",
		"/ogc/collections/:collection/items/:feature": "/ogc/collections/sites/items/" + itoa(sub) + "?f=html",
	}
	// Lists are also asked for a narrow box around the substation (1.5 km,
	// well inside its hromada and away from the hromada's point) and for
	// its words.
	box := url.QueryEscape("36.28,49.975,36.295,49.99")
	extra := []string{
		"/api/v1/sites?bbox=" + box,
		"/api/v1/sites?q=" + url.QueryEscape("Північна"),
		"/api/v1/sites?q=" + url.QueryEscape("хлібозаводу"),
		"/api/v1/sites?oblast=" + w.oblastA + "&category=energy",
		"/api/v1/projects?bbox=" + box,
		// A place's totals and monthly series are counts by hromada.
		"/api/v1/stats?hromada=" + w.hromadaA,
		"/api/v1/stats?oblast=" + w.oblastA,
	}
	var targets []string
	param := regexp.MustCompile(`:[a-z]+`)
	for _, r := range httpapiRoutes() {
		method, path, _ := strings.Cut(r, " ")
		if method != http.MethodGet || path == "/api/v1/*" || path == "/*" || path == "/readyz" {
			continue
		}
		if param.MatchString(path) {
			p, ok := fill[path]
			if !ok {
				t.Errorf("GET %s is a read this test does not know how to fill: add it to fill", path)
			}
			if p == "" {
				continue
			}
			path = p
		}
		targets = append(targets, path)
	}
	targets = append(targets, extra...)

	for _, role := range []string{"public", "editor B", "moderator B", "donor A"} {
		for _, target := range targets {
			status, body := w.call(role, "GET", target, "", nil)
			if status >= 500 {
				t.Errorf("%s, GET %s: %d", role, target, status)
			}
			if strings.Contains(target, "bbox=") && strings.Contains(string(body), `"numberReturned":1`) {
				t.Errorf("%s, GET %s finds the substation in a box around its exact place", role, target)
			}
			if l := leaks(string(body)); len(l) > 0 {
				t.Errorf("%s, GET %s (%d) gives the substation away: %q", role, target, status, l)
			}
			if !strings.HasPrefix(target, photoPath) && strings.Contains(string(body), photoPath) {
				t.Errorf("%s, GET %s (%d) gives the substation's photo away", role, target, status)
			}
			if strings.Contains(string(body), updatePhotoPath) {
				t.Errorf("%s, GET %s (%d) gives the photo of the work on the substation away", role, target, status)
			}
		}
		for _, size := range []string{"display", "thumb"} {
			for _, p := range []string{photoPath, updatePhotoPath} {
				if status, _ := w.call(role, "GET", p+size, "", nil); status != http.StatusNotFound {
					t.Errorf("%s, GET %s%s: %d, want 404: the photo shows where the substation is", role, p, size, status)
				}
			}
		}
		_, site := w.call(role, "GET", "/api/v1/sites/"+itoa(sub), "", nil)
		if !strings.Contains(string(site), `"photos":[]`) {
			t.Errorf("%s should see the substation with no photos: %.600s", role, site)
		}
		_, hist := w.call(role, "GET", "/api/v1/sites/"+itoa(sub)+"/history", "", nil)
		if strings.Contains(string(hist), `"photos"`) {
			t.Errorf("%s should not learn of the substation's photos from its history: %.600s", role, hist)
		}
	}
	// Those who may see it exactly do: this is what makes the above mean something.
	for _, role := range []string{"editor A", "moderator A", "admin"} {
		_, body := w.call(role, "GET", "/api/v1/sites/"+itoa(sub), "", nil)
		if l := leaks(string(body)); len(l) != 4 {
			t.Errorf("%s should see the substation as it is, sees %q of it in %.300s", role, l, body)
		}
		if !strings.Contains(string(body), `"href":"`+photoPath+`display"`) {
			t.Errorf("%s should see the substation's photo listed: %.600s", role, body)
		}
		if status, _ := w.call(role, "GET", photoPath+"display", "", nil); status != http.StatusOK {
			t.Errorf("%s should get the substation's photo: %d", role, status)
		}
		_, updates := w.call(role, "GET", "/api/v1/projects/"+itoa(project)+"/updates", "", nil)
		if !strings.Contains(string(updates), updatePhotoPath+"display") {
			t.Errorf("%s should see the photo of the work listed: %.600s", role, updates)
		}
		if status, _ := w.call(role, "GET", updatePhotoPath+"display", "", nil); status != http.StatusOK {
			t.Errorf("%s should get the photo of the work: %d", role, status)
		}
		_, list := w.call(role, "GET", "/api/v1/sites?q="+url.QueryEscape("Північна"), "", nil)
		if !strings.Contains(string(list), secretName) {
			t.Errorf("%s should find the substation by its name", role)
		}
	}
	// The public sees it where its hromada is, marked sensitive.
	_, body := w.call("public", "GET", "/api/v1/sites/"+itoa(sub), "", nil)
	if !strings.Contains(string(body), `"sensitive":true`) || !strings.Contains(string(body), `"hromada_code":"`+w.hromadaA+`"`) {
		t.Errorf("the public should see a sensitive site of hromada A: %.400s", body)
	}
}

func httpapiRoutes() []string { return httpapi.New(httpapi.Deps{OpenAPI: api.OpenAPI}).Routes() }
