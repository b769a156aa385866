package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// OGC API – Features, Part 1 (Core), with GeoJSON, HTML and OpenAPI 3.0,
// under /ogc: GIS clients (QGIS, GDAL, ArcGIS) read the same sites and
// projects as the map, through the same store paths, so that a sensitive
// site is shown as /api/v1 shows it to the same viewer. Accounts are read
// under /api/ only (authenticate), so every viewer of /ogc is the public,
// as for the tiles: it is one of the public outputs.

// FeaturePages is what the OGC API reads beyond the lists' stores: pages
// by offset with the number that match. *postgres.DB has it; each method
// returns a *domain.ValidationError for an unknown oblast or hromada
// code, and FindUnitByCode domain.ErrNotFound for an unknown unit.
type FeaturePages interface {
	FindSitesPage(ctx context.Context, f site.Filter, verifications []string, offset int,
		emit func(feature []byte) error) (matched int64, err error)
	FindProjectsPage(ctx context.Context, f project.Filter, from, to time.Time, offset int,
		emit func(feature []byte) error) (matched int64, err error)
	FindUnitsPage(ctx context.Context, level boundary.Level, oblast string, bbox *orb.Bound, limit, offset int,
		emit func(feature []byte) error) (matched int64, err error)
	FindUnitByCode(ctx context.Context, level boundary.Level, code string) ([]byte, error)
}

func (s *Server) ogcRoutes(e *echo.Echo) {
	get(e, "/ogc", s.ogcLanding)
	get(e, "/ogc/api", s.ogcServiceDoc)
	get(e, "/ogc/conformance", s.ogcConformance)
	get(e, "/ogc/collections", s.ogcCollectionList)
	get(e, "/ogc/collections/:collection", s.ogcCollection)
	get(e, "/ogc/collections/:collection/items", s.ogcItems)
	get(e, "/ogc/collections/:collection/items/:feature", s.ogcItem)
}

// pages is the store of the OGC API's offset reads.
func (s *Server) pages() (FeaturePages, error) {
	if s.deps.Pages == nil {
		return nil, errors.New("httpapi: no store for the OGC API's pages")
	}
	return s.deps.Pages, nil
}

// Media types and identifiers the OGC API speaks.
const (
	mediaJSON    = "application/json"
	mediaHTML    = "text/html"
	mediaOpenAPI = "application/vnd.oai.openapi;version=3.0"
	crs84        = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
	gregorian    = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
)

// conformance lists the classes the API implements.
var conformance = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
}

// ukraine is the extent of every collection: Ukraine's boundaries in the
// database, rounded outwards.
var ukraine = [4]float64{22.13, 44.38, 40.23, 52.38}

// ogcCollection is one collection and what its items may be filtered by.
type ogcCollection struct {
	id          string
	title, desc words
	// temporal: the collection has a time, which datetime filters on.
	temporal bool
	// filters are the properties that items may be filtered by.
	filters []string
}

var ogcCollections = []ogcCollection{
	{id: "sites", temporal: true,
		filters: []string{"category", "damage", "oblast_code", "hromada_code", "verification"},
		title:   words{"Damaged sites", "Пошкоджені об'єкти"},
		desc: words{"Damaged objects reported by hromadas, as the API's /sites shows them to the public. " +
			"datetime filters on the date of damage (damaged_on); sites without one are left out by it. " +
			"A sensitive site (energy, water, transport, or marked by a moderator) is at its hromada's point, without name or description.",
			"Пошкоджені об'єкти, про які повідомили громади, так, як їх показує всім /sites API. " +
				"datetime фільтрує за датою пошкодження (damaged_on); об'єкти без неї він не повертає. " +
				"Чутливий об'єкт (енергетика, вода, транспорт чи позначений модератором) стоїть у точці своєї громади, без назви та опису."}},
	{id: "projects", temporal: true,
		filters: []string{"state", "sector", "oblast_code", "hromada_code"},
		title:   words{"Reconstruction projects", "Проєкти відбудови"},
		desc: words{"Reconstruction projects at a point on one of their sites' public places. " +
			"datetime filters on the life of the project's record: from created_at to updated_at.",
			"Проєкти відбудови в точці на публічному місці одного з їхніх об'єктів. " +
				"datetime фільтрує за часом запису проєкту: від created_at до updated_at."}},
	{id: "oblasts",
		title: words{"Oblasts", "Області"},
		desc: words{"Oblasts with their KATOTTH codes and names; the outlines are the light copies (simplified to about 1 km).",
			"Області з кодами КАТОТТГ і назвами; контури — спрощені копії (близько 1 км)."}},
	{id: "hromadas", filters: []string{"oblast_code"},
		title: words{"Hromadas", "Громади"},
		desc: words{"Hromadas (territorial communities) with their KATOTTH codes and names; the outlines are the light copies (simplified to about 200 m).",
			"Громади з кодами КАТОТТГ і назвами; контури — спрощені копії (близько 200 м)."}},
}

func collectionOf(c echo.Context) (ogcCollection, error) {
	for _, col := range ogcCollections {
		if col.id == c.Param("collection") {
			return col, nil
		}
	}
	return ogcCollection{}, domain.ErrNotFound
}

// ogcLink is a link of the OGC API (RFC 8288 in JSON).
type ogcLink struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// ogcURL is the absolute URL of path under the API, with query.
func ogcURL(c echo.Context, path string, query url.Values) string {
	u := requestURL(c)
	u.Path, u.RawPath, u.RawQuery = "/ogc"+path, "", query.Encode()
	return u.String()
}

// format is a representation a client may ask for.
type format int

const (
	formatJSON format = iota
	formatHTML
)

// negotiate picks JSON or HTML: f=json|html first, then Accept, where
// HTML wins only when it is preferred to JSON (as browsers ask), so that
// clients that name no type get JSON. JSON speaks the language of
// Accept-Language, as the problems do; HTML speaks both.
func negotiate(c echo.Context) (format, error) {
	c.Response().Header().Add("Vary", "Accept, Accept-Language")
	switch c.QueryParam("f") {
	case "json":
		return formatJSON, nil
	case "html":
		return formatHTML, nil
	case "":
	default:
		return 0, invalidQuery("f", "must be json or html", "має бути json або html")
	}
	var html, js float64
	for _, part := range strings.Split(c.Request().Header.Get("Accept"), ",") {
		media, params, _ := strings.Cut(part, ";")
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
		}
		switch strings.ToLower(strings.TrimSpace(media)) {
		case "text/html", "application/xhtml+xml", "text/*":
			html = max(html, q)
		case "application/json", "application/geo+json", "application/*":
			js = max(js, q)
		case "*/*":
			html, js = max(html, q), max(js, q)
		}
	}
	if html > js {
		return formatHTML, nil
	}
	return formatJSON, nil
}

// onlyParams refuses a query parameter the endpoint does not know, so
// that a misspelt filter is not silently ignored.
func onlyParams(q url.Values, known ...string) error {
	for name := range q {
		if !slices.Contains(known, name) {
			return invalidQuery(name, "unknown parameter; this request takes: "+strings.Join(known, ", "),
				"невідомий параметр; цей запит приймає: "+strings.Join(known, ", "))
		}
	}
	return nil
}

// self and alternate link this response and its other representation.
func selfLinks(c echo.Context, path string, f format, jsonType string) []ogcLink {
	q := c.QueryParams()
	asJSON, asHTML := withParam(q, "f", "json"), withParam(q, "f", "html")
	jsonLink := ogcLink{Href: ogcURL(c, path, asJSON), Type: jsonType, Title: "JSON"}
	htmlLink := ogcLink{Href: ogcURL(c, path, asHTML), Type: mediaHTML, Title: "HTML"}
	if f == formatHTML {
		jsonLink.Rel, htmlLink.Rel = "alternate", "self"
		return []ogcLink{htmlLink, jsonLink}
	}
	jsonLink.Rel, htmlLink.Rel = "self", "alternate"
	return []ogcLink{jsonLink, htmlLink}
}

// withParam is a copy of q with name set to value.
func withParam(q url.Values, name, value string) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	out.Set(name, value)
	return out
}

func writeOGC(c echo.Context, contentType string, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, contentType)
	c.Response().WriteHeader(http.StatusOK)
	enc := json.NewEncoder(c.Response())
	enc.SetEscapeHTML(false) // keep & in URLs readable
	return enc.Encode(v)
}

func (s *Server) ogcLanding(c echo.Context) error {
	f, err := negotiate(c)
	if err != nil {
		return err
	}
	if err := onlyParams(c.QueryParams(), "f"); err != nil {
		return err
	}
	en := english(c.Request())
	title := words{"Vidbudova: Ukraine's reconstruction as OGC API – Features", "Відбудова: відбудова України як OGC API – Features"}
	desc := words{"Damaged sites, reconstruction projects, oblasts and hromadas, for GIS clients such as QGIS and GDAL.",
		"Пошкоджені об'єкти, проєкти відбудови, області та громади для ГІС-клієнтів, як-от QGIS і GDAL."}
	// The OGC API's own definition in JSON first: GDAL reads the first
	// service-desc of this type, reads no YAML, and finds the parameters
	// it may pass to the server by paths from this page.
	u := requestURL(c)
	u.Path, u.RawPath, u.RawQuery = "/api/v1/openapi.yaml", "", ""
	links := append(selfLinks(c, "", f, mediaJSON),
		ogcLink{Href: ogcURL(c, "/openapi.json", nil), Rel: "service-desc", Type: mediaOpenAPIJSON,
			Title: pick(en, "The OGC API's definition (OpenAPI 3.0, JSON)", "Опис OGC API (OpenAPI 3.0, JSON)")},
		ogcLink{Href: u.String(), Rel: "service-desc", Type: mediaOpenAPI,
			Title: pick(en, "The whole API's definition (OpenAPI 3.0, YAML)", "Опис усього API (OpenAPI 3.0, YAML)")},
		ogcLink{Href: ogcURL(c, "/api", nil), Rel: "service-doc", Type: mediaHTML, Title: pick(en, "How to use this API", "Як користуватися цим API")},
		ogcLink{Href: ogcURL(c, "/conformance", nil), Rel: "conformance", Type: mediaJSON, Title: pick(en, "Conformance classes", "Класи відповідності")},
		ogcLink{Href: ogcURL(c, "/collections", nil), Rel: "data", Type: mediaJSON, Title: pick(en, "Collections", "Колекції")})
	if f == formatHTML {
		return renderPage(c, htmlPage{Title: title, Text: []words{desc}, Links: links})
	}
	return writeOGC(c, mediaJSON, map[string]any{"title": title.in(en), "description": desc.in(en), "links": links})
}

func (s *Server) ogcConformance(c echo.Context) error {
	f, err := negotiate(c)
	if err != nil {
		return err
	}
	if err := onlyParams(c.QueryParams(), "f"); err != nil {
		return err
	}
	links := selfLinks(c, "/conformance", f, mediaJSON)
	if f == formatHTML {
		t := htmlTable{Caption: words{"Conformance classes", "Класи відповідності"}, Head: []string{"URI"}}
		for _, cc := range conformance {
			t.Rows = append(t.Rows, []htmlCell{{Text: cc}})
		}
		return renderPage(c, htmlPage{Title: words{"Conformance", "Відповідність"}, Links: append(links, homeLink(c)), Tables: []htmlTable{t}})
	}
	return writeOGC(c, mediaJSON, map[string]any{"conformsTo": conformance, "links": links})
}

// homeLink leads an HTML page back to the landing page.
func homeLink(c echo.Context) ogcLink {
	return ogcLink{Href: ogcURL(c, "", url.Values{"f": {"html"}}), Rel: "start", Type: mediaHTML, Title: "Відбудова OGC API"}
}

// collectionDoc is a collection's description in JSON.
type collectionDoc struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Links       []ogcLink `json:"links"`
	Extent      extent    `json:"extent"`
	ItemType    string    `json:"itemType"`
	CRS         []string  `json:"crs"`
}

type extent struct {
	Spatial struct {
		BBox [][4]float64 `json:"bbox"`
		CRS  string       `json:"crs"`
	} `json:"spatial"`
	Temporal *temporalExtent `json:"temporal,omitempty"`
}

type temporalExtent struct {
	Interval [][2]*string `json:"interval"`
	TRS      string       `json:"trs"`
}

// describe is a collection's description; its temporal extent starts
// with the war, before which no site was damaged and no project began.
func describe(c echo.Context, col ogcCollection) collectionDoc {
	en := english(c.Request())
	d := collectionDoc{ID: col.id, Title: col.title.in(en), Description: col.desc.in(en),
		ItemType: "feature", CRS: []string{crs84}}
	d.Extent.Spatial.BBox, d.Extent.Spatial.CRS = [][4]float64{ukraine}, crs84
	if col.temporal {
		start := site.FirstDamage.Format(time.RFC3339)
		d.Extent.Temporal = &temporalExtent{Interval: [][2]*string{{&start, nil}}, TRS: gregorian}
	}
	items := "/collections/" + col.id + "/items"
	d.Links = []ogcLink{
		{Href: ogcURL(c, "/collections/"+col.id, nil), Rel: "self", Type: mediaJSON, Title: d.Title},
		{Href: ogcURL(c, "/collections/"+col.id, url.Values{"f": {"html"}}), Rel: "alternate", Type: mediaHTML, Title: d.Title},
		{Href: ogcURL(c, items, nil), Rel: "items", Type: geoJSON, Title: pick(en, "Features as GeoJSON", "Об'єкти як GeoJSON")},
		{Href: ogcURL(c, items, url.Values{"f": {"html"}}), Rel: "items", Type: mediaHTML, Title: pick(en, "Features as a page", "Об'єкти як сторінка")},
	}
	return d
}

func (s *Server) ogcCollectionList(c echo.Context) error {
	f, err := negotiate(c)
	if err != nil {
		return err
	}
	if err := onlyParams(c.QueryParams(), "f"); err != nil {
		return err
	}
	links := selfLinks(c, "/collections", f, mediaJSON)
	if f == formatHTML {
		t := htmlTable{Caption: words{"Collections", "Колекції"}, Head: []string{"id", "Назва", "Title", "Опис", "Description"}}
		for _, col := range ogcCollections {
			t.Rows = append(t.Rows, []htmlCell{{Text: col.id, Href: ogcURL(c, "/collections/"+col.id, url.Values{"f": {"html"}})},
				{Text: col.title.UK}, {Text: col.title.EN}, {Text: col.desc.UK}, {Text: col.desc.EN}})
		}
		return renderPage(c, htmlPage{Title: words{"Collections", "Колекції"}, Links: append(links, homeLink(c)), Tables: []htmlTable{t}})
	}
	docs := make([]collectionDoc, len(ogcCollections))
	for i, col := range ogcCollections {
		docs[i] = describe(c, col)
	}
	return writeOGC(c, mediaJSON, map[string]any{"links": links, "collections": docs})
}

func (s *Server) ogcCollection(c echo.Context) error {
	col, err := collectionOf(c)
	if err != nil {
		return err
	}
	f, err := negotiate(c)
	if err != nil {
		return err
	}
	if err := onlyParams(c.QueryParams(), "f"); err != nil {
		return err
	}
	d := describe(c, col)
	if f == formatHTML {
		t := htmlTable{Caption: words{"Collection", "Колекція"}, Head: []string{"властивість / property", "значення / value"}}
		row := func(k, v string) { t.Rows = append(t.Rows, []htmlCell{{Text: k}, {Text: v}}) }
		row("id", col.id)
		row("Назва", col.title.UK)
		row("Title", col.title.EN)
		row("Просторовий обсяг / Spatial extent (CRS84)", fmt.Sprintf("%g, %g, %g, %g", ukraine[0], ukraine[1], ukraine[2], ukraine[3]))
		if col.temporal {
			row("Часовий обсяг / Temporal extent", site.FirstDamage.Format(time.DateOnly)+" / ..")
		}
		row("Фільтри / Filters", strings.Join(append([]string{"bbox", "datetime", "limit", "offset"}, col.filters...), ", "))
		links := append([]ogcLink{}, d.Links...)
		links[0].Rel, links[1].Rel = "alternate", "self"
		return renderPage(c, htmlPage{Title: col.title, Text: []words{col.desc}, Links: append(links, homeLink(c)), Tables: []htmlTable{t}})
	}
	return writeOGC(c, mediaJSON, d)
}
