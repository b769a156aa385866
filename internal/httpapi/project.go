package httpapi

import (
	"crypto/sha256"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/history"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

func (s *Server) projectRoutes(g *echo.Group) {
	get(g, "/projects", s.listProjects)
	g.POST("/projects", s.createProject)
	get(g, "/projects/:id", s.getProject)
	g.PATCH("/projects/:id", s.patchProject)
	g.DELETE("/projects/:id", s.deleteProject)
	g.POST("/projects/:id/transitions", s.transitionProject)
	get(g, "/projects/:id/history", s.objectHistory(history.Project, projectID))
}

func (s *Server) createProject(c echo.Context) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	d, err := decodeProjectDraft(body)
	if err != nil {
		return err
	}
	var key *project.IdempotencyKey
	if k := c.Request().Header.Get("Idempotency-Key"); k != "" {
		if len(k) > 200 {
			return invalidQuery("Idempotency-Key", "the key is longer than 200 characters", "ключ довший за 200 символів")
		}
		sum := sha256.Sum256(body)
		key = &project.IdempotencyKey{Key: k, RequestHash: sum[:]}
	}
	f, created, err := s.deps.Projects.CreateProject(c.Request().Context(), d, key)
	if err != nil {
		return err
	}
	if !created {
		c.Response().Header().Set("Idempotent-Replayed", "true")
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/projects/"+strconv.FormatInt(f.ID, 10))
	return writeProject(c, http.StatusCreated, f)
}

func (s *Server) getProject(c echo.Context) error {
	id, err := projectID(c)
	if err != nil {
		return err
	}
	f, err := s.deps.Projects.FindProjectByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	if tag := etag(f.Version); noneMatch(c, tag) {
		c.Response().Header().Set("ETag", tag)
		return c.NoContent(http.StatusNotModified)
	}
	return writeProject(c, http.StatusOK, f)
}

func (s *Server) patchProject(c echo.Context) error {
	return changeOne(c, projectID, jsonBody(decodeProjectPatch), s.deps.Projects.UpdateProject, writeProject)
}

func (s *Server) transitionProject(c echo.Context) error {
	return changeOne(c, projectID, jsonBody(decodeTransition), s.deps.Projects.TransitionProject, writeProject)
}

func (s *Server) deleteProject(c echo.Context) error {
	id, err := projectID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	photos, err := s.deps.Projects.DeleteProject(c.Request().Context(), id, version)
	if err != nil {
		return err
	}
	s.removePhotoFiles(c, photos...)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listProjects(c echo.Context) error {
	f, err := projectFilter(c.QueryParams())
	if err != nil {
		return err
	}
	limit := f.Limit
	f.Limit++
	fc := newCollection(c)
	more := false
	var last project.Cursor
	_, err = s.deps.Projects.FindProjects(c.Request().Context(), f, func(cur project.Cursor, feature []byte) error {
		if fc.n == limit {
			more = true
			return errPageFull
		}
		last = cur
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
		q.Set("cursor", formatCursor(f.Sort, last))
		next := *self
		next.RawQuery = q.Encode()
		links = append(links, link{Href: next.String(), Rel: "next", Type: geoJSON})
	}
	return fc.end(links)
}

// projectFilter reads the list's query parameters.
func projectFilter(q url.Values) (project.Filter, error) {
	f := project.Filter{Limit: project.DefaultLimit, Sort: project.SortDate}
	var err error
	if f.BBox, err = queryBBox(q); err != nil {
		return f, err
	}
	if f.Limit, err = queryLimit(q, project.DefaultLimit, project.MaxLimit); err != nil {
		return f, err
	}
	switch v := q.Get("sort"); v {
	case "", string(project.SortDate):
	case string(project.SortBudget):
		f.Sort = project.SortBudget
	case string(project.SortGap):
		f.Sort = project.SortGap
	default:
		return f, invalidQuery("sort", `must be "date" (newest first), "budget" (largest first) or "gap" (largest funding gap first)`,
			`має бути "date" (спершу нові), "budget" (спершу найбільші) чи "gap" (спершу найбільша нестача коштів)`)
	}
	if v := q.Get("min_gap_uah"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return f, invalidQuery("min_gap_uah", "must be a whole number of kopiykas, 0 or more", "має бути цілим числом копійок, 0 або більше")
		}
		f.MinGapUAH = n
	}
	if v := q.Get("donor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return f, invalidQuery("donor", "must be an organisation id", "має бути ідентифікатором організації")
		}
		f.Donor = n
	}
	if v := q.Get("cursor"); v != "" {
		cur, ok := parseCursor(f.Sort, v)
		if !ok {
			return f, invalidQuery("cursor", "is not a cursor this server gave out for this sort",
				"це не курсор, виданий цим сервером для цього порядку")
		}
		f.After = &cur
	}
	if f.Oblast, err = queryCode(q, "oblast"); err != nil {
		return f, err
	}
	if f.Hromada, err = queryCode(q, "hromada"); err != nil {
		return f, err
	}
	for _, v := range list(q.Get("state")) {
		st := project.State(v)
		if err := st.Validate("state"); err != nil {
			return f, asQuery(err, "state")
		}
		f.States = append(f.States, st)
	}
	for _, v := range list(q.Get("sector")) {
		sec := project.Sector(v)
		if err := sec.Validate(); err != nil {
			return f, asQuery(err, "sector")
		}
		f.Sectors = append(f.Sectors, sec)
	}
	if v := strings.TrimSpace(q.Get("q")); v != "" {
		if len([]rune(v)) > 200 {
			return f, invalidQuery("q", "the search text is longer than 200 characters", "текст пошуку довший за 200 символів")
		}
		f.Q = v
	}
	return f, nil
}

// A cursor reads d<key>_<id> for the date order and b<key>_<id> for the
// budget, so that a cursor of one order is not read in the other.
func formatCursor(sort project.Sort, c project.Cursor) string {
	return string(sort[0]) + strconv.FormatInt(c.Key, 10) + "_" + strconv.FormatInt(c.ID, 10)
}

func parseCursor(sort project.Sort, v string) (project.Cursor, bool) {
	rest, ok := strings.CutPrefix(v, string(sort[0]))
	if !ok {
		return project.Cursor{}, false
	}
	k, id, ok := strings.Cut(rest, "_")
	if !ok {
		return project.Cursor{}, false
	}
	key, err1 := strconv.ParseInt(k, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || n < 1 {
		return project.Cursor{}, false
	}
	return project.Cursor{Key: key, ID: n}, true
}

func projectID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, invalidQuery("id", "a project id is a positive whole number", "ідентифікатор проєкту — додатне ціле число")
	}
	return id, nil
}

// writeProject sends a project's Feature as sites are sent.
func writeProject(c echo.Context, status int, f project.Feature) error {
	return writeFeature(c, status, site.Feature(f))
}
