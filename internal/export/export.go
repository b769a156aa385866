// Package export writes Vidbudova's open data in the formats others read:
// CSV with an optional HXL row, IATI activity XML 2.03, OC4IDS project
// packages and Atom feeds of changes. It only formats: what a viewer may
// see is the store's decision, so a sensitive site arrives here already
// at its hromada's point, without its name or description, and a history
// entry already without what would give such a site away.
package export

import (
	"context"
	"strconv"
	"time"

	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/history"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// Project is a project as the exports show it: its list properties, the
// funding records behind its money (oldest first) and the organisations
// that gave them (by id).
type Project struct {
	project.Project
	Funding []funding.Record
	Funders []project.Organisation
}

// SubjectKind is what a feed follows.
type SubjectKind string

// The kinds of subject a feed follows.
const (
	OfHromada      SubjectKind = "hromada"
	OfOblast       SubjectKind = "oblast"
	OfOrganisation SubjectKind = "organisation"
	OfProject      SubjectKind = "project"
)

// Subject is what a feed follows: a hromada or an oblast by its KATOTTH
// Code, an organisation or a project by its ID.
type Subject struct {
	Kind SubjectKind
	Code string
	ID   int64
}

// Object types of the history beside history.Site and history.Project.
const (
	ObjectFunding = "funding"
	ObjectUpdate  = "project_update"
)

// Change is one entry of the history with what it belongs to.
type Change struct {
	history.Entry
	// Object is the history's object type (site, project, funding,
	// project_update) and ObjectID the object's id.
	Object   string
	ObjectID int64
	// ProjectID is the project a funding record or a progress update
	// belongs to; OrganisationName the organisation that gave the money.
	ProjectID        int64
	OrganisationName string
}

// Changes are the latest changes about a subject, newest first, with the
// subject's names.
type Changes struct {
	NameUK, NameEN string
	Entries        []Change
}

// Store reads what the exports write, as the request's account may see
// it: a sensitive site at its hromada's point and without its name and
// description for all but the accounts account.ExactScope names.
type Store interface {
	// ExportSites calls emit with every site that matches f, in id order,
	// streaming; f's Limit and After are not used. v and its text are
	// valid until emit returns. It returns *domain.ValidationError for
	// an oblast or hromada that does not exist.
	ExportSites(ctx context.Context, f site.Filter, emit func(v *site.Site) error) error
	// ExportProjects calls emit with every project that matches f, in
	// f's order, streaming; f's Limit and After are not used. It returns
	// *domain.ValidationError for an oblast or hromada that does not exist.
	ExportProjects(ctx context.Context, f project.Filter, emit func(p *Project) error) error
	// FindChanges returns the latest changes (at most limit) of the
	// sites, projects, funding and progress updates that s follows;
	// domain.ErrNotFound when s does not exist.
	FindChanges(ctx context.Context, s Subject, limit int) (Changes, error)
}

// decimal writes minor units of currency as a decimal number of major
// units ("1234.56"), as CSV, IATI and OC4IDS want amounts. A currency
// this server does not know is written in minor units.
func decimal(minor int64, currency string) string {
	exp, _ := money.Exponent(currency)
	s := strconv.FormatInt(minor, 10)
	if exp == 0 {
		return s
	}
	neg := minor < 0
	if neg {
		s = s[1:]
	}
	for len(s) <= exp {
		s = "0" + s
	}
	s = s[:len(s)-exp] + "." + s[len(s)-exp:]
	if neg {
		s = "-" + s
	}
	return s
}

// dateText writes a calendar date, "" for none.
func dateText(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format(time.DateOnly)
}
