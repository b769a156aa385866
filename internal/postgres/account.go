package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
)

var _ account.Store = (*DB)(nil)

const userColumns = `u.id, u.email, u.name, u.role, u.oblast_codes, u.hromada_codes, u.organisation_id,
 u.disabled, u.demo, u.version, u.created_at`

func scanUser(row pgx.Row, u *account.User, more ...any) error {
	var role string
	dest := append([]any{&u.ID, &u.Email, &u.Name, &role, &u.Oblasts, &u.Hromadas, &u.OrganisationID,
		&u.Disabled, &u.Demo, &u.Version, &u.CreatedAt}, more...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	u.Role = account.Role(role)
	return nil
}

// CreateUser stores a new account; an email already taken is a conflict.
func (db *DB) CreateUser(ctx context.Context, d account.Draft, passwordHash string) (account.User, error) {
	d.Email = account.NormalizeEmail(d.Email)
	if err := db.checkScope(ctx, d.Oblasts, d.Hromadas, d.OrganisationID); err != nil {
		return account.User{}, err
	}
	var u account.User
	err := scanUser(db.pool.QueryRow(ctx, `
		INSERT INTO users AS u (email, name, password_hash, role, oblast_codes, hromada_codes, organisation_id, demo)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		RETURNING `+userColumns,
		d.Email, d.Name, passwordHash, string(d.Role), nonNil(d.Oblasts), nonNil(d.Hromadas), d.OrganisationID, d.Demo), &u)
	if err != nil {
		if err := mapError(err, "email"); errors.Is(err, domain.ErrConflict) {
			return account.User{}, fmt.Errorf("%w: an account with this email exists", domain.ErrConflict)
		}
		return account.User{}, fmt.Errorf("postgres: create user: %w", err)
	}
	return u, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// checkScope checks that the codes and the organisation of an account's
// scope exist, naming the first that does not.
func (db *DB) checkScope(ctx context.Context, oblasts, hromadas []string, org *int64) error {
	for _, c := range []struct {
		field, table string
		codes        []string
	}{{"oblast_codes", "oblasts", oblasts}, {"hromada_codes", "hromadas", hromadas}} {
		if len(c.codes) == 0 {
			continue
		}
		var missing *string
		err := db.pool.QueryRow(ctx, `SELECT min(c) FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM `+
			c.table+` t WHERE t.code = c)`, c.codes).Scan(&missing)
		if err != nil {
			return fmt.Errorf("postgres: check scope: %w", err)
		}
		if missing != nil {
			return domain.Invalid(c.field, "no such code: "+*missing, "такого коду немає: "+*missing)
		}
	}
	if org != nil {
		ok, err := db.exists(ctx, `SELECT EXISTS (SELECT 1 FROM organisations WHERE id = $1)`, *org)
		if err != nil {
			return err
		}
		if !ok {
			return domain.Invalid("organisation_id", "no such organisation", "такої організації немає")
		}
	}
	return nil
}

// FindLogin returns the account with that email and its password hash.
func (db *DB) FindLogin(ctx context.Context, email string) (account.User, string, error) {
	var u account.User
	var hash string
	err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.email = $1`,
		account.NormalizeEmail(email)), &u, &hash)
	if err != nil {
		return account.User{}, "", fmt.Errorf("postgres: find login: %w", mapError(err, "email"))
	}
	return u, hash, nil
}

// FindUser returns one account.
func (db *DB) FindUser(ctx context.Context, id int64) (account.User, error) {
	var u account.User
	if err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id), &u); err != nil {
		return account.User{}, fmt.Errorf("postgres: find user %d: %w", id, mapError(err, "id"))
	}
	return u, nil
}

// FindUsers lists every account by id.
func (db *DB) FindUsers(ctx context.Context) ([]account.User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: find users: %w", err)
	}
	defer rows.Close()
	var out []account.User
	for rows.Next() {
		var u account.User
		if err := scanUser(rows, &u); err != nil {
			return nil, fmt.Errorf("postgres: find users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UpdateUser changes an account; a changed password or a disabled account
// ends its sessions, so that a stolen one stops working at once.
func (db *DB) UpdateUser(ctx context.Context, id int64, p account.Patch, passwordHash *string, ifVersion int) (account.User, error) {
	if err := db.checkScope(ctx, p.Oblasts, p.Hromadas, p.OrganisationID); err != nil {
		return account.User{}, err
	}
	set := []string{"version = version + 1", "updated_at = now()"}
	args := []any{id, ifVersion}
	add := func(col string, v any) {
		args = append(args, v)
		set = append(set, col+" = $"+strconv.Itoa(len(args)))
	}
	if p.Name != nil {
		add("name", *p.Name)
	}
	if passwordHash != nil {
		add("password_hash", *passwordHash)
	}
	if p.Role != nil {
		add("role", string(*p.Role))
	}
	if p.Oblasts != nil {
		add("oblast_codes", p.Oblasts)
	}
	if p.Hromadas != nil {
		add("hromada_codes", p.Hromadas)
	}
	if p.OrganisationID != nil {
		add("organisation_id", *p.OrganisationID)
	} else if p.ClearOrg {
		set = append(set, "organisation_id = NULL")
	}
	if p.Disabled != nil {
		add("disabled", *p.Disabled)
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return account.User{}, fmt.Errorf("postgres: update user: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	var u account.User
	err = scanUser(tx.QueryRow(ctx, `UPDATE users u SET `+strings.Join(set, ", ")+
		` WHERE u.id = $1 AND ($2 = 0 OR u.version = $2) RETURNING `+userColumns, args...), &u)
	if errors.Is(err, pgx.ErrNoRows) {
		if _, ferr := db.FindUser(ctx, id); ferr != nil {
			return account.User{}, ferr
		}
		return account.User{}, domain.ErrPreconditionFailed
	}
	if err != nil {
		return account.User{}, fmt.Errorf("postgres: update user: %w", mapError(err, "id"))
	}
	if passwordHash != nil || u.Disabled {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return account.User{}, fmt.Errorf("postgres: update user: %w", err)
		}
	}
	return u, tx.Commit(ctx)
}

// CreateSession stores a new browser session.
func (db *DB) CreateSession(ctx context.Context, secretHash []byte, userID int64, csrf string, now, expires, ends time.Time) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO sessions (secret_hash, user_id, csrf_token, created_at, expires_at, ends_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, secretHash, userID, csrf, now, expires, ends)
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", err)
	}
	// Expired sessions of anyone go as new ones come: the table stays small
	// without a sweeper.
	_, err = db.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR ends_at < $1`, now)
	if err != nil {
		return fmt.Errorf("postgres: create session: %w", err)
	}
	return nil
}

// FindSession returns the live session of an active account and slides
// its idle expiry forward.
func (db *DB) FindSession(ctx context.Context, secretHash []byte, now, expires time.Time) (account.Session, error) {
	var s account.Session
	err := scanUser(db.pool.QueryRow(ctx, `
		UPDATE sessions x SET expires_at = least($3, x.ends_at)
		FROM users u
		WHERE x.secret_hash = $1 AND u.id = x.user_id AND x.expires_at > $2 AND x.ends_at > $2 AND NOT u.disabled
		RETURNING `+userColumns+`, x.csrf_token, x.expires_at, x.ends_at`, secretHash, now, expires),
		&s.User, &s.CSRFToken, &s.ExpiresAt, &s.EndsAt)
	if err != nil {
		return account.Session{}, fmt.Errorf("postgres: find session: %w", mapError(err, "session"))
	}
	return s, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, secretHash []byte) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE secret_hash = $1`, secretHash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

const tokenColumns = `t.id, t.user_id, t.name, t.created_at, t.last_used_at, t.revoked_at`

func scanToken(row pgx.Row, t *account.Token) error {
	return row.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt)
}

// CreateToken stores a new API token of a user.
func (db *DB) CreateToken(ctx context.Context, userID int64, name string, secretHash []byte) (account.Token, error) {
	var t account.Token
	err := scanToken(db.pool.QueryRow(ctx, `INSERT INTO api_tokens AS t (user_id, name, secret_hash) VALUES ($1, $2, $3)
		RETURNING `+tokenColumns, userID, name, secretHash), &t)
	if err != nil {
		return account.Token{}, fmt.Errorf("postgres: create token: %w", err)
	}
	return t, nil
}

// FindTokenUser returns the active owner of a live token and notes its
// use (at most once a minute, to spare writes).
func (db *DB) FindTokenUser(ctx context.Context, secretHash []byte, now time.Time) (account.User, error) {
	var u account.User
	var id int64
	var last *time.Time
	err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userColumns+`, t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`, secretHash), &u, &id, &last)
	if err != nil {
		return account.User{}, fmt.Errorf("postgres: find token: %w", mapError(err, "token"))
	}
	if last == nil || now.Sub(*last) > time.Minute {
		if _, err := db.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, now); err != nil {
			return account.User{}, fmt.Errorf("postgres: note token use: %w", err)
		}
	}
	return u, nil
}

// FindTokens lists a user's tokens, newest first, revoked ones too.
func (db *DB) FindTokens(ctx context.Context, userID int64) ([]account.Token, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: find tokens: %w", err)
	}
	defer rows.Close()
	out := []account.Token{}
	for rows.Next() {
		var t account.Token
		if err := scanToken(rows, &t); err != nil {
			return nil, fmt.Errorf("postgres: find tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken ends a token at once; owner > 0 requires it to be theirs
// (another's token is reported as missing, not as forbidden).
func (db *DB) RevokeToken(ctx context.Context, id, owner int64, now time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3)
		WHERE id = $1 AND ($2 = 0 OR user_id = $2)`, id, owner, now)
	if err != nil {
		return fmt.Errorf("postgres: revoke token: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return nil
}

// actorID is the account id a row records as its maker; nil for the
// system (the command line, the demo seed).
func actorID(u *account.User) *int64 {
	if u == nil || u.ID == 0 {
		return nil
	}
	return &u.ID
}

// begin starts a write transaction on behalf of the request's account,
// so that the history triggers record who made each change.
func (db *DB) begin(ctx context.Context) (pgx.Tx, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	if u := account.FromContext(ctx); u != nil && u.ID > 0 {
		if _, err := tx.Exec(ctx, `SELECT set_config('vidbudova.actor', $1, true)`, strconv.FormatInt(u.ID, 10)); err != nil {
			tx.Rollback(ctx) //nolint:errcheck // the error above is the one to report
			return nil, err
		}
	}
	return tx, nil
}
