package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/history"
)

var _ history.Store = (*DB)(nil)

// FindHistory reads one object's history, newest first.
func (db *DB) FindHistory(ctx context.Context, objectType string, id int64, limit int, before int64) ([]history.Entry, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, action, actor, at, changes FROM history
		WHERE object_type = $1 AND object_id = $2 AND ($3 = 0 OR id < $3)
		ORDER BY id DESC LIMIT $4`, objectType, id, before, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: find history: %w", err)
	}
	entries, err := pgx.CollectRows(rows, pgx.RowToStructByPos[history.Entry])
	if err != nil {
		return nil, fmt.Errorf("postgres: find history: %w", err)
	}
	return entries, nil
}
