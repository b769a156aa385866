package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// hromadaNames keeps the names of the 1,471 hromadas in memory: every
// listed site carries its hromada's name, and looking it up here instead
// of joining in SQL took a third off the bare list query on the bench data.
// Boundaries are imported by another process, so the names are read again
// once they are a minute old.
type hromadaNames struct {
	mu     sync.Mutex
	names  map[string]*[2]string // code → {uk, en}
	loaded time.Time
}

const namesMaxAge = time.Minute

// hromadaNameTable returns the names by code, reading them first if they
// are old. Callers take it before they run their own query, so that no
// request ever holds one connection while it waits for another.
func (db *DB) hromadaNameTable(ctx context.Context) (map[string]*[2]string, error) {
	hn := &db.names
	hn.mu.Lock()
	defer hn.mu.Unlock()
	if hn.names != nil && time.Since(hn.loaded) < namesMaxAge {
		return hn.names, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT code, name_uk, name_en FROM hromadas`)
	if err != nil {
		return nil, fmt.Errorf("postgres: hromada names: %w", err)
	}
	defer rows.Close()
	names := make(map[string]*[2]string, 1500)
	for rows.Next() {
		var code string
		var n [2]string
		if err := rows.Scan(&code, &n[0], &n[1]); err != nil {
			return nil, fmt.Errorf("postgres: hromada names: %w", err)
		}
		names[code] = &n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: hromada names: %w", err)
	}
	// The map is never changed after this, so callers may read it freely.
	hn.names, hn.loaded = names, time.Now()
	return names, nil
}
