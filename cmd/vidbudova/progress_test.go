package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// phoneJPEG is a JPEG like a phone's: with an EXIF segment that holds a GPS
// position, which must never reach the public.
func phoneJPEG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00II*\x00\x08\x00\x00\x00\x00\x00GPSLatitude 50.4501 GPSLongitude 30.5234")
	seg := append([]byte{0xFF, 0xE1, byte((len(exif) + 2) >> 8), byte(len(exif) + 2)}, exif...)
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

type part struct{ name, filename, value string }

func postForm(t *testing.T, url string, parts []part) (*http.Response, []byte) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.filename == "" {
			w.WriteField(p.name, p.value) //nolint:errcheck
			continue
		}
		fw, err := w.CreateFormFile(p.name, p.filename)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(fw, p.value) //nolint:errcheck
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, url, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", adminAuth)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func TestProgressUpdatesWithPhotos(t *testing.T) {
	base, count := startServer(t)
	site := newSite(t, base, kharkiv)
	res, out := do(t, "POST", base+"/api/v1/projects", projectBody(site), nil)
	if res.StatusCode != 201 {
		t.Fatalf("project: %d %s", res.StatusCode, out)
	}
	var p projectReply
	json.Unmarshal(out, &p) //nolint:errcheck
	url := base + "/api/v1/projects/" + itoa(p.ID) + "/updates"
	good := []part{{"body", "", "Перекрито дах"}, {"date", "", "2025-06-01"}, {"progress", "", "40"},
		{"photos", "IMG_0042.jpg", string(phoneJPEG(t))}}

	bad := []struct {
		name  string
		parts []part
		field string
	}{
		{"a text file as a photo", append(good[:3:3], part{"photos", "notes.jpg", "це не фото"}), "photos[0]"},
		{"a PDF as a photo", append(good[:3:3], part{"photos", "act.pdf", "%PDF-1.7 ..."}), "photos[0]"},
		{"a progress over 100", []part{good[0], good[1], {"progress", "", "101"}}, "progress"},
		{"no date", []part{good[0]}, "date"},
		{"no text", []part{good[1]}, "body"},
	}
	for _, tt := range bad {
		t.Run(tt.name+" is refused and nothing is kept", func(t *testing.T) {
			res, b := postForm(t, url, tt.parts)
			var pr problem
			json.Unmarshal(b, &pr) //nolint:errcheck
			if res.StatusCode != 422 || pr.Field != tt.field {
				t.Fatalf("status %d field %q, want 422 %q: %s", res.StatusCode, pr.Field, tt.field, b)
			}
		})
	}
	if n := count(`SELECT count(*) FROM project_updates`); n != 0 {
		t.Fatalf("%d updates kept from refused requests", n)
	}
	t.Run("JSON instead of a form is refused", func(t *testing.T) {
		if res, _ := do(t, "POST", url, `{"body":"x"}`, nil); res.StatusCode != 415 {
			t.Fatalf("status %d, want 415", res.StatusCode)
		}
	})

	res, b := postForm(t, url, good)
	if res.StatusCode != 201 {
		t.Fatalf("update: %d %s", res.StatusCode, b)
	}
	var u struct {
		Progress int
		Photos   []struct {
			Href      string `json:"href"`
			ThumbHref string `json:"thumb_href"`
		}
	}
	if err := json.Unmarshal(b, &u); err != nil || u.Progress != 40 || len(u.Photos) != 1 {
		t.Fatalf("update %s (%v)", b, err)
	}
	t.Run("the photo is served without its EXIF and GPS", func(t *testing.T) {
		res, img := do(t, "GET", base+u.Photos[0].Href, "", nil)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("photo: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if bytes.Contains(img, []byte("Exif")) || bytes.Contains(img, []byte("GPS")) {
			t.Fatal("the served photo still carries EXIF/GPS")
		}
		if _, _, err := image.Decode(bytes.NewReader(img)); err != nil {
			t.Fatalf("the served photo does not decode: %v", err)
		}
	})
	t.Run("the project's progress follows the update", func(t *testing.T) {
		_, b := do(t, "GET", base+"/api/v1/projects/"+itoa(p.ID), "", nil)
		if !strings.Contains(string(b), `"progress":40`) {
			t.Fatalf("project after the update: %s", b)
		}
	})
	t.Run("the update is listed", func(t *testing.T) {
		res, b := do(t, "GET", url, "", nil)
		if res.StatusCode != 200 || !strings.Contains(string(b), "Перекрито дах") {
			t.Fatalf("list: %d %s", res.StatusCode, b)
		}
	})
	t.Run("an unknown project has no updates", func(t *testing.T) {
		if res, _ := do(t, "GET", base+"/api/v1/projects/999999/updates", "", nil); res.StatusCode != 404 {
			t.Fatalf("status %d, want 404", res.StatusCode)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
