package httpapi

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
)

// sessionKey holds, in the Echo context, the session a request came with.
const sessionKey = "session"

// SessionCookie names the browser's session cookie.
const SessionCookie = "vidbudova_session"

// CSRFHeader carries, on every write made with the session cookie, the
// token the server gave at sign-in. A page of another site can make the
// browser send the cookie, but cannot read the token.
const CSRFHeader = "X-CSRF-Token"

// Limits on how fast one account or address may sign in: per account
// (a guessed password) and per address (many accounts tried). Writes are
// limited per account too (Deps.WritesPerMinute), so that one runaway
// script cannot flood the map.
var (
	loginPerAccount = limit{n: 5, per: 15 * time.Minute}
	loginPerAddress = limit{n: 30, per: 15 * time.Minute}
	// Suggestions come without an account: bounded per address instead.
	suggestionsPerAddress = limit{n: 20, per: time.Hour}
)

// DefaultWritesPerMinute lets an integration load ten sites a second.
const DefaultWritesPerMinute = 600

type limit struct {
	n   int
	per time.Duration
}

func (l limit) store() *middleware.RateLimiterMemoryStore {
	return middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
		Rate: rate.Limit(float64(l.n) / l.per.Seconds()), Burst: l.n, ExpiresIn: l.per,
	})
}

// retryAfter is how long until one more request is allowed.
func (l limit) retryAfter() time.Duration { return l.per / time.Duration(l.n) }

// limiters are the server's rate limits, kept in memory: one server
// process serves Vidbudova (several would need a shared store).
type limiters struct {
	loginAccount, loginAddress, suggestions, writes *middleware.RateLimiterMemoryStore
	writeLimit                                      limit
}

func newLimiters(writesPerMinute int) limiters {
	w := limit{n: writesPerMinute, per: time.Minute}
	return limiters{loginPerAccount.store(), loginPerAddress.store(), suggestionsPerAddress.store(), w.store(), w}
}

func tooMany(c echo.Context, l limit, en, uk string) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(l.retryAfter().Seconds()+0.5)))
	return localProblem{status: http.StatusTooManyRequests, en: en, uk: uk}
}

var errCSRF = localProblem{status: http.StatusForbidden,
	en: "This change came with the session cookie but without its " + CSRFHeader + " header; reload the page and try again.",
	uk: "Цю зміну надіслано з cookie сесії, але без заголовка " + CSRFHeader + "; оновіть сторінку і спробуйте ще раз."}

var errBadToken = localProblem{status: http.StatusUnauthorized,
	en: "The API token is unknown or revoked.", uk: "API-токен невідомий або відкликаний."}

// safeMethod tells whether a request only reads (RFC 9110, 9.2.1).
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// openWrites are the writes that need no account: signing in, and a
// suggestion from the public when the server allows those (the handler
// checks that).
var openWrites = map[string]bool{
	http.MethodPost + " /api/v1/auth/login":  true,
	http.MethodPost + " /api/v1/suggestions": true,
	http.MethodPost + " /api/v1/auth/logout": true,
}

// authenticate finds the account a request acts for, from an API token or
// the session cookie, and puts it in the request's context. Every write
// must have one, and a write made with the cookie must carry the CSRF
// token; writes are then rate-limited per account. What a known account
// may change is decided later, by the account rules, where the object's
// place is known.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			return next(c) // the map's files and health checks are the same for all
		}
		ctx := r.Context()
		h := c.Response().Header()
		// What a site looks like depends on who asks (sensitive places).
		h.Add("Vary", "Cookie, Authorization")
		var u *account.User
		fromCookie := false
		var sess account.Session
		if auth := r.Header.Get(echo.HeaderAuthorization); auth != "" {
			secret, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok || !account.IsToken(secret) {
				return errBadToken
			}
			found, err := s.deps.Accounts.FindTokenUser(ctx, account.HashSecret(secret), s.now())
			if errors.Is(err, domain.ErrNotFound) {
				return errBadToken
			} else if err != nil {
				return err
			}
			u = &found
		} else if ck, err := r.Cookie(SessionCookie); err == nil && ck.Value != "" {
			now := s.now()
			sess, err = s.deps.Accounts.FindSession(ctx, account.HashSecret(ck.Value), now, now.Add(s.deps.Sessions.Idle))
			switch {
			case errors.Is(err, domain.ErrNotFound):
				// Expired or signed out: the request goes on as the public's.
				clearSessionCookie(c)
			case err != nil:
				return err
			default:
				u, fromCookie = &sess.User, true
				c.Set(sessionKey, sess)
			}
		}
		if u != nil {
			h.Set("Cache-Control", "private, no-store")
			c.SetRequest(r.WithContext(account.WithUser(ctx, u)))
		}
		if safeMethod(r.Method) {
			return next(c)
		}
		if openWrites[r.Method+" "+c.Path()] {
			return next(c)
		}
		if u == nil {
			return account.ErrUnauthenticated
		}
		if fromCookie && subtle.ConstantTimeCompare([]byte(r.Header.Get(CSRFHeader)), []byte(sess.CSRFToken)) != 1 {
			return errCSRF
		}
		if ok, _ := s.limits.writes.Allow(strconv.FormatInt(u.ID, 10)); !ok {
			return tooMany(c, s.limits.writeLimit, "This account is making changes too fast; wait a moment.",
				"Цей обліковий запис вносить зміни надто швидко; зачекайте трохи.")
		}
		return next(c)
	}
}

// setSessionCookie gives the browser its session. Secure whenever the
// request came over TLS (directly or through a proxy that says so);
// plain http is for a local run only.
func (s *Server) setSessionCookie(c echo.Context, secret string, ends time.Time) {
	c.SetCookie(&http.Cookie{
		Name: SessionCookie, Value: secret, Path: "/", Expires: ends,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: behindTLS(c),
	})
}

func clearSessionCookie(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: behindTLS(c)})
}

func behindTLS(c echo.Context) bool {
	return c.IsTLS() || c.Request().Header.Get(echo.HeaderXForwardedProto) == "https"
}
