package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/postgres"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

const (
	kharkivOblast  = "UA63000000000041885"
	kharkivHromada = "UA63120270000028556"
)

type props struct {
	OblastCode  string  `json:"oblast_code"`
	HromadaCode *string `json:"hromada_code"`
	Name        string  `json:"name"`
	Version     int     `json:"version"`
}

func decode(t *testing.T, f site.Feature) props {
	t.Helper()
	var v struct {
		ID         int64 `json:"id"`
		Properties props
	}
	if err := json.Unmarshal(f.JSON, &v); err != nil {
		t.Fatalf("stored feature is not JSON: %v\n%s", err, f.JSON)
	}
	if v.ID != f.ID {
		t.Fatalf("feature id %d, want %d", v.ID, f.ID)
	}
	return v.Properties
}

func draft(lon, lat float64) site.Draft {
	return site.Draft{Name: "Школа №5", Category: "education", Damage: "severe", Geometry: orb.Point{lon, lat}}
}

func TestPlacingSitesInHromadas(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	tests := []struct {
		name            string
		geom            orb.Geometry
		oblast, hromada string // hromada "" means none
		outside         bool
	}{
		{name: "a point in Kharkiv is in the Kharkiv hromada", geom: orb.Point{36.2304, 49.9935},
			oblast: kharkivOblast, hromada: kharkivHromada},
		{name: "a footprint is placed by its point on surface", geom: orb.Polygon{{{36.2300, 49.9930}, {36.2310, 49.9930},
			{36.2310, 49.9940}, {36.2300, 49.9940}, {36.2300, 49.9930}}}, oblast: kharkivOblast, hromada: kharkivHromada},
		{name: "a point on the Kakhovka reservoir shore goes to the nearest hromada", geom: orb.Point{34.34, 47.46},
			oblast: "UA23000000000064947", hromada: "UA23040130000044084"},
		{name: "a point in Crimea gets its oblast and no hromada", geom: orb.Point{34.10, 44.95},
			oblast: "UA01000000000013043"},
		{name: "a point in Sevastopol gets the city as oblast and hromada", geom: orb.Point{33.52, 44.60},
			oblast: "UA85000000000065278", hromada: "UA85000000000065278"},
		{name: "a point in Kyiv gets the city", geom: orb.Point{30.52, 50.45},
			oblast: "UA80000000000093317", hromada: "UA80000000000093317"},
		{name: "a point 10 km out in the Kakhovka reservoir is refused", geom: orb.Point{35.16, 47.56}, outside: true},
		{name: "a point in Warsaw is refused", geom: orb.Point{21.01, 52.23}, outside: true},
		{name: "a point in the Black Sea is refused", geom: orb.Point{31.0, 44.0}, outside: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draft(0, 0)
			d.Geometry = tt.geom
			f, created, err := db.CreateSite(ctx, d, nil)
			if tt.outside {
				var ve *domain.ValidationError
				if !errors.As(err, &ve) || ve.Field != "geometry" {
					t.Fatalf("err = %v, want a validation error of the geometry", err)
				}
				return
			}
			if err != nil || !created {
				t.Fatalf("CreateSite: created %v, err %v", created, err)
			}
			p := decode(t, f)
			got := ""
			if p.HromadaCode != nil {
				got = *p.HromadaCode
			}
			if p.OblastCode != tt.oblast || got != tt.hromada {
				t.Errorf("placed in oblast %s hromada %q, want %s %q", p.OblastCode, got, tt.oblast, tt.hromada)
			}
		})
	}
}

func TestInvalidGeometryIsRefusedAndNothingWritten(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	bowtie := orb.Polygon{{{36.20, 49.99}, {36.21, 50.00}, {36.21, 49.99}, {36.20, 50.00}, {36.20, 49.99}}}
	huge := orb.Polygon{{{35.0, 49.0}, {37.0, 49.0}, {37.0, 50.5}, {35.0, 50.5}, {35.0, 49.0}}}
	for name, g := range map[string]orb.Geometry{"a self-intersecting ring": bowtie, "a footprint over 100 km²": huge} {
		t.Run(name+" is refused", func(t *testing.T) {
			d := draft(0, 0)
			d.Geometry = g
			_, _, err := db.CreateSite(ctx, d, nil)
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || ve.Field != "geometry" {
				t.Fatalf("err = %v, want a validation error of the geometry", err)
			}
		})
	}
	if n := count(t, db, `SELECT count(*) FROM sites`); n != 0 {
		t.Errorf("%d sites written, want none", n)
	}
}

func count(t *testing.T, db *postgres.DB, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIdempotentRetriesMakeOneSite(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	key := &site.IdempotencyKey{Key: "phone-42-report-7", RequestHash: []byte("hash-a")}
	var wg sync.WaitGroup
	ids := make([]int64, 8)
	errs := make([]error, 8)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, _, err := db.CreateSite(ctx, draft(36.2304, 49.9935), key)
			ids[i], errs[i] = f.ID, err
		}()
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Fatalf("retry %d: id %d err %v, want id %d", i, ids[i], errs[i], ids[0])
		}
	}
	if n := count(t, db, `SELECT count(*) FROM sites`); n != 1 {
		t.Fatalf("%d sites after 8 retries, want 1", n)
	}
	t.Run("the same key with another request is a conflict", func(t *testing.T) {
		other := &site.IdempotencyKey{Key: key.Key, RequestHash: []byte("hash-b")}
		_, _, err := db.CreateSite(ctx, draft(36.2304, 49.9935), other)
		if !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("err = %v, want ErrConflict", err)
		}
	})
}

func TestStaleVersionIsRefused(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	f, _, err := db.CreateSite(ctx, draft(36.2304, 49.9935), nil)
	if err != nil {
		t.Fatal(err)
	}
	name := "Ліцей №1"
	// Two editors read version 1; the first write wins, the second is told.
	results := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := db.UpdateSite(ctx, f.ID, site.Patch{Name: &name}, f.Version)
			results <- err
		}()
	}
	errs := []error{<-results, <-results}
	ok, stale := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, domain.ErrPreconditionFailed):
			stale++
		default:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 || stale != 1 {
		t.Fatalf("%d writes won and %d were stale, want 1 and 1", ok, stale)
	}
	if _, err := db.DeleteSite(ctx, f.ID, 1); !errors.Is(err, domain.ErrPreconditionFailed) {
		t.Errorf("delete with a stale version: %v, want ErrPreconditionFailed", err)
	}
	if _, err := db.DeleteSite(ctx, f.ID+1000, 0); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("delete of a missing site: %v, want ErrNotFound", err)
	}
}

func TestKeysetPagesCoverEverySiteOnce(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	if _, _, err := db.SeedDemo(ctx, 400, false); err != nil {
		t.Fatal(err)
	}
	total := count(t, db, `SELECT count(*) FROM sites`)
	seen := map[int64]bool{}
	f := site.Filter{Limit: 37}
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("paging does not end")
		}
		n, last, err := db.FindSites(ctx, f, func(id int64, feature []byte) error {
			if seen[id] {
				return fmt.Errorf("site %d seen twice", id)
			}
			seen[id] = true
			if !json.Valid(feature) {
				return fmt.Errorf("site %d: feature is not valid JSON", id)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n < f.Limit {
			break
		}
		f.After = last
	}
	if len(seen) != total {
		t.Fatalf("pages gave %d sites, want %d", len(seen), total)
	}
}

func TestFiltersSelectTheRightSites(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	if _, _, err := db.SeedDemo(ctx, 1500, false); err != nil {
		t.Fatal(err)
	}
	box := orb.Bound{Min: orb.Point{35.98, 49.74}, Max: orb.Point{36.48, 50.24}}
	tests := []struct {
		name   string
		filter site.Filter
		want   string // the same selection in plain SQL
		args   []any
	}{
		{"bbox", site.Filter{BBox: &box},
			`SELECT count(*) FROM sites WHERE ST_Intersects(geom, ST_MakeEnvelope(35.98, 49.74, 36.48, 50.24, 4326))`, nil},
		{"oblast", site.Filter{Oblast: kharkivOblast}, `SELECT count(*) FROM sites WHERE oblast_code = $1`, []any{kharkivOblast}},
		{"hromada", site.Filter{Hromada: kharkivHromada}, `SELECT count(*) FROM sites WHERE hromada_code = $1`, []any{kharkivHromada}},
		{"categories and damage", site.Filter{Categories: []site.Category{"education", "health"}, Damages: []site.Damage{"destroyed"}},
			`SELECT count(*) FROM sites WHERE category IN ('education', 'health') AND damage = 'destroyed'`, nil},
		{"text, case-insensitive", site.Filter{Q: "школа"}, `SELECT count(*) FROM sites WHERE name ILIKE '%школа%' OR description ILIKE '%школа%'`, nil},
		{"text with a LIKE wildcard matches it literally", site.Filter{Q: "100%"}, `SELECT 0`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := count(t, db, tt.want, tt.args...)
			tt.filter.Limit = site.MaxLimit
			n, _, err := db.FindSites(ctx, tt.filter, func(int64, []byte) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("%d sites, want %d", n, want)
			}
			if tt.name != "text with a LIKE wildcard matches it literally" && want == 0 {
				t.Errorf("the demo data has no site for this filter; the test proves nothing")
			}
		})
	}
	t.Run("an unknown oblast is a validation error", func(t *testing.T) {
		_, _, err := db.FindSites(ctx, site.Filter{Oblast: "UA99000000000000000", Limit: 1}, func(int64, []byte) error { return nil })
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Field != "oblast" {
			t.Fatalf("err = %v, want a validation error of oblast", err)
		}
	})
}

// TestCountsAgreeWithTheSites recomputes the kept counts from scratch after
// random creates, moves, changes and deletes.
func TestCountsAgreeWithTheSites(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	if _, _, err := db.SeedDemo(ctx, 300, false); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	places := []orb.Point{{36.2304, 49.9935}, {30.52, 50.45}, {34.10, 44.95}, {34.34, 47.46}, {24.03, 49.84}}
	var ids []int64
	for i := 0; i < 200; i++ {
		switch op := rng.IntN(4); {
		case op == 0 || len(ids) == 0:
			d := draft(0, 0)
			d.Geometry = places[rng.IntN(len(places))]
			d.Category = site.Categories[rng.IntN(len(site.Categories))]
			f, _, err := db.CreateSite(ctx, d, nil)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, f.ID)
		case op == 1:
			p := site.Patch{Geometry: places[rng.IntN(len(places))]}
			if _, err := db.UpdateSite(ctx, ids[rng.IntN(len(ids))], p, 0); err != nil {
				t.Fatal(err)
			}
		case op == 2:
			dmg := site.Damages[rng.IntN(len(site.Damages))]
			if _, err := db.UpdateSite(ctx, ids[rng.IntN(len(ids))], site.Patch{Damage: &dmg}, 0); err != nil {
				t.Fatal(err)
			}
		default:
			i := rng.IntN(len(ids))
			if _, err := db.DeleteSite(ctx, ids[i], 0); err != nil {
				t.Fatal(err)
			}
			ids = append(ids[:i], ids[i+1:]...)
		}
	}
	diff := count(t, db, `
		WITH truth AS (
			SELECT u AS unit_code, category, damage, count(*) AS n
			FROM sites, LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[oblast_code, hromada_code]) x) v(u)
			WHERE u IS NOT NULL GROUP BY 1, 2, 3),
		kept AS (SELECT unit_code, category, damage, n FROM site_counts WHERE n <> 0)
		SELECT count(*) FROM ((TABLE truth EXCEPT TABLE kept) UNION ALL (TABLE kept EXCEPT TABLE truth)) d`)
	if diff != 0 {
		t.Fatalf("%d count rows disagree with the sites", diff)
	}
}
