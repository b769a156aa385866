package project

import (
	"encoding/json"
	"math"
	"time"

	"github.com/vidbudova/vidbudova/internal/site"
)

// Project is a stored project as the public sees it.
type Project struct {
	ID            int64
	Title         string
	Description   string
	Sector        Sector
	State         State
	Budget        *site.Money
	PlannedStart  *time.Time
	PlannedEnd    *time.Time
	ActualStart   *time.Time
	ActualEnd     *time.Time
	Progress      int
	ProzorroIDs   []string
	DreamID       *string
	HromadaCode   string
	HromadaNameUK *string
	HromadaNameEN *string
	OblastCode    string
	OblastNameUK  *string
	OblastNameEN  *string
	Lon, Lat      float64 // the representative point of its sites
	Demo          bool
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Verification is a moderator's decision (reported until one is made).
	Verification       string
	VerificationReason *string
	// Money is what it needs and got, in UAH and EUR minor units, from the
	// totals the database keeps.
	Money Totals
	// Sites and Milestones are filled for a single project, not in lists.
	Sites      []SiteRef
	Milestones []Milestone
}

// Totals are a project's money in one currency's minor units.
type Totals struct {
	UAH, EUR Amounts
}

// Amounts are the money of a project or a place, by how binding it is.
type Amounts struct {
	Needed    int64 `json:"needed"`
	Pledged   int64 `json:"pledged"`
	Committed int64 `json:"committed"`
	Disbursed int64 `json:"disbursed"`
	Gap       int64 `json:"gap"`
}

// SiteRef names a site of a project.
type SiteRef struct {
	ID   int64
	Name string
}

// AppendGeoJSON appends the project as a GeoJSON Feature with its point.
// With detail it carries its sites, milestones, Prozorro links and the
// transitions its state allows; a list leaves those out to stay small. It
// is the one place that decides the public shape of a project. Like every
// encoding/json output, <, > and & in text are escaped.
func (p *Project) AppendGeoJSON(b []byte, detail bool) ([]byte, error) {
	props := properties{
		Title: p.Title, Sector: p.Sector, State: p.State, Progress: p.Progress,
		PlannedStart: dateOf(p.PlannedStart), PlannedEnd: dateOf(p.PlannedEnd),
		ActualStart: dateOf(p.ActualStart), ActualEnd: dateOf(p.ActualEnd),
		HromadaCode: p.HromadaCode, HromadaNameUK: p.HromadaNameUK, HromadaNameEN: p.HromadaNameEN,
		OblastCode: p.OblastCode, OblastNameUK: p.OblastNameUK, OblastNameEN: p.OblastNameEN, DreamID: p.DreamID, Demo: p.Demo, Version: p.Version,
		Verification: p.Verification, VerificationReason: p.VerificationReason,
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
		Money: moneyJSON{UAH: p.Money.UAH, EUR: p.Money.EUR},
	}
	if p.Budget != nil {
		props.Budget = &money{AmountMinor: p.Budget.AmountMinor, Currency: p.Budget.Currency}
	}
	if detail {
		d := &detailProperties{
			Description: p.Description, SiteIDs: []int64{}, Sites: []siteRef{}, Milestones: []milestone{},
			ProzorroIDs: []string{}, ProzorroLinks: []prozorroLink{}, AllowedTransitions: p.State.Next(),
		}
		if d.AllowedTransitions == nil {
			d.AllowedTransitions = []State{}
		}
		for _, s := range p.Sites {
			d.SiteIDs = append(d.SiteIDs, s.ID)
			d.Sites = append(d.Sites, siteRef(s))
		}
		for _, m := range p.Milestones {
			d.Milestones = append(d.Milestones, milestone{Title: m.Title, DueOn: dateOf(m.DueOn), DoneOn: dateOf(m.DoneOn)})
		}
		for _, id := range p.ProzorroIDs {
			d.ProzorroIDs = append(d.ProzorroIDs, id)
			d.ProzorroLinks = append(d.ProzorroLinks, prozorroLink{ID: id, Href: ProzorroURL(id)})
		}
		props.detailProperties = d
	}
	f := feature{Type: "Feature", ID: p.ID, Properties: props,
		Geometry: point{Type: "Point", Coordinates: [2]float64{round6(p.Lon), round6(p.Lat)}}}
	out, err := json.Marshal(f)
	return append(b, out...), err
}

type feature struct {
	Type       string     `json:"type"`
	ID         int64      `json:"id"`
	Geometry   point      `json:"geometry"`
	Properties properties `json:"properties"`
}

type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

type properties struct {
	Title              string    `json:"title"`
	Sector             Sector    `json:"sector"`
	State              State     `json:"state"`
	Budget             *money    `json:"budget"`
	PlannedStart       *date     `json:"planned_start"`
	PlannedEnd         *date     `json:"planned_end"`
	ActualStart        *date     `json:"actual_start"`
	ActualEnd          *date     `json:"actual_end"`
	Progress           int       `json:"progress"`
	DreamID            *string   `json:"dream_id"`
	HromadaCode        string    `json:"hromada_code"`
	HromadaNameUK      *string   `json:"hromada_name_uk"`
	HromadaNameEN      *string   `json:"hromada_name_en"`
	OblastCode         string    `json:"oblast_code"`
	OblastNameUK       *string   `json:"oblast_name_uk"`
	OblastNameEN       *string   `json:"oblast_name_en"`
	Money              moneyJSON `json:"money"`
	Verification       string    `json:"verification"`
	VerificationReason *string   `json:"verification_reason"`
	*detailProperties            // nil in lists
	Demo               bool      `json:"demo"`
	Version            int       `json:"version"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

type detailProperties struct {
	Description        string         `json:"description"`
	AllowedTransitions []State        `json:"allowed_transitions"`
	SiteIDs            []int64        `json:"site_ids"`
	Sites              []siteRef      `json:"sites"`
	Milestones         []milestone    `json:"milestones"`
	ProzorroIDs        []string       `json:"prozorro_ids"`
	ProzorroLinks      []prozorroLink `json:"prozorro_links"`
}

type moneyJSON struct {
	UAH Amounts `json:"UAH"`
	EUR Amounts `json:"EUR"`
}

type money struct {
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
}

type siteRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type milestone struct {
	Title  string `json:"title"`
	DueOn  *date  `json:"due_on"`
	DoneOn *date  `json:"done_on"`
}

type prozorroLink struct {
	ID   string `json:"id"`
	Href string `json:"href"`
}

// date is a calendar date, written YYYY-MM-DD.
type date time.Time

func dateOf(t *time.Time) *date {
	if t == nil {
		return nil
	}
	d := date(*t)
	return &d
}

func (d date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(d).Format(time.DateOnly) + `"`), nil
}

// round6 rounds a coordinate to 6 decimals (about 10 cm), as sites do.
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
