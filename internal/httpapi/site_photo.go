package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/site"
)

// sitePhotoRoutes are a site's photos: those who may edit the site add and
// remove them; GET /sites/{id} lists them (withPhotos), and
// GET /photos/{id}/{size} serves their files, both to those who see the
// site exactly.
func (s *Server) sitePhotoRoutes(e *echo.Echo) {
	e.POST("/api/v1/sites/:id/photos", s.addSitePhotos, middleware.BodyLimit(maxPhotoBody))
	e.DELETE("/api/v1/sites/:id/photos/:photoId", s.deleteSitePhoto)
}

type sitePhotosJSON struct {
	SiteID int64       `json:"site_id"`
	Photos []photoJSON `json:"photos"`
}

func (s *Server) addSitePhotos(c echo.Context) error {
	id, err := siteID(c)
	if err != nil {
		return err
	}
	r := c.Request()
	ctx := r.Context()
	// Who may add is known before up to 100 MB of photos are read.
	if err := s.sites.MayChangeSitePhotos(ctx, id); err != nil {
		return err
	}
	if err := parsePhotoForm(r, fmt.Sprintf("send the photos as multipart/form-data: up to %d files named photos", photo.MaxPerUpload)); err != nil {
		return err
	}
	defer r.MultipartForm.RemoveAll() //nolint:errcheck // temporary files of large parts
	files := r.MultipartForm.File["photos"]
	switch {
	case len(files) == 0:
		return domain.Invalid("photos", "send at least one photo, as a file named photos",
			"надішліть хоча б одне фото як файл у полі photos")
	case len(files) > photo.MaxPerUpload:
		return domain.Invalid("photos", fmt.Sprintf("at most %d photos at once", photo.MaxPerUpload),
			fmt.Sprintf("щонайбільше %d фото за один раз", photo.MaxPerUpload))
	}
	processed, err := s.processPhotos(ctx, files)
	if err != nil {
		return err
	}
	// The files are written once the site has room for them (see ownPhotoFiles).
	planned, renditions := planPhotos(processed, "sites/"+strconv.FormatInt(id, 10)+"/")
	photos, err := s.sites.AddSitePhotos(ctx, id, planned, s.ownPhotoFiles(c, renditions))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, sitePhotosJSON{SiteID: id, Photos: toPhotosJSON(photos)})
}

func (s *Server) deleteSitePhoto(c echo.Context) error {
	id, err := siteID(c)
	if err != nil {
		return err
	}
	pid, err := strconv.ParseInt(c.Param("photoId"), 10, 64)
	if err != nil || pid < 1 {
		return invalidQuery("photoId", "a photo id is a positive whole number", "ідентифікатор фото — додатне ціле число")
	}
	ctx := c.Request().Context()
	p, err := s.sites.DeleteSitePhoto(ctx, id, pid)
	if err != nil {
		return err
	}
	s.removePhotoFiles(c, p)
	return c.NoContent(http.StatusNoContent)
}

// withPhotos adds a site's photos, as the request's account may see them,
// to its Feature as the last of its properties. Only the one site's
// answer has them: the lists stream thousands of sites and stay lean.
func (s *Server) withPhotos(ctx context.Context, f site.Feature) (site.Feature, error) {
	photos, err := s.sites.FindSitePhotos(ctx, f.ID)
	if err != nil {
		return f, err
	}
	list, err := json.Marshal(toPhotosJSON(photos))
	if err != nil {
		return f, err
	}
	end := []byte("}}") // of the properties and of the Feature, see site.Site.AppendGeoJSON
	if !bytes.HasSuffix(f.JSON, end) {
		return f, fmt.Errorf("httpapi: site %d: the Feature does not end its properties last", f.ID)
	}
	out := make([]byte, 0, len(f.JSON)+len(list)+12)
	out = append(out, f.JSON[:len(f.JSON)-len(end)]...)
	out = append(out, `,"photos":`...)
	out = append(out, list...)
	f.JSON = append(out, end...)
	return f, nil
}
