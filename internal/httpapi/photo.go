package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
)

// What every request that carries photos shares — progress updates and
// sites' photos: the body limit, the form, the processing and its errors,
// the photo store, the JSON of a stored photo, and the route of its files.

// maxPhotoBody bounds a request with photos: photo.MaxPerUpload phone
// photos of at most 15 MB each, and some text.
const maxPhotoBody = "100M"

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

func toPhotoJSON(p photo.Photo) photoJSON {
	href := "/api/v1/photos/" + strconv.FormatInt(p.ID, 10)
	return photoJSON{ID: p.ID, Width: p.Width, Height: p.Height, ThumbWidth: p.ThumbWidth, ThumbHeight: p.ThumbHeight,
		SHA256: p.SHA256, Href: href + "/display", ThumbHref: href + "/thumb"}
}

func toPhotosJSON(photos []photo.Photo) []photoJSON {
	out := make([]photoJSON, 0, len(photos))
	for _, p := range photos {
		out = append(out, toPhotoJSON(p))
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

// parsePhotoForm reads a multipart/form-data request; the caller removes
// its temporary files (r.MultipartForm.RemoveAll). A request of another
// type is refused with hint, which says what to send.
func parsePhotoForm(r *http.Request, hint string) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType)); mt != "multipart/form-data" {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, hint)
	}
	if err := r.ParseMultipartForm(16 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return badRequest{domain.Invalid("body", "the form could not be read: "+err.Error(), "форму не вдалося прочитати: "+err.Error())}
	}
	return nil
}

// processPhotos checks and processes the files sent as "photos", every
// one before anything is kept, so that a bad one refuses the request
// whole; the error names it, photos[i]. Decoding a large photo takes tens
// of megabytes, so only as many requests as there are cores do it at once.
func (s *Server) processPhotos(ctx context.Context, files []*multipart.FileHeader) ([]photo.Processed, error) {
	select {
	case s.photoSlots <- struct{}{}:
		defer func() { <-s.photoSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	processed := make([]photo.Processed, len(files))
	for i, fh := range files {
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		processed[i], err = photo.Process(f, photo.Limits{})
		f.Close()
		if err != nil {
			field := fmt.Sprintf("photos[%d]", i)
			for _, pr := range photoReasons {
				if errors.Is(err, pr.err) {
					return nil, domain.Invalid(field, fh.Filename+": "+pr.en, fh.Filename+": "+pr.uk)
				}
			}
			return nil, err
		}
	}
	return processed, nil
}

// planPhotos names the files of each photo in its owner's folder (such as
// "sites/42/") by the original's hash, so the same photo sent twice is one
// file, and keeps their bytes by that hash for ownPhotoFiles.
func planPhotos(processed []photo.Processed, dir string) ([]photo.Photo, map[string]photo.Processed) {
	planned := make([]photo.Photo, len(processed))
	files := make(map[string]photo.Processed, len(processed))
	for i, p := range processed {
		planned[i] = p.Stored(dir + p.SHA256)
		files[p.SHA256] = p
	}
	return planned, files
}

// ownPhotoFiles writes both renditions of photos planned by planPhotos,
// for the store of their rows (photo.Files). Their keys are their owner's
// own, a site's or a project's, so a failed write, or rows not kept, take
// them away again.
func (s *Server) ownPhotoFiles(c echo.Context, files map[string]photo.Processed) photo.Files {
	return func(ctx context.Context, photos []photo.Photo) (func(), error) {
		var written []photo.Photo
		remove := func() { s.removePhotoFiles(c, written...) }
		for _, p := range photos {
			written = append(written, p)
			f := files[p.SHA256]
			for _, file := range []struct {
				key  string
				data []byte
			}{{p.DisplayKey, f.Display}, {p.ThumbKey, f.Thumb}} {
				if err := s.deps.Photos.Put(ctx, file.key, bytes.NewReader(file.data), photo.ContentType); err != nil {
					remove()
					return nil, err
				}
			}
		}
		return remove, nil
	}
}

// removePhotoFiles removes the files of photos whose rows are gone or were
// never kept, when no other row can name them (see ownPhotoFiles). It is
// tidying, done even if the client has gone: a failure is logged, not
// reported, and leaves an unreachable file, never a row without its file.
func (s *Server) removePhotoFiles(c echo.Context, photos ...photo.Photo) {
	ctx := context.WithoutCancel(c.Request().Context())
	for _, p := range photos {
		for _, key := range []string{p.DisplayKey, p.ThumbKey} {
			if err := s.deps.Photos.Delete(ctx, key); err != nil {
				s.log.Warn("photo file left behind", "key", key, "err", err,
					"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
			}
		}
	}
}

// getPhoto sends a photo's display or thumbnail rendition. The files are
// named by their content, so they never change: caches may keep an
// update's photo for good. A site's photo is another matter: the site may
// be marked sensitive at any time, and from then on only some accounts may
// see it, so no shared cache keeps it.
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
	if p.SiteID != 0 {
		h.Set("Cache-Control", "private, max-age=3600")
	} else {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	c.Response().WriteHeader(http.StatusOK)
	_, err = io.Copy(c.Response(), f)
	return err
}
