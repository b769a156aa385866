package photo

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	white = color.RGBA{255, 255, 255, 255}
)

// quadrants returns a w×h picture whose quarters are, clockwise from the
// top left, red, green, white and blue: any turn or mirror shows.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := red
			switch {
			case x >= w/2 && y < h/2:
				c = green
			case x < w/2 && y >= h/2:
				c = blue
			case x >= w/2 && y >= h/2:
				c = white
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// photoLike returns a w×h picture with smooth gradients and fine texture,
// so JPEG sizes and timings resemble a real photo's.
func photoLike(w, h int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			img.Y[y*img.YStride+x] = uint8((x*255/w + y*97/h + (x*y)%23) & 0xFF)
		}
	}
	for i := range img.Cb {
		img.Cb[i] = uint8(100 + i%37)
		img.Cr[i] = uint8(140 - i%29)
	}
	return img
}

func jpegBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exifSegment builds an APP1 segment as a phone writes it: IFD0 holds the
// orientation and a pointer to a GPS IFD with a latitude and a longitude.
func exifSegment(orientation uint16, bo binary.ByteOrder) []byte {
	var t []byte
	if bo == binary.LittleEndian {
		t = append(t, "II*\x00"...)
	} else {
		t = append(t, "MM\x00*"...)
	}
	ab := bo.(binary.AppendByteOrder)
	u16 := func(v uint16) { t = ab.AppendUint16(t, v) }
	u32 := func(v uint32) { t = ab.AppendUint32(t, v) }
	entry := func(tag, typ uint16, count, value uint32) { u16(tag); u16(typ); u32(count); u32(value) }
	const (
		typeASCII, typeShort, typeLong, typeRational = 2, 3, 4, 5
		ifd0                                         = 8
		gpsIFD                                       = ifd0 + 2 + 2*12 + 4
		latData                                      = gpsIFD + 2 + 4*12 + 4
		longData                                     = latData + 24
	)
	u32(ifd0)
	u16(2)
	u16(0x0112)
	u16(typeShort)
	u32(1)
	u16(orientation)
	u16(0)
	entry(0x8825, typeLong, 1, gpsIFD)
	u32(0)
	u16(4)
	entry(0x0001, typeASCII, 2, 0) // "N"
	copy(t[len(t)-4:], "N\x00")
	entry(0x0002, typeRational, 3, latData)
	entry(0x0003, typeASCII, 2, 0) // "E"
	copy(t[len(t)-4:], "E\x00")
	entry(0x0004, typeRational, 3, longData)
	u32(0)
	for _, v := range []uint32{50, 1, 27, 1, 1234, 100, 30, 1, 31, 1, 4321, 100} { // 50°27′12.34″N 30°31′43.21″E
		u32(v)
	}
	seg := []byte{0xFF, 0xE1, 0, 0}
	seg = append(seg, "Exif\x00\x00"...)
	seg = append(seg, t...)
	binary.BigEndian.PutUint16(seg[2:], uint16(len(seg)-2))
	return seg
}

// withSegment inserts seg right after a JPEG's SOI marker.
func withSegment(jpg, seg []byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// pngHeader returns a PNG that is only a signature, an IHDR declaring w×h
// RGBA pixels, an empty IDAT and IEND: what a decompression bomb looks like
// before its payload.
func pngHeader(w, h uint32) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		start := len(out)
		out = append(out, typ...)
		out = append(out, data...)
		out = binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	chunk("IHDR", ihdr)
	chunk("IDAT", nil)
	chunk("IEND", nil)
	return out
}

// jpegWithSize rewrites the size in a baseline JPEG's SOF0 header.
func jpegWithSize(t testing.TB, jpg []byte, w, h uint16) []byte {
	t.Helper()
	out := append([]byte{}, jpg...)
	i := bytes.Index(out, []byte{0xFF, 0xC0})
	if i < 0 {
		t.Fatal("no SOF0 marker")
	}
	binary.BigEndian.PutUint16(out[i+5:], h)
	binary.BigEndian.PutUint16(out[i+7:], w)
	return out
}

// webpLossless hand-assembles a lossless (VP8L) WebP of w×h pixels of one
// colour: no transforms, and five one-symbol prefix codes, so each pixel
// takes no bits at all. header=true stops after the size, for bomb tests.
func webpLossless(w, h int, c color.NRGBA, headerOnly bool) []byte {
	var bits []byte
	var acc uint64
	var n uint
	put := func(v uint64, width uint) {
		acc |= v << n
		n += width
		for n >= 8 {
			bits = append(bits, byte(acc))
			acc >>= 8
			n -= 8
		}
	}
	put(0x2f, 8)
	put(uint64(w-1), 14)
	put(uint64(h-1), 14)
	put(1, 1) // alpha used
	put(0, 3) // version
	if !headerOnly {
		put(0, 1) // no transform
		put(0, 1) // no colour cache
		put(0, 1) // no meta prefix codes
		for _, sym := range []uint8{c.G, c.R, c.B, c.A, 0} {
			put(1, 1) // simple code
			put(0, 1) // one symbol
			put(1, 1) // of 8 bits
			put(uint64(sym), 8)
		}
	}
	put(0, 7)
	bits = append(bits, 0, 0, 0, 0)

	out := []byte("RIFF\x00\x00\x00\x00WEBPVP8L")
	out = binary.LittleEndian.AppendUint32(out, uint32(len(bits)))
	out = append(out, bits...)
	if len(bits)%2 == 1 {
		out = append(out, 0)
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out
}

// near reports whether two colours match within JPEG's error.
func near(a, b color.Color) bool {
	const tol = 48
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return int(x>>8)-int(y>>8) <= tol && int(y>>8)-int(x>>8) <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

func decodeJPEG(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("output is not a JPEG: %v", err)
	}
	return img
}
