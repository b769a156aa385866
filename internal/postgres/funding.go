package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/site"
)

var _ funding.Store = (*DB)(nil)

// toUAHAndEUR converts an amount at the official rates of its date: the
// one place where stored money meets exchange rates.
func (db *DB) toUAHAndEUR(ctx context.Context, a money.Amount, on time.Time, field string) (uah, eur int64, err error) {
	rates, err := db.RatesOn(ctx, on, []string{a.Currency, "EUR"})
	if errors.Is(err, money.ErrNoRate) {
		return 0, 0, domain.Invalid(field,
			fmt.Sprintf("there is no exchange rate for %s on or before %s: an administrator imports the National Bank's rates", a.Currency, on.Format(time.DateOnly)),
			fmt.Sprintf("немає курсу %s на %s чи раніше: адміністратор має завантажити курси НБУ", a.Currency, on.Format(time.DateOnly)))
	}
	if err != nil {
		return 0, 0, err
	}
	u, err := money.Convert(a, "UAH", rates)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: convert %s: %w", a, err)
	}
	e, err := money.Convert(a, "EUR", rates)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: convert %s: %w", a, err)
	}
	return u.Minor, e.Minor, nil
}

// budgetInUAHAndEUR converts a project's budget at today's official rates.
// Without a rate yet (none imported) the converted budget stays unknown
// (NULL) and counts as nothing needed in the totals, rather than refusing
// the hromada's project; importing rates and saving the budget again fills it.
func (db *DB) budgetInUAHAndEUR(ctx context.Context, m *site.Money) (uah, eur *int64, err error) {
	if m == nil {
		return nil, nil, nil
	}
	u, e, err := db.toUAHAndEUR(ctx, money.Amount{Minor: m.AmountMinor, Currency: m.Currency}, time.Now(), "properties.budget.currency")
	var ve *domain.ValidationError
	if errors.As(err, &ve) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return &u, &e, nil
}

const fundingColumns = `f.id, f.project_id, f.organisation_id, o.name, f.kind, f.amount_minor, f.currency,
 f.amount_uah_minor, f.amount_eur_minor, f.on_date, f.commitment_id, f.note, f.demo, f.version, f.created_at`

func scanFunding(row pgx.Row) (funding.Record, error) {
	var r funding.Record
	err := row.Scan(&r.ID, &r.ProjectID, &r.OrganisationID, &r.OrganisationName, &r.Kind, &r.Amount.Minor,
		&r.Amount.Currency, &r.UAHMinor, &r.EURMinor, &r.On, &r.CommitmentID, &r.Note, &r.Demo, &r.Version, &r.CreatedAt)
	return r, err
}

// CreateFunding records money for a project, converted at its date's rate.
// Only the organisation's own donor accounts (and admins) may.
func (db *DB) CreateFunding(ctx context.Context, d funding.Draft) (funding.Record, error) {
	if err := account.FromContext(ctx).MayFund(d.OrganisationID); err != nil {
		return funding.Record{}, err
	}
	uah, eur, err := db.toUAHAndEUR(ctx, d.Amount, d.On, "amount.currency")
	if err != nil {
		return funding.Record{}, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return funding.Record{}, fmt.Errorf("postgres: create funding: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	var ok bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1)`, d.ProjectID).Scan(&ok); err != nil {
		return funding.Record{}, fmt.Errorf("postgres: create funding: %w", err)
	} else if !ok {
		return funding.Record{}, domain.ErrNotFound
	}
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM organisations WHERE id = $1)`, d.OrganisationID).Scan(&ok); err != nil {
		return funding.Record{}, fmt.Errorf("postgres: create funding: %w", err)
	} else if !ok {
		return funding.Record{}, domain.Invalid("organisation_id", "no organisation has this id", "немає організації з таким ідентифікатором")
	}
	if d.CommitmentID != nil {
		if err := checkCommitment(ctx, tx, d); err != nil {
			return funding.Record{}, err
		}
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO funding (project_id, organisation_id, kind, amount_minor, currency, on_date,
		commitment_id, note, amount_uah_minor, amount_eur_minor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		d.ProjectID, d.OrganisationID, string(d.Kind), d.Amount.Minor, d.Amount.Currency, d.On, d.CommitmentID, d.Note,
		uah, eur).Scan(&id)
	if err != nil {
		return funding.Record{}, fmt.Errorf("postgres: create funding: %w", err)
	}
	r, err := scanFunding(tx.QueryRow(ctx, `SELECT `+fundingColumns+` FROM funding f JOIN organisations o ON o.id = f.organisation_id WHERE f.id = $1`, id))
	if err != nil {
		return funding.Record{}, fmt.Errorf("postgres: create funding: %w", err)
	}
	return r, tx.Commit(ctx)
}

// checkCommitment holds the commitment row while it adds up what has been
// paid out of it, so two disbursements at once cannot both squeeze in.
func checkCommitment(ctx context.Context, tx pgx.Tx, d funding.Draft) error {
	var project, org, amount int64
	var currency, kind string
	err := tx.QueryRow(ctx, `SELECT project_id, organisation_id, kind, amount_minor, currency FROM funding WHERE id = $1 FOR UPDATE`,
		*d.CommitmentID).Scan(&project, &org, &kind, &amount, &currency)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && (kind != string(funding.Commitment) || project != d.ProjectID || org != d.OrganisationID) {
		return domain.Invalid("commitment_id", "this is not a commitment of the same organisation to the same project",
			"це не зобов'язання тієї ж організації щодо того ж проєкту")
	}
	if err != nil {
		return fmt.Errorf("postgres: check commitment: %w", err)
	}
	if currency != d.Amount.Currency {
		return domain.Invalid("amount.currency", "a disbursement is paid in the currency of its commitment ("+currency+")",
			"виплату роблять у валюті зобов'язання ("+currency+")")
	}
	var paid int64
	if err := tx.QueryRow(ctx, `SELECT coalesce(sum(amount_minor), 0) FROM funding WHERE commitment_id = $1`, *d.CommitmentID).Scan(&paid); err != nil {
		return fmt.Errorf("postgres: check commitment: %w", err)
	}
	if paid+d.Amount.Minor > amount {
		left := money.Amount{Minor: amount - paid, Currency: currency}
		return domain.Invalid("amount.amount_minor",
			"the disbursements would exceed their commitment: at most "+money.Format(left, "en")+" is left to pay out",
			"виплати перевищили б зобов'язання: залишилося щонайбільше "+money.Format(left, "uk"))
	}
	return nil
}

// FindFunding lists a project's funding records, oldest first.
func (db *DB) FindFunding(ctx context.Context, projectID int64) ([]funding.Record, error) {
	ok, err := db.exists(ctx, `SELECT EXISTS (SELECT 1 FROM projects WHERE id = $1)`, projectID)
	if err != nil {
		return nil, fmt.Errorf("postgres: find funding: %w", err)
	}
	if !ok {
		return nil, domain.ErrNotFound
	}
	rows, err := db.pool.Query(ctx, `SELECT `+fundingColumns+` FROM funding f JOIN organisations o ON o.id = f.organisation_id
		WHERE f.project_id = $1 ORDER BY f.on_date, f.id`, projectID)
	if err != nil {
		return nil, fmt.Errorf("postgres: find funding: %w", err)
	}
	defer rows.Close()
	var out []funding.Record
	for rows.Next() {
		r, err := scanFunding(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: find funding: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
