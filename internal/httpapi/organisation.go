package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/project"
)

func (s *Server) organisationRoutes(g *echo.Group) {
	get(g, "/organisations", s.listOrganisations)
	g.POST("/organisations", s.createOrganisation)
	get(g, "/organisations/:id", s.getOrganisation)
}

// organisationPage is an organisation with its portfolio: the projects it
// funds.
type organisationPage struct {
	project.Organisation
	Projects []project.PortfolioItem `json:"projects"`
}

func (s *Server) createOrganisation(c echo.Context) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	d, err := decodeOrganisationDraft(body)
	if err != nil {
		return err
	}
	o, err := s.deps.Organisations.CreateOrganisation(c.Request().Context(), d)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/organisations/"+strconv.FormatInt(o.ID, 10))
	c.Response().Header().Set("ETag", etag(o.Version))
	// A new organisation funds nothing yet.
	return c.JSON(http.StatusCreated, organisationPage{Organisation: o, Projects: []project.PortfolioItem{}})
}

func (s *Server) getOrganisation(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return invalidQuery("id", "an organisation id is a positive whole number", "ідентифікатор організації — додатне ціле число")
	}
	ctx := c.Request().Context()
	o, err := s.deps.Organisations.FindOrganisationByID(ctx, id)
	if err != nil {
		return err
	}
	items, err := s.deps.Organisations.FindPortfolio(ctx, id)
	if err != nil {
		return err
	}
	// The version is the organisation's own; the portfolio changes with
	// funding, so no If-None-Match shortcut is taken here.
	c.Response().Header().Set("ETag", etag(o.Version))
	return c.JSON(http.StatusOK, organisationPage{Organisation: o, Projects: items})
}

func (s *Server) listOrganisations(c echo.Context) error {
	f, err := organisationFilter(c.QueryParams())
	if err != nil {
		return err
	}
	limit := f.Limit
	f.Limit++
	list, err := s.deps.Organisations.FindOrganisations(c.Request().Context(), f)
	if err != nil {
		return err
	}
	self := requestURL(c)
	links := []link{{Href: self.String(), Rel: "self", Type: echo.MIMEApplicationJSON}}
	if len(list) > limit {
		list = list[:limit]
		q := self.Query()
		q.Set("cursor", strconv.FormatInt(list[limit-1].ID, 10))
		next := *self
		next.RawQuery = q.Encode()
		links = append(links, link{Href: next.String(), Rel: "next", Type: echo.MIMEApplicationJSON})
	}
	return c.JSON(http.StatusOK, struct {
		Organisations  []project.Organisation `json:"organisations"`
		NumberReturned int                    `json:"numberReturned"`
		Links          []link                 `json:"links"`
	}{list, len(list), links})
}

// organisationFilter reads the list's query parameters.
func organisationFilter(q url.Values) (project.OrganisationFilter, error) {
	f := project.OrganisationFilter{Limit: project.DefaultLimit}
	var err error
	if f.Limit, err = queryLimit(q, project.DefaultLimit, project.MaxLimit); err != nil {
		return f, err
	}
	if f.After, err = queryCursor(q, 0); err != nil {
		return f, err
	}
	for _, v := range list(q.Get("kind")) {
		k := project.Kind(v)
		if err := k.Validate("kind"); err != nil {
			return f, asQuery(err, "kind")
		}
		f.Kinds = append(f.Kinds, k)
	}
	if v := q.Get("country"); v != "" {
		if len(v) != 2 || strings.ToUpper(v) != v {
			return f, invalidQuery("country", "must be an ISO 3166-1 alpha-2 country code such as PL or DE",
				"має бути кодом країни ISO 3166-1 alpha-2, як-от PL чи DE")
		}
		f.Country = v
	}
	if v := strings.TrimSpace(q.Get("q")); v != "" {
		if len([]rune(v)) > 200 {
			return f, invalidQuery("q", "the search text is longer than 200 characters", "текст пошуку довший за 200 символів")
		}
		f.Q = v
	}
	return f, nil
}
