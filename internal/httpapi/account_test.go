package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/httpapi"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

// clock is a time the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const (
	editorEmail    = "Olena.Koval@Hromada.test" // any case: emails are compared lower-cased
	editorPassword = "Весна в Ізюмі 2026"
)

// accountServer is a server with one editor who signs in with a password,
// on a clock of the test's own.
func accountServer(t *testing.T, writesPerMinute int) (*httptest.Server, *clock) {
	t.Helper()
	db, _ := testdb.New(t)
	clk := &clock{t: time.Now()}
	srv := httpapi.New(httpapi.Deps{Sites: db, Units: db, Health: db, OpenAPI: api.OpenAPI, Projects: db,
		Organisations: db, Funding: db, History: db, Accounts: db, Suggestions: db, Now: clk.now,
		Sessions: httpapi.SessionPolicy{Idle: time.Hour, Max: 4 * time.Hour}, WritesPerMinute: writesPerMinute})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	admin := testdb.Token(t, db, account.Draft{Email: "admin@acct.test", Role: account.Admin})
	// The hromada of Kharkiv, from a site the admin reports there.
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/sites", strings.NewReader(siteBody(pointA, "education")))
	req.Header.Set("Authorization", "Bearer "+admin)
	res, body := send(t, http.DefaultClient, req)
	var f struct {
		Properties struct {
			HromadaCode string `json:"hromada_code"`
		} `json:"properties"`
	}
	if res.StatusCode != 201 || json.Unmarshal(body, &f) != nil {
		t.Fatalf("site: %d %s", res.StatusCode, body)
	}
	testdb.Account(t, db, account.Draft{Email: editorEmail, Password: editorPassword, Role: account.Editor,
		Hromadas: []string{f.Properties.HromadaCode}})
	return ts, clk
}

func send(t *testing.T, c *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	res, err := c.Do(req)
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

// browser is a client with a cookie jar, as a browser is.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: base, c: &http.Client{Jar: jar}}
}

func (b *browser) do(method, path, body string, header ...string) (*http.Response, []byte) {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return send(b.t, b.c, req)
}

func (b *browser) login(email, password string) int {
	b.t.Helper()
	res, body := b.do("POST", "/api/v1/auth/login", `{"email":"`+email+`","password":"`+password+`"}`)
	var in struct {
		CSRF string `json:"csrf_token"`
	}
	if res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &in); err != nil || in.CSRF == "" {
			b.t.Fatalf("login answered no CSRF token: %s", body)
		}
		b.csrf = in.CSRF
	}
	return res.StatusCode
}

// report reports a site in the editor's hromada, with the CSRF token or
// another header.
func (b *browser) report(header ...string) int {
	b.t.Helper()
	res, body := b.do("POST", "/api/v1/sites", siteBody(pointA, "housing"), header...)
	if res.StatusCode >= 500 {
		b.t.Fatalf("report: %d %s", res.StatusCode, body)
	}
	return res.StatusCode
}

func TestSignInWithCookieAndCSRF(t *testing.T) {
	ts, _ := accountServer(t, 1000)
	b := newBrowser(t, ts.URL)

	t.Run("the session cookie is HttpOnly, SameSite and not readable by scripts", func(t *testing.T) {
		res, _ := b.do("POST", "/api/v1/auth/login", `{"email":"`+editorEmail+`","password":"`+editorPassword+`"}`)
		var ck *http.Cookie
		for _, c := range res.Cookies() {
			if c.Name == httpapi.SessionCookie {
				ck = c
			}
		}
		if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, and not Secure over plain http", ck)
		}
		// Behind a TLS proxy it is Secure.
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/auth/login",
			strings.NewReader(`{"email":"`+editorEmail+`","password":"`+editorPassword+`"}`))
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Header.Set("Content-Type", "application/json")
		res, _ = send(t, http.DefaultClient, req)
		if c := res.Cookies(); len(c) == 0 || !c[0].Secure {
			t.Errorf("behind TLS the cookie must be Secure: %+v", c)
		}
		if res.Header.Get("Strict-Transport-Security") == "" {
			t.Errorf("behind TLS HSTS must be set")
		}
	})
	if b.login(editorEmail, editorPassword) != http.StatusOK {
		t.Fatal("the editor cannot sign in")
	}
	t.Run("a write with the cookie but without the CSRF token is refused", func(t *testing.T) {
		if got := b.report(); got != http.StatusForbidden {
			t.Errorf("status %d, want 403", got)
		}
		if got := b.report(httpapi.CSRFHeader, "forged"); got != http.StatusForbidden {
			t.Errorf("with a wrong token: status %d, want 403", got)
		}
	})
	t.Run("with the token it goes through", func(t *testing.T) {
		if got := b.report(httpapi.CSRFHeader, b.csrf); got != http.StatusCreated {
			t.Errorf("status %d, want 201", got)
		}
	})
	t.Run("me names the account and gives the token again", func(t *testing.T) {
		res, body := b.do("GET", "/api/v1/auth/me", "")
		if res.StatusCode != 200 || !strings.Contains(string(body), `"email":"olena.koval@hromada.test"`) ||
			!strings.Contains(string(body), b.csrf) || strings.Contains(string(body), "argon2") {
			t.Errorf("me: %d %s", res.StatusCode, body)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
			t.Errorf("an answer for an account must not be cached by others: Cache-Control %q", cc)
		}
	})
	t.Run("after signing out the cookie opens nothing", func(t *testing.T) {
		old := b.csrf
		if res, _ := b.do("POST", "/api/v1/auth/logout", ""); res.StatusCode != http.StatusNoContent {
			t.Fatalf("logout: %d", res.StatusCode)
		}
		if got := b.report(httpapi.CSRFHeader, old); got != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", got)
		}
	})
}

func TestSessionsExpire(t *testing.T) {
	ts, clk := accountServer(t, 1000)
	t.Run("an hour without use ends a session", func(t *testing.T) {
		b := newBrowser(t, ts.URL)
		b.login(editorEmail, editorPassword)
		clk.add(59 * time.Minute)
		if got := b.report(httpapi.CSRFHeader, b.csrf); got != http.StatusCreated {
			t.Fatalf("after 59 minutes: %d, want 201", got)
		}
		clk.add(59 * time.Minute) // used a minute ago: still idle less than an hour
		if got := b.report(httpapi.CSRFHeader, b.csrf); got != http.StatusCreated {
			t.Fatalf("59 minutes after the last use: %d, want 201", got)
		}
		clk.add(61 * time.Minute)
		if got := b.report(httpapi.CSRFHeader, b.csrf); got != http.StatusUnauthorized {
			t.Errorf("61 minutes after the last use: %d, want 401", got)
		}
	})
	t.Run("a session in use ends at its hard limit", func(t *testing.T) {
		b := newBrowser(t, ts.URL)
		b.login(editorEmail, editorPassword)
		for i := 0; i < 7; i++ { // 3.5 hours, used every half hour
			clk.add(30 * time.Minute)
			if got := b.report(httpapi.CSRFHeader, b.csrf); got != http.StatusCreated {
				t.Fatalf("at %d min: %d, want 201", 30*(i+1), got)
			}
		}
		clk.add(31 * time.Minute)
		if got := b.report(httpapi.CSRFHeader, b.csrf); got != http.StatusUnauthorized {
			t.Errorf("past four hours: %d, want 401", got)
		}
	})
}

func TestAPITokens(t *testing.T) {
	ts, _ := accountServer(t, 1000)
	b := newBrowser(t, ts.URL)
	b.login(editorEmail, editorPassword)
	res, body := b.do("POST", "/api/v1/tokens", `{"name":"ГІС громади"}`, httpapi.CSRFHeader, b.csrf)
	var tok struct {
		ID     int64  `json:"id"`
		Secret string `json:"secret"`
	}
	if res.StatusCode != 201 || json.Unmarshal(body, &tok) != nil || !account.IsToken(tok.Secret) {
		t.Fatalf("token: %d %s", res.StatusCode, body)
	}
	script := newBrowser(t, ts.URL) // no cookies: a script with the token
	bearer := []string{"Authorization", "Bearer " + tok.Secret}
	t.Run("a token writes without a CSRF token", func(t *testing.T) {
		if got := script.report(bearer...); got != http.StatusCreated {
			t.Errorf("status %d, want 201", got)
		}
	})
	t.Run("the list shows the token but never its secret", func(t *testing.T) {
		_, body := b.do("GET", "/api/v1/tokens", "")
		if !strings.Contains(string(body), "ГІС громади") || strings.Contains(string(body), tok.Secret) {
			t.Errorf("tokens: %s", body)
		}
	})
	t.Run("a revoked token stops working at once", func(t *testing.T) {
		res, _ := b.do("DELETE", "/api/v1/tokens/"+itoa(tok.ID), "", httpapi.CSRFHeader, b.csrf)
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if got := script.report(bearer...); got != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", got)
		}
		if res, _ := script.do("GET", "/api/v1/sites", "", bearer...); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a revoked token reading: %d, want 401 (a wrong token is an error, not the public)", res.StatusCode)
		}
	})
}

func TestSignInIsThrottledAndTellsNothing(t *testing.T) {
	ts, _ := accountServer(t, 1000)
	wrong := func(email string) (int, string) {
		res, body := newBrowser(t, ts.URL).do("POST", "/api/v1/auth/login",
			`{"email":"`+email+`","password":"not the password"}`, "Accept-Language", "en")
		var p struct{ Detail string }
		json.Unmarshal(body, &p) //nolint:errcheck
		return res.StatusCode, p.Detail
	}
	t.Run("an unknown email and a wrong password get the same answer", func(t *testing.T) {
		s1, d1 := wrong("nobody@hromada.test")
		s2, d2 := wrong(editorEmail)
		if s1 != http.StatusUnauthorized || s1 != s2 || d1 != d2 {
			t.Errorf("unknown email: %d %q; wrong password: %d %q", s1, d1, s2, d2)
		}
	})
	t.Run("after five attempts on one account the sixth waits, even with the right password", func(t *testing.T) {
		for i := 0; i < 4; i++ { // one was spent above
			if s, _ := wrong(editorEmail); s != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+2, s)
			}
		}
		res, body := newBrowser(t, ts.URL).do("POST", "/api/v1/auth/login",
			`{"email":"`+editorEmail+`","password":"`+editorPassword+`"}`)
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Errorf("status %d, Retry-After %q, want 429 with Retry-After: %s", res.StatusCode, res.Header.Get("Retry-After"), body)
		}
	})
	t.Run("another account from the same address still may", func(t *testing.T) {
		if s, _ := wrong("someone.else@hromada.test"); s != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", s)
		}
	})
	t.Run("one address trying many accounts is slowed too", func(t *testing.T) {
		got := 0
		for i := 0; i < 40 && got != http.StatusTooManyRequests; i++ {
			got, _ = wrong("user" + itoa(int64(i)) + "@hromada.test")
		}
		if got != http.StatusTooManyRequests {
			t.Errorf("40 accounts from one address were all tried")
		}
	})
}

func TestWritesAreRateLimitedPerAccount(t *testing.T) {
	ts, _ := accountServer(t, 3)
	b := newBrowser(t, ts.URL)
	b.login(editorEmail, editorPassword)
	for i := 0; i < 3; i++ {
		if got := b.report(httpapi.CSRFHeader, b.csrf); got != http.StatusCreated {
			t.Fatalf("write %d: %d", i+1, got)
		}
	}
	res, body := b.do("POST", "/api/v1/sites", siteBody(pointA, "housing"), httpapi.CSRFHeader, b.csrf)
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "20" {
		t.Errorf("fourth write in a minute: %d, Retry-After %q: %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
}

func TestPasswordsAreHashedWithArgon2id(t *testing.T) {
	h, err := account.HashPassword(editorPassword)
	if err != nil {
		t.Fatal(err)
	}
	p, salt, key, err := account.ParseHash(h)
	if err != nil {
		t.Fatalf("%s: %v", h, err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") || p.MemoryKiB < 19*1024 || p.Time < 2 || p.Threads < 1 ||
		len(salt) < 16 || len(key) < 32 {
		t.Errorf("hash %s: want argon2id with at least 19 MiB, 2 passes, a 16-byte salt and a 32-byte key (OWASP)", h)
	}
	if h2, _ := account.HashPassword(editorPassword); h2 == h {
		t.Errorf("two hashes of one password are equal: the salt is not random")
	}
	if !account.CheckPassword(h, editorPassword) || account.CheckPassword(h, editorPassword+" ") {
		t.Errorf("the hash checks the wrong passwords")
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts, _ := accountServer(t, 1000)
	res, _ := newBrowser(t, ts.URL).do("GET", "/api/v1/sites", "")
	h := res.Header
	for k, want := range map[string]string{
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "frame-ancestors 'none'",
		"Vary":                    "Cookie",
	} {
		if got := strings.Join(h.Values(k), ", "); !strings.Contains(got, want) {
			t.Errorf("%s is %q, want it to hold %q", k, got, want)
		}
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Errorf("HSTS over plain http would lock a local run out")
	}
}

func TestVerificationIsRecordedInTheHistory(t *testing.T) {
	w := newWorld(t, false)
	id := w.site("editor A", pointA).ID
	_, body := w.call("public", "GET", "/api/v1/sites/"+itoa(id), "", nil)
	if !strings.Contains(string(body), `"verification":"reported"`) {
		t.Fatalf("a site an editor reports starts as reported: %s", body)
	}
	status, body := w.call("moderator A", "POST", "/api/v1/sites/"+itoa(id)+"/verification", "application/json",
		strings.NewReader(`{"decision":"rejected","reason":"На фото інша будівля."}`), "If-Match", `"v1"`)
	if status != 200 || !strings.Contains(string(body), `"verification_reason":"На фото інша будівля."`) {
		t.Fatalf("reject: %d %s", status, body)
	}
	_, hist := w.call("public", "GET", "/api/v1/sites/"+itoa(id)+"/history", "", nil)
	var h struct {
		Entries []struct {
			Action  string                     `json:"action"`
			Actor   *struct{ Role string }     `json:"actor"`
			Changes map[string]json.RawMessage `json:"changes"`
		} `json:"entries"`
	}
	if err := json.Unmarshal(hist, &h); err != nil || len(h.Entries) != 2 {
		t.Fatalf("history: %v %s", err, hist)
	}
	newest, first := h.Entries[0], h.Entries[1]
	if newest.Actor == nil || newest.Actor.Role != "moderator" || newest.Changes["verification"] == nil ||
		!strings.Contains(string(newest.Changes["verification_reason"]), "інша будівля") {
		t.Errorf("the decision is not in the history with its moderator and reason: %s", hist)
	}
	if first.Action != "create" || first.Actor == nil || first.Actor.Role != "editor" {
		t.Errorf("the report is not in the history with its editor: %s", hist)
	}
}

func TestPublicSuggestionsWaitForAModerator(t *testing.T) {
	t.Run("off by default: there is no such route", func(t *testing.T) {
		w := newWorld(t, false)
		status, _ := w.call("public", "POST", "/api/v1/suggestions", "application/geo+json",
			strings.NewReader(siteBody(pointA, "culture")))
		if status != http.StatusNotFound {
			t.Errorf("status %d, want 404", status)
		}
	})
	w := newWorld(t, true)
	status, body := w.call("public", "POST", "/api/v1/suggestions", "application/geo+json",
		strings.NewReader(siteBody(pointA, "culture")))
	var r struct{ ID int64 }
	if status != http.StatusAccepted || json.Unmarshal(body, &r) != nil || r.ID == 0 {
		t.Fatalf("suggest: %d %s", status, body)
	}
	count := func() string {
		_, b := w.call("public", "GET", "/api/v1/sites?category=culture", "", nil)
		var fc struct{ Features []json.RawMessage }
		json.Unmarshal(b, &fc) //nolint:errcheck
		return itoa(int64(len(fc.Features)))
	}
	if n := count(); n != "0" {
		t.Errorf("a waiting suggestion is shown: %s sites", n)
	}
	if s, b := w.call("moderator B", "GET", "/api/v1/suggestions", "", nil); s != 200 || strings.Contains(string(b), `"id":`+itoa(r.ID)) {
		t.Errorf("a moderator of another oblast sees it: %d %s", s, b)
	}
	if s, b := w.call("moderator A", "GET", "/api/v1/suggestions", "", nil); s != 200 || !strings.Contains(string(b), `"id":`+itoa(r.ID)) {
		t.Errorf("the moderator of its oblast does not see it: %d %s", s, b)
	}
	s, b := w.call("moderator A", "POST", "/api/v1/suggestions/"+itoa(r.ID)+"/decision", "application/json",
		strings.NewReader(`{"decision":"verified"}`))
	if s != 200 || !strings.Contains(string(b), `"status":"accepted"`) {
		t.Fatalf("accept: %d %s", s, b)
	}
	_, b = w.call("public", "GET", "/api/v1/sites?category=culture", "", nil)
	if !strings.Contains(string(b), `"verification":"verified"`) || count() != "1" {
		t.Errorf("the accepted suggestion is not a verified site: %s", b)
	}
}
