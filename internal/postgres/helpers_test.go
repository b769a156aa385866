package postgres_test

import (
	"context"

	"github.com/vidbudova/vidbudova/internal/account"
)

// asAdmin is the context of the store tests: they test what the data
// rules keep, acting as an admin, whom the account rules let do anything;
// the account rules themselves are tested over HTTP.
func asAdmin() context.Context {
	return account.WithUser(context.Background(), account.System)
}
