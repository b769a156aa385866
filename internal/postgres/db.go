// Package postgres keeps Vidbudova's data in PostgreSQL with PostGIS. Every
// SQL statement of the project lives here; values are always bound.
package postgres

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vidbudova/vidbudova/internal/domain"
)

// DB is the connection pool and the store methods on it.
type DB struct {
	pool  *pgxpool.Pool
	names unitNames
}

// Open connects to the database at url with at most maxConns connections.
func Open(ctx context.Context, url string, maxConns int32) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	rp := cfg.ConnConfig.RuntimeParams
	// Measured on 2 cores (../shared/bench): JIT and parallel workers make
	// concurrent map queries 2-4x slower, and a generic plan for a bbox
	// query is 1.5-1.8x slower than a custom one.
	rp["jit"] = "off"
	rp["max_parallel_workers_per_gather"] = "0"
	rp["plan_cache_mode"] = "force_custom_plan"
	rp["timezone"] = "UTC"
	rp["application_name"] = "vidbudova"
	// A list of a thousand sites is some 200 KB from PostgreSQL, which
	// sends it in 8 KB pieces; read as much as has arrived at once, not 8
	// KB a system call (measured: most of the server's CPU on a list went
	// into reads and writes on the sockets).
	cfg.ConnConfig.BuildFrontend = func(r io.Reader, w io.Writer) *pgproto3.Frontend {
		return pgproto3.NewFrontend(bufio.NewReaderSize(r, 64<<10), w)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: ping: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes every connection.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.pool.Ping(ctx) }

// Pool gives the underlying pool to code that runs its own SQL under
// internal/ (the boundary source builder, tests).
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Errors the project's own triggers raise (see migrations): their SQLSTATE
// class VB is ours.
const (
	codeOutside         = "VB001"
	codeInvalidGeometry = "VB002"
	codeTooLarge        = "VB003"
)

// mapError turns database errors into domain errors; field names the
// request's geometry for the geometry checks.
func mapError(err error, field string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return domain.ErrNotFound
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case codeOutside:
			return domain.Outside(field)
		case codeInvalidGeometry:
			return domain.Invalid(field, "the geometry is not valid: "+pe.Message,
				"геометрія некоректна (самоперетин або вироджене кільце): "+pe.Message)
		case codeTooLarge:
			return domain.Invalid(field, "the footprint is larger than 100 km²", "контур більший за 100 км²")
		case "23505":
			return fmt.Errorf("%w: %s", domain.ErrConflict, pe.ConstraintName)
		case "23503":
			// Something still refers to the row (a project to its site).
			return fmt.Errorf("%w: other records refer to it (%s); remove those first", domain.ErrConflict, pe.ConstraintName)
		}
	}
	return err
}
