package photo

import (
	"image"
	"image/draw"
)

// render scales src so that its upright longest side is at most side (never
// enlarging it), flattens any transparency onto white (JPEG has no alpha),
// and applies the EXIF orientation. Orientation is applied after scaling:
// turning the small result costs a fraction of turning the full-size decode.
func render(src image.Image, side, orientation int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if transposes(orientation) {
		w, h = h, w
	}
	w, h = fit(w, h, side)
	if transposes(orientation) {
		w, h = h, w
	}
	return orient(scale(src, w, h), orientation)
}

// fit returns w×h shrunk proportionally so that the longer side is at most
// side; a picture that already fits is returned as is.
func fit(w, h, side int) (int, int) {
	long := max(w, h)
	if long <= side {
		return w, h
	}
	shrink := func(n int) int { return max(1, int((int64(n)*int64(side)+int64(long)/2)/int64(long))) }
	return shrink(w), shrink(h)
}

// scale shrinks src to w×h (neither larger than src) by area averaging:
// every output pixel is the mean of the source area it covers, with
// fractional weights at the edges. That cannot alias at any ratio, and it
// streams: the source is converted one row at a time and only two output
// rows are accumulated. (x/image/draw's CatmullRom allocates a float64
// buffer of w × source height × 4, about 150 MB for a 12-megapixel photo;
// its ApproxBiLinear samples too few pixels and aliases beyond 2×.)
// The result is opaque: transparent areas are flattened onto white.
func scale(src image.Image, w, h int) *image.RGBA {
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if sw == w && sh == h {
		draw.Draw(dst, dst.Rect, src, sb.Min, draw.Src)
		if !isOpaque(src) {
			flatten(dst.Pix)
		}
		return dst
	}

	xs, ys := spans(sw, w), spans(sh, h)
	row := image.NewRGBA(image.Rect(0, 0, sw, 1))
	hrow := make([]float32, w*4)  // current source row, reduced to w pixels
	acc := make([]float32, 2*w*4) // output rows cur and cur+1 being summed
	cur, next := acc[:w*4], acc[w*4:]
	y := 0 // output row held in cur

	emit := func() {
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w*4]
		for i, v := range cur {
			out[i] = uint8(min(v+0.5, 255))
		}
		flatten(out)
	}
	for sy := range sh {
		draw.Draw(row, row.Rect, src, image.Pt(sb.Min.X, sb.Min.Y+sy), draw.Src)
		clear(hrow)
		for sx, s := range xs {
			p := row.Pix[sx*4 : sx*4+4 : sx*4+4]
			r, g, b, a := float32(p[0]), float32(p[1]), float32(p[2]), float32(p[3])
			d := hrow[s.at*4 : s.at*4+4 : s.at*4+4]
			d[0] += s.w0 * r
			d[1] += s.w0 * g
			d[2] += s.w0 * b
			d[3] += s.w0 * a
			if s.w1 != 0 {
				d = hrow[s.at*4+4 : s.at*4+8 : s.at*4+8]
				d[0] += s.w1 * r
				d[1] += s.w1 * g
				d[2] += s.w1 * b
				d[3] += s.w1 * a
			}
		}
		s := ys[sy]
		if s.at != y {
			emit()
			cur, next = next, cur
			clear(next)
			y = s.at
		}
		for i, v := range hrow {
			cur[i] += s.w0 * v
		}
		if s.w1 != 0 {
			for i, v := range hrow {
				next[i] += s.w1 * v
			}
		}
	}
	emit()
	return dst
}

// span tells how one source pixel splits between output pixel at and at+1.
type span struct {
	at     int
	w0, w1 float32
}

// spans maps n source pixels onto m ≤ n output pixels. Measured in units of
// 1/n of an output pixel, source pixel i covers [i·m, i·m+m) and output pixel
// j covers [j·n, j·n+n); as m ≤ n a source pixel touches at most two output
// pixels. Each weight is the overlap divided by n, so every output pixel's
// weights add up to 1.
func spans(n, m int) []span {
	s := make([]span, n)
	for i := range s {
		lo := int64(i) * int64(m)
		j := lo / int64(n)
		edge := (j + 1) * int64(n)
		if lo+int64(m) <= edge {
			s[i] = span{at: int(j), w0: float32(m) / float32(n)}
		} else {
			s[i] = span{at: int(j), w0: float32(edge-lo) / float32(n), w1: float32(lo+int64(m)-edge) / float32(n)}
		}
	}
	return s
}

// flatten composites premultiplied RGBA pixels onto opaque white in place.
func flatten(pix []byte) {
	for i := 0; i+3 < len(pix); i += 4 {
		if a := pix[i+3]; a != 0xFF {
			pix[i] += 0xFF - a
			pix[i+1] += 0xFF - a
			pix[i+2] += 0xFF - a
			pix[i+3] = 0xFF
		}
	}
}

func isOpaque(img image.Image) bool {
	o, ok := img.(interface{ Opaque() bool })
	return ok && o.Opaque()
}
