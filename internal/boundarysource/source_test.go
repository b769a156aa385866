package boundarysource

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// rawServer serves files like raw.githubusercontent.com: by
// /owner/repo/commit/path. It counts the requests it answers.
type rawServer struct {
	files    map[string][]byte // URL path -> body
	requests atomic.Int32
}

func (s *rawServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	body, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Write(body)
}

// newRawServer serves the sources found in dir, with tamper applied to the
// body of the file named in it.
func newRawServer(t *testing.T, dir string, tamper map[string]func([]byte) []byte) (*rawServer, string) {
	t.Helper()
	rs := &rawServer{files: map[string][]byte{}}
	for _, s := range sources {
		body, err := os.ReadFile(filepath.Join(dir, s.Name))
		if err != nil {
			t.Fatal(err)
		}
		if f := tamper[s.Name]; f != nil {
			body = f(body)
		}
		rs.files["/"+s.Repo+"/"+s.Commit+"/"+s.Path] = body
	}
	srv := httptest.NewServer(rs)
	t.Cleanup(srv.Close)
	return rs, srv.URL
}

func TestFetch(t *testing.T) {
	src := sourceDir(t)
	ctx := context.Background()

	t.Run("good files are saved with the pinned sums", func(t *testing.T) {
		rs, url := newRawServer(t, src, nil)
		dir := filepath.Join(t.TempDir(), "sources")
		if err := Fetch(ctx, nil, url, dir); err != nil {
			t.Fatalf("Fetch: %v", err)
		}
		for _, s := range sources {
			sum, err := fileSHA256(filepath.Join(dir, s.Name))
			if err != nil || sum != s.SHA256 {
				t.Errorf("%s: sha256 %s, %v; want %s", s.Name, sum, err, s.SHA256)
			}
		}
		if n := rs.requests.Load(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}

		t.Run("a second Fetch downloads nothing", func(t *testing.T) {
			if err := Fetch(ctx, nil, url, dir); err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if n := rs.requests.Load(); n != 2 {
				t.Errorf("%d requests after the second Fetch, want still 2", n)
			}
		})
	})

	t.Run("a tampered file is refused and not kept", func(t *testing.T) {
		_, url := newRawServer(t, src, map[string]func([]byte) []byte{
			CodifierFile: func(b []byte) []byte {
				return append([]byte("UA99000000000000000;;;;;O;Вигадана\r\n"), b...)
			},
		})
		dir := t.TempDir()
		err := Fetch(ctx, http.DefaultClient, url, dir)
		if !errors.Is(err, ErrChecksum) {
			t.Fatalf("Fetch error = %v, want ErrChecksum", err)
		}
		var ce *ChecksumError
		if !errors.As(err, &ce) || ce.File != CodifierFile {
			t.Fatalf("Fetch error = %#v, want a *ChecksumError for %s", err, CodifierFile)
		}
		for _, part := range []string{CodifierFile, ce.Got, sources[1].SHA256} {
			if !strings.Contains(err.Error(), part) {
				t.Errorf("error %q does not mention %q", err, part)
			}
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() != HromadyFile {
				t.Errorf("left behind %s", e.Name())
			}
		}
	})

	t.Run("a file with the wrong sum on disk is downloaded again", func(t *testing.T) {
		rs, url := newRawServer(t, src, nil)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, HromadyFile), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := Fetch(ctx, nil, url, dir); err != nil {
			t.Fatalf("Fetch: %v", err)
		}
		if sum, _ := fileSHA256(filepath.Join(dir, HromadyFile)); sum != sources[0].SHA256 {
			t.Errorf("%s not replaced", HromadyFile)
		}
		if n := rs.requests.Load(); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
	})

	t.Run("a missing file is an error naming it", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		t.Cleanup(srv.Close)
		err := Fetch(ctx, nil, srv.URL, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), HromadyFile) || !strings.Contains(err.Error(), "404") {
			t.Fatalf("Fetch error = %v, want a 404 naming %s", err, HromadyFile)
		}
	})

	t.Run("a cancelled context stops the download", func(t *testing.T) {
		_, url := newRawServer(t, src, nil)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := Fetch(cctx, nil, url, t.TempDir()); !errors.Is(err, context.Canceled) {
			t.Fatalf("Fetch error = %v, want context.Canceled", err)
		}
	})
}

func TestBuildRefusesUnpinnedSources(t *testing.T) {
	src := sourceDir(t)
	path := filepath.Join(src, HromadyFile)
	if err := os.WriteFile(path, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), nil, src, t.TempDir())
	var ce *ChecksumError
	if !errors.As(err, &ce) || ce.File != HromadyFile {
		t.Fatalf("Build error = %v, want a *ChecksumError for %s", err, HromadyFile)
	}
}
