package httpapi

import (
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/history"
	"github.com/vidbudova/vidbudova/internal/site"
)

func (s *Server) siteRoutes(g *echo.Group) {
	get(g, "/sites", s.listSites)
	g.POST("/sites", s.createSite)
	get(g, "/sites/:id", s.getSite)
	g.PATCH("/sites/:id", s.patchSite)
	g.DELETE("/sites/:id", s.deleteSite)
	get(g, "/sites/:id/history", s.objectHistory(history.Site, siteID))
}

func (s *Server) createSite(c echo.Context) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	d, err := decodeDraft(body, s.now())
	if err != nil {
		return err
	}
	var key *site.IdempotencyKey
	if k := c.Request().Header.Get("Idempotency-Key"); k != "" {
		if len(k) > 200 {
			return invalidQuery("Idempotency-Key", "the key is longer than 200 characters", "ключ довший за 200 символів")
		}
		sum := sha256.Sum256(body)
		key = &site.IdempotencyKey{Key: k, RequestHash: sum[:]}
	}
	f, created, err := s.sites.CreateSite(c.Request().Context(), d, key)
	if err != nil {
		return err
	}
	if !created {
		c.Response().Header().Set("Idempotent-Replayed", "true")
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/sites/"+strconv.FormatInt(f.ID, 10))
	return writeFeature(c, http.StatusCreated, f)
}

func (s *Server) getSite(c echo.Context) error {
	id, err := siteID(c)
	if err != nil {
		return err
	}
	f, err := s.sites.FindSiteByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if tag := etag(f.Version); noneMatch(c, tag) {
		c.Response().Header().Set("ETag", tag)
		return c.NoContent(http.StatusNotModified)
	}
	if f, err = s.withPhotos(c.Request().Context(), f); err != nil {
		return err
	}
	return writeFeature(c, http.StatusOK, f)
}

func (s *Server) patchSite(c echo.Context) error {
	decode := jsonBody(func(body []byte) (site.Patch, error) { return decodePatch(body, s.now()) })
	return changeOne(c, siteID, decode, s.sites.UpdateSite, writeFeature)
}

func (s *Server) deleteSite(c echo.Context) error {
	id, err := siteID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	photos, err := s.sites.DeleteSite(c.Request().Context(), id, version)
	if err != nil {
		return err
	}
	s.removePhotoFiles(c, photos...)
	return c.NoContent(http.StatusNoContent)
}

// errPageFull stops the list once one site past the page has shown that a
// next page exists.
var errPageFull = errors.New("page full")

func (s *Server) listSites(c echo.Context) error {
	f, err := siteFilter(c.QueryParams())
	if err != nil {
		return err
	}
	limit := f.Limit
	f.Limit++
	fc := newCollection(c)
	more := false
	var last int64
	_, _, err = s.sites.FindSites(c.Request().Context(), f, func(id int64, feature []byte) error {
		if fc.n == limit {
			more = true
			return errPageFull
		}
		last = id
		return fc.add(feature)
	})
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return badRequest{ve} // an unknown oblast or hromada in the query
	}
	if err != nil && !errors.Is(err, errPageFull) {
		return fc.abort(err)
	}
	self := requestURL(c)
	links := []link{{Href: self.String(), Rel: "self", Type: geoJSON}}
	if more {
		q := self.Query()
		q.Set("cursor", strconv.FormatInt(last, 10))
		next := *self
		next.RawQuery = q.Encode()
		links = append(links, link{Href: next.String(), Rel: "next", Type: geoJSON})
	}
	return fc.end(links)
}

// siteFilter reads the list's query parameters.
func siteFilter(q url.Values) (site.Filter, error) {
	f := site.Filter{Limit: site.DefaultLimit}
	var err error
	if f.BBox, err = queryBBox(q); err != nil {
		return f, err
	}
	if f.Limit, err = queryLimit(q, site.DefaultLimit, site.MaxLimit); err != nil {
		return f, err
	}
	if f.After, err = queryCursor(q, 0); err != nil {
		return f, err
	}
	if f.Oblast, err = queryCode(q, "oblast"); err != nil {
		return f, err
	}
	if f.Hromada, err = queryCode(q, "hromada"); err != nil {
		return f, err
	}
	for _, v := range list(q.Get("category")) {
		c := site.Category(v)
		if err := c.Validate(); err != nil {
			return f, asQuery(err, "category")
		}
		f.Categories = append(f.Categories, c)
	}
	for _, v := range list(q.Get("damage")) {
		d := site.Damage(v)
		if err := d.Validate(); err != nil {
			return f, asQuery(err, "damage")
		}
		f.Damages = append(f.Damages, d)
	}
	if f.DamagedFrom, err = queryDay(q, "damaged_from"); err != nil {
		return f, err
	}
	if f.DamagedTo, err = queryDay(q, "damaged_to"); err != nil {
		return f, err
	}
	if !f.DamagedFrom.IsZero() && f.DamagedTo.Before(f.DamagedFrom) && !f.DamagedTo.IsZero() {
		return f, invalidQuery("damaged_to", "is before damaged_from", "раніше за damaged_from")
	}
	if v := strings.TrimSpace(q.Get("q")); v != "" {
		if len([]rune(v)) > 200 {
			return f, invalidQuery("q", "the search text is longer than 200 characters", "текст пошуку довший за 200 символів")
		}
		f.Q = v
	}
	return f, nil
}

func asQuery(err error, field string) error {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return badRequest{domain.Invalid(field, ve.Reason, ve.ReasonUK)}
	}
	return err
}

func list(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

func siteID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, invalidQuery("id", "a site id is a positive whole number", "ідентифікатор об'єкта — додатне ціле число")
	}
	return id, nil
}

func etag(version int) string { return `"v` + strconv.Itoa(version) + `"` }

// noneMatch reports whether If-None-Match names tag (weakly, as RFC 9110
// asks for GET), or is "*".
func noneMatch(c echo.Context, tag string) bool {
	for _, t := range strings.Split(c.Request().Header.Get("If-None-Match"), ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// ifMatch reads the version a write is conditional on; 0 means any ("*").
// A write without it is refused (428, RFC 6585): two editors working from
// the same reading must never overwrite each other silently. "*" says "any
// version" on purpose.
func ifMatch(c echo.Context) (int, error) {
	v := c.Request().Header.Get("If-Match")
	if v == "" {
		return 0, errPreconditionRequired
	}
	if v == "*" {
		return 0, nil
	}
	v = strings.TrimPrefix(v, "W/")
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(v, `"v`), `"`))
	if err != nil || n < 1 {
		return 0, invalidQuery("If-Match", `must be an ETag this server gave out, such as "v3"`, `має бути ETag, виданим цим сервером, як-от "v3"`)
	}
	return n, nil
}

func writeFeature(c echo.Context, status int, f site.Feature) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, geoJSON)
	h.Set("ETag", etag(f.Version))
	c.Response().WriteHeader(status)
	_, err := c.Response().Write(f.JSON)
	return err
}

// changeOne answers a change of one stored object, checking the request
// in the order every such write does: the object's id, the version the
// client saw (If-Match), the body, then the change in the store; it
// answers the object as it now is.
func changeOne[In, Out any](c echo.Context, idOf func(echo.Context) (int64, error), decode func(echo.Context) (In, error),
	change func(ctx context.Context, id int64, in In, ifVersion int) (Out, error), write func(echo.Context, int, Out) error,
) error {
	id, err := idOf(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode(c)
	if err != nil {
		return err
	}
	out, err := change(c.Request().Context(), id, in, version)
	if err != nil {
		return err
	}
	return write(c, http.StatusOK, out)
}

// jsonBody reads a request's JSON body (readBody) and decodes it.
func jsonBody[T any](decode func(body []byte) (T, error)) func(echo.Context) (T, error) {
	return func(c echo.Context) (T, error) {
		body, err := readBody(c)
		if err != nil {
			var zero T
			return zero, err
		}
		return decode(body)
	}
}

// readBody reads a request body; the body limit middleware has already
// bounded its size.
func readBody(c echo.Context) ([]byte, error) {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct != "" && !strings.Contains(ct, "json") {
		return nil, echo.NewHTTPError(http.StatusUnsupportedMediaType,
			"send GeoJSON: Content-Type application/geo+json, application/json or application/merge-patch+json")
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, echo.ErrStatusRequestEntityTooLarge
		}
		return nil, err
	}
	return body, nil
}

// requestURL is the absolute URL of the request, for links.
func requestURL(c echo.Context) *url.URL {
	u := *c.Request().URL
	u.Scheme = c.Scheme()
	u.Host = c.Request().Host
	return &u
}
