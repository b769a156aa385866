package httpapi

import (
	"bytes"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// summaryCache keeps the rendered oblast and hromada summaries. They change
// only when a site count or an outline changes, which the store's summary
// version tells at the cost of one tiny query; the map asks for them on
// every view, so serving them from memory is what keeps them fast.
//
// The version is taken by a writer before it commits, so a summary built
// during a write may miss it; maxAge bounds how long such a summary lives.
type summaryCache struct {
	mu      sync.Mutex
	entries map[string]summaryEntry
}

type summaryEntry struct {
	version int64
	made    time.Time
	body    []byte
}

const summaryMaxAge = 2 * time.Second

// serve answers with a FeatureCollection from the cache while it holds
// for version, else renders it with fill, keeps it and answers with it.
func (sc *summaryCache) serve(c echo.Context, key string, version int64, fill func(*collection) error) error {
	return sc.answer(c, key, version, geoJSON, func() ([]byte, error) {
		var buf bytes.Buffer
		fc := &collection{c: c, out: &buf}
		if err := fill(fc); err != nil {
			return nil, err
		}
		if err := fc.end(nil); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	})
}

// serveJSON is serve for a JSON document made by render.
func (sc *summaryCache) serveJSON(c echo.Context, key string, version int64, render func() ([]byte, error)) error {
	return sc.answer(c, key, version, echo.MIMEApplicationJSON, render)
}

func (sc *summaryCache) answer(c echo.Context, key string, version int64, contentType string, render func() ([]byte, error)) error {
	sc.mu.Lock()
	e, ok := sc.entries[key]
	sc.mu.Unlock()
	if !ok || e.version != version || time.Since(e.made) > summaryMaxAge {
		body, err := render()
		if err != nil {
			return err
		}
		e = summaryEntry{version: version, made: time.Now(), body: body}
		sc.mu.Lock()
		if sc.entries == nil {
			sc.entries = map[string]summaryEntry{}
		}
		sc.entries[key] = e
		sc.mu.Unlock()
	}
	tag := `"s` + strconv.FormatInt(version, 10) + `"`
	h := c.Response().Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	if noneMatch(c, tag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, contentType, e.body)
}
