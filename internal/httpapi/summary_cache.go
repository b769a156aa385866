package httpapi

import (
	"bytes"
	lru "container/list"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// summaryCache keeps rendered answers that change only when the data
// behind the map changes: the oblast and hromada summaries, the national
// totals and the map's tiles. The store's summary version tells that at
// the cost of one tiny query; the map asks for these on every view, so
// serving them from memory is what keeps them fast.
//
// A writer takes the next version before it commits, so an answer made
// during a write may carry the new version and the old data. An answer is
// therefore trusted for settle after its version was first seen, then made
// once more and kept until the version moves.
//
// The least recently used answers go when the cache holds more than its
// byte budget.
type summaryCache struct {
	mu        sync.Mutex
	budget    int
	size      int
	order     *lru.List // of *summaryEntry, most recent first
	entries   map[string]*lru.Element
	seen      int64 // the newest version seen
	seenFirst time.Time
}

type summaryEntry struct {
	key     string
	version int64
	final   bool // made after the version settled
	made    time.Time
	body    []byte
}

// settle is how long a new version may still hide a write in progress.
const settle = 2 * time.Second

func newSummaryCache(budget int) *summaryCache {
	return &summaryCache{budget: budget, order: lru.New(), entries: map[string]*lru.Element{}}
}

// get returns the answer for key at version, making it with render if
// the cache does not hold a trustworthy one.
func (sc *summaryCache) get(key string, version int64, render func() ([]byte, error)) ([]byte, error) {
	now := time.Now()
	sc.mu.Lock()
	if version > sc.seen {
		sc.seen, sc.seenFirst = version, now
	}
	settled := version < sc.seen || now.Sub(sc.seenFirst) > settle
	if el, ok := sc.entries[key]; ok {
		e := el.Value.(*summaryEntry)
		if e.version == version && (e.final || now.Sub(e.made) <= settle) {
			sc.order.MoveToFront(el)
			sc.mu.Unlock()
			return e.body, nil
		}
	}
	sc.mu.Unlock()

	body, err := render()
	if err != nil {
		return nil, err
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if el, ok := sc.entries[key]; ok {
		sc.size -= len(el.Value.(*summaryEntry).body)
		sc.order.Remove(el)
	}
	sc.entries[key] = sc.order.PushFront(&summaryEntry{key: key, version: version, final: settled, made: now, body: body})
	sc.size += len(body)
	for sc.size > sc.budget && sc.order.Len() > 1 {
		last := sc.order.Back()
		e := last.Value.(*summaryEntry)
		sc.order.Remove(last)
		delete(sc.entries, e.key)
		sc.size -= len(e.body)
	}
	return body, nil
}

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

// answer sends the cached answer with an ETag of its version, or 304 to a
// client that holds it already.
func (sc *summaryCache) answer(c echo.Context, key string, version int64, contentType string, render func() ([]byte, error)) error {
	body, err := sc.get(key, version, render)
	if err != nil {
		return err
	}
	tag := `"s` + strconv.FormatInt(version, 10) + `"`
	h := c.Response().Header()
	h.Set("ETag", tag)
	h.Set("Cache-Control", "public, max-age=0, must-revalidate")
	if noneMatch(c, tag) {
		return c.NoContent(http.StatusNotModified)
	}
	if len(body) == 0 {
		return c.NoContent(http.StatusNoContent) // an empty tile
	}
	return c.Blob(http.StatusOK, contentType, body)
}
