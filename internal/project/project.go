// Package project holds reconstruction projects and the organisations that
// fund them: what they are, the rules a new or changed project must
// satisfy, and the lifecycle a project moves through.
package project

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/site"
)

// Sector is what a project rebuilds; the sectors are the site categories,
// so that a project and its sites speak of the same things.
type Sector string

// Sectors lists every sector, in the order the map shows them.
var Sectors = func() []Sector {
	out := make([]Sector, len(site.Categories))
	for i, c := range site.Categories {
		out[i] = Sector(c)
	}
	return out
}()

// Limits of a project's parts.
const (
	MaxSites       = 100
	MaxMilestones  = 100
	MaxProzorroIDs = 50
)

// Dates of a project must lie in this span; outside it a date is a typo.
var (
	FirstDate = time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	LastDate  = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

// prozorroID is a Prozorro tender id, e.g. UA-2024-01-31-000123-a; the
// database checks the same pattern.
var prozorroID = regexp.MustCompile(`^UA-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}-[a-z]$`)

// dreamID is what a DREAM project id may look like: DREAM gives out codes
// of letters, digits and separators, and nothing else is accepted here.
var dreamID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$`)

// ProzorroURL is the public page of a Prozorro tender.
func ProzorroURL(id string) string { return "https://prozorro.gov.ua/tender/" + id }

// Milestone is a step of a project with the date it is due and the date
// it was done.
type Milestone struct {
	Title  string
	DueOn  *time.Time
	DoneOn *time.Time
}

// Draft is a new project as a hromada editor describes it. Its hromada,
// oblast and place on the map come from its sites, not from the editor.
type Draft struct {
	Title        string
	Description  string
	Sector       Sector
	Budget       *site.Money
	PlannedStart *time.Time // calendar dates, UTC midnight
	PlannedEnd   *time.Time
	SiteIDs      []int64
	ProzorroIDs  []string
	DreamID      string // "" for none
	Milestones   []Milestone
}

// Patch is a change to a project: nil fields stay as they are; Clear*
// fields remove an optional value; a non-nil slice replaces the list.
// The state is not here: it changes only by a transition.
type Patch struct {
	Title             *string
	Description       *string
	Sector            *Sector
	Budget            *site.Money
	ClearBudget       bool
	PlannedStart      *time.Time
	ClearPlannedStart bool
	PlannedEnd        *time.Time
	ClearPlannedEnd   bool
	ActualStart       *time.Time
	ClearActualStart  bool
	ActualEnd         *time.Time
	ClearActualEnd    bool
	Progress          *int
	SiteIDs           []int64
	ProzorroIDs       []string // nil: unchanged; empty: none
	DreamID           *string
	ClearDreamID      bool
	Milestones        []Milestone // nil: unchanged; empty: none
}

// Feature is a stored project as the public sees it: its GeoJSON Feature
// text, built by the store, with the id and version for links and ETags.
type Feature struct {
	ID      int64
	Version int
	JSON    []byte
}

// Sort is the order of a list of projects.
type Sort string

// The orders of a list: newest first, largest budget first, or largest
// funding gap first (both compared in UAH, at the official rates).
const (
	SortDate   Sort = "date"
	SortBudget Sort = "budget"
	SortGap    Sort = "gap"
)

// Cursor is where the next page of a list starts: after the project with
// this sort key and id.
type Cursor struct {
	Key int64 // created_at in microseconds since 1970 (date), or the budget's minor units, -1 for none (budget)
	ID  int64
}

// Filter selects projects for a list; zero values select everything.
type Filter struct {
	BBox    *orb.Bound
	Oblast  string
	Hromada string
	States  []State
	Sectors []Sector
	Q       string
	// MinGapUAH keeps projects still missing at least this much (UAH minor
	// units); Donor those an organisation has given anything to.
	MinGapUAH int64
	Donor     int64
	Sort      Sort
	Limit     int
	After     *Cursor
}

// KindOnly keeps the part of f that says which kind of project: state,
// sector, gap and donor, not place, words, order or page. Tiles and area
// totals, which place the projects themselves, obey this part.
func (f Filter) KindOnly() Filter {
	return Filter{States: f.States, Sectors: f.Sectors, MinGapUAH: f.MinGapUAH, Donor: f.Donor}
}

// NarrowsKind says whether f leaves out some kind of project.
func (f Filter) NarrowsKind() bool {
	return len(f.States)+len(f.Sectors) > 0 || f.MinGapUAH > 0 || f.Donor > 0
}

// Page limits of a list.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// IdempotencyKey makes a retried create return the first result.
type IdempotencyKey = site.IdempotencyKey

// Store keeps projects. Methods return domain.ErrNotFound for a missing
// id, domain.ErrPreconditionFailed for a stale version, *domain.ValidationError
// for sites that do not exist or lie in more than one hromada and for dates
// out of order, a *TransitionError for a move the lifecycle refuses, and
// domain.ErrConflict for deleting a project that is no longer a draft or
// reusing an idempotency key with another request.
type Store interface {
	CreateProject(ctx context.Context, d Draft, key *IdempotencyKey) (f Feature, created bool, err error)
	FindProjectByID(ctx context.Context, id int64) (Feature, error)
	UpdateProject(ctx context.Context, id int64, p Patch, ifVersion int) (Feature, error)
	TransitionProject(ctx context.Context, id int64, to State, ifVersion int) (Feature, error)
	// DeleteProject removes a draft with its updates; it returns the
	// photos of those updates that no other row names, whose files may go
	// too once it has returned.
	DeleteProject(ctx context.Context, id int64, ifVersion int) ([]photo.Photo, error)
	// VerifyProject records a moderator's decision on a project.
	VerifyProject(ctx context.Context, id int64, v site.Verification, ifVersion int) (Feature, error)
	// FindProjects calls emit with each matching project's Feature text,
	// in the filter's order, streaming; it returns the number emitted.
	FindProjects(ctx context.Context, f Filter, emit func(c Cursor, feature []byte) error) (int, error)
}

// Validate checks a draft; the first problem found is returned.
func (d Draft) Validate() error {
	if err := validateTitle(d.Title); err != nil {
		return err
	}
	if err := validateDescription(d.Description); err != nil {
		return err
	}
	if err := d.Sector.Validate(); err != nil {
		return err
	}
	if d.Budget != nil {
		if err := d.Budget.Validate("properties.budget"); err != nil {
			return err
		}
	}
	if err := validateSpan("planned", d.PlannedStart, d.PlannedEnd); err != nil {
		return err
	}
	if len(d.SiteIDs) == 0 {
		return domain.Invalid("properties.site_ids", "a project needs at least one site", "проєкт має охоплювати принаймні один об'єкт")
	}
	return firstErr(validateSiteIDs(d.SiteIDs), validateProzorro(d.ProzorroIDs), validateDream(d.DreamID),
		validateMilestones(d.Milestones))
}

// Validate checks the fields a patch sets; the order of dates the patch
// leaves to the stored values is checked by the store.
func (p Patch) Validate() error {
	if p.Title != nil {
		if err := validateTitle(*p.Title); err != nil {
			return err
		}
	}
	if p.Description != nil {
		if err := validateDescription(*p.Description); err != nil {
			return err
		}
	}
	if p.Sector != nil {
		if err := p.Sector.Validate(); err != nil {
			return err
		}
	}
	if p.Budget != nil {
		if err := p.Budget.Validate("properties.budget"); err != nil {
			return err
		}
	}
	if err := validateSpan("planned", p.PlannedStart, p.PlannedEnd); err != nil {
		return err
	}
	if err := validateSpan("actual", p.ActualStart, p.ActualEnd); err != nil {
		return err
	}
	if p.Progress != nil && (*p.Progress < 0 || *p.Progress > 100) {
		return domain.Invalid("properties.progress", "progress is a percentage from 0 to 100", "поступ — відсоток від 0 до 100")
	}
	if p.SiteIDs != nil {
		if len(p.SiteIDs) == 0 {
			return domain.Invalid("properties.site_ids", "a project needs at least one site", "проєкт має охоплювати принаймні один об'єкт")
		}
		if err := validateSiteIDs(p.SiteIDs); err != nil {
			return err
		}
	}
	if p.DreamID != nil {
		if err := validateDream(*p.DreamID); err != nil {
			return err
		}
	}
	return firstErr(validateProzorro(p.ProzorroIDs), validateMilestones(p.Milestones))
}

// Validate checks that s is a known sector.
func (s Sector) Validate() error {
	if !slices.Contains(Sectors, s) {
		return domain.Invalid("properties.sector",
			fmt.Sprintf("unknown sector %q; use one of %v", s, Sectors),
			fmt.Sprintf("невідомий сектор %q; допустимі: %v", s, Sectors))
	}
	return nil
}

// OutOfOrder is the error for an end date before its start; which is
// "planned" or "actual".
func OutOfOrder(which string) *domain.ValidationError {
	uk := map[string]string{"planned": "запланованого", "actual": "фактичного"}[which]
	return domain.Invalid("properties."+which+"_end",
		fmt.Sprintf("the %s end is before the %s start", which, which),
		fmt.Sprintf("дата %s завершення раніша за дату початку", uk))
}

func validateTitle(t string) error {
	if strings.TrimSpace(t) == "" {
		return domain.Invalid("properties.title", "a title is required", "потрібна назва")
	}
	if len([]rune(t)) > 300 {
		return domain.Invalid("properties.title", "the title is longer than 300 characters", "назва довша за 300 символів")
	}
	return nil
}

func validateDescription(d string) error {
	if len([]rune(d)) > 10000 {
		return domain.Invalid("properties.description", "the description is longer than 10000 characters", "опис довший за 10000 символів")
	}
	return nil
}

func validateDate(field string, d *time.Time) error {
	if d != nil && (d.Before(FirstDate) || d.After(LastDate)) {
		return domain.Invalid(field, "the date must lie between 2014 and 2100", "дата має бути між 2014 і 2100 роками")
	}
	return nil
}

func validateSpan(which string, start, end *time.Time) error {
	if err := firstErr(validateDate("properties."+which+"_start", start), validateDate("properties."+which+"_end", end)); err != nil {
		return err
	}
	if start != nil && end != nil && end.Before(*start) {
		return OutOfOrder(which)
	}
	return nil
}

func validateSiteIDs(ids []int64) error {
	if len(ids) > MaxSites {
		return domain.Invalid("properties.site_ids", fmt.Sprintf("a project may have at most %d sites", MaxSites),
			fmt.Sprintf("проєкт може охоплювати щонайбільше %d об'єктів", MaxSites))
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if id < 1 {
			return domain.Invalid("properties.site_ids", "a site id is a positive whole number", "ідентифікатор об'єкта — додатне ціле число")
		}
		if seen[id] {
			return domain.Invalid("properties.site_ids", fmt.Sprintf("site %d is listed twice", id), fmt.Sprintf("об'єкт %d указано двічі", id))
		}
		seen[id] = true
	}
	return nil
}

func validateProzorro(ids []string) error {
	if len(ids) > MaxProzorroIDs {
		return domain.Invalid("properties.prozorro_ids", fmt.Sprintf("at most %d tender ids", MaxProzorroIDs),
			fmt.Sprintf("щонайбільше %d ідентифікаторів закупівель", MaxProzorroIDs))
	}
	for i, id := range ids {
		field := fmt.Sprintf("properties.prozorro_ids[%d]", i)
		if !prozorroID.MatchString(id) {
			return domain.Invalid(field, fmt.Sprintf("%q is not a Prozorro tender id such as UA-2024-01-31-000123-a", id),
				fmt.Sprintf("%q — не ідентифікатор закупівлі Prozorro, як-от UA-2024-01-31-000123-a", id))
		}
		if slices.Contains(ids[:i], id) {
			return domain.Invalid(field, fmt.Sprintf("%s is listed twice", id), fmt.Sprintf("%s указано двічі", id))
		}
	}
	return nil
}

func validateDream(id string) error {
	if id != "" && !dreamID.MatchString(id) {
		return domain.Invalid("properties.dream_id", "a DREAM id has at most 100 letters, digits and the signs - _ . /",
			"ідентифікатор DREAM — щонайбільше 100 літер, цифр і знаків - _ . /")
	}
	return nil
}

func validateMilestones(ms []Milestone) error {
	if len(ms) > MaxMilestones {
		return domain.Invalid("properties.milestones", fmt.Sprintf("at most %d milestones", MaxMilestones),
			fmt.Sprintf("щонайбільше %d етапів", MaxMilestones))
	}
	for i, m := range ms {
		field := fmt.Sprintf("properties.milestones[%d]", i)
		if strings.TrimSpace(m.Title) == "" || len([]rune(m.Title)) > 300 {
			return domain.Invalid(field+".title", "a milestone needs a title of at most 300 characters",
				"етап потребує назви довжиною до 300 символів")
		}
		if err := firstErr(validateDate(field+".due_on", m.DueOn), validateDate(field+".done_on", m.DoneOn)); err != nil {
			return err
		}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
