package httpapi

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/summary"
)

func (s *Server) unitRoutes(g *echo.Group) {
	get(g, "/oblasts", s.listOblasts)
	get(g, "/oblasts/:code/hromadas", s.listHromadas)
}

// simplifyBelow is the zoom under which the light outlines are drawn.
const simplifyBelow = 9

func (s *Server) listOblasts(c echo.Context) error {
	return s.serveAreas(c, "oblasts", func(ctx context.Context, o summary.Outline, f summary.Filter, fc *collection) error {
		return s.units.FindOblasts(ctx, o, f, fc.add)
	})
}

// serveAreas answers a list of areas with their figures under the
// request's filters and in its detail of outline, from memory until the
// data changes; what names the list in memory starts with what.
func (s *Server) serveAreas(c echo.Context, what string,
	find func(ctx context.Context, o summary.Outline, f summary.Filter, fc *collection) error,
) error {
	outline, err := outlineParam(c)
	if err != nil {
		return err
	}
	f, err := summaryFilter(c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v, err := s.units.SummaryVersion(ctx)
	if err != nil {
		return err
	}
	return s.summaries.serve(c, fmt.Sprintf("%s/%s?%v", what, outline, f), v, func(fc *collection) error {
		return find(ctx, outline, f, fc)
	})
}

// summaryFilter reads the selection the summaries count: the sites' and
// the projects' kind, date, gap and donor filters, with the lists' rules.
func summaryFilter(q url.Values) (summary.Filter, error) {
	sf, err := siteFilter(q)
	if err != nil {
		return summary.Filter{}, err
	}
	pf, err := projectFilter(q)
	if err != nil {
		return summary.Filter{}, err
	}
	return summary.Filter{Site: sf.KindOnly(), Project: pf.KindOnly()}, nil
}

func (s *Server) listHromadas(c echo.Context) error {
	code := c.Param("code")
	if !boundary.ValidCode(code) {
		return invalidQuery("code", "must be a KATOTTH code: UA and 17 digits", "має бути кодом КАТОТТГ: UA і 17 цифр")
	}
	return s.serveAreas(c, code, func(ctx context.Context, o summary.Outline, f summary.Filter, fc *collection) error {
		return s.units.FindHromadas(ctx, code, o, f, fc.add)
	})
}

// outlineParam reads geometry=false (no outlines), else an explicit
// simplified=true|false, else zoom (light outlines below zoom 9); with
// none of them the full outlines are sent.
func outlineParam(c echo.Context) (summary.Outline, error) {
	if v := c.QueryParam("geometry"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", invalidQuery("geometry", "must be true or false", "має бути true або false")
		}
		if !b {
			return summary.NoOutline, nil
		}
	}
	light := func(b bool) summary.Outline {
		if b {
			return summary.LightOutline
		}
		return summary.FullOutline
	}
	if v := c.QueryParam("simplified"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", invalidQuery("simplified", "must be true or false", "має бути true або false")
		}
		return light(b), nil
	}
	if v := c.QueryParam("zoom"); v != "" {
		z, err := strconv.ParseFloat(v, 64)
		if err != nil || z < 0 || z > 24 {
			return "", invalidQuery("zoom", "must be a number from 0 to 24", "має бути числом від 0 до 24")
		}
		return light(z < simplifyBelow), nil
	}
	return summary.FullOutline, nil
}
