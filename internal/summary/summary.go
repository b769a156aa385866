// Package summary describes the oblast and hromada summaries the map
// colours its areas by: each unit's outline with its counts of sites and
// projects and its money, for everything or for what a person selected.
package summary

import (
	"context"

	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

// Filter is a selection on the map: the sites' filters narrow the site
// counts, the projects' filters the project counts and the money. Only
// their kind, date, gap and donor filters apply; place, box, words, limit
// and cursor do not (the units are the places).
type Filter struct {
	Site    site.Filter
	Project project.Filter
}

// SitesFiltered says whether the site counts are narrowed.
func (f Filter) SitesFiltered() bool { return f.Site.NarrowsKind() }

// ProjectsFiltered says whether the project counts and money are narrowed.
func (f Filter) ProjectsFiltered() bool { return f.Project.NarrowsKind() }

// Outline is how much of a unit's outline a summary carries.
type Outline string

const (
	FullOutline  Outline = "full"
	LightOutline Outline = "light" // simplified, for small zooms
	// NoOutline leaves the geometry null (the bbox and label point stay):
	// for a map that draws the outlines from the vector tiles, and a list.
	NoOutline Outline = "none"
)

// Store gives the units with their counts as GeoJSON Feature text per
// unit, streamed, with the outline asked for. Unfiltered counts come from
// the totals the database keeps; filtered ones are counted afresh.
type Store interface {
	FindOblasts(ctx context.Context, o Outline, f Filter, emit func(feature []byte) error) error
	// FindHromadas returns domain.ErrNotFound for an unknown oblast.
	FindHromadas(ctx context.Context, oblast string, o Outline, f Filter, emit func(feature []byte) error) error
	// Version changes whenever any count or outline changes, so a
	// summary made at one version may be served again while it holds.
	SummaryVersion(ctx context.Context) (int64, error)
}
