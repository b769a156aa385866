package geo

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/domain"
)

// ParseBBox reads "minLon,minLat,maxLon,maxLat" (the OGC API and RFC 7946
// order). A box that crosses the antimeridian is refused: Ukraine never does.
func ParseBBox(s string) (orb.Bound, error) {
	bad := func(en, uk string) (orb.Bound, error) {
		return orb.Bound{}, domain.Invalid("bbox", en, uk)
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return bad("want four numbers: minLon,minLat,maxLon,maxLat",
			"потрібно чотири числа: мінДовгота,мінШирота,максДовгота,максШирота")
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return bad("'"+p+"' is not a number", "'"+p+"' — не число")
		}
		v[i] = f
	}
	if v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
		return bad("out of range: longitude -180..180, latitude -90..90",
			"поза межами: довгота -180..180, широта -90..90")
	}
	if v[0] > v[2] || v[1] > v[3] {
		return bad("the minimum must not exceed the maximum (minLon,minLat,maxLon,maxLat)",
			"мінімум не може перевищувати максимум (мінДовгота,мінШирота,максДовгота,максШирота)")
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}
