package postgres

import (
	"context"
	"fmt"
)

// SchemaVersion is the migration version the database is at, and whether
// a migration stopped half-way.
func (db *DB) SchemaVersion(ctx context.Context) (version int64, dirty bool, err error) {
	err = db.pool.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&version, &dirty)
	if err != nil {
		return 0, false, fmt.Errorf("postgres: schema version: %w", err)
	}
	return version, dirty, nil
}
