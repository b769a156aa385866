package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
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
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/internal/httpapi"
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
	router, err := legacy.NewRouter(doc)
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

	routed := map[string]bool{}
	for _, r := range srv.Routes() {
		method, path, _ := strings.Cut(r, " ")
		if !slices.Contains(standardMethods, method) || path == "/api/v1/*" || method == http.MethodHead {
			continue // Echo's not-found routes, the API's catch-all, and HEAD, which every GET answers
		}
		if strings.HasPrefix(path, "/api/v1/") || path == "/healthz" || path == "/readyz" {
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

// exchange is one real request and the status it must get.
type exchange struct {
	name   string
	method string
	target string            // path and query; {id} and {next} are filled in
	header map[string]string // values may hold {etag}, {old-etag} and {units-etag}
	body   string
	status int
	// breaksDoc marks a request that the document, like the server, refuses.
	breaksDoc bool
}

// state carries what earlier exchanges learnt to later ones.
type state struct{ id, etag, oldEtag, unitsEtag, next string }

func (s *state) fill(v string) string {
	return strings.NewReplacer("{id}", s.id, "{etag}", s.etag, "{old-etag}", s.oldEtag, "{units-etag}", s.unitsEtag,
		"{next}", s.next).Replace(v)
}

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
)

func geo(extra ...string) map[string]string {
	h := map[string]string{"Content-Type": geoJSONType}
	for i := 0; i+1 < len(extra); i += 2 {
		h[extra[i]] = extra[i+1]
	}
	return h
}

func exchanges() []exchange {
	patch := map[string]string{"Content-Type": "application/merge-patch+json", "If-Match": "{etag}"}
	return []exchange{
		{name: "creating a building footprint in Kharkiv answers 201", method: "POST", target: "/api/v1/sites",
			header: geo(), body: polygonBody, status: 201},
		{name: "creating a point in Kharkiv with an Idempotency-Key answers 201", method: "POST", target: "/api/v1/sites",
			header: geo("Idempotency-Key", "kharkiv-liceum-134"), body: pointBody, status: 201},
		{name: "repeating the create with the same key replays the site", method: "POST", target: "/api/v1/sites",
			header: geo("Idempotency-Key", "kharkiv-liceum-134"), body: pointBody, status: 201},
		{name: "reusing the key for another body is a 409", method: "POST", target: "/api/v1/sites",
			header: geo("Idempotency-Key", "kharkiv-liceum-134"), body: polygonBody, status: 409},
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
		{name: "a malformed oblast code is a 400", method: "GET", target: "/api/v1/oblasts/UA63/hromadas",
			status: 400, breaksDoc: true},
		{name: "an oblast that does not exist is a 404", method: "GET",
			target: "/api/v1/oblasts/UA99000000000000000/hromadas", status: 404},
		{name: "healthz answers 200", method: "GET", target: "/healthz", status: 200},
		{name: "readyz answers 200 on a migrated database", method: "GET", target: "/readyz", status: 200},
		{name: "the client configuration answers 200", method: "GET", target: "/api/v1/config", status: 200},
		{name: "the contract itself is served as YAML", method: "GET", target: "/api/v1/openapi.yaml", status: 200},
		{name: "deleting the site with its ETag answers 204", method: "DELETE", target: "/api/v1/sites/{id}",
			header: map[string]string{"If-Match": "{etag}"}, status: 204},
		{name: "reading the deleted site is a 404", method: "GET", target: "/api/v1/sites/{id}", status: 404},
		{name: "deleting it again is a 404", method: "DELETE", target: "/api/v1/sites/{id}", status: 404},
	}
}

func newContractServer(t *testing.T, latestOffset int64) *httptest.Server {
	t.Helper()
	db, _ := testdb.New(t)
	latest, err := postgres.Latest()
	if err != nil {
		t.Fatal(err)
	}
	srv := httpapi.New(httpapi.Deps{Sites: db, Units: db, Health: db, SchemaLatest: int64(latest) + latestOffset,
		OpenAPI: api.OpenAPI})
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
			target := st.fill(x.target)
			if strings.Contains(x.target, "{id}") && st.id == "" || x.target == "{next}" && st.next == "" {
				t.Fatalf("an earlier exchange did not give what %q needs", x.target)
			}
			header := map[string]string{}
			for k, v := range x.header {
				header[k] = st.fill(v)
			}
			res, body := check(t, router, ts, x.method, target, header, x.body, x.status, x.breaksDoc)
			learn(t, st, res, body)
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
	for k, v := range header {
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
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
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

// learn keeps the site id, its ETags and a next link for later exchanges.
func learn(t *testing.T, st *state, res *http.Response, body []byte) {
	t.Helper()
	if loc := res.Header.Get("Location"); loc != "" {
		id := loc[strings.LastIndex(loc, "/")+1:]
		if res.Header.Get("Idempotent-Replayed") == "true" && id != st.id {
			t.Errorf("the replayed create answered site %s, the first one made %s", id, st.id)
		}
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			t.Errorf("Location %q does not end in a site id", loc)
		}
		st.id = id
	}
	switch e := res.Header.Get("ETag"); {
	case strings.HasPrefix(e, `"s`):
		st.unitsEtag = e
	case e != "" && e != st.etag:
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
