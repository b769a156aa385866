package postgres_test

import (
	"os"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

// realUnits reads the boundary files that make test loaded into the template.
func realUnits(t *testing.T) (oblasts, hromadas []boundary.Unit) {
	t.Helper()
	paths := strings.Fields(os.Getenv("VIDBUDOVA_BOUNDARIES"))
	if len(paths) != 2 {
		t.Fatal("VIDBUDOVA_BOUNDARIES is not set: run `make test`")
	}
	read := func(p string, l boundary.Level) []boundary.Unit {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		u, _, err := boundary.Read(f, l)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	return read(paths[0], boundary.Oblast), read(paths[1], boundary.Hromada)
}

func TestTheTemplateHoldsUkraine(t *testing.T) {
	db, _ := testdb.New(t)
	if n := count(t, db, `SELECT count(*) FROM oblasts`); n != 27 {
		t.Errorf("%d oblasts, want 27", n)
	}
	if n := count(t, db, `SELECT count(*) FROM hromadas`); n != 1471 {
		t.Errorf("%d hromadas, want 1471", n)
	}
	if n := count(t, db, `SELECT count(*) FROM hromadas WHERE oblast_code = 'UA01000000000013043'`); n != 0 {
		t.Errorf("Crimea has %d hromada polygons, want none", n)
	}
	if n := count(t, db, `SELECT count(*) FROM oblasts WHERE ST_NPoints(geom_simple) >= ST_NPoints(geom) OR NOT ST_IsValid(geom_simple)`); n != 0 {
		t.Errorf("%d oblasts have no lighter valid outline", n)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	oblasts, hromadas := realUnits(t)
	if _, _, err := db.CreateSite(ctx, draft(36.2304, 49.9935), nil); err != nil {
		t.Fatal(err)
	}
	before := count(t, db, `SELECT count(*) FROM boundary_imports`)

	t.Run("the same files again change nothing", func(t *testing.T) {
		var sum string
		if err := db.Pool().QueryRow(ctx, `SELECT sha256 FROM boundary_imports ORDER BY id DESC LIMIT 1`).Scan(&sum); err != nil {
			t.Fatal(err)
		}
		rep, err := db.ImportBoundaries(ctx, oblasts, hromadas, sum)
		if err != nil || !rep.Unchanged {
			t.Fatalf("report %+v err %v, want unchanged", rep, err)
		}
	})
	t.Run("a hromada of an unknown oblast is refused and nothing changes", func(t *testing.T) {
		bad := append([]boundary.Unit{}, hromadas...)
		bad[0].OblastCode = "UA99000000000000000"
		bad[1].NameUK = "Змінена"
		_, err := db.ImportBoundaries(ctx, oblasts, bad, "other")
		if err == nil || !strings.Contains(err.Error(), "UA99000000000000000") {
			t.Fatalf("err = %v, want it to name the unknown oblast", err)
		}
		if n := count(t, db, `SELECT count(*) FROM hromadas WHERE name_uk = 'Змінена'`); n != 0 {
			t.Errorf("a refused import changed %d hromadas", n)
		}
	})
	t.Run("a self-intersecting boundary is refused naming the unit", func(t *testing.T) {
		bad := append([]boundary.Unit{}, hromadas...)
		bad[5].Geometry = orb.MultiPolygon{{{{36.20, 49.99}, {36.21, 50.00}, {36.21, 49.99}, {36.20, 50.00}, {36.20, 49.99}}}}
		_, err := db.ImportBoundaries(ctx, oblasts, bad, "other")
		if err == nil || !strings.Contains(err.Error(), bad[5].Code) {
			t.Fatalf("err = %v, want it to name %s", err, bad[5].Code)
		}
	})
	t.Run("new boundaries place existing sites again", func(t *testing.T) {
		rep, err := db.ImportBoundaries(ctx, oblasts, hromadas, "a new edition")
		if err != nil || rep.SitesPlaced != 1 || rep.NewHromadas != 0 {
			t.Fatalf("report %+v err %v, want 1 site placed again and no new hromadas", rep, err)
		}
	})
	if n := count(t, db, `SELECT count(*) FROM boundary_imports`); n != before+1 {
		t.Errorf("%d imports recorded, want %d (refused ones leave no trace)", n, before+1)
	}
}
