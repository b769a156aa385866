// Package migrations holds the numbered SQL migrations of the database,
// embedded so that the binary can bring any database up to date by itself.
package migrations

import "embed"

// FS holds the *.up.sql and *.down.sql files, read by golang-migrate.
//
//go:embed *.sql
var FS embed.FS
