package boundarysource

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/geojson"
)

// readCollection reads a GeoJSON FeatureCollection and indexes it by id.
func readCollection(t *testing.T, path string) map[string]*geojson.Feature {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out := make(map[string]*geojson.Feature, len(fc.Features))
	for _, f := range fc.Features {
		id, _ := f.ID.(string)
		if id == "" || id != f.Properties["code"] {
			t.Fatalf("%s: feature id %v is not its code %v", path, f.ID, f.Properties["code"])
		}
		if _, dup := out[id]; dup {
			t.Fatalf("%s: id %s twice", path, id)
		}
		out[id] = f
	}
	return out
}

func TestBuildMatchesSharedFiles(t *testing.T) {
	shared := sharedDir
	if _, err := os.Stat(filepath.Join(shared, HromadasFile)); err != nil {
		t.Skipf("shared boundary files not found: %v", err)
	}
	src := sourceDir(t)
	db := testDB(t)
	ctx := context.Background()
	out := t.TempDir()

	start := time.Now()
	rep, err := Build(ctx, db, src, out)
	if err != nil {
		t.Fatalf("Build: %v (report %+v)", err, rep)
	}
	t.Logf("Build took %v; report %+v", time.Since(start).Round(time.Millisecond), rep)

	t.Run("the report accounts for every source polygon", func(t *testing.T) {
		want := Report{SourcePolygons: 1472, Direct: 3, MatchedByName: 1457, MatchedByOverride: 12, Hromadas: 1471, Oblasts: 27}
		if !reflect.DeepEqual(rep, want) {
			t.Errorf("report = %+v, want %+v", rep, want)
		}
	})

	for _, layer := range []struct {
		file      string
		count     int
		areaSlack float64 // largest allowed relative area difference
	}{
		{OblastsFile, 27, 0.01},
		{HromadasFile, 1471, 0.05},
	} {
		got := readCollection(t, filepath.Join(out, layer.file))
		want := readCollection(t, filepath.Join(shared, layer.file))

		t.Run(layer.file+" has the shared codes and properties", func(t *testing.T) {
			if len(got) != layer.count || len(want) != layer.count {
				t.Fatalf("got %d features, shared has %d, want %d", len(got), len(want), layer.count)
			}
			for code, w := range want {
				g, ok := got[code]
				if !ok {
					t.Errorf("%s missing", code)
					continue
				}
				if !reflect.DeepEqual(g.Properties, w.Properties) {
					t.Errorf("%s properties differ:\n got %v\nwant %v", code, g.Properties, w.Properties)
				}
			}
		})

		t.Run(layer.file+" has areas close to the shared ones", func(t *testing.T) {
			worst, worstCode := 0.0, ""
			for code, w := range want {
				g, ok := got[code]
				if !ok {
					continue
				}
				ga, wa := geo.Area(g.Geometry), geo.Area(w.Geometry)
				d := math.Abs(ga-wa) / wa
				if d > worst {
					worst, worstCode = d, code
				}
				if d > layer.areaSlack {
					t.Errorf("%s %v: area %.1f km², shared %.1f km² (%.2f%%)", code, w.Properties["name_uk"], ga/1e6, wa/1e6, 100*d)
				}
			}
			t.Logf("largest area difference %.3f%% (%s)", 100*worst, worstCode)
		})
	}

	t.Run("every written geometry is valid and counter-clockwise", func(t *testing.T) {
		for _, file := range []string{HromadasFile, OblastsFile} {
			var gjs []string
			for _, f := range readCollection(t, filepath.Join(out, file)) {
				b, err := json.Marshal(geojson.NewGeometry(f.Geometry))
				if err != nil {
					t.Fatal(err)
				}
				gjs = append(gjs, string(b))
			}
			var bad int
			err := db.QueryRow(ctx, `
				SELECT count(*) FILTER (WHERE NOT ST_IsValid(g) OR NOT ST_IsPolygonCCW(g) OR ST_IsEmpty(g))
				FROM (SELECT ST_GeomFromGeoJSON(gj) AS g FROM unnest($1::text[]) AS t(gj)) s`, gjs).Scan(&bad)
			if err != nil {
				t.Fatal(err)
			}
			if bad != 0 {
				t.Errorf("%s: %d invalid, clockwise or empty geometries", file, bad)
			}
		}
	})
}
