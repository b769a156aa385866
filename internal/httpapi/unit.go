package httpapi

import (
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/boundary"
)

func (s *Server) unitRoutes(g *echo.Group) {
	get(g, "/oblasts", s.listOblasts)
	get(g, "/oblasts/:code/hromadas", s.listHromadas)
}

// simplifyBelow is the zoom under which the light outlines are drawn.
const simplifyBelow = 9

func (s *Server) listOblasts(c echo.Context) error {
	simplified, err := simplifiedParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := s.units.SummaryVersion(ctx)
	if err != nil {
		return err
	}
	return s.summaries.serve(c, "oblasts/"+strconv.FormatBool(simplified), v, func(fc *collection) error {
		return s.units.FindOblasts(ctx, simplified, fc.add)
	})
}

func (s *Server) listHromadas(c echo.Context) error {
	code := c.Param("code")
	if !boundary.ValidCode(code) {
		return invalidQuery("code", "must be a KATOTTH code: UA and 17 digits", "має бути кодом КАТОТТГ: UA і 17 цифр")
	}
	simplified, err := simplifiedParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := s.units.SummaryVersion(ctx)
	if err != nil {
		return err
	}
	return s.summaries.serve(c, code+"/"+strconv.FormatBool(simplified), v, func(fc *collection) error {
		return s.units.FindHromadas(ctx, code, simplified, fc.add)
	})
}

// simplifiedParam reads zoom (light outlines below zoom 9) or an explicit
// simplified=true|false; with neither the full outlines are sent.
func simplifiedParam(c echo.Context) (bool, error) {
	if v := c.QueryParam("simplified"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, invalidQuery("simplified", "must be true or false", "має бути true або false")
		}
		return b, nil
	}
	if v := c.QueryParam("zoom"); v != "" {
		z, err := strconv.ParseFloat(v, 64)
		if err != nil || z < 0 || z > 24 {
			return false, invalidQuery("zoom", "must be a number from 0 to 24", "має бути числом від 0 до 24")
		}
		return z < simplifyBelow, nil
	}
	return false, nil
}

// stats serves the national totals and the monthly series, from memory
// while the counts behind them hold (as the unit summaries).
func (s *Server) stats(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.units.SummaryVersion(ctx)
	if err != nil {
		return err
	}
	return s.summaries.serveJSON(c, "stats", v, func() ([]byte, error) { return s.deps.Stats.Stats(ctx) })
}
