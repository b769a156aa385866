package export

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/project"
)

// IATI activity XML 2.03 of one donor: each project it gave money to is an
// activity, identified by the donor's IATI organisation identifier and the
// project's id, with the donor's own funding records as its transactions.

// dacSectors maps Vidbudova's sectors to OECD DAC 5-digit purpose codes
// (IATI sector vocabulary 1):
//
//	housing        16030 Housing policy and administrative management
//	education      11120 Education facilities and training
//	health         12230 Basic health infrastructure
//	energy         23630 Electric power transmission and distribution (centralised grids)
//	water          14020 Water supply and sanitation – large systems
//	transport      21020 Road transport
//	administrative 15110 Public sector policy and administrative management
//	culture        16061 Culture and recreation
//	other          43010 Multisector aid
//
// The codes name what is rebuilt; that it is reconstruction after war
// damage the activity's title and description say.
var dacSectors = map[project.Sector]string{
	"housing": "16030", "education": "11120", "health": "12230", "energy": "23630", "water": "14020",
	"transport": "21020", "administrative": "15110", "culture": "16061", "other": "43010",
}

// iatiStatus maps the lifecycle to IATI's activity status: 1 pipeline, 2
// implementation, 3 finalisation, 5 cancelled, 6 suspended. A funded
// project counts as implemented from the donor's side: the money is
// committed.
var iatiStatus = map[project.State]string{
	"draft": "1", "seeking_funding": "1", "funded": "2", "in_progress": "2",
	"completed": "3", "cancelled": "5", "suspended": "6",
}

// iatiTransactionType maps funding kinds to IATI transaction types: a
// pledge is 12 (outgoing pledge, new in 2.03), a commitment 2, a
// disbursement 3.
var iatiTransactionType = map[funding.Kind]string{
	funding.Pledge: "12", funding.Commitment: "2", funding.Disbursement: "3",
}

// iatiOrgType maps kinds of organisation to IATI organisation types: 10
// government, 11 local government, 21 international NGO, 40 multilateral,
// 70 private sector, 90 other.
var iatiOrgType = map[project.Kind]string{
	"eu_municipality": "11", "eu_region": "11", "national_government": "10",
	"development_bank": "40", "ngo": "21", "company": "70", "other": "90",
}

// hromadaOrgType is a hromada's IATI organisation type: local government.
const hromadaOrgType = "11"

// ErrNoIATIID is returned for an organisation without an IATI
// organisation identifier, which every activity identifier begins with.
var ErrNoIATIID = errors.New("export: the organisation has no IATI organisation identifier")

// IATI writes an IATI activities file, one activity at a time.
type IATI struct {
	w    io.Writer
	enc  *xml.Encoder
	org  project.Organisation
	base string
	err  error
}

// NewIATI begins the file of organisation org; base is the API's address,
// for links back to each project.
func NewIATI(w io.Writer, org project.Organisation, base string, now time.Time) (*IATI, error) {
	if org.IATIOrgID == nil || *org.IATIOrgID == "" {
		return nil, ErrNoIATIID
	}
	x := &IATI{w: w, enc: xml.NewEncoder(w), org: org, base: base}
	x.enc.Indent("", " ")
	_, x.err = fmt.Fprintf(w, "%s<iati-activities version=\"2.03\" generated-datetime=\"%s\">\n"+
		"<!-- Sectors are OECD DAC 5-digit purpose codes mapped from Vidbudova's sectors: "+
		"housing 16030, education 11120, health 12230, energy 23630, water 14020, transport 21020, "+
		"administrative 15110, culture 16061, other 43010. Location codes are KATOTTH (oblast, hromada). -->\n",
		xml.Header, now.UTC().Format(time.RFC3339))
	return x, x.err
}

// Activity writes one project as an activity; only the funding records of
// the file's organisation become its transactions.
func (x *IATI) Activity(p *Project) error {
	if x.err != nil {
		return x.err
	}
	a := x.activity(p)
	if x.err = x.enc.Encode(a); x.err == nil {
		_, x.err = io.WriteString(x.w, "\n")
	}
	return x.err
}

// Close ends the file.
func (x *IATI) Close() error {
	if x.err != nil {
		return x.err
	}
	_, x.err = io.WriteString(x.w, "</iati-activities>\n")
	return x.err
}

type narrative struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type iatiText struct {
	Type       string      `xml:"type,attr,omitempty"`
	Narratives []narrative `xml:"narrative"`
}

type iatiOrg struct {
	Ref        string      `xml:"ref,attr,omitempty"`
	Type       string      `xml:"type,attr,omitempty"`
	Role       string      `xml:"role,attr,omitempty"`
	Narratives []narrative `xml:"narrative"`
}

type iatiCode struct {
	Code string `xml:"code,attr"`
}

type iatiDate struct {
	Type       string      `xml:"type,attr"`
	ISODate    string      `xml:"iso-date,attr"`
	Narratives []narrative `xml:"narrative,omitempty"`
}

type iatiOtherID struct {
	Ref   string  `xml:"ref,attr"`
	Type  string  `xml:"type,attr"`
	Owner iatiOrg `xml:"owner-org"`
}

type iatiCountry struct {
	Code       string `xml:"code,attr"`
	Percentage string `xml:"percentage,attr"`
}

type iatiAdmin struct {
	Vocabulary string `xml:"vocabulary,attr"`
	Level      int    `xml:"level,attr"`
	Code       string `xml:"code,attr"`
}

type iatiPoint struct {
	SRS string `xml:"srsName,attr"`
	Pos string `xml:"pos"`
}

type iatiLocation struct {
	Ref            string      `xml:"ref,attr"`
	Reach          iatiCode    `xml:"location-reach"`
	Name           iatiText    `xml:"name"`
	Administrative []iatiAdmin `xml:"administrative"`
	Point          iatiPoint   `xml:"point"`
	Exactness      iatiCode    `xml:"exactness"`
	Class          iatiCode    `xml:"location-class"`
}

type iatiSector struct {
	Vocabulary string `xml:"vocabulary,attr"`
	Code       string `xml:"code,attr"`
	Percentage string `xml:"percentage,attr"`
}

type iatiValue struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

type iatiPeriod struct {
	ISODate string `xml:"iso-date,attr"`
}

type iatiBudget struct {
	Type   string     `xml:"type,attr"`
	Status string     `xml:"status,attr"`
	Start  iatiPeriod `xml:"period-start"`
	End    iatiPeriod `xml:"period-end"`
	Value  iatiValue  `xml:"value"`
}

type iatiTransaction struct {
	Ref         string     `xml:"ref,attr"`
	Type        iatiCode   `xml:"transaction-type"`
	Date        iatiPeriod `xml:"transaction-date"`
	Value       iatiValue  `xml:"value"`
	Description *iatiText  `xml:"description"`
	Provider    iatiOrg    `xml:"provider-org"`
	Receiver    iatiOrg    `xml:"receiver-org"`
}

type iatiActivity struct {
	XMLName       xml.Name          `xml:"iati-activity"`
	LastUpdated   string            `xml:"last-updated-datetime,attr"`
	Lang          string            `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	LinkedData    string            `xml:"linked-data-uri,attr"`
	Identifier    string            `xml:"iati-identifier"`
	ReportingOrg  iatiOrg           `xml:"reporting-org"`
	Title         iatiText          `xml:"title"`
	Description   iatiText          `xml:"description"`
	Participating []iatiOrg         `xml:"participating-org"`
	OtherIDs      []iatiOtherID     `xml:"other-identifier"`
	Status        iatiCode          `xml:"activity-status"`
	Dates         []iatiDate        `xml:"activity-date"`
	Country       iatiCountry       `xml:"recipient-country"`
	Location      iatiLocation      `xml:"location"`
	Sector        iatiSector        `xml:"sector"`
	Budgets       []iatiBudget      `xml:"budget"`
	Transactions  []iatiTransaction `xml:"transaction"`
}

func (x *IATI) activity(p *Project) iatiActivity {
	ref := *x.org.IATIOrgID
	orgName := []narrative{{Text: x.org.Name}}
	hromadaUK, hromadaEN := deref(p.HromadaNameUK), deref(p.HromadaNameEN)
	hromada := iatiOrg{Type: hromadaOrgType, Narratives: []narrative{{Text: hromadaUK + " територіальна громада"}}}
	if hromadaEN != "" {
		hromada.Narratives = append(hromada.Narratives, narrative{Lang: "en", Text: hromadaEN + " hromada"})
	}
	sectorUK, sectorEN := label(sectorWords, string(p.Sector))
	a := iatiActivity{
		LastUpdated:  p.UpdatedAt.UTC().Format(time.RFC3339),
		Lang:         "uk",
		LinkedData:   x.base + "/projects/" + strconv.FormatInt(p.ID, 10),
		Identifier:   ref + "-VIDBUDOVA-" + strconv.FormatInt(p.ID, 10),
		ReportingOrg: iatiOrg{Ref: ref, Type: iatiOrgType[x.org.Kind], Narratives: orgName},
		Title:        iatiText{Narratives: []narrative{{Text: p.Title}}},
		Status:       iatiCode{Code: iatiStatus[p.State]},
		Country:      iatiCountry{Code: "UA", Percentage: "100"},
		Sector:       iatiSector{Vocabulary: "1", Code: dacSectors[p.Sector], Percentage: "100"},
	}
	// The editor writes in Ukrainian; an English line says what and where
	// for readers without it.
	desc := strings.TrimSpace(p.Description)
	if desc == "" {
		desc = fmt.Sprintf("Відбудова: %s, %s територіальна громада. Проєкт %d у Відбудові.", strings.ToLower(sectorUK), hromadaUK, p.ID)
	}
	a.Description = iatiText{Type: "1", Narratives: []narrative{{Text: desc},
		{Lang: "en", Text: fmt.Sprintf("Reconstruction: %s, %s hromada, Ukraine. Project %d in Vidbudova.",
			strings.ToLower(sectorEN), orUK(hromadaEN, hromadaUK), p.ID)}}}
	funder := iatiOrg{Ref: ref, Type: iatiOrgType[x.org.Kind], Role: "1", Narratives: orgName}
	implementer := hromada
	implementer.Role = "4"
	a.Participating = []iatiOrg{funder, implementer}
	if p.DreamID != nil {
		a.OtherIDs = []iatiOtherID{{Ref: *p.DreamID, Type: "A9",
			Owner: iatiOrg{Narratives: []narrative{{Lang: "en", Text: "DREAM (Digital Restoration Ecosystem for Accountable Management)"}}}}}
	}
	for _, d := range []struct {
		code string
		on   *time.Time
	}{{"1", p.PlannedStart}, {"2", p.ActualStart}, {"3", p.PlannedEnd}, {"4", p.ActualEnd}} {
		if d.on != nil {
			a.Dates = append(a.Dates, iatiDate{Type: d.code, ISODate: dateText(d.on)})
		}
	}
	if len(a.Dates) == 0 {
		// IATI needs a date; without a planned one the project's own start
		// in the register is the best there is, and says so.
		a.Dates = []iatiDate{{Type: "1", ISODate: p.CreatedAt.UTC().Format(time.DateOnly), Narratives: []narrative{
			{Text: "Дата внесення проєкту до Відбудови; запланованого початку не вказано"},
			{Lang: "en", Text: "The date the project was entered in Vidbudova; no planned start was given"}}}}
	}
	a.Location = iatiLocation{
		Ref:   p.HromadaCode,
		Reach: iatiCode{Code: "1"},
		Name:  iatiText{Narratives: hromada.Narratives},
		// IATI's geographic vocabularies have no national codes; the
		// KATOTTH codes (oblast at level 1, hromada at level 3) go under
		// their own name, beside the country's ISO code.
		Administrative: []iatiAdmin{{Vocabulary: "A4", Level: 0, Code: "UA"},
			{Vocabulary: "KATOTTH", Level: 1, Code: p.OblastCode}, {Vocabulary: "KATOTTH", Level: 3, Code: p.HromadaCode}},
		Point: iatiPoint{SRS: "http://www.opengis.net/def/crs/EPSG/0/4326",
			Pos: strconv.FormatFloat(round6(p.Lat), 'f', -1, 64) + " " + strconv.FormatFloat(round6(p.Lon), 'f', -1, 64)},
		// The point represents the project's sites (and stands for a
		// sensitive one at its hromada's point): approximate, a structure.
		Exactness: iatiCode{Code: "2"},
		Class:     iatiCode{Code: "3"},
	}
	if p.Budget != nil && p.PlannedStart != nil && p.PlannedEnd != nil {
		start := dateText(p.PlannedStart)
		a.Budgets = []iatiBudget{{Type: "1", Status: "1", Start: iatiPeriod{start}, End: iatiPeriod{dateText(p.PlannedEnd)},
			Value: iatiValue{Currency: p.Budget.Currency, ValueDate: start, Amount: decimal(p.Budget.AmountMinor, p.Budget.Currency)}}}
	}
	for _, r := range p.Funding {
		if r.OrganisationID != x.org.ID {
			continue
		}
		on := r.On.Format(time.DateOnly)
		t := iatiTransaction{
			Ref:      ref + "-VIDBUDOVA-F" + strconv.FormatInt(r.ID, 10),
			Type:     iatiCode{Code: iatiTransactionType[r.Kind]},
			Date:     iatiPeriod{on},
			Value:    iatiValue{Currency: r.Amount.Currency, ValueDate: on, Amount: decimal(r.Amount.Minor, r.Amount.Currency)},
			Provider: iatiOrg{Ref: ref, Type: iatiOrgType[x.org.Kind], Narratives: orgName},
			Receiver: iatiOrg{Type: hromadaOrgType, Narratives: hromada.Narratives},
		}
		if note := strings.TrimSpace(r.Note); note != "" {
			t.Description = &iatiText{Narratives: []narrative{{Text: note}}}
		}
		a.Transactions = append(a.Transactions, t)
	}
	return a
}

func orUK(en, uk string) string {
	if en != "" {
		return en
	}
	return uk
}
