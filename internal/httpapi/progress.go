package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/progress"
)

// progressRoutes are the routes that take or give photos: progress
// updates, sites' photos (site_photo.go) and the photo files. They are
// registered on Echo itself, not the API group, whose 1 MB body limit
// would refuse any photo.
func (s *Server) progressRoutes(e *echo.Echo) {
	e.POST("/api/v1/projects/:id/updates", s.createUpdate, middleware.BodyLimit(maxPhotoBody))
	get(e, "/api/v1/projects/:id/updates", s.listUpdates)
	get(e, "/api/v1/photos/:id/:size", s.getPhoto)
	s.sitePhotoRoutes(e)
}

type updateJSON struct {
	ID        int64       `json:"id"`
	ProjectID int64       `json:"project_id"`
	Body      string      `json:"body"`
	Progress  *int        `json:"progress"`
	Date      string      `json:"date"`
	CreatedAt time.Time   `json:"created_at"`
	Photos    []photoJSON `json:"photos"`
}

func toUpdateJSON(u progress.Update) updateJSON {
	return updateJSON{ID: u.ID, ProjectID: u.ProjectID, Body: u.Body, Progress: u.Progress,
		Date: u.On.Format(time.DateOnly), CreatedAt: u.CreatedAt.UTC(), Photos: toPhotosJSON(u.Photos)}
}

func (s *Server) createUpdate(c echo.Context) error {
	pid, err := projectID(c)
	if err != nil {
		return err
	}
	r := c.Request()
	// Who may post is known before up to 100 MB of photos are read.
	if err := s.deps.Progress.MayPostUpdate(r.Context(), pid); err != nil {
		return err
	}
	if err := parsePhotoForm(r,
		"send the update as multipart/form-data: body, date, progress and up to 6 files named photos"); err != nil {
		return err
	}
	defer r.MultipartForm.RemoveAll() //nolint:errcheck // temporary files of large parts
	d := progress.Draft{ProjectID: pid, Body: strings.TrimSpace(r.FormValue("body"))}
	if d.On, err = time.Parse(time.DateOnly, r.FormValue("date")); err != nil {
		return domain.Invalid("date", "must be a date written YYYY-MM-DD", "має бути датою у форматі РРРР-ММ-ДД")
	}
	if v := r.FormValue("progress"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return domain.Invalid("progress", "must be a percentage from 0 to 100", "має бути відсотком від 0 до 100")
		}
		d.Progress = &n
	}
	if err := d.Validate(s.now()); err != nil {
		return err
	}
	files := r.MultipartForm.File["photos"]
	if len(files) > progress.MaxPhotos {
		return domain.Invalid("photos", fmt.Sprintf("at most %d photos per update", progress.MaxPhotos),
			fmt.Sprintf("щонайбільше %d фото в одному оновленні", progress.MaxPhotos))
	}
	ctx := r.Context()
	processed, err := s.processPhotos(ctx, files)
	if err != nil {
		return err
	}
	// Each project keeps its files apart, so a deleted draft can take them
	// with it (see ownPhotoFiles).
	planned, renditions := planPhotos(processed, "projects/"+strconv.FormatInt(d.ProjectID, 10)+"/")
	u, err := s.deps.Progress.CreateUpdate(ctx, d, planned, s.ownPhotoFiles(c, renditions))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toUpdateJSON(u))
}

func (s *Server) listUpdates(c echo.Context) error {
	pid, err := projectID(c)
	if err != nil {
		return err
	}
	updates, err := s.deps.Progress.FindUpdates(c.Request().Context(), pid)
	if err != nil {
		return err
	}
	out := make([]updateJSON, 0, len(updates))
	for _, u := range updates {
		out = append(out, toUpdateJSON(u))
	}
	return c.JSON(http.StatusOK, map[string]any{"project_id": pid, "updates": out})
}
