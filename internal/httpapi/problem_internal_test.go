package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

// A request the client gave up (a map moving past its tiles) is not a
// failure of the server: no error in the log, no 500.
func TestAClientThatLeftIsNoServerError(t *testing.T) {
	for _, tc := range []struct {
		name      string
		cancelled bool
		err       error
		wantError bool
	}{
		{"the client left", true, fmt.Errorf("postgres: tile: %w", context.Canceled), false},
		{"a cancellation while the client still waits is a failure", false, fmt.Errorf("postgres: tile: %w", context.Canceled), true},
		{"a plain failure", false, fmt.Errorf("postgres: tile: broken"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logged bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelError}))
			ctx, cancel := context.WithCancel(context.Background())
			if tc.cancelled {
				cancel()
			} else {
				defer cancel()
			}
			req := httptest.NewRequest(http.MethodGet, "/tiles/sites/6/38/21.mvt", nil).WithContext(ctx)
			rec := httptest.NewRecorder()
			c := echo.New().NewContext(req, rec)
			errorHandler(log)(tc.err, c)
			if got := logged.Len() > 0; got != tc.wantError {
				t.Errorf("error logged: %v, want %v: %s", got, tc.wantError, logged.String())
			}
			if tc.wantError && rec.Code != http.StatusInternalServerError {
				t.Errorf("status %d, want 500", rec.Code)
			}
			if !tc.wantError && (c.Response().Status != statusClientClosed || rec.Body.Len() > 0) {
				t.Errorf("status %d with %d bytes, want 499 and nothing written", c.Response().Status, rec.Body.Len())
			}
		})
	}
}
