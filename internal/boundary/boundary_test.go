package boundary_test

import (
	"strings"
	"testing"

	"github.com/vidbudova/vidbudova/internal/boundary"
)

const square = `{"type":"Polygon","coordinates":[[[36,49],[36.1,49],[36.1,49.1],[36,49]]]}`

func hromada(code, extra string) string {
	return `{"type":"Feature","geometry":` + square + `,"properties":{"code":"` + code +
		`","category":"H","name_uk":"Тест","name_en":"Test","oblast_code":"UA63000000000041885"` + extra + `}}`
}

func TestReadRefusesMalformedFilesNamingTheFeature(t *testing.T) {
	ok := hromada("UA63120270000028556", "")
	tests := []struct {
		name, file, want string
	}{
		{"not JSON", `{"type":`, "not a GeoJSON file"},
		{"not a collection", `{"type":"Feature"}`, "not a GeoJSON FeatureCollection"},
		{"no features", `{"type":"FeatureCollection","features":[]}`, "no features"},
		{"a bad code", `{"type":"FeatureCollection","features":[` + ok + `,` + hromada("UA123", "") + `]}`, "feature 2: properties.code"},
		{"a repeated code", `{"type":"FeatureCollection","features":[` + ok + `,` + ok + `]}`, "feature 2: code UA63120270000028556 repeats feature 1"},
		{"an unclosed ring", `{"type":"FeatureCollection","features":[` +
			strings.Replace(ok, `[36,49]]]`, `[36.2,49]]]`, 1) + `]}`, "feature 1: UA63120270000028556: geometry.coordinates[0]"},
		{"a point instead of an area", `{"type":"FeatureCollection","features":[` +
			strings.Replace(ok, square, `{"type":"Point","coordinates":[36,49]}`, 1) + `]}`, "feature 1: UA63120270000028556: geometry.type"},
		{"an unknown hromada type", `{"type":"FeatureCollection","features":[` + hromada("UA63120270000028556", `,"hromada_type":"town"`) + `]}`, "hromada_type"},
	}
	for _, tt := range tests {
		t.Run("a file with "+tt.name+" is refused", func(t *testing.T) {
			_, _, err := boundary.Read(strings.NewReader(tt.file), boundary.Hromada)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to say %q", err, tt.want)
			}
		})
	}
	t.Run("a good file is read with its checksum", func(t *testing.T) {
		units, sum, err := boundary.Read(strings.NewReader(`{"type":"FeatureCollection","features":[`+ok+`]}`), boundary.Hromada)
		if err != nil || len(units) != 1 || len(sum) != 64 || units[0].Pcode != "UA63" || len(units[0].Geometry) != 1 {
			t.Fatalf("units %+v sum %q err %v", units, sum, err)
		}
	})
}
