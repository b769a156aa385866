package export

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vidbudova/vidbudova/internal/project"
)

// OC4IDS project packages (Open Contracting for Infrastructure Data
// Standard, schema 0.9): each project with its place, money, parties and
// the Prozorro tenders that contract it.

// OC4IDSVersion is the schema version the package follows.
const OC4IDSVersion = "0.9"

// OC4IDSPrefix begins every project identifier. OC4IDS asks publishers to
// register a prefix with the standard's helpdesk; until Vidbudova has one,
// this one says whose the identifiers are.
const OC4IDSPrefix = "oc4ids-vidbudova"

// prozorroOCID is the prefix Prozorro gives its tenders' Open Contracting
// identifiers (ocds-be6bcu-UA-2024-…).
const prozorroOCID = "ocds-be6bcu-"

// oc4idsSectors maps Vidbudova's sectors to OC4IDS's projectSector codes;
// "other" has none and is left out.
var oc4idsSectors = map[project.Sector]string{
	"housing": "socialHousing", "education": "education", "health": "health", "energy": "energy",
	"water": "waterAndWaste", "transport": "transport", "administrative": "governance",
	"culture": "cultureSportsAndRecreation",
}

// oc4idsStatus maps the lifecycle to OC4IDS's projectStatus. A suspended
// project has no status of its own there and keeps the closest one.
var oc4idsStatus = map[project.State]string{
	"draft": "identification", "seeking_funding": "preparation", "funded": "preparation",
	"in_progress": "implementation", "suspended": "implementation", "completed": "completion",
	"cancelled": "cancelled",
}

// OC4IDS writes a project package: the projects stream out first, and the
// package's publishedDate, the time of the latest change among them,
// follows them (the order of an object's members means nothing in JSON).
type OC4IDS struct {
	w       io.Writer
	n       int
	latest  time.Time
	base    string
	started bool
	err     error
}

// NewOC4IDS begins a package; base is the API's address, for links.
func NewOC4IDS(w io.Writer, base string) *OC4IDS { return &OC4IDS{w: w, base: base} }

func (o *OC4IDS) write(s string) {
	if o.err == nil {
		_, o.err = io.WriteString(o.w, s)
	}
}

// Project writes one project.
func (o *OC4IDS) Project(p *Project) error {
	if !o.started {
		o.started = true
		o.write(`{"version":"` + OC4IDSVersion + `","projects":[`)
	}
	if o.n > 0 {
		o.write(",")
	}
	o.n++
	b, err := json.Marshal(o.project(p))
	if err != nil && o.err == nil {
		o.err = err
	}
	o.write(string(b))
	if p.UpdatedAt.After(o.latest) {
		o.latest = p.UpdatedAt
	}
	return o.err
}

// Close ends the package; uri is its own address. With no project the
// package is dated now (and OC4IDS, which wants at least one project,
// would not accept it).
func (o *OC4IDS) Close(uri string, now time.Time) error {
	if !o.started {
		o.started = true
		o.write(`{"version":"` + OC4IDSVersion + `","projects":[`)
	}
	if o.latest.IsZero() {
		o.latest = now
	}
	tail, err := json.Marshal(struct {
		URI           string    `json:"uri"`
		PublishedDate string    `json:"publishedDate"`
		Publisher     publisher `json:"publisher"`
		License       string    `json:"license"`
	}{uri, o.latest.UTC().Format(time.RFC3339), publisher{Name: "Відбудова · Vidbudova", URI: strings.TrimSuffix(o.base, "/api/v1") + "/"},
		"https://creativecommons.org/licenses/by/4.0/"})
	if err != nil {
		return err
	}
	o.write("]," + string(tail[1:]))
	return o.err
}

type publisher struct {
	Name string `json:"name"`
	URI  string `json:"uri"`
}

type ocProject struct {
	ID                   string          `json:"id"`
	Updated              string          `json:"updated"`
	Language             string          `json:"language"`
	Identifiers          []ocIdentifier  `json:"identifiers"`
	PublicAuthority      ocOrgRef        `json:"publicAuthority"`
	Title                string          `json:"title"`
	Description          string          `json:"description,omitempty"`
	Status               string          `json:"status"`
	Type                 string          `json:"type"`
	Sector               []string        `json:"sector,omitempty"`
	Budget               *ocBudget       `json:"budget,omitempty"`
	Period               *ocPeriod       `json:"period,omitempty"`
	Locations            []ocLocation    `json:"locations"`
	Parties              []ocParty       `json:"parties"`
	ContractingProcesses []ocContracting `json:"contractingProcesses,omitempty"`
	Documents            []ocDocument    `json:"documents"`
}

type ocIdentifier struct {
	ID     string `json:"id"`
	Scheme string `json:"scheme"`
}

type ocOrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type ocValue struct {
	Amount   json.Number `json:"amount"`
	Currency string      `json:"currency"`
}

type ocBudget struct {
	Amount ocValue `json:"amount"`
}

type ocPeriod struct {
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

type ocGeometry struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

type ocGazetteer struct {
	Scheme      string   `json:"scheme"`
	Identifiers []string `json:"identifiers"`
}

type ocAddress struct {
	Region      string `json:"region,omitempty"`
	CountryName string `json:"countryName"`
}

type ocLocation struct {
	ID          string      `json:"id"`
	Description string      `json:"description,omitempty"`
	Geometry    ocGeometry  `json:"geometry"`
	Gazetteer   ocGazetteer `json:"gazetteer"`
	Address     ocAddress   `json:"address"`
}

type ocOrgID struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

type ocParty struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Identifier *ocOrgID   `json:"identifier,omitempty"`
	Address    *ocAddress `json:"address,omitempty"`
	Roles      []string   `json:"roles"`
}

type ocContracting struct {
	ID      string    `json:"id"`
	Summary ocSummary `json:"summary"`
}

type ocSummary struct {
	OCID              string `json:"ocid"`
	ExternalReference string `json:"externalReference"`
}

type ocDocument struct {
	ID           string `json:"id"`
	DocumentType string `json:"documentType"`
	Title        string `json:"title"`
	URL          string `json:"url"`
	Format       string `json:"format"`
}

// midnight writes a calendar date as OC4IDS's date-time, at midnight UTC.
func midnight(d *time.Time) string {
	if d == nil {
		return ""
	}
	return d.Format(time.DateOnly) + "T00:00:00Z"
}

func (o *OC4IDS) project(p *Project) ocProject {
	id := strconv.FormatInt(p.ID, 10)
	authority := ocOrgRef{ID: "KATOTTH-" + p.HromadaCode, Name: orUK(deref(p.HromadaNameUK), p.HromadaCode) + " територіальна громада"}
	v := ocProject{
		ID:          OC4IDSPrefix + "-" + id,
		Updated:     p.UpdatedAt.UTC().Format(time.RFC3339),
		Language:    "uk",
		Identifiers: []ocIdentifier{{ID: id, Scheme: "Vidbudova"}},
		Title:       p.Title,
		Description: strings.TrimSpace(p.Description),
		Status:      oc4idsStatus[p.State],
		// The projects rebuild what the war damaged.
		Type:            "rehabilitation",
		PublicAuthority: authority,
		Locations: []ocLocation{{
			ID:          "1",
			Description: orUK(deref(p.HromadaNameUK), p.HromadaCode) + " територіальна громада",
			Geometry:    ocGeometry{Type: "Point", Coordinates: [2]float64{round6(p.Lon), round6(p.Lat)}},
			Gazetteer:   ocGazetteer{Scheme: "KATOTTH", Identifiers: katotth(p.OblastCode, p.HromadaCode)},
			Address:     ocAddress{CountryName: "Україна"},
		}},
		Parties: []ocParty{{ID: authority.ID, Name: authority.Name, Address: &ocAddress{CountryName: "Україна"},
			Roles: []string{"publicAuthority", "buyer"}}},
		Documents: []ocDocument{{ID: "vidbudova", DocumentType: "projectScope", Title: p.Title,
			URL: o.base + "/projects/" + id, Format: "application/geo+json"}},
	}
	if p.DreamID != nil {
		v.Identifiers = append(v.Identifiers, ocIdentifier{ID: *p.DreamID, Scheme: "DREAM"})
	}
	if s, ok := oc4idsSectors[p.Sector]; ok {
		v.Sector = []string{s}
	}
	if p.Budget != nil {
		v.Budget = &ocBudget{Amount: ocValue{Amount: json.Number(decimal(p.Budget.AmountMinor, p.Budget.Currency)),
			Currency: p.Budget.Currency}}
	}
	if p.PlannedStart != nil || p.PlannedEnd != nil {
		v.Period = &ocPeriod{StartDate: midnight(p.PlannedStart), EndDate: midnight(p.PlannedEnd)}
	}
	for _, org := range p.Funders {
		party := ocParty{ID: "vidbudova-organisation-" + strconv.FormatInt(org.ID, 10), Name: org.Name,
			Roles: []string{"funder"}}
		if org.IATIOrgID != nil {
			// An IATI organisation identifier is its list's code (country
			// and agency) and the number on that list: XM-DAC-41301.
			if i := strings.IndexByte(*org.IATIOrgID, '-'); i > 0 {
				if j := strings.IndexByte((*org.IATIOrgID)[i+1:], '-'); j > 0 {
					cut := i + 1 + j
					party.ID = *org.IATIOrgID
					party.Identifier = &ocOrgID{Scheme: (*org.IATIOrgID)[:cut], ID: (*org.IATIOrgID)[cut+1:]}
				}
			}
		}
		v.Parties = append(v.Parties, party)
	}
	for _, t := range p.ProzorroIDs {
		v.ContractingProcesses = append(v.ContractingProcesses, ocContracting{ID: prozorroOCID + t,
			Summary: ocSummary{OCID: prozorroOCID + t, ExternalReference: t}})
	}
	return v
}

// katotth lists an oblast's and a hromada's codes, once for Kyiv and
// Sevastopol, which are both.
func katotth(oblast, hromada string) []string {
	if hromada == oblast {
		return []string{oblast}
	}
	return []string{oblast, hromada}
}

// round6 rounds a coordinate to 6 decimals (about 10 cm).
func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }
