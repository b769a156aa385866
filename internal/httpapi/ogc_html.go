package httpapi

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// The OGC API's HTML: one plain page, rendered on the server with
// html/template (which escapes every value for where it stands), in
// Ukrainian first and English beside it, with no script and no asset
// from elsewhere.

//go:embed ogc_templates/*.html
var ogcTemplates embed.FS

var pageTemplate = template.Must(template.ParseFS(ogcTemplates, "ogc_templates/page.html"))

// words are a text in English and in Ukrainian.
type words struct{ EN, UK string }

func (w words) in(en bool) string { return pick(en, w.EN, w.UK) }

// htmlPage is what a page shows: a title, paragraphs, links and tables.
type htmlPage struct {
	Title  words
	Text   []words
	Links  []ogcLink
	Tables []htmlTable
	Home   string
}

type htmlTable struct {
	Caption words
	Head    []string
	Rows    [][]htmlCell
}

// htmlCell is a table cell's text, a link where Href is set.
type htmlCell struct{ Text, Href string }

func renderPage(c echo.Context, p htmlPage) error {
	p.Home = ogcURL(c, "", url.Values{"f": {"html"}})
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		return fmt.Errorf("httpapi: ogc page: %w", err)
	}
	c.Response().Header().Set("Content-Language", "uk, en")
	return c.HTMLBlob(http.StatusOK, b.Bytes())
}

// htmlFeature is a GeoJSON Feature read for a table: its id, its
// geometry in short, and its properties in their order.
type htmlFeature struct {
	ID       string
	Geometry string
	Props    [][2]string
}

// parseFeature reads a Feature as the stores write it.
func parseFeature(b []byte) (htmlFeature, error) {
	var f struct {
		ID         json.RawMessage `json:"id"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return htmlFeature{}, fmt.Errorf("httpapi: ogc feature: %w", err)
	}
	hf := htmlFeature{ID: cellText(f.ID)}
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if json.Unmarshal(f.Geometry, &g) == nil {
		hf.Geometry = g.Type
		var pt [2]float64
		if g.Type == "Point" && json.Unmarshal(g.Coordinates, &pt) == nil {
			hf.Geometry = strconv.FormatFloat(pt[0], 'f', -1, 64) + ", " + strconv.FormatFloat(pt[1], 'f', -1, 64)
		}
	}
	if len(f.Properties) == 0 || string(f.Properties) == "null" {
		return hf, nil
	}
	// A decoder's tokens keep the properties in the order the store wrote.
	dec := json.NewDecoder(bytes.NewReader(f.Properties))
	if _, err := dec.Token(); err != nil {
		return hf, fmt.Errorf("httpapi: ogc feature: %w", err)
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return hf, fmt.Errorf("httpapi: ogc feature: %w", err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return hf, fmt.Errorf("httpapi: ogc feature: %w", err)
		}
		hf.Props = append(hf.Props, [2]string{fmt.Sprint(k), cellText(v)})
	}
	return hf, nil
}

// cellText is a JSON value as a cell shows it: a string as itself, null
// as nothing, anything else as its JSON.
func cellText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	if string(v) == "null" {
		return ""
	}
	var b bytes.Buffer
	if json.Compact(&b, v) != nil {
		return string(v)
	}
	return b.String()
}

func itemsPage(c echo.Context, col ogcCollection, rows []htmlFeature, matched int64, offset int, links []ogcLink) htmlPage {
	t := htmlTable{Caption: words{"Features", "Об'єкти"}, Head: []string{"id", "геометрія / geometry"}}
	var keys []string
	index := map[string]int{}
	for _, r := range rows {
		for _, p := range r.Props {
			if _, ok := index[p[0]]; !ok {
				index[p[0]] = len(keys)
				keys = append(keys, p[0])
			}
		}
	}
	t.Head = append(t.Head, keys...)
	base := "/collections/" + col.id + "/items/"
	for _, r := range rows {
		cells := make([]htmlCell, 2+len(keys))
		cells[0] = htmlCell{Text: r.ID, Href: ogcURL(c, base+url.PathEscape(r.ID), url.Values{"f": {"html"}})}
		cells[1] = htmlCell{Text: r.Geometry}
		for _, p := range r.Props {
			cells[2+index[p[0]]] = htmlCell{Text: p[1]}
		}
		t.Rows = append(t.Rows, cells)
	}
	first, last := offset+1, offset+len(rows)
	shown := words{fmt.Sprintf("Features %d to %d of %d.", first, last, matched), fmt.Sprintf("Об'єкти з %d по %d із %d.", first, last, matched)}
	if len(rows) == 0 {
		shown = words{fmt.Sprintf("No features here; %d match in all.", matched), fmt.Sprintf("Тут об'єктів немає; усього відповідає %d.", matched)}
	}
	return htmlPage{Title: col.title, Text: []words{shown}, Links: append(links, homeLink(c)), Tables: []htmlTable{t}}
}

func itemPage(c echo.Context, col ogcCollection, f htmlFeature, links []ogcLink) htmlPage {
	t := htmlTable{Caption: words{"Properties", "Властивості"}, Head: []string{"властивість / property", "значення / value"}}
	t.Rows = append(t.Rows, []htmlCell{{Text: "id"}, {Text: f.ID}}, []htmlCell{{Text: "геометрія / geometry"}, {Text: f.Geometry}})
	for _, p := range f.Props {
		t.Rows = append(t.Rows, []htmlCell{{Text: p[0]}, {Text: p[1]}})
	}
	title := words{col.title.EN + " · " + f.ID, col.title.UK + " · " + f.ID}
	return htmlPage{Title: title, Links: append(links, homeLink(c)), Tables: []htmlTable{t}}
}

// ogcServiceDoc is the API's documentation for people: what each
// collection holds and which parameters its items take.
func (s *Server) ogcServiceDoc(c echo.Context) error {
	if err := onlyParams(c.QueryParams(), "f"); err != nil {
		return err
	}
	if f := c.QueryParam("f"); f != "" && f != "html" {
		return invalidQuery("f", "this page is HTML only: f=html", "ця сторінка лише в HTML: f=html")
	}
	params := htmlTable{Caption: words{"Parameters of items", "Параметри items"}, Head: []string{"параметр / parameter", "значення", "meaning"}}
	for _, p := range [][3]string{
		{"f", "json (GeoJSON) або html; без нього вирішує заголовок Accept", "json (GeoJSON) or html; without it the Accept header decides"},
		{"limit", fmt.Sprintf("скільки об'єктів на сторінці: від 1 до %d, типово %d", ogcMaxLimit, ogcDefaultLimit),
			fmt.Sprintf("features per page: 1 to %d, %d by default", ogcMaxLimit, ogcDefaultLimit)},
		{"offset", "скільки об'єктів пропустити (посилання next і prev ставлять його самі)", "how many features to skip (the next and prev links set it)"},
		{"bbox", "мінДовгота,мінШирота,максДовгота,максШирота у WGS 84 (CRS84)", "minLon,minLat,maxLon,maxLat in WGS 84 (CRS84)"},
		{"datetime", `мить або проміжок за RFC 3339: 2022-02-24, 2022-02-24T04:00:00Z, 2022-01-01/2022-12-31, 2023-01-01/.. ` +
			`(об'єкти: дата пошкодження; проєкти: від created_at до updated_at; області й громади не мають часу)`,
			`an RFC 3339 instant or interval: 2022-02-24, 2022-02-24T04:00:00Z, 2022-01-01/2022-12-31, 2023-01-01/.. ` +
				`(sites: the date of damage; projects: from created_at to updated_at; oblasts and hromadas have no time)`},
		{"category, damage, verification", "об'єкти: значення через кому", "sites: values separated by commas"},
		{"state, sector", "проєкти: значення через кому", "projects: values separated by commas"},
		{"oblast_code, hromada_code", "код КАТОТТГ (UA і 17 цифр)", "a KATOTTH code (UA and 17 digits)"},
	} {
		params.Rows = append(params.Rows, []htmlCell{{Text: p[0]}, {Text: p[1]}, {Text: p[2]}})
	}
	cols := htmlTable{Caption: words{"Collections", "Колекції"}, Head: []string{"id", "опис", "description", "фільтри / filters"}}
	for _, col := range ogcCollections {
		cols.Rows = append(cols.Rows, []htmlCell{{Text: col.id, Href: ogcURL(c, "/collections/"+col.id, url.Values{"f": {"html"}})},
			{Text: col.desc.UK}, {Text: col.desc.EN}, {Text: strings.Join(col.filters, ", ")}})
	}
	intro := []words{
		{"This is OGC API – Features, Part 1 (Core), with GeoJSON and HTML. In QGIS add it as a WFS / OGC API – Features connection with this server's /ogc address; " +
			"with GDAL open OAPIF:<address>/ogc. Features are in WGS 84 longitude and latitude (CRS84). A parameter this API does not know is refused with 400.",
			"Це OGC API – Features, частина 1 (Core), з GeoJSON і HTML. У QGIS додайте його як з'єднання WFS / OGC API – Features з адресою /ogc цього сервера; " +
				"у GDAL відкрийте OAPIF:<адреса>/ogc. Координати — довгота й широта WGS 84 (CRS84). Невідомий параметр відхиляється з кодом 400."},
		{"This is a public output: sites and projects are as /api/v1 shows them to the public, a sensitive site at its hromada's point, without name or description.",
			"Це публічний вихід: об'єкти та проєкти такі, як їх усім показує /api/v1, чутливий об'єкт — у точці своєї громади, без назви та опису."},
	}
	return renderPage(c, htmlPage{Title: words{"How to use the OGC API", "Як користуватися OGC API"}, Text: intro,
		Links: []ogcLink{homeLink(c)}, Tables: []htmlTable{cols, params}})
}
