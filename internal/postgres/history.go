package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/history"
)

var _ history.Store = (*DB)(nil)

// FindHistory reads one object's history, newest first, as the request's
// account may see it. A site the viewer may not see exactly loses from
// every entry what would give its place away, its photos included; so
// does a deleted site, whose place no longer tells who may see it, for
// all but admins. A project's point is left out: it is derived from its
// sites, and entries made before sensitive sites were coarsened came from
// exact places.
func (db *DB) FindHistory(ctx context.Context, objectType string, id int64, limit int, before int64) ([]history.Entry, error) {
	changes := "h.changes"
	switch objectType {
	case history.Project:
		changes = "h.changes - 'geometry'"
	case history.Site:
		exact, err := db.seesSiteExactly(ctx, id)
		if err != nil {
			return nil, err
		}
		if !exact {
			changes = "h.changes - 'geometry' - 'name' - 'description' - 'photos'"
		}
	}
	rows, err := db.pool.Query(ctx, `
		SELECT h.id, h.action,
		       CASE WHEN u.id IS NOT NULL THEN jsonb_build_object('id', u.id, 'name', u.name, 'role', u.role) END,
		       h.at, `+changes+`
		FROM history h LEFT JOIN users u ON u.id::text = h.actor
		WHERE h.object_type = $1 AND h.object_id = $2 AND ($3 = 0 OR h.id < $3)
		ORDER BY h.id DESC LIMIT $4`, objectType, id, before, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: find history: %w", err)
	}
	entries, err := pgx.CollectRows(rows, pgx.RowToStructByPos[history.Entry])
	if err != nil {
		return nil, fmt.Errorf("postgres: find history: %w", err)
	}
	return entries, nil
}

// seesSiteExactly applies account.ExactScope to one site by id.
func (db *DB) seesSiteExactly(ctx context.Context, id int64) (bool, error) {
	scope := account.FromContext(ctx).ExactScope()
	if scope.All {
		return true, nil
	}
	var at account.Place
	var hromada *string
	var sensitive bool
	err := db.pool.QueryRow(ctx, `SELECT oblast_code, hromada_code, sensitive FROM sites WHERE id = $1`, id).
		Scan(&at.Oblast, &hromada, &sensitive)
	if err == pgx.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("postgres: site %d: %w", id, err)
	}
	at.Hromada = deref(hromada)
	return !sensitive || scope.Covers(at), nil
}
