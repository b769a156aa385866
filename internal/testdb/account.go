package testdb

import (
	"context"
	"testing"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/postgres"
)

// Account makes an account in db; without a password it cannot sign in
// (its hash matches nothing), which suits accounts that use tokens.
func Account(t testing.TB, db *postgres.DB, d account.Draft) account.User {
	t.Helper()
	hash := "!"
	if d.Password != "" {
		var err error
		if hash, err = account.HashPassword(d.Password); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateUser(context.Background(), d, hash)
	if err != nil {
		t.Fatalf("testdb: account %s: %v", d.Email, err)
	}
	return u
}

// Token makes an account and an API token of it, and returns the token.
func Token(t testing.TB, db *postgres.DB, d account.Draft) string {
	t.Helper()
	u := Account(t, db, d)
	secret := account.NewToken()
	if _, err := db.CreateToken(context.Background(), u.ID, "test", account.HashSecret(secret)); err != nil {
		t.Fatal(err)
	}
	return secret
}
