// Package site holds damaged sites: what a site is, which values its fields
// may take, and the rules a new or changed site must satisfy.
package site

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
)

// Category is what kind of object was damaged.
type Category string

// Categories lists every category, in the order the map shows them.
var Categories = []Category{"housing", "education", "health", "energy", "water", "transport", "administrative", "culture", "other"}

// Damage is how badly a site is damaged.
type Damage string

// Damages lists every damage level, from light to destroyed.
var Damages = []Damage{"light", "moderate", "severe", "destroyed"}

// SensitiveCategories are the categories whose sites are sensitive from
// the start: under martial law the exact place of damaged energy, water
// and transport infrastructure is not published.
var SensitiveCategories = []Category{"energy", "water", "transport"}

// SensitiveByDefault tells whether a site of category c starts sensitive.
func SensitiveByDefault(c Category) bool { return slices.Contains(SensitiveCategories, c) }

// GeometryTypes are the GeoJSON types a site may have: a point, or the
// footprint of a building as a polygon.
var GeometryTypes = []string{"Point", "Polygon"}

// FirstDamage is the earliest date of damage accepted: the start of the war
// in February 2014.
var FirstDamage = time.Date(2014, 2, 20, 0, 0, 0, 0, time.UTC)

// MaxAmountMinor bounds an estimated cost (10^15 minor units, ten trillion
// hryvnias): more is a typing error, not a damaged building.
const MaxAmountMinor = 1_000_000_000_000_000

// Money is an amount in integer minor units of an ISO 4217 currency.
type Money struct {
	AmountMinor int64
	Currency    string
}

// Draft is a new site as a hromada reports it.
type Draft struct {
	Name          string
	Description   string
	Category      Category
	Damage        Damage
	DamagedOn     *time.Time // a calendar date, UTC midnight
	EstimatedCost *Money
	Geometry      orb.Geometry
	// Sensitive marks the site sensitive even if its category is not.
	Sensitive bool
}

// Patch is a change to a site: nil fields stay as they are; Clear* fields
// remove an optional value.
type Patch struct {
	Name               *string
	Description        *string
	Category           *Category
	Damage             *Damage
	DamagedOn          *time.Time
	ClearDamagedOn     bool
	EstimatedCost      *Money
	ClearEstimatedCost bool
	Geometry           orb.Geometry
	// Sensitive marks (true) or, for moderators, unmarks (false) the site.
	Sensitive *bool
}

// OnlySensitive tells whether the patch changes nothing but the sensitive
// mark, which moderators may change without editing the site.
func (p Patch) OnlySensitive() bool {
	return p.Sensitive != nil && p.Name == nil && p.Description == nil && p.Category == nil && p.Damage == nil &&
		p.DamagedOn == nil && !p.ClearDamagedOn && p.EstimatedCost == nil && !p.ClearEstimatedCost && p.Geometry == nil
}

// Verification is a moderator's decision on a reported site or project.
type Verification struct {
	Decision string // verified or rejected
	Reason   string // required for a rejection
}

// Decisions a moderator may take.
var Decisions = []string{"verified", "rejected"}

// Validate checks a decision: a known one, and a reason for a rejection
// so that the hromada knows what to fix.
func (v Verification) Validate() error {
	if !slices.Contains(Decisions, v.Decision) {
		return domain.Invalid("decision", "the decision must be verified or rejected",
			"рішення має бути verified або rejected")
	}
	if v.Decision == "rejected" && len(strings.TrimSpace(v.Reason)) == 0 {
		return domain.Invalid("reason", "say why it is rejected, so that the hromada can put it right",
			"вкажіть причину відхилення, щоб громада могла виправити")
	}
	if len(v.Reason) > 2000 {
		return domain.Invalid("reason", "the reason is longer than 2000 characters", "причина довша за 2000 символів")
	}
	return nil
}

// Feature is a stored site as the public sees it: its GeoJSON Feature text,
// built by the store, with the id and version for links and ETags.
type Feature struct {
	ID      int64
	Version int
	JSON    []byte
}

// Filter selects sites for a list; zero values select everything.
type Filter struct {
	BBox       *orb.Bound
	Oblast     string
	Hromada    string
	Categories []Category
	Damages    []Damage
	Q          string
	// DamagedFrom and DamagedTo keep sites damaged on those days or
	// between them (zero: open); a site with no date of damage is left
	// out by either.
	DamagedFrom, DamagedTo time.Time
	Limit                  int
	After                  int64 // keyset cursor: only sites with a larger id
}

// KindOnly keeps the part of f that says which kind of site: category,
// damage and dates, not place, words or page. Tiles and area totals,
// which place the sites themselves, obey this part.
func (f Filter) KindOnly() Filter {
	return Filter{Categories: f.Categories, Damages: f.Damages, DamagedFrom: f.DamagedFrom, DamagedTo: f.DamagedTo}
}

// NarrowsKind says whether f leaves out some kind of site.
func (f Filter) NarrowsKind() bool {
	return len(f.Categories)+len(f.Damages) > 0 || !f.DamagedFrom.IsZero() || !f.DamagedTo.IsZero()
}

// Page limits of a list.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
)

// IdempotencyKey makes a retried create return the first result.
type IdempotencyKey struct {
	Key         string
	RequestHash []byte
}

// Store keeps sites. Methods return domain.ErrNotFound for a missing id,
// domain.ErrPreconditionFailed for a stale version, domain.ErrConflict for
// an idempotency key reused with another request, and *domain.ValidationError
// for a geometry the database refuses (invalid, outside Ukraine).
type Store interface {
	CreateSite(ctx context.Context, d Draft, key *IdempotencyKey) (f Feature, created bool, err error)
	FindSiteByID(ctx context.Context, id int64) (Feature, error)
	UpdateSite(ctx context.Context, id int64, p Patch, ifVersion int) (Feature, error)
	// DeleteSite removes a site with its photos and returns those photos,
	// so that their files can go too.
	DeleteSite(ctx context.Context, id int64, ifVersion int) ([]photo.Photo, error)
	// VerifySite records a moderator's decision on a site.
	VerifySite(ctx context.Context, id int64, v Verification, ifVersion int) (Feature, error)
	// FindSites calls emit with each matching site's Feature text, in id
	// order, streaming; it returns the number emitted and the last id.
	FindSites(ctx context.Context, f Filter, emit func(id int64, feature []byte) error) (n int, lastID int64, err error)
	// PhotoStore keeps the sites' photos.
	PhotoStore
}

// Validate checks a draft; the first problem found is returned.
func (d Draft) Validate(now time.Time) error {
	if err := validateText(d.Name, d.Description); err != nil {
		return err
	}
	if err := d.Category.Validate(); err != nil {
		return err
	}
	if err := d.Damage.Validate(); err != nil {
		return err
	}
	if err := validateDate(d.DamagedOn, now); err != nil {
		return err
	}
	if d.EstimatedCost != nil {
		if err := d.EstimatedCost.Validate("properties.estimated_cost"); err != nil {
			return err
		}
	}
	if d.Geometry == nil {
		return domain.Invalid("geometry", "a geometry is required", "потрібна геометрія")
	}
	return nil
}

// Validate checks the fields a patch sets.
func (p Patch) Validate(now time.Time) error {
	name, desc := "", ""
	if p.Name != nil {
		name = *p.Name
	}
	if p.Description != nil {
		desc = *p.Description
	}
	if err := validateText(name, desc); err != nil {
		return err
	}
	if p.Category != nil {
		if err := p.Category.Validate(); err != nil {
			return err
		}
	}
	if p.Damage != nil {
		if err := p.Damage.Validate(); err != nil {
			return err
		}
	}
	if err := validateDate(p.DamagedOn, now); err != nil {
		return err
	}
	if p.EstimatedCost != nil {
		return p.EstimatedCost.Validate("properties.estimated_cost")
	}
	return nil
}

// Validate checks that c is a known category.
func (c Category) Validate() error {
	if !slices.Contains(Categories, c) {
		return domain.Invalid("properties.category",
			fmt.Sprintf("unknown category %q; use one of %v", c, Categories),
			fmt.Sprintf("невідома категорія %q; допустимі: %v", c, Categories))
	}
	return nil
}

// Validate checks that d is a known damage level.
func (d Damage) Validate() error {
	if !slices.Contains(Damages, d) {
		return domain.Invalid("properties.damage",
			fmt.Sprintf("unknown damage level %q; use one of %v", d, Damages),
			fmt.Sprintf("невідомий рівень пошкодження %q; допустимі: %v", d, Damages))
	}
	return nil
}

// Validate checks an amount and its currency; field names it in errors.
func (m Money) Validate(field string) error {
	if m.AmountMinor < 0 {
		return domain.Invalid(field+".amount_minor", "the amount must not be negative", "сума не може бути від'ємною")
	}
	if m.AmountMinor > MaxAmountMinor {
		return domain.Invalid(field+".amount_minor", "the amount is implausibly large", "сума неправдоподібно велика")
	}
	if !IsCurrency(m.Currency) {
		return domain.Invalid(field+".currency",
			fmt.Sprintf("%q is not an ISO 4217 currency code such as UAH, EUR or USD", m.Currency),
			fmt.Sprintf("%q — не код валюти ISO 4217, як-от UAH, EUR чи USD", m.Currency))
	}
	return nil
}

func validateText(name, description string) error {
	if len([]rune(name)) > 200 {
		return domain.Invalid("properties.name", "the name is longer than 200 characters", "назва довша за 200 символів")
	}
	if len([]rune(description)) > 5000 {
		return domain.Invalid("properties.description", "the description is longer than 5000 characters", "опис довший за 5000 символів")
	}
	return nil
}

func validateDate(d *time.Time, now time.Time) error {
	if d == nil {
		return nil
	}
	if d.Before(FirstDamage) {
		return domain.Invalid("properties.damaged_on", "the date is before the war began (20 February 2014)",
			"дата раніша за початок війни (20 лютого 2014)")
	}
	if d.After(now) {
		return domain.Invalid("properties.damaged_on", "the date is in the future", "дата в майбутньому")
	}
	return nil
}
