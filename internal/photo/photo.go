// Package photo turns an uploaded photo into the two JPEG renditions the
// site shows (display and thumbnail) and keeps them in a Store.
//
// Processing never trusts the client: the type is sniffed from the bytes, the
// size and the pixel count are bounded before anything large is allocated, and
// the output is a fresh JPEG encoding, so EXIF metadata — above all GPS
// positions, which must not leak under martial law — never reaches the disk.
package photo

import "errors"

// Errors returned by Process. Each means the upload itself is unacceptable
// (a client error, not a server fault); the HTTP layer reports them against
// the "photo" field. They are wrapped with details, so test with errors.Is.
var (
	// ErrNotImage means the bytes are not a picture at all (text, PDF, …).
	ErrNotImage = errors.New("photo: not an image")
	// ErrUnsupported means a picture in a format we do not accept (HEIC, GIF, …).
	ErrUnsupported = errors.New("photo: unsupported image format")
	// ErrTooLarge means the upload is longer than Limits.MaxBytes.
	ErrTooLarge = errors.New("photo: file too large")
	// ErrTooManyPixels means the declared width×height exceeds
	// Limits.MaxPixels; it is detected from the header, before decoding, so a
	// decompression bomb costs nothing.
	ErrTooManyPixels = errors.New("photo: image dimensions too large")
	// ErrCorrupt means the bytes start like a supported image but cannot be
	// decoded (truncated or damaged).
	ErrCorrupt = errors.New("photo: image is damaged or incomplete")
)

// Defaults used for zero (or negative) fields of Limits.
const (
	DefaultMaxBytes  = 15 << 20   // 15 MiB: a high-end phone JPEG is 3–8 MiB
	DefaultMaxPixels = 50_000_000 // 50 megapixels
)

// Rendition sizes and encoding of Process's output.
const (
	DisplaySide = 1600         // longest side of the display rendition, in pixels
	ThumbSide   = 320          // longest side of the thumbnail, in pixels
	Quality     = 82           // JPEG quality of both renditions
	ContentType = "image/jpeg" // content type of both renditions
)

// Limits bound what Process accepts. The zero value means the defaults.
type Limits struct {
	// MaxBytes is the longest upload accepted; DefaultMaxBytes if ≤ 0.
	MaxBytes int64
	// MaxPixels is the largest width×height accepted; DefaultMaxPixels if ≤ 0.
	MaxPixels int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	return l
}

// Processed is the result of Process: two JPEG encodings free of metadata,
// already turned upright according to the original's EXIF orientation.
type Processed struct {
	Display []byte // JPEG, longest side at most DisplaySide, never upscaled
	Thumb   []byte // JPEG, longest side at most ThumbSide, never upscaled

	Width, Height           int // size of Display, upright
	ThumbWidth, ThumbHeight int // size of Thumb, upright

	// SHA256 is the lowercase hex SHA-256 of the original upload, for
	// spotting duplicates; the original itself is not kept.
	SHA256 string
	// SourceType is the sniffed MIME type of the original, e.g. "image/png".
	SourceType string
}
