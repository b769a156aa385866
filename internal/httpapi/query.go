package httpapi

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/geo"
)

// The query parameters every list shares, read and refused in one way.

// queryLimit reads limit: def when absent, else a whole number 1..max.
func queryLimit(q url.Values, def, max int) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, invalidQuery("limit", fmt.Sprintf("must be a whole number from 1 to %d", max),
			fmt.Sprintf("має бути цілим числом від 1 до %d", max))
	}
	return n, nil
}

// queryCursor reads an id cursor: 0 when absent, else a number ≥ min.
func queryCursor(q url.Values, min int64) (int64, error) {
	v := q.Get("cursor")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min {
		return 0, invalidQuery("cursor", "is not a cursor this server gave out", "це не курсор, виданий цим сервером")
	}
	return n, nil
}

// queryBBox reads bbox: nil when absent.
func queryBBox(q url.Values) (*orb.Bound, error) {
	v := q.Get("bbox")
	if v == "" {
		return nil, nil
	}
	b, err := geo.ParseBBox(v)
	if err != nil {
		var ve *domain.ValidationError
		if errors.As(err, &ve) {
			return nil, badRequest{ve}
		}
		return nil, err
	}
	return &b, nil
}

// queryDay reads a calendar day (2022-02-24): zero when absent.
func queryDay(q url.Values, name string) (time.Time, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, invalidQuery(name, "must be a date written as YYYY-MM-DD, e.g. 2022-02-24",
			"має бути датою у вигляді РРРР-ММ-ДД, напр. 2022-02-24")
	}
	return d, nil
}

// queryCode reads a KATOTTH code parameter: "" when absent.
func queryCode(q url.Values, name string) (string, error) {
	v := q.Get(name)
	if v != "" && !boundary.ValidCode(v) {
		return "", invalidQuery(name, "must be a KATOTTH code: UA and 17 digits", "має бути кодом КАТОТТГ: UA і 17 цифр")
	}
	return v, nil
}
