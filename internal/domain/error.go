// Package domain holds the errors every part of Vidbudova speaks: the store
// returns them, the HTTP layer turns them into problem+json in one place.
package domain

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound means the object asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the request contradicts what is stored (a reused
	// idempotency key with another body, a duplicate code).
	ErrConflict = errors.New("conflict")
	// ErrPreconditionFailed means the client's version (If-Match) is stale:
	// someone changed the object since the client read it.
	ErrPreconditionFailed = errors.New("precondition failed")
)

// ValidationError says which field of a request is wrong and why, in
// English and in Ukrainian, so that the person who sent it can fix it.
type ValidationError struct {
	Field    string // JSON path or parameter name, e.g. "properties.category" or "bbox"
	Reason   string // English
	ReasonUK string // Ukrainian
}

// Invalid returns a *ValidationError for field with the reason in both languages.
func Invalid(field, reason, reasonUK string) *ValidationError {
	return &ValidationError{Field: field, Reason: reason, ReasonUK: reasonUK}
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("%s: %s", e.Field, e.Reason)
}

// Outside is the error for a geometry that lies outside Ukraine.
func Outside(field string) *ValidationError {
	return Invalid(field, "the place is outside Ukraine (more than 1 km from any hromada)",
		"місце поза межами України (далі ніж 1 км від будь-якої громади)")
}
