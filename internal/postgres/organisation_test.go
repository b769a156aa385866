package postgres_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

func TestOrganisationsAndTheirPortfolio(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	wroclaw := project.OrganisationDraft{Name: "Wrocław", Kind: "eu_municipality", Country: "PL",
		Website: "https://www.wroclaw.pl", IATIOrgID: "PL-KRS-0000000001", TwinnedHromadaCode: kharkivHromada}
	o, err := db.CreateOrganisation(ctx, wroclaw)
	if err != nil {
		t.Fatal(err)
	}
	if o.ID == 0 || o.Version != 1 || o.TwinnedHromadaCode == nil || *o.TwinnedHromadaCode != kharkivHromada || o.Website == nil {
		t.Fatalf("stored %+v", o)
	}
	t.Run("an optional field left empty is stored as none", func(t *testing.T) {
		o, err := db.CreateOrganisation(ctx, project.OrganisationDraft{Name: "UNDP", Kind: "development_bank", Country: "US"})
		if err != nil || o.Website != nil || o.IATIOrgID != nil || o.TwinnedHromadaCode != nil {
			t.Fatalf("%+v, %v", o, err)
		}
	})
	t.Run("an IATI id taken by another organisation is a conflict", func(t *testing.T) {
		again := wroclaw
		again.Name = "Wrocław again"
		if _, err := db.CreateOrganisation(ctx, again); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("error %v, want a conflict", err)
		}
	})
	t.Run("a twinned hromada that does not exist is refused naming the field", func(t *testing.T) {
		d := project.OrganisationDraft{Name: "Nowhere", Kind: "other", Country: "DE", TwinnedHromadaCode: "UA99999999999999999"}
		_, err := db.CreateOrganisation(ctx, d)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Field != "twinned_hromada_code" {
			t.Fatalf("error %v, want a validation error of twinned_hromada_code", err)
		}
	})
	t.Run("the portfolio is empty until funding exists", func(t *testing.T) {
		items, err := db.FindPortfolio(ctx, o.ID)
		if err != nil || items == nil || len(items) != 0 {
			t.Fatalf("portfolio %v, %v; want an empty list", items, err)
		}
	})
	t.Run("a missing organisation is not found", func(t *testing.T) {
		if _, err := db.FindOrganisationByID(ctx, 999999); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("pages of organisations cover each once", func(t *testing.T) {
		for i := range 7 {
			if _, err := db.CreateOrganisation(ctx, project.OrganisationDraft{Name: fmt.Sprintf("NGO %d", i), Kind: "ngo", Country: "FR"}); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[int64]bool{}
		f := project.OrganisationFilter{Limit: 3}
		for {
			page, err := db.FindOrganisations(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range page {
				if seen[o.ID] {
					t.Errorf("organisation %d twice", o.ID)
				}
				seen[o.ID] = true
			}
			if len(page) < f.Limit {
				break
			}
			f.After = page[len(page)-1].ID
		}
		if len(seen) != 9 {
			t.Errorf("%d organisations seen, want 9", len(seen))
		}
		ngos, err := db.FindOrganisations(ctx, project.OrganisationFilter{Kinds: []project.Kind{"ngo"}, Country: "FR", Limit: 100})
		if err != nil || len(ngos) != 7 {
			t.Errorf("%d NGOs in France (%v), want 7", len(ngos), err)
		}
	})
}
