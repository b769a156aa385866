package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestProcessTurnsPhotosUprightAndStripsEXIF(t *testing.T) {
	// Upright quarters, top-left, top-right, bottom-left, bottom-right, of a
	// stored [red green; blue white] picture under each orientation.
	tests := []struct {
		name        string
		orientation uint16
		order       binary.ByteOrder
		want        [4]color.RGBA
		portrait    bool
	}{
		{"orientation 1 is left as stored", 1, binary.LittleEndian, [4]color.RGBA{red, green, blue, white}, false},
		{"orientation 2 is mirrored left to right", 2, binary.LittleEndian, [4]color.RGBA{green, red, white, blue}, false},
		{"orientation 3 is turned half round", 3, binary.BigEndian, [4]color.RGBA{white, blue, green, red}, false},
		{"orientation 4 is mirrored top to bottom", 4, binary.LittleEndian, [4]color.RGBA{blue, white, red, green}, false},
		{"orientation 5 is transposed into portrait", 5, binary.LittleEndian, [4]color.RGBA{red, blue, green, white}, true},
		{"orientation 6 from a phone held upright becomes portrait", 6, binary.LittleEndian, [4]color.RGBA{blue, red, white, green}, true},
		{"orientation 6 in big-endian EXIF becomes portrait too", 6, binary.BigEndian, [4]color.RGBA{blue, red, white, green}, true},
		{"orientation 7 is transversed into portrait", 7, binary.BigEndian, [4]color.RGBA{white, green, blue, red}, true},
		{"orientation 8 is turned counter-clockwise into portrait", 8, binary.LittleEndian, [4]color.RGBA{green, white, red, blue}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := withSegment(jpegBytes(t, quadrants(600, 400)), exifSegment(tt.orientation, tt.order))
			if !bytes.Contains(in, []byte("Exif\x00\x00")) || jpegOrientation(in) != int(tt.orientation) {
				t.Fatal("test input lacks its EXIF segment")
			}
			p, err := Process(bytes.NewReader(in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			for name, out := range map[string][]byte{"display": p.Display, "thumb": p.Thumb} {
				if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte{0xFF, 0xE1}) {
					t.Errorf("%s still carries an EXIF (APP1) segment", name)
				}
			}
			wantW, wantH := 600, 400
			if tt.portrait {
				wantW, wantH = 400, 600
			}
			if p.Width != wantW || p.Height != wantH {
				t.Fatalf("display is %d×%d, want %d×%d", p.Width, p.Height, wantW, wantH)
			}
			for name, out := range map[string][]byte{"display": p.Display, "thumb": p.Thumb} {
				img := decodeJPEG(t, out)
				b := img.Bounds()
				if (b.Dx() < b.Dy()) != tt.portrait {
					t.Fatalf("%s is %d×%d, want portrait=%v", name, b.Dx(), b.Dy(), tt.portrait)
				}
				at := []image.Point{{b.Dx() / 4, b.Dy() / 4}, {b.Dx() * 3 / 4, b.Dy() / 4}, {b.Dx() / 4, b.Dy() * 3 / 4}, {b.Dx() * 3 / 4, b.Dy() * 3 / 4}}
				for i, pt := range at {
					if got := img.At(pt.X, pt.Y); !near(got, tt.want[i]) {
						t.Errorf("%s quarter %d at %v is %v, want %v", name, i, pt, got, tt.want[i])
					}
				}
			}
		})
	}
}

func TestProcessSizes(t *testing.T) {
	tests := []struct {
		name           string
		w, h           int
		dispW, dispH   int
		thumbW, thumbH int
	}{
		{"a small photo is never enlarged", 200, 100, 200, 100, 200, 100},
		{"a medium photo keeps its size and only the thumbnail shrinks", 1000, 600, 1000, 600, 320, 192},
		{"a photo exactly 1600 wide keeps its size", 1600, 1600, 1600, 1600, 320, 320},
		{"a large landscape photo shrinks to 1600 wide", 2000, 1500, 1600, 1200, 320, 240},
		{"a large portrait photo shrinks to 1600 high", 1500, 2000, 1200, 1600, 240, 320},
		{"a thin panorama keeps at least one pixel of height", 4000, 4, 1600, 2, 320, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Process(bytes.NewReader(jpegBytes(t, photoLike(tt.w, tt.h))), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Width != tt.dispW || p.Height != tt.dispH || p.ThumbWidth != tt.thumbW || p.ThumbHeight != tt.thumbH {
				t.Fatalf("got display %d×%d thumb %d×%d, want %d×%d and %d×%d",
					p.Width, p.Height, p.ThumbWidth, p.ThumbHeight, tt.dispW, tt.dispH, tt.thumbW, tt.thumbH)
			}
			if b := decodeJPEG(t, p.Display).Bounds(); b.Dx() != tt.dispW || b.Dy() != tt.dispH {
				t.Errorf("display JPEG is %v, fields say %d×%d", b, tt.dispW, tt.dispH)
			}
			if b := decodeJPEG(t, p.Thumb).Bounds(); b.Dx() != tt.thumbW || b.Dy() != tt.thumbH {
				t.Errorf("thumb JPEG is %v, fields say %d×%d", b, tt.thumbW, tt.thumbH)
			}
		})
	}
}

func TestProcessAccepts(t *testing.T) {
	transparent := image.NewNRGBA(image.Rect(0, 0, 64, 32))
	for y := range 32 {
		for x := 32; x < 64; x++ {
			transparent.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 255})
		}
	}
	gray := image.NewGray16(image.Rect(0, 0, 50, 40))
	for i := range gray.Pix {
		gray.Pix[i] = 0x80
	}
	tests := []struct {
		name  string
		in    []byte
		mime  string
		w, h  int
		left  color.Color // colour at the left quarter of the display
		right color.Color // and at the right quarter
	}{
		{"a PNG becomes a JPEG", pngBytes(t, quadrants(80, 60)), "image/png", 80, 60, red, green},
		{"transparent PNG areas turn white, not black", pngBytes(t, transparent), "image/png", 64, 32, white, red},
		{"a 16-bit grey PNG is accepted", pngBytes(t, gray), "image/png", 50, 40, color.Gray{0x80}, color.Gray{0x80}},
		{"a lossless WebP is accepted", webpLossless(12, 8, color.NRGBA{0, 0, 255, 255}, false), "image/webp", 12, 8, blue, blue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Process(bytes.NewReader(tt.in), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if p.SourceType != tt.mime {
				t.Errorf("source type %q, want %q", p.SourceType, tt.mime)
			}
			if p.Width != tt.w || p.Height != tt.h {
				t.Errorf("display %d×%d, want %d×%d", p.Width, p.Height, tt.w, tt.h)
			}
			img := decodeJPEG(t, p.Display)
			if got := img.At(tt.w/4, tt.h/4); !near(got, tt.left) {
				t.Errorf("left is %v, want %v", got, tt.left)
			}
			if got := img.At(tt.w*3/4, tt.h/4); !near(got, tt.right) {
				t.Errorf("right is %v, want %v", got, tt.right)
			}
			sum := sha256.Sum256(tt.in)
			if p.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("SHA256 %s is not the original's", p.SHA256)
			}
		})
	}
}

func TestProcessRefuses(t *testing.T) {
	small := jpegBytes(t, photoLike(200, 150))
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, quadrants(20, 20), nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		in      []byte
		limits  Limits
		want    error
		mention string // the message must say this, for the person uploading
	}{
		{"an empty upload is not an image", nil, Limits{}, ErrNotImage, "empty"},
		{"a text file is not an image", []byte("Звіт про ремонт школи №3\nall done\n"), Limits{}, ErrNotImage, "text/plain"},
		{"a PDF is not an image", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), Limits{}, ErrNotImage, "application/pdf"},
		{"a HEIC photo is unsupported and asks for JPEG", append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), make([]byte, 64)...), Limits{}, ErrUnsupported, "send JPEG"},
		{"a GIF is unsupported", gifBuf.Bytes(), Limits{}, ErrUnsupported, "image/gif"},
		{"a truncated JPEG is corrupt", small[:len(small)/2], Limits{}, ErrCorrupt, ""},
		{"a JPEG cut inside its header is corrupt", small[:40], Limits{}, ErrCorrupt, ""},
		{"a truncated PNG is corrupt", func() []byte { b := pngBytes(t, photoLike(100, 100)); return b[:len(b)-200] }(), Limits{}, ErrCorrupt, ""},
		{"a PNG declaring zero width is corrupt", pngHeader(0, 10), Limits{}, ErrCorrupt, ""},
		{"a PNG declaring 100000×100000 pixels is a bomb", pngHeader(100000, 100000), Limits{}, ErrTooManyPixels, "100000×100000"},
		{"a JPEG declaring 65000×65000 pixels is a bomb", jpegWithSize(t, small, 65000, 65000), Limits{}, ErrTooManyPixels, "65000×65000"},
		{"a WebP declaring 16384×16384 pixels is a bomb", webpLossless(16384, 16384, color.NRGBA{}, true), Limits{}, ErrTooManyPixels, ""},
		{"one pixel over MaxPixels is too many", jpegBytes(t, photoLike(101, 100)), Limits{MaxPixels: 100 * 100}, ErrTooManyPixels, ""},
		{"one byte over MaxBytes is too large", small, Limits{MaxBytes: int64(len(small) - 1)}, ErrTooLarge, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Process(bytes.NewReader(tt.in), tt.limits)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if p.Display != nil || p.Thumb != nil {
				t.Error("output returned along with an error")
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("message %q does not mention %q", err, tt.mention)
			}
		})
	}
}

func TestProcessAcceptsExactlyTheLimits(t *testing.T) {
	in := jpegBytes(t, photoLike(100, 100))
	if _, err := Process(bytes.NewReader(in), Limits{MaxBytes: int64(len(in)), MaxPixels: 100 * 100}); err != nil {
		t.Fatal(err)
	}
}

// endless yields zero bytes forever and counts them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

func TestProcessStopsReadingAnEndlessStreamAtTheDefaultLimit(t *testing.T) {
	src := &endless{}
	_, err := Process(src, Limits{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if src.n > DefaultMaxBytes+1 {
		t.Errorf("read %d bytes, want at most %d", src.n, DefaultMaxBytes+1)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrClosedPipe }

func TestProcessPassesOnReadErrors(t *testing.T) {
	_, err := Process(failingReader{}, Limits{})
	if !errors.Is(err, io.ErrClosedPipe) {
		t.Fatalf("got %v, want the reader's error", err)
	}
}

// A bomb must be refused from its header: no pixel buffer is allocated and
// no time is spent decompressing.
func TestProcessRefusesABombWithoutAllocating(t *testing.T) {
	bomb := pngHeader(100000, 100000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := Process(bytes.NewReader(bomb), Limits{})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("got %v, want ErrTooManyPixels", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("allocated %d bytes refusing a bomb, want under 1 MiB", alloc)
	}
	if elapsed > time.Second {
		t.Errorf("took %v refusing a bomb", elapsed)
	}
}

// FuzzProcess checks that no input makes Process panic, and that it either
// fails with one of its errors or returns two JPEGs within the size bounds.
func FuzzProcess(f *testing.F) {
	f.Add(jpegBytes(f, photoLike(40, 30)))
	f.Add(withSegment(jpegBytes(f, quadrants(30, 20)), exifSegment(6, binary.BigEndian)))
	f.Add(pngBytes(f, quadrants(20, 10)))
	f.Add(webpLossless(5, 3, color.NRGBA{1, 2, 3, 4}, false))
	f.Add([]byte("%PDF-1.4"))
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := Process(bytes.NewReader(in), Limits{MaxPixels: 1 << 20})
		if err != nil {
			for _, known := range []error{ErrNotImage, ErrUnsupported, ErrTooLarge, ErrTooManyPixels, ErrCorrupt} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("unclassified error: %v", err)
		}
		if max(p.Width, p.Height) > DisplaySide || max(p.ThumbWidth, p.ThumbHeight) > ThumbSide {
			t.Fatalf("sizes out of bounds: %+v", p)
		}
	})
}

func BenchmarkProcess12Megapixel(b *testing.B) {
	in := jpegBytes(b, photoLike(4000, 3000))
	in = withSegment(in, exifSegment(6, binary.LittleEndian))
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Process(bytes.NewReader(in), Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
