package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/boundarysource"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/postgres"
)

func databaseURL(getenv func(string) string) (string, error) {
	u := getenv("DATABASE_URL")
	if u == "" {
		return "", errors.New("DATABASE_URL is not set (deploy/local/pg.sh url prints the local one)")
	}
	return u, nil
}

func migrateCmd(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	url, err := databaseURL(getenv)
	if err != nil {
		return err
	}
	m, err := postgres.NewMigrator(url)
	if err != nil {
		return err
	}
	defer m.Close()
	if len(args) == 0 {
		return errors.New("migrate: want up, down [N] or version")
	}
	switch args[0] {
	case "up":
		if err := m.Up(); err != nil {
			return err
		}
	case "down":
		n := 1
		if len(args) > 1 {
			if n, err = strconv.Atoi(args[1]); err != nil || n < 1 {
				return fmt.Errorf("migrate down: N must be a positive number, got %q", args[1])
			}
		}
		if err := m.Down(n); err != nil {
			return err
		}
	case "version":
	default:
		return fmt.Errorf("migrate: unknown action %q: want up, down [N] or version", args[0])
	}
	v, dirty, err := m.Version()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema version %d", v)
	if dirty {
		fmt.Fprint(stdout, " (dirty: a migration failed half-way; fix it and force the version)")
	}
	fmt.Fprintln(stdout)
	return nil
}

func importBoundaries(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fl := flag.NewFlagSet("import boundaries", flag.ContinueOnError)
	oblastsPath := fl.String("oblasts", "", "GeoJSON file of oblasts")
	hromadasPath := fl.String("hromadas", "", "GeoJSON file of hromadas")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *oblastsPath == "" || *hromadasPath == "" {
		return errors.New("import boundaries: both --oblasts FILE and --hromadas FILE are needed")
	}
	oblasts, sumO, err := readUnits(*oblastsPath, boundary.Oblast)
	if err != nil {
		return err
	}
	hromadas, sumH, err := readUnits(*hromadasPath, boundary.Hromada)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.ImportBoundaries(ctx, oblasts, hromadas, sumO+"+"+sumH)
	if err != nil {
		return fmt.Errorf("import boundaries: nothing was changed: %w", err)
	}
	if rep.Unchanged {
		fmt.Fprintf(stdout, "boundaries: unchanged since the last import (%d oblasts, %d hromadas)\n", rep.Oblasts, rep.Hromadas)
		return nil
	}
	fmt.Fprintf(stdout, "boundaries: %d oblasts (%d new), %d hromadas (%d new); %d existing sites placed again\n",
		rep.Oblasts, rep.NewOblasts, rep.Hromadas, rep.NewHromadas, rep.SitesPlaced)
	return nil
}

func readUnits(path string, level boundary.Level) ([]boundary.Unit, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	units, sum, err := boundary.Read(f, level)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return units, sum, nil
}

func seedDemo(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fl := flag.NewFlagSet("seed demo", flag.ContinueOnError)
	n := fl.Int("sites", 3000, "about how many demo sites to make")
	replace := fl.Bool("replace", false, "replace an existing demo set")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *n < 1 || *n > 1_000_000 {
		return fmt.Errorf("seed demo: --sites must be from 1 to 1000000")
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	created, total, err := db.SeedDemo(ctx, *n, *replace)
	if err != nil {
		return err
	}
	if created == 0 {
		fmt.Fprintf(stdout, "demo data: %d demo sites already there (seed demo --replace makes them anew)\n", total)
	} else {
		fmt.Fprintf(stdout, "demo data: %d demo sites made\n", created)
	}
	accounts, err := db.SeedAccounts(ctx)
	if err != nil {
		return err
	}
	printDemoAccounts(stdout, accounts)
	return nil
}

// fetchBoundaries is for machines without the team's shared files: it
// downloads the two public sources (pinned, sha256-checked) and builds the
// oblast and hromada files from them, using PostGIS for the geometry work.
func fetchBoundaries(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fl := flag.NewFlagSet("boundaries fetch", flag.ContinueOnError)
	dir := fl.String("dir", ".data/ua-admin", "folder for the sources (in source/) and the built files")
	if err := fl.Parse(args); err != nil {
		return err
	}
	url, err := databaseURL(getenv)
	if err != nil {
		return err
	}
	src := filepath.Join(*dir, "source")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return err
	}
	if err := boundarysource.Fetch(ctx, &http.Client{Timeout: 5 * time.Minute}, "", src); err != nil {
		return err
	}
	db, err := postgres.Open(ctx, url, 2)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := boundarysource.Build(ctx, db.Pool(), src, *dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "boundaries built in %s: %+v\n", *dir, rep)
	return nil
}

// importRates loads the National Bank of Ukraine's official rates from its
// CSV; a malformed file is refused with the line and nothing is loaded.
func importRates(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 {
		return errors.New("import rates: give one CSV file of the National Bank's official rates")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := money.ParseNBU(f)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	db, err := openDB(ctx, getenv)
	if err != nil {
		return err
	}
	defer db.Close()
	// The command line is the operator's: it acts as the system admin.
	inserted, updated, err := db.ImportRates(account.WithUser(ctx, account.System), rows)
	if err != nil {
		return fmt.Errorf("import rates: nothing was changed: %w", err)
	}
	fmt.Fprintf(stdout, "rates: %d read, %d new, %d changed\n", len(rows), inserted, updated)
	return nil
}

// openDB opens DATABASE_URL with a small pool, for a command.
func openDB(ctx context.Context, getenv func(string) string) (*postgres.DB, error) {
	url, err := databaseURL(getenv)
	if err != nil {
		return nil, err
	}
	return postgres.Open(ctx, url, 2)
}
