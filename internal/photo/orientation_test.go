package photo

import (
	"encoding/binary"
	"image"
	"testing"
)

func TestOrient(t *testing.T) {
	// The stored picture is 3×2 pixels labelled
	//	a b c
	//	d e f
	// and each want is how it must look upright, row by row.
	tests := []struct {
		name        string
		orientation int
		want        []string
	}{
		{"orientation 1 changes nothing", 1, []string{"abc", "def"}},
		{"orientation 2 mirrors left to right", 2, []string{"cba", "fed"}},
		{"orientation 3 turns half round", 3, []string{"fed", "cba"}},
		{"orientation 4 mirrors top to bottom", 4, []string{"def", "abc"}},
		{"orientation 5 transposes", 5, []string{"ad", "be", "cf"}},
		{"orientation 6 turns clockwise", 6, []string{"da", "eb", "fc"}},
		{"orientation 7 transverses", 7, []string{"fc", "eb", "da"}},
		{"orientation 8 turns counter-clockwise", 8, []string{"cf", "be", "ad"}},
		{"an unknown orientation changes nothing", 9, []string{"abc", "def"}},
	}
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i, label := range "abcdef" {
		src.Pix[i*4] = byte(label)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := orient(src, tt.orientation)
			if got.Rect.Dx() != len(tt.want[0]) || got.Rect.Dy() != len(tt.want) {
				t.Fatalf("size %v, want %d×%d", got.Rect.Size(), len(tt.want[0]), len(tt.want))
			}
			for y, row := range tt.want {
				for x := range len(row) {
					if l := got.Pix[got.PixOffset(x, y)]; l != row[x] {
						t.Errorf("pixel (%d,%d) is %c, want %c", x, y, l, row[x])
					}
				}
			}
		})
	}
}

func TestJPEGOrientation(t *testing.T) {
	jpg := jpegBytes(t, quadrants(16, 16))
	exif := exifSegment(6, binary.LittleEndian)
	xmp := append([]byte{0xFF, 0xE1, 0, 33}, "http://ns.adobe.com/xap/1.0/\x00xx"...)
	badValue := exifSegment(42, binary.BigEndian)
	tests := []struct {
		name string
		in   []byte
		want int
	}{
		{"a JPEG without EXIF is upright", jpg, 1},
		{"the orientation is read from the EXIF segment", withSegment(jpg, exif), 6},
		{"an XMP segment before the EXIF one is skipped", withSegment(withSegment(jpg, exif), xmp), 6},
		{"fill bytes before a marker are skipped", withSegment(jpg, append([]byte{0xFF}, exif...)), 6},
		{"an orientation out of range counts as upright", withSegment(jpg, badValue), 1},
		{"EXIF after the image data is ignored", append(append([]byte{}, jpg[:len(jpg)-2]...), exif...), 1},
		{"a segment length past the end counts as upright", withSegment(jpg, []byte{0xFF, 0xE1, 0xFF, 0xFF, 'E'}), 1},
		{"an EXIF body that is not TIFF counts as upright", withSegment(jpg, append([]byte{0xFF, 0xE1, 0, 16}, "Exif\x00\x00XXXXXXXX"...)), 1},
		{"a segment cut before its length counts as upright", []byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00}, 1},
		{"bytes that are not a JPEG are upright", []byte("hello"), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jpegOrientation(tt.in); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTIFFOrientationSurvivesHostileOffsets(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"an IFD offset past the end", []byte("II*\x00\xff\xff\xff\xff")},
		{"an IFD offset at the very end", []byte("II*\x00\x08\x00\x00\x00")},
		{"more entries than bytes", []byte("MM\x00*\x00\x00\x00\x08\xff\xff\x01\x12")},
		{"an orientation of the wrong type", []byte("II*\x00\x08\x00\x00\x00\x01\x00\x12\x01\x04\x00\x01\x00\x00\x00\x06\x00\x00\x00")},
	}
	for _, tt := range tests {
		t.Run(tt.name+" counts as upright", func(t *testing.T) {
			if got := tiffOrientation(tt.in); got != 1 {
				t.Errorf("got %d, want 1", got)
			}
		})
	}
}

func FuzzJPEGOrientation(f *testing.F) {
	f.Add(withSegment(jpegBytes(f, quadrants(8, 8)), exifSegment(8, binary.BigEndian)))
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00II*\x00\x08\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if o := jpegOrientation(in); o < 1 || o > 8 {
			t.Fatalf("orientation %d out of range", o)
		}
	})
}
