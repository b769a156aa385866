package export

import (
	"slices"

	"github.com/paulmach/orb"
)

// PointOnSurface returns a point inside the polygon, for tables that give
// every site one lon/lat pair: a footprint's centroid can fall outside it
// (an L-shaped building), this point cannot. Like PostGIS's
// ST_PointOnSurface it cuts the polygon with the horizontal line through
// the middle of its bounding box and takes the middle of the widest part
// of that line inside the polygon. An empty polygon gives the zero point.
func PointOnSurface(p orb.Polygon) orb.Point {
	if len(p) == 0 || len(p[0]) == 0 {
		return orb.Point{}
	}
	b := p.Bound()
	y := (b.Min[1] + b.Max[1]) / 2
	var xs []float64
	for _, ring := range p {
		for i := 0; i+1 < len(ring); i++ {
			a, c := ring[i], ring[i+1]
			// Half-open in y, so that a vertex on the line counts once.
			if (a[1] > y) != (c[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(c[0]-a[0])/(c[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	best, at := -1.0, orb.Point{}
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > best {
			best, at = w, orb.Point{(xs[i] + xs[i+1]) / 2, y}
		}
	}
	if best < 0 {
		return p[0][0] // a degenerate ring: one of its points
	}
	return at
}
