package postgres_test

import (
	"cmp"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/postgres"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

// fundingFixture makes an organisation and projects straight in SQL (the
// projects' own API has tests of its own) and loads the demo rates.
func fundingFixture(t *testing.T, db *postgres.DB, projects int) (org int64, ids []int64) {
	t.Helper()
	ctx := asAdmin()
	if _, _, err := db.ImportRates(ctx, money.DemoRates()); err != nil {
		t.Fatal(err)
	}
	if err := db.Pool().QueryRow(ctx, `INSERT INTO organisations (name, kind, country) VALUES ('Wrocław', 'eu_municipality', 'PL') RETURNING id`).Scan(&org); err != nil {
		t.Fatal(err)
	}
	places := [][2]string{{kharkivHromada, kharkivOblast}, {"UA80000000000093317", "UA80000000000093317"}, {"UA23040130000044084", "UA23000000000064947"}}
	for i := range projects {
		p := places[i%len(places)]
		var id int64
		err := db.Pool().QueryRow(ctx, `INSERT INTO projects (title, sector, budget_minor, budget_currency, budget_uah_minor,
			budget_eur_minor, hromada_code, oblast_code, geom) VALUES ('Школа', 'education', $1::bigint, 'EUR', $1::bigint * 45, $1::bigint, $2, $3,
			ST_SetSRID(ST_MakePoint(36.2, 49.99), 4326)) RETURNING id`, int64(100000*(i+1)), p[0], p[1]).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return org, ids
}

func fday(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func TestDisbursementsCannotExceedTheirCommitment(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	org, ids := fundingFixture(t, db, 1)
	c, err := db.CreateFunding(ctx, funding.Draft{ProjectID: ids[0], OrganisationID: org, Kind: funding.Commitment,
		Amount: money.Amount{Minor: 100000, Currency: "EUR"}, On: fday("2024-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	if c.EURMinor != 100000 || c.UAHMinor <= 100000 {
		t.Errorf("converted to %d EUR cents and %d kopiykas", c.EURMinor, c.UAHMinor)
	}
	pay := func(minor int64, currency string) error {
		_, err := db.CreateFunding(ctx, funding.Draft{ProjectID: ids[0], OrganisationID: org, Kind: funding.Disbursement,
			Amount: money.Amount{Minor: minor, Currency: currency}, On: fday("2024-06-01"), CommitmentID: &c.ID})
		return err
	}
	tests := []struct {
		name     string
		minor    int64
		currency string
		field    string // "" means accepted
	}{
		{"a first part is paid", 60000, "EUR", ""},
		{"more than is left is refused", 40001, "EUR", "amount.amount_minor"},
		{"another currency is refused", 100, "PLN", "amount.currency"},
		{"exactly what is left is paid", 40000, "EUR", ""},
		{"one cent more is refused", 1, "EUR", "amount.amount_minor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pay(tt.minor, tt.currency)
			var ve *domain.ValidationError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.field != "" && (!errors.As(err, &ve) || ve.Field != tt.field):
				t.Fatalf("err = %v, want a validation error of %s", err, tt.field)
			}
		})
	}
	t.Run("a currency without a rate on the date is refused, naming it", func(t *testing.T) {
		_, err := db.CreateFunding(ctx, funding.Draft{ProjectID: ids[0], OrganisationID: org, Kind: funding.Pledge,
			Amount: money.Amount{Minor: 1000, Currency: "JPY"}, On: fday("2024-06-01")})
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Field != "amount.currency" {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("the records and the project are in the history", func(t *testing.T) {
		for _, o := range []struct {
			typ string
			id  int64
		}{{"funding", c.ID}, {"project", ids[0]}} {
			entries, err := db.FindHistory(ctx, o.typ, o.id, 10, 0)
			if err != nil || len(entries) == 0 || entries[len(entries)-1].Action != "create" {
				t.Errorf("%s %d: history %v, err %v; want it to start with its creation", o.typ, o.id, entries, err)
			}
		}
	})
	t.Run("an unknown project is not found", func(t *testing.T) {
		_, err := db.CreateFunding(ctx, funding.Draft{ProjectID: ids[0] + 99, OrganisationID: org, Kind: funding.Pledge,
			Amount: money.Amount{Minor: 1000, Currency: "EUR"}, On: fday("2024-06-01")})
		if !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestMoneyTotalsAgreeWithTheRecords recomputes every kept total from the
// projects and funding records after a random mix of writes. A cancelled
// project needs nothing, whatever its budget.
func TestMoneyTotalsAgreeWithTheRecords(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	org, ids := fundingFixture(t, db, 9)
	rng := rand.New(rand.NewPCG(3, 4))
	kinds := []funding.Kind{funding.Pledge, funding.Commitment, funding.Disbursement}
	currencies := []string{"EUR", "UAH", "PLN", "USD"}
	for i := 0; i < 150; i++ {
		switch rng.IntN(6) {
		case 0:
			if _, err := db.Pool().Exec(ctx, `DELETE FROM funding WHERE id = (SELECT id FROM funding WHERE commitment_id IS NULL
				AND id NOT IN (SELECT commitment_id FROM funding WHERE commitment_id IS NOT NULL) ORDER BY id LIMIT 1 OFFSET $1)`, rng.IntN(5)); err != nil {
				t.Fatal(err)
			}
		case 1:
			state := []string{"seeking_funding", "cancelled"}[rng.IntN(2)]
			if _, err := db.Pool().Exec(ctx, `UPDATE projects SET budget_uah_minor = budget_uah_minor + $2, state = $3 WHERE id = $1`,
				ids[rng.IntN(len(ids))], rng.Int64N(1000000), state); err != nil {
				t.Fatal(err)
			}
		default:
			_, err := db.CreateFunding(ctx, funding.Draft{ProjectID: ids[rng.IntN(len(ids))], OrganisationID: org,
				Kind: kinds[rng.IntN(3)], Amount: money.Amount{Minor: 1 + rng.Int64N(50000000), Currency: currencies[rng.IntN(4)]},
				On: fday("2022-03-01").AddDate(0, rng.IntN(40), rng.IntN(28))})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.Pool().Exec(ctx, `DELETE FROM projects WHERE id = $1`, ids[0]); err == nil {
		t.Log("a project with funding could be deleted") // funding refers to it: refused, and that is right
	}
	diff := count(t, db, `
		WITH pm AS (
			SELECT p.id, p.oblast_code, p.hromada_code,
			       CASE WHEN p.state = 'cancelled' THEN 0 ELSE coalesce(p.budget_uah_minor, 0) END AS nu,
			       CASE WHEN p.state = 'cancelled' THEN 0 ELSE coalesce(p.budget_eur_minor, 0) END AS ne,
			       coalesce(sum(f.amount_uah_minor) FILTER (WHERE f.kind = 'pledge'), 0) AS pu,
			       coalesce(sum(f.amount_uah_minor) FILTER (WHERE f.kind = 'commitment'), 0) AS cu,
			       coalesce(sum(f.amount_eur_minor) FILTER (WHERE f.kind = 'commitment'), 0) AS ce,
			       coalesce(sum(f.amount_uah_minor) FILTER (WHERE f.kind = 'disbursement'), 0) AS du
			FROM projects p LEFT JOIN funding f ON f.project_id = p.id GROUP BY p.id),
		truth AS (
			SELECT u AS unit_code, count(*) AS projects, sum(nu) AS nu, sum(pu) AS pu, sum(cu) AS cu, sum(du) AS du,
			       sum(greatest(nu - cu, 0)) AS gu, sum(greatest(ne - ce, 0)) AS ge
			FROM pm, LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[oblast_code, hromada_code]) x) v(u) GROUP BY 1),
		kept AS (
			SELECT unit_code, projects, needed_uah, pledged_uah, committed_uah, disbursed_uah, gap_uah, gap_eur
			FROM unit_money WHERE projects <> 0)
		SELECT count(*) FROM ((TABLE truth EXCEPT TABLE kept) UNION ALL (TABLE kept EXCEPT TABLE truth)) d`)
	if diff != 0 {
		t.Fatalf("%d unit totals disagree with the projects and funding records", diff)
	}
	if n := count(t, db, `SELECT count(*) FROM funding`); n < 50 {
		t.Fatalf("only %d funding records: the test proves little", n)
	}
	if n := count(t, db, `SELECT count(*) FROM projects p JOIN project_money m ON m.project_id = p.id
		WHERE p.state = 'cancelled' AND p.budget_uah_minor > 0 AND m.committed_uah > 0`); n == 0 {
		t.Fatal("no cancelled project with a budget and commitments: the test proves little")
	}
}

func TestProjectsByGapAndDonor(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	org, ids := fundingFixture(t, db, 9)
	for i, id := range ids[:5] {
		if _, err := db.CreateFunding(ctx, funding.Draft{ProjectID: id, OrganisationID: org, Kind: funding.Commitment,
			Amount: money.Amount{Minor: int64(30000 * (i + 1)), Currency: "EUR"}, On: fday("2024-03-01")}); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("pages by gap cover every project once, largest gap first", func(t *testing.T) {
		f := project.Filter{Sort: project.SortGap, Limit: 4}
		var gaps []int64
		seen := map[int64]bool{}
		for range 5 {
			var last project.Cursor
			n, err := db.FindProjects(ctx, f, func(c project.Cursor, _ []byte) error {
				if seen[c.ID] {
					return fmt.Errorf("project %d twice", c.ID)
				}
				seen[c.ID], last = true, c
				gaps = append(gaps, c.Key)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if n < f.Limit {
				break
			}
			f.After = &last
		}
		if len(seen) != len(ids) || !slices.IsSortedFunc(gaps, func(a, b int64) int { return cmp.Compare(b, a) }) {
			t.Fatalf("%d projects, gaps %v; want %d in non-increasing order", len(seen), gaps, len(ids))
		}
	})
	for _, tt := range []struct {
		name   string
		filter project.Filter
		want   string
	}{
		{"a donor's projects", project.Filter{Donor: org}, `SELECT count(DISTINCT project_id) FROM funding`},
		{"projects missing at least 10 million kopiykas", project.Filter{MinGapUAH: 10_000_000},
			`SELECT count(*) FROM project_money WHERE gap_uah >= 10000000`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.filter.Limit, tt.filter.Sort = 100, project.SortDate
			n, err := db.FindProjects(ctx, tt.filter, func(project.Cursor, []byte) error { return nil })
			want := count(t, db, tt.want)
			if err != nil || n != want || want == 0 || want == len(ids) {
				t.Fatalf("%d projects (err %v), want %d, which must be neither 0 nor all", n, err, want)
			}
		})
	}
}
