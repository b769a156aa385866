// Package httpapi is Vidbudova's HTTP interface: routes, middleware,
// handlers and the one error mapper. Echo stays inside this package.
package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/export"
	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/history"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/progress"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/suggestion"
	"github.com/vidbudova/vidbudova/internal/summary"
	"github.com/vidbudova/vidbudova/internal/tile"
)

// Health tells whether the database is reachable and up to date.
type Health interface {
	Ping(ctx context.Context) error
	SchemaVersion(ctx context.Context) (version int64, dirty bool, err error)
}

// ClientConfig is what the map application needs to know of the server.
type ClientConfig struct {
	BasemapURL         string `json:"basemap_url"`
	BasemapAttribution string `json:"attribution"`
}

// Deps are what the server is built from.
type Deps struct {
	Sites        site.Store
	Units        summary.Store
	History      history.Store
	Health       Health
	SchemaLatest int64
	Frontend     fs.FS  // the built map application; nil serves none
	OpenAPI      []byte // the contract, served as is
	Client       ClientConfig
	Logger       *slog.Logger
	Now          func() time.Time

	// Projects and Organisations keep reconstruction projects and their funders.
	Projects      project.Store
	Organisations project.OrganisationStore
	// Funding keeps the money; Stats gives the national totals and series.
	Funding funding.Store
	Stats   Stats
	// Progress keeps projects' progress updates, Photos their photo files.
	Progress progress.Store
	Photos   photo.Store

	// Accounts keeps accounts, sessions and API tokens; Sessions says how
	// long a browser stays signed in.
	Accounts account.Store
	Sessions SessionPolicy
	// Suggestions keeps sites suggested by the public; PublicReports
	// lets anyone suggest one (off by default).
	Suggestions   suggestion.Store
	PublicReports bool
	// Rates keeps the official exchange rates.
	Rates interface {
		ImportRates(ctx context.Context, rows []money.RateRow) (inserted, updated int, err error)
	}
	// Tiles makes the map's vector tiles.
	Tiles tile.Store
	// Exports reads the open-data exports and feeds; Pages the OGC API's
	// pages of features.
	Exports export.Store
	Pages   FeaturePages
	// WritesPerMinute bounds each account's writes (DefaultWritesPerMinute).
	WritesPerMinute int
}

// SessionPolicy bounds a browser session: it ends after Idle without use,
// and after Max in any case.
type SessionPolicy struct {
	Idle, Max time.Duration
}

// Server handles Vidbudova's HTTP requests.
type Server struct {
	echo       *echo.Echo
	sites      site.Store
	units      summary.Store
	health     Health
	deps       Deps
	log        *slog.Logger
	summaries  *summaryCache
	photoSlots chan struct{} // bounds concurrent photo processing
	limits     limiters
}

// MaxBody is the largest request body accepted.
const MaxBody = "1M"

// New builds the server and its routes.
func New(d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.WritesPerMinute == 0 {
		d.WritesPerMinute = DefaultWritesPerMinute
	}
	if d.Sessions.Idle == 0 {
		d.Sessions = SessionPolicy{Idle: 12 * time.Hour, Max: 7 * 24 * time.Hour}
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	s := &Server{echo: e, sites: d.Sites, units: d.Units, health: d.Health, deps: d, log: d.Logger,
		photoSlots: make(chan struct{}, runtime.NumCPU()), limits: newLimiters(d.WritesPerMinute), summaries: newSummaryCache(64 << 20)}
	e.HTTPErrorHandler = errorHandler(d.Logger)
	e.Use(middleware.RequestID())
	e.Use(s.requestLog())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{DisableErrorHandler: false, LogErrorFunc: s.logPanic}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:      "0",
		ContentTypeNosniff: "nosniff",
		XFrameOptions:      "DENY",
		HSTSMaxAge:         31536000,
		// The map draws on canvas with workers from blob: URLs; an
		// optional basemap comes from an https tile server.
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob: https:; worker-src 'self' blob:; " +
			"child-src blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' https:; frame-ancestors 'none'",
		ReferrerPolicy: "strict-origin-when-cross-origin",
	}))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: 1, MinLength: 1024,
		// The build has compressed the assets already, at its best level (see static.go).
		Skipper: func(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/"+assetPrefix) },
	}))
	e.Use(s.authenticate)

	get(e, "/healthz", s.healthz)
	get(e, "/readyz", s.readyz)
	api := e.Group("/api/v1", middleware.BodyLimit(MaxBody))
	get(api, "/config", s.clientConfig)
	get(api, "/openapi.yaml", s.openapi)
	s.openapiJSONRoutes(e, api)
	s.siteRoutes(api)
	s.unitRoutes(api)
	s.projectRoutes(api)
	s.organisationRoutes(api)
	s.fundingRoutes(api)
	s.progressRoutes(e)
	s.accountRoutes(api)
	s.suggestionRoutes(api)
	get(api, "/stats", s.stats)
	s.tileRoutes(e)
	s.exportRoutes(e, api)
	s.ogcRoutes(e)
	s.rateRoutes(e)
	api.Any("/*", func(echo.Context) error { return echo.ErrNotFound })
	if d.Frontend != nil {
		get(e, "/*", s.static(d.Frontend))
	}
	return s
}

// ServeHTTP lets the server be used as an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Routes lists "METHOD /path" of every API route, for the contract test.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.echo.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func (s *Server) now() time.Time { return s.deps.Now() }

// router is what Echo and its groups share for registering routes.
type router interface {
	Match(methods []string, path string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) []*echo.Route
}

// get registers a read that answers HEAD too, as RFC 9110 asks: net/http
// sends the headers of a HEAD response and drops its body.
func get(r router, path string, h echo.HandlerFunc) {
	r.Match([]string{http.MethodGet, http.MethodHead}, path, h)
}

func (s *Server) clientConfig(c echo.Context) error {
	return c.JSON(http.StatusOK, s.deps.Client)
}

func (s *Server) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", s.deps.OpenAPI)
}

func (s *Server) requestLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true, LogError: true,
		HandleError: false,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelDebug
			if v.Status >= 500 {
				level = slog.LevelWarn
			}
			s.log.Log(c.Request().Context(), level, "request", "method", v.Method, "uri", v.URI, "status", v.Status,
				"latency_ms", v.Latency.Milliseconds(), "request_id", v.RequestID)
			return nil
		},
	})
}

func (s *Server) logPanic(c echo.Context, err error, stack []byte) error {
	s.log.Error("panic", "err", err, "path", c.Request().URL.Path,
		"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "stack", string(stack))
	return err
}
