package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/site"
)

func (s *Server) suggestionRoutes(g *echo.Group) {
	g.POST("/suggestions", s.createSuggestion)
	get(g, "/suggestions", s.listSuggestions)
	g.POST("/suggestions/:id/decision", s.decideSuggestion)
	g.POST("/sites/:id/verification", s.verifySite)
	g.POST("/projects/:id/verification", s.verifyProject)
}

// createSuggestion takes a site suggested by anyone, when the server
// allows that; otherwise the route does not exist.
func (s *Server) createSuggestion(c echo.Context) error {
	if !s.deps.PublicReports {
		return echo.ErrNotFound
	}
	if ok, _ := s.limits.suggestions.Allow(c.RealIP()); !ok {
		return tooMany(c, suggestionsPerAddress, "Too many suggestions from this address; try again in an hour.",
			"Забагато пропозицій з цієї адреси; спробуйте за годину.")
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	d, err := decodeDraft(body, s.now())
	if err != nil {
		return err
	}
	r, err := s.deps.Suggestions.CreateSuggestion(c.Request().Context(), d)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusAccepted, r)
}

func (s *Server) listSuggestions(c echo.Context) error {
	list, err := s.deps.Suggestions.FindSuggestions(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"suggestions": list})
}

func (s *Server) decideSuggestion(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return invalidQuery("id", "a suggestion id is a positive whole number", "ідентифікатор пропозиції — додатне ціле число")
	}
	v, err := decodeVerification(c)
	if err != nil {
		return err
	}
	out, err := s.deps.Suggestions.DecideSuggestion(c.Request().Context(), id, v)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func decodeVerification(c echo.Context) (site.Verification, error) {
	var in struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return site.Verification{}, err
	}
	v := site.Verification{Decision: in.Decision, Reason: in.Reason}
	return v, v.Validate()
}

// verifySite records a moderator's decision on a site, for the version
// the moderator saw (If-Match).
func (s *Server) verifySite(c echo.Context) error {
	return changeOne(c, siteID, decodeVerification, s.sites.VerifySite, writeFeature)
}

func (s *Server) verifyProject(c echo.Context) error {
	return changeOne(c, projectID, decodeVerification, s.deps.Projects.VerifyProject, writeProject)
}
