// Package tile describes the map's vector tiles (Mapbox Vector Tile 2.1 in
// the Web Mercator XYZ scheme): which layers there are and what each
// carries at which zoom. PostGIS makes the tiles.
package tile

import (
	"context"
	"fmt"
	"slices"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// Layer is a set of tiles the map can ask for.
type Layer string

// The layers. Sites and projects are points; oblasts and hromadas are the
// admin units as polygons with their totals.
const (
	Sites    Layer = "sites"
	Projects Layer = "projects"
	Oblasts  Layer = "oblasts"
	Hromadas Layer = "hromadas"
)

// Layers lists every layer.
var Layers = []Layer{Sites, Projects, Oblasts, Hromadas}

// Zooms at which layers change what they carry. Below SitePointsFrom a
// sites tile holds cells of a grid with their counts, not sites: a z6 tile
// would otherwise hold a quarter of a million points. Projects below
// ProjectPointsFrom are one point per hromada with its count. Hromadas
// start at HromadasFrom: smaller, they are a few pixels each.
const (
	SitePointsFrom    = 13
	ProjectPointsFrom = 11
	HromadasFrom      = 5
	MaxZoom           = 18
)

// Coord is a tile's place in the XYZ scheme.
type Coord struct {
	Z, X, Y int
}

// Validate checks that the tile exists at its zoom.
func (c Coord) Validate() error {
	if c.Z < 0 || c.Z > MaxZoom {
		return domain.Invalid("z", fmt.Sprintf("the zoom must be from 0 to %d", MaxZoom),
			fmt.Sprintf("масштаб має бути від 0 до %d", MaxZoom))
	}
	n := 1 << c.Z
	if c.X < 0 || c.X >= n || c.Y < 0 || c.Y >= n {
		return domain.Invalid("x", fmt.Sprintf("at zoom %d, x and y are from 0 to %d", c.Z, n-1),
			fmt.Sprintf("на масштабі %d x і y — від 0 до %d", c.Z, n-1))
	}
	return nil
}

// Validate checks that l is a known layer.
func (l Layer) Validate() error {
	if !slices.Contains(Layers, l) {
		return domain.Invalid("layer", fmt.Sprintf("unknown layer %q; use one of %v", l, Layers),
			fmt.Sprintf("невідомий шар %q; допустимі: %v", l, Layers))
	}
	return nil
}

// Filter narrows a layer as the list endpoints do: the sites layer by
// Site (its box, words, limit and cursor unused), the projects layer by
// Project (the same), the hromadas layer by Oblast.
type Filter struct {
	Oblast  string
	Site    site.Filter
	Project project.Filter
}

// Store makes tiles.
type Store interface {
	// Tile returns the tile's MVT bytes; an empty tile is empty.
	Tile(ctx context.Context, l Layer, c Coord, f Filter) ([]byte, error)
}
