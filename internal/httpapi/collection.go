package httpapi

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// geoJSON is the media type of RFC 7946.
const geoJSON = "application/geo+json"

// collection streams a GeoJSON FeatureCollection: the header goes out with
// the first feature, so an error before it can still become a problem
// response, and memory holds one feature at a time however long the list.
type collection struct {
	c       echo.Context
	out     io.Writer // nil: the response, with status and content type
	w       *bufio.Writer
	started bool
	n       int
}

func newCollection(c echo.Context) *collection { return &collection{c: c} }

// writers are the collections' write buffers. A list of a thousand sites
// is some 600 KB: written in large pieces it costs far fewer system calls
// (measured: a third of the server's CPU went into them with 32 KB), and
// kept for the next request, the buffers cost the garbage collector
// nothing.
var writers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 256<<10) }}

func (fc *collection) begin() error {
	fc.started = true
	if fc.out == nil {
		res := fc.c.Response()
		res.Header().Set(echo.HeaderContentType, geoJSON)
		res.WriteHeader(http.StatusOK)
		fc.out = res
	}
	fc.w = writers.Get().(*bufio.Writer)
	fc.w.Reset(fc.out)
	_, err := fc.w.WriteString(`{"type":"FeatureCollection","features":[`)
	return err
}

// add writes one feature's JSON text.
func (fc *collection) add(feature []byte) error {
	if !fc.started {
		if err := fc.begin(); err != nil {
			return err
		}
	}
	if fc.n > 0 {
		fc.w.WriteByte(',') //nolint:errcheck // Write reports the same error
	}
	fc.n++
	_, err := fc.w.Write(feature)
	return err
}

// link is an OGC API / RFC 8288 link object.
type link struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
	Type string `json:"type,omitempty"`
}

// end closes the collection with numberReturned, a timeStamp and links.
func (fc *collection) end(links []link) error {
	if !fc.started {
		if err := fc.begin(); err != nil {
			return err
		}
	}
	w := fc.w
	w.WriteString(`],"numberReturned":`)                                                    //nolint:errcheck
	w.WriteString(strconv.Itoa(fc.n))                                                       //nolint:errcheck
	w.WriteString(`,"timeStamp":"` + time.Now().UTC().Format(time.RFC3339) + `","links":[`) //nolint:errcheck
	for i, l := range links {
		if i > 0 {
			w.WriteByte(',') //nolint:errcheck
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false) // keep & in URLs readable
		enc.Encode(l)            //nolint:errcheck // Flush reports write errors
	}
	w.WriteString(`]}`) //nolint:errcheck
	return fc.finish()
}

// finish writes out what is buffered and gives the buffer back for the
// next response; one that failed to write holds its error, and goes.
func (fc *collection) finish() error {
	err := fc.w.Flush()
	if err == nil {
		fc.w.Reset(nil)
		writers.Put(fc.w)
	}
	fc.w = nil
	return err
}

// abort ends a response that has begun and then failed: the connection is
// cut so that the client sees a broken body, never a short list that looks
// complete.
func (fc *collection) abort(err error) error {
	if !fc.started || fc.out != fc.c.Response() {
		return err
	}
	panic(http.ErrAbortHandler)
}
