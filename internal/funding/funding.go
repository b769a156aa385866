// Package funding holds the money donors give to projects: pledges (not
// binding), commitments (binding) and disbursements (paid), each an amount
// in a currency on a date.
package funding

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/money"
)

// Kind is what a funding record says about the money.
type Kind string

// The kinds, in the order money moves.
const (
	Pledge       Kind = "pledge"
	Commitment   Kind = "commitment"
	Disbursement Kind = "disbursement"
)

// Kinds lists every kind.
var Kinds = []Kind{Pledge, Commitment, Disbursement}

// MaxMinor bounds one amount (10^15 minor units): more is a typing error.
const MaxMinor = 1_000_000_000_000_000

// FirstDate is the earliest date accepted: the war began in February 2014.
var FirstDate = time.Date(2014, 2, 20, 0, 0, 0, 0, time.UTC)

// Draft is a new funding record as a donor enters it.
type Draft struct {
	ProjectID      int64
	OrganisationID int64
	Kind           Kind
	Amount         money.Amount
	On             time.Time
	// CommitmentID names the commitment a disbursement pays out. Then the
	// disbursements of that commitment may not add up to more than it: a
	// donor cannot pay out what it never committed, and a typo in an
	// amount is caught. Without it, a disbursement stands alone.
	CommitmentID *int64
	Note         string
}

// Record is a stored funding record; UAH and EUR are the amount converted
// at the official rate of its date, fixed when it was recorded.
type Record struct {
	ID               int64        `json:"id"`
	ProjectID        int64        `json:"project_id"`
	OrganisationID   int64        `json:"organisation_id"`
	OrganisationName string       `json:"organisation_name"`
	Kind             Kind         `json:"kind"`
	Amount           money.Amount `json:"-"`
	UAHMinor         int64        `json:"-"`
	EURMinor         int64        `json:"-"`
	On               time.Time    `json:"-"`
	CommitmentID     *int64       `json:"commitment_id"`
	Note             string       `json:"note"`
	Demo             bool         `json:"demo"`
	Version          int          `json:"version"`
	CreatedAt        time.Time    `json:"created_at"`
}

// Store keeps funding records. Both methods return domain.ErrNotFound for
// an unknown project; CreateFunding returns *domain.ValidationError for an
// unknown organisation or commitment, a missing exchange rate, or
// disbursements beyond their commitment.
type Store interface {
	CreateFunding(ctx context.Context, d Draft) (Record, error)
	FindFunding(ctx context.Context, projectID int64) ([]Record, error)
}

// Validate checks a draft on its own; the store checks what needs the
// database.
func (d Draft) Validate(now time.Time) error {
	if !slices.Contains(Kinds, d.Kind) {
		return domain.Invalid("kind", fmt.Sprintf("unknown kind %q; use pledge, commitment or disbursement", d.Kind),
			fmt.Sprintf("невідомий вид %q; допустимі: pledge (обіцянка), commitment (зобов'язання), disbursement (виплата)", d.Kind))
	}
	if d.Amount.Minor <= 0 {
		return domain.Invalid("amount.amount_minor", "the amount must be more than zero", "сума має бути більшою за нуль")
	}
	if d.Amount.Minor > MaxMinor {
		return domain.Invalid("amount.amount_minor", "the amount is implausibly large", "сума неправдоподібно велика")
	}
	if !money.IsCurrency(d.Amount.Currency) {
		return domain.Invalid("amount.currency",
			fmt.Sprintf("%q is not an ISO 4217 currency code such as UAH, EUR or PLN", d.Amount.Currency),
			fmt.Sprintf("%q — не код валюти ISO 4217, як-от UAH, EUR чи PLN", d.Amount.Currency))
	}
	if d.On.Before(FirstDate) {
		return domain.Invalid("date", "the date is before the war began (20 February 2014)", "дата раніша за початок війни (20 лютого 2014)")
	}
	if d.On.After(now) {
		return domain.Invalid("date", "the date is in the future: record a pledge for money not yet given",
			"дата в майбутньому: для грошей, яких ще не надано, запишіть обіцянку")
	}
	if d.CommitmentID != nil && d.Kind != Disbursement {
		return domain.Invalid("commitment_id", "only a disbursement pays out a commitment", "лише виплата може належати до зобов'язання")
	}
	if len([]rune(d.Note)) > 2000 {
		return domain.Invalid("note", "the note is longer than 2000 characters", "примітка довша за 2000 символів")
	}
	return nil
}
