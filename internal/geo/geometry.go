// Package geo reads and checks the geometries people send: GeoJSON
// (RFC 7946) positions, rings and bounding boxes. What needs real geometry
// algorithms (self-intersection, placing in a hromada) PostGIS decides.
package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/domain"
)

// MaxVertices is the most positions a reported geometry may have: a
// building's footprint needs tens, a traced district a few thousand.
const MaxVertices = 10000

type rawGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// ParseGeometry reads a GeoJSON geometry of one of the allowed types and
// checks its positions, rings and number of vertices (at most maxVertices).
// field names the geometry in errors, which are *domain.ValidationError.
func ParseGeometry(data []byte, field string, maxVertices int, allowed ...string) (orb.Geometry, error) {
	if len(bytes.TrimSpace(data)) == 0 || bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil, domain.Invalid(field, "a geometry is required", "потрібна геометрія")
	}
	var g rawGeometry
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, domain.Invalid(field, "not a GeoJSON geometry object", "це не об'єкт геометрії GeoJSON")
	}
	ok := false
	for _, a := range allowed {
		ok = ok || a == g.Type
	}
	if !ok {
		return nil, domain.Invalid(field+".type",
			fmt.Sprintf("must be one of %v, got %q", allowed, g.Type),
			fmt.Sprintf("має бути одним із %v, а надіслано %q", allowed, g.Type))
	}
	cfield := field + ".coordinates"
	switch g.Type {
	case "Point":
		var c []float64
		if err := decodeCoords(g.Coordinates, &c, cfield); err != nil {
			return nil, err
		}
		p, err := position(c, cfield)
		return p, err
	case "Polygon":
		var c [][][]float64
		if err := decodeCoords(g.Coordinates, &c, cfield); err != nil {
			return nil, err
		}
		return polygon(c, cfield, new(int), maxVertices)
	case "MultiPolygon":
		var c [][][][]float64
		if err := decodeCoords(g.Coordinates, &c, cfield); err != nil {
			return nil, err
		}
		if len(c) == 0 {
			return nil, domain.Invalid(cfield, "a multipolygon needs at least one polygon", "мультиполігон має містити хоча б один полігон")
		}
		mp := make(orb.MultiPolygon, 0, len(c))
		n := 0
		for i, pc := range c {
			p, err := polygon(pc, fmt.Sprintf("%s[%d]", cfield, i), &n, maxVertices)
			if err != nil {
				return nil, err
			}
			mp = append(mp, p)
		}
		return mp, nil
	}
	return nil, domain.Invalid(field+".type", "unsupported geometry type", "непідтримуваний тип геометрії")
}

func decodeCoords(data json.RawMessage, v any, field string) error {
	if len(data) == 0 {
		return domain.Invalid(field, "coordinates are missing", "немає координат")
	}
	if err := json.Unmarshal(data, v); err != nil {
		// JSON has no NaN or Infinity, and numbers too large for a float64
		// (1e999) fail here too.
		return domain.Invalid(field, "coordinates must be arrays of finite numbers of the right depth",
			"координати мають бути масивами скінченних чисел потрібної вкладеності")
	}
	return nil
}

func position(c []float64, field string) (orb.Point, error) {
	if len(c) < 2 || len(c) > 3 {
		return orb.Point{}, domain.Invalid(field, "a position is [longitude, latitude] (optionally with height)",
			"позиція — це [довгота, широта] (можна з висотою)")
	}
	lon, lat := c[0], c[1]
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return orb.Point{}, domain.Invalid(field, "coordinates must be finite numbers", "координати мають бути скінченними числами")
	}
	if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return orb.Point{}, domain.Invalid(field,
			fmt.Sprintf("position [%g, %g] is out of range: longitude -180..180, latitude -90..90, in that order", lon, lat),
			fmt.Sprintf("позиція [%g, %g] поза межами: довгота -180..180, широта -90..90, саме в такому порядку", lon, lat))
	}
	return orb.Point{lon, lat}, nil
}

func polygon(c [][][]float64, field string, vertices *int, maxVertices int) (orb.Polygon, error) {
	if len(c) == 0 {
		return nil, domain.Invalid(field, "a polygon needs an outer ring", "полігон має мати зовнішнє кільце")
	}
	p := make(orb.Polygon, 0, len(c))
	for i, rc := range c {
		rfield := fmt.Sprintf("%s[%d]", field, i)
		*vertices += len(rc)
		if *vertices > maxVertices {
			return nil, domain.Invalid(field,
				fmt.Sprintf("too many vertices: at most %d", maxVertices),
				fmt.Sprintf("забагато вершин: щонайбільше %d", maxVertices))
		}
		if len(rc) < 4 {
			return nil, domain.Invalid(rfield, "a ring needs at least 4 positions, the last equal to the first",
				"кільце має містити щонайменше 4 позиції, остання збігається з першою")
		}
		r := make(orb.Ring, 0, len(rc))
		for j, pc := range rc {
			pt, err := position(pc, fmt.Sprintf("%s[%d]", rfield, j))
			if err != nil {
				return nil, err
			}
			r = append(r, pt)
		}
		if !r.Closed() {
			return nil, domain.Invalid(rfield, "the ring is not closed: its last position must equal the first",
				"кільце не замкнене: остання позиція має збігатися з першою")
		}
		p = append(p, r)
	}
	return p, nil
}
