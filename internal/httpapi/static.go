package httpapi

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

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
		if strings.HasPrefix(p, "assets/") {
			// Vite puts a content hash in every asset's name.
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
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
