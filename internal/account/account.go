// Package account holds who may use Vidbudova and what each may do:
// accounts and their roles and scopes, passwords, session and token
// secrets, and the rules the server applies to every write and to every
// sensitive place it shows.
package account

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/vidbudova/vidbudova/internal/domain"
)

// Role is what kind of work an account does.
type Role string

// The roles, from the widest to the narrowest.
const (
	Admin     Role = "admin"     // manages accounts; may change anything
	Moderator Role = "moderator" // verifies sites and projects in its oblasts
	Editor    Role = "editor"    // reports sites, runs projects in its hromadas
	Donor     Role = "donor"     // records the funding of its organisation
)

// Roles lists every role.
var Roles = []Role{Admin, Moderator, Editor, Donor}

// User is an account as the server and its owner see it; the password
// hash never leaves the store.
type User struct {
	ID             int64     `json:"id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	Role           Role      `json:"role"`
	Oblasts        []string  `json:"oblast_codes"`
	Hromadas       []string  `json:"hromada_codes"`
	OrganisationID *int64    `json:"organisation_id"`
	Disabled       bool      `json:"disabled"`
	Demo           bool      `json:"demo"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
}

// Draft is a new account.
type Draft struct {
	Email          string
	Name           string
	Password       string
	Role           Role
	Oblasts        []string
	Hromadas       []string
	OrganisationID *int64
	Demo           bool
}

// Patch changes an account; nil fields stay as they are.
type Patch struct {
	Name           *string
	Password       *string
	Role           *Role
	Oblasts        []string // nil: unchanged
	Hromadas       []string // nil: unchanged
	OrganisationID *int64
	ClearOrg       bool
	Disabled       *bool
}

// Token is an API token as its owner sees it; the secret is shown once,
// when it is made.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// Session is a signed-in browser.
type Session struct {
	User      User
	CSRFToken string
	ExpiresAt time.Time
	EndsAt    time.Time
}

// Store keeps accounts, sessions and tokens.
type Store interface {
	CreateUser(ctx context.Context, d Draft, passwordHash string) (User, error)
	// FindLogin returns the account with that email and its password hash.
	FindLogin(ctx context.Context, email string) (User, string, error)
	FindUser(ctx context.Context, id int64) (User, error)
	FindUsers(ctx context.Context) ([]User, error)
	UpdateUser(ctx context.Context, id int64, p Patch, passwordHash *string, ifVersion int) (User, error)

	CreateSession(ctx context.Context, secretHash []byte, userID int64, csrf string, now, expires, ends time.Time) error
	// FindSession returns the live session with that secret and moves its
	// idle expiry to expires (never past its end).
	FindSession(ctx context.Context, secretHash []byte, now, expires time.Time) (Session, error)
	DeleteSession(ctx context.Context, secretHash []byte) error

	CreateToken(ctx context.Context, userID int64, name string, secretHash []byte) (Token, error)
	// FindTokenUser returns the owner of a live token and notes its use.
	FindTokenUser(ctx context.Context, secretHash []byte, now time.Time) (User, error)
	FindTokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken ends a token; owner > 0 requires it to be that user's.
	RevokeToken(ctx context.Context, id, owner int64, now time.Time) error
}

// NormalizeEmail is the one spelling of an email the server keeps and
// looks up: trimmed and lower-cased.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Validate checks a new account; the store checks that its scope codes exist.
func (d *Draft) Validate() error {
	d.Email = NormalizeEmail(d.Email)
	if err := validEmail(d.Email); err != nil {
		return err
	}
	if err := ValidPassword(d.Password); err != nil {
		return err
	}
	if len(d.Name) > 200 {
		return domain.Invalid("name", "the name is longer than 200 characters", "ім'я довше за 200 символів")
	}
	return validScope(d.Role, d.Oblasts, d.Hromadas, d.OrganisationID)
}

func validEmail(e string) error {
	at := strings.IndexByte(e, '@')
	if len(e) < 3 || len(e) > 254 || at < 1 || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n") {
		return domain.Invalid("email", "this is not an email address", "це не адреса електронної пошти")
	}
	return nil
}

// MinPassword is the shortest password accepted (NIST SP 800-63B asks
// for at least 8; a passphrase is better).
const MinPassword = 10

// ValidPassword checks a new password's length; its strength beyond that
// is the owner's, as NIST SP 800-63B advises against composition rules.
func ValidPassword(p string) error {
	if n := len([]rune(p)); n < MinPassword {
		return domain.Invalid("password", "the password must be at least 10 characters long",
			"пароль має містити щонайменше 10 символів")
	}
	if len(p) > 1000 {
		return domain.Invalid("password", "the password is longer than 1000 bytes", "пароль довший за 1000 байтів")
	}
	return nil
}

// validScope checks that an account of role r has the scope it needs.
func validScope(r Role, oblasts, hromadas []string, org *int64) error {
	if !slices.Contains(Roles, r) {
		return domain.Invalid("role", "the role must be one of admin, moderator, editor, donor",
			"роль має бути однією з: admin, moderator, editor, donor")
	}
	switch {
	case r == Moderator && len(oblasts) == 0:
		return domain.Invalid("oblast_codes", "a moderator needs at least one oblast", "модератору потрібна щонайменше одна область")
	case r == Editor && len(hromadas) == 0:
		return domain.Invalid("hromada_codes", "an editor needs at least one hromada", "редактору потрібна щонайменше одна громада")
	case r == Donor && org == nil:
		return domain.Invalid("organisation_id", "a donor account belongs to an organisation", "обліковий запис донора належить організації")
	}
	return nil
}

// ValidateChange checks an account as it would be after p.
func (u User) ValidateChange(p Patch) error {
	if p.Password != nil {
		if err := ValidPassword(*p.Password); err != nil {
			return err
		}
	}
	r, obl, hrom, org := u.Role, u.Oblasts, u.Hromadas, u.OrganisationID
	if p.Role != nil {
		r = *p.Role
	}
	if p.Oblasts != nil {
		obl = p.Oblasts
	}
	if p.Hromadas != nil {
		hrom = p.Hromadas
	}
	if p.OrganisationID != nil {
		org = p.OrganisationID
	} else if p.ClearOrg {
		org = nil
	}
	return validScope(r, obl, hrom, org)
}
