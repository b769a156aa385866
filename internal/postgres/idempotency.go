package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/domain"
)

// priorRequest finds what an earlier request with the same Idempotency-Key
// made in scope ("sites", "projects"). A key reused with another request
// is a conflict. Looking first makes a concurrent retry wait for the first
// transaction's key and then see its object.
func priorRequest(ctx context.Context, tx pgx.Tx, scope, key string, hash []byte) (id int64, found bool, err error) {
	var prevHash []byte
	err = tx.QueryRow(ctx, `SELECT request_hash, resource_id FROM idempotency_keys WHERE scope = $1 AND key = $2`,
		scope, key).Scan(&prevHash, &id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("postgres: idempotency key: %w", err)
	case !bytes.Equal(prevHash, hash):
		return 0, false, fmt.Errorf("%w: the Idempotency-Key was used for a different request", domain.ErrConflict)
	}
	return id, true, nil
}

// recordRequest keeps the key with the id of what this request made. It
// reports false when a concurrent request with the same key got there
// first: the caller then rolls back and answers with that one's object.
func recordRequest(ctx context.Context, tx pgx.Tx, scope, key string, hash []byte, id int64) (bool, error) {
	tag, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (scope, key, request_hash, resource_id)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, scope, key, hash, id)
	if err != nil {
		return false, fmt.Errorf("postgres: idempotency key: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}
