// Package progress holds a project's progress updates: what was done, how
// far along the work is, on which day, with photos of the site.
package progress

import (
	"context"
	"time"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
)

// MaxPhotos is the most photos one update carries.
const MaxPhotos = photo.MaxPerUpload

// FirstDate is the earliest date accepted: the war began in February 2014.
var FirstDate = time.Date(2014, 2, 20, 0, 0, 0, 0, time.UTC)

// Draft is a new update as an editor posts it.
type Draft struct {
	ProjectID int64
	Body      string
	Progress  *int // percent complete, when the editor says
	On        time.Time
}

// Photo is a stored photo of an update; sites' photos are the same kind.
type Photo = photo.Photo

// Update is a stored progress update.
type Update struct {
	ID        int64
	ProjectID int64
	Body      string
	Progress  *int
	On        time.Time
	Photos    []Photo
	CreatedAt time.Time
}

// Store keeps updates. CreateUpdate and FindUpdates return
// domain.ErrNotFound for an unknown project; FindPhoto for an unknown
// photo, or one the request's account may not see.
type Store interface {
	// CreateUpdate stores an update with its photos and, when it gives
	// one, the project's progress, in one transaction. The files of the
	// photos no row names yet are written by write once the project is
	// locked, and removed again if the rows cannot be kept: their keys
	// must be the project's own (see photo.Files).
	CreateUpdate(ctx context.Context, d Draft, photos []Photo, write photo.Files) (Update, error)
	FindUpdates(ctx context.Context, projectID int64) ([]Update, error)
	// MayPostUpdate tells whether the request's account may post to a
	// project (CreateUpdate decides again, in its transaction).
	MayPostUpdate(ctx context.Context, projectID int64) error
	// FindPhoto finds any photo, an update's or a site's, by id; a
	// sensitive site's photos only for those who see the site exactly
	// (account.ExactScope), as they may show where it is.
	FindPhoto(ctx context.Context, id int64) (Photo, error)
}

// Validate checks a draft on its own.
func (d Draft) Validate(now time.Time) error {
	if n := len([]rune(d.Body)); n == 0 || n > 5000 {
		return domain.Invalid("body", "say in 1 to 5000 characters what was done", "опишіть зроблене (від 1 до 5000 символів)")
	}
	if d.Progress != nil && (*d.Progress < 0 || *d.Progress > 100) {
		return domain.Invalid("progress", "must be a percentage from 0 to 100", "має бути відсотком від 0 до 100")
	}
	if d.On.Before(FirstDate) {
		return domain.Invalid("date", "the date is before the war began (20 February 2014)", "дата раніша за початок війни (20 лютого 2014)")
	}
	if d.On.After(now) {
		return domain.Invalid("date", "the date is in the future", "дата в майбутньому")
	}
	return nil
}
