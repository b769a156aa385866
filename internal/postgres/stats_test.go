package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/postgres"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/testdb"
	"github.com/vidbudova/vidbudova/migrations"
)

// beforePlaceMonthly is the schema version before the monthly counts
// kept their unit (000013_place_monthly).
const beforePlaceMonthly = 12

// schemaFingerprint is the application's own schema in the public
// schema — columns, constraints, indexes, triggers and functions, not
// those of the extensions — as one text to compare.
const schemaFingerprint = `
WITH ext AS (SELECT objid FROM pg_depend WHERE deptype = 'e'),
rel AS (SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.oid NOT IN (SELECT objid FROM ext))
SELECT string_agg(d, E'\n' ORDER BY d) FROM (
  SELECT format('column %s.%s %s %s %s', r.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                pg_get_expr(ad.adbin, ad.adrelid)) AS d
  FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT format('constraint %s.%s %s', r.relname, k.conname, pg_get_constraintdef(k.oid))
  FROM rel r JOIN pg_constraint k ON k.conrelid = r.oid
  UNION ALL
  SELECT 'index ' || pg_get_indexdef(i.indexrelid) FROM rel r JOIN pg_index i ON i.indrelid = r.oid
  UNION ALL
  SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM rel r JOIN pg_trigger t ON t.tgrelid = r.oid WHERE NOT t.tgisinternal
  UNION ALL
  SELECT 'function ' || pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = 'public' AND p.prokind = 'f' AND p.oid NOT IN (SELECT objid FROM ext)) x`

// pristineFingerprint migrates an empty database up to version and
// returns its schema fingerprint.
func pristineFingerprint(t *testing.T, version uint) string {
	t.Helper()
	ctx := context.Background()
	admin := os.Getenv("VIDBUDOVA_TEST_ADMIN_URL")
	b := make([]byte, 6)
	rand.Read(b)
	name := "pristine_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), admin)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		c.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) //nolint:errcheck
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, "pgx5://"+strings.TrimPrefix(u.String(), "postgres://"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Migrate(version); err != nil {
		t.Fatalf("migrate an empty database to %d: %v", version, err)
	}
	m.Close()
	c, err := pgx.Connect(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var fp string
	if err := c.QueryRow(ctx, schemaFingerprint).Scan(&fp); err != nil {
		t.Fatal(err)
	}
	return fp
}

// monthlyRows lists the counts that are not zero as sorted lines; a zero
// left where a site moved away is the same as no row.
func monthlyRows(t *testing.T, db *postgres.DB, withUnit bool) string {
	t.Helper()
	sql := `SELECT coalesce(string_agg(concat_ws(' ', unit_code, to_char(month, 'YYYY-MM'), metric, n), E'\n'
	               ORDER BY unit_code, month, metric), '') FROM monthly_counts WHERE n <> 0`
	if !withUnit {
		sql = `SELECT coalesce(string_agg(concat_ws(' ', 'UA', to_char(month, 'YYYY-MM'), metric, n), E'\n'
		               ORDER BY month, metric), '') FROM monthly_counts WHERE n <> 0`
	}
	var s string
	if err := db.Pool().QueryRow(context.Background(), sql).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPlaceMonthlyMigrationGoesDownAndUpAgain(t *testing.T) {
	db, dbURL := testdb.New(t)
	ctx := asAdmin()
	pool := db.Pool()

	// Sites in two hromadas of two oblasts and in Kyiv; one moved to
	// another oblast, one redated, one deleted.
	at := func(lon, lat float64, damagedOn string) int64 {
		t.Helper()
		d := draft(lon, lat)
		d.DamagedOn = day(damagedOn)
		f, _, err := db.CreateSite(ctx, d, nil)
		if err != nil {
			t.Fatal(err)
		}
		return f.ID
	}
	kh := at(36.2304, 49.9935, "2022-03-10")
	at(36.2304, 49.9935, "2022-04-02")
	lv := at(24.0316, 49.8419, "2022-03-05")
	gone := at(24.0316, 49.8419, "2024-01-15")
	ky := at(30.5234, 50.4501, "2022-02-24")
	moved := at(37.2556, 49.2103, "2023-07-09")
	if _, err := db.UpdateSite(ctx, moved, site.Patch{Geometry: orb.Point{24.0316, 49.8419}}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateSite(ctx, kh, site.Patch{DamagedOn: day("2022-05-01")}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DeleteSite(ctx, gone, 0); err != nil {
		t.Fatal(err)
	}

	// Projects funded and completed through the store, one moved after
	// it was funded, and older ones loaded as the demo seed loads them.
	newProject := func(siteID int64, to ...project.State) int64 {
		t.Helper()
		f, _, err := db.CreateProject(ctx, projectDraft(siteID), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range to {
			if _, err := db.TransitionProject(ctx, f.ID, s, 0); err != nil {
				t.Fatal(err)
			}
		}
		return f.ID
	}
	newProject(kh, project.StateSeekingFunding, project.StateFunded, project.StateInProgress, project.StateCompleted)
	movedProject := newProject(lv, project.StateSeekingFunding, project.StateFunded)
	if _, err := db.UpdateProject(ctx, movedProject, project.Patch{SiteIDs: []int64{ky}}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO projects (title, sector, state, hromada_code, oblast_code, geom, state_changed_at)
		SELECT 'Демо', 'education', s.state, x.hromada_code, x.oblast_code, ST_PointOnSurface(x.geom), s.at
		FROM sites x, (VALUES ('funded', timestamptz '2023-05-10 12:00+03'), ('completed', '2023-06-30 23:30+03')) s(state, at)
		WHERE x.id = ANY($1)`, []int64{lv, moved}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE projects SET state = 'in_progress' WHERE state = 'funded'`); err != nil {
		t.Fatal(err)
	}

	before := monthlyRows(t, db, true)
	for _, unit := range []string{"UA", kharkivOblast, kharkivHromada, kyiv} {
		if !strings.Contains(before, unit+" ") {
			t.Fatalf("no series for %s:\n%s", unit, before)
		}
	}
	var national string
	for _, line := range strings.Split(before, "\n") {
		if strings.HasPrefix(line, "UA ") {
			national += line + "\n"
		}
	}
	national = strings.TrimSuffix(national, "\n")

	mg, err := postgres.NewMigrator(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	v, _, err := mg.Version()
	if err != nil || v <= beforePlaceMonthly {
		t.Fatalf("version %d (%v): the test database is not migrated past %d", v, err, beforePlaceMonthly)
	}

	t.Run("going down restores the schema of the version before, and the national series", func(t *testing.T) {
		if err := mg.Down(int(v) - beforePlaceMonthly); err != nil {
			t.Fatal(err)
		}
		var fp string
		if err := pool.QueryRow(context.Background(), schemaFingerprint).Scan(&fp); err != nil {
			t.Fatal(err)
		}
		if want := pristineFingerprint(t, beforePlaceMonthly); fp != want {
			t.Errorf("the schema after going down differs from the one made up to %d:\n%s", beforePlaceMonthly, lineDiff(want, fp))
		}
		if got := monthlyRows(t, db, false); got != national {
			t.Errorf("the national series after going down\n%s\nwant\n%s", got, national)
		}
	})
	t.Run("going up again gives each place back exactly its series", func(t *testing.T) {
		if err := mg.Up(); err != nil {
			t.Fatal(err)
		}
		if got := monthlyRows(t, db, true); got != before {
			t.Errorf("after down and up:\n%s", lineDiff(before, got))
		}
	})
	t.Run("the triggers keep the places' series once up again", func(t *testing.T) {
		at(36.2304, 49.9935, "2021-01-20")
		got := monthlyRows(t, db, true)
		for _, unit := range []string{"UA", kharkivOblast, kharkivHromada} {
			if !strings.Contains(got, unit+" 2021-01 damaged 1") {
				t.Errorf("no new site in January 2021 in %s:\n%s", unit, got)
			}
		}
	})
}

// lineDiff shows the lines only one of two texts has.
func lineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var out []string
	for l, n := range count {
		switch {
		case n > 0:
			out = append(out, "- "+l)
		case n < 0:
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
