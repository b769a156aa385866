package export

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestPointOnSurface(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    orb.Polygon
	}{
		{"a square", orb.Polygon{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}},
		{"an L whose centroid lies outside it", orb.Polygon{{{0, 0}, {10, 0}, {10, 1}, {1, 1}, {1, 10}, {0, 10}, {0, 0}}}},
		{"a U open at the middle", orb.Polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}},
		{"a ring around a hole in the middle", orb.Polygon{
			{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
			{{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}},
		}},
		{"a triangle with a vertex on the middle line", orb.Polygon{{{0, 0}, {4, 1}, {0, 2}, {0, 0}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pt := PointOnSurface(tc.p)
			if !planar.PolygonContains(tc.p, pt) {
				t.Errorf("%v lies outside", pt)
			}
		})
	}
	t.Run("an empty polygon gives the zero point", func(t *testing.T) {
		if pt := PointOnSurface(nil); pt != (orb.Point{}) {
			t.Errorf("%v", pt)
		}
	})
}
