package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gdal runs one of GDAL's programs against the server and returns its
// output. The programs must be there: make test installs gdal-bin
// (deploy/local/need.sh), and a skipped test would prove nothing.
func gdal(t *testing.T, program string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err != nil {
		t.Fatalf("%s is missing: install GDAL (apt-get install gdal-bin), as make test does", program)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	// The server is on the loopback: no proxy between them.
	cmd.Env = append(os.Environ(), "NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", program, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestGDALReadsTheOGCAPI has GDAL, as QGIS uses it, list the collections
// and copy every site page by page, and finds a substation's exact place
// in none of it.
func TestGDALReadsTheOGCAPI(t *testing.T) {
	base, _ := startServer(t)
	for _, point := range []string{kharkiv, `{"type":"Point","coordinates":[30.5234,50.4501]}`,
		`{"type":"Point","coordinates":[24.0297,49.8397]}`, `{"type":"Point","coordinates":[30.7233,46.4825]}`} {
		newSite(t, base, point)
	}
	const lon, lat = "36.287431", "49.981276"
	res, b := do(t, "POST", base+"/api/v1/sites", feature(`{"type":"Point","coordinates":[`+lon+`,`+lat+`]}`,
		`"name":"Підстанція Північна-110","category":"energy","damage":"destroyed"`), nil)
	if res.StatusCode != 201 {
		t.Fatalf("substation: %d %s", res.StatusCode, b)
	}
	exact := func(out string) bool { return strings.Contains(out, lon[:8]) || strings.Contains(out, lat[:8]) }

	info := gdal(t, "ogrinfo", "-ro", "-so", "-al", "OAPIF:"+base+"/ogc")
	for _, want := range []string{"Layer name: sites", "Layer name: projects", "Layer name: oblasts", "Layer name: hromadas",
		"Feature Count: 5\n", "Feature Count: 27\n", "Geometry: Point"} {
		if !strings.Contains(info, want) {
			t.Errorf("ogrinfo does not say %q:\n%s", want, info)
		}
	}
	if exact(info) || strings.Contains(info, "ERROR") {
		t.Errorf("ogrinfo:\n%s", info)
	}

	// Two sites a page: GDAL must follow the next links to get all five.
	out := filepath.Join(t.TempDir(), "sites.geojson")
	gdal(t, "ogr2ogr", "-f", "GeoJSON", out, "OAPIF:"+base+"/ogc", "sites", "-oo", "PAGE_SIZE=2")
	text, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties map[string]any
			Geometry   struct{ Coordinates []float64 }
		}
	}
	if err := json.Unmarshal(text, &fc); err != nil {
		t.Fatalf("%v: %.300s", err, text)
	}
	if len(fc.Features) != 5 {
		t.Errorf("GDAL copied %d sites, want 5", len(fc.Features))
	}
	for _, f := range fc.Features {
		if f.Properties["category"] == "energy" && (f.Properties["sensitive"] != true || f.Properties["name"] != "") {
			t.Errorf("the substation is not shown as sensitive: %v", f.Properties)
		}
	}
	if exact(string(text)) || strings.Contains(string(text), "Північна") {
		t.Errorf("GDAL's copy holds the substation's exact place or name:\n%s", text)
	}
}
