package photo

import (
	"image"
	"image/color"
	"testing"
)

func TestFit(t *testing.T) {
	tests := []struct {
		name       string
		w, h, side int
		wantW      int
		wantH      int
	}{
		{"a picture that fits is not enlarged", 300, 200, 1600, 300, 200},
		{"a landscape picture is bounded by its width", 4000, 3000, 1600, 1600, 1200},
		{"a portrait picture is bounded by its height", 3000, 4000, 1600, 1200, 1600},
		{"the short side is rounded to the nearest pixel", 1000, 333, 320, 320, 107},
		{"a sliver keeps one pixel", 100000, 1, 320, 320, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w, h := fit(tt.w, tt.h, tt.side); w != tt.wantW || h != tt.wantH {
				t.Errorf("got %d×%d, want %d×%d", w, h, tt.wantW, tt.wantH)
			}
		})
	}
}

func TestSpansWeighEveryOutputPixelFully(t *testing.T) {
	for _, c := range [][2]int{{7, 3}, {4000, 1600}, {1600, 320}, {1601, 1600}, {5, 5}, {3, 1}} {
		n, m := c[0], c[1]
		total := make([]float64, m)
		for _, s := range spans(n, m) {
			total[s.at] += float64(s.w0)
			if s.w1 != 0 {
				total[s.at+1] += float64(s.w1)
			}
		}
		for j, w := range total {
			if w < 0.999 || w > 1.001 {
				t.Errorf("%d→%d: output pixel %d has total weight %f, want 1", n, m, j, w)
			}
		}
	}
}

func TestScale(t *testing.T) {
	checker := image.NewGray(image.Rect(0, 0, 1000, 700))
	for y := range 700 {
		for x := range 1000 {
			if (x+y)%2 == 0 {
				checker.Pix[y*checker.Stride+x] = 0xFF
			}
		}
	}
	halfClear := image.NewNRGBA(image.Rect(0, 0, 900, 300))
	for y := range 300 {
		for x := 450; x < 900; x++ {
			halfClear.SetNRGBA(x, y, color.NRGBA{0, 0, 255, 255})
		}
	}
	tests := []struct {
		name        string
		src         image.Image
		w, h        int
		left, right color.RGBA
		tol         int
	}{
		// Point sampling (bilinear) would show bands from black to white;
		// an area average stays within a few percent of grey.
		{"a one-pixel checkerboard shrunk by 1.6 stays grey without moiré", checker, 625, 437, color.RGBA{128, 128, 128, 255}, color.RGBA{128, 128, 128, 255}, 12},
		{"transparent areas shrink to white, not black", halfClear, 300, 100, white, blue, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scale(tt.src, tt.w, tt.h)
			if got.Rect.Dx() != tt.w || got.Rect.Dy() != tt.h {
				t.Fatalf("size %v, want %d×%d", got.Rect.Size(), tt.w, tt.h)
			}
			// Every pixel of each half, away from the middle, must match.
			for y := 1; y < tt.h-1; y++ {
				for x := 1; x < tt.w-1; x++ {
					want := tt.left
					if x > tt.w/2+1 {
						want = tt.right
					} else if x >= tt.w/2-1 {
						continue
					}
					c := got.RGBAAt(x, y)
					for _, d := range []int{int(c.R) - int(want.R), int(c.G) - int(want.G), int(c.B) - int(want.B), int(c.A) - int(want.A)} {
						if d > tt.tol || d < -tt.tol {
							t.Fatalf("pixel (%d,%d) is %v, want %v", x, y, c, want)
						}
					}
				}
			}
		})
	}
}
