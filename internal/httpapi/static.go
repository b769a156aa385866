package httpapi

import (
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// assetPrefix is where Vite puts the scripts and stylesheets, each name
// carrying a hash of its content: they never change, and the build has
// already compressed them (see precompressed).
const assetPrefix = "assets/"

// precompressed are the copies the build writes beside each asset (see
// frontend/vite.config.ts), best first: Brotli is a fifth smaller than gzip.
var precompressed = []struct{ coding, suffix string }{{"br", ".br"}, {"gzip", ".gz"}}

// static serves the built map application; paths that are not files get
// index.html, so that links into the application work.
func (s *Server) static(files fs.FS) echo.HandlerFunc {
	server := http.FileServerFS(files)
	return func(c echo.Context) error {
		p := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
		if p == "" {
			p = "index.html"
		}
		if _, err := fs.Stat(files, p); errors.Is(err, fs.ErrNotExist) {
			p = "index.html"
		}
		h := c.Response().Header()
		if strings.HasPrefix(p, assetPrefix) {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
			h.Add("Vary", "Accept-Encoding")
			if served, err := servePrecompressed(c, files, p); served || err != nil {
				return err
			}
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		r := c.Request().Clone(c.Request().Context())
		r.URL.Path = "/" + p
		if p == "index.html" {
			r.URL.Path = "/"
		}
		server.ServeHTTP(c.Response(), r)
		return nil
	}
}

// servePrecompressed sends the build's compressed copy of asset p in the
// best coding the client accepts; false when there is none to send.
func servePrecompressed(c echo.Context, files fs.FS, p string) (bool, error) {
	accept := c.Request().Header.Get(echo.HeaderAcceptEncoding)
	for _, pc := range precompressed {
		if !acceptsCoding(accept, pc.coding) {
			continue
		}
		f, err := files.Open(p + pc.suffix)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return false, err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return false, err
		}
		// Written here rather than by http.ServeContent, which leaves out
		// Content-Length once a Content-Encoding is set (the browser could
		// not tell how far a download has come) and would answer a Range
		// over the compressed bytes; a whole immutable asset needs neither.
		h := c.Response().Header()
		h.Set(echo.HeaderContentEncoding, pc.coding)
		h.Set(echo.HeaderContentType, mime.TypeByExtension(path.Ext(p))) // the asset's type, not its copy's
		h.Set(echo.HeaderContentLength, strconv.FormatInt(info.Size(), 10))
		c.Response().WriteHeader(http.StatusOK)
		if c.Request().Method == http.MethodHead {
			return true, nil
		}
		_, err = io.Copy(c.Response(), f)
		return true, err
	}
	return false, nil
}

// acceptsCoding reports whether an Accept-Encoding header (RFC 9110 §12.5.3)
// admits coding: named with a weight above zero, or, unnamed, allowed by "*".
func acceptsCoding(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != coding && name != "*" {
			continue
		}
		q := 1.0
		for _, param := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				}
			}
		}
		if name == coding {
			return q > 0
		}
		star = q > 0
	}
	return star
}
