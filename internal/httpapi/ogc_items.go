package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
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

// Page limits of the OGC API's items, as its specification suggests.
const (
	ogcDefaultLimit = 100
	ogcMaxLimit     = 10000
)

// pageReader reads one page of a collection, emitting each feature's
// GeoJSON, and returns how many features match in all.
type pageReader func(emit func(feature []byte) error) (int64, error)

// ogcItems answers a collection's items: a page by offset, as GeoJSON
// streamed or as an HTML table.
func (s *Server) ogcItems(c echo.Context) error {
	col, err := collectionOf(c)
	if err != nil {
		return err
	}
	f, err := negotiate(c)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	if err := onlyParams(q, append([]string{"f", "bbox", "datetime", "limit", "offset"}, col.filters...)...); err != nil {
		return err
	}
	limit, err := queryLimit(q, ogcDefaultLimit, ogcMaxLimit)
	if err != nil {
		return err
	}
	offset, err := queryOffset(q)
	if err != nil {
		return err
	}
	bbox, err := queryBBox(q)
	if err != nil {
		return err
	}
	from, to, err := queryDatetime(q)
	if err != nil {
		return err
	}
	read, err := s.readerOf(c.Request().Context(), col, q, bbox, from, to, limit, offset)
	if err != nil {
		return err
	}
	path := "/collections/" + col.id + "/items"

	if f == formatHTML {
		var rows []htmlFeature
		matched, err := read(func(b []byte) error {
			hf, err := parseFeature(b)
			rows = append(rows, hf)
			return err
		})
		if err != nil {
			return fromStore(err)
		}
		links := pageLinks(c, path, f, limit, offset, len(rows), matched)
		return renderPage(c, itemsPage(c, col, rows, matched, offset, links))
	}
	fc := newCollection(c)
	matched, err := read(fc.add)
	if err != nil {
		if !fc.started {
			return fromStore(err)
		}
		return fc.abort(err)
	}
	return endPage(fc, matched, pageLinks(c, path, f, limit, offset, fc.n, matched), s.now())
}

// readerOf reads a collection's filters and returns the read of its page.
func (s *Server) readerOf(ctx context.Context, col ogcCollection, q url.Values, bbox *orb.Bound, from, to time.Time,
	limit, offset int) (pageReader, error) {
	pages, err := s.pages()
	if err != nil {
		return nil, err
	}
	oblast, err := queryCode(q, "oblast_code")
	if err != nil {
		return nil, err
	}
	hromada, err := queryCode(q, "hromada_code")
	if err != nil {
		return nil, err
	}
	switch col.id {
	case "sites":
		// A site's time is the day it was damaged: the days the span meets.
		f := site.Filter{BBox: bbox, Oblast: oblast, Hromada: hromada, Limit: limit, DamagedFrom: from.UTC(), DamagedTo: to.UTC()}
		for _, v := range list(q.Get("category")) {
			if err := site.Category(v).Validate(); err != nil {
				return nil, asQuery(err, "category")
			}
			f.Categories = append(f.Categories, site.Category(v))
		}
		for _, v := range list(q.Get("damage")) {
			if err := site.Damage(v).Validate(); err != nil {
				return nil, asQuery(err, "damage")
			}
			f.Damages = append(f.Damages, site.Damage(v))
		}
		verifications := list(q.Get("verification"))
		for _, v := range verifications {
			if v != "reported" && v != "verified" && v != "rejected" {
				return nil, invalidQuery("verification", "must be reported, verified or rejected", "має бути reported, verified або rejected")
			}
		}
		return func(emit func([]byte) error) (int64, error) {
			return pages.FindSitesPage(ctx, f, verifications, offset, emit)
		}, nil
	case "projects":
		f := project.Filter{BBox: bbox, Oblast: oblast, Hromada: hromada, Limit: limit}
		for _, v := range list(q.Get("state")) {
			if err := project.State(v).Validate("state"); err != nil {
				return nil, asQuery(err, "state")
			}
			f.States = append(f.States, project.State(v))
		}
		for _, v := range list(q.Get("sector")) {
			if err := project.Sector(v).Validate(); err != nil {
				return nil, asQuery(err, "sector")
			}
			f.Sectors = append(f.Sectors, project.Sector(v))
		}
		return func(emit func([]byte) error) (int64, error) {
			return pages.FindProjectsPage(ctx, f, from, to, offset, emit)
		}, nil
	}
	// Outlines have no time: datetime leaves them all.
	level := boundary.Oblast
	if col.id == "hromadas" {
		level = boundary.Hromada
	}
	return func(emit func([]byte) error) (int64, error) {
		return pages.FindUnitsPage(ctx, level, oblast, bbox, limit, offset, emit)
	}, nil
}

// fromStore names an unknown code by the filter that carried it.
func fromStore(err error) error {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return badRequest{domain.Invalid(ve.Field+"_code", ve.Reason, ve.ReasonUK)}
	}
	return err
}

// queryOffset reads offset: 0 when absent, else a whole number ≥ 0.
func queryOffset(q url.Values) (int, error) {
	v := q.Get("offset")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 1<<30 {
		return 0, invalidQuery("offset", "must be a whole number, 0 or more", "має бути цілим числом, 0 або більше")
	}
	return n, nil
}

// queryDatetime reads datetime: an instant, or an interval "start/end"
// with ".." or nothing for an open end, each an RFC 3339 date-time or a
// date, which stands for its whole day (UTC). Zero times are open ends.
func queryDatetime(q url.Values) (from, to time.Time, err error) {
	v := q.Get("datetime")
	if v == "" {
		return from, to, nil
	}
	bad := invalidQuery("datetime",
		`must be an RFC 3339 date-time or date, or an interval "start/end" of them with ".." for an open end, `+
			`such as 2022-02-24T04:00:00Z, 2022-02-24 or 2023-01-01/..`,
		`має бути датою-часом або датою за RFC 3339, або проміжком "початок/кінець" з них, де ".." — відкритий кінець, `+
			`як-от 2022-02-24T04:00:00Z, 2022-02-24 чи 2023-01-01/..`)
	start, end, interval := strings.Cut(v, "/")
	if !interval {
		first, last, ok := parseInstant(v)
		if !ok {
			return from, to, bad
		}
		return first, last, nil
	}
	open := func(s string) bool { return s == "" || s == ".." }
	if open(start) && open(end) {
		return from, to, bad
	}
	ok := true
	if !open(start) {
		from, _, ok = parseInstant(start)
	}
	if ok && !open(end) {
		_, to, ok = parseInstant(end)
	}
	if !ok {
		return time.Time{}, time.Time{}, bad
	}
	if !from.IsZero() && !to.IsZero() && from.After(to) {
		return from, to, invalidQuery("datetime", "the interval ends before it starts", "проміжок закінчується раніше, ніж починається")
	}
	return from, to, nil
}

// parseInstant reads a date-time (both results the same) or a date (its
// first and last microsecond, UTC).
func parseInstant(s string) (first, last time.Time, ok bool) {
	// GDAL's OAPIF driver sends a date it filters on as "2022-02-24T".
	if d, err := time.Parse(time.DateOnly, strings.TrimSuffix(strings.ToUpper(s), "T")); err == nil {
		return d, d.AddDate(0, 0, 1).Add(-time.Microsecond), true
	}
	// RFC 3339 allows t and z in lower case; a + that was not encoded in
	// the query arrives as a space.
	t, err := time.Parse(time.RFC3339Nano, strings.ReplaceAll(strings.ToUpper(s), " ", "+"))
	if err != nil {
		return first, last, false
	}
	return t.UTC(), t.UTC(), true
}

// pageLinks are a page's self and alternate, its neighbours by offset
// (of the same format) and its collection.
func pageLinks(c echo.Context, path string, f format, limit, offset, n int, matched int64) []ogcLink {
	links := selfLinks(c, path, f, geoJSON)
	typ, fv := geoJSON, "json"
	if f == formatHTML {
		typ, fv = mediaHTML, "html"
	}
	at := func(offset int) string {
		q := withParam(c.QueryParams(), "f", fv)
		q.Set("limit", strconv.Itoa(limit))
		q.Del("offset")
		if offset > 0 {
			q.Set("offset", strconv.Itoa(offset))
		}
		return ogcURL(c, path, q)
	}
	if int64(offset+n) < matched {
		links = append(links, ogcLink{Href: at(offset + limit), Rel: "next", Type: typ, Title: "Далі / Next"})
	}
	if offset > 0 {
		links = append(links, ogcLink{Href: at(max(offset-limit, 0)), Rel: "prev", Type: typ, Title: "Назад / Previous"})
	}
	col := strings.TrimSuffix(path, "/items")
	return append(links, ogcLink{Href: ogcURL(c, col, nil), Rel: "collection", Type: mediaJSON, Title: "Колекція / Collection"})
}

// endPage closes a streamed page with its counts, time and links.
func endPage(fc *collection, matched int64, links []ogcLink, now time.Time) error {
	if !fc.started {
		if err := fc.begin(); err != nil {
			return err
		}
	}
	w := fc.w
	w.WriteString(`],"numberMatched":` + strconv.FormatInt(matched, 10) + `,"numberReturned":` + strconv.Itoa(fc.n) +
		`,"timeStamp":"` + now.UTC().Format(time.RFC3339) + `","links":`) //nolint:errcheck // Flush reports it
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // keep & in URLs readable
	enc.Encode(links)        //nolint:errcheck // Flush reports it
	w.WriteString(`}`)       //nolint:errcheck
	return fc.finish()
}

// ogcItem answers one feature, with the links the specification asks of it.
func (s *Server) ogcItem(c echo.Context) error {
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
	feature, err := s.findFeature(c.Request().Context(), col, c.Param("feature"))
	if err != nil {
		return err
	}
	path := "/collections/" + col.id + "/items/" + url.PathEscape(c.Param("feature"))
	links := append(selfLinks(c, path, f, geoJSON),
		ogcLink{Href: ogcURL(c, "/collections/"+col.id, nil), Rel: "collection", Type: mediaJSON, Title: col.title.UK + " / " + col.title.EN})
	if f == formatHTML {
		hf, err := parseFeature(feature)
		if err != nil {
			return err
		}
		return renderPage(c, itemPage(c, col, hf, links))
	}
	ls, err := json.Marshal(links)
	if err != nil {
		return err
	}
	// The store's Feature, as every other output has it, with links.
	out := append(append(append(feature[:len(feature)-1:len(feature)-1], `,"links":`...), ls...), '}')
	return c.Blob(http.StatusOK, geoJSON, out)
}

// findFeature reads one feature through the store path of the API's own
// reads, so that it is what /api/v1 shows the same viewer.
func (s *Server) findFeature(ctx context.Context, col ogcCollection, id string) ([]byte, error) {
	switch col.id {
	case "sites", "projects":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n < 1 {
			return nil, domain.ErrNotFound
		}
		if col.id == "sites" {
			f, err := s.sites.FindSiteByID(ctx, n)
			return f.JSON, err
		}
		f, err := s.deps.Projects.FindProjectByID(ctx, n)
		return f.JSON, err
	}
	if !boundary.ValidCode(id) {
		return nil, domain.ErrNotFound
	}
	pages, err := s.pages()
	if err != nil {
		return nil, err
	}
	level := boundary.Oblast
	if col.id == "hromadas" {
		level = boundary.Hromada
	}
	return pages.FindUnitByCode(ctx, level, id)
}
