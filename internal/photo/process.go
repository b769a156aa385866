package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"golang.org/x/image/webp"
)

// format is an accepted input type with its decoders. Decoders are called
// directly, not through image.Decode, so what gets decoded is exactly what
// was sniffed and no other registered format can slip in.
type format struct {
	mime         string
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

var formats = []format{
	{"image/jpeg", jpeg.DecodeConfig, jpeg.Decode},
	{"image/png", png.DecodeConfig, png.Decode},
	{"image/webp", webp.DecodeConfig, webp.Decode},
}

// Process reads one uploaded photo from r and returns its display and
// thumbnail renditions. It reads at most limits.MaxBytes (+1 to notice an
// overrun), trusts neither the client's content type nor the file name,
// refuses oversized dimensions before decoding, turns the picture upright
// per its EXIF orientation and re-encodes it as JPEG, which drops all
// metadata, GPS included.
//
// Errors that blame the upload wrap ErrTooLarge, ErrNotImage,
// ErrUnsupported, ErrTooManyPixels or ErrCorrupt; any other error comes
// from reading r.
func Process(r io.Reader, limits Limits) (Processed, error) {
	limits = limits.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, limits.MaxBytes+1))
	if err != nil {
		return Processed{}, fmt.Errorf("photo: read upload: %w", err)
	}
	if int64(len(data)) > limits.MaxBytes {
		return Processed{}, fmt.Errorf("%w: the limit is %s", ErrTooLarge, formatBytes(limits.MaxBytes))
	}

	f, err := sniff(data)
	if err != nil {
		return Processed{}, err
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return Processed{}, decodeError(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Processed{}, fmt.Errorf("%w: the header declares %d×%d pixels", ErrCorrupt, cfg.Width, cfg.Height)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > limits.MaxPixels {
		return Processed{}, fmt.Errorf("%w: %d×%d pixels, the limit is %.0f megapixels",
			ErrTooManyPixels, cfg.Width, cfg.Height, float64(limits.MaxPixels)/1e6)
	}
	img, err := decode(f, data)
	if err != nil {
		return Processed{}, err
	}

	orientation := 1
	if f.mime == "image/jpeg" {
		orientation = jpegOrientation(data)
	}
	display := render(img, DisplaySide, orientation)
	thumb := render(display, ThumbSide, 1)

	p := Processed{
		Width: display.Rect.Dx(), Height: display.Rect.Dy(),
		ThumbWidth: thumb.Rect.Dx(), ThumbHeight: thumb.Rect.Dy(),
		SourceType: f.mime,
	}
	sum := sha256.Sum256(data)
	p.SHA256 = hex.EncodeToString(sum[:])
	if p.Display, err = encodeJPEG(display); err != nil {
		return Processed{}, err
	}
	if p.Thumb, err = encodeJPEG(thumb); err != nil {
		return Processed{}, err
	}
	return p, nil
}

// sniff finds the real type of data from its leading bytes.
func sniff(data []byte) (format, error) {
	if len(data) == 0 {
		return format{}, fmt.Errorf("%w: the file is empty", ErrNotImage)
	}
	m := mimetype.Detect(data)
	for _, f := range formats {
		if m.Is(f.mime) {
			return f, nil
		}
	}
	name, _, _ := strings.Cut(m.String(), ";")
	switch {
	case strings.HasPrefix(name, "image/hei"): // heic, heif and their -sequence forms
		return format{}, fmt.Errorf("%w: HEIC/HEIF photos are not supported, send JPEG "+
			"(on an iPhone: Settings > Camera > Formats > Most Compatible)", ErrUnsupported)
	case strings.HasPrefix(name, "image/"):
		return format{}, fmt.Errorf("%w: %s, send JPEG, PNG or WebP", ErrUnsupported, name)
	default:
		return format{}, fmt.Errorf("%w: the file is %s, send JPEG, PNG or WebP", ErrNotImage, name)
	}
}

// decode decodes the whole image. A panic in a decoder on hostile input is
// turned into ErrCorrupt rather than taking the request down.
func decode(f format, data []byte) (img image.Image, err error) {
	defer func() {
		if v := recover(); v != nil {
			img, err = nil, fmt.Errorf("%w: decoder failed: %v", ErrCorrupt, v)
		}
	}()
	img, err = f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(err)
	}
	return img, nil
}

// decodeError classifies a decoder's error: a variant the decoder does not
// implement (12-bit JPEG, animated WebP…) is ErrUnsupported, the rest ErrCorrupt.
func decodeError(err error) error {
	var (
		jpegUnsupported jpeg.UnsupportedError
		pngUnsupported  png.UnsupportedError
	)
	if errors.As(err, &jpegUnsupported) || errors.As(err, &pngUnsupported) {
		return fmt.Errorf("%w: %w", ErrUnsupported, err)
	}
	return fmt.Errorf("%w: %w", ErrCorrupt, err)
}

func encodeJPEG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: Quality}); err != nil {
		return nil, fmt.Errorf("photo: encode jpeg: %w", err)
	}
	return buf.Bytes(), nil
}

func formatBytes(n int64) string {
	const mib = 1 << 20
	if n >= mib && n%mib == 0 {
		return fmt.Sprintf("%d MB", n/mib)
	}
	return fmt.Sprintf("%d bytes", n)
}
