package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
)

var _ project.OrganisationStore = (*DB)(nil)

const organisationColumns = `o.id, o.name, o.kind, o.country, o.website, o.iati_org_id, o.twinned_hromada_code,
 o.demo, o.version, o.created_at, o.updated_at`

func scanOrganisation(row pgx.Row, o *project.Organisation) error {
	return row.Scan(&o.ID, &o.Name, &o.Kind, &o.Country, &o.Website, &o.IATIOrgID, &o.TwinnedHromadaCode,
		&o.Demo, &o.Version, &o.CreatedAt, &o.UpdatedAt)
}

// CreateOrganisation stores a new organisation.
// Admins add organisations: a donor account is tied to one, so an
// organisation is who donors are.
func (db *DB) CreateOrganisation(ctx context.Context, d project.OrganisationDraft) (project.Organisation, error) {
	var o project.Organisation
	if err := account.FromContext(ctx).MayAdminister(); err != nil {
		return o, err
	}
	err := scanOrganisation(db.pool.QueryRow(ctx, `
		INSERT INTO organisations AS o (name, kind, country, website, iati_org_id, twinned_hromada_code)
		VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), NULLIF($6, ''))
		RETURNING `+organisationColumns,
		d.Name, string(d.Kind), d.Country, d.Website, d.IATIOrgID, d.TwinnedHromadaCode), &o)
	if err != nil {
		return o, mapOrganisationError(err, d)
	}
	return o, nil
}

// mapOrganisationError names what a refused organisation got wrong.
func mapOrganisationError(err error, d project.OrganisationDraft) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505" && pe.ConstraintName == "organisations_iati_org_id_key":
			return fmt.Errorf("%w: another organisation has the IATI id %s. / Інша організація вже має ідентифікатор IATI %s.",
				domain.ErrConflict, d.IATIOrgID, d.IATIOrgID)
		case pe.Code == "23503" && pe.ConstraintName == "organisations_twinned_hromada_code_fkey":
			return domain.Invalid("twinned_hromada_code", "no hromada has the code "+d.TwinnedHromadaCode,
				"немає громади з кодом "+d.TwinnedHromadaCode)
		}
	}
	return fmt.Errorf("postgres: create organisation: %w", mapError(err, ""))
}

// FindOrganisationByID returns one organisation.
func (db *DB) FindOrganisationByID(ctx context.Context, id int64) (project.Organisation, error) {
	var o project.Organisation
	err := scanOrganisation(db.pool.QueryRow(ctx, `SELECT `+organisationColumns+` FROM organisations o WHERE o.id = $1`, id), &o)
	if err != nil {
		return o, fmt.Errorf("postgres: find organisation %d: %w", id, mapError(err, ""))
	}
	return o, nil
}

// portfolioSQL lists the projects an organisation ($1) funds: those it
// pledged, committed or paid anything to.
const portfolioSQL = `
	WITH funded_by AS (SELECT DISTINCT project_id FROM funding WHERE organisation_id = $1)
	SELECT p.id, p.title, p.state, p.hromada_code
	FROM projects p JOIN funded_by f ON f.project_id = p.id
	ORDER BY p.id`

// FindPortfolio lists the projects an organisation funds, by id.
func (db *DB) FindPortfolio(ctx context.Context, organisationID int64) ([]project.PortfolioItem, error) {
	rows, err := db.pool.Query(ctx, portfolioSQL, organisationID)
	if err != nil {
		return nil, fmt.Errorf("postgres: portfolio of %d: %w", organisationID, err)
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (project.PortfolioItem, error) {
		var it project.PortfolioItem
		err := r.Scan(&it.ID, &it.Title, &it.State, &it.HromadaCode)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: portfolio of %d: %w", organisationID, err)
	}
	if items == nil {
		items = []project.PortfolioItem{}
	}
	return items, nil
}

// FindOrganisations lists the organisations that match f, by id.
func (db *DB) FindOrganisations(ctx context.Context, f project.OrganisationFilter) ([]project.Organisation, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if len(f.Kinds) > 0 {
		where = append(where, "o.kind = ANY("+arg(strs(f.Kinds))+")")
	}
	if f.Country != "" {
		where = append(where, "o.country = "+arg(f.Country))
	}
	if f.Q != "" {
		where = append(where, "o.name ILIKE "+arg("%"+likeEscape(f.Q)+"%"))
	}
	if f.After > 0 {
		where = append(where, "o.id > "+arg(f.After))
	}
	sql := `SELECT ` + organisationColumns + ` FROM organisations o`
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY o.id LIMIT " + arg(f.Limit)
	rows, err := db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: find organisations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (project.Organisation, error) {
		var o project.Organisation
		err := scanOrganisation(r, &o)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: find organisations: %w", err)
	}
	if out == nil {
		out = []project.Organisation{}
	}
	return out, nil
}
