// Package frontend holds the built map application, embedded into the binary.
package frontend

import "embed"

// Dist is the output of `npm run build` (vite); the Makefile builds it before the Go binary.
//
//go:embed all:dist
var Dist embed.FS
