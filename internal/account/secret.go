package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// TokenPrefix starts every API token, so that a leaked one is easy to
// recognise in logs and by secret scanners.
const TokenPrefix = "vbt_"

// NewSecret returns 32 random bytes as URL-safe text: a session cookie,
// a CSRF token, or (with TokenPrefix) an API token.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("account: no randomness: " + err.Error()) // crypto/rand does not fail on Linux
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewToken returns a new API token's secret.
func NewToken() string { return TokenPrefix + NewSecret() }

// IsToken tells whether s looks like an API token.
func IsToken(s string) bool { return strings.HasPrefix(s, TokenPrefix) }

// HashSecret is what the store keeps of a session or token secret. A
// plain SHA-256 is enough: the secret is 256 random bits, not a password.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}
