package site

import (
	"context"

	"github.com/vidbudova/vidbudova/internal/photo"
)

// MaxPhotos is the most photos a site keeps (the photos table numbers
// them 0 to 20).
const MaxPhotos = 20

// PhotoStore keeps the photos of sites: the rows that say where their files
// are in the photo store. Who may add or remove them is who may edit the
// site (account.User.MayEdit); who may see them is who sees the site
// exactly (account.User.ExactScope), since a photo can show where a
// sensitive site is.
type PhotoStore interface {
	// MayChangeSitePhotos tells whether the request's account may add or
	// remove photos of a site, before any photo is read (AddSitePhotos and
	// DeleteSitePhoto decide again, in their transactions).
	// Errors: domain.ErrNotFound, account.ErrUnauthenticated, account.ErrForbidden.
	MayChangeSitePhotos(ctx context.Context, siteID int64) error
	// AddSitePhotos keeps photos after those the site has, and returns
	// them as stored, in the order given. A photo the site already has
	// (the same SHA-256) is returned as it is, not added again, so a
	// retried upload adds nothing. Adding photos is a new version of the
	// site.
	//
	// The files of the photos the site does not have yet are written by
	// write, once the site is locked and has room for them, so a refused
	// upload leaves no file behind; if the rows then cannot be kept, the
	// files are removed again before the site is let go. Their keys must
	// be the site's own (see photo.Files).
	// Errors: those of MayChangeSitePhotos; a *domain.ValidationError of
	// "photos" when the site would have more than MaxPhotos; write's.
	AddSitePhotos(ctx context.Context, siteID int64, photos []photo.Photo, write photo.Files) ([]photo.Photo, error)
	// FindSitePhotos lists a site's photos in order, as the request's
	// account may see them: none of a sensitive site to those who may not
	// see it exactly, none of a site that does not exist.
	FindSitePhotos(ctx context.Context, siteID int64) ([]photo.Photo, error)
	// DeleteSitePhoto removes one photo of a site and returns it, so that
	// its files can go too. Removing a photo is a new version of the site.
	// Errors: those of MayChangeSitePhotos; domain.ErrNotFound also when
	// the site has no such photo.
	DeleteSitePhoto(ctx context.Context, siteID, photoID int64) (photo.Photo, error)
}
