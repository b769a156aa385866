package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/money"
)

// maxRatesBody fits several years of the National Bank's daily rates of
// every currency.
const maxRatesBody = "20M"

func (s *Server) rateRoutes(e *echo.Echo) {
	e.POST("/api/v1/rates", s.importRates, middleware.BodyLimit(maxRatesBody))
}

// importRates takes the National Bank's official rates as its CSV (any of
// the layouts `vidbudova import rates` reads), for admins: all or nothing.
func (s *Server) importRates(c echo.Context) error {
	if ct := c.Request().Header.Get(echo.HeaderContentType); !strings.HasPrefix(ct, "text/csv") {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "send the National Bank's CSV as text/csv")
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return err
	}
	rows, err := money.ParseNBU(bytes.NewReader(body))
	var le *money.LineError
	if errors.As(err, &le) {
		return domain.Invalid(fmt.Sprintf("line %d", le.Line), le.Reason, le.ReasonUK)
	} else if err != nil {
		return domain.Invalid("body", err.Error(), "файл курсів не прочитано: "+err.Error())
	}
	inserted, updated, err := s.deps.Rates.ImportRates(c.Request().Context(), rows)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]int{"read": len(rows), "inserted": inserted, "updated": updated})
}
