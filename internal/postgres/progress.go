package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/progress"
)

var _ progress.Store = (*DB)(nil)

// CreateUpdate stores a progress update, its photos and the project's new
// progress in one transaction.
// The project is locked for the while, so that its place cannot change
// between the check of who may post and the post, and so that no other
// update of it names the files written here (see progress.Store).
func (db *DB) CreateUpdate(ctx context.Context, d progress.Draft, photos []progress.Photo, write photo.Files) (_ progress.Update, err error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return progress.Update{}, fmt.Errorf("postgres: create update: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	if _, err := lockProject(ctx, tx, d.ProjectID, 0, account.FromContext(ctx).MayEdit); err != nil {
		return progress.Update{}, err
	}
	fresh, err := unnamedPhotos(ctx, tx, photos)
	if err != nil {
		return progress.Update{}, fmt.Errorf("postgres: create update: %w", err)
	}
	files, err := writePhotoFiles(ctx, write, fresh)
	if err != nil {
		return progress.Update{}, err
	}
	defer func() { files.settle(err) }()
	u := progress.Update{ProjectID: d.ProjectID, Body: d.Body, Progress: d.Progress, On: d.On}
	err = tx.QueryRow(ctx, `INSERT INTO project_updates (project_id, body, progress, on_date) VALUES ($1, $2, $3, $4)
		RETURNING id, created_at`, d.ProjectID, d.Body, d.Progress, d.On).Scan(&u.ID, &u.CreatedAt)
	if err != nil {
		return progress.Update{}, fmt.Errorf("postgres: create update: %w", err)
	}
	for i, p := range photos {
		err := tx.QueryRow(ctx, `INSERT INTO photos (update_id, position, display_key, thumb_key, width, height,
			thumb_width, thumb_height, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			u.ID, i, p.DisplayKey, p.ThumbKey, p.Width, p.Height, p.ThumbWidth, p.ThumbHeight, p.SHA256).Scan(&p.ID)
		if err != nil {
			return progress.Update{}, fmt.Errorf("postgres: create update: photo %d: %w", i, err)
		}
		u.Photos = append(u.Photos, p)
	}
	if d.Progress != nil {
		if _, err := tx.Exec(ctx, `UPDATE projects SET progress = $2, version = version + 1, updated_at = now() WHERE id = $1`,
			d.ProjectID, *d.Progress); err != nil {
			return progress.Update{}, fmt.Errorf("postgres: create update: %w", err)
		}
	}
	if err := files.commit(ctx, tx); err != nil {
		return progress.Update{}, fmt.Errorf("postgres: create update: %w", err)
	}
	return u, nil
}

// unnamedPhotos are the photos, each once, whose files no row names yet:
// those whose files are still to be written.
func unnamedPhotos(ctx context.Context, tx pgx.Tx, photos []photo.Photo) ([]photo.Photo, error) {
	keys := make([]string, len(photos))
	for i, p := range photos {
		keys[i] = p.DisplayKey
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT display_key FROM photos WHERE display_key = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	named, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	var fresh []photo.Photo
	for _, p := range photos {
		if !slices.Contains(named, p.DisplayKey) {
			named = append(named, p.DisplayKey)
			fresh = append(fresh, p)
		}
	}
	return fresh, nil
}

// MayPostUpdate tells whether the request's account may post an update
// to a project, before its photos are processed at all.
func (db *DB) MayPostUpdate(ctx context.Context, projectID int64) error {
	var at account.Place
	err := db.pool.QueryRow(ctx, `SELECT oblast_code, hromada_code FROM projects WHERE id = $1`, projectID).Scan(&at.Oblast, &at.Hromada)
	if err != nil {
		return fmt.Errorf("postgres: project %d: %w", projectID, mapError(err, "id"))
	}
	return account.FromContext(ctx).MayEdit(at)
}

// hidesPlace is true where the project (an SQL expression for its id) has
// a site the viewer may not see exactly: the photos of its updates may
// show where that site is, as a site's own photos may.
func hidesPlace(project string, view siteView) string {
	return `EXISTS (SELECT 1 FROM project_sites ps JOIN sites s ON s.id = ps.site_id
		WHERE ps.project_id = ` + project + ` AND NOT (` + view.exact + `))`
}

// FindUpdates lists a project's updates, newest first, with their photos.
func (db *DB) FindUpdates(ctx context.Context, projectID int64) ([]progress.Update, error) {
	ok, err := db.exists(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1)`, projectID)
	if err != nil {
		return nil, fmt.Errorf("postgres: find updates: %w", err)
	}
	if !ok {
		return nil, domain.ErrNotFound
	}
	args := argList{projectID}
	rows, err := db.pool.Query(ctx, `
		SELECT u.id, u.body, u.progress, u.on_date, u.created_at, ph.id, ph.width, ph.height, ph.thumb_width,
		       ph.thumb_height, ph.sha256
		FROM project_updates u LEFT JOIN photos ph ON ph.update_id = u.id
		     AND NOT `+hidesPlace("u.project_id", viewOf(ctx, args.add))+`
		WHERE u.project_id = $1 ORDER BY u.on_date DESC, u.id DESC, ph.position`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: find updates: %w", err)
	}
	defer rows.Close()
	var out []progress.Update
	for rows.Next() {
		var u progress.Update
		var pid *int64
		var w, h, tw, th *int
		var sum *string
		if err := rows.Scan(&u.ID, &u.Body, &u.Progress, &u.On, &u.CreatedAt, &pid, &w, &h, &tw, &th, &sum); err != nil {
			return nil, fmt.Errorf("postgres: find updates: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].ID != u.ID {
			u.ProjectID = projectID
			out = append(out, u)
		}
		if pid != nil {
			last := &out[len(out)-1]
			last.Photos = append(last.Photos, progress.Photo{ID: *pid, Width: *w, Height: *h, ThumbWidth: *tw, ThumbHeight: *th, SHA256: *sum})
		}
	}
	return out, rows.Err()
}

// FindPhoto returns where a photo's files are. A site's photo is found
// only where the request's account sees the site exactly (viewOf), and an
// update's only where it sees every site of the project so: a photo can
// show where a sensitive site is.
func (db *DB) FindPhoto(ctx context.Context, id int64) (progress.Photo, error) {
	var p progress.Photo
	args := argList{id}
	view := viewOf(ctx, args.add)
	err := scanPhoto(db.pool.QueryRow(ctx, `SELECT `+photoColumns+` FROM photos ph LEFT JOIN sites s ON s.id = ph.site_id
		LEFT JOIN project_updates u ON u.id = ph.update_id
		WHERE ph.id = $1 AND (ph.site_id IS NULL OR `+view.exact+`)
		  AND (ph.update_id IS NULL OR NOT `+hidesPlace("u.project_id", view)+`)`, args...), &p)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, domain.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("postgres: find photo %d: %w", id, err)
	}
	return p, nil
}
