package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"

	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/httpapi"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/postgres"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

// Places the authorization tests work in: a school in Kharkiv (hromada
// A, oblast A) and one in Kyiv (hromada and oblast B).
const (
	pointA = "36.2304,49.9935"
	pointB = "30.5234,50.4501"
)

// world is a real server on its own database with one account of each
// kind, as API tokens: the public (""), editors, moderators and donors of
// A and of B, and an admin.
type world struct {
	t        *testing.T
	ts       *httptest.Server
	db       *postgres.DB
	tokens   map[string]string
	photos   photo.DiskStore
	orgA     int64
	orgB     int64
	hromadaA string
	hromadaB string
	oblastA  string
	oblastB  string
}

var roles = []string{"public", "editor A", "editor B", "moderator A", "moderator B", "donor A", "donor B", "admin"}

func newWorld(t *testing.T, publicReports bool) *world {
	t.Helper()
	db, _ := testdb.New(t)
	if _, _, err := db.ImportRates(account.WithUser(context.Background(), account.System), money.DemoRates()); err != nil {
		t.Fatal(err)
	}
	photos := photo.DiskStore{Dir: t.TempDir()}
	srv := httpapi.New(httpapi.Deps{Sites: db, Units: db, Health: db, OpenAPI: api.OpenAPI, Projects: db,
		Organisations: db, Funding: db, Stats: db, History: db, Progress: db, Photos: photos,
		Accounts: db, Suggestions: db, PublicReports: publicReports, WritesPerMinute: 100_000, Tiles: db, Rates: db, Exports: db, Pages: db})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	w := &world{t: t, ts: ts, db: db, photos: photos, tokens: map[string]string{"public": ""}}
	w.tokens["admin"] = testdb.Token(t, db, account.Draft{Email: "admin@authz.test", Role: account.Admin})

	a, b := w.site("admin", pointA), w.site("admin", pointB)
	w.hromadaA, w.oblastA = a.HromadaCode, a.OblastCode
	w.hromadaB, w.oblastB = b.HromadaCode, b.OblastCode
	if w.hromadaA == w.hromadaB || w.oblastA == w.oblastB {
		t.Fatalf("the two places must lie in different hromadas and oblasts: %+v %+v", a, b)
	}
	w.orgA, w.orgB = w.organisation("Місто Вроцлав"), w.organisation("Регіон Тоскана")
	for _, r := range []struct {
		name string
		d    account.Draft
	}{
		{"editor A", account.Draft{Role: account.Editor, Hromadas: []string{w.hromadaA}}},
		{"editor B", account.Draft{Role: account.Editor, Hromadas: []string{w.hromadaB}}},
		{"moderator A", account.Draft{Role: account.Moderator, Oblasts: []string{w.oblastA}}},
		{"moderator B", account.Draft{Role: account.Moderator, Oblasts: []string{w.oblastB}}},
		{"donor A", account.Draft{Role: account.Donor, OrganisationID: &w.orgA}},
		{"donor B", account.Draft{Role: account.Donor, OrganisationID: &w.orgB}},
	} {
		r.d.Email = strings.ReplaceAll(r.name, " ", ".") + "@authz.test"
		w.tokens[r.name] = testdb.Token(t, db, r.d)
	}
	return w
}

// call sends a request as one of the accounts and returns the status and body.
func (w *world) call(as, method, path, contentType string, body io.Reader, header ...string) (int, []byte) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.ts.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
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
	return res.StatusCode, b
}

// must sends a request as the admin that has to succeed, and returns the
// id of what it made.
func (w *world) must(method, path, contentType, body string, want int) int64 {
	w.t.Helper()
	status, b := w.call("admin", method, path, contentType, strings.NewReader(body), "If-Match", "*")
	if status != want {
		w.t.Fatalf("setup %s %s: %d %s", method, path, status, b)
	}
	var v struct {
		ID int64 `json:"id"`
	}
	json.Unmarshal(b, &v) //nolint:errcheck // not every answer has an id
	return v.ID
}

type placed struct {
	ID          int64
	HromadaCode string
	OblastCode  string
}

func siteBody(point, category string) string {
	return `{"type":"Feature","geometry":{"type":"Point","coordinates":[` + point + `]},` +
		`"properties":{"name":"Школа № 5, вул. Сумська, 10","description":"Зруйновано спортзал.","category":"` + category +
		`","damage":"severe"}}`
}

func (w *world) site(as, point string) placed {
	w.t.Helper()
	return w.siteOf(as, siteBody(point, "education"))
}

// siteOf creates the site of a GeoJSON Feature body and says where it is.
func (w *world) siteOf(as, body string) placed {
	w.t.Helper()
	status, b := w.call(as, "POST", "/api/v1/sites", "application/geo+json", strings.NewReader(body))
	if status != http.StatusCreated {
		w.t.Fatalf("site %s: %d %s", body, status, b)
	}
	var f struct {
		ID         int64 `json:"id"`
		Properties struct {
			HromadaCode string `json:"hromada_code"`
			OblastCode  string `json:"oblast_code"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		w.t.Fatal(err)
	}
	return placed{f.ID, f.Properties.HromadaCode, f.Properties.OblastCode}
}

func (w *world) organisation(name string) int64 {
	return w.must("POST", "/api/v1/organisations", "application/json",
		`{"name":"`+name+`","kind":"eu_municipality","country":"PL"}`, http.StatusCreated)
}

func (w *world) project(siteID int64) int64 {
	return w.must("POST", "/api/v1/projects", "application/json",
		`{"title":"Відновлення школи","sector":"education","site_ids":[`+itoa(siteID)+`]}`, http.StatusCreated)
}

// fingerprint is every row a write could touch, so that a refused
// request can be shown to have changed nothing. When a token was last
// used is bookkeeping of reads too, and is left out.
func (w *world) fingerprint() string {
	w.t.Helper()
	var fp string
	err := w.db.Pool().QueryRow(context.Background(), `SELECT md5(concat_ws('|',
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM sites x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM projects x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY project_id, site_id) FROM project_sites x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM funding x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM project_updates x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM photos x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM organisations x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM users x),
		(SELECT string_agg((to_jsonb(x) - 'last_used_at')::text, ',' ORDER BY id) FROM api_tokens x),
		(SELECT string_agg(to_jsonb(x)::text, ',' ORDER BY id) FROM site_suggestions x),
		(SELECT count(*) FROM history)))`).Scan(&fp)
	if err != nil {
		w.t.Fatal(err)
	}
	return fp
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// write is one write endpoint, tried by every kind of account. prepare
// makes, as the admin, what the request works on (so that one role's
// success leaves the next role the same world) and returns the path and
// the body.
type write struct {
	name        string
	method      string
	route       string // as the server registers it
	contentType string
	prepare     func(w *world) (path, body string)
	// allowed are the roles that succeed, with status ok; the others get
	// 401 (the public) or 403, unless denied says otherwise.
	allowed []string
	ok      int
	denied  int
}

func writes() []write {
	geo, js, patch := "application/geo+json", "application/json", "application/merge-patch+json"
	freshSite := func(w *world) int64 { return w.site("admin", pointA).ID }
	return []write{
		{name: "report a site in hromada A", route: "/api/v1/sites", method: "POST", contentType: geo, ok: 201,
			allowed: []string{"editor A", "admin"},
			prepare: func(*world) (string, string) { return "/api/v1/sites", siteBody(pointA, "health") }},
		{name: "change a site of A", route: "/api/v1/sites/:id", method: "PATCH", contentType: patch, ok: 200,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/sites/" + itoa(freshSite(w)), `{"properties":{"damage":"destroyed"}}`
			}},
		{name: "move a site of A into hromada B", route: "/api/v1/sites/:id", method: "PATCH", contentType: patch, ok: 200,
			allowed: []string{"admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/sites/" + itoa(freshSite(w)), `{"geometry":{"type":"Point","coordinates":[` + pointB + `]}}`
			}},
		{name: "delete a site of A", route: "/api/v1/sites/:id", method: "DELETE", ok: 204,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) { return "/api/v1/sites/" + itoa(freshSite(w)), "" }},
		{name: "verify a site of A", route: "/api/v1/sites/:id/verification", method: "POST", contentType: js, ok: 200,
			allowed: []string{"moderator A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/sites/" + itoa(freshSite(w)) + "/verification", `{"decision":"verified"}`
			}},
		{name: "lift the sensitive mark of a site of A", route: "/api/v1/sites/:id", method: "PATCH", contentType: patch, ok: 200,
			allowed: []string{"moderator A", "admin"}, // not its editor: the mark protects the place from publication
			prepare: func(w *world) (string, string) {
				id := w.must("POST", "/api/v1/sites", geo, siteBody(pointA, "energy"), 201)
				return "/api/v1/sites/" + itoa(id), `{"properties":{"sensitive":false}}`
			}},
		{name: "mark a site of A sensitive", route: "/api/v1/sites/:id", method: "PATCH", contentType: patch, ok: 200,
			allowed: []string{"editor A", "moderator A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/sites/" + itoa(freshSite(w)), `{"properties":{"sensitive":true}}`
			}},
		{name: "a moderator's mark may not carry other changes", route: "/api/v1/sites/:id", method: "PATCH", contentType: patch, ok: 200,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/sites/" + itoa(freshSite(w)), `{"properties":{"sensitive":true,"damage":"light"}}`
			}},
		{name: "start a project for a site of A", route: "/api/v1/projects", method: "POST", contentType: js, ok: 201,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects", `{"title":"Школа","sector":"education","site_ids":[` + itoa(freshSite(w)) + `]}`
			}},
		{name: "start a project pointing at a site of B", route: "/api/v1/projects", method: "POST", contentType: js, ok: 201,
			allowed: []string{"editor B", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects", `{"title":"Школа","sector":"education","site_ids":[` + itoa(w.site("admin", pointB).ID) + `]}`
			}},
		{name: "change a project of A", route: "/api/v1/projects/:id", method: "PATCH", contentType: patch, ok: 200,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects/" + itoa(w.project(freshSite(w))), `{"description":"Дах і вікна."}`
			}},
		{name: "point a project of A at a site of B", route: "/api/v1/projects/:id", method: "PATCH", contentType: patch, ok: 200,
			allowed: []string{"admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects/" + itoa(w.project(freshSite(w))), `{"site_ids":[` + itoa(w.site("admin", pointB).ID) + `]}`
			}},
		{name: "move a project of A on in its lifecycle", route: "/api/v1/projects/:id/transitions", method: "POST", contentType: js, ok: 200,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects/" + itoa(w.project(freshSite(w))) + "/transitions", `{"to":"seeking_funding"}`
			}},
		{name: "delete a draft project of A", route: "/api/v1/projects/:id", method: "DELETE", ok: 204,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) { return "/api/v1/projects/" + itoa(w.project(freshSite(w))), "" }},
		{name: "verify a project of A", route: "/api/v1/projects/:id/verification", method: "POST", contentType: js, ok: 200,
			allowed: []string{"moderator A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects/" + itoa(w.project(freshSite(w))) + "/verification", `{"decision":"rejected","reason":"Дублікат."}`
			}},
		{name: "pledge money of organisation A", route: "/api/v1/projects/:id/funding", method: "POST", contentType: js, ok: 201,
			allowed: []string{"donor A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects/" + itoa(w.project(freshSite(w))) + "/funding",
					`{"organisation_id":` + itoa(w.orgA) + `,"kind":"pledge","amount":{"amount_minor":100000,"currency":"EUR"},"date":"2025-05-01"}`
			}},
		{name: "post a progress update to a project of A", route: "/api/v1/projects/:id/updates", method: "POST", contentType: "multipart", ok: 201,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/projects/" + itoa(w.project(freshSite(w))) + "/updates", "Демонтаж завершено."
			}},
		{name: "add photos of a site of A", route: "/api/v1/sites/:id/photos", method: "POST", contentType: "multipart photos", ok: 201,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) { return "/api/v1/sites/" + itoa(freshSite(w)) + "/photos", "" }},
		{name: "add photos of a site of B", route: "/api/v1/sites/:id/photos", method: "POST", contentType: "multipart photos", ok: 201,
			allowed: []string{"editor B", "admin"},
			prepare: func(w *world) (string, string) {
				return "/api/v1/sites/" + itoa(w.site("admin", pointB).ID) + "/photos", ""
			}},
		{name: "delete a photo of a site of A", route: "/api/v1/sites/:id/photos/:photoId", method: "DELETE", ok: 204,
			allowed: []string{"editor A", "admin"},
			prepare: func(w *world) (string, string) {
				id := freshSite(w)
				return "/api/v1/sites/" + itoa(id) + "/photos/" + itoa(w.sitePhoto("admin", id)), ""
			}},
		{name: "add an organisation", route: "/api/v1/organisations", method: "POST", contentType: js, ok: 201,
			allowed: []string{"admin"},
			prepare: func(*world) (string, string) {
				return "/api/v1/organisations", `{"name":"Фонд відбудови","kind":"ngo","country":"DE"}`
			}},
		{name: "import the official exchange rates", route: "/api/v1/rates", method: "POST", contentType: "text/csv", ok: 200,
			allowed: []string{"admin"},
			prepare: func(*world) (string, string) {
				return "/api/v1/rates", "r030,txt,rate,cc,exchangedate\n978,Євро,44.1234,EUR,27.11.2026\n"
			}},
		{name: "add an account", route: "/api/v1/users", method: "POST", contentType: js, ok: 201,
			allowed: []string{"admin"},
			prepare: func(*world) (string, string) {
				return "/api/v1/users", `{"email":"new.` + account.NewSecret()[:8] + `@authz.test","password":"a long passphrase","role":"admin"}`
			}},
		{name: "change another's account", route: "/api/v1/users/:id", method: "PATCH", contentType: js, ok: 200,
			allowed: []string{"admin"},
			prepare: func(w *world) (string, string) {
				id := w.must("POST", "/api/v1/users", js, `{"email":"e`+account.NewSecret()[:8]+`@authz.test","password":"a long passphrase",`+
					`"role":"editor","hromada_codes":["`+w.hromadaA+`"]}`, 201)
				return "/api/v1/users/" + itoa(id), `{"hromada_codes":["` + w.hromadaB + `"]}`
			}},
		{name: "revoke the admin's token", route: "/api/v1/tokens/:id", method: "DELETE", ok: 204, denied: http.StatusNotFound,
			allowed: []string{"admin"},
			prepare: func(w *world) (string, string) {
				id := w.must("POST", "/api/v1/tokens", js, `{"name":"spare"}`, 201)
				return "/api/v1/tokens/" + itoa(id), ""
			}},
		{name: "make an API token for oneself", route: "/api/v1/tokens", method: "POST", contentType: js, ok: 201,
			allowed: []string{"editor A", "editor B", "moderator A", "moderator B", "donor A", "donor B", "admin"},
			prepare: func(*world) (string, string) { return "/api/v1/tokens", `{"name":"ГІС громади"}` }},
		{name: "decide on a suggestion in A", route: "/api/v1/suggestions/:id/decision", method: "POST", contentType: js, ok: 200,
			allowed: []string{"moderator A", "admin"},
			prepare: func(w *world) (string, string) {
				status, b := w.call("public", "POST", "/api/v1/suggestions", geo, strings.NewReader(siteBody(pointA, "culture")))
				var r struct{ ID int64 }
				if status != http.StatusAccepted || json.Unmarshal(b, &r) != nil {
					w.t.Fatalf("suggestion: %d %s", status, b)
				}
				return "/api/v1/suggestions/" + itoa(r.ID) + "/decision", `{"decision":"verified"}`
			}},
	}
}

// TestEveryWriteByEveryRole tries each write endpoint as each kind of
// account: only the right ones succeed, the others are refused with 401
// or 403 and nothing in the database changes.
func TestEveryWriteByEveryRole(t *testing.T) {
	w := newWorld(t, true)
	for _, wr := range writes() {
		for _, role := range roles {
			t.Run(wr.name+" as "+role, func(t *testing.T) {
				w.t = t
				path, body := wr.prepare(w)
				before := w.fingerprint()
				ct, rd := wr.contentType, io.Reader(strings.NewReader(body))
				switch ct {
				case "multipart":
					ct, rd = multipartUpdate(t, body)
				case "multipart photos":
					ct, rd = multipartPhotos(t, photoFile{"site.jpg", jpegPhoto(t, 1)})
				}
				status, got := w.call(role, wr.method, path, ct, rd, "If-Match", "*")
				want := wr.ok
				switch {
				case slices.Contains(wr.allowed, role):
				case role == "public":
					want = http.StatusUnauthorized
				case wr.denied != 0:
					want = wr.denied
				default:
					want = http.StatusForbidden
				}
				if status != want {
					t.Fatalf("%s %s: status %d, want %d: %.300s", wr.method, path, status, want, got)
				}
				if status >= 400 {
					if after := w.fingerprint(); after != before {
						t.Errorf("refused with %d, but the database changed", status)
					}
				}
			})
		}
	}
}

func multipartUpdate(t *testing.T, text string) (string, io.Reader) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("body", text)         //nolint:errcheck
	mw.WriteField("date", "2025-06-01") //nolint:errcheck
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), &b
}

// TestEveryWriteRouteIsTried keeps the table above whole: a new write
// route must join it, so that no write goes untried by the roles.
// Signing in and out and suggesting a site need no account on purpose.
func TestEveryWriteRouteIsTried(t *testing.T) {
	open := []string{"POST /api/v1/auth/login", "POST /api/v1/auth/logout", "POST /api/v1/suggestions"}
	tried := map[string]bool{}
	for _, wr := range writes() {
		tried[wr.method+" "+wr.route] = true
	}
	for _, r := range httpapi.New(httpapi.Deps{OpenAPI: api.OpenAPI}).Routes() {
		method, path, _ := strings.Cut(r, " ")
		write := slices.Contains([]string{"POST", "PUT", "PATCH", "DELETE"}, method)
		if write && strings.HasPrefix(path, "/api/v1/") && path != "/api/v1/*" && !slices.Contains(open, r) && !tried[r] {
			t.Errorf("%s is a write no role was tried on: add it to writes()", r)
		}
	}
}
