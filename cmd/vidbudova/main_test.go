package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/testdb"
)

// startServer runs the real binary's serve command, as main does, on a
// free port of a fresh database, and returns its base URL.
func startServer(t *testing.T) (string, func(sql string) int) {
	t.Helper()
	db, url := testdb.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	env := map[string]string{"DATABASE_URL": url, "LISTEN_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error", "PHOTO_DIR": t.TempDir()}
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, nil, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve ended with %v", err)
		}
	})
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("the server did not start: %v", err)
	}
	go io.Copy(io.Discard, pr) //nolint:errcheck
	base := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	adminAuth = "Bearer " + firstAdminToken(t, base, url)
	count := func(sql string) int {
		var n int
		if err := db.Pool().QueryRow(context.Background(), sql).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	return base, count
}

// adminAuth is what do sends as Authorization unless a test gives its
// own (an empty one sends none): the token of the server's first admin.
var adminAuth string

// firstAdminToken makes the first admin as an operator would, with
// "vidbudova user add" and the password on standard input, signs in as
// it in the browser's way (cookie and CSRF token) and makes an API token.
func firstAdminToken(t *testing.T, base, dbURL string) string {
	t.Helper()
	const email, password = "admin@hromada.test", "a long admin passphrase"
	env := map[string]string{"DATABASE_URL": dbURL}
	var out strings.Builder
	err := run(context.Background(), []string{"user", "add", "--role", "admin", "--email", email, "--name", "Адміністратор"},
		func(k string) string { return env[k] }, strings.NewReader(password+"\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "admin") {
		t.Fatalf("user add: %v; %s", err, out.String())
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	res, err := browser.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"`+email+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var in struct {
		CSRF string `json:"csrf_token"`
	}
	err = json.NewDecoder(res.Body).Decode(&in)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || err != nil || in.CSRF == "" {
		t.Fatalf("login: %d %v", res.StatusCode, err)
	}
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/tokens", strings.NewReader(`{"name":"tests"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", in.CSRF)
	res, err = browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tok struct {
		Secret string `json:"secret"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("token: %d %v", res.StatusCode, err)
	}
	return tok.Secret
}

type problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Field  string `json:"field"`
}

func do(t *testing.T, method, url, body string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/geo+json")
	}
	if _, own := header["Authorization"]; !own {
		req.Header.Set("Authorization", adminAuth)
	}
	for k, v := range header {
		if v != "" {
			req.Header.Set(k, v)
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func feature(geometry, props string) string {
	return `{"type":"Feature","geometry":` + geometry + `,"properties":{` + props + `}}`
}

const kharkiv = `{"type":"Point","coordinates":[36.2304,49.9935]}`

func TestBadInputGetsAProblemAndWritesNothing(t *testing.T) {
	base, count := startServer(t)
	ok := `"category":"education","damage":"severe"`
	bigRing := `[[36,49]` + strings.Repeat(`,[36.0001,49.0001]`, 10000) + `,[36,49]]`
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
		field                    string
	}{
		{"malformed JSON", "POST", "/api/v1/sites", `{"type":"Feature",`, nil, 400, "body"},
		{"two JSON values", "POST", "/api/v1/sites", feature(kharkiv, ok) + `{}`, nil, 400, "body"},
		{"not a Feature", "POST", "/api/v1/sites", `{"type":"FeatureCollection","features":[]}`, nil, 422, "type"},
		{"a missing geometry", "POST", "/api/v1/sites", feature(`null`, ok), nil, 422, "geometry"},
		{"a line instead of a point", "POST", "/api/v1/sites", feature(`{"type":"LineString","coordinates":[[36,49],[36.1,49]]}`, ok), nil, 422, "geometry.type"},
		{"an unclosed ring", "POST", "/api/v1/sites", feature(`{"type":"Polygon","coordinates":[[[36.23,49.99],[36.24,49.99],[36.24,50.0],[36.23,50.0]]]}`, ok), nil, 422, "geometry.coordinates[0]"},
		{"a self-intersecting ring", "POST", "/api/v1/sites", feature(`{"type":"Polygon","coordinates":[[[36.20,49.99],[36.21,50.0],[36.21,49.99],[36.20,50.0],[36.20,49.99]]]}`, ok), nil, 422, "geometry"},
		{"an infinite coordinate", "POST", "/api/v1/sites", feature(`{"type":"Point","coordinates":[1e999,49]}`, ok), nil, 422, "geometry.coordinates"},
		{"NaN as a coordinate", "POST", "/api/v1/sites", feature(`{"type":"Point","coordinates":[NaN,49]}`, ok), nil, 400, "body"},
		{"latitude out of range", "POST", "/api/v1/sites", feature(`{"type":"Point","coordinates":[36.23,95]}`, ok), nil, 422, "geometry.coordinates"},
		{"more than 10,000 vertices", "POST", "/api/v1/sites", feature(`{"type":"Polygon","coordinates":[`+bigRing+`]}`, ok), nil, 422, "geometry.coordinates"},
		{"a body over 1 MB", "POST", "/api/v1/sites", feature(kharkiv, ok+`,"description":"`+strings.Repeat("x", 1<<20)+`"`), nil, 413, ""},
		{"a place outside Ukraine", "POST", "/api/v1/sites", feature(`{"type":"Point","coordinates":[21.01,52.23]}`, ok), nil, 422, "geometry"},
		{"an unknown category", "POST", "/api/v1/sites", feature(kharkiv, `"category":"castle","damage":"severe"`), nil, 422, "properties.category"},
		{"an unknown damage level", "POST", "/api/v1/sites", feature(kharkiv, `"category":"education","damage":"bad"`), nil, 422, "properties.damage"},
		{"a missing category", "POST", "/api/v1/sites", feature(kharkiv, `"damage":"severe"`), nil, 422, "properties.category"},
		{"an unknown property", "POST", "/api/v1/sites", feature(kharkiv, ok+`,"colour":"red"`), nil, 422, "properties.colour"},
		{"a date in the wrong format", "POST", "/api/v1/sites", feature(kharkiv, ok+`,"damaged_on":"24.02.2022"`), nil, 422, "properties.damaged_on"},
		{"a negative cost", "POST", "/api/v1/sites", feature(kharkiv, ok+`,"estimated_cost":{"amount_minor":-5,"currency":"UAH"}`), nil, 422, "properties.estimated_cost.amount_minor"},
		{"a fractional cost", "POST", "/api/v1/sites", feature(kharkiv, ok+`,"estimated_cost":{"amount_minor":12.5,"currency":"UAH"}`), nil, 422, "properties.estimated_cost.amount_minor"},
		{"an unknown currency", "POST", "/api/v1/sites", feature(kharkiv, ok+`,"estimated_cost":{"amount_minor":100,"currency":"UHA"}`), nil, 422, "properties.estimated_cost.currency"},
		{"form data", "POST", "/api/v1/sites", "a=b", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415, ""},
		{"a bbox of three numbers", "GET", "/api/v1/sites?bbox=36,49,37", "", nil, 400, "bbox"},
		{"a bbox upside down", "GET", "/api/v1/sites?bbox=37,50,36,49", "", nil, 400, "bbox"},
		{"a limit of 0", "GET", "/api/v1/sites?limit=0", "", nil, 400, "limit"},
		{"a limit over 10,000", "GET", "/api/v1/sites?limit=10001", "", nil, 400, "limit"},
		{"a malformed oblast code", "GET", "/api/v1/sites?oblast=63", "", nil, 400, "oblast"},
		{"an unknown oblast code", "GET", "/api/v1/sites?oblast=UA99000000000000000", "", nil, 400, "oblast"},
		{"an unknown category filter", "GET", "/api/v1/sites?category=castle", "", nil, 400, "category"},
		{"a bad cursor", "GET", "/api/v1/sites?cursor=abc", "", nil, 400, "cursor"},
		{"hromadas of an unknown oblast", "GET", "/api/v1/oblasts/UA99000000000000000/hromadas", "", nil, 404, ""},
		{"hromadas of a malformed code", "GET", "/api/v1/oblasts/kharkiv/hromadas", "", nil, 400, "code"},
		{"a bad zoom", "GET", "/api/v1/oblasts?zoom=99", "", nil, 400, "zoom"},
		{"a site id that is not a number", "GET", "/api/v1/sites/abc", "", nil, 400, "id"},
		{"a site that does not exist", "GET", "/api/v1/sites/999999", "", nil, 404, ""},
		{"an unknown API path", "GET", "/api/v1/nothing", "", nil, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			res, body := do(t, tt.method, base+tt.path, tt.body, tt.header)
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
	if n := count(`SELECT count(*) FROM sites`); n != 0 {
		t.Errorf("%d sites written by refused requests", n)
	}
}

func TestSiteLifecycleOverHTTP(t *testing.T) {
	base, count := startServer(t)
	body := feature(kharkiv, `"name":"<img src=x onerror=alert(1)>","category":"education","damage":"severe",`+
		`"damaged_on":"2022-03-01","estimated_cost":{"amount_minor":1250000000,"currency":"UAH"},"oblast_code":"UA05000000000010236"`)
	key := map[string]string{"Idempotency-Key": "report-1"}

	res, b := do(t, "POST", base+"/api/v1/sites", body, key)
	if res.StatusCode != 201 || res.Header.Get("Location") == "" || res.Header.Get("ETag") != `"v1"` {
		t.Fatalf("create: %d %v %s", res.StatusCode, res.Header, b)
	}
	var f struct {
		ID         int64          `json:"id"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Properties["oblast_code"] != "UA63000000000041885" || f.Properties["hromada_code"] != "UA63120270000028556" {
		t.Errorf("placed in %v / %v: the server must derive the place, not trust the client", f.Properties["oblast_code"], f.Properties["hromada_code"])
	}
	if f.Properties["name"] != "<img src=x onerror=alert(1)>" {
		t.Errorf("name stored as %q", f.Properties["name"])
	}

	t.Run("a retried POST returns the first site", func(t *testing.T) {
		res, b := do(t, "POST", base+"/api/v1/sites", body, key)
		if res.StatusCode != 201 || res.Header.Get("Idempotent-Replayed") != "true" || !strings.Contains(string(b), fmt.Sprintf(`"id":%d`, f.ID)) {
			t.Fatalf("retry: %d %s", res.StatusCode, b)
		}
		if n := count(`SELECT count(*) FROM sites`); n != 1 {
			t.Fatalf("%d sites after a retry, want 1", n)
		}
	})
	loc := base + res.Header.Get("Location")
	t.Run("a read has the same ETag and answers If-None-Match", func(t *testing.T) {
		res, _ := do(t, "GET", loc, "", map[string]string{"If-None-Match": `"v1"`})
		if res.StatusCode != 304 {
			t.Fatalf("status %d, want 304", res.StatusCode)
		}
	})
	t.Run("a patch moves the site to Kyiv and clears the cost", func(t *testing.T) {
		patch := `{"geometry":{"type":"Point","coordinates":[30.52,50.45]},"properties":{"damage":"destroyed","estimated_cost":null}}`
		res, b := do(t, "PATCH", loc, patch, map[string]string{"If-Match": `"v1"`})
		if res.StatusCode != 200 || res.Header.Get("ETag") != `"v2"` {
			t.Fatalf("patch: %d %s", res.StatusCode, b)
		}
		for _, want := range []string{`"oblast_code":"UA80000000000093317"`, `"damage":"destroyed"`, `"estimated_cost":null`, `"name":"\u003cimg`} {
			if !strings.Contains(string(b), want) && !strings.Contains(string(b), strings.ReplaceAll(want, `\u003c`, "<")) {
				t.Errorf("patched feature lacks %s: %s", want, b)
			}
		}
	})
	t.Run("a patch with the old ETag is refused", func(t *testing.T) {
		res, b := do(t, "PATCH", loc, `{"properties":{"damage":"light"}}`, map[string]string{"If-Match": `"v1"`})
		if res.StatusCode != 412 {
			t.Fatalf("status %d, want 412: %s", res.StatusCode, b)
		}
	})
	t.Run("the summaries count it", func(t *testing.T) {
		_, b := do(t, "GET", base+"/api/v1/oblasts?zoom=5", "", nil)
		var fc struct {
			Features []struct {
				ID         string `json:"id"`
				Properties struct {
					Sites    int            `json:"sites"`
					ByDamage map[string]int `json:"by_damage"`
				}
			}
		}
		if err := json.Unmarshal(b, &fc); err != nil || len(fc.Features) != 27 {
			t.Fatalf("oblasts: %v, %d features", err, len(fc.Features))
		}
		for _, o := range fc.Features {
			want := 0
			if o.ID == "UA80000000000093317" {
				want = 1
			}
			if o.Properties.Sites != want || o.Properties.ByDamage["destroyed"] != want {
				t.Errorf("oblast %s: %d sites, %d destroyed; want %d", o.ID, o.Properties.Sites, o.Properties.ByDamage["destroyed"], want)
			}
		}
	})
	t.Run("a delete removes it", func(t *testing.T) {
		if res, b := do(t, "DELETE", loc, "", map[string]string{"If-Match": `"v2"`}); res.StatusCode != 204 {
			t.Fatalf("delete: %d %s", res.StatusCode, b)
		}
		if res, _ := do(t, "GET", loc, "", nil); res.StatusCode != 404 {
			t.Fatalf("after delete: %d, want 404", res.StatusCode)
		}
	})
	t.Run("the history tells every change, newest first, even after the delete", func(t *testing.T) {
		res, b := do(t, "GET", loc+"/history", "", nil)
		if res.StatusCode != 200 {
			t.Fatalf("history: %d %s", res.StatusCode, b)
		}
		var h struct {
			Entries []struct {
				Action  string
				Changes map[string]json.RawMessage
			}
		}
		if err := json.Unmarshal(b, &h); err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range h.Entries {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "delete,update,create" {
			t.Fatalf("actions %v, want delete, update, create", actions)
		}
		upd := h.Entries[1].Changes
		if string(upd["damage"]) != `{"after":"destroyed","before":"severe"}` {
			t.Errorf("damage change %s", upd["damage"])
		}
		for _, field := range []string{"geometry", "oblast_code", "estimated_cost_minor"} {
			if _, ok := upd[field]; !ok {
				t.Errorf("the update does not record %s: %v", field, upd)
			}
		}
		if _, ok := upd["name"]; ok {
			t.Errorf("the update records the unchanged name")
		}
	})
}

func TestListsStreamPagesWithNextLinks(t *testing.T) {
	base, count := startServer(t)
	// 60 sites in Kharkiv through the API itself.
	for i := range 60 {
		p := fmt.Sprintf(`{"type":"Point","coordinates":[%f,49.99]}`, 36.20+float64(i)*0.001)
		if res, b := do(t, "POST", base+"/api/v1/sites", feature(p, `"category":"housing","damage":"light"`), nil); res.StatusCode != 201 {
			t.Fatalf("create: %d %s", res.StatusCode, b)
		}
	}
	next := base + "/api/v1/sites?bbox=36.1,49.9,36.3,50.1&limit=25"
	seen := 0
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("too many pages")
		}
		res, b := do(t, "GET", next, "", nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/geo+json" {
			t.Fatalf("page: %d %s", res.StatusCode, b)
		}
		var fc struct {
			Type           string            `json:"type"`
			Features       []json.RawMessage `json:"features"`
			NumberReturned int               `json:"numberReturned"`
			Links          []struct{ Href, Rel string }
		}
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("page is not JSON: %v", err)
		}
		if fc.Type != "FeatureCollection" || fc.NumberReturned != len(fc.Features) {
			t.Fatalf("page: type %q, numberReturned %d of %d", fc.Type, fc.NumberReturned, len(fc.Features))
		}
		seen += len(fc.Features)
		next = ""
		for _, l := range fc.Links {
			if l.Rel == "next" {
				next = l.Href
			}
		}
	}
	if want := count(`SELECT count(*) FROM sites`); seen != want || want != 60 {
		t.Fatalf("pages gave %d sites, want %d (60)", seen, want)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	base, _ := startServer(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if res, b := do(t, "GET", base+p, "", nil); res.StatusCode != 200 {
			t.Errorf("%s: %d %s", p, res.StatusCode, b)
		}
	}
	res, b := do(t, "GET", base+"/", "", nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), "<html") {
		t.Errorf("the map page: %d", res.StatusCode)
	}
	res, b = do(t, "HEAD", base+"/api/v1/oblasts?zoom=5", "", nil)
	if res.StatusCode != 200 || len(b) != 0 || res.Header.Get("ETag") == "" {
		t.Errorf("HEAD of the oblasts: %d, %d bytes, ETag %q; want 200, no body, an ETag", res.StatusCode, len(b), res.Header.Get("ETag"))
	}
}

func TestMain(m *testing.M) {
	http.DefaultClient.Timeout = 30 * time.Second
	m.Run()
}
