package photo

import (
	"bytes"
	"encoding/binary"
	"image"
)

// The EXIF orientation tag (0x0112) says how the stored pixels must be
// turned to appear upright. Phones store portrait shots as landscape pixels
// with orientation 6; ignoring it shows them sideways. Values:
//
//	1 upright          2 mirrored left–right
//	3 rotated 180°     4 mirrored top–bottom
//	5 transposed       6 needs 90° clockwise
//	7 transversed      8 needs 90° counter-clockwise
const tagOrientation = 0x0112

// transposes reports whether orientation o swaps width and height.
func transposes(o int) bool { return o >= 5 && o <= 8 }

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG, or 1 when it
// has none or the metadata cannot be read; a bad tag must never fail an upload.
// Only the marker segments before the image data are walked.
func jpegOrientation(data []byte) int {
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		return 1
	}
	p := 2
	for p+2 <= len(data) {
		if data[p] != 0xFF {
			return 1
		}
		marker := data[p+1]
		if marker == 0xFF { // fill byte before a marker
			p++
			continue
		}
		p += 2
		switch {
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8):
			continue // standalone markers carry no length
		case marker == 0xDA || marker == 0xD9:
			return 1 // start of scan or end of image: no EXIF came first
		}
		if p+2 > len(data) {
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[p:]))
		if n < 2 || p+n > len(data) {
			return 1
		}
		seg := data[p+2 : p+n]
		p += n
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
	}
	return 1
}

// tiffOrientation reads the orientation from IFD0 of a TIFF structure (the
// body of an EXIF segment), or returns 1.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := uint64(bo.Uint32(t[4:]))
	if ifd+2 > uint64(len(t)) {
		return 1
	}
	count := int(bo.Uint16(t[ifd:]))
	for i := range count {
		e := int(ifd) + 2 + 12*i
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) != tagOrientation {
			continue
		}
		const typeShort = 3
		if bo.Uint16(t[e+2:]) != typeShort || bo.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 1
	}
	return 1
}

// orient returns src turned upright for EXIF orientation o; src itself
// when o is 1 or unknown.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if transposes(o) {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		row := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+y):]
		for x := range w {
			var X, Y int
			switch o {
			case 2:
				X, Y = w-1-x, y
			case 3:
				X, Y = w-1-x, h-1-y
			case 4:
				X, Y = x, h-1-y
			case 5:
				X, Y = y, x
			case 6:
				X, Y = h-1-y, x
			case 7:
				X, Y = h-1-y, w-1-x
			case 8:
				X, Y = y, w-1-x
			}
			copy(dst.Pix[Y*dst.Stride+X*4:Y*dst.Stride+X*4+4], row[x*4:x*4+4])
		}
	}
	return dst
}
