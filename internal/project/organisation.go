package project

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/vidbudova/vidbudova/internal/boundary"
	"github.com/vidbudova/vidbudova/internal/domain"
)

// Kind is what sort of organisation funds reconstruction.
type Kind string

// Kinds lists every kind of organisation.
var Kinds = []Kind{"eu_municipality", "eu_region", "national_government", "development_bank", "ngo", "company", "other"}

var (
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
	// iatiOrgID is an IATI organisation identifier: the registration
	// agency's code (country, then agency) and the number it gave, e.g.
	// XM-DAC-41301 or UA-EDR-12345678. The database checks the same.
	iatiOrgID = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9._/-]+$`)
)

// OrganisationDraft is a new organisation; empty optional fields mean none.
type OrganisationDraft struct {
	Name               string
	Kind               Kind
	Country            string // ISO 3166-1 alpha-2
	Website            string
	IATIOrgID          string
	TwinnedHromadaCode string // a hromada's KATOTTH code
}

// Organisation is a stored organisation as the public sees it.
type Organisation struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	Kind               Kind      `json:"kind"`
	Country            string    `json:"country"`
	Website            *string   `json:"website"`
	IATIOrgID          *string   `json:"iati_org_id"`
	TwinnedHromadaCode *string   `json:"twinned_hromada_code"`
	Demo               bool      `json:"demo"`
	Version            int       `json:"version"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// PortfolioItem is a project an organisation funds, as its portfolio lists it.
type PortfolioItem struct {
	ID          int64  `json:"id"`
	Title       string `json:"title"`
	State       State  `json:"state"`
	HromadaCode string `json:"hromada_code"`
}

// OrganisationFilter selects organisations for a list, in id order.
type OrganisationFilter struct {
	Kinds   []Kind
	Country string
	Q       string
	Limit   int
	After   int64 // keyset cursor: only organisations with a larger id
}

// OrganisationStore keeps organisations. Methods return domain.ErrNotFound
// for a missing id, domain.ErrConflict for an IATI id already taken, and
// *domain.ValidationError for a twinned hromada that does not exist.
type OrganisationStore interface {
	CreateOrganisation(ctx context.Context, d OrganisationDraft) (Organisation, error)
	FindOrganisationByID(ctx context.Context, id int64) (Organisation, error)
	// FindPortfolio lists the projects the organisation funds.
	FindPortfolio(ctx context.Context, organisationID int64) ([]PortfolioItem, error)
	FindOrganisations(ctx context.Context, f OrganisationFilter) ([]Organisation, error)
}

// Validate checks a new organisation; the first problem found is returned.
func (d OrganisationDraft) Validate() error {
	if strings.TrimSpace(d.Name) == "" || len([]rune(d.Name)) > 300 {
		return domain.Invalid("name", "a name of at most 300 characters is required", "потрібна назва довжиною до 300 символів")
	}
	if err := d.Kind.Validate("kind"); err != nil {
		return err
	}
	if !countryCode.MatchString(d.Country) {
		return domain.Invalid("country", "must be an ISO 3166-1 alpha-2 country code such as PL or DE",
			"має бути кодом країни ISO 3166-1 alpha-2, як-от PL чи DE")
	}
	if d.Website != "" {
		u, err := url.Parse(d.Website)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(d.Website) > 500 {
			return domain.Invalid("website", "must be an http or https address of at most 500 characters",
				"має бути адресою http чи https довжиною до 500 символів")
		}
	}
	if d.IATIOrgID != "" && (!iatiOrgID.MatchString(d.IATIOrgID) || len(d.IATIOrgID) > 100) {
		return domain.Invalid("iati_org_id", fmt.Sprintf("%q is not an IATI organisation id such as XM-DAC-41301 or UA-EDR-12345678", d.IATIOrgID),
			fmt.Sprintf("%q — не ідентифікатор організації IATI, як-от XM-DAC-41301 чи UA-EDR-12345678", d.IATIOrgID))
	}
	if d.TwinnedHromadaCode != "" && !boundary.ValidCode(d.TwinnedHromadaCode) {
		return domain.Invalid("twinned_hromada_code", "must be a KATOTTH code: UA and 17 digits", "має бути кодом КАТОТТГ: UA і 17 цифр")
	}
	return nil
}

// Validate checks that k is a known kind; field names it in errors.
func (k Kind) Validate(field string) error {
	if !slices.Contains(Kinds, k) {
		return domain.Invalid(field,
			fmt.Sprintf("unknown kind of organisation %q; use one of %v", k, Kinds),
			fmt.Sprintf("невідомий вид організації %q; допустимі: %v", k, Kinds))
	}
	return nil
}
