package httpapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/tile"
)

// mvt is the media type of Mapbox Vector Tiles.
const mvt = "application/vnd.mapbox-vector-tile"

func (s *Server) tileRoutes(e *echo.Echo) {
	get(e, "/tiles/:layer/:z/:x/:y", s.getTile)
	get(e, "/tiles/:layer", s.tileJSON)
}

// getTile answers GET /tiles/{layer}/{z}/{x}/{y}.mvt with the filters of
// the layer's list endpoint. Tiles change only with the data, so they are
// kept in memory until the store's summary version moves, and carry its
// ETag: a map that pans back gets a 304.
func (s *Server) getTile(c echo.Context) error {
	l := tile.Layer(c.Param("layer"))
	if err := l.Validate(); err != nil {
		return asQuery(err, "layer")
	}
	y, ok := strings.CutSuffix(c.Param("y"), ".mvt")
	if !ok {
		return echo.ErrNotFound
	}
	var co tile.Coord
	for _, p := range []struct {
		name, v string
		dst     *int
	}{{"z", c.Param("z"), &co.Z}, {"x", c.Param("x"), &co.X}, {"y", y, &co.Y}} {
		n, err := strconv.Atoi(p.v)
		if err != nil {
			return invalidQuery(p.name, "must be a whole number", "має бути цілим числом")
		}
		*p.dst = n
	}
	if err := co.Validate(); err != nil {
		return asQuery(err, "z")
	}
	f, err := tileFilter(l, c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := s.units.SummaryVersion(ctx)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("tile/%s/%d/%d/%d?%v", l, co.Z, co.X, co.Y, f)
	return s.summaries.answer(c, key, v, mvt, func() ([]byte, error) {
		return s.deps.Tiles.Tile(ctx, l, co, f)
	})
}

// tileFilter reads a layer's filters with its list endpoint's own rules.
func tileFilter(l tile.Layer, q url.Values) (tile.Filter, error) {
	switch l {
	case tile.Sites:
		sf, err := siteFilter(q)
		if err != nil {
			return tile.Filter{}, err
		}
		f := sf.KindOnly()
		f.Oblast, f.Hromada = sf.Oblast, sf.Hromada
		return tile.Filter{Site: f}, nil
	case tile.Projects:
		pf, err := projectFilter(q)
		if err != nil {
			return tile.Filter{}, err
		}
		f := pf.KindOnly()
		f.Oblast, f.Hromada = pf.Oblast, pf.Hromada
		return tile.Filter{Project: f}, nil
	}
	oblast, err := queryCode(q, "oblast")
	return tile.Filter{Oblast: oblast}, err
}

func strs[T ~string](v []T) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}

// tileJSON answers GET /tiles/{layer}.json: a TileJSON 3.0 document that
// MapLibre, QGIS and others read to use the layer, keeping the request's
// filters in the tile URL.
func (s *Server) tileJSON(c echo.Context) error {
	name, ok := strings.CutSuffix(c.Param("layer"), ".json")
	if !ok {
		return echo.ErrNotFound
	}
	l := tile.Layer(name)
	if err := l.Validate(); err != nil {
		return asQuery(err, "layer")
	}
	if _, err := tileFilter(l, c.QueryParams()); err != nil {
		return err
	}
	u := requestURL(c)
	u.Path = "/tiles/" + name + "/{z}/{x}/{y}.mvt"
	tmpl := strings.NewReplacer("%7B", "{", "%7D", "}").Replace(u.String())
	minZoom := 0
	if l == tile.Hromadas {
		minZoom = tile.HromadasFrom
	}
	doc := map[string]any{
		"tilejson":    "3.0.0",
		"name":        "Відбудова · Vidbudova: " + name,
		"description": layerDescriptions[l],
		"tiles":       []string{tmpl},
		"minzoom":     minZoom,
		"maxzoom":     tile.MaxZoom,
		"bounds":      []float64{22.1, 44.3, 40.3, 52.4},
		"center":      []float64{31.2, 48.4, 5},
		"attribution": "Відбудова · Vidbudova (CC BY 4.0); boundaries: S. Matuszak, ukrainian_geodata (CC BY 4.0)",
		"vector_layers": []map[string]any{{
			"id": string(l), "fields": layerFields[l], "minzoom": minZoom, "maxzoom": tile.MaxZoom,
		}},
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.JSON(http.StatusOK, doc)
}

var layerDescriptions = map[tile.Layer]string{
	tile.Sites: fmt.Sprintf("Пошкоджені об'єкти: від масштабу %d — точки, дрібніше — клітинки з кількістю. "+
		"Damaged sites: points from zoom %d, cells with counts below.", tile.SitePointsFrom, tile.SitePointsFrom),
	tile.Projects: fmt.Sprintf("Проєкти відбудови: від масштабу %d — точки, дрібніше — по громадах. "+
		"Reconstruction projects: points from zoom %d, per hromada below.", tile.ProjectPointsFrom, tile.ProjectPointsFrom),
	tile.Oblasts:  "Області з підсумками / Oblasts with their totals",
	tile.Hromadas: "Громади з підсумками / Hromadas with their totals",
}

var layerFields = map[tile.Layer]map[string]string{
	tile.Sites: {"id": "Number: the site (points)", "category": "String", "damage": "String (points)",
		"verification": "String: reported, verified, rejected (points)", "sensitive": "Boolean: shown at its hromada's point (points)",
		"n": "Number: sites in the cell (cells)"},
	tile.Projects: {"id": "Number: the project (points)", "state": "String", "sector": "String", "progress": "Number: percent",
		"gap_uah": "Number: funding gap, kopiykas", "hromada_code": "String (per hromada)", "n": "Number: projects (per hromada)"},
	tile.Oblasts:  unitFields,
	tile.Hromadas: unitFields,
}

var unitFields = map[string]string{"code": "String: KATOTTH", "name_uk": "String", "name_en": "String",
	"sites": "Number", "projects": "Number", "needed_uah": "Number: kopiykas", "gap_uah": "Number: kopiykas"}
