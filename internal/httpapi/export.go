package httpapi

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/export"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// Open data: the whole selection of a list as one file, streamed, in the
// formats others read. Each export takes its list's filters and shows what
// the list shows to the same viewer.

// exportRoutes registers the exports, the feeds and the API reference.
func (s *Server) exportRoutes(e *echo.Echo, api *echo.Group) {
	get(api, "/export/sites.csv", s.exportSitesCSV)
	get(api, "/export/sites.geojson", s.exportSitesGeoJSON)
	get(api, "/export/projects.csv", s.exportProjectsCSV)
	get(api, "/export/projects.geojson", s.exportProjectsGeoJSON)
	get(api, "/export/oc4ids.json", s.exportOC4IDS)
	get(api, "/export/iati/:id.xml", s.exportIATI)
	s.feedRoutes(api)
	s.docsRoutes(e)
}

// Media types of the exports.
const (
	csvType  = "text/csv; charset=utf-8"
	xmlType  = "application/xml; charset=utf-8"
	jsonType = "application/json; charset=utf-8"
)

// download is an attachment response that begins with its first byte, so
// that an error found before it (an unknown oblast) is still a problem
// response, and once begun is cut off by an error, never left looking
// complete.
type download struct {
	c           echo.Context
	contentType string
	filename    string
	started     bool
	rows        int
}

// exportWindow is how long the client may take over each exportStride
// rows. The server's write timeout bounds a whole response, and a large
// export to a slow line takes longer than that; an export instead may go
// on as long as the client keeps reading, and a client that stops is cut
// off before it holds a database connection for long.
const (
	exportWindow = 2 * time.Minute
	exportStride = 10_000
)

// row counts a row written and moves the write deadline on every
// exportStride rows.
func (d *download) row() {
	if d.rows%exportStride == 0 {
		// Not every writer can (a test recorder); those keep the server's timeout.
		http.NewResponseController(d.c.Response()).SetWriteDeadline(time.Now().Add(exportWindow)) //nolint:errcheck
	}
	d.rows++
}

func (s *Server) download(c echo.Context, contentType, name, ext string) *download {
	return &download{c: c, contentType: contentType,
		filename: "vidbudova-" + name + "-" + s.now().UTC().Format(time.DateOnly) + "." + ext}
}

func (d *download) header() {
	h := d.c.Response().Header()
	h.Set(echo.HeaderContentType, d.contentType)
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+d.filename+`"`)
}

// begin sends the status and headers and returns the body's writer.
func (d *download) begin() *echo.Response {
	if !d.started {
		d.started = true
		d.header()
		d.c.Response().WriteHeader(http.StatusOK)
	}
	return d.c.Response()
}

// head answers a HEAD request with the headers alone: an export is not
// made to be thrown away.
func (d *download) head() bool {
	if d.c.Request().Method != http.MethodHead {
		return false
	}
	d.header()
	d.c.Response().WriteHeader(http.StatusOK)
	return true
}

// fail ends the response after an error: a problem response before the
// first byte, a cut connection after it.
func (d *download) fail(err error) error {
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		err = badRequest{ve} // an unknown oblast or hromada in the query
	}
	if d.started {
		panic(http.ErrAbortHandler)
	}
	return err
}

// apiBase is the API's absolute address, for links in the exports.
func apiBase(c echo.Context) string {
	u := requestURL(c)
	return u.Scheme + "://" + u.Host + "/api/v1"
}

// exportSiteFilter and exportProjectFilter read a list's filters; an
// export takes them all and has no pages.
func exportSiteFilter(q url.Values) (site.Filter, error) {
	f, err := siteFilter(q)
	f.Limit, f.After = 0, 0
	return f, err
}

func exportProjectFilter(q url.Values) (project.Filter, error) {
	f, err := projectFilter(q)
	f.Limit, f.After = 0, nil
	return f, err
}

// hxl reads the hxl parameter: 1 or true adds the row of HXL hashtags.
func hxl(q url.Values) (bool, error) {
	switch q.Get("hxl") {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, invalidQuery("hxl", "must be 1 (add the row of HXL hashtags) or 0", "має бути 1 (додати рядок хештегів HXL) або 0")
}

func (s *Server) exportSitesCSV(c echo.Context) error {
	f, err := exportSiteFilter(c.QueryParams())
	if err != nil {
		return err
	}
	return writeCSV(s, c, "sites", export.SiteColumns, (*export.CSV).WriteSite,
		func(emit func(*site.Site) error) error {
			return s.deps.Exports.ExportSites(c.Request().Context(), f, emit)
		})
}

// writeCSV streams rows of one kind as CSV: the header (and HXL tags when
// asked) goes out with the first row, or alone for an empty selection.
func writeCSV[T any](s *Server, c echo.Context, name string, cols []export.Column,
	write func(*export.CSV, T, string) error, rows func(emit func(T) error) error) error {
	tags, err := hxl(c.QueryParams())
	if err != nil {
		return err
	}
	d := s.download(c, csvType, name, "csv")
	if d.head() {
		return nil
	}
	base := apiBase(c)
	var t *export.CSV
	err = rows(func(v T) error {
		if t == nil {
			t = export.NewCSV(d.begin(), cols, tags)
		}
		d.row()
		return write(t, v, base)
	})
	if err != nil {
		return d.fail(err)
	}
	if t == nil {
		t = export.NewCSV(d.begin(), cols, tags)
	}
	return t.Flush()
}

func (s *Server) exportSitesGeoJSON(c echo.Context) error {
	f, err := exportSiteFilter(c.QueryParams())
	if err != nil {
		return err
	}
	return writeGeoJSON(s, c, "sites",
		func(buf []byte, v *site.Site) ([]byte, error) { return v.AppendGeoJSON(buf), nil },
		func(emit func(*site.Site) error) error {
			return s.deps.Exports.ExportSites(c.Request().Context(), f, emit)
		})
}

// writeGeoJSON streams rows of one kind as a FeatureCollection, each as its
// list shows it.
func writeGeoJSON[T any](s *Server, c echo.Context, name string,
	appendFeature func([]byte, T) ([]byte, error), rows func(emit func(T) error) error) error {
	d := s.download(c, geoJSON, name, "geojson")
	if d.head() {
		return nil
	}
	fc := newCollection(c)
	var buf []byte
	err := rows(func(v T) error {
		if !fc.started {
			d.header()
		}
		d.row()
		var err error
		if buf, err = appendFeature(buf[:0], v); err != nil {
			return err
		}
		return fc.add(buf)
	})
	if err != nil {
		d.started = fc.started
		return d.fail(err)
	}
	d.header()
	return fc.end([]link{{Href: requestURL(c).String(), Rel: "self", Type: geoJSON}})
}

func (s *Server) exportProjectsCSV(c echo.Context) error {
	f, err := exportProjectFilter(c.QueryParams())
	if err != nil {
		return err
	}
	return writeCSV(s, c, "projects", export.ProjectColumns, (*export.CSV).WriteProject,
		func(emit func(*export.Project) error) error {
			return s.deps.Exports.ExportProjects(c.Request().Context(), f, emit)
		})
}

func (s *Server) exportProjectsGeoJSON(c echo.Context) error {
	f, err := exportProjectFilter(c.QueryParams())
	if err != nil {
		return err
	}
	return writeGeoJSON(s, c, "projects",
		func(buf []byte, p *export.Project) ([]byte, error) { return p.AppendGeoJSON(buf, false) },
		func(emit func(*export.Project) error) error {
			return s.deps.Exports.ExportProjects(c.Request().Context(), f, emit)
		})
}

func (s *Server) exportOC4IDS(c echo.Context) error {
	f, err := exportProjectFilter(c.QueryParams())
	if err != nil {
		return err
	}
	d := s.download(c, jsonType, "oc4ids", "json")
	if d.head() {
		return nil
	}
	var pkg *export.OC4IDS
	err = s.deps.Exports.ExportProjects(c.Request().Context(), f, func(p *export.Project) error {
		if pkg == nil {
			pkg = export.NewOC4IDS(d.begin(), apiBase(c))
		}
		d.row()
		return pkg.Project(p)
	})
	if err != nil {
		return d.fail(err)
	}
	if pkg == nil {
		pkg = export.NewOC4IDS(d.begin(), apiBase(c))
	}
	return pkg.Close(requestURL(c).String(), s.now())
}

// exportIATI answers GET /export/iati/{id}.xml: the IATI activities of one
// organisation, the projects it gave money to.
func (s *Server) exportIATI(c echo.Context) error {
	raw, ok := strings.CutSuffix(c.Param("id.xml"), ".xml")
	if !ok {
		return echo.ErrNotFound
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return invalidQuery("id", "an organisation id is a positive whole number", "ідентифікатор організації — додатне ціле число")
	}
	ctx := c.Request().Context()
	org, err := s.deps.Organisations.FindOrganisationByID(ctx, id)
	if err != nil {
		return err
	}
	if org.IATIOrgID == nil {
		return localProblem{status: http.StatusNotFound,
			en: "This organisation has no IATI organisation identifier, so it has no IATI file: an administrator can add the identifier.",
			uk: "Ця організація не має ідентифікатора IATI, тож файлу IATI в неї немає: адміністратор може додати ідентифікатор."}
	}
	d := s.download(c, xmlType, "iati-"+strconv.FormatInt(id, 10), "xml")
	if d.head() {
		return nil
	}
	var file *export.IATI
	start := func() error {
		var err error
		file, err = export.NewIATI(d.begin(), org, apiBase(c), s.now())
		return err
	}
	err = s.deps.Exports.ExportProjects(ctx, project.Filter{Donor: id, Sort: project.SortDate}, func(p *export.Project) error {
		if file == nil {
			if err := start(); err != nil {
				return err
			}
		}
		d.row()
		return file.Activity(p)
	})
	if err != nil {
		return d.fail(err)
	}
	if file == nil {
		if err := start(); err != nil {
			return d.fail(err)
		}
	}
	return file.Close()
}
