package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/postgres"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

// stored is a photo as the HTTP layer hands it to the store, its files
// already kept; n makes its hash.
func stored(siteID int64, n int) photo.Photo {
	sum := fmt.Sprintf("%064x", n)
	base := fmt.Sprintf("sites/%d/%s", siteID, sum)
	return photo.Photo{DisplayKey: base + "-display.jpg", ThumbKey: base + "-thumb.jpg", Width: 1600, Height: 1200,
		ThumbWidth: 320, ThumbHeight: 240, SHA256: sum}
}

// photoFiles stands for the photo store in AddSitePhotos: it records the
// hashes of the photos it is asked to write and of those removed again;
// then, if set, it fails, or runs after (to break what follows).
type photoFiles struct {
	written, removed []string
	fail             error
	after            func()
}

func (f *photoFiles) write(_ context.Context, ps []photo.Photo) (func(), error) {
	if f.fail != nil {
		return nil, f.fail
	}
	for _, p := range ps {
		f.written = append(f.written, p.SHA256)
	}
	if f.after != nil {
		f.after()
	}
	return func() {
		for _, p := range ps {
			f.removed = append(f.removed, p.SHA256)
		}
	}, nil
}

// sums are the hashes of stored(_, n) for each n.
func sums(ns ...int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = stored(0, n).SHA256
	}
	return out
}

func photoIDs(ps []photo.Photo) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

// positions are a site's photos' ids in the order of their positions,
// and whether the positions run from 0 without a gap.
func positions(t *testing.T, db *postgres.DB, siteID int64) ([]int64, bool) {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), `SELECT id, position FROM photos WHERE site_id = $1 ORDER BY position`, siteID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	gapless := true
	for rows.Next() {
		var id int64
		var pos int
		if err := rows.Scan(&id, &pos); err != nil {
			t.Fatal(err)
		}
		gapless = gapless && pos == len(ids)
		ids = append(ids, id)
	}
	return ids, gapless
}

func TestSitePhotoStore(t *testing.T) {
	db, _ := testdb.New(t)
	admin := asAdmin()
	editor := account.WithUser(context.Background(), &account.User{Role: account.Editor, Hromadas: []string{kharkivHromada}})
	elsewhere := account.WithUser(context.Background(), &account.User{Role: account.Editor, Hromadas: []string{"UA80000000000093317"}})
	public := context.Background()

	f, _, err := db.CreateSite(admin, draft(36.2304, 49.9935), nil)
	if err != nil {
		t.Fatal(err)
	}
	id := f.ID
	version := func(t *testing.T) int {
		t.Helper()
		var v int
		if err := db.Pool().QueryRow(admin, `SELECT version FROM sites WHERE id = $1`, id).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}

	t.Run("an editor of another hromada is refused in the transaction, and nothing is kept or written", func(t *testing.T) {
		if err := db.MayChangeSitePhotos(elsewhere, id); !errors.Is(err, account.ErrForbidden) {
			t.Errorf("MayChangeSitePhotos: %v, want forbidden", err)
		}
		var files photoFiles
		if _, err := db.AddSitePhotos(elsewhere, id, []photo.Photo{stored(id, 1)}, files.write); !errors.Is(err, account.ErrForbidden) {
			t.Errorf("AddSitePhotos: %v, want forbidden", err)
		}
		if _, err := db.AddSitePhotos(public, id, []photo.Photo{stored(id, 1)}, files.write); !errors.Is(err, account.ErrUnauthenticated) {
			t.Errorf("AddSitePhotos by the public: %v, want unauthenticated", err)
		}
		if got, _ := positions(t, db, id); len(got) != 0 {
			t.Errorf("photos %v were kept", got)
		}
		if len(files.written) != 0 {
			t.Errorf("files of %v were written", files.written)
		}
	})
	t.Run("a site that does not exist is not found", func(t *testing.T) {
		if err := db.MayChangeSitePhotos(editor, 987654321); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("MayChangeSitePhotos: %v", err)
		}
		var files photoFiles
		if _, err := db.AddSitePhotos(editor, 987654321, []photo.Photo{stored(1, 1)}, files.write); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("AddSitePhotos: %v", err)
		}
		if len(files.written) != 0 {
			t.Errorf("files of %v were written", files.written)
		}
	})

	var first []photo.Photo
	t.Run("the hromada's editor adds photos: numbered in order, a new version of the site, each file written once", func(t *testing.T) {
		before := version(t)
		var files photoFiles
		first, err = db.AddSitePhotos(editor, id, []photo.Photo{stored(id, 1), stored(id, 2), stored(id, 1)}, files.write)
		if err != nil {
			t.Fatal(err)
		}
		if len(first) != 3 || first[0].ID == 0 || first[0].ID != first[2].ID || first[1].SiteID != id {
			t.Fatalf("stored %+v", first)
		}
		got, gapless := positions(t, db, id)
		if !slices.Equal(got, photoIDs(first[:2])) || !gapless {
			t.Errorf("positions hold %v (gapless %v), want %v", got, gapless, photoIDs(first[:2]))
		}
		if v := version(t); v != before+1 {
			t.Errorf("version %d, want %d", v, before+1)
		}
		if !slices.Equal(files.written, sums(1, 2)) || len(files.removed) != 0 {
			t.Errorf("files written %v, removed %v; want those of photos 1 and 2, none removed", files.written, files.removed)
		}
	})
	t.Run("the same photo again is the one the site has: no new version, no file written", func(t *testing.T) {
		before := version(t)
		var files photoFiles
		again, err := db.AddSitePhotos(editor, id, []photo.Photo{stored(id, 2)}, files.write)
		if err != nil || len(again) != 1 || again[0].ID != first[1].ID {
			t.Fatalf("%v %+v", err, again)
		}
		if v := version(t); v != before {
			t.Errorf("version %d, want %d", v, before)
		}
		if len(files.written) != 0 {
			t.Errorf("files of %v were written again", files.written)
		}
	})
	t.Run("a write that fails keeps no row", func(t *testing.T) {
		disk := errors.New("the disk is full")
		files := photoFiles{fail: disk}
		if _, err := db.AddSitePhotos(editor, id, []photo.Photo{stored(id, 3)}, files.write); !errors.Is(err, disk) {
			t.Errorf("%v, want the store's error", err)
		}
		if got, _ := positions(t, db, id); len(got) != 2 {
			t.Errorf("the site has %d photos, want 2", len(got))
		}
	})
	t.Run("rows that cannot be kept take their files away again", func(t *testing.T) {
		ctx, cancel := context.WithCancel(editor)
		defer cancel()
		files := photoFiles{after: cancel} // the insert after the write fails
		if _, err := db.AddSitePhotos(ctx, id, []photo.Photo{stored(id, 4), stored(id, 5)}, files.write); err == nil {
			t.Fatal("the photos were kept though the request was cancelled")
		}
		if !slices.Equal(files.written, sums(4, 5)) || !slices.Equal(files.removed, files.written) {
			t.Errorf("files written %v, removed %v; want both removed", files.written, files.removed)
		}
		if got, _ := positions(t, db, id); len(got) != 2 {
			t.Errorf("the site has %d photos, want 2", len(got))
		}
	})
	t.Run("more than the most a site keeps are refused whole, before a file is written", func(t *testing.T) {
		many := make([]photo.Photo, site.MaxPhotos-1)
		for i := range many {
			many[i] = stored(id, 100+i)
		}
		var ve *domain.ValidationError
		var files photoFiles
		if _, err := db.AddSitePhotos(editor, id, many, files.write); !errors.As(err, &ve) || ve.Field != "photos" {
			t.Fatalf("%v, want a validation error of photos", err)
		}
		if got, _ := positions(t, db, id); len(got) != 2 {
			t.Errorf("the site has %d photos, want 2", len(got))
		}
		if len(files.written) != 0 {
			t.Errorf("files of %d refused photos were written", len(files.written))
		}
		if _, err := db.AddSitePhotos(editor, id, many[:site.MaxPhotos-2], files.write); err != nil {
			t.Errorf("up to the most: %v", err)
		}
	})
	t.Run("deleting a photo moves those after it up; a photo of another site is not found", func(t *testing.T) {
		ids, _ := positions(t, db, id)
		other, _, err := db.CreateSite(admin, draft(36.2304, 49.9935), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DeleteSitePhoto(editor, other.ID, ids[0]); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("through another site: %v", err)
		}
		if _, err := db.DeleteSitePhoto(elsewhere, id, ids[0]); !errors.Is(err, account.ErrForbidden) {
			t.Errorf("by another hromada's editor: %v", err)
		}
		before := version(t)
		p, err := db.DeleteSitePhoto(editor, id, ids[1])
		if err != nil || p.ID != ids[1] || p.DisplayKey != first[1].DisplayKey {
			t.Fatalf("%v %+v", err, p)
		}
		got, gapless := positions(t, db, id)
		if want := slices.Delete(slices.Clone(ids), 1, 2); !slices.Equal(got, want) || !gapless {
			t.Errorf("positions hold %v (gapless %v), want %v", got, gapless, want)
		}
		if v := version(t); v != before+1 {
			t.Errorf("version %d, want %d", v, before+1)
		}
		if _, err := db.DeleteSitePhoto(editor, id, ids[1]); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("again: %v", err)
		}
	})
	t.Run("the history has one entry per change, with the photos before and after", func(t *testing.T) {
		entries, err := db.FindHistory(public, "site", id, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for _, e := range entries {
			var c struct {
				Photos *struct{ Before, After []int64 }
			}
			if json.Unmarshal(e.Changes, &c) == nil && c.Photos != nil {
				seen = append(seen, fmt.Sprint(len(c.Photos.Before), "→", len(c.Photos.After)))
			}
		}
		if got := strings.Join(seen, " "); got != "20→19 2→20 0→2" {
			t.Errorf("entries of photos, newest first: %s", got)
		}
	})
	t.Run("a row of both an update and a site is refused by the database", func(t *testing.T) {
		_, err := db.Pool().Exec(admin, `INSERT INTO photos (update_id, site_id, position, display_key, thumb_key, width, height,
			thumb_width, thumb_height, sha256) VALUES (1, $1, 0, 'a', 'b', 1, 1, 1, 1, repeat('c', 64))`, id)
		if err == nil || !strings.Contains(err.Error(), "photos") {
			t.Errorf("%v", err)
		}
	})
	t.Run("a sensitive site's photos are found only by those who see it exactly", func(t *testing.T) {
		sensitive := true
		if _, err := db.UpdateSite(admin, id, site.Patch{Sensitive: &sensitive}, 0); err != nil {
			t.Fatal(err)
		}
		ids, _ := positions(t, db, id)
		for name, ctx := range map[string]context.Context{"the public": public, "another hromada's editor": elsewhere} {
			if got, err := db.FindSitePhotos(ctx, id); err != nil || len(got) != 0 {
				t.Errorf("%s finds %d photos (%v)", name, len(got), err)
			}
			if _, err := db.FindPhoto(ctx, ids[0]); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("%s finds the photo: %v", name, err)
			}
		}
		for name, ctx := range map[string]context.Context{"its hromada's editor": editor, "an admin": admin} {
			if got, err := db.FindSitePhotos(ctx, id); err != nil || len(got) != len(ids) {
				t.Errorf("%s finds %d photos (%v), want %d", name, len(got), err, len(ids))
			}
			if p, err := db.FindPhoto(ctx, ids[0]); err != nil || p.SiteID != id {
				t.Errorf("%s: %v %+v", name, err, p)
			}
		}
	})
}
