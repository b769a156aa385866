package boundarysource

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// sharedDir holds the team's prepared boundary files and their sources,
// relative to this package's folder.
const sharedDir = "../../../shared/data/ua-admin"

// sourceDir gunzips the shared copies of the two sources into a temporary
// folder, or skips the test when they are not on this machine.
func sourceDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, s := range sources {
		gz := filepath.Join(sharedDir, "source", s.Name+".gz")
		in, err := os.Open(gz)
		if os.IsNotExist(err) {
			t.Skipf("shared sources not found at %s", gz)
		}
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(dir, s.Name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, zr); err != nil {
			t.Fatal(err)
		}
		for _, c := range []io.Closer{out, zr, in} {
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// testDB creates a fresh database with PostGIS for one test and drops it
// afterwards. The admin URL comes from VIDBUDOVA_TEST_ADMIN_URL (the
// Makefile sets it); without it the test is skipped.
func testDB(t *testing.T) *pgxpool.Pool {
	t.Helper()
	adminURL := os.Getenv("VIDBUDOVA_TEST_ADMIN_URL")
	if adminURL == "" {
		t.Skip("VIDBUDOVA_TEST_ADMIN_URL is not set; run through make test or set it to a PostGIS admin URL")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		t.Fatalf("connect admin: %v", err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	dbName := "bsrc_" + hex.EncodeToString(b)
	name := pgx.Identifier{dbName}.Sanitize()
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close(ctx)
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database: %v", err)
		}
		admin.Close(ctx)
	})
	cfg, err := pgxpool.ParseConfig(adminURL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Database = dbName
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if _, err := pool.Exec(ctx, "CREATE EXTENSION postgis"); err != nil {
		t.Fatalf("create extension postgis: %v", err)
	}
	return pool
}
