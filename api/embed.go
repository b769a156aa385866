// Package api holds the OpenAPI document, the contract of Vidbudova's HTTP
// interface, embedded so that the server can serve it and tests check it.
package api

import _ "embed"

// OpenAPI is api/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
