package frontend

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"path"
	"strings"
	"testing"
)

// The server sends the build's compressed copies (internal/httpapi/static.go):
// every script and stylesheet must have both, and the gzip copy must be the file.
func TestEveryAssetIsPrecompressed(t *testing.T) {
	names, err := fs.Glob(Dist, "dist/assets/*")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range names {
		if ext := path.Ext(name); ext != ".js" && ext != ".css" {
			continue
		}
		raw, err := fs.ReadFile(Dist, name)
		if err != nil {
			t.Fatal(err)
		}
		gz, err := fs.ReadFile(Dist, name+".gz")
		if err != nil {
			t.Errorf("%s has no gzip copy (is the vite plugin precompress gone?): %v", name, err)
			continue
		}
		br, err := fs.ReadFile(Dist, name+".br")
		if err != nil {
			t.Errorf("%s has no Brotli copy: %v", name, err)
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(unzipped, raw) {
			t.Errorf("%s.gz does not unpack to %s (err %v)", name, name, err)
		}
		if len(raw) > 10_000 && len(br) >= len(gz) {
			t.Errorf("%s: the Brotli copy (%d B) is no smaller than the gzip one (%d B)", name, len(br), len(gz))
		}
		checked++
	}
	if checked == 0 || !strings.Contains(strings.Join(names, " "), "index-") {
		t.Fatalf("no built scripts in dist/assets (%d files): run make build", len(names))
	}
}
