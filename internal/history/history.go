// Package history is the public record of every change: who changed what
// of a site or a project, when, with the values before and after. The
// database writes it (see migration 7); this package reads it.
package history

import (
	"context"
	"encoding/json"
	"time"
)

// Entry is one change of one object.
type Entry struct {
	ID     int64     `json:"id"`
	Action string    `json:"action"` // create, update, delete
	Actor  *Actor    `json:"actor"`  // null for changes made by the system
	At     time.Time `json:"at"`
	// Changes is the whole object for create and delete, and for update
	// {"field": {"before": …, "after": …}} for each field that changed.
	Changes json.RawMessage `json:"changes"`
}

// Actor is the account that made a change, as the public sees it.
type Actor struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// Object types the history records.
const (
	Site    = "site"
	Project = "project"
)

// Store reads the history.
type Store interface {
	// FindHistory returns up to limit entries of one object, newest first,
	// older than the entry before (0: from the newest). An object that never
	// existed has no entries; that is not an error.
	FindHistory(ctx context.Context, objectType string, id int64, limit int, before int64) ([]Entry, error)
}
