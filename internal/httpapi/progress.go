package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/progress"
)

// maxUpdateBody bounds a progress update with its photos: six phone
// photos of at most 15 MB each, and the text.
const maxUpdateBody = "100M"

// progressRoutes are registered on Echo itself, not the API group, whose
// 1 MB body limit would refuse any photo.
func (s *Server) progressRoutes(e *echo.Echo) {
	e.POST("/api/v1/projects/:id/updates", s.createUpdate, middleware.BodyLimit(maxUpdateBody))
	get(e, "/api/v1/projects/:id/updates", s.listUpdates)
	get(e, "/api/v1/photos/:id/:size", s.getPhoto)
}

type photoJSON struct {
	ID          int64  `json:"id"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	ThumbWidth  int    `json:"thumb_width"`
	ThumbHeight int    `json:"thumb_height"`
	SHA256      string `json:"sha256"`
	Href        string `json:"href"`
	ThumbHref   string `json:"thumb_href"`
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
	out := updateJSON{ID: u.ID, ProjectID: u.ProjectID, Body: u.Body, Progress: u.Progress,
		Date: u.On.Format(time.DateOnly), CreatedAt: u.CreatedAt.UTC(), Photos: []photoJSON{}}
	for _, p := range u.Photos {
		href := "/api/v1/photos/" + strconv.FormatInt(p.ID, 10)
		out.Photos = append(out.Photos, photoJSON{ID: p.ID, Width: p.Width, Height: p.Height, ThumbWidth: p.ThumbWidth,
			ThumbHeight: p.ThumbHeight, SHA256: p.SHA256, Href: href + "/display", ThumbHref: href + "/thumb"})
	}
	return out
}

// photoReasons say why a photo was refused, in both languages.
var photoReasons = []struct {
	err    error
	en, uk string
}{
	{photo.ErrNotImage, "this file is not a picture", "цей файл — не зображення"},
	{photo.ErrUnsupported, "send the photo as JPEG, PNG or WebP (on an iPhone: Settings → Camera → Formats → Most Compatible)",
		"надішліть фото у форматі JPEG, PNG чи WebP (на iPhone: Параметри → Камера → Формати → Найсумісніший)"},
	{photo.ErrTooLarge, "the file is larger than 15 MB", "файл більший за 15 МБ"},
	{photo.ErrTooManyPixels, "the picture has more than 50 megapixels", "зображення має понад 50 мегапікселів"},
	{photo.ErrCorrupt, "the picture is damaged or incomplete: send it again", "зображення пошкоджене чи неповне: надішліть його ще раз"},
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
	if mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType)); mt != "multipart/form-data" {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType,
			"send the update as multipart/form-data: body, date, progress and up to 6 files named photos")
	}
	if err := r.ParseMultipartForm(16 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return badRequest{domain.Invalid("body", "the form could not be read: "+err.Error(), "форму не вдалося прочитати: "+err.Error())}
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
	// Every photo is checked and processed before anything is kept, so a
	// bad one refuses the update whole. Decoding a large photo takes tens of
	// megabytes, so only as many updates as there are cores do it at once.
	select {
	case s.photoSlots <- struct{}{}:
		defer func() { <-s.photoSlots }()
	case <-r.Context().Done():
		return r.Context().Err()
	}
	processed := make([]photo.Processed, len(files))
	for i, fh := range files {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		processed[i], err = photo.Process(f, photo.Limits{})
		f.Close()
		if err != nil {
			field := fmt.Sprintf("photos[%d]", i)
			for _, pr := range photoReasons {
				if errors.Is(err, pr.err) {
					return domain.Invalid(field, fh.Filename+": "+pr.en, fh.Filename+": "+pr.uk)
				}
			}
			return err
		}
	}
	ctx := r.Context()
	stored := make([]progress.Photo, len(processed))
	for i, p := range processed {
		// Named by the original's hash: the same photo sent twice is one
		// file, and a file left by a failed update is harmless.
		base := "updates/" + p.SHA256[:2] + "/" + p.SHA256
		stored[i] = progress.Photo{DisplayKey: base + "-display.jpg", ThumbKey: base + "-thumb.jpg", Width: p.Width,
			Height: p.Height, ThumbWidth: p.ThumbWidth, ThumbHeight: p.ThumbHeight, SHA256: p.SHA256}
		if err := s.deps.Photos.Put(ctx, stored[i].DisplayKey, bytes.NewReader(p.Display), photo.ContentType); err != nil {
			return err
		}
		if err := s.deps.Photos.Put(ctx, stored[i].ThumbKey, bytes.NewReader(p.Thumb), photo.ContentType); err != nil {
			return err
		}
	}
	u, err := s.deps.Progress.CreateUpdate(ctx, d, stored)
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

// getPhoto sends a photo's display or thumbnail rendition. The files are
// named by their content, so they never change: caches may keep them.
func (s *Server) getPhoto(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return invalidQuery("id", "a photo id is a positive whole number", "ідентифікатор фото — додатне ціле число")
	}
	size := c.Param("size")
	if size != "display" && size != "thumb" {
		return invalidQuery("size", `must be "display" or "thumb"`, `має бути "display" чи "thumb"`)
	}
	p, err := s.deps.Progress.FindPhoto(c.Request().Context(), id)
	if err != nil {
		return err
	}
	key := p.DisplayKey
	if size == "thumb" {
		key = p.ThumbKey
	}
	f, err := s.deps.Photos.Open(c.Request().Context(), key)
	if errors.Is(err, photo.ErrNotFound) {
		return domain.ErrNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, photo.ContentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	c.Response().WriteHeader(http.StatusOK)
	_, err = io.Copy(c.Response(), f)
	return err
}
