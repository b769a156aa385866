package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/money"
)

// demoDonors are invented donors in the shape of the real ones: EU cities
// and regions twinned with Ukrainian hromadas, a development bank, a
// national programme, NGOs. Their names say they are demo.
var demoDonors = []struct {
	name, kind, country, currency, twin string // twin: a hromada's English name
}{
	{"Місто Вроцлав (демо)", "eu_municipality", "PL", "PLN", "Lvivska"},
	{"Місто Гданськ (демо)", "eu_municipality", "PL", "PLN", "Kharkivska"},
	{"Регіон Тоскана (демо)", "eu_region", "IT", "EUR", "Chernihivska"},
	{"Місто Вільнюс (демо)", "eu_municipality", "LT", "EUR", "Mykolaivska"},
	{"Земля Баварія (демо)", "eu_region", "DE", "EUR", "Irpinska"},
	{"Місто Тампере (демо)", "eu_municipality", "FI", "EUR", "Khersonska"},
	{"Європейський банк відбудови (демо)", "development_bank", "GB", "EUR", ""},
	{"Державна програма відновлення (демо)", "national_government", "UA", "UAH", ""},
	{"Фонд «Тепла школа» (демо)", "ngo", "UA", "UAH", ""},
	{"Фундація «Лікарні для громад» (демо)", "ngo", "US", "USD", ""},
}

// seedProjects adds demo donors, projects made of demo sites, and their
// funding, converted at the demo exchange rates. It is deterministic: the
// choices come from the sites' ids.
func (db *DB) seedProjects(ctx context.Context) (projects, records int, err error) {
	if _, _, err := db.ImportRates(ctx, money.DemoRates()); err != nil {
		return 0, 0, err
	}
	var have int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM projects WHERE demo`).Scan(&have); err != nil || have > 0 {
		return 0, 0, err
	}
	orgs := make([]int64, len(demoDonors))
	for i, d := range demoDonors {
		err := db.pool.QueryRow(ctx, `INSERT INTO organisations (name, kind, country, twinned_hromada_code, demo)
			VALUES ($1, $2, $3, (SELECT code FROM hromadas WHERE name_en = $4 ORDER BY code LIMIT 1), true) RETURNING id`,
			d.name, d.kind, d.country, d.twin).Scan(&orgs[i])
		if err != nil {
			return 0, 0, fmt.Errorf("postgres: seed donors: %w", err)
		}
	}
	// Every fifth demo site with an estimated cost becomes a project of
	// its own hromada, in a state taken in turn from the lifecycle.
	rows, err := db.pool.Query(ctx, `SELECT id, name, category, estimated_cost_minor, hromada_code, oblast_code,
		coalesce(damaged_on, DATE '2022-03-01') FROM sites
		WHERE demo AND estimated_cost_minor IS NOT NULL AND hromada_code IS NOT NULL AND id % 5 = 0 ORDER BY id`)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: seed projects: %w", err)
	}
	type spec struct {
		site, cost         int64
		name, sector, h, o string
		damaged            time.Time
	}
	var specs []spec
	for rows.Next() {
		var s spec
		if err := rows.Scan(&s.site, &s.name, &s.sector, &s.cost, &s.h, &s.o, &s.damaged); err != nil {
			rows.Close()
			return 0, 0, err
		}
		specs = append(specs, s)
	}
	rows.Close()
	states := []string{"seeking_funding", "funded", "in_progress", "completed", "seeking_funding", "draft",
		"in_progress", "funded", "completed", "suspended", "seeking_funding", "cancelled"}
	for i, s := range specs {
		state := states[i%len(states)]
		changed := s.damaged.AddDate(0, 3+i%18, 0)
		if changed.After(time.Now()) {
			changed = time.Now()
		}
		budget := money.Amount{Minor: s.cost, Currency: "UAH"}
		uah, eur, err := db.toUAHAndEUR(ctx, budget, changed, "budget")
		if err != nil {
			return projects, records, err
		}
		var id int64
		err = db.pool.QueryRow(ctx, `INSERT INTO projects (title, description, sector, state, budget_minor, budget_currency,
			budget_uah_minor, budget_eur_minor, planned_start, planned_end, progress, hromada_code, oblast_code, geom, demo,
			state_changed_at, created_at)
			SELECT 'Відновлення: ' || $1, 'Демонстраційний проєкт: вигадані дані. Demo project: fictitious data.', $2, $3,
			       $4, 'UAH', $5, $6, $7::date, $7::date + 365, $8, $9, $10, ST_PointOnSurface(geom), true, $11, $11
			FROM sites WHERE id = $12 RETURNING id`,
			s.name, s.sector, state, s.cost, uah, eur, changed, map[string]int{"in_progress": 40, "completed": 100}[state],
			s.h, s.o, changed, s.site).Scan(&id)
		if err != nil {
			return projects, records, fmt.Errorf("postgres: seed projects: %w", err)
		}
		if _, err := db.pool.Exec(ctx, `INSERT INTO project_sites (project_id, site_id) VALUES ($1, $2)`, id, s.site); err != nil {
			return projects, records, err
		}
		projects++
		n, err := db.seedFunding(ctx, id, state, budget, changed, orgs, i)
		records += n
		if err != nil {
			return projects, records, err
		}
	}
	// Recorded through the same path as a donor's own records, then marked.
	_, err = db.pool.Exec(ctx, `UPDATE funding SET demo = true WHERE project_id IN (SELECT id FROM projects WHERE demo)`)
	return projects, records, err
}

// seedFunding gives a demo project money that fits its state: pledges
// while it seeks funding, commitments once funded, payments as it is built.
func (db *DB) seedFunding(ctx context.Context, project int64, state string, budget money.Amount, on time.Time,
	orgs []int64, i int) (int, error) {
	donor := i % len(demoDonors)
	cur := demoDonors[donor].currency
	rates, err := db.RatesOn(ctx, on, []string{cur})
	if err != nil {
		return 0, err
	}
	whole, err := money.Convert(budget, cur, rates)
	if err != nil {
		return 0, err
	}
	share := func(pct int64) money.Amount { return money.Amount{Minor: max(whole.Minor*pct/100, 1), Currency: cur} }
	var drafts []funding.Draft
	d := func(k funding.Kind, a money.Amount) funding.Draft {
		return funding.Draft{ProjectID: project, OrganisationID: orgs[donor], Kind: k, Amount: a, On: on, Note: "демо / demo"}
	}
	switch state {
	case "seeking_funding", "suspended":
		drafts = append(drafts, d(funding.Pledge, share(int64(20+i%50))))
	case "funded", "in_progress", "completed":
		drafts = append(drafts, d(funding.Commitment, share(100)))
	}
	n := 0
	for _, fd := range drafts {
		c, err := db.CreateFunding(ctx, fd)
		if err != nil {
			return n, err
		}
		n++
		if fd.Kind == funding.Commitment && state != "funded" {
			pay := map[string]int64{"in_progress": 40, "completed": 100}[state]
			p := d(funding.Disbursement, money.Amount{Minor: max(c.Amount.Minor*pay/100, 1), Currency: cur})
			p.CommitmentID = &c.ID
			p.On = on.AddDate(0, 2, 0)
			if p.On.After(time.Now()) {
				p.On = time.Now()
			}
			if _, err := db.CreateFunding(ctx, p); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}
