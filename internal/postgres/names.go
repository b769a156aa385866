package postgres

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// unitNames keeps the names of the 1,471 hromadas and the 27 oblasts in
// memory (Kyiv and Sevastopol are both, under one code and name): every
// listed site carries its hromada's name, and looking it up here instead
// of joining in SQL took a third off the bare list query on the bench data.
// Boundaries are imported by another process, so the names are read again
// once they are a minute old.
type unitNames struct {
	mu     sync.Mutex
	names  map[string]*unitName // code → {uk, en}
	loaded time.Time
}

const namesMaxAge = time.Minute

// unitName holds a unit's names as strings, and as bytes for the site
// list, which writes them without a copy per site.
type unitName struct {
	UK, EN string
	uk, en []byte
}

// unitNameTable returns the names by code, reading them first if they
// are old. Callers take it before they run their own query, so that no
// request ever holds one connection while it waits for another.
func (db *DB) unitNameTable(ctx context.Context) (map[string]*unitName, error) {
	hn := &db.names
	hn.mu.Lock()
	defer hn.mu.Unlock()
	if hn.names != nil && time.Since(hn.loaded) < namesMaxAge {
		return hn.names, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT code, name_uk, name_en FROM hromadas UNION SELECT code, name_uk, name_en FROM oblasts`)
	if err != nil {
		return nil, fmt.Errorf("postgres: unit names: %w", err)
	}
	defer rows.Close()
	names := make(map[string]*unitName, 1500)
	for rows.Next() {
		var code, uk, en string
		if err := rows.Scan(&code, &uk, &en); err != nil {
			return nil, fmt.Errorf("postgres: unit names: %w", err)
		}
		names[code] = &unitName{UK: uk, EN: en, uk: []byte(uk), en: []byte(en)}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: unit names: %w", err)
	}
	// The map is never changed after this, so callers may read it freely.
	hn.names, hn.loaded = names, time.Now()
	return names, nil
}
