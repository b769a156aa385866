package account

import (
	"errors"
	"slices"
)

// The rules below decide every write and every sensitive place the
// server shows; handlers and stores ask them and decide nothing else.

var (
	// ErrUnauthenticated means the request needs an account and has none.
	ErrUnauthenticated = errors.New("an account is needed")
	// ErrForbidden means the account may not do this to this object.
	ErrForbidden = errors.New("not allowed for this account")
)

// Place is where an object belongs: its oblast and hromada codes (the
// hromada is empty in Crimea).
type Place struct {
	Oblast  string
	Hromada string
}

// allow turns a decision into the error the API reports.
func (u *User) allow(ok bool) error {
	switch {
	case u == nil:
		return ErrUnauthenticated
	case ok:
		return nil
	default:
		return ErrForbidden
	}
}

func (u *User) active() bool { return u != nil && !u.Disabled }

// MayEdit decides who creates, changes and deletes sites, projects and
// progress updates at p: admins anywhere, editors in their hromadas.
func (u *User) MayEdit(p Place) error {
	return u.allow(u.active() && (u.Role == Admin ||
		u.Role == Editor && p.Hromada != "" && slices.Contains(u.Hromadas, p.Hromada)))
}

// MayModerate decides who verifies or rejects what is at p, decides on
// public suggestions there and lifts a sensitive mark: admins anywhere,
// moderators in their oblasts.
func (u *User) MayModerate(p Place) error {
	return u.allow(u.active() && (u.Role == Admin ||
		u.Role == Moderator && slices.Contains(u.Oblasts, p.Oblast)))
}

// MayMarkSensitive decides who changes a site's sensitive mark at p:
// marking it is open to whoever edits or moderates there; lifting it is a
// moderator's decision (an admin's anywhere).
func (u *User) MayMarkSensitive(p Place, sensitive bool) error {
	if !sensitive || u.MayModerate(p) == nil {
		return u.MayModerate(p)
	}
	return u.MayEdit(p)
}

// MayFund decides who records funding given by organisation org: admins,
// and donor accounts of that organisation.
func (u *User) MayFund(org int64) error {
	return u.allow(u.active() && (u.Role == Admin ||
		u.Role == Donor && u.OrganisationID != nil && *u.OrganisationID == org))
}

// MayAdminister decides who manages accounts and organisations: admins.
func (u *User) MayAdminister() error {
	return u.allow(u.active() && u.Role == Admin)
}

// MaySignIn decides whether an account may act at all.
func (u *User) MaySignIn() error { return u.allow(u.active()) }

// ExactScope is the one rule of sensitive places: which accounts see a
// sensitive site's exact geometry, address and description. Admins see
// every one, moderators those in their oblasts, editors those in their
// hromadas; the public and everyone else see the hromada's point only.
// Stores turn the scope into their queries; see Scope.Covers.
func (u *User) ExactScope() Scope {
	switch {
	case !u.active():
		return Scope{}
	case u.Role == Admin:
		return Scope{All: true}
	case u.Role == Moderator:
		return Scope{Oblasts: u.Oblasts}
	case u.Role == Editor:
		return Scope{Hromadas: u.Hromadas}
	}
	return Scope{}
}

// Scope is a set of places: all of them, or those in some oblasts or
// hromadas.
type Scope struct {
	All      bool
	Oblasts  []string
	Hromadas []string
}

// None tells whether the scope holds no place at all.
func (s Scope) None() bool { return !s.All && len(s.Oblasts) == 0 && len(s.Hromadas) == 0 }

// Covers tells whether p lies in the scope.
func (s Scope) Covers(p Place) bool {
	return s.All || slices.Contains(s.Oblasts, p.Oblast) || p.Hromada != "" && slices.Contains(s.Hromadas, p.Hromada)
}
