package httpapi

import (
	"context"
	"errors"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/domain"
)

// Stats gives the totals and monthly series as JSON: of the whole country
// when oblast and hromada are empty, else of the one unit named.
type Stats interface {
	// Stats returns a *domain.ValidationError naming oblast or hromada
	// when no unit has the code.
	Stats(ctx context.Context, oblast, hromada string) ([]byte, error)
}

// stats serves the totals and the monthly series of the country, of an
// oblast (?oblast=) or of a hromada (?hromada=), from memory while the
// counts behind them hold (as the unit summaries).
func (s *Server) stats(c echo.Context) error {
	q := c.QueryParams()
	oblast, err := queryCode(q, "oblast")
	if err != nil {
		return err
	}
	hromada, err := queryCode(q, "hromada")
	if err != nil {
		return err
	}
	if oblast != "" && hromada != "" {
		return invalidQuery("hromada", "ask for an oblast or a hromada, not both",
			"вкажіть або область, або громаду, не обидві")
	}
	ctx := c.Request().Context()
	v, err := s.units.SummaryVersion(ctx)
	if err != nil {
		return err
	}
	key := "stats/" + oblast + hromada
	err = s.summaries.serveJSON(c, key, v, func() ([]byte, error) { return s.deps.Stats.Stats(ctx, oblast, hromada) })
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return badRequest{ve} // an unknown oblast or hromada
	}
	return err
}
