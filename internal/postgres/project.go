package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

var _ project.Store = (*DB)(nil)

// projectColumns are what a project's Feature in a list is made of.
// Its money comes from project_money (alias m), which the database keeps.
const projectColumns = `p.id, p.title, p.description, p.sector, p.state, p.budget_minor, p.budget_currency,
 p.planned_start, p.planned_end, p.actual_start, p.actual_end, p.progress, p.prozorro_ids, p.dream_id,
 p.hromada_code, p.oblast_code, ST_X(p.geom), ST_Y(p.geom), p.demo, p.version, p.created_at, p.updated_at,
 m.needed_uah, m.pledged_uah, m.committed_uah, m.disbursed_uah, m.gap_uah,
 m.needed_eur, m.pledged_eur, m.committed_eur, m.disbursed_eur, m.gap_eur, p.verification, p.verification_reason`

// projectFrom joins each project to its kept money.
const projectFrom = ` FROM projects p JOIN project_money m ON m.project_id = p.id`

// projectDetail adds a single project's sites and milestones, in order.
// A sensitive site is named to nobody here: its name often holds its
// address, and those who may read it open the site itself.
const projectDetail = `,
 ARRAY(SELECT s.id FROM project_sites ps JOIN sites s ON s.id = ps.site_id WHERE ps.project_id = p.id ORDER BY s.id),
 ARRAY(SELECT CASE WHEN s.sensitive THEN '' ELSE s.name END
       FROM project_sites ps JOIN sites s ON s.id = ps.site_id WHERE ps.project_id = p.id ORDER BY s.id),
 ARRAY(SELECT m.title FROM project_milestones m WHERE m.project_id = p.id ORDER BY m.position),
 ARRAY(SELECT m.due_on FROM project_milestones m WHERE m.project_id = p.id ORDER BY m.position),
 ARRAY(SELECT m.done_on FROM project_milestones m WHERE m.project_id = p.id ORDER BY m.position)`

// scanProject reads a row of projectColumns (and projectDetail if detail)
// and adds the names of its hromada and oblast.
func scanProject(row pgx.Row, v *project.Project, names map[string]*unitName, detail bool) error {
	var amount *int64
	var currency *string
	dest := []any{&v.ID, &v.Title, &v.Description, &v.Sector, &v.State, &amount, &currency,
		&v.PlannedStart, &v.PlannedEnd, &v.ActualStart, &v.ActualEnd, &v.Progress, &v.ProzorroIDs, &v.DreamID,
		&v.HromadaCode, &v.OblastCode, &v.Lon, &v.Lat, &v.Demo, &v.Version, &v.CreatedAt, &v.UpdatedAt,
		&v.Money.UAH.Needed, &v.Money.UAH.Pledged, &v.Money.UAH.Committed, &v.Money.UAH.Disbursed, &v.Money.UAH.Gap,
		&v.Money.EUR.Needed, &v.Money.EUR.Pledged, &v.Money.EUR.Committed, &v.Money.EUR.Disbursed, &v.Money.EUR.Gap,
		&v.Verification, &v.VerificationReason}
	var siteIDs []int64
	var siteNames, titles []string
	var due, done []pgtype.Date
	if detail {
		dest = append(dest, &siteIDs, &siteNames, &titles, &due, &done)
	}
	if err := row.Scan(dest...); err != nil {
		return err
	}
	v.Budget = nil
	if amount != nil && currency != nil {
		v.Budget = &site.Money{AmountMinor: *amount, Currency: *currency}
	}
	v.HromadaNameUK, v.HromadaNameEN = nil, nil
	if n := names[v.HromadaCode]; n != nil {
		v.HromadaNameUK, v.HromadaNameEN = &n.UK, &n.EN
	}
	v.OblastNameUK, v.OblastNameEN = nil, nil
	if n := names[v.OblastCode]; n != nil {
		v.OblastNameUK, v.OblastNameEN = &n.UK, &n.EN
	}
	v.Sites, v.Milestones = nil, nil
	for i, id := range siteIDs {
		v.Sites = append(v.Sites, project.SiteRef{ID: id, Name: siteNames[i]})
	}
	for i, t := range titles {
		v.Milestones = append(v.Milestones, project.Milestone{Title: t, DueOn: dateOrNil(due[i]), DoneOn: dateOrNil(done[i])})
	}
	return nil
}

func dateOrNil(d pgtype.Date) *time.Time {
	if !d.Valid {
		return nil
	}
	return &d.Time
}

// CreateProject stores a new project in the hromada of its sites; with an
// idempotency key seen before it returns the project made then (created
// false) instead of another.
func (db *DB) CreateProject(ctx context.Context, d project.Draft, key *project.IdempotencyKey) (project.Feature, bool, error) {
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return project.Feature{}, false, err
	}
	uah, eur, err := db.budgetInUAHAndEUR(ctx, d.Budget)
	if err != nil {
		return project.Feature{}, false, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return project.Feature{}, false, fmt.Errorf("postgres: create project: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit

	if key != nil {
		prev, found, err := priorRequest(ctx, tx, "projects", key.Key, key.RequestHash)
		if err != nil || found {
			if err != nil {
				return project.Feature{}, false, err
			}
			f, err := findProject(ctx, tx, prev, names)
			return f, false, err
		}
	}

	place, err := placeProject(ctx, tx, d.SiteIDs, names)
	if err != nil {
		return project.Feature{}, false, err
	}
	u := account.FromContext(ctx)
	if err := u.MayEdit(place.at()); err != nil {
		return project.Feature{}, false, err
	}
	var amount *int64
	var currency *string
	if d.Budget != nil {
		amount, currency = &d.Budget.AmountMinor, &d.Budget.Currency
	}
	var dream *string
	if d.DreamID != "" {
		dream = &d.DreamID
	}
	prozorro := d.ProzorroIDs
	if prozorro == nil {
		prozorro = []string{}
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO projects (title, description, sector, budget_minor, budget_currency, planned_start, planned_end,
			prozorro_ids, dream_id, hromada_code, oblast_code, geom, budget_uah_minor, budget_eur_minor, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, `+projectPoint("$12")+`, $13, $14, $15)
		RETURNING id`,
		d.Title, d.Description, string(d.Sector), amount, currency, d.PlannedStart, d.PlannedEnd,
		prozorro, dream, place.hromada, place.oblast, d.SiteIDs, uah, eur, actorID(u)).Scan(&id)
	if err != nil {
		return project.Feature{}, false, mapProjectError(err)
	}
	if err := setProjectParts(ctx, tx, id, d.SiteIDs, d.Milestones); err != nil {
		return project.Feature{}, false, err
	}
	if key != nil {
		first, err := recordRequest(ctx, tx, "projects", key.Key, key.RequestHash, id)
		if err != nil {
			return project.Feature{}, false, err
		}
		if !first {
			tx.Rollback(ctx) //nolint:errcheck // theirs stands, ours goes
			return db.CreateProject(ctx, d, key)
		}
	}

	f, err := findProject(ctx, tx, id, names)
	if err != nil {
		return project.Feature{}, false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return project.Feature{}, false, fmt.Errorf("postgres: create project: %w", err)
	}
	return f, true, nil
}

// projectPlace is the hromada and oblast a project's sites put it in.
type projectPlace struct {
	hromada, oblast string
}

func (p projectPlace) at() account.Place { return account.Place{Oblast: p.oblast, Hromada: p.hromada} }

// projectPoint is the SQL of a project's representative point, from the
// site ids in the parameter param. The point lies on one of the sites (a
// point, or inside a footprint), so that the map never shows a project
// between its sites, in a field; it is made of the sites' public places,
// so that a project never gives a sensitive site away.
func projectPoint(param string) string {
	return `(SELECT ST_PointOnSurface(ST_Collect(s.public_geom)) FROM sites s WHERE s.id = ANY(` + param + `::bigint[]))`
}

// placeProject derives a project's hromada and oblast from its sites,
// which must exist and all lie in one hromada. The sites are locked
// (FOR SHARE) so that none moves or goes while the project is written.
// rowQuerier is the pool or a transaction, for one-row reads.
type rowQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func placeProject(ctx context.Context, tx pgx.Tx, ids []int64, names map[string]*unitName) (projectPlace, error) {
	rows, err := tx.Query(ctx, `SELECT id, hromada_code, oblast_code FROM sites WHERE id = ANY($1) ORDER BY id FOR SHARE`, ids)
	if err != nil {
		return projectPlace{}, fmt.Errorf("postgres: place project: %w", err)
	}
	found := map[int64]bool{}
	var hromadas []string
	var place projectPlace
	for rows.Next() {
		var id int64
		var hromada *string
		var oblast string
		if err := rows.Scan(&id, &hromada, &oblast); err != nil {
			rows.Close()
			return projectPlace{}, fmt.Errorf("postgres: place project: %w", err)
		}
		found[id] = true
		if hromada == nil {
			rows.Close()
			return projectPlace{}, domain.Invalid("properties.site_ids",
				fmt.Sprintf("site %d lies in no hromada (occupied Crimea has none in the register), and a project belongs to one", id),
				fmt.Sprintf("об'єкт %d не належить жодній громаді (в окупованому Криму їх немає в реєстрі), а проєкт належить одній громаді", id))
		}
		if !slices.Contains(hromadas, *hromada) {
			hromadas = append(hromadas, *hromada)
		}
		place.hromada, place.oblast = *hromada, oblast
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return projectPlace{}, fmt.Errorf("postgres: place project: %w", err)
	}
	for _, id := range ids {
		if !found[id] {
			return projectPlace{}, domain.Invalid("properties.site_ids",
				fmt.Sprintf("there is no site %d", id), fmt.Sprintf("об'єкта %d немає", id))
		}
	}
	if len(hromadas) > 1 {
		var en, uk []string
		for _, code := range hromadas {
			nameUK, nameEN := code, code
			if n := names[code]; n != nil {
				nameUK, nameEN = n.UK+" ("+code+")", n.EN+" ("+code+")"
			}
			en, uk = append(en, nameEN), append(uk, nameUK)
		}
		return projectPlace{}, domain.Invalid("properties.site_ids",
			fmt.Sprintf("the sites lie in %d hromadas (%s); a project's sites must all lie in one hromada", len(hromadas), strings.Join(en, ", ")),
			fmt.Sprintf("об'єкти лежать у %d громадах (%s); усі об'єкти проєкту мають бути в одній громаді", len(hromadas), strings.Join(uk, ", ")))
	}
	return place, nil
}

// setProjectParts replaces a project's sites and milestones; nil leaves
// that list as it is.
func setProjectParts(ctx context.Context, tx pgx.Tx, id int64, siteIDs []int64, ms []project.Milestone) error {
	if siteIDs != nil {
		if _, err := tx.Exec(ctx, `DELETE FROM project_sites WHERE project_id = $1`, id); err != nil {
			return fmt.Errorf("postgres: project %d sites: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO project_sites (project_id, site_id) SELECT $1, unnest($2::bigint[])`, id, siteIDs); err != nil {
			return fmt.Errorf("postgres: project %d sites: %w", id, err)
		}
	}
	if ms != nil {
		if _, err := tx.Exec(ctx, `DELETE FROM project_milestones WHERE project_id = $1`, id); err != nil {
			return fmt.Errorf("postgres: project %d milestones: %w", id, err)
		}
		titles := make([]string, len(ms))
		due, done := make([]pgtype.Date, len(ms)), make([]pgtype.Date, len(ms))
		for i, m := range ms {
			titles[i] = m.Title
			if m.DueOn != nil {
				due[i] = pgtype.Date{Time: *m.DueOn, Valid: true}
			}
			if m.DoneOn != nil {
				done[i] = pgtype.Date{Time: *m.DoneOn, Valid: true}
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO project_milestones (project_id, position, title, due_on, done_on)
			SELECT $1, m.n - 1, m.title, m.due_on, m.done_on
			FROM unnest($2::text[], $3::date[], $4::date[]) WITH ORDINALITY AS m(title, due_on, done_on, n)`,
			id, titles, due, done)
		if err != nil {
			return fmt.Errorf("postgres: project %d milestones: %w", id, err)
		}
	}
	return nil
}

// FindProjectByID returns one project with its sites and milestones.
func (db *DB) FindProjectByID(ctx context.Context, id int64) (project.Feature, error) {
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return project.Feature{}, err
	}
	return findProject(ctx, db.pool, id, names)
}

func findProject(ctx context.Context, q rowQuerier, id int64, names map[string]*unitName) (project.Feature, error) {
	var v project.Project
	row := q.QueryRow(ctx, `SELECT `+projectColumns+projectDetail+` `+projectFrom+` WHERE p.id = $1`, id)
	if err := scanProject(row, &v, names, true); err != nil {
		return project.Feature{}, fmt.Errorf("postgres: find project %d: %w", id, mapError(err, ""))
	}
	b, err := v.AppendGeoJSON(nil, true)
	if err != nil {
		return project.Feature{}, fmt.Errorf("postgres: find project %d: %w", id, err)
	}
	return project.Feature{ID: id, Version: v.Version, JSON: b}, nil
}

// lockProject takes the project's row for a write and checks its version
// (ifVersion > 0 is If-Match); it returns the current state.
func lockProject(ctx context.Context, tx pgx.Tx, id int64, ifVersion int, rule func(account.Place) error) (project.State, error) {
	var state project.State
	var version int
	var at account.Place
	err := tx.QueryRow(ctx, `SELECT state, version, oblast_code, hromada_code FROM projects WHERE id = $1 FOR UPDATE`, id).
		Scan(&state, &version, &at.Oblast, &at.Hromada)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", domain.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("postgres: lock project %d: %w", id, err)
	}
	if err := rule(at); err != nil {
		return "", err
	}
	if ifVersion > 0 && version != ifVersion {
		return "", domain.ErrPreconditionFailed
	}
	return state, nil
}

// UpdateProject applies a patch; a new list of sites places the project
// again. ifVersion > 0 requires the stored version to match (If-Match).
func (db *DB) UpdateProject(ctx context.Context, id int64, p project.Patch, ifVersion int) (project.Feature, error) {
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return project.Feature{}, err
	}
	set := []string{"version = version + 1", "updated_at = now()"}
	args := []any{id}
	add := func(col string, v any) {
		args = append(args, v)
		set = append(set, fmt.Sprintf("%s = $%d", col, len(args)))
	}
	opt := func(col string, v *time.Time, clear bool) {
		if v != nil {
			add(col, *v)
		} else if clear {
			set = append(set, col+" = NULL")
		}
	}
	if p.Title != nil {
		add("title", *p.Title)
	}
	if p.Description != nil {
		add("description", *p.Description)
	}
	if p.Sector != nil {
		add("sector", string(*p.Sector))
	}
	if p.Budget != nil {
		uah, eur, err := db.budgetInUAHAndEUR(ctx, p.Budget)
		if err != nil {
			return project.Feature{}, err
		}
		add("budget_minor", p.Budget.AmountMinor)
		add("budget_currency", p.Budget.Currency)
		add("budget_uah_minor", uah)
		add("budget_eur_minor", eur)
	} else if p.ClearBudget {
		set = append(set, "budget_minor = NULL", "budget_currency = NULL", "budget_uah_minor = NULL", "budget_eur_minor = NULL")
	}
	opt("planned_start", p.PlannedStart, p.ClearPlannedStart)
	opt("planned_end", p.PlannedEnd, p.ClearPlannedEnd)
	opt("actual_start", p.ActualStart, p.ClearActualStart)
	opt("actual_end", p.ActualEnd, p.ClearActualEnd)
	if p.Progress != nil {
		add("progress", *p.Progress)
	}
	if p.ProzorroIDs != nil {
		add("prozorro_ids", p.ProzorroIDs)
	}
	if p.DreamID != nil && *p.DreamID != "" {
		add("dream_id", *p.DreamID)
	} else if p.DreamID != nil || p.ClearDreamID {
		set = append(set, "dream_id = NULL") // "" is none, as in a draft
	}

	tx, err := db.begin(ctx)
	if err != nil {
		return project.Feature{}, fmt.Errorf("postgres: update project: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	u := account.FromContext(ctx)
	if _, err := lockProject(ctx, tx, id, ifVersion, u.MayEdit); err != nil {
		return project.Feature{}, err
	}
	if p.SiteIDs != nil {
		place, err := placeProject(ctx, tx, p.SiteIDs, names)
		if err != nil {
			return project.Feature{}, err
		}
		// Where the new sites put it must be the account's too.
		if err := u.MayEdit(place.at()); err != nil {
			return project.Feature{}, err
		}
		add("hromada_code", place.hromada)
		add("oblast_code", place.oblast)
		args = append(args, p.SiteIDs)
		set = append(set, "geom = "+projectPoint("$"+strconv.Itoa(len(args))))
	}
	if _, err := tx.Exec(ctx, "UPDATE projects SET "+strings.Join(set, ", ")+" WHERE id = $1", args...); err != nil {
		return project.Feature{}, mapProjectError(err)
	}
	if err := setProjectParts(ctx, tx, id, p.SiteIDs, p.Milestones); err != nil {
		return project.Feature{}, err
	}
	f, err := findProject(ctx, tx, id, names)
	if err != nil {
		return project.Feature{}, err
	}
	if err := tx.Commit(ctx); err != nil {
		return project.Feature{}, fmt.Errorf("postgres: update project: %w", err)
	}
	return f, nil
}

// TransitionProject moves a project to another state if the lifecycle
// allows it. Starting work sets the actual start (if not set), completing
// it sets the actual end and full progress.
func (db *DB) TransitionProject(ctx context.Context, id int64, to project.State, ifVersion int) (project.Feature, error) {
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return project.Feature{}, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return project.Feature{}, fmt.Errorf("postgres: transition project: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	from, err := lockProject(ctx, tx, id, ifVersion, account.FromContext(ctx).MayEdit)
	if err != nil {
		return project.Feature{}, err
	}
	if err := project.Transition(from, to); err != nil {
		return project.Feature{}, err
	}
	_, err = tx.Exec(ctx, `
		UPDATE projects SET state = $2, version = version + 1, updated_at = now(),
			actual_start = CASE WHEN $2 = 'in_progress' THEN coalesce(actual_start, current_date) ELSE actual_start END,
			actual_end = CASE WHEN $2 = 'completed' THEN coalesce(actual_end, current_date) ELSE actual_end END,
			progress = CASE WHEN $2 = 'completed' THEN 100 ELSE progress END
		WHERE id = $1`, id, string(to))
	if err != nil {
		return project.Feature{}, mapProjectError(err)
	}
	f, err := findProject(ctx, tx, id, names)
	if err != nil {
		return project.Feature{}, err
	}
	if err := tx.Commit(ctx); err != nil {
		return project.Feature{}, fmt.Errorf("postgres: transition project: %w", err)
	}
	return f, nil
}

// VerifyProject records a moderator's decision on a project.
func (db *DB) VerifyProject(ctx context.Context, id int64, v site.Verification, ifVersion int) (project.Feature, error) {
	names, err := db.unitNameTable(ctx)
	if err != nil {
		return project.Feature{}, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return project.Feature{}, fmt.Errorf("postgres: verify project: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	if _, err := lockProject(ctx, tx, id, ifVersion, account.FromContext(ctx).MayModerate); err != nil {
		return project.Feature{}, err
	}
	_, err = tx.Exec(ctx, `UPDATE projects SET verification = $2, verification_reason = nullif($3, ''),
		version = version + 1, updated_at = now() WHERE id = $1`, id, v.Decision, strings.TrimSpace(v.Reason))
	if err != nil {
		return project.Feature{}, fmt.Errorf("postgres: verify project %d: %w", id, err)
	}
	f, err := findProject(ctx, tx, id, names)
	if err != nil {
		return project.Feature{}, err
	}
	return f, tx.Commit(ctx)
}

// DeleteProject removes a draft; a project that has been published is
// cancelled instead, so that its record stays. ifVersion > 0 requires
// that version. It returns the photos of the draft's updates that no
// other row names (see project.Store).
func (db *DB) DeleteProject(ctx context.Context, id int64, ifVersion int) ([]photo.Photo, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: delete project: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	state, err := lockProject(ctx, tx, id, ifVersion, account.FromContext(ctx).MayEdit)
	if err != nil {
		return nil, err
	}
	if state != project.StateDraft {
		return nil, fmt.Errorf("%w: only a draft can be deleted; this project is %s, cancel it instead. / "+
			"Видалити можна лише чернетку; цей проєкт у стані %s, скасуйте його натомість.", domain.ErrConflict, state, state)
	}
	// Files of updates posted before they were kept by project (under
	// updates/) may be named by another project's updates too: those stay.
	rows, err := tx.Query(ctx, `SELECT DISTINCT ON (ph.display_key) `+photoColumns+`
		FROM photos ph JOIN project_updates u ON u.id = ph.update_id
		WHERE u.project_id = $1 AND NOT EXISTS (
			SELECT 1 FROM photos o LEFT JOIN project_updates ou ON ou.id = o.update_id
			WHERE o.display_key = ph.display_key AND ou.project_id IS DISTINCT FROM $1)
		ORDER BY ph.display_key`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: delete project %d: %w", id, err)
	}
	photos, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (photo.Photo, error) {
		var p photo.Photo
		return p, scanPhoto(r, &p)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: delete project %d: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM projects WHERE id = $1`, id); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "23503" {
			// Records of other kinds (funding, say) point at the draft.
			return nil, fmt.Errorf("%w: other records (such as funding) refer to this draft; cancel it instead. / "+
				"На цю чернетку посилаються інші записи (як-от фінансування); скасуйте її натомість.", domain.ErrConflict)
		}
		return nil, fmt.Errorf("postgres: delete project %d: %w", id, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("postgres: delete project %d: %w", id, err)
	}
	return photos, nil
}

// FindProjects streams the projects that match f, newest or largest
// budget first, each page after f.After.
func (db *DB) FindProjects(ctx context.Context, f project.Filter, emit func(c project.Cursor, feature []byte) error) (int, error) {
	if err := db.checkUnits(ctx, f.Oblast, f.Hromada); err != nil {
		return 0, err
	}
	var buf []byte
	return db.findProjects(ctx, f, func(c project.Cursor, v *project.Project) error {
		var err error
		if buf, err = v.AppendGeoJSON(buf[:0], false); err != nil {
			return fmt.Errorf("postgres: find projects: %w", err)
		}
		return emit(c, buf)
	})
}

// projectWhere is the conditions of a project list's place, kind, gap
// and donor filters (projects p joined with their money m), which every
// list of projects shares: the API's, the exports', the OGC API's, the
// tiles' and the filtered summaries'.
func projectWhere(f project.Filter, arg func(any) string) []string {
	var w []string
	if f.BBox != nil {
		w = append(w, "p.geom && "+envelope(f.BBox, arg))
	}
	w = append(w, filters(arg, "p.", column{"oblast_code", f.Oblast}, column{"hromada_code", f.Hromada},
		column{"state", strs(f.States)}, column{"sector", strs(f.Sectors)})...)
	if f.MinGapUAH > 0 {
		w = append(w, "m.gap_uah >= "+arg(f.MinGapUAH))
	}
	if f.Donor > 0 {
		w = append(w, "EXISTS (SELECT 1 FROM funding fd WHERE fd.project_id = p.id AND fd.organisation_id = "+arg(f.Donor)+")")
	}
	return w
}

// findProjects streams one page of FindProjects as projects: v is reused
// for the next row once emit returns. The list and the exports share it.
func (db *DB) findProjects(ctx context.Context, f project.Filter, emit func(c project.Cursor, v *project.Project) error) (int, error) {
	var args argList
	arg := args.add
	where := projectWhere(f, arg)
	if f.Q != "" {
		where = append(where, "(p.title || ' ' || p.description) ILIKE "+arg("%"+likeEscape(f.Q)+"%"))
	}
	// The sort key is the expression of an index (see migration 6), and
	// the cursor a row comparison on it, so that each page starts in the
	// index where the last one ended.
	key := "p.created_at"
	var after any
	if f.Sort == project.SortBudget || f.Sort == project.SortGap {
		key = "m.needed_uah"
		if f.Sort == project.SortGap {
			key = "m.gap_uah"
		}
		if f.After != nil {
			after = f.After.Key
		}
	} else if f.After != nil {
		after = time.UnixMicro(f.After.Key)
	}
	if f.After != nil {
		where = append(where, "("+key+", p.id) < ("+arg(after)+", "+arg(f.After.ID)+")")
	}
	sql := `SELECT ` + projectColumns + projectFrom
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY " + key + " DESC, p.id DESC LIMIT " + arg(f.Limit)

	names, err := db.unitNameTable(ctx)
	if err != nil {
		return 0, err
	}
	rows, err := db.pool.Query(ctx, sql, args...)
	if err != nil {
		return 0, fmt.Errorf("postgres: find projects: %w", err)
	}
	defer rows.Close()
	n := 0
	var v project.Project
	for rows.Next() {
		if err := scanProject(rows, &v, names, false); err != nil {
			return n, fmt.Errorf("postgres: find projects: %w", err)
		}
		c := project.Cursor{Key: v.CreatedAt.UnixMicro(), ID: v.ID}
		switch f.Sort {
		case project.SortBudget:
			c.Key = v.Money.UAH.Needed
		case project.SortGap:
			c.Key = v.Money.UAH.Gap
		}
		if err := emit(c, &v); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("postgres: find projects: %w", err)
	}
	return n, nil
}

// projectChecks name the field behind each CHECK that a merged patch can
// break although each value alone is fine.
var projectChecks = map[string]string{
	"projects_planned_order": "planned",
	"projects_actual_order":  "actual",
}

// mapProjectError turns a broken CHECK of the projects table into the
// error naming its field, and anything else as mapError does.
func mapProjectError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23514" {
		if which, ok := projectChecks[pe.ConstraintName]; ok {
			return project.OutOfOrder(which)
		}
	}
	return mapError(err, "")
}
