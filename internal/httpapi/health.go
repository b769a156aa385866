package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// healthz says the process is alive.
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether requests can be served: the database answers and
// its schema is the one this binary expects.
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	// Operators read this; the detail stays in English, the title follows
	// the language asked for like every other problem.
	fail := func(detail string) error {
		t := statusTitles[http.StatusServiceUnavailable]
		writeProblem(c, problem{Type: "about:blank", Status: http.StatusServiceUnavailable,
			Title: pick(english(c.Request()), t.en, t.uk), Detail: detail, Instance: c.Request().URL.Path})
		return nil
	}
	if err := s.health.Ping(ctx); err != nil {
		return fail("the database does not answer")
	}
	v, dirty, err := s.health.SchemaVersion(ctx)
	if err != nil {
		return fail("the database has no schema yet: run `vidbudova migrate up`")
	}
	if dirty || v != s.deps.SchemaLatest {
		return fail(fmt.Sprintf("the database schema is at version %d (dirty %t), this server needs %d: run `vidbudova migrate up`",
			v, dirty, s.deps.SchemaLatest))
	}
	return c.JSON(http.StatusOK, map[string]any{"status": "ready", "schema_version": v})
}
