package export

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestOC4IDSPackage(t *testing.T) {
	var b bytes.Buffer
	o := NewOC4IDS(&b, "https://vidbudova.example/api/v1")
	p := school()
	if err := o.Project(p); err != nil {
		t.Fatal(err)
	}
	kyiv := school()
	kyiv.ID, kyiv.HromadaCode, kyiv.OblastCode, kyiv.UpdatedAt = 58, "UA80000000000093317", "UA80000000000093317", p.UpdatedAt.Add(time.Hour)
	kyiv.Sector, kyiv.ProzorroIDs, kyiv.Budget, kyiv.DreamID, kyiv.Funders = "other", nil, nil, nil, nil
	if err := o.Project(kyiv); err != nil {
		t.Fatal(err)
	}
	if err := o.Close("https://vidbudova.example/api/v1/export/oc4ids.json", time.Now()); err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		URI           string `json:"uri"`
		PublishedDate string `json:"publishedDate"`
		Version       string `json:"version"`
		Projects      []struct {
			ID          string `json:"id"`
			Identifiers []struct{ ID, Scheme string }
			Sector      []string `json:"sector"`
			Budget      *struct {
				Amount struct {
					Amount json.Number `json:"amount"`
				} `json:"amount"`
			} `json:"budget"`
			Locations []struct {
				Geometry  struct{ Coordinates []float64 } `json:"geometry"`
				Gazetteer struct{ Identifiers []string }  `json:"gazetteer"`
			} `json:"locations"`
			Parties []struct {
				ID         string `json:"id"`
				Identifier *struct{ Scheme, ID string }
				Roles      []string `json:"roles"`
			} `json:"parties"`
			Contracting []struct {
				ID      string `json:"id"`
				Summary struct{ OCID, ExternalReference string }
			} `json:"contractingProcesses"`
		} `json:"projects"`
	}
	if err := json.Unmarshal(b.Bytes(), &pkg); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String())
	}
	if pkg.Version != "0.9" || pkg.PublishedDate != "2026-03-14T10:00:00Z" || len(pkg.Projects) != 2 {
		t.Fatalf("package %+v", pkg)
	}
	s := pkg.Projects[0]
	if s.ID != "oc4ids-vidbudova-57" || len(s.Identifiers) != 2 || s.Identifiers[1].Scheme != "DREAM" ||
		s.Sector[0] != "education" || s.Budget.Amount.Amount != "42000000.00" || len(s.Parties) != 3 ||
		s.Parties[1].ID != "PL-GOV-0000000001" || s.Parties[1].Identifier.Scheme != "PL-GOV" || s.Parties[1].Identifier.ID != "0000000001" ||
		s.Parties[2].Identifier != nil || s.Contracting[0].Summary.OCID != "ocds-be6bcu-UA-2026-03-02-000123-a" ||
		s.Contracting[0].Summary.ExternalReference != "UA-2026-03-02-000123-a" || s.Locations[0].Geometry.Coordinates[0] != 36.2304 {
		t.Errorf("the school: %+v", s)
	}
	k := pkg.Projects[1]
	if k.Sector != nil || k.Budget != nil || len(k.Locations[0].Gazetteer.Identifiers) != 1 || k.Contracting != nil {
		t.Errorf("a project of Kyiv with no sector code, budget or tender: %+v", k)
	}
	t.Run("an empty package is still JSON", func(t *testing.T) {
		var b bytes.Buffer
		if err := NewOC4IDS(&b, "").Close("https://x.example/", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(b.Bytes(), &v); err != nil || v["publishedDate"] != "2026-01-02T00:00:00Z" {
			t.Errorf("%v %s", err, b.String())
		}
	})
}
