// Package testdb gives each test its own fresh PostGIS database, copied
// from the template that `make test` migrates and fills with the real
// boundaries of Ukraine. There are no database mocks in this project.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/postgres"
)

// New creates a database from the template and returns it open, with its
// URL; both are dropped when the test ends.
func New(t testing.TB) (*postgres.DB, string) {
	t.Helper()
	admin, template := os.Getenv("VIDBUDOVA_TEST_ADMIN_URL"), os.Getenv("VIDBUDOVA_TEST_TEMPLATE")
	if admin == "" || template == "" {
		t.Fatal("VIDBUDOVA_TEST_ADMIN_URL and VIDBUDOVA_TEST_TEMPLATE are not set: run `make test`, " +
			"which starts PostGIS and prepares the template database")
	}
	ctx := context.Background()
	b := make([]byte, 6)
	rand.Read(b)
	name := "test_" + hex.EncodeToString(b)

	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("testdb: connect: %v", err)
	}
	defer conn.Close(ctx)
	// Two packages copying the template at the same moment make one of
	// them fail with "being accessed by other users"; it only has to wait.
	for attempt := 0; ; attempt++ {
		_, err = conn.Exec(ctx, `CREATE DATABASE `+name+` TEMPLATE `+pgx.Identifier{template}.Sanitize())
		if err == nil || attempt == 50 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("testdb: create database: %v", err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	u.Path = "/" + name
	db, err := postgres.Open(ctx, u.String(), 8)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			t.Logf("testdb: drop %s: %v", name, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Logf("testdb: drop %s: %v", name, err)
		}
	})
	return db, u.String()
}
