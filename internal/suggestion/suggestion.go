// Package suggestion holds sites suggested by the public. When the server
// allows it, anyone may suggest a damaged site; the suggestion waits,
// unseen by the public, until a moderator of its oblast accepts it (it
// becomes a verified site) or rejects it with a reason.
package suggestion

import (
	"context"
	"encoding/json"
	"time"

	"github.com/vidbudova/vidbudova/internal/site"
)

// Suggestion is a suggested site as moderators see it.
type Suggestion struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Category    string          `json:"category"`
	Damage      string          `json:"damage"`
	DamagedOn   *string         `json:"damaged_on"` // YYYY-MM-DD
	Sensitive   bool            `json:"sensitive"`
	Geometry    json.RawMessage `json:"geometry"`
	OblastCode  string          `json:"oblast_code"`
	HromadaCode *string         `json:"hromada_code"`
	Status      string          `json:"status"` // waiting, accepted, rejected
	Reason      *string         `json:"reason"`
	SiteID      *int64          `json:"site_id"`
	CreatedAt   time.Time       `json:"created_at"`
}

// Receipt is what the person who suggested a site learns: that it was
// received, and nothing of other suggestions.
type Receipt struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
}

// Store keeps suggestions.
type Store interface {
	// CreateSuggestion places and keeps a suggested site; a geometry
	// outside Ukraine is refused as for sites.
	CreateSuggestion(ctx context.Context, d site.Draft) (Receipt, error)
	// FindSuggestions lists the waiting suggestions the request's account
	// may decide on, oldest first.
	FindSuggestions(ctx context.Context) ([]Suggestion, error)
	// DecideSuggestion accepts (decision "verified": a verified site is
	// made of it) or rejects a waiting suggestion.
	DecideSuggestion(ctx context.Context, id int64, v site.Verification) (Suggestion, error)
}
