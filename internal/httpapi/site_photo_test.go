package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vidbudova/vidbudova/internal/photo"
)

// photoFile is one file of a multipart upload.
type photoFile struct {
	name string
	data []byte
}

// multipartPhotos is a form with the files as "photos".
func multipartPhotos(t *testing.T, files ...photoFile) (string, io.Reader) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		part, err := mw.CreateFormFile("photos", f.name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(f.data) //nolint:errcheck // a bytes.Buffer
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), &b
}

// picture is a small gradient, different for every seed, so that each
// seed makes another photo (another SHA-256).
func picture(seed, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), uint8(seed * 37), 255})
		}
	}
	return img
}

func jpegPhoto(t *testing.T, seed int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(seed, 64, 48), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngPhoto(t *testing.T, seed int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, picture(seed, 40, 30)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gpsMark is what withGPS writes into a photo's EXIF: where it was taken.
const gpsMark = "GPSLatitude 50.450100 N GPSLongitude 30.523400 E"

// withGPS puts an EXIF segment (APP1) after a JPEG's SOI marker, as a
// phone writes one: a TIFF header, an empty IFD, and the position.
func withGPS(jpg []byte) []byte {
	body := append([]byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"), gpsMark...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(body)+2))
	seg = append(seg, body...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// updatePhoto posts a progress update with one photo to a project as the
// admin and returns the photo's id.
func (w *world) updatePhoto(projectID int64) int64 {
	w.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("body", "Демонтаж завершено.") //nolint:errcheck // a bytes.Buffer
	mw.WriteField("date", "2025-06-01")          //nolint:errcheck
	part, err := mw.CreateFormFile("photos", "work.jpg")
	if err != nil {
		w.t.Fatal(err)
	}
	part.Write(jpegPhoto(w.t, int(projectID)+100)) //nolint:errcheck
	mw.Close()                                     //nolint:errcheck
	status, body := w.call("admin", "POST", "/api/v1/projects/"+itoa(projectID)+"/updates", mw.FormDataContentType(), &b)
	var u struct {
		Photos []struct {
			ID int64 `json:"id"`
		} `json:"photos"`
	}
	if status != http.StatusCreated || json.Unmarshal(body, &u) != nil || len(u.Photos) != 1 {
		w.t.Fatalf("update of project %d: %d %s", projectID, status, body)
	}
	return u.Photos[0].ID
}

// sitePhoto adds a photo to a site as the account and returns its id.
func (w *world) sitePhoto(as string, siteID int64) int64 {
	w.t.Helper()
	ct, body := multipartPhotos(w.t, photoFile{"site.jpg", jpegPhoto(w.t, int(siteID))})
	status, b := w.call(as, "POST", "/api/v1/sites/"+itoa(siteID)+"/photos", ct, body)
	var r sitePhotosOut
	if status != http.StatusCreated || json.Unmarshal(b, &r) != nil || len(r.Photos) != 1 {
		w.t.Fatalf("photo of site %d: %d %s", siteID, status, b)
	}
	return r.Photos[0].ID
}

type photoOut struct {
	ID          int64  `json:"id"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	ThumbWidth  int    `json:"thumb_width"`
	ThumbHeight int    `json:"thumb_height"`
	SHA256      string `json:"sha256"`
	Href        string `json:"href"`
	ThumbHref   string `json:"thumb_href"`
}

type sitePhotosOut struct {
	SiteID int64      `json:"site_id"`
	Photos []photoOut `json:"photos"`
}

type siteOut struct {
	Properties struct {
		Version int         `json:"version"`
		Photos  *[]photoOut `json:"photos"`
	} `json:"properties"`
}

func ids(photos []photoOut) []int64 {
	out := make([]int64, len(photos))
	for i, p := range photos {
		out[i] = p.ID
	}
	return out
}

// TestSitePhotos follows a site's photos through the API, on the real
// database and a real photo store: who may add them, what is kept of
// them, where they show, what is refused and why, and their deletion.
func TestSitePhotos(t *testing.T) {
	w := newWorld(t, false)
	_, router := loadContract(t)
	siteID := w.site("editor A", pointA).ID
	path := "/api/v1/sites/" + itoa(siteID) + "/photos"
	as := func(role string, extra ...string) map[string]string {
		h := map[string]string{"Authorization": ""}
		if tok := w.tokens[role]; tok != "" {
			h["Authorization"] = "Bearer " + tok
		}
		for i := 0; i+1 < len(extra); i += 2 {
			h[extra[i]] = extra[i+1]
		}
		return h
	}
	form := func(t *testing.T, files ...photoFile) (string, string) {
		ct, body := multipartPhotos(t, files...)
		b, _ := io.ReadAll(body)
		return ct, string(b)
	}
	// post sends photos, as the account, holding the exchange to the contract.
	post := func(t *testing.T, role, target string, want int, breaksDoc bool, files ...photoFile) []byte {
		t.Helper()
		ct, body := form(t, files...)
		_, b := check(t, router, w.ts, "POST", target, as(role, "Content-Type", ct), body, want, breaksDoc)
		return b
	}
	readSite := func(t *testing.T, role string) siteOut {
		t.Helper()
		_, b := check(t, router, w.ts, "GET", "/api/v1/sites/"+itoa(siteID), as(role), "", http.StatusOK, false)
		var s siteOut
		if err := json.Unmarshal(b, &s); err != nil || s.Properties.Photos == nil {
			t.Fatalf("the site's answer has no photos: %v %.400s", err, b)
		}
		return s
	}
	newest := func(t *testing.T) (actor string, before, after []int64) {
		t.Helper()
		_, b := w.call("public", "GET", "/api/v1/sites/"+itoa(siteID)+"/history", "", nil)
		var h struct {
			Entries []struct {
				Action  string
				Actor   *struct{ Role string }
				Changes struct {
					Photos *struct{ Before, After []int64 }
				}
			}
		}
		if err := json.Unmarshal(b, &h); err != nil || len(h.Entries) == 0 {
			t.Fatalf("history: %v %.300s", err, b)
		}
		e := h.Entries[0]
		if e.Action != "update" || e.Changes.Photos == nil || e.Actor == nil {
			t.Fatalf("the newest entry is not a change of photos by an account: %.400s", b)
		}
		return e.Actor.Role, e.Changes.Photos.Before, e.Changes.Photos.After
	}
	count := func(t *testing.T) int {
		t.Helper()
		var n int
		if err := w.db.Pool().QueryRow(t.Context(), `SELECT count(*) FROM photos WHERE site_id = $1`, siteID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// siteFiles are the names of the site's files in the photo store.
	siteFiles := func(t *testing.T) []string {
		t.Helper()
		entries, err := os.ReadDir(filepath.Join(w.photos.Dir, "sites", itoa(siteID)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return names
	}

	phone := photoFile{"IMG_0001.jpg", withGPS(jpegPhoto(t, 1))}
	var added []photoOut
	t.Run("the hromada's editor adds a phone photo and a PNG: 201 with both renditions of each", func(t *testing.T) {
		b := post(t, "editor A", path, http.StatusCreated, false, phone, photoFile{"plan.png", pngPhoto(t, 2)})
		var r sitePhotosOut
		if err := json.Unmarshal(b, &r); err != nil || r.SiteID != siteID || len(r.Photos) != 2 {
			t.Fatalf("answer: %v %s", err, b)
		}
		added = r.Photos
		for _, p := range added {
			base := "/api/v1/photos/" + itoa(p.ID)
			if p.Href != base+"/display" || p.ThumbHref != base+"/thumb" || p.Width != 64 && p.Width != 40 {
				t.Errorf("photo %+v", p)
			}
		}
	})
	if len(added) != 2 {
		t.FailNow()
	}
	t.Run("its files are JPEGs of the sizes said, with no EXIF and no GPS left", func(t *testing.T) {
		for _, p := range added {
			for href, size := range map[string][2]int{p.Href: {p.Width, p.Height}, p.ThumbHref: {p.ThumbWidth, p.ThumbHeight}} {
				res, err := w.ts.Client().Get(w.ts.URL + href)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
					t.Fatalf("GET %s: %d %s", href, res.StatusCode, res.Header.Get("Content-Type"))
				}
				if cc := res.Header.Get("Cache-Control"); strings.Contains(cc, "public") {
					t.Errorf("GET %s: Cache-Control %q lets shared caches keep a photo that may become sensitive", href, cc)
				}
				for _, leak := range []string{"Exif", "GPS", "50.4501"} {
					if bytes.Contains(b, []byte(leak)) {
						t.Errorf("GET %s still holds %q", href, leak)
					}
				}
				cfg, err := jpeg.DecodeConfig(bytes.NewReader(b))
				if err != nil || cfg.Width != size[0] || cfg.Height != size[1] {
					t.Errorf("GET %s: %v, %d×%d, want %v", href, err, cfg.Width, cfg.Height, size)
				}
			}
		}
	})
	t.Run("the site's answer lists them, in order, and the list of sites does not", func(t *testing.T) {
		s := readSite(t, "public")
		if got := ids(*s.Properties.Photos); !slices.Equal(got, ids(added)) {
			t.Errorf("the site lists photos %v, want %v", got, ids(added))
		}
		if s.Properties.Version != 2 {
			t.Errorf("adding photos made version %d of the site, want 2 (its ETag must change)", s.Properties.Version)
		}
		_, list := w.call("public", "GET", "/api/v1/sites?hromada="+w.hromadaA, "", nil)
		if !strings.Contains(string(list), `"id":`+itoa(siteID)+`,`) || strings.Contains(string(list), `"photos"`) {
			t.Errorf("the list should have the site without photos: %.300s", list)
		}
	})
	t.Run("the site's history records the photos added, by the editor", func(t *testing.T) {
		actor, before, after := newest(t)
		if actor != "editor" || len(before) != 0 || !slices.Equal(after, ids(added)) {
			t.Errorf("the newest entry: %s, photos %v → %v", actor, before, after)
		}
	})
	t.Run("sending the same photo again adds nothing and answers the photo the site has", func(t *testing.T) {
		b := post(t, "editor A", path, http.StatusCreated, false, phone)
		var r sitePhotosOut
		if err := json.Unmarshal(b, &r); err != nil || len(r.Photos) != 1 || r.Photos[0].ID != added[0].ID {
			t.Errorf("answer %s, want photo %d again", b, added[0].ID)
		}
		if n := count(t); n != 2 {
			t.Errorf("the site has %d photos, want 2", n)
		}
		if v := readSite(t, "public").Properties.Version; v != 2 {
			t.Errorf("nothing added, yet the site is at version %d", v)
		}
	})
	t.Run("another hromada's editor and the public may not add photos", func(t *testing.T) {
		post(t, "editor B", path, http.StatusForbidden, false, photoFile{"b.jpg", jpegPhoto(t, 3)})
		post(t, "public", path, http.StatusUnauthorized, true, photoFile{"b.jpg", jpegPhoto(t, 3)})
		if n := count(t); n != 2 {
			t.Errorf("the site has %d photos, want 2", n)
		}
	})

	t.Run("bad uploads are refused with the field named, in Ukrainian or in English", func(t *testing.T) {
		seven := make([]photoFile, photo.MaxPerUpload+1)
		for i := range seven {
			seven[i] = photoFile{"p" + strconv.Itoa(i) + ".jpg", jpegPhoto(t, 10+i)}
		}
		huge := append(jpegPhoto(t, 4), make([]byte, photo.DefaultMaxBytes)...)
		tests := []struct {
			name      string
			target    string
			files     []photoFile
			lang      string
			status    int
			breaksDoc bool
			field     string
			reason    string
		}{
			{name: "a text file is not a picture", files: []photoFile{{"notes.txt", []byte("Фото будуть завтра.")}},
				status: 422, field: "photos[0]", reason: "notes.txt: цей файл — не зображення"},
			{name: "in English when asked", files: []photoFile{{"notes.txt", []byte("Photos tomorrow.")}}, lang: "en",
				status: 422, field: "photos[0]", reason: "notes.txt: this file is not a picture"},
			{name: "a bad second file refuses the good first one too",
				files:  []photoFile{{"ok.jpg", jpegPhoto(t, 5)}, {"scan.pdf", []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")}},
				status: 422, field: "photos[1]", reason: "scan.pdf: цей файл — не зображення"},
			{name: "a truncated photo is damaged", files: []photoFile{{"cut.jpg", jpegPhoto(t, 6)[:300]}},
				status: 422, field: "photos[0]", reason: "зображення пошкоджене чи неповне"},
			{name: "a file over 15 MB is too large", files: []photoFile{{"huge.jpg", huge}},
				status: 422, field: "photos[0]", reason: "huge.jpg: файл більший за 15 МБ"},
			{name: "seven photos at once are too many", files: seven, breaksDoc: true,
				status: 422, field: "photos", reason: "щонайбільше 6 фото за один раз"},
			{name: "a form without a photo", files: nil, breaksDoc: true,
				status: 422, field: "photos", reason: "надішліть хоча б одне фото"},
			{name: "a site that does not exist is a 404", target: "/api/v1/sites/987654321/photos",
				files: []photoFile{{"ok.jpg", jpegPhoto(t, 7)}}, status: 404},
			{name: "a site id that is not a number is a 400", target: "/api/v1/sites/abc/photos",
				files: []photoFile{{"ok.jpg", jpegPhoto(t, 7)}}, status: 400, breaksDoc: true, field: "id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				target := path
				if tt.target != "" {
					target = tt.target
				}
				ct, body := form(t, tt.files...)
				_, b := check(t, router, w.ts, "POST", target, as("editor A", "Content-Type", ct, "Accept-Language", tt.lang),
					body, tt.status, tt.breaksDoc)
				var p struct {
					Field  string
					Detail string
				}
				if err := json.Unmarshal(b, &p); err != nil || p.Field != tt.field || !strings.Contains(p.Detail, tt.reason) {
					t.Errorf("problem %s, want field %q and %q", b, tt.field, tt.reason)
				}
				if n := count(t); n != 2 {
					t.Errorf("the site has %d photos, want 2", n)
				}
			})
		}
		t.Run("a JSON body is a 415", func(t *testing.T) {
			check(t, router, w.ts, "POST", path, as("editor A", "Content-Type", "application/json"), `{"photos":[]}`, 415, true)
		})
	})

	t.Run("a site keeps at most 20 photos", func(t *testing.T) {
		for batch := range 3 {
			files := make([]photoFile, 6)
			for i := range files {
				files[i] = photoFile{"more.jpg", jpegPhoto(t, 100+batch*6+i)}
			}
			post(t, "editor A", path, http.StatusCreated, false, files...)
		}
		before := siteFiles(t)
		b := post(t, "editor A", path, http.StatusUnprocessableEntity, false, photoFile{"21.jpg", jpegPhoto(t, 200)})
		if !strings.Contains(string(b), `"field":"photos"`) {
			t.Errorf("problem %s", b)
		}
		if n := count(t); n != 20 {
			t.Errorf("the site has %d photos, want 20", n)
		}
		if after := siteFiles(t); !slices.Equal(after, before) || len(after) != 40 {
			t.Errorf("the refused photo left files: %d before, %d after, want 40 (two of each photo)", len(before), len(after))
		}
	})

	first := added[0]
	del := "/api/v1/sites/" + itoa(siteID) + "/photos/" + itoa(first.ID)
	t.Run("another hromada's editor may not delete a photo", func(t *testing.T) {
		check(t, router, w.ts, "DELETE", del, as("editor B"), "", http.StatusForbidden, false)
	})
	t.Run("the editor deletes a photo: 204, the site lists the others, its files and its address are gone", func(t *testing.T) {
		before := readSite(t, "editor A")
		check(t, router, w.ts, "DELETE", del, as("editor A"), "", http.StatusNoContent, false)
		after := readSite(t, "editor A")
		if got, want := ids(*after.Properties.Photos), ids(*before.Properties.Photos)[1:]; !slices.Equal(got, want) {
			t.Errorf("the site lists %v, want %v", got, want)
		}
		if after.Properties.Version != before.Properties.Version+1 {
			t.Errorf("version %d after deleting, want %d", after.Properties.Version, before.Properties.Version+1)
		}
		if status, _ := w.call("editor A", "GET", first.Href, "", nil); status != http.StatusNotFound {
			t.Errorf("GET %s after deleting: %d", first.Href, status)
		}
		for _, kind := range []string{"-display.jpg", "-thumb.jpg"} {
			if _, err := w.photos.Open(t.Context(), "sites/"+itoa(siteID)+"/"+first.SHA256+kind); !errors.Is(err, photo.ErrNotFound) {
				t.Errorf("the %s file is still there: %v", kind, err)
			}
		}
		actor, hb, ha := newest(t)
		if actor != "editor" || !slices.Equal(hb, ids(*before.Properties.Photos)) || !slices.Equal(ha, ids(*after.Properties.Photos)) {
			t.Errorf("the newest entry: %s, photos %v → %v", actor, hb, ha)
		}
	})
	t.Run("deleting it again, or through another site, is a 404", func(t *testing.T) {
		check(t, router, w.ts, "DELETE", del, as("editor A"), "", http.StatusNotFound, false)
		other := w.site("editor A", pointA).ID
		second := "/api/v1/sites/" + itoa(other) + "/photos/" + itoa(added[1].ID)
		check(t, router, w.ts, "DELETE", second, as("editor A"), "", http.StatusNotFound, false)
	})
	t.Run("a photo added after a deletion comes last", func(t *testing.T) {
		b := post(t, "editor A", path, http.StatusCreated, false, photoFile{"last.jpg", jpegPhoto(t, 300)})
		var r sitePhotosOut
		if err := json.Unmarshal(b, &r); err != nil || len(r.Photos) != 1 {
			t.Fatalf("answer %s", b)
		}
		list := *readSite(t, "public").Properties.Photos
		if len(list) != 20 || list[19].ID != r.Photos[0].ID {
			t.Errorf("the new photo %d is not last of 20: %v", r.Photos[0].ID, ids(list))
		}
	})
	t.Run("deleting the site takes its photos with it, rows and files", func(t *testing.T) {
		left := *readSite(t, "editor A").Properties.Photos
		w.must("DELETE", "/api/v1/sites/"+itoa(siteID), "", "", http.StatusNoContent)
		if n := count(t); n != 0 {
			t.Errorf("%d photos of the deleted site are left", n)
		}
		for _, p := range left {
			for _, kind := range []string{"-display.jpg", "-thumb.jpg"} {
				if _, err := w.photos.Open(t.Context(), "sites/"+itoa(siteID)+"/"+p.SHA256+kind); !errors.Is(err, photo.ErrNotFound) {
					t.Errorf("photo %d: the %s file outlived its site: %v", p.ID, kind, err)
				}
			}
		}
	})
}

// TestDeletingADraftTakesItsUpdatePhotos: a project's update photos are
// kept under the project, so the files of a deleted draft go with it.
func TestDeletingADraftTakesItsUpdatePhotos(t *testing.T) {
	w := newWorld(t, false)
	projectID := w.project(w.site("editor A", pointA).ID)
	photoID := w.updatePhoto(projectID)
	var keys [2]string
	if err := w.db.Pool().QueryRow(t.Context(), `SELECT display_key, thumb_key FROM photos WHERE id = $1`, photoID).
		Scan(&keys[0], &keys[1]); err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		if !strings.HasPrefix(key, "projects/"+itoa(projectID)+"/") {
			t.Errorf("the update's file %s is not kept under its project", key)
		}
		f, err := w.photos.Open(t.Context(), key)
		if err != nil {
			t.Fatalf("the update's file %s: %v", key, err)
		}
		f.Close()
	}
	w.must("DELETE", "/api/v1/projects/"+itoa(projectID), "", "", http.StatusNoContent)
	for _, key := range keys {
		if _, err := w.photos.Open(t.Context(), key); !errors.Is(err, photo.ErrNotFound) {
			t.Errorf("the file %s outlived its draft: %v", key, err)
		}
	}
}

// TestAFailedPhotoWriteTakesBackWhatItWrote: when the photo store fails
// partway through an upload, the files already written go again and no
// row is kept.
func TestAFailedPhotoWriteTakesBackWhatItWrote(t *testing.T) {
	w := newWorld(t, false)
	siteID := w.site("editor A", pointA).ID
	first, second := jpegPhoto(t, 1), jpegPhoto(t, 2)
	sum := sha256.Sum256(second)
	// A folder that is not empty where the second photo's thumbnail would
	// go: no rename can put a file there.
	dir := filepath.Join(w.photos.Dir, "sites", itoa(siteID))
	blocked := hex.EncodeToString(sum[:]) + "-thumb.jpg"
	if err := os.MkdirAll(filepath.Join(dir, blocked, "x"), 0o750); err != nil {
		t.Fatal(err)
	}
	ct, body := multipartPhotos(t, photoFile{"a.jpg", first}, photoFile{"b.jpg", second})
	if status, b := w.call("editor A", "POST", "/api/v1/sites/"+itoa(siteID)+"/photos", ct, body); status != http.StatusInternalServerError {
		t.Fatalf("an upload the store could not keep: %d %s", status, b)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != blocked {
			t.Errorf("%s was left behind", e.Name())
		}
	}
	var n int
	if err := w.db.Pool().QueryRow(t.Context(), `SELECT count(*) FROM photos WHERE site_id = $1`, siteID).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d rows kept (%v), want none", n, err)
	}
}
