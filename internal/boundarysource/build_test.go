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

	"github.com/jackc/pgx/v5/pgxpool"
)

// layer is a GeoJSON FeatureCollection of an output file, indexed by id.
type layer map[string]layerFeature

type layerFeature struct {
	Properties map[string]any
	Geometry   string
}

// readLayer reads a FeatureCollection and checks that every id is the
// feature's code and appears once.
func readLayer(t *testing.T, path string) layer {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			ID         string          `json:"id"`
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if fc.Type != "FeatureCollection" {
		t.Fatalf("%s: type %q", path, fc.Type)
	}
	out := make(layer, len(fc.Features))
	for _, f := range fc.Features {
		if f.ID == "" || f.ID != f.Properties["code"] {
			t.Fatalf("%s: feature id %q is not its code %v", path, f.ID, f.Properties["code"])
		}
		if _, dup := out[f.ID]; dup {
			t.Fatalf("%s: id %s twice", path, f.ID)
		}
		out[f.ID] = layerFeature{Properties: f.Properties, Geometry: string(f.Geometry)}
	}
	return out
}

// geometryFacts asks PostGIS for the area (m², on the sphere, which is
// plenty for comparing) of each geometry and whether it is valid, non-empty
// and counter-clockwise.
func geometryFacts(t *testing.T, db *pgxpool.Pool, l layer) (area map[string]float64, bad []string) {
	t.Helper()
	var codes, geoms []string
	for code, f := range l {
		codes = append(codes, code)
		geoms = append(geoms, f.Geometry)
	}
	rows, err := db.Query(context.Background(), `
		SELECT t.code, ST_Area(g::geography, false), ST_IsValid(g) AND ST_IsPolygonCCW(g) AND NOT ST_IsEmpty(g)
		FROM unnest($1::text[], $2::text[]) AS t(code, gj),
			LATERAL (SELECT ST_GeomFromGeoJSON(t.gj) AS g) s`, codes, geoms)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	area = make(map[string]float64, len(codes))
	for rows.Next() {
		var (
			code string
			a    float64
			ok   bool
		)
		if err := rows.Scan(&code, &a, &ok); err != nil {
			t.Fatal(err)
		}
		area[code] = a
		if !ok {
			bad = append(bad, code)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return area, bad
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

	for _, tt := range []struct {
		file      string
		count     int
		areaSlack float64 // largest allowed relative area difference
	}{
		{OblastsFile, 27, 0.01},
		{HromadasFile, 1471, 0.05},
	} {
		got := readLayer(t, filepath.Join(out, tt.file))
		want := readLayer(t, filepath.Join(shared, tt.file))

		t.Run(tt.file+" has the shared codes and properties", func(t *testing.T) {
			if len(got) != tt.count || len(want) != tt.count {
				t.Fatalf("got %d features, shared has %d, want %d", len(got), len(want), tt.count)
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

		gotArea, bad := geometryFacts(t, db, got)
		wantArea, _ := geometryFacts(t, db, want)

		t.Run(tt.file+" has only valid counter-clockwise geometries", func(t *testing.T) {
			if len(bad) > 0 {
				t.Errorf("%d invalid, empty or clockwise geometries, e.g. %s", len(bad), bad[0])
			}
		})

		t.Run(tt.file+" has areas close to the shared ones", func(t *testing.T) {
			worst, worstCode := 0.0, ""
			for code, wa := range wantArea {
				ga, ok := gotArea[code]
				if !ok {
					continue
				}
				d := math.Abs(ga-wa) / wa
				if d > worst {
					worst, worstCode = d, code
				}
				if d > tt.areaSlack {
					t.Errorf("%s %v: area %.1f km², shared %.1f km² (%.2f%%)", code, want[code].Properties["name_uk"], ga/1e6, wa/1e6, 100*d)
				}
			}
			t.Logf("largest area difference %.3f%% (%s)", 100*worst, worstCode)
		})
	}
}
