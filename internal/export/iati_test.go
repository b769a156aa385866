package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/funding"
	"github.com/vidbudova/vidbudova/internal/money"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
)

func ptr[T any](v T) *T { return &v }

// school is a project of hromada A funded by organisation 3 (and 4).
func school() *Project {
	on := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	return &Project{
		Project: project.Project{ID: 57, Title: "Відновлення ліцею № 134", Sector: "education", State: "funded",
			Budget: &site.Money{AmountMinor: 4200000000, Currency: "UAH"}, PlannedStart: ptr(on("2026-06-01")),
			PlannedEnd: ptr(on("2027-05-31")), DreamID: ptr("KH-2026-0042"), HromadaCode: "UA63120270000028556",
			HromadaNameUK: ptr("Харківська"), HromadaNameEN: ptr("Kharkivska"), OblastCode: "UA63000000000041885",
			Lon: 36.2304, Lat: 49.9935, CreatedAt: at, UpdatedAt: at, ProzorroIDs: []string{"UA-2026-03-02-000123-a"}},
		Funding: []funding.Record{
			{ID: 1, OrganisationID: 3, Kind: funding.Pledge, Amount: money.Amount{Minor: 50000000, Currency: "EUR"}, On: on("2025-02-14")},
			{ID: 2, OrganisationID: 4, Kind: funding.Pledge, Amount: money.Amount{Minor: 100, Currency: "EUR"}, On: on("2025-02-15")},
			{ID: 3, OrganisationID: 3, Kind: funding.Commitment, Amount: money.Amount{Minor: 2500000000, Currency: "PLN"}, On: on("2025-03-14"), Note: "Угода"},
			{ID: 4, OrganisationID: 3, Kind: funding.Disbursement, Amount: money.Amount{Minor: 1000000000, Currency: "PLN"}, On: on("2025-04-01")},
		},
		Funders: []project.Organisation{{ID: 3, Name: "Місто Вроцлав", Kind: "eu_municipality", Country: "PL", IATIOrgID: ptr("PL-GOV-0000000001")},
			{ID: 4, Name: "Фонд", Kind: "ngo", Country: "DE"}},
	}
}

func TestIATIMapsEveryValue(t *testing.T) {
	for _, s := range project.Sectors {
		if len(dacSectors[s]) != 5 {
			t.Errorf("sector %s has no DAC 5-digit code", s)
		}
	}
	for _, s := range project.States {
		if iatiStatus[s] == "" || oc4idsStatus[s] == "" {
			t.Errorf("state %s has no IATI or OC4IDS status", s)
		}
	}
	for _, k := range project.Kinds {
		if iatiOrgType[k] == "" {
			t.Errorf("kind %s has no IATI organisation type", k)
		}
	}
	for _, k := range funding.Kinds {
		if iatiTransactionType[k] == "" {
			t.Errorf("funding kind %s has no IATI transaction type", k)
		}
	}
}

func TestIATIActivity(t *testing.T) {
	org := school().Funders[0]
	t.Run("an organisation without an IATI id has no file", func(t *testing.T) {
		if _, err := NewIATI(&bytes.Buffer{}, school().Funders[1], "", time.Now()); !errors.Is(err, ErrNoIATIID) {
			t.Errorf("err %v", err)
		}
	})
	var b bytes.Buffer
	x, err := NewIATI(&b, org, "https://vidbudova.example/api/v1", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Activity(school()); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName    xml.Name `xml:"iati-activities"`
		Version    string   `xml:"version,attr"`
		Activities []struct {
			Lang   string `xml:"lang,attr"`
			ID     string `xml:"iati-identifier"`
			Report struct {
				Ref string `xml:"ref,attr"`
			} `xml:"reporting-org"`
			Types []struct {
				Code string `xml:"code,attr"`
			} `xml:"transaction>transaction-type"`
			Dates []struct {
				Type string `xml:"type,attr"`
			} `xml:"activity-date"`
		} `xml:"iati-activity"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	a := doc.Activities[0]
	if doc.Version != "2.03" || a.ID != "PL-GOV-0000000001-VIDBUDOVA-57" || a.Report.Ref != "PL-GOV-0000000001" || a.Lang != "uk" {
		t.Errorf("activity %+v", a)
	}
	var elements struct {
		Activity struct {
			Children []struct{ XMLName xml.Name } `xml:",any"`
		} `xml:"iati-activity"`
	}
	xml.Unmarshal(b.Bytes(), &elements) //nolint:errcheck // read above
	var order []string
	for _, c := range elements.Activity.Children {
		if len(order) == 0 || order[len(order)-1] != c.XMLName.Local {
			order = append(order, c.XMLName.Local)
		}
	}
	// The schema's sequence: every element in its place.
	want := "iati-identifier reporting-org title description participating-org other-identifier activity-status " +
		"activity-date recipient-country location sector budget transaction"
	if strings.Join(order, " ") != want {
		t.Errorf("elements in the order\n%s\nwant\n%s", strings.Join(order, " "), want)
	}
	if got := []string{a.Types[0].Code, a.Types[1].Code, a.Types[2].Code}; len(a.Types) != 3 || strings.Join(got, ",") != "12,2,3" {
		t.Errorf("transactions %v: want the organisation's own three", a.Types)
	}
	if len(a.Dates) != 2 {
		t.Errorf("dates %v", a.Dates)
	}
	for _, s := range []string{`<pos>49.9935 36.2304</pos>`, `<value currency="PLN" value-date="2025-03-14">25000000.00</value>`,
		`<sector vocabulary="1" code="11120" percentage="100">`, `<activity-status code="2">`,
		`<administrative vocabulary="KATOTTH" level="3" code="UA63120270000028556">`, `<narrative xml:lang="en">Kharkivska hromada</narrative>`} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("the file lacks %s", s)
		}
	}
	t.Run("a project without dates is dated by its entry, saying so", func(t *testing.T) {
		p := school()
		p.PlannedStart, p.PlannedEnd = nil, nil
		a := x.activity(p)
		if len(a.Dates) != 1 || a.Dates[0].ISODate != "2026-03-14" || len(a.Dates[0].Narratives) != 2 || len(a.Budgets) != 0 {
			t.Errorf("dates %+v, budgets %+v", a.Dates, a.Budgets)
		}
	})
}
