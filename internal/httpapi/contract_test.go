package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/httpapi"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/postgres"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

// The contract tests hold api/openapi.yaml and the server to each other:
// the document must be valid OpenAPI 3.0, list exactly the routes the
// server registers, and describe every real request and response below.

func loadContract(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		t.Fatalf("api/openapi.yaml does not load: %v", err)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("api/openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("no router from the document: %v", err)
	}
	return doc, router
}

func TestContractDocument(t *testing.T) {
	t.Run("the document is valid OpenAPI 3.0 with examples that fit their schemas", func(t *testing.T) {
		doc, _ := loadContract(t)
		if !strings.HasPrefix(doc.OpenAPI, "3.0.") {
			t.Errorf("openapi is %q; the ecosystem's oas30 class and kin-openapi want 3.0.x", doc.OpenAPI)
		}
	})
	t.Run("every operation has an id, a tag and a summary", func(t *testing.T) {
		doc, _ := loadContract(t)
		ids := map[string]string{}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				where := method + " " + path
				if op.OperationID == "" || len(op.Tags) == 0 || op.Summary == "" {
					t.Errorf("%s lacks an operationId, a tag or a summary", where)
				}
				if prev, dup := ids[op.OperationID]; dup {
					t.Errorf("%s and %s share operationId %q", prev, where, op.OperationID)
				}
				ids[op.OperationID] = where
			}
		}
	})
}

var standardMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace}

func TestContractRoutes(t *testing.T) {
	doc, _ := loadContract(t)
	srv := httpapi.New(httpapi.Deps{OpenAPI: api.OpenAPI})
	echoParam := regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)
	collections := ogcCollectionIDs(t, srv)

	routed := map[string]bool{}
	for _, r := range srv.Routes() {
		method, path, _ := strings.Cut(r, " ")
		if !slices.Contains(standardMethods, method) || path == "/api/v1/*" || method == http.MethodHead {
			continue // Echo's not-found routes, the API's catch-all, and HEAD, which every GET answers
		}
		switch {
		case path == "/tiles/:layer/:z/:x/:y":
			routed[method+" /tiles/{layer}/{z}/{x}/{y}.mvt"] = true // the handler takes the suffix off y
		case path == "/tiles/:layer":
			routed[method+" /tiles/{layer}.json"] = true
		case path == "/ogc/collections/:collection":
			routed[method+" /ogc/collections/{collectionId}"] = true
		case strings.HasPrefix(path, "/ogc/collections/:collection/"):
			// Each collection's items are described on their own, with the
			// filters and the features of that collection.
			rest := strings.Replace(strings.TrimPrefix(path, "/ogc/collections/:collection/"), ":feature", "{featureId}", 1)
			for _, id := range collections {
				routed[method+" /ogc/collections/"+id+"/"+rest] = true
			}
		case path == "/ogc" || strings.HasPrefix(path, "/ogc/"):
			routed[method+" "+echoParam.ReplaceAllString(path, "{$1}")] = true
		case strings.HasPrefix(path, "/api/v1/") || path == "/healthz" || path == "/readyz":
			routed[method+" "+echoParam.ReplaceAllString(path, "{$1}")] = true
		}
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}

	t.Run("every route the server registers is in the document", func(t *testing.T) {
		for r := range routed {
			if !documented[r] {
				t.Errorf("the server serves %s, the document does not describe it", r)
			}
		}
	})
	t.Run("every operation in the document is a route of the server", func(t *testing.T) {
		for r := range documented {
			if !routed[r] {
				t.Errorf("the document describes %s, the server has no such route", r)
			}
		}
	})
}

// ogcCollectionIDs are the collections the OGC API lists.
func ogcCollectionIDs(t *testing.T, srv *httpapi.Server) []string {
	t.Helper()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ogc/collections?f=json", nil))
	var list struct {
		Collections []struct{ ID string } `json:"collections"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != http.StatusOK || len(list.Collections) == 0 {
		t.Fatalf("GET /ogc/collections: %d %v %.300s", rec.Code, err, rec.Body.Bytes())
	}
	ids := make([]string, len(list.Collections))
	for i, c := range list.Collections {
		ids[i] = c.ID
	}
	return ids
}

// TestContractInJSON holds the definitions served in JSON to the YAML
// document: the whole of it, and the OGC API's part rooted at /ogc, where
// GDAL looks for the parameters it may pass to the server; and the OGC
// landing page leads GDAL to the latter.
func TestContractInJSON(t *testing.T) {
	doc, _ := loadContract(t)
	srv := httpapi.New(httpapi.Deps{OpenAPI: api.OpenAPI})
	get := func(t *testing.T, path string) []byte {
		t.Helper()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %.300s", path, rec.Code, rec.Body.Bytes())
		}
		return rec.Body.Bytes()
	}
	load := func(t *testing.T, path string) *openapi3.T {
		t.Helper()
		body := get(t, path)
		if !json.Valid(body) {
			t.Fatalf("%s is not JSON: %.300s", path, body)
		}
		loader := openapi3.NewLoader()
		d, err := loader.LoadFromData(body)
		if err != nil {
			t.Fatalf("%s does not load: %v", path, err)
		}
		if err := d.Validate(loader.Context, openapi3.EnableExamplesValidation()); err != nil {
			t.Fatalf("%s is not a valid OpenAPI document: %v", path, err)
		}
		return d
	}
	same := func(t *testing.T, what string, want, got any) {
		t.Helper()
		a, errA := json.Marshal(want)
		b, errB := json.Marshal(got)
		if errA != nil || errB != nil || string(a) != string(b) {
			t.Errorf("%s differs from the YAML document (%v, %v)", what, errA, errB)
		}
	}

	t.Run("the whole document in JSON is the YAML one", func(t *testing.T) {
		same(t, "/api/v1/openapi.json", doc, load(t, "/api/v1/openapi.json"))
	})
	t.Run("the OGC API's part holds every /ogc path, from /ogc", func(t *testing.T) {
		part := load(t, "/ogc/openapi.json")
		if len(part.Servers) != 1 || part.Servers[0].URL != "/ogc" {
			t.Errorf("its servers are %v, want the one /ogc", part.Servers)
		}
		n := 0
		for path, item := range doc.Paths.Map() {
			rest, ok := strings.CutPrefix(path, "/ogc")
			if !ok || rest != "" && !strings.HasPrefix(rest, "/") {
				continue
			}
			n++
			if rest == "" {
				rest = "/"
			}
			if got := part.Paths.Value(rest); got == nil {
				t.Errorf("it lacks %s (%s)", rest, path)
			} else {
				same(t, rest, item, got)
			}
		}
		if part.Paths.Len() != n {
			t.Errorf("it has %d paths, the document %d under /ogc", part.Paths.Len(), n)
		}
		same(t, "its components", doc.Components, part.Components)
		// GDAL passes a filter to the server when the items' path of its
		// collection, from the landing page, takes the property.
		items := part.Paths.Value("/collections/sites/items")
		if items == nil || items.Get == nil || items.Get.Parameters.GetByInAndName("query", "category") == nil {
			t.Errorf("/collections/sites/items takes no category filter")
		}
	})
	t.Run("the landing page's first service-desc is the OGC API's part in JSON", func(t *testing.T) {
		var landing struct {
			Links []struct{ Href, Rel, Type string } `json:"links"`
		}
		if err := json.Unmarshal(get(t, "/ogc?f=json"), &landing); err != nil {
			t.Fatal(err)
		}
		for _, l := range landing.Links {
			if l.Rel == "service-desc" {
				if !strings.HasSuffix(l.Href, "/ogc/openapi.json") || l.Type != "application/vnd.oai.openapi+json;version=3.0" {
					t.Errorf("the first service-desc is %s (%s)", l.Href, l.Type)
				}
				return
			}
		}
		t.Errorf("the landing page has no service-desc: %v", landing.Links)
	})
}

// exchange is one real request and the status it must get.
type exchange struct {
	name   string
	method string
	target string            // path and query; {id}, {project}, {last-project}, {org} and {next} are filled in
	header map[string]string // values may hold {etag}, {old-etag}, {project-etag}, {old-project-etag}, {units-etag}
	body   string            // may hold {first-site}, {org} and {commitment}
	status int
	// breaksDoc marks a request that the document, like the server, refuses.
	breaksDoc bool
	// contains are texts the response body must hold, compared without
	// white space (the summaries come from jsonb, which spaces its output).
	contains []string
}

// state carries what earlier exchanges learnt to later ones: the last site
// made and the first, the first project made and the last, an organisation,
// a commitment, the ETags of the site and of the project and a next link;
// an account made and its ETag, the session cookie of its sign-in, an API
// token made and its secret, and a suggestion.
type state struct {
	id, firstSite, etag, oldEtag, unitsEtag, next     string
	project, lastProject, projectEtag, oldProjectEtag string
	org, commitment                                   string
	user, userEtag, session                           string
	token, tokenSecret, suggestion                    string
}

func (s *state) fill(v string) string {
	return strings.NewReplacer("{id}", s.id, "{first-site}", s.firstSite, "{etag}", s.etag, "{old-etag}", s.oldEtag,
		"{units-etag}", s.unitsEtag, "{next}", s.next, "{project}", s.project, "{last-project}", s.lastProject,
		"{project-etag}", s.projectEtag, "{old-project-etag}", s.oldProjectEtag, "{org}", s.org,
		"{commitment}", s.commitment, "{user}", s.user, "{user-etag}", s.userEtag, "{session}", s.session,
		"{token}", s.token, "{token-secret}", s.tokenSecret, "{suggestion}", s.suggestion).Replace(v)
}

// unfilled finds a placeholder that no earlier exchange gave a value.
var unfilled = regexp.MustCompile(`\{[a-z-]+\}`)

const (
	kharkivOblast = "UA63000000000041885"
	geoJSONType   = "application/geo+json"
	pointBody     = `{"type":"Feature","geometry":{"type":"Point","coordinates":[36.2304,49.9935]},` +
		`"properties":{"name":"Ліцей № 134, корпус 2","description":"Зруйновано дах після удару.",` +
		`"category":"education","damage":"severe","damaged_on":"2024-05-25",` +
		`"estimated_cost":{"amount_minor":1850000000,"currency":"UAH"}}}`
	polygonBody = `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[36.279,50.021],[36.2798,50.021],` +
		`[36.2798,50.0214],[36.279,50.0214],[36.279,50.021]]]},` +
		`"properties":{"name":"Житловий будинок, просп. Тракторобудівників, 59","category":"housing","damage":"moderate"}}`
	orgBody = `{"name":"Місто Вроцлав","kind":"eu_municipality","country":"PL","website":"https://www.wroclaw.pl",` +
		`"iati_org_id":"PL-GOV-0000000001","twinned_hromada_code":""}`
	moderatorBody = `{"email":"olena.koval@contract.test","name":"Олена Коваль","password":"correct horse battery staple",` +
		`"role":"moderator","oblast_codes":["` + kharkivOblast + `"]}`
	projectBody = `{"title":"Відновлення житлового будинку, просп. Тракторобудівників, 59","sector":"housing",` +
		`"site_ids":[{first-site}],"budget":{"amount_minor":4200000000,"currency":"UAH"},` +
		`"planned_start":"2026-06-01","planned_end":"2027-05-31","prozorro_ids":["UA-2026-03-02-000123-a"],` +
		`"dream_id":"KH-2026-0042","milestones":[{"title":"Обстеження конструкцій","due_on":"2026-06-15"}]}`
)

func geo(extra ...string) map[string]string { return withHeaders(geoJSONType, extra) }

func jsonHeader(extra ...string) map[string]string { return withHeaders("application/json", extra) }

func withHeaders(contentType string, extra []string) map[string]string {
	h := map[string]string{"Content-Type": contentType}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	return h
}

// public is the header of a request made with no account, with the
// extra names and values given.
func public(extra ...string) map[string]string {
	h := map[string]string{"Authorization": ""}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	return h
}

// login is a sign-in of the moderator that an exchange makes, with its
// email spelt in other letters.
func login(password string) string {
	return `{"email":"Olena.Koval@contract.test","password":"` + password + `"}`
}

func exchanges() []exchange {
	patch := map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "{etag}"}
	xs := []exchange{
		{name: "creating a building footprint in Kharkiv answers 201", method: "POST", target: "/api/v1/sites",
			header: geo(), body: polygonBody, status: 201},
		{name: "creating a point in Kharkiv with an Idempotency-Key answers 201", method: "POST", target: "/api/v1/sites",
			header: geo("Idempotency-Key", "kharkiv-liceum-134"), body: pointBody, status: 201},
		{name: "repeating the create with the same key replays the site", method: "POST", target: "/api/v1/sites",
			header: geo("Idempotency-Key", "kharkiv-liceum-134"), body: pointBody, status: 201},
		{name: "reusing the key for another body is a 409", method: "POST", target: "/api/v1/sites",
			header: geo("Idempotency-Key", "kharkiv-liceum-134"), body: polygonBody, status: 409},
		{name: "creating a site with no account is a 401", method: "POST", target: "/api/v1/sites",
			header: public("Content-Type", geoJSONType), body: pointBody, status: 401, breaksDoc: true},
		{name: "creating a site with an unknown token is a 401", method: "POST", target: "/api/v1/sites",
			header: geo("Authorization", "Bearer vbt_no-such-token-was-ever-made"), body: pointBody, status: 401},
		{name: "reading the site answers 200 with an ETag", method: "GET", target: "/api/v1/sites/{id}", status: 200},
		{name: "reading it with its ETag in If-None-Match answers 304", method: "GET", target: "/api/v1/sites/{id}",
			header: map[string]string{"If-None-Match": "{etag}"}, status: 304},
		{name: "patching it with If-Match answers 200 with the next version", method: "PATCH", target: "/api/v1/sites/{id}",
			header: patch, status: 200,
			body: `{"properties":{"damage":"destroyed","damaged_on":null,"estimated_cost":{"amount_minor":250000000,"currency":"UAH"}}}`},
		{name: "patching it with the stale ETag is a 412", method: "PATCH", target: "/api/v1/sites/{id}",
			header: map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "{old-etag}"},
			body:   `{"properties":{"name":"Ліцей № 134"}}`, status: 412},
		{name: "an If-Match that is not an ETag is a 400", method: "PATCH", target: "/api/v1/sites/{id}",
			header: map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "banana"},
			body:   `{}`, status: 400, breaksDoc: true},
		{name: "a patch with an unknown category is a 422", method: "PATCH", target: "/api/v1/sites/{id}",
			header: patch, body: `{"properties":{"category":"castle"}}`, status: 422, breaksDoc: true},
		{name: "listing with bbox and limit=1 answers a page with a next link", method: "GET",
			target: "/api/v1/sites?bbox=36.1,49.9,36.4,50.1&limit=1", status: 200},
		{name: "following the next link answers the second page", method: "GET", target: "{next}", status: 200},
		{name: "filtering by oblast, category, damage and text answers 200", method: "GET",
			target: "/api/v1/sites?oblast=" + kharkivOblast + "&category=education,housing&damage=destroyed,moderate&q=" +
				url.QueryEscape("ліцей"), status: 200},
		{name: "a bbox of three numbers is a 400", method: "GET", target: "/api/v1/sites?bbox=36.1,49.9,36.4",
			status: 400, breaksDoc: true},
		{name: "a limit of 0 is a 400", method: "GET", target: "/api/v1/sites?limit=0", status: 400, breaksDoc: true},
		{name: "an unknown category in the filter is a 400", method: "GET", target: "/api/v1/sites?category=castle",
			status: 400, breaksDoc: true},
		{name: "an oblast code that names no oblast is a 400", method: "GET",
			target: "/api/v1/sites?oblast=UA99000000000000000", status: 400},
		{name: "a site id that is not a number is a 400", method: "GET", target: "/api/v1/sites/abc",
			status: 400, breaksDoc: true},
		{name: "a site that does not exist is a 404, in English when asked", method: "GET",
			target: "/api/v1/sites/987654321", header: map[string]string{"Accept-Language": "en"}, status: 404},
		{name: "a body that is not JSON is a 400", method: "POST", target: "/api/v1/sites", header: geo(),
			body: `{"type":`, status: 400, breaksDoc: true},
		{name: "a text/plain body is a 415", method: "POST", target: "/api/v1/sites",
			header: map[string]string{"Content-Type": "text/plain"}, body: pointBody, status: 415, breaksDoc: true},
		{name: "a site without damage is a 422", method: "POST", target: "/api/v1/sites", header: geo(),
			body:   `{"type":"Feature","geometry":{"type":"Point","coordinates":[36.2304,49.9935]},"properties":{"category":"health"}}`,
			status: 422, breaksDoc: true},
		{name: "a point in Warsaw is outside Ukraine: 422", method: "POST", target: "/api/v1/sites", header: geo(),
			body: strings.Replace(pointBody, "36.2304,49.9935", "21.0122,52.2297", 1), status: 422},
		{name: "a body over 1 MB is a 413", method: "POST", target: "/api/v1/sites", header: geo(),
			body: strings.Replace(pointBody, "Зруйновано", strings.Repeat("з", 600_000), 1), status: 413, breaksDoc: true},
		{name: "listing oblasts at zoom 5 answers their light outlines", method: "GET",
			target: "/api/v1/oblasts?zoom=5", status: 200},
		{name: "asking for the oblasts again with their ETag answers 304", method: "GET",
			target: "/api/v1/oblasts?zoom=5", header: map[string]string{"If-None-Match": "{units-etag}"}, status: 304},
		{name: "listing the hromadas of Kharkiv oblast answers 200", method: "GET",
			target: "/api/v1/oblasts/" + kharkivOblast + "/hromadas?simplified=true", status: 200},
		{name: "a zoom of 30 is a 400", method: "GET", target: "/api/v1/oblasts?zoom=30", status: 400, breaksDoc: true},
		{name: "the oblasts without their outlines keep their boxes and figures", method: "GET",
			target: "/api/v1/oblasts?geometry=false&zoom=5", status: 200, contains: []string{`"geometry":null,"properties":`, `"bbox":[`, `"label_point":[`}},
		{name: "the hromadas without their outlines", method: "GET",
			target: "/api/v1/oblasts/" + kharkivOblast + "/hromadas?geometry=false", status: 200, contains: []string{`"geometry":null,"properties":`}},
		{name: "a geometry that is not true or false is a 400", method: "GET", target: "/api/v1/oblasts?geometry=no", status: 400, breaksDoc: true},
		{name: "a malformed oblast code is a 400", method: "GET", target: "/api/v1/oblasts/UA63/hromadas",
			status: 400, breaksDoc: true},
		{name: "an oblast that does not exist is a 404", method: "GET",
			target: "/api/v1/oblasts/UA99000000000000000/hromadas", status: 404},
		{name: "healthz answers 200", method: "GET", target: "/healthz", status: 200},
		{name: "readyz answers 200 on a migrated database", method: "GET", target: "/readyz", status: 200},
		{name: "the client configuration answers 200", method: "GET", target: "/api/v1/config", status: 200},
		{name: "the contract itself is served as YAML", method: "GET", target: "/api/v1/openapi.yaml", status: 200},
		{name: "an admin imports the National Bank's rates: 200", method: "POST", target: "/api/v1/rates",
			header: map[string]string{"Content-Type": "text/csv"}, status: 200, contains: []string{`"read":1`},
			body: "r030,txt,rate,cc,exchangedate\n978,Євро,44.1234,EUR,27.11.2026\n"},
		{name: "a rates file with a bad line is a 422 naming the line", method: "POST", target: "/api/v1/rates",
			header: map[string]string{"Content-Type": "text/csv"}, status: 422, contains: []string{`"field":"line2"`},
			body: "r030,txt,rate,cc,exchangedate\n978,Євро,much,EUR,27.11.2026\n"},
		{name: "a z6 tile of sites over Kharkiv answers 200", method: "GET", target: "/tiles/sites/6/38/21.mvt", status: 200},
		{name: "asking for the tile again with its ETag answers 304", method: "GET", target: "/tiles/sites/6/38/21.mvt",
			header: map[string]string{"If-None-Match": "{units-etag}"}, status: 304},
		{name: "a filtered tile of projects answers", method: "GET", target: "/tiles/projects/8/153/86.mvt?state=draft,seeking_funding",
			status: 204},
		{name: "hromadas are not drawn at z2: 204", method: "GET", target: "/tiles/hromadas/2/2/1.mvt", status: 204},
		{name: "a tile beyond its zoom is a 400", method: "GET", target: "/tiles/sites/6/64/21.mvt", status: 400},
		{name: "an unknown layer is a 400", method: "GET", target: "/tiles/roads/6/38/21.mvt", status: 400, breaksDoc: true},
		{name: "the sites layer's TileJSON answers 200", method: "GET", target: "/tiles/sites.json?category=energy",
			status: 200, contains: []string{`"tilejson":"3.0.0"`, `/tiles/sites/{z}/{x}/{y}.mvt?category=energy"`}},
		{name: "the admin's token says who it is", method: "GET", target: "/api/v1/auth/me", status: 200,
			contains: []string{`"role":"admin"`, `"email":"admin@contract.test"`}},
		{name: "asking who one is without an account is a 401", method: "GET", target: "/api/v1/auth/me",
			header: public(), status: 401, breaksDoc: true},
		{name: "the admin makes a moderator of Kharkiv oblast: 201", method: "POST", target: "/api/v1/users",
			header: jsonHeader(), body: moderatorBody, status: 201,
			contains: []string{`"role":"moderator"`, `"oblast_codes":["` + kharkivOblast + `"]`}},
		{name: "an account with the same email in other letters is a 409", method: "POST", target: "/api/v1/users",
			header: jsonHeader(), body: strings.Replace(moderatorBody, "olena.koval", "OLENA.Koval", 1), status: 409},
		{name: "an account of an unknown role is a 422", method: "POST", target: "/api/v1/users", header: jsonHeader(),
			body:   `{"email":"castle@contract.test","password":"correct horse battery staple","role":"castle"}`,
			status: 422, breaksDoc: true},
		{name: "a moderator without an oblast is a 422", method: "POST", target: "/api/v1/users", header: jsonHeader(),
			body:   `{"email":"nowhere@contract.test","password":"correct horse battery staple","role":"moderator"}`,
			status: 422},
		{name: "signing in with the right password answers 200 with a CSRF token", method: "POST",
			target: "/api/v1/auth/login", header: public("Content-Type", "application/json"),
			body: login("correct horse battery staple"), status: 200,
			contains: []string{`"csrf_token":"`, `"role":"moderator"`}},
		{name: "signing in with a wrong password is a 401", method: "POST", target: "/api/v1/auth/login",
			header: public("Content-Type", "application/json"), body: login("wrong horse battery staple"), status: 401},
		{name: "signing in without a password is a 422", method: "POST", target: "/api/v1/auth/login",
			header: public("Content-Type", "application/json"), body: `{"email":"olena.koval@contract.test"}`,
			status: 422, breaksDoc: true},
		{name: "a moderator may not list the accounts: 403", method: "GET", target: "/api/v1/users",
			header: public("Cookie", httpapi.SessionCookie+"={session}"), status: 403},
		{name: "the admin lists the accounts", method: "GET", target: "/api/v1/users", status: 200,
			contains: []string{`"email":"olena.koval@contract.test"`}},
		{name: "reading the moderator's account answers 200 with an ETag", method: "GET", target: "/api/v1/users/{user}",
			status: 200, contains: []string{`"id":{user}`}},
		{name: "an account that does not exist is a 404", method: "GET", target: "/api/v1/users/987654321", status: 404},
		{name: "renaming the moderator with If-Match answers 200 with the next version", method: "PATCH",
			target: "/api/v1/users/{user}", header: map[string]string{"Content-Type": "application/merge-patch+json",
				"If-Match": "{user-etag}"}, body: `{"name":"Олена Коваль-Петренко"}`, status: 200,
			contains: []string{`"name":"Олена Коваль-Петренко"`, `"version":2`}},
		{name: "changing an account's email is a 422", method: "PATCH", target: "/api/v1/users/{user}",
			header: map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "{user-etag}"},
			body:   `{"email":"other@contract.test"}`, status: 422, breaksDoc: true},
		{name: "changing an account without If-Match is a 428", method: "PATCH", target: "/api/v1/users/{user}",
			header: map[string]string{"Content-Type": "application/merge-patch+json"}, body: `{"name":"Олена"}`,
			status: 428},
		{name: "making an API token answers 201 with its secret, once", method: "POST", target: "/api/v1/tokens",
			header: jsonHeader(), body: `{"name":"Імпорт з DREAM"}`, status: 201,
			contains: []string{`"secret":"vbt_`, `"revoked_at":null`}},
		{name: "a token without a name is a 422", method: "POST", target: "/api/v1/tokens", header: jsonHeader(),
			body: `{"name":"  "}`, status: 422},
		{name: "the account's tokens are listed without secrets", method: "GET", target: "/api/v1/tokens", status: 200,
			contains: []string{`"id":{token}`}},
		{name: "the new token says who it is", method: "GET", target: "/api/v1/auth/me",
			header: map[string]string{"Authorization": "Bearer {token-secret}"}, status: 200,
			contains: []string{`"role":"admin"`}},
		{name: "revoking the token answers 204", method: "DELETE", target: "/api/v1/tokens/{token}", status: 204},
		{name: "a token that does not exist is a 404", method: "DELETE", target: "/api/v1/tokens/987654321", status: 404},
		{name: "a write with the revoked token is a 401", method: "POST", target: "/api/v1/sites",
			header: geo("Authorization", "Bearer {token-secret}"), body: pointBody, status: 401},
		{name: "signing out answers 204 and clears the cookie", method: "POST", target: "/api/v1/auth/logout",
			header: public("Cookie", httpapi.SessionCookie+"={session}"), status: 204},
		{name: "creating an organisation answers 201 with an empty portfolio", method: "POST",
			target: "/api/v1/organisations", header: jsonHeader(), body: orgBody, status: 201,
			contains: []string{`"projects":[]`}},
		{name: "creating an organisation with an IATI id already taken is a 409", method: "POST",
			target: "/api/v1/organisations", header: jsonHeader(),
			body: strings.Replace(orgBody, "Вроцлав", "Вроцлав (копія)", 1), status: 409},
		{name: "an organisation of an unknown kind is a 422", method: "POST", target: "/api/v1/organisations",
			header: jsonHeader(), body: `{"name":"Фонд","kind":"castle","country":"DE"}`, status: 422, breaksDoc: true},
		{name: "creating a project from the footprint made first answers 201", method: "POST",
			target: "/api/v1/projects", header: jsonHeader("Idempotency-Key", "kharkiv-traktorobudivnykiv-59"),
			body: projectBody, status: 201, contains: []string{`"state":"draft"`, `"allowed_transitions":["seeking_funding","cancelled"]`}},
		{name: "repeating the project create with the same key replays it", method: "POST",
			target: "/api/v1/projects", header: jsonHeader("Idempotency-Key", "kharkiv-traktorobudivnykiv-59"),
			body: projectBody, status: 201},
		{name: "a project with a state is a 422: the state changes by transitions", method: "POST",
			target: "/api/v1/projects", header: jsonHeader(),
			body: `{"title":"Школа","sector":"education","site_ids":[{first-site}],"state":"funded"}`, status: 422, breaksDoc: true},
		{name: "a project of a site that does not exist is a 422", method: "POST", target: "/api/v1/projects",
			header: jsonHeader(), body: `{"title":"Школа","sector":"education","site_ids":[987654321]}`, status: 422},
		{name: "reading the project answers 200 with its sites and milestones", method: "GET",
			target: "/api/v1/projects/{project}", status: 200,
			contains: []string{`"site_ids":[{first-site}]`, `"prozorro_links":[{"id":"UA-2026-03-02-000123-a"`}},
		{name: "reading the project with its ETag in If-None-Match answers 304", method: "GET", target: "/api/v1/projects/{project}",
			header: map[string]string{"If-None-Match": "{project-etag}"}, status: 304},
		{name: "patching the project with If-Match answers 200 with the next version", method: "PATCH",
			target: "/api/v1/projects/{project}", status: 200,
			header: map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "{project-etag}"},
			body: `{"description":"Дах, вікна й опалення.","planned_end":"2027-06-30","dream_id":null,` +
				`"milestones":[{"title":"Проєктна документація","due_on":"2026-07-01","done_on":null}]}`,
			contains: []string{`"version":2`, `"dream_id":null`}},
		{name: "patching the project with the stale ETag is a 412", method: "PATCH", target: "/api/v1/projects/{project}",
			header: map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "{old-project-etag}"},
			body:   `{"title":"Інша назва"}`, status: 412},
		{name: "patching the state is a 422", method: "PATCH", target: "/api/v1/projects/{project}",
			header: map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "{project-etag}"},
			body:   `{"state":"funded"}`, status: 422, breaksDoc: true},
		{name: "moving a draft straight to completed is a 409", method: "POST",
			target: "/api/v1/projects/{project}/transitions", header: jsonHeader("If-Match", "{project-etag}"),
			body: `{"to":"completed"}`, status: 409},
		{name: "a transition to an unknown state is a 422", method: "POST",
			target: "/api/v1/projects/{project}/transitions", header: jsonHeader("If-Match", "{project-etag}"),
			body: `{"to":"castle"}`, status: 422, breaksDoc: true},
		{name: "moving the draft to seeking funding answers 200", method: "POST",
			target: "/api/v1/projects/{project}/transitions", header: jsonHeader("If-Match", "{project-etag}"),
			body: `{"to":"seeking_funding"}`, status: 200, contains: []string{`"state":"seeking_funding"`}},
		{name: "creating a second project as a Feature answers 201", method: "POST", target: "/api/v1/projects",
			header: geo(), status: 201,
			body: `{"type":"Feature","geometry":{"type":"Point","coordinates":[36.279,50.021]},` +
				`"properties":{"title":"Укриття у дворі","sector":"housing","site_ids":[{first-site}]}}`},
		{name: "listing projects with limit=1 answers a page with a next link", method: "GET",
			target: "/api/v1/projects?limit=1", status: 200},
		{name: "following the projects' next link answers the second page", method: "GET", target: "{next}", status: 200},
		{name: "filtering projects by oblast, state, sector and text, largest budget first, answers 200", method: "GET",
			target: "/api/v1/projects?oblast=" + kharkivOblast + "&state=seeking_funding,draft&sector=housing&sort=budget&q=" +
				url.QueryEscape("будинку"), status: 200, contains: []string{`"numberReturned":1`}},
		{name: "an unknown state in the filter is a 400", method: "GET", target: "/api/v1/projects?state=castle",
			status: 400, breaksDoc: true},
		{name: "a cursor of the budget order in the date order is a 400", method: "GET",
			target: "/api/v1/projects?cursor=b100_1", status: 400},
		{name: "deleting the second project, still a draft, answers 204", method: "DELETE",
			target: "/api/v1/projects/{last-project}", header: map[string]string{"If-Match": "{project-etag}"}, status: 204},
		{name: "recording a pledge answers 201", method: "POST", target: "/api/v1/projects/{project}/funding",
			header: jsonHeader(), status: 201,
			body:     `{"organisation_id":{org},"kind":"pledge","amount":{"amount_minor":50000000,"currency":"EUR"},"date":"2024-06-14"}`,
			contains: []string{`"amount_eur_minor":50000000`}},
		{name: "recording a commitment answers 201", method: "POST", target: "/api/v1/projects/{project}/funding",
			header: jsonHeader(), status: 201,
			body: `{"organisation_id":{org},"kind":"commitment","amount":{"amount_minor":2500000000,"currency":"PLN"},` +
				`"date":"2025-03-14","note":"Угода про партнерство громад"}`},
		{name: "recording a disbursement of the commitment answers 201", method: "POST",
			target: "/api/v1/projects/{project}/funding", header: jsonHeader(), status: 201,
			body: `{"organisation_id":{org},"kind":"disbursement","amount":{"amount_minor":1000000000,"currency":"PLN"},` +
				`"date":"2025-04-01","commitment_id":{commitment}}`},
		{name: "funding dated in the future is a 422", method: "POST", target: "/api/v1/projects/{project}/funding",
			header: jsonHeader(), status: 422,
			body: `{"organisation_id":{org},"kind":"pledge","amount":{"amount_minor":100,"currency":"EUR"},"date":"2099-01-01"}`},
		{name: "funding with an unknown member is a 400", method: "POST", target: "/api/v1/projects/{project}/funding",
			header: jsonHeader(), status: 400, breaksDoc: true,
			body: `{"organisation_id":{org},"kind":"pledge","amount":{"amount_minor":100,"currency":"EUR"},"date":"2024-06-14","donor":"x"}`},
		{name: "funding of a project that does not exist is a 404", method: "POST",
			target: "/api/v1/projects/987654321/funding", header: jsonHeader(), status: 404,
			body: `{"organisation_id":{org},"kind":"pledge","amount":{"amount_minor":100,"currency":"EUR"},"date":"2024-06-14"}`},
		{name: "listing the project's funding answers 200", method: "GET", target: "/api/v1/projects/{project}/funding",
			status: 200, contains: []string{`"kind":"pledge"`, `"kind":"commitment"`, `"kind":"disbursement"`}},
		{name: "the funding of a project that does not exist is a 404", method: "GET",
			target: "/api/v1/projects/987654321/funding", status: 404},
		{name: "the organisation's portfolio holds the project", method: "GET", target: "/api/v1/organisations/{org}",
			status: 200, contains: []string{`"projects":[{"id":{project},`}},
		{name: "an organisation that does not exist is a 404", method: "GET", target: "/api/v1/organisations/987654321",
			status: 404},
		{name: "listing organisations of Poland answers 200", method: "GET",
			target: "/api/v1/organisations?kind=eu_municipality,eu_region&country=PL&limit=10", status: 200,
			contains: []string{`"numberReturned":1`}},
		{name: "a country that is not a code is a 400", method: "GET", target: "/api/v1/organisations?country=Poland",
			status: 400, breaksDoc: true},
		{name: "exporting Kharkiv oblast's sites as CSV with the HXL row answers 200", method: "GET",
			target: "/api/v1/export/sites.csv?oblast=" + kharkivOblast + "&hxl=1", status: 200,
			contains: []string{"id,name,description,category", "#adm1+code", kharkivOblast}},
		{name: "exporting the sites as GeoJSON answers the whole selection", method: "GET",
			target: "/api/v1/export/sites.geojson?oblast=" + kharkivOblast + "&category=education,housing", status: 200,
			contains: []string{`"type":"FeatureCollection"`}},
		{name: "exporting sites of an unknown category is a 400", method: "GET", target: "/api/v1/export/sites.csv?category=castle",
			status: 400, breaksDoc: true},
		{name: "exporting sites of an oblast that does not exist is a 400", method: "GET",
			target: "/api/v1/export/sites.geojson?oblast=UA99000000000000000", status: 400},
		{name: "exporting the projects as CSV names their funders", method: "GET",
			target: "/api/v1/export/projects.csv?oblast=" + kharkivOblast + "&hxl=1", status: 200,
			contains: []string{"#org+funder", "Місто Вроцлав", "UA-2026-03-02-000123-a"}},
		{name: "exporting the projects as GeoJSON answers 200", method: "GET",
			target: "/api/v1/export/projects.geojson?state=seeking_funding&sort=budget", status: 200},
		{name: "the OC4IDS package links the Prozorro tender", method: "GET", target: "/api/v1/export/oc4ids.json?donor={org}",
			status: 200, contains: []string{`"contractingProcesses":[{"id":"ocds-be6bcu-UA-2026-03-02-000123-a"`, `"version":"0.9"`}},
		{name: "the donor's IATI file holds the project", method: "GET", target: "/api/v1/export/iati/{org}.xml", status: 200,
			contains: []string{`<iati-identifier>PL-GOV-0000000001-VIDBUDOVA-{project}</iati-identifier>`, `<transaction-type code="2">`}},
		{name: "the IATI file of an organisation that does not exist is a 404", method: "GET",
			target: "/api/v1/export/iati/987654321.xml", status: 404},
		{name: "the feed of Kharkiv hromada answers Atom", method: "GET", target: "/api/v1/feeds/hromadas/UA63120270000028556.atom",
			status: 200, contains: []string{`<feed xmlns="http://www.w3.org/2005/Atom"`, "Project {project} created"}},
		{name: "the feed of Kharkiv oblast answers Atom", method: "GET", target: "/api/v1/feeds/oblasts/" + kharkivOblast + ".atom",
			status: 200},
		{name: "the organisation's feed holds its commitment", method: "GET", target: "/api/v1/feeds/organisations/{org}.atom",
			status: 200, contains: []string{"Commitment of 25,000,000.00 PLN by Місто Вроцлав"}},
		{name: "the project's feed answers Atom", method: "GET", target: "/api/v1/feeds/projects/{project}.atom", status: 200},
		{name: "a feed of a code that is not KATOTTH is a 400", method: "GET", target: "/api/v1/feeds/oblasts/UA63.atom",
			status: 400, breaksDoc: true},
		{name: "the feed of a project that does not exist is a 404", method: "GET", target: "/api/v1/feeds/projects/987654321.atom",
			status: 404},
		{name: "the national totals count the project and its money", method: "GET", target: "/api/v1/stats",
			status: 200, contains: []string{`"projects":1`, `"seeking_funding":1`, `"pledged":50000000`}},
		{name: "asking for the totals again with their ETag answers 304", method: "GET", target: "/api/v1/stats",
			header: map[string]string{"If-None-Match": "{units-etag}"}, status: 304},
		{name: "the oblasts carry the projects and their money", method: "GET", target: "/api/v1/oblasts?simplified=true",
			status: 200, contains: []string{`"projects":1`, `"money":{"EUR":{`}},
		{name: "deleting a project without If-Match is a 428", method: "DELETE",
			target: "/api/v1/projects/{project}", status: 428},
		{name: "deleting a project that is no longer a draft is a 409", method: "DELETE",
			target: "/api/v1/projects/{project}", header: map[string]string{"If-Match": "*"}, status: 409},
		{name: "reading the project again for its ETag", method: "GET", target: "/api/v1/projects/{project}", status: 200},
		{name: "rejecting the project without a reason is a 422", method: "POST",
			target: "/api/v1/projects/{project}/verification", header: jsonHeader("If-Match", "{project-etag}"),
			body: `{"decision":"rejected"}`, status: 422},
		{name: "a verification without If-Match is a 428", method: "POST",
			target: "/api/v1/projects/{project}/verification", header: jsonHeader(),
			body: `{"decision":"verified"}`, status: 428},
		{name: "verifying the project answers 200 with the next version", method: "POST",
			target: "/api/v1/projects/{project}/verification", header: jsonHeader("If-Match", "{project-etag}"),
			body: `{"decision":"verified"}`, status: 200, contains: []string{`"verification":"verified"`}},
		{name: "verifying it again with the stale ETag is a 412", method: "POST",
			target: "/api/v1/projects/{project}/verification", header: jsonHeader("If-Match", "{old-project-etag}"),
			body: `{"decision":"verified"}`, status: 412},
		{name: "rejecting the site without a reason is a 422", method: "POST", target: "/api/v1/sites/{id}/verification",
			header: jsonHeader("If-Match", "{etag}"), body: `{"decision":"rejected","reason":"  "}`, status: 422},
		{name: "an unknown decision is a 422", method: "POST", target: "/api/v1/sites/{id}/verification",
			header: jsonHeader("If-Match", "{etag}"), body: `{"decision":"maybe"}`, status: 422, breaksDoc: true},
		{name: "verifying the site answers 200 with the decision", method: "POST", target: "/api/v1/sites/{id}/verification",
			header: jsonHeader("If-Match", "{etag}"), body: `{"decision":"verified"}`, status: 200,
			contains: []string{`"verification":"verified"`, `"verification_reason":null`}},
		{name: "rejecting the site with a reason answers 200 with the reason", method: "POST",
			target: "/api/v1/sites/{id}/verification", header: jsonHeader("If-Match", "{etag}"),
			body: `{"decision":"rejected","reason":"На фото інша будівля."}`, status: 200,
			contains: []string{`"verification":"rejected"`, `"verification_reason":"На фото інша будівля."`}},
		{name: "the site's history names the admin as the author", method: "GET", target: "/api/v1/sites/{id}/history",
			status: 200, contains: []string{`"actor":{"id":`, `"role":"admin"}`}},
		{name: "deleting the site with its ETag answers 204", method: "DELETE", target: "/api/v1/sites/{id}",
			header: map[string]string{"If-Match": "{etag}"}, status: 204},
		{name: "reading the deleted site is a 404", method: "GET", target: "/api/v1/sites/{id}", status: 404},
		{name: "deleting it again is a 404", method: "DELETE", target: "/api/v1/sites/{id}",
			header: map[string]string{"If-Match": "*"}, status: 404},
		{name: "anyone may suggest a site: 202 with a receipt", method: "POST", target: "/api/v1/suggestions",
			header: public("Content-Type", geoJSONType), body: pointBody, status: 202,
			contains: []string{`"status":"waiting"`}},
		{name: "a suggestion outside Ukraine is a 422", method: "POST", target: "/api/v1/suggestions",
			header: public("Content-Type", geoJSONType),
			body:   strings.Replace(pointBody, "36.2304,49.9935", "21.0122,52.2297", 1), status: 422},
		{name: "the public may not see the suggestions: 401", method: "GET", target: "/api/v1/suggestions",
			header: public(), status: 401, breaksDoc: true},
		{name: "the admin sees the waiting suggestion", method: "GET", target: "/api/v1/suggestions", status: 200,
			contains: []string{`"id":{suggestion}`, `"status":"waiting"`}},
		{name: "accepting the suggestion answers 200 with the site made of it", method: "POST",
			target: "/api/v1/suggestions/{suggestion}/decision", header: jsonHeader(), body: `{"decision":"verified"}`,
			status: 200, contains: []string{`"status":"accepted"`, `"site_id":`}},
		{name: "deciding the suggestion again is a 409", method: "POST",
			target: "/api/v1/suggestions/{suggestion}/decision", header: jsonHeader(),
			body: `{"decision":"rejected","reason":"Дублікат."}`, status: 409},
		{name: "a suggestion that does not exist is a 404", method: "POST",
			target: "/api/v1/suggestions/987654321/decision", header: jsonHeader(), body: `{"decision":"verified"}`,
			status: 404},
		{name: "a substation is sensitive from the start", method: "POST", target: "/api/v1/sites", header: geo(),
			body: strings.Replace(strings.Replace(pointBody, `"education"`, `"energy"`, 1), "Ліцей № 134, корпус 2",
				"Підстанція, вул. Шевченка, 12", 1),
			status: 201, contains: []string{`"sensitive":true`, `"name":"Підстанція, вул. Шевченка, 12"`}},
		{name: "the public sees the substation without its name", method: "GET", target: "/api/v1/sites/{id}",
			header: public(), status: 200, contains: []string{`"sensitive":true`, `"name":"","category":"energy"`}},
	}
	xs = append(xs, ogcExchanges()...)
	// Sign-in is slowed per account: five wrong passwords, then a 429.
	for i := range 6 {
		x := exchange{name: "signing in to an unknown account, attempt " + strconv.Itoa(i+1), method: "POST",
			target: "/api/v1/auth/login", header: public("Content-Type", "application/json"),
			body: `{"email":"nobody@contract.test","password":"guess number ` + strconv.Itoa(i) + `"}`, status: 401}
		if i == 5 {
			x.name, x.status = "a sixth attempt within the quarter hour is a 429 with Retry-After", 429
		}
		xs = append(xs, x)
	}
	return xs
}

// ogcExchanges read the OGC API under /ogc, after the exchanges above have
// made a project and the sites: a footprint, a school suggested by the
// public and a substation, the last two damaged on 2024-05-25.
func ogcExchanges() []exchange {
	items := "/ogc/collections/sites/items"
	return []exchange{
		{name: "the OGC landing page leads to the OGC API's definition in JSON first", method: "GET", target: "/ogc",
			status: 200, contains: []string{`/ogc/openapi.json","rel":"service-desc","type":"application/vnd.oai.openapi+json;version=3.0"`,
				`/api/v1/openapi.yaml","rel":"service-desc","type":"application/vnd.oai.openapi;version=3.0"`}},
		{name: "the OGC landing page as HTML", method: "GET", target: "/ogc?f=html", status: 200,
			contains: []string{"/ogc/openapi.json"}},
		{name: "the OGC API's definition is served as JSON", method: "GET", target: "/ogc/openapi.json", status: 200,
			contains: []string{`"servers":[{"description":`, `"/collections/sites/items":{`}},
		{name: "the whole contract is served as JSON", method: "GET", target: "/api/v1/openapi.json", status: 200,
			contains: []string{`"/ogc/collections/sites/items":{`, `"/api/v1/sites":{`}},
		{name: "the OGC API's page for people is HTML", method: "GET", target: "/ogc/api", status: 200},
		{name: "the OGC page for people in JSON is a 400", method: "GET", target: "/ogc/api?f=json", status: 400, breaksDoc: true},
		{name: "the conformance classes include OpenAPI 3.0", method: "GET", target: "/ogc/conformance", status: 200,
			contains: []string{"/conf/oas30"}},
		{name: "the collections are listed in English when asked", method: "GET", target: "/ogc/collections",
			header: map[string]string{"Accept-Language": "en"}, status: 200,
			contains: []string{`"id":"sites","title":"Damaged sites"`, `"id":"hromadas"`}},
		{name: "a browser gets the collections as HTML", method: "GET", target: "/ogc/collections",
			header: map[string]string{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, status: 200},
		{name: "the projects collection has its temporal extent", method: "GET", target: "/ogc/collections/projects",
			status: 200, contains: []string{`"interval":[["2014-02-20T00:00:00Z",null]]`}},
		{name: "a collection that does not exist is a 404", method: "GET", target: "/ogc/collections/roads",
			status: 404, breaksDoc: true},
		{name: "sites by bbox, datetime and category, one a page, answer a page with a next link", method: "GET",
			target: items + "?bbox=36.1,49.9,36.4,50.1&limit=1&datetime=2024-05-01/2024-05-31&category=education,energy",
			status: 200, contains: []string{`"numberMatched":2`, `"numberReturned":1`, `"rel":"next"`}},
		{name: "following the OGC next link answers the second page", method: "GET", target: "{next}", status: 200,
			contains: []string{`"numberMatched":2`, `"numberReturned":1`, `"rel":"prev"`}},
		{name: "sites damaged on another day are none", method: "GET",
			target: items + "?datetime=2024-05-26&verification=reported,verified&damage=severe,destroyed", status: 200,
			contains: []string{`"numberMatched":0`}},
		{name: "the substation is at its hromada's point, without its name", method: "GET", target: items + "/{id}",
			status: 200, contains: []string{`"name":"","category":"energy"`, `"sensitive":true`, `"rel":"collection"`}},
		{name: "the substation as a page", method: "GET", target: items + "/{id}?f=html", status: 200},
		{name: "a site that does not exist is a 404 of the OGC API", method: "GET", target: items + "/987654321", status: 404},
		{name: "a site id that is not a number is a 404 of the OGC API", method: "GET", target: items + "/abc",
			status: 404, breaksDoc: true},
		{name: "an interval that ends before it starts is a 400", method: "GET",
			target: items + "?datetime=2024-12-31/2024-01-01", status: 400, contains: []string{`"field":"datetime"`}},
		{name: "a filter of another collection is a 400", method: "GET", target: items + "?state=draft", status: 400,
			contains: []string{`"field":"state"`}},
		{name: "an oblast_code that names no oblast is a 400", method: "GET",
			target: items + "?oblast_code=UA99000000000000000", status: 400, contains: []string{`"field":"oblast_code"`}},
		{name: "a limit over 10000 is a 400", method: "GET", target: items + "?limit=10001", status: 400, breaksDoc: true},
		{name: "an unknown format is a 400", method: "GET", target: items + "?f=xml", status: 400, breaksDoc: true},
		{name: "the sites as an HTML page", method: "GET", target: items + "?f=html&limit=2", status: 200,
			contains: []string{"<table"}},
		{name: "projects by state, sector and oblast answer a page", method: "GET",
			target: "/ogc/collections/projects/items?state=seeking_funding,funded&sector=housing&oblast_code=" + kharkivOblast +
				"&datetime=2020-01-01/..", status: 200, contains: []string{`"numberMatched":1`}},
		{name: "one project of the OGC API", method: "GET", target: "/ogc/collections/projects/items/{project}",
			status: 200, contains: []string{`"id":{project}`, `"rel":"collection"`}},
		{name: "the first two oblasts", method: "GET", target: "/ogc/collections/oblasts/items?limit=2", status: 200,
			contains: []string{`"numberReturned":2`, `"rel":"next"`}},
		{name: "following the oblasts' next link", method: "GET", target: "{next}", status: 200},
		{name: "Kharkiv oblast of the OGC API", method: "GET", target: "/ogc/collections/oblasts/items/" + kharkivOblast,
			status: 200, contains: []string{`"iso_3166_2":"UA-63"`}},
		{name: "the hromadas of Kharkiv oblast about the city", method: "GET",
			target: "/ogc/collections/hromadas/items?oblast_code=" + kharkivOblast + "&bbox=36.2,49.95,36.3,50.0", status: 200,
			contains: []string{`"id":"UA63120270000028556"`}},
		{name: "Kharkiv hromada of the OGC API", method: "GET", target: "/ogc/collections/hromadas/items/UA63120270000028556",
			status: 200, contains: []string{`"oblast_code":"` + kharkivOblast + `"`}},
		{name: "a hromada that does not exist is a 404 of the OGC API", method: "GET",
			target: "/ogc/collections/hromadas/items/UA99000000000000000", status: 404},
	}
}

// adminAuth is the Authorization every exchange sends unless it names
// its own (an empty one sends none: the public).
var adminAuth string

func newContractServer(t *testing.T, latestOffset int64) *httptest.Server {
	t.Helper()
	db, _ := testdb.New(t)
	adminAuth = "Bearer " + testdb.Token(t, db, account.Draft{Email: "admin@contract.test", Role: account.Admin})
	latest, err := postgres.Latest()
	if err != nil {
		t.Fatal(err)
	}
	// Funding is converted at the rate of its date; the template has no rates.
	if _, _, err := db.ImportRates(account.WithUser(context.Background(), account.System), money.DemoRates()); err != nil {
		t.Fatal(err)
	}
	srv := httpapi.New(httpapi.Deps{Sites: db, Units: db, Health: db, SchemaLatest: int64(latest) + latestOffset,
		OpenAPI: api.OpenAPI, Projects: db, Organisations: db, Funding: db, Stats: db, History: db,
		Accounts: db, Suggestions: db, PublicReports: true, Tiles: db, Rates: db, Exports: db, Pages: db})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

func TestContractExchanges(t *testing.T) {
	_, router := loadContract(t)
	ts := newContractServer(t, 0)
	st := &state{}
	for _, x := range exchanges() {
		t.Run(x.name, func(t *testing.T) {
			target, reqBody := st.fill(x.target), st.fill(x.body)
			header := map[string]string{}
			for k, v := range x.header {
				header[k] = st.fill(v)
			}
			if target == "" {
				t.Fatalf("no earlier exchange gave a next link")
			}
			for _, v := range append([]string{target, reqBody}, slices.Collect(maps.Values(header))...) {
				if p := unfilled.FindString(v); p != "" {
					t.Fatalf("no earlier exchange gave what %s needs", p)
				}
			}
			res, body := check(t, router, ts, x.method, target, header, reqBody, x.status, x.breaksDoc)
			flat := strings.Join(strings.Fields(string(body)), "")
			for _, want := range x.contains {
				if want = strings.Join(strings.Fields(st.fill(want)), ""); !strings.Contains(flat, want) {
					t.Errorf("the response lacks %s; body %.600s", want, body)
				}
			}
			learn(t, st, target, res, body)
		})
	}
}

func TestContractReadyzWhenSchemaIsBehind(t *testing.T) {
	_, router := loadContract(t)
	ts := newContractServer(t, 1)
	t.Run("readyz answers a documented 503 problem when the schema is older than the server", func(t *testing.T) {
		check(t, router, ts, "GET", "/readyz", nil, "", http.StatusServiceUnavailable, false)
	})
}

// check sends one request to the real server and holds the request, the
// status and the response to the document.
func check(t *testing.T, router routers.Router, ts *httptest.Server, method, target string,
	header map[string]string, body string, want int, breaksDoc bool) (*http.Response, []byte) {
	t.Helper()
	if u, err := url.Parse(target); err == nil && u.IsAbs() {
		target = u.RequestURI()
	}
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, method, ts.URL+target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	vreq := httptest.NewRequest(method, target, strings.NewReader(body))
	if _, own := header["Authorization"]; !own {
		header = maps.Clone(header)
		if header == nil {
			header = map[string]string{}
		}
		header["Authorization"] = adminAuth
	}
	for k, v := range header {
		if v == "" {
			continue
		}
		req.Header.Set(k, v)
		vreq.Header.Set(k, v)
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want {
		t.Errorf("%s %s: status %d, want %d; body %.400s", method, target, res.StatusCode, want, got)
	}

	route, params, err := router.FindRoute(vreq)
	if err != nil {
		t.Fatalf("%s %s is no operation of the document: %v", method, target, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, AuthenticationFunc: credentialsSent}}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	switch {
	case breaksDoc && reqErr == nil:
		t.Errorf("the server refuses this request with %d, but the document allows it", res.StatusCode)
	case !breaksDoc && reqErr != nil:
		t.Errorf("the request breaks the document: %v", reqErr)
	}

	if route.Operation.Responses.Status(res.StatusCode) == nil {
		t.Errorf("%s %s answered %d, which the operation %s does not list", method, target, res.StatusCode,
			route.Operation.OperationID)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode,
		Header: res.Header, Options: in.Options}
	out.SetBodyBytes(got)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("the response breaks the document: %v\nbody: %.600s", err, got)
	}
	if res.StatusCode >= 400 {
		var p struct {
			Status int `json:"status"`
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Errorf("an error came as %q, not application/problem+json", ct)
		} else if err := json.Unmarshal(got, &p); err != nil || p.Status != res.StatusCode {
			t.Errorf("the problem's status is %d (%v), the response's %d", p.Status, err, res.StatusCode)
		}
	}
	return res, got
}

// credentialsSent holds a request to the document's security schemes as
// far as a request can show them: a bearer token or a session cookie is
// there. Whether it is good is the server's to say.
func credentialsSent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	switch in.SecurityScheme.Type {
	case "http":
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return nil
		}
	case "apiKey":
		if _, err := r.Cookie(in.SecurityScheme.Name); err == nil {
			return nil
		}
	}
	return errors.New("no credentials of scheme " + in.SecuritySchemeName)
}

// learn keeps the ids, the ETags and a next link for later exchanges.
func learn(t *testing.T, st *state, target string, res *http.Response, body []byte) {
	t.Helper()
	if loc := res.Header.Get("Location"); loc != "" {
		kind, id, _ := strings.Cut(strings.TrimPrefix(loc, "/api/v1/"), "/")
		if _, err := strconv.ParseInt(id, 10, 64); err != nil && !strings.HasSuffix(loc, "/funding") {
			t.Errorf("Location %q does not end in an id", loc)
		}
		replayed := res.Header.Get("Idempotent-Replayed") == "true"
		switch kind {
		case "sites":
			if replayed && id != st.id {
				t.Errorf("the replayed create answered site %s, the first one made %s", id, st.id)
			}
			if st.firstSite == "" {
				st.firstSite = id
			}
			st.id = id
		case "projects":
			switch {
			case strings.HasSuffix(loc, "/funding"):
				var r struct {
					ID   int64  `json:"id"`
					Kind string `json:"kind"`
				}
				if json.Unmarshal(body, &r) == nil && r.Kind == "commitment" {
					st.commitment = strconv.FormatInt(r.ID, 10)
				}
			case replayed && id != st.lastProject:
				t.Errorf("the replayed create answered project %s, the first one made %s", id, st.lastProject)
			default:
				if st.project == "" {
					st.project = id
				}
				st.lastProject = id
			}
		case "organisations":
			st.org = id
		case "users":
			st.user = id
		case "tokens":
			var made struct {
				Secret string `json:"secret"`
			}
			if json.Unmarshal(body, &made) != nil || made.Secret == "" {
				t.Errorf("a new token came without its secret")
			}
			st.token, st.tokenSecret = id, made.Secret
		}
	}
	// A suggestion has no address of its own; its receipt has the id.
	if target == "/api/v1/suggestions" && res.StatusCode == http.StatusAccepted {
		var r struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal(body, &r) == nil && r.ID > 0 {
			st.suggestion = strconv.FormatInt(r.ID, 10)
		}
	}
	for _, c := range res.Cookies() {
		if c.Name == httpapi.SessionCookie && c.Value != "" {
			st.session = c.Value
		}
	}
	switch e := res.Header.Get("ETag"); {
	case strings.HasPrefix(e, `"s`):
		st.unitsEtag = e
	case e == "" || strings.HasPrefix(target, "/api/v1/organisations"):
	case strings.HasPrefix(target, "/api/v1/users"):
		st.userEtag = e
	case strings.HasPrefix(target, "/api/v1/projects"):
		if e != st.projectEtag {
			st.oldProjectEtag, st.projectEtag = st.projectEtag, e
		}
	case e != st.etag:
		st.oldEtag, st.etag = st.etag, e
	}
	var fc struct {
		Links []struct{ Href, Rel string } `json:"links"`
	}
	if json.Unmarshal(body, &fc) == nil {
		st.next = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				st.next = l.Href
			}
		}
	}
}
