package account

import "context"

type userKey struct{}

// WithUser returns a context that carries the account a request acts for.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// FromContext returns the account a request acts for, or nil for the
// public (no account).
func FromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// System is the account the command line and the demo seed act as: an
// admin with no id, so the history records no person for their changes.
var System = &User{Role: Admin, Name: "system"}
