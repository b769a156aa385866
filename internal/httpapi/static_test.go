package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/internal/httpapi"
)

// The assets are sent as the build compressed them, in the best coding the
// browser takes, and never compressed a second time on the way out.
func TestAssetsAreSentPrecompressed(t *testing.T) {
	const (
		script = "console.log('Відбудова');\n"
		br     = "brotli bytes of the script"
		gz     = "gzip bytes of the script"
	)
	files := fstest.MapFS{
		"index.html":            {Data: []byte("<!doctype html><title>Відбудова</title>")},
		"assets/app-1a2b.js":    {Data: []byte(script)},
		"assets/app-1a2b.js.br": {Data: []byte(br)},
		"assets/app-1a2b.js.gz": {Data: []byte(gz)},
		// Small files the build leaves as they are.
		"assets/tiny-3c4d.js": {Data: []byte(strings.Repeat("x", 2000))},
	}
	srv := httpapi.New(httpapi.Deps{OpenAPI: api.OpenAPI, Frontend: files})

	for _, tc := range []struct {
		path, accept, coding, body string
	}{
		{"/assets/app-1a2b.js", "gzip, deflate, br, zstd", "br", br}, // what Chromium sends
		{"/assets/app-1a2b.js", "gzip", "gzip", gz},
		{"/assets/app-1a2b.js", "br;q=0, gzip;q=0.8", "gzip", gz},
		{"/assets/app-1a2b.js", "BR", "br", br},
		{"/assets/app-1a2b.js", "*", "br", br},
		{"/assets/app-1a2b.js", "*, br;q=0", "gzip", gz},
		{"/assets/app-1a2b.js", "gzip;q=0, identity", "", script},
		{"/assets/app-1a2b.js", "", "", script},
		{"/assets/tiny-3c4d.js", "gzip, br", "", strings.Repeat("x", 2000)},
	} {
		req := httptest.NewRequest(http.MethodGet, tc.path, nil)
		if tc.accept != "" {
			req.Header.Set("Accept-Encoding", tc.accept)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		name := tc.path + " with Accept-Encoding " + tc.accept
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", name, rec.Code)
		}
		if got := rec.Header().Get("Content-Encoding"); got != tc.coding {
			t.Errorf("%s: Content-Encoding %q, want %q", name, got, tc.coding)
		}
		if got := rec.Body.String(); got != tc.body {
			t.Errorf("%s: body %q, want %q", name, got, tc.body)
		}
		if got, want := rec.Header().Get("Content-Length"), strconv.Itoa(len(tc.body)); tc.coding != "" && got != want {
			t.Errorf("%s: Content-Length %q, want %s (the browser shows how far the download has come)", name, got, want)
		}
		if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, "text/javascript") {
			t.Errorf("%s: Content-Type %q, want the script's own", name, got)
		}
		if got := rec.Header().Values("Vary"); len(got) != 1 || got[0] != "Accept-Encoding" {
			t.Errorf("%s: Vary %q, want Accept-Encoding once", name, got)
		}
		if got := rec.Header().Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", name, got)
		}
	}

	// The page itself is not an asset: revalidated on every visit.
	req := httptest.NewRequest(http.MethodGet, "/oblast/UA63000000000041885", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-cache" || !strings.Contains(rec.Body.String(), "Відбудова") {
		t.Errorf("a link into the application: status %d, Cache-Control %q, body %q", rec.Code, rec.Header().Get("Cache-Control"), rec.Body.String())
	}
}
