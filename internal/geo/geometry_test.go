package geo_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/geo"
)

func ring(n int) string {
	var b strings.Builder
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(&b, "[%f,%f],", 36+float64(i)*1e-6, 49+float64(i%2)*1e-3)
	}
	b.WriteString("[36,49]")
	return "[[36,49]," + b.String() + "]"
}

func TestParseGeometry(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		field string // "" means valid
	}{
		{"a point is read", `{"type":"Point","coordinates":[36.23,49.99]}`, ""},
		{"a point with height is read", `{"type":"Point","coordinates":[36.23,49.99,120]}`, ""},
		{"a closed polygon is read", `{"type":"Polygon","coordinates":[[[36,49],[36.1,49],[36.1,49.1],[36,49]]]}`, ""},
		{"a missing geometry is refused", `null`, "geometry"},
		{"a line is not a site", `{"type":"LineString","coordinates":[[36,49],[37,50]]}`, "geometry.type"},
		{"a missing type is refused", `{"coordinates":[36,49]}`, "geometry.type"},
		{"missing coordinates are refused", `{"type":"Point"}`, "geometry.coordinates"},
		{"a string coordinate is refused", `{"type":"Point","coordinates":["36","49"]}`, "geometry.coordinates"},
		{"an infinite coordinate is refused", `{"type":"Point","coordinates":[1e999,49]}`, "geometry.coordinates"},
		{"latitude out of range is refused", `{"type":"Point","coordinates":[36,91]}`, "geometry.coordinates"},
		{"longitude out of range is refused", `{"type":"Point","coordinates":[181,49]}`, "geometry.coordinates"},
		{"one number is not a position", `{"type":"Point","coordinates":[36]}`, "geometry.coordinates"},
		{"an unclosed ring is refused", `{"type":"Polygon","coordinates":[[[36,49],[36.1,49],[36.1,49.1],[36,49.1]]]}`, "geometry.coordinates[0]"},
		{"a ring of three positions is refused", `{"type":"Polygon","coordinates":[[[36,49],[36.1,49],[36,49]]]}`, "geometry.coordinates[0]"},
		{"a polygon without rings is refused", `{"type":"Polygon","coordinates":[]}`, "geometry.coordinates"},
		{"a polygon nested too shallow is refused", `{"type":"Polygon","coordinates":[[36,49],[36.1,49]]}`, "geometry.coordinates"},
		{"10,000 vertices are accepted", `{"type":"Polygon","coordinates":[` + ring(9999) + `]}`, ""},
		{"10,001 vertices are refused", `{"type":"Polygon","coordinates":[` + ring(10001) + `]}`, "geometry.coordinates"},
		{"not JSON is refused", `{"type":`, "geometry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := geo.ParseGeometry([]byte(tt.in), "geometry", geo.MaxVertices, "Point", "Polygon")
			if tt.field == "" {
				if err != nil || g == nil {
					t.Fatalf("got %v, %v; want a geometry", g, err)
				}
				return
			}
			var ve *domain.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *domain.ValidationError", err)
			}
			if ve.Field != tt.field || ve.Reason == "" || ve.ReasonUK == "" {
				t.Errorf("field %q reason %q / %q; want field %q with reasons in both languages", ve.Field, ve.Reason, ve.ReasonUK, tt.field)
			}
		})
	}
}

func TestParseBBox(t *testing.T) {
	good := map[string]orb.Bound{
		"35.98,49.74,36.48,50.24": {Min: orb.Point{35.98, 49.74}, Max: orb.Point{36.48, 50.24}},
		" 22.1, 44.4 ,40.2,52.4":  {Min: orb.Point{22.1, 44.4}, Max: orb.Point{40.2, 52.4}},
	}
	for in, want := range good {
		t.Run(in+" is read", func(t *testing.T) {
			got, err := geo.ParseBBox(in)
			if err != nil || got != want {
				t.Fatalf("got %v, %v; want %v", got, err, want)
			}
		})
	}
	for _, in := range []string{"", "1,2,3", "1,2,3,4,5", "a,2,3,4", "NaN,2,3,4", "36,50,35,51", "36,51,37,50", "-181,0,0,1", "0,-91,1,0"} {
		t.Run(fmt.Sprintf("%q is refused", in), func(t *testing.T) {
			_, err := geo.ParseBBox(in)
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || ve.Field != "bbox" {
				t.Fatalf("err = %v, want a validation error of bbox", err)
			}
		})
	}
}
