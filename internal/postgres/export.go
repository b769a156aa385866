package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/export"
	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/history"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

var _ export.Store = (*DB)(nil)

// ExportSites streams every site that matches f in keyset pages of the
// list's largest page, through the list's own query, so that an export
// applies the viewer's scope exactly as the list does and each query
// stays one the list has measured. The pages are read one after another;
// a site added meanwhile with a higher id may join the end.
func (db *DB) ExportSites(ctx context.Context, f site.Filter, emit func(v *site.Site) error) error {
	if err := db.checkUnits(ctx, f.Oblast, f.Hromada); err != nil {
		return err
	}
	f.Limit, f.After = site.MaxLimit, 0
	for {
		n, last, err := db.findSites(ctx, f, emit)
		if err != nil || n < f.Limit {
			return err
		}
		f.After = last
	}
}

// ExportProjects streams every project that matches f, a page of the
// list's largest size at a time with the page's funding records and
// funders, read once the page's rows are closed: a request never holds
// two connections.
func (db *DB) ExportProjects(ctx context.Context, f project.Filter, emit func(p *export.Project) error) error {
	if err := db.checkUnits(ctx, f.Oblast, f.Hromada); err != nil {
		return err
	}
	f.Limit, f.After = project.MaxLimit, nil
	page := make([]export.Project, 0, f.Limit)
	for {
		page = page[:0]
		var last project.Cursor
		n, err := db.findProjects(ctx, f, func(c project.Cursor, v *project.Project) error {
			page = append(page, export.Project{Project: detach(v)})
			last = c
			return nil
		})
		if err != nil {
			return err
		}
		if err := db.addFunding(ctx, page); err != nil {
			return err
		}
		for i := range page {
			if err := emit(&page[i]); err != nil {
				return err
			}
		}
		if n < f.Limit {
			return nil
		}
		f.After = &last
	}
}

// detach copies a project whose row buffer is reused for the next one.
func detach(v *project.Project) project.Project {
	p := *v
	p.ProzorroIDs = slices.Clone(v.ProzorroIDs)
	for _, d := range []**string{&p.DreamID, &p.HromadaNameUK, &p.HromadaNameEN, &p.OblastNameUK, &p.OblastNameEN, &p.VerificationReason} {
		if *d != nil {
			s := **d
			*d = &s
		}
	}
	for _, d := range []**time.Time{&p.PlannedStart, &p.PlannedEnd, &p.ActualStart, &p.ActualEnd} {
		if *d != nil {
			t := **d
			*d = &t
		}
	}
	if v.Budget != nil {
		b := *v.Budget
		p.Budget = &b
	}
	return p
}

// addFunding fills the funding records and funders of a page of projects.
func (db *DB) addFunding(ctx context.Context, page []export.Project) error {
	if len(page) == 0 {
		return nil
	}
	ids := make([]int64, len(page))
	at := make(map[int64]*export.Project, len(page))
	for i := range page {
		ids[i] = page[i].ID
		at[page[i].ID] = &page[i]
	}
	rows, err := db.pool.Query(ctx, `SELECT `+fundingColumns+` FROM funding f JOIN organisations o ON o.id = f.organisation_id
		WHERE f.project_id = ANY($1) ORDER BY f.project_id, f.on_date, f.id`, ids)
	if err != nil {
		return fmt.Errorf("postgres: export funding: %w", err)
	}
	records, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (funding.Record, error) { return scanFunding(r) })
	if err != nil {
		return fmt.Errorf("postgres: export funding: %w", err)
	}
	for _, r := range records {
		p := at[r.ProjectID]
		p.Funding = append(p.Funding, r)
	}
	rows, err = db.pool.Query(ctx, `SELECT DISTINCT f.project_id, `+organisationColumns+`
		FROM funding f JOIN organisations o ON o.id = f.organisation_id
		WHERE f.project_id = ANY($1) ORDER BY f.project_id, o.id`, ids)
	if err != nil {
		return fmt.Errorf("postgres: export funders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var projectID int64
		var o project.Organisation
		if err := rows.Scan(&projectID, &o.ID, &o.Name, &o.Kind, &o.Country, &o.Website, &o.IATIOrgID,
			&o.TwinnedHromadaCode, &o.Demo, &o.Version, &o.CreatedAt, &o.UpdatedAt); err != nil {
			return fmt.Errorf("postgres: export funders: %w", err)
		}
		p := at[projectID]
		p.Funders = append(p.Funders, o)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: export funders: %w", err)
	}
	return nil
}

// feedSources says, per kind of subject, which objects' history a feed
// follows: for each object type, the SQL that joins history h to what
// places it, and the condition on $1 (the subject's code or id). Each
// branch is its own top-N query, so that the planner may walk a small
// place's objects through history_object_idx, or a busy one's history
// backwards, whichever is cheaper.
var feedSources = map[export.SubjectKind][]feedSource{
	export.OfHromada: placeSources("hromada_code"),
	export.OfOblast:  placeSources("oblast_code"),
	export.OfOrganisation: {
		{history.Project, `JOIN projects p ON p.id = h.object_id`, `p.id IN (SELECT project_id FROM funding WHERE organisation_id = $1)`},
		{export.ObjectFunding, fundingJoin, `f.organisation_id = $1`},
		{export.ObjectUpdate, updateJoin, `u.project_id IN (SELECT project_id FROM funding WHERE organisation_id = $1)`},
	},
	export.OfProject: {
		{history.Site, `JOIN sites s ON s.id = h.object_id`, `s.id IN (SELECT site_id FROM project_sites WHERE project_id = $1)`},
		{history.Project, `JOIN projects p ON p.id = h.object_id`, `p.id = $1`},
		{export.ObjectFunding, fundingJoin, `f.project_id = $1`},
		{export.ObjectUpdate, updateJoin, `u.project_id = $1`},
	},
}

type feedSource struct{ object, join, where string }

const (
	fundingJoin = `JOIN funding f ON f.id = h.object_id JOIN projects p ON p.id = f.project_id`
	updateJoin  = `JOIN project_updates u ON u.id = h.object_id JOIN projects p ON p.id = u.project_id`
)

func placeSources(column string) []feedSource {
	return []feedSource{
		{history.Site, `JOIN sites s ON s.id = h.object_id`, `s.` + column + ` = $1`},
		{history.Project, `JOIN projects p ON p.id = h.object_id`, `p.` + column + ` = $1`},
		{export.ObjectFunding, fundingJoin, `p.` + column + ` = $1`},
		{export.ObjectUpdate, updateJoin, `p.` + column + ` = $1`},
	}
}

// feedColumns are what a branch selects: the entry, its object, and the
// project and organisation of a funding record or a progress update.
func (s feedSource) columns() string {
	switch s.object {
	case export.ObjectFunding:
		return `h.id, h.object_type, h.object_id, f.project_id, (SELECT o.name FROM organisations o WHERE o.id = f.organisation_id)`
	case export.ObjectUpdate:
		return `h.id, h.object_type, h.object_id, u.project_id, NULL::text`
	case history.Project:
		return `h.id, h.object_type, h.object_id, h.object_id, NULL::text`
	}
	return `h.id, h.object_type, h.object_id, NULL::bigint, NULL::text`
}

// FindChanges returns the latest changes s follows. It finds which entries
// they are, then reads each object's entries with FindHistory, which
// cuts from them what the viewer may not see: the one place of that rule.
// Objects that no longer exist are no longer placed, so their history
// leaves a place's feed with them (a project's own feed keeps it).
func (db *DB) FindChanges(ctx context.Context, s export.Subject, limit int) (export.Changes, error) {
	var out export.Changes
	var arg any
	var err error
	switch s.Kind {
	case export.OfHromada:
		arg = s.Code
		err = db.pool.QueryRow(ctx, `SELECT name_uk, name_en FROM hromadas WHERE code = $1`, s.Code).Scan(&out.NameUK, &out.NameEN)
	case export.OfOblast:
		arg = s.Code
		err = db.pool.QueryRow(ctx, `SELECT name_uk, name_en FROM oblasts WHERE code = $1`, s.Code).Scan(&out.NameUK, &out.NameEN)
	case export.OfOrganisation:
		arg = s.ID
		err = db.pool.QueryRow(ctx, `SELECT name, name FROM organisations WHERE id = $1`, s.ID).Scan(&out.NameUK, &out.NameEN)
	case export.OfProject:
		arg = s.ID
		err = db.pool.QueryRow(ctx, `SELECT title, title FROM projects WHERE id = $1`, s.ID).Scan(&out.NameUK, &out.NameEN)
	default:
		return out, fmt.Errorf("postgres: find changes: unknown subject %q", s.Kind)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return out, fmt.Errorf("postgres: find changes of %s: %w", s.Kind, domain.ErrNotFound)
	}
	if err != nil {
		return out, fmt.Errorf("postgres: find changes of %s: %w", s.Kind, err)
	}

	sql := ""
	for i, src := range feedSources[s.Kind] {
		if i > 0 {
			sql += " UNION ALL "
		}
		sql += `(SELECT ` + src.columns() + ` FROM history h ` + src.join + ` WHERE h.object_type = '` + src.object +
			`' AND ` + src.where + ` ORDER BY h.id DESC LIMIT $2)`
	}
	sql += ` ORDER BY 1 DESC LIMIT $2`
	rows, err := db.pool.Query(ctx, sql, arg, limit)
	if err != nil {
		return out, fmt.Errorf("postgres: find changes of %s: %w", s.Kind, err)
	}
	type object struct {
		kind string
		id   int64
	}
	type place struct {
		newest int64
		n      int
	}
	var picked []export.Change
	objects := map[object]*place{}
	var order []object
	for rows.Next() {
		var c export.Change
		var projectID *int64
		var org *string
		if err := rows.Scan(&c.ID, &c.Object, &c.ObjectID, &projectID, &org); err != nil {
			rows.Close()
			return out, fmt.Errorf("postgres: find changes of %s: %w", s.Kind, err)
		}
		if projectID != nil {
			c.ProjectID = *projectID
		}
		if org != nil {
			c.OrganisationName = *org
		}
		picked = append(picked, c)
		o := object{c.Object, c.ObjectID}
		if objects[o] == nil {
			objects[o] = &place{newest: c.ID}
			order = append(order, o)
		}
		objects[o].n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("postgres: find changes of %s: %w", s.Kind, err)
	}
	// Each object's picked entries are its newest up to the newest picked.
	entries := make(map[int64]history.Entry, len(picked))
	for _, o := range order {
		p := objects[o]
		es, err := db.FindHistory(ctx, o.kind, o.id, p.n, p.newest+1)
		if err != nil {
			return out, err
		}
		for _, e := range es {
			entries[e.ID] = e
		}
	}
	for _, c := range picked {
		if e, ok := entries[c.ID]; ok {
			c.Entry = e
			out.Entries = append(out.Entries, c)
		}
	}
	return out, nil
}
