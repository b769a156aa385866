package httpapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/export"
)

// feedLength is how many changes a feed carries, newest first.
const feedLength = 50

// atomType is the media type of Atom feeds (RFC 4287).
const atomType = "application/atom+xml; charset=utf-8"

func (s *Server) feedRoutes(g *echo.Group) {
	get(g, "/feeds/hromadas/:code.atom", s.feed(export.OfHromada, "code.atom"))
	get(g, "/feeds/oblasts/:code.atom", s.feed(export.OfOblast, "code.atom"))
	get(g, "/feeds/organisations/:id.atom", s.feed(export.OfOrganisation, "id.atom"))
	get(g, "/feeds/projects/:id.atom", s.feed(export.OfProject, "id.atom"))
}

// feed answers GET /feeds/{kind}/{code or id}.atom: the latest changes of
// the sites, projects, funding and progress updates of a place, an
// organisation or a project, as the viewer may see them.
func (s *Server) feed(kind export.SubjectKind, param string) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, ok := strings.CutSuffix(c.Param(param), ".atom")
		if !ok {
			return echo.ErrNotFound
		}
		subject := export.Subject{Kind: kind}
		switch kind {
		case export.OfHromada, export.OfOblast:
			if !boundary.ValidCode(v) {
				return invalidQuery("code", "must be a KATOTTH code: UA and 17 digits", "має бути кодом КАТОТТГ: UA і 17 цифр")
			}
			subject.Code = v
		default:
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || id < 1 {
				return invalidQuery("id", "an id is a positive whole number", "ідентифікатор — додатне ціле число")
			}
			subject.ID = id
		}
		changes, err := s.deps.Exports.FindChanges(c.Request().Context(), subject, feedLength)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentType, atomType)
		c.Response().WriteHeader(http.StatusOK)
		if c.Request().Method == http.MethodHead {
			return nil
		}
		return export.WriteAtom(c.Response(), export.Feed{Subject: subject, Self: requestURL(c).String(),
			Base: apiBase(c), Changes: changes, Now: s.now()})
	}
}
