package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/history"
)

// historyPage is the JSON of GET …/{id}/history.
type historyPage struct {
	Object  string          `json:"object"`
	ID      int64           `json:"id"`
	Entries []history.Entry `json:"entries"`
	Links   []link          `json:"links"`
}

// objectHistory serves the change history of one object, newest first,
// in pages of limit entries (default 50, at most 500) with a next link.
func (s *Server) objectHistory(objectType string, objectID func(echo.Context) (int64, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := objectID(c)
		if err != nil {
			return err
		}
		limit, err := queryLimit(c.QueryParams(), 50, 500)
		if err != nil {
			return err
		}
		before, err := queryCursor(c.QueryParams(), 1)
		if err != nil {
			return err
		}
		entries, err := s.deps.History.FindHistory(c.Request().Context(), objectType, id, limit, before)
		if err != nil {
			return err
		}
		page := historyPage{Object: objectType, ID: id, Entries: entries}
		self := requestURL(c)
		page.Links = []link{{Href: self.String(), Rel: "self", Type: "application/json"}}
		if len(entries) == limit {
			q := self.Query()
			q.Set("cursor", strconv.FormatInt(entries[len(entries)-1].ID, 10))
			next := *self
			next.RawQuery = q.Encode()
			page.Links = append(page.Links, link{Href: next.String(), Rel: "next", Type: "application/json"})
		}
		if page.Entries == nil {
			page.Entries = []history.Entry{}
		}
		return c.JSON(http.StatusOK, page)
	}
}
