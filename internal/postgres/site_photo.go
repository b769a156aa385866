package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/site"
)

var _ site.PhotoStore = (*DB)(nil)

// photoColumns are what a photo.Photo is read from, of photos ph.
const photoColumns = `ph.id, ph.display_key, ph.thumb_key, ph.width, ph.height, ph.thumb_width, ph.thumb_height, ph.sha256,
 coalesce(ph.site_id, 0)`

func scanPhoto(row pgx.Row, p *photo.Photo) error {
	return row.Scan(&p.ID, &p.DisplayKey, &p.ThumbKey, &p.Width, &p.Height, &p.ThumbWidth, &p.ThumbHeight, &p.SHA256, &p.SiteID)
}

// MayChangeSitePhotos tells whether the request's account may edit the
// site, before its photos are read.
func (db *DB) MayChangeSitePhotos(ctx context.Context, siteID int64) error {
	var at account.Place
	var hromada *string
	err := db.pool.QueryRow(ctx, `SELECT oblast_code, hromada_code FROM sites WHERE id = $1`, siteID).Scan(&at.Oblast, &hromada)
	if err != nil {
		return fmt.Errorf("postgres: site %d: %w", siteID, mapError(err, "id"))
	}
	at.Hromada = deref(hromada)
	return account.FromContext(ctx).MayEdit(at)
}

// AddSitePhotos stores a site's new photos in one statement (one entry in
// its history, see migration 14) and a new version of the site, while the
// site is locked, as UpdateSite checks its editor; their files are written
// under the same lock (see site.PhotoStore).
func (db *DB) AddSitePhotos(ctx context.Context, siteID int64, photos []photo.Photo, write photo.Files) (_ []photo.Photo, err error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: add site photos: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	st, err := lockSite(ctx, tx, siteID)
	if err != nil {
		return nil, err
	}
	if err := account.FromContext(ctx).MayEdit(st.place); err != nil {
		return nil, err
	}
	have, err := sitePhotos(ctx, tx, siteID, "true")
	if err != nil {
		return nil, err
	}
	bySum := make(map[string]photo.Photo, len(have)+len(photos))
	for _, p := range have {
		bySum[p.SHA256] = p
	}
	var fresh []photo.Photo
	for _, p := range photos {
		if _, ok := bySum[p.SHA256]; !ok {
			bySum[p.SHA256] = p
			fresh = append(fresh, p)
		}
	}
	if n := len(have) + len(fresh); n > site.MaxPhotos {
		return nil, domain.Invalid("photos",
			fmt.Sprintf("a site keeps at most %d photos; it has %d, and %d more were sent", site.MaxPhotos, len(have), len(fresh)),
			fmt.Sprintf("об'єкт має щонайбільше %d фото; у нього вже %d, надіслано ще %d", site.MaxPhotos, len(have), len(fresh)))
	}
	files, err := writePhotoFiles(ctx, write, fresh)
	if err != nil {
		return nil, err
	}
	defer func() { files.settle(err) }()
	if len(fresh) > 0 {
		var display, thumb, sums []string
		var w, h, tw, th []int
		for _, p := range fresh {
			display, thumb, sums = append(display, p.DisplayKey), append(thumb, p.ThumbKey), append(sums, p.SHA256)
			w, h, tw, th = append(w, p.Width), append(h, p.Height), append(tw, p.ThumbWidth), append(th, p.ThumbHeight)
		}
		rows, err := tx.Query(ctx, `
			INSERT INTO photos (site_id, position, display_key, thumb_key, width, height, thumb_width, thumb_height, sha256)
			SELECT $1, $2 + p.n - 1, p.display_key, p.thumb_key, p.width, p.height, p.thumb_width, p.thumb_height, p.sha256
			FROM unnest($3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[])
			     WITH ORDINALITY AS p(display_key, thumb_key, width, height, thumb_width, thumb_height, sha256, n)
			ORDER BY p.n
			RETURNING id, sha256`, siteID, len(have), display, thumb, w, h, tw, th, sums)
		if err != nil {
			return nil, fmt.Errorf("postgres: add site photos: %w", err)
		}
		for rows.Next() {
			var id int64
			var sum string
			if err := rows.Scan(&id, &sum); err != nil {
				rows.Close()
				return nil, fmt.Errorf("postgres: add site photos: %w", err)
			}
			p := bySum[sum]
			p.ID, p.SiteID = id, siteID
			bySum[sum] = p
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("postgres: add site photos: %w", mapError(err, "photos"))
		}
		if err := touchSite(ctx, tx, siteID); err != nil {
			return nil, err
		}
	}
	out := make([]photo.Photo, len(photos))
	for i, p := range photos {
		out[i] = bySum[p.SHA256]
	}
	if err := files.commit(ctx, tx); err != nil {
		return nil, fmt.Errorf("postgres: add site photos: %w", err)
	}
	return out, nil
}

// photoFiles are the files a transaction had written before its rows
// (see photo.Files): they go again if it ends in an error before its
// commit is sent. Once it is sent the commit may have taken effect even if
// it reports an error, so then they stay.
type photoFiles struct {
	remove func()
	sent   bool
}

// writePhotoFiles has write put the files of photos, if there are any.
func writePhotoFiles(ctx context.Context, write photo.Files, photos []photo.Photo) (*photoFiles, error) {
	files := &photoFiles{remove: func() {}}
	if len(photos) == 0 {
		return files, nil
	}
	remove, err := write(ctx, photos)
	if err != nil {
		return nil, err
	}
	files.remove = remove
	return files, nil
}

// commit sends the transaction's commit; the files stay from then on.
func (f *photoFiles) commit(ctx context.Context, tx pgx.Tx) error {
	f.sent = true
	return tx.Commit(ctx)
}

// settle removes the files if err ended the transaction before its commit
// was sent; it is deferred with the function's own error.
func (f *photoFiles) settle(err error) {
	if err != nil && !f.sent {
		f.remove()
	}
}

// FindSitePhotos lists a site's photos as the request's account may see
// them: the site's view (viewOf) decides, as it decides its geometry.
func (db *DB) FindSitePhotos(ctx context.Context, siteID int64) ([]photo.Photo, error) {
	args := argList{siteID}
	return sitePhotos(ctx, db.pool, siteID, viewOf(ctx, args.add).exact, args[1:]...)
}

// sitePhotos reads a site's photos in order where the condition on the
// site s holds; its arguments follow the site's id.
func sitePhotos(ctx context.Context, q querier, siteID int64, exact string, args ...any) ([]photo.Photo, error) {
	rows, err := q.Query(ctx, `SELECT `+photoColumns+` FROM photos ph JOIN sites s ON s.id = ph.site_id
		WHERE ph.site_id = $1 AND `+exact+` ORDER BY ph.position, ph.id`, append([]any{siteID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("postgres: site %d photos: %w", siteID, err)
	}
	defer rows.Close()
	var out []photo.Photo
	for rows.Next() {
		var p photo.Photo
		if err := scanPhoto(rows, &p); err != nil {
			return nil, fmt.Errorf("postgres: site %d photos: %w", siteID, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: site %d photos: %w", siteID, err)
	}
	return out, nil
}

// DeleteSitePhoto removes a photo of a site, moves those after it up, and
// makes a new version of the site, while the site is locked.
func (db *DB) DeleteSitePhoto(ctx context.Context, siteID, photoID int64) (photo.Photo, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return photo.Photo{}, fmt.Errorf("postgres: delete site photo: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	st, err := lockSite(ctx, tx, siteID)
	if err != nil {
		return photo.Photo{}, err
	}
	if err := account.FromContext(ctx).MayEdit(st.place); err != nil {
		return photo.Photo{}, err
	}
	var p photo.Photo
	var position int
	err = tx.QueryRow(ctx, `DELETE FROM photos ph WHERE ph.id = $2 AND ph.site_id = $1 RETURNING `+photoColumns+`, ph.position`,
		siteID, photoID).Scan(&p.ID, &p.DisplayKey, &p.ThumbKey, &p.Width, &p.Height, &p.ThumbWidth, &p.ThumbHeight, &p.SHA256,
		&p.SiteID, &position)
	if err != nil {
		return photo.Photo{}, fmt.Errorf("postgres: delete photo %d of site %d: %w", photoID, siteID, mapError(err, "photoId"))
	}
	if _, err := tx.Exec(ctx, `UPDATE photos SET position = position - 1 WHERE site_id = $1 AND position > $2`,
		siteID, position); err != nil {
		return photo.Photo{}, fmt.Errorf("postgres: delete site photo: %w", err)
	}
	if err := touchSite(ctx, tx, siteID); err != nil {
		return photo.Photo{}, err
	}
	return p, tx.Commit(ctx)
}

// touchSite makes a new version of a site whose photos changed, so that
// its ETag changes with them; the history keeps no entry for it (version
// and updated_at are bookkeeping, see migration 7).
func touchSite(ctx context.Context, tx pgx.Tx, siteID int64) error {
	if _, err := tx.Exec(ctx, `UPDATE sites SET version = version + 1, updated_at = now() WHERE id = $1`, siteID); err != nil {
		return fmt.Errorf("postgres: site %d: %w", siteID, err)
	}
	return nil
}
