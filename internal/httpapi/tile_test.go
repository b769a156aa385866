package httpapi_test

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"

	"github.com/vidbudova/vidbudova/internal/tile"
)

// tileOf is the tile of zoom z that holds the point lon, lat.
func tileOf(lon, lat float64, z maptile.Zoom) maptile.Tile {
	return maptile.At(orb.Point{lon, lat}, z)
}

// getTile fetches a tile as the public and decodes it to lon/lat.
func (w *world) getTile(layer string, t maptile.Tile, query string) (mvt.Layers, *http.Response) {
	w.t.Helper()
	path := "/tiles/" + layer + "/" + itoa(int64(t.Z)) + "/" + itoa(int64(t.X)) + "/" + itoa(int64(t.Y)) + ".mvt" + query
	req, _ := http.NewRequest("GET", w.ts.URL+path, nil)
	res, body := send(w.t, w.ts.Client(), req)
	if res.StatusCode == http.StatusNoContent {
		return nil, res
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/vnd.mapbox-vector-tile" {
		w.t.Fatalf("GET %s: %d %q %s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil {
		w.t.Fatalf("GET %s: not a vector tile: %v", path, err)
	}
	layers.ProjectToWGS84(t)
	return layers, res
}

func features(ls mvt.Layers, name string) []map[string]any {
	var out []map[string]any
	for _, l := range ls {
		if l.Name != name {
			continue
		}
		for _, f := range l.Features {
			p := map[string]any(f.Properties)
			if pt, ok := f.Geometry.(orb.Point); ok {
				p["_lon"], p["_lat"] = pt[0], pt[1]
			}
			p["_id"] = f.ID
			out = append(out, p)
		}
	}
	return out
}

func TestVectorTiles(t *testing.T) {
	w := newWorld(t, false)
	// Three schools and a substation in Kharkiv, a school in Kyiv, beside
	// the world's own school in each.
	school := w.site("admin", pointA)
	w.site("admin", "36.2310,49.9940")
	w.site("admin", "36.2320,49.9950")
	sub := w.must("POST", "/api/v1/sites", "application/geo+json",
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[`+secretLon+`,`+secretLat+`]},`+
			`"properties":{"name":"`+secretName+`","category":"energy","damage":"destroyed"}}`, 201)
	w.site("admin", pointB)

	t.Run("far out, a tile holds cells with counts, not sites", func(t *testing.T) {
		ls, _ := w.getTile("sites", tileOf(36.23, 49.99, 6), "")
		cells := features(ls, "sites")
		total := 0.0
		for _, c := range cells {
			n, _ := c["n"].(float64)
			total += n
			if c["_id"] != nil {
				t.Errorf("a cell carries a site id: %v", c)
			}
		}
		if total != 5 || len(cells) == 0 || len(cells) > 64 {
			t.Errorf("z6 over Kharkiv: %d cells counting %v sites, want up to 64 cells counting the 5 Kharkiv sites", len(cells), total)
		}
	})
	t.Run("close in, a tile holds the sites as points with what the map colours them by", func(t *testing.T) {
		ls, _ := w.getTile("sites", tileOf(36.2304, 49.9935, tile.SitePointsFrom+1), "")
		got := features(ls, "sites")
		var found bool
		for _, f := range got {
			if f["_id"] == float64(school.ID) || f["_id"] == uint64(school.ID) {
				found = true
				if f["category"] != "education" || f["verification"] != "reported" ||
					math.Abs(f["_lon"].(float64)-36.2304) > 1e-4 || math.Abs(f["_lat"].(float64)-49.9935) > 1e-4 {
					t.Errorf("the school: %v", f)
				}
			}
		}
		if !found {
			t.Errorf("the school is not in its z%d tile: %v", tile.SitePointsFrom+1, got)
		}
	})
	t.Run("a sensitive site is at its hromada's point, in every tile", func(t *testing.T) {
		for z := maptile.Zoom(tile.SitePointsFrom); z <= 16; z++ {
			ls, _ := w.getTile("sites", tileOf(36.287431, 49.981276, z), "")
			for _, f := range features(ls, "sites") {
				if f["_id"] == float64(sub) || f["_id"] == uint64(sub) {
					t.Errorf("z%d: the substation is drawn at its exact place: %v", z, f)
				}
			}
		}
		_, body := w.call("public", "GET", "/api/v1/sites/"+itoa(sub), "", nil)
		var f struct {
			Geometry struct{ Coordinates [2]float64 }
		}
		json.Unmarshal(body, &f) //nolint:errcheck
		ls, _ := w.getTile("sites", tileOf(f.Geometry.Coordinates[0], f.Geometry.Coordinates[1], 15), "")
		var at bool
		for _, g := range features(ls, "sites") {
			at = at || g["_id"] == float64(sub) || g["_id"] == uint64(sub)
		}
		if !at {
			t.Errorf("the substation is not at its public point %v", f.Geometry.Coordinates)
		}
	})
	t.Run("the list filters apply", func(t *testing.T) {
		ls, _ := w.getTile("sites", tileOf(36.23, 49.99, 6), "?category=energy")
		total := 0.0
		for _, c := range features(ls, "sites") {
			total += c["n"].(float64)
		}
		if total != 1 {
			t.Errorf("energy sites in the z6 tile: %v, want 1", total)
		}
		if status, _ := w.call("public", "GET", "/tiles/sites/6/38/21.mvt?category=castle", "", nil); status != 400 {
			t.Errorf("an unknown category: %d, want 400", status)
		}
	})
	t.Run("a tile carries an ETag and a map that has it gets a 304", func(t *testing.T) {
		tl := tileOf(36.23, 49.99, 6)
		_, res := w.getTile("sites", tl, "")
		tag := res.Header.Get("ETag")
		req, _ := http.NewRequest("GET", w.ts.URL+"/tiles/sites/6/"+itoa(int64(tl.X))+"/"+itoa(int64(tl.Y))+".mvt", nil)
		req.Header.Set("If-None-Match", tag)
		if res, _ := send(t, w.ts.Client(), req); tag == "" || res.StatusCode != http.StatusNotModified {
			t.Errorf("ETag %q, then %d, want 304", tag, res.StatusCode)
		}
		// A change moves the version: the same request gets the new tile.
		w.site("admin", "36.2330,49.9960")
		res2, _ := send(t, w.ts.Client(), req)
		if res2.StatusCode != http.StatusOK {
			t.Errorf("after a change: %d, want 200", res2.StatusCode)
		}
	})
	t.Run("units and projects have tiles of their own", func(t *testing.T) {
		w.project(school.ID)
		ls, _ := w.getTile("oblasts", tileOf(36.23, 49.99, 6), "")
		if o := features(ls, "oblasts"); len(o) == 0 || !strings.Contains(jsonOf(o), w.oblastA) {
			t.Errorf("oblasts tile: %s", jsonOf(o))
		}
		ls, _ = w.getTile("projects", tileOf(36.23, 49.99, 8), "")
		if p := features(ls, "projects"); len(p) != 1 || p[0]["n"] != float64(1) || p[0]["hromada_code"] != w.hromadaA {
			t.Errorf("projects by hromada at z8: %s", jsonOf(p))
		}
		ls, _ = w.getTile("projects", tileOf(36.2304, 49.9935, tile.ProjectPointsFrom), "")
		if p := features(ls, "projects"); len(p) != 1 || p[0]["state"] != "draft" {
			t.Errorf("project points: %s", jsonOf(p))
		}
	})
	t.Run("bad tiles are refused", func(t *testing.T) {
		for path, want := range map[string]int{
			"/tiles/sites/6/64/21.mvt": 400, "/tiles/sites/25/0/0.mvt": 400, "/tiles/roads/6/38/21.mvt": 400,
			"/tiles/sites/6/38/21.png": 404, "/tiles/sites/x/38/21.mvt": 400,
		} {
			if status, body := w.call("public", "GET", path, "", nil); status != want {
				t.Errorf("%s: %d, want %d: %s", path, status, want, body)
			}
		}
	})
	t.Run("each layer has a TileJSON 3.0 document that keeps the filters", func(t *testing.T) {
		status, body := w.call("public", "GET", "/tiles/sites.json?category=energy", "", nil)
		var doc struct {
			TileJSON     string   `json:"tilejson"`
			Tiles        []string `json:"tiles"`
			VectorLayers []struct {
				ID string `json:"id"`
			} `json:"vector_layers"`
		}
		if status != 200 || json.Unmarshal(body, &doc) != nil || doc.TileJSON != "3.0.0" || len(doc.Tiles) != 1 ||
			!strings.HasSuffix(doc.Tiles[0], "/tiles/sites/{z}/{x}/{y}.mvt?category=energy") ||
			len(doc.VectorLayers) != 1 || doc.VectorLayers[0].ID != "sites" {
			t.Errorf("TileJSON: %d %s", status, body)
		}
	})
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
