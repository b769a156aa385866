package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
)

func (s *Server) accountRoutes(g *echo.Group) {
	g.POST("/auth/login", s.login)
	g.POST("/auth/logout", s.logout)
	get(g, "/auth/me", s.me)
	get(g, "/users", s.listUsers)
	g.POST("/users", s.createUser)
	get(g, "/users/:id", s.getUser)
	g.PATCH("/users/:id", s.patchUser)
	get(g, "/tokens", s.listTokens)
	g.POST("/tokens", s.createToken)
	g.DELETE("/tokens/:id", s.revokeToken)
}

// signedIn is what the browser learns at sign-in: who it is, and the
// token its writes must carry.
type signedIn struct {
	User      account.User `json:"user"`
	CSRFToken string       `json:"csrf_token,omitempty"`
	ExpiresAt *time.Time   `json:"expires_at,omitempty"`
}

var errLogin = localProblem{status: http.StatusUnauthorized,
	en: "The email or the password is wrong.", uk: "Неправильна адреса електронної пошти або пароль."}

// login checks an email and password and opens a session. A wrong
// password and an unknown email get the same answer after the same work,
// so that nobody learns who has an account.
func (s *Server) login(c echo.Context) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	email := account.NormalizeEmail(in.Email)
	if email == "" || in.Password == "" {
		return domain.Invalid("email", "give the email and the password", "вкажіть адресу пошти і пароль")
	}
	if ok, _ := s.limits.loginAddress.Allow(c.RealIP()); !ok {
		return tooMany(c, loginPerAddress, "Too many sign-in attempts from this address; wait a few minutes.",
			"Забагато спроб входу з цієї адреси; зачекайте кілька хвилин.")
	}
	if ok, _ := s.limits.loginAccount.Allow(email); !ok {
		return tooMany(c, loginPerAccount, "Too many sign-in attempts for this account; wait a few minutes.",
			"Забагато спроб входу в цей обліковий запис; зачекайте кілька хвилин.")
	}
	ctx := c.Request().Context()
	u, hash, err := s.deps.Accounts.FindLogin(ctx, email)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		account.CheckUnknown(in.Password)
		return errLogin
	case err != nil:
		return err
	case !account.CheckPassword(hash, in.Password) || u.MaySignIn() != nil:
		return errLogin
	}
	secret, csrf := account.NewSecret(), account.NewSecret()
	now := s.now()
	expires, ends := now.Add(s.deps.Sessions.Idle), now.Add(s.deps.Sessions.Max)
	if err := s.deps.Accounts.CreateSession(ctx, account.HashSecret(secret), u.ID, csrf, now, expires, ends); err != nil {
		return err
	}
	s.setSessionCookie(c, secret, ends)
	return c.JSON(http.StatusOK, signedIn{User: u, CSRFToken: csrf, ExpiresAt: &expires})
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(SessionCookie); err == nil && ck.Value != "" {
		if err := s.deps.Accounts.DeleteSession(c.Request().Context(), account.HashSecret(ck.Value)); err != nil {
			return err
		}
	}
	clearSessionCookie(c)
	return c.NoContent(http.StatusNoContent)
}

// me tells the map application who is signed in, and gives a browser its
// CSRF token again after a reload.
func (s *Server) me(c echo.Context) error {
	r := c.Request()
	u := account.FromContext(r.Context())
	if u == nil {
		return account.ErrUnauthenticated
	}
	out := signedIn{User: *u}
	if sess, ok := c.Get(sessionKey).(account.Session); ok {
		out.CSRFToken, out.ExpiresAt = sess.CSRFToken, &sess.ExpiresAt
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) listUsers(c echo.Context) error {
	ctx := c.Request().Context()
	if err := account.FromContext(ctx).MayAdminister(); err != nil {
		return err
	}
	users, err := s.deps.Accounts.FindUsers(ctx)
	if err != nil {
		return err
	}
	if users == nil {
		users = []account.User{}
	}
	return c.JSON(http.StatusOK, map[string]any{"users": users})
}

// userInput is a new account or a change to one, as JSON.
type userInput struct {
	Email          *string   `json:"email"`
	Name           *string   `json:"name"`
	Password       *string   `json:"password"`
	Role           *string   `json:"role"`
	OblastCodes    *[]string `json:"oblast_codes"`
	HromadaCodes   *[]string `json:"hromada_codes"`
	OrganisationID *int64    `json:"organisation_id"`
	Disabled       *bool     `json:"disabled"`
}

func (s *Server) createUser(c echo.Context) error {
	ctx := c.Request().Context()
	if err := account.FromContext(ctx).MayAdminister(); err != nil {
		return err
	}
	var in userInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	for _, f := range []struct {
		name    string
		missing bool
	}{{"email", in.Email == nil}, {"password", in.Password == nil}, {"role", in.Role == nil}} {
		if f.missing {
			return domain.Invalid(f.name, "is required", "обов'язкове поле")
		}
	}
	if in.Disabled != nil {
		return domain.Invalid("disabled", "a new account is enabled; disable it later with PATCH",
			"новий обліковий запис увімкнено; вимкніть його пізніше через PATCH")
	}
	d := account.Draft{Email: *in.Email, Password: *in.Password, Role: account.Role(*in.Role), OrganisationID: in.OrganisationID}
	if in.Name != nil {
		d.Name = *in.Name
	}
	if in.OblastCodes != nil {
		d.Oblasts = *in.OblastCodes
	}
	if in.HromadaCodes != nil {
		d.Hromadas = *in.HromadaCodes
	}
	if err := d.Validate(); err != nil {
		return err
	}
	hash, err := account.HashPassword(d.Password)
	if err != nil {
		return err
	}
	u, err := s.deps.Accounts.CreateUser(ctx, d, hash)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	c.Response().Header().Set("ETag", etag(u.Version))
	return c.JSON(http.StatusCreated, u)
}

func userID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, invalidQuery("id", "an account id is a positive whole number", "ідентифікатор облікового запису — додатне ціле число")
	}
	return id, nil
}

// getUser shows an account to an admin or to its owner.
func (s *Server) getUser(c echo.Context) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	me := account.FromContext(ctx)
	if me == nil || me.ID != id {
		if err := me.MayAdminister(); err != nil {
			return err
		}
	}
	u, err := s.deps.Accounts.FindUser(ctx, id)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(u.Version))
	return c.JSON(http.StatusOK, u)
}

// patchUser changes an account. Its owner may change its name and
// password; its role, scope and whether it is disabled are an admin's.
func (s *Server) patchUser(c echo.Context) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in userInput
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if in.Email != nil {
		return domain.Invalid("email", "an account's email does not change; make a new account", "адреса облікового запису не змінюється; створіть новий запис")
	}
	ctx := c.Request().Context()
	me := account.FromContext(ctx)
	ownOnly := in.Role == nil && in.OblastCodes == nil && in.HromadaCodes == nil && in.OrganisationID == nil && in.Disabled == nil
	if me == nil || me.ID != id || !ownOnly {
		if err := me.MayAdminister(); err != nil {
			return err
		}
	}
	cur, err := s.deps.Accounts.FindUser(ctx, id)
	if err != nil {
		return err
	}
	p := account.Patch{Name: in.Name, Password: in.Password, OrganisationID: in.OrganisationID, Disabled: in.Disabled}
	if in.Role != nil {
		r := account.Role(*in.Role)
		p.Role = &r
		// A role that needs no organisation loses it.
		p.ClearOrg = r != account.Donor && in.OrganisationID == nil
	}
	if in.OblastCodes != nil {
		p.Oblasts = *in.OblastCodes
	}
	if in.HromadaCodes != nil {
		p.Hromadas = *in.HromadaCodes
	}
	if p.Name != nil && len(*p.Name) > 200 {
		return domain.Invalid("name", "the name is longer than 200 characters", "ім'я довше за 200 символів")
	}
	if err := cur.ValidateChange(p); err != nil {
		return err
	}
	var hash *string
	if p.Password != nil {
		h, err := account.HashPassword(*p.Password)
		if err != nil {
			return err
		}
		hash = &h
	}
	u, err := s.deps.Accounts.UpdateUser(ctx, id, p, hash, version)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag(u.Version))
	return c.JSON(http.StatusOK, u)
}

func (s *Server) listTokens(c echo.Context) error {
	ctx := c.Request().Context()
	me := account.FromContext(ctx)
	if me == nil {
		return account.ErrUnauthenticated
	}
	tokens, err := s.deps.Accounts.FindTokens(ctx, me.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"tokens": tokens})
}

// newToken is a token as made: the only time its secret is shown.
type newToken struct {
	account.Token
	Secret string `json:"secret"`
}

func (s *Server) createToken(c echo.Context) error {
	ctx := c.Request().Context()
	me := account.FromContext(ctx)
	if me == nil {
		return account.ErrUnauthenticated
	}
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeStrict(c, &in); err != nil {
		return err
	}
	if n := len([]rune(strings.TrimSpace(in.Name))); n == 0 || n > 100 {
		return domain.Invalid("name", "name the token (1 to 100 characters), e.g. after the system that uses it",
			"назвіть токен (від 1 до 100 символів), наприклад за системою, яка ним користується")
	}
	secret := account.NewToken()
	t, err := s.deps.Accounts.CreateToken(ctx, me.ID, strings.TrimSpace(in.Name), account.HashSecret(secret))
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/tokens/"+strconv.FormatInt(t.ID, 10))
	return c.JSON(http.StatusCreated, newToken{Token: t, Secret: secret})
}

// revokeToken ends one of the account's tokens at once; an admin may end
// anyone's.
func (s *Server) revokeToken(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id < 1 {
		return invalidQuery("id", "a token id is a positive whole number", "ідентифікатор токена — додатне ціле число")
	}
	ctx := c.Request().Context()
	me := account.FromContext(ctx)
	if me == nil {
		return account.ErrUnauthenticated
	}
	owner := me.ID
	if me.MayAdminister() == nil {
		owner = 0
	}
	if err := s.deps.Accounts.RevokeToken(ctx, id, owner, s.now()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// decodeStrict reads a JSON object into v, refusing members v does not
// have, so that a typo in a field name is reported instead of ignored.
func decodeStrict(c echo.Context, v any) error {
	body, err := readBody(c)
	if err != nil {
		return err
	}
	if _, err := parseObject(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		return domain.Invalid(te.Field, "has the wrong type: want "+te.Type.String(), "має неправильний тип: потрібно "+te.Type.String())
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		k := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return domain.Invalid(k, "unknown member", "невідомий член")
	}
	return domain.Invalid("body", "not valid JSON: "+err.Error(), "некоректний JSON: "+err.Error())
}
