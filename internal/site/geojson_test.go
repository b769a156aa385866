package site_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/site"
)

func sample() site.Site {
	day := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	return site.Site{ID: 42, Name: []byte("Ліцей №1 \"Нова\" <script>&\n\t\x01\\"), Description: []byte{},
		Category: []byte("education"), Damage: []byte("severe"), DamagedOn: day, HasDamagedOn: true,
		CostMinor: 1250000000, Currency: []byte("UAH"), Verification: []byte("reported"),
		OblastCode: []byte("UA63000000000041885"), HromadaCode: []byte("UA63120270000028556"),
		HromadaNameUK: []byte("Харківська"), HromadaNameEN: []byte("Kharkivska"), Version: 3,
		CreatedAt: time.Date(2026, 11, 27, 20, 54, 52, 870739000, time.FixedZone("EET", 7200)), UpdatedAt: day,
		IsPoint: true, Lon: 36.23041234, Lat: 49.9935}
}

func TestAppendGeoJSONIsTheFeatureAsJSON(t *testing.T) {
	t.Run("a point with every property", func(t *testing.T) {
		s := sample()
		var f struct {
			Type     string `json:"type"`
			ID       int64  `json:"id"`
			Geometry struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		}
		out := s.AppendGeoJSON(nil)
		if err := json.Unmarshal(out, &f); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if f.Type != "Feature" || f.ID != 42 || f.Geometry.Type != "Point" ||
			f.Geometry.Coordinates[0] != 36.230412 || f.Geometry.Coordinates[1] != 49.9935 {
			t.Errorf("feature %+v", f)
		}
		p := f.Properties
		want := map[string]any{"name": string(s.Name), "category": "education", "damaged_on": "2022-03-01",
			"estimated_cost":  map[string]any{"amount_minor": 1250000000.0, "currency": "UAH"},
			"hromada_name_uk": "Харківська", "version": 3.0, "demo": false, "created_at": "2026-11-27T18:54:52.870739Z"}
		for k, v := range want {
			got, _ := json.Marshal(p[k])
			exp, _ := json.Marshal(v)
			if string(got) != string(exp) {
				t.Errorf("%s = %s, want %s", k, got, exp)
			}
		}
	})
	t.Run("a footprint keeps the geometry PostGIS wrote and nulls stay null", func(t *testing.T) {
		s := sample()
		s.IsPoint, s.HasDamagedOn, s.Currency, s.HromadaCode = false, false, nil, nil
		s.Polygon = orb.Polygon{{{36, 49}, {36.1, 49}, {36.1234567, 49.1}, {36, 49}}}
		var f struct {
			Geometry   map[string]any
			Properties map[string]any
		}
		if err := json.Unmarshal(s.AppendGeoJSON(nil), &f); err != nil {
			t.Fatal(err)
		}
		if g, _ := json.Marshal(f.Geometry); string(g) != `{"coordinates":[[[36,49],[36.1,49],[36.123457,49.1],[36,49]]],"type":"Polygon"}` {
			t.Errorf("geometry %s", g)
		}
		if f.Geometry["type"] != "Polygon" || f.Properties["damaged_on"] != nil || f.Properties["estimated_cost"] != nil ||
			f.Properties["hromada_code"] != nil {
			t.Errorf("got %+v", f)
		}
	})
	t.Run("timestamps are RFC 3339 in UTC with the fraction they have", func(t *testing.T) {
		kyiv := time.FixedZone("EET", 7200)
		for _, ts := range []time.Time{
			time.Date(2026, 11, 27, 20, 54, 52, 870739000, kyiv), // across midnight UTC below
			time.Date(2026, 1, 1, 1, 0, 0, 0, kyiv),
			time.Date(2022, 2, 24, 4, 5, 6, 100000000, time.UTC),
			time.Date(2022, 2, 24, 4, 5, 6, 1, time.UTC),
			time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
			time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC),
		} {
			s := sample()
			s.CreatedAt, s.UpdatedAt = ts, ts.Add(time.Microsecond)
			var f struct{ Properties map[string]any }
			if err := json.Unmarshal(s.AppendGeoJSON(nil), &f); err != nil {
				t.Fatal(err)
			}
			for k, v := range map[string]time.Time{"created_at": s.CreatedAt, "updated_at": s.UpdatedAt} {
				if want := v.UTC().Format(time.RFC3339Nano); f.Properties[k] != want {
					t.Errorf("%s = %v, want %s", k, f.Properties[k], want)
				}
			}
		}
	})
}

// BenchmarkAppendGeoJSON is the server's cost per listed site.
func BenchmarkAppendGeoJSON(b *testing.B) {
	s := sample()
	buf := make([]byte, 0, 1024)
	b.ReportAllocs()
	for b.Loop() {
		buf = s.AppendGeoJSON(buf[:0])
	}
}
