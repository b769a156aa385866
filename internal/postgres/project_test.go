package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/account"
	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/postgres"
	"github.com/vidbudova/vidbudova/internal/progress"
	"github.com/vidbudova/vidbudova/internal/project"
	"github.com/vidbudova/vidbudova/internal/site"
	"github.com/vidbudova/vidbudova/internal/testdb"
)

const kyiv = "UA80000000000093317"

// projectProps are the properties of a stored project the tests look at.
type projectProps struct {
	Title        string   `json:"title"`
	State        string   `json:"state"`
	HromadaCode  string   `json:"hromada_code"`
	OblastCode   string   `json:"oblast_code"`
	HromadaName  *string  `json:"hromada_name_uk"`
	OblastName   *string  `json:"oblast_name_en"`
	SiteIDs      []int64  `json:"site_ids"`
	PlannedEnd   *string  `json:"planned_end"`
	ActualStart  *string  `json:"actual_start"`
	Progress     int      `json:"progress"`
	Allowed      []string `json:"allowed_transitions"`
	ProzorroLink []struct {
		Href string `json:"href"`
	} `json:"prozorro_links"`
	Milestones []struct {
		Title string  `json:"title"`
		DueOn *string `json:"due_on"`
	} `json:"milestones"`
}

type projectFeature struct {
	ID       int64 `json:"id"`
	Geometry struct {
		Type        string     `json:"type"`
		Coordinates [2]float64 `json:"coordinates"`
	} `json:"geometry"`
	Properties projectProps `json:"properties"`
}

func decodeProject(t *testing.T, f project.Feature) projectFeature {
	t.Helper()
	var v projectFeature
	if err := json.Unmarshal(f.JSON, &v); err != nil {
		t.Fatalf("stored project is not JSON: %v\n%s", err, f.JSON)
	}
	if v.ID != f.ID {
		t.Fatalf("feature id %d, want %d", v.ID, f.ID)
	}
	return v
}

// newSites stores sites at the points given and returns their ids.
func newSites(t *testing.T, db *postgres.DB, points ...[2]float64) []int64 {
	t.Helper()
	var ids []int64
	for _, p := range points {
		f, _, err := db.CreateSite(asAdmin(), draft(p[0], p[1]), nil)
		if err != nil {
			t.Fatalf("site at %v: %v", p, err)
		}
		ids = append(ids, f.ID)
	}
	return ids
}

func projectDraft(siteIDs ...int64) project.Draft {
	return project.Draft{Title: "Відбудова школи №5", Sector: "education", SiteIDs: siteIDs,
		Budget: &site.Money{AmountMinor: 1_500_000_00, Currency: "UAH"}}
}

func day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestProjectIsPlacedInTheHromadaOfItsSites(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	ids := newSites(t, db, [2]float64{36.2304, 49.9935}, [2]float64{36.25, 50.0})
	d := projectDraft(ids...)
	d.ProzorroIDs = []string{"UA-2024-01-31-000123-a"}
	d.Milestones = []project.Milestone{{Title: "Проєкт", DueOn: day("2025-03-01")}, {Title: "Дах"}}
	f, created, err := db.CreateProject(ctx, d, nil)
	if err != nil || !created {
		t.Fatalf("create: %v", err)
	}
	v := decodeProject(t, f)
	p := v.Properties
	if p.HromadaCode != kharkivHromada || p.OblastCode != kharkivOblast {
		t.Errorf("placed in %s / %s, want the Kharkiv hromada and oblast", p.HromadaCode, p.OblastCode)
	}
	// The project's page names both places it is in.
	if p.HromadaName == nil || *p.HromadaName != "Харківська" || p.OblastName == nil || *p.OblastName != "Kharkiv Oblast" {
		t.Errorf("named %v / %v, want Харківська / Kharkiv Oblast", p.HromadaName, p.OblastName)
	}
	if v.Geometry.Type != "Point" || (v.Geometry.Coordinates != [2]float64{36.2304, 49.9935} && v.Geometry.Coordinates != [2]float64{36.25, 50.0}) {
		t.Errorf("the map point %v is not one of the sites", v.Geometry)
	}
	if p.State != "draft" || fmt.Sprint(p.Allowed) != "[seeking_funding cancelled]" {
		t.Errorf("a new project is %s allowing %v", p.State, p.Allowed)
	}
	if len(p.SiteIDs) != 2 || len(p.Milestones) != 2 || p.Milestones[0].Title != "Проєкт" || *p.Milestones[0].DueOn != "2025-03-01" ||
		p.Milestones[1].DueOn != nil {
		t.Errorf("sites %v, milestones %+v", p.SiteIDs, p.Milestones)
	}
	if len(p.ProzorroLink) != 1 || p.ProzorroLink[0].Href != "https://prozorro.gov.ua/tender/UA-2024-01-31-000123-a" {
		t.Errorf("prozorro links %+v", p.ProzorroLink)
	}

	t.Run("new sites in Kyiv move the project to Kyiv", func(t *testing.T) {
		kyivSites := newSites(t, db, [2]float64{30.52, 50.45})
		f, err := db.UpdateProject(ctx, f.ID, project.Patch{SiteIDs: kyivSites}, f.Version)
		if err != nil {
			t.Fatal(err)
		}
		if p := decodeProject(t, f).Properties; p.HromadaCode != kyiv || p.OblastCode != kyiv || len(p.SiteIDs) != 1 || p.OblastName == nil || *p.OblastName != "Kyiv" {
			t.Errorf("after the patch: %s / %s (%v), sites %v", p.HromadaCode, p.OblastCode, p.OblastName, p.SiteIDs)
		}
	})
	t.Run("a site in a project cannot be deleted", func(t *testing.T) {
		f, _ := db.FindProjectByID(ctx, f.ID)
		if _, err := db.DeleteSite(ctx, decodeProject(t, f).Properties.SiteIDs[0], 0); err == nil {
			t.Fatal("the site of a project was deleted")
		}
	})
}

func TestBadProjectsAreRefusedAndNothingWritten(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	kharkivSites := newSites(t, db, [2]float64{36.2304, 49.9935})
	kyivSites := newSites(t, db, [2]float64{30.52, 50.45})
	crimea := newSites(t, db, [2]float64{34.10, 44.95})
	tests := []struct {
		name  string
		edit  func(*project.Draft)
		field string
	}{
		{"sites in two hromadas", func(d *project.Draft) { d.SiteIDs = append(kharkivSites, kyivSites...) }, "properties.site_ids"},
		{"a site that does not exist", func(d *project.Draft) { d.SiteIDs = append(kharkivSites, 999999) }, "properties.site_ids"},
		{"a site in no hromada", func(d *project.Draft) { d.SiteIDs = crimea }, "properties.site_ids"},
		{"a planned end before the start", func(d *project.Draft) { d.PlannedStart, d.PlannedEnd = day("2025-06-01"), day("2025-01-01") },
			"properties.planned_end"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused naming "+tt.field, func(t *testing.T) {
			d := projectDraft(kharkivSites...)
			tt.edit(&d)
			_, _, err := db.CreateProject(ctx, d, nil)
			var ve *domain.ValidationError
			if !errors.As(err, &ve) || ve.Field != tt.field {
				t.Fatalf("error %v, want a validation error of %s", err, tt.field)
			}
			if ve.Reason == "" || ve.ReasonUK == "" {
				t.Errorf("the reason is missing in a language: %+v", ve)
			}
		})
	}
	if n := count(t, db, `SELECT (SELECT count(*) FROM projects) + (SELECT count(*) FROM project_sites) + (SELECT count(*) FROM project_milestones)`); n != 0 {
		t.Errorf("%d rows written by refused projects", n)
	}
	t.Run("a patch that puts the end before the stored start is refused naming planned_end", func(t *testing.T) {
		d := projectDraft(kharkivSites...)
		d.PlannedStart = day("2025-06-01")
		f, _, err := db.CreateProject(ctx, d, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateProject(ctx, f.ID, project.Patch{PlannedEnd: day("2025-01-01")}, f.Version)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) || ve.Field != "properties.planned_end" {
			t.Fatalf("error %v, want one naming properties.planned_end", err)
		}
		if after, _ := db.FindProjectByID(ctx, f.ID); after.Version != f.Version {
			t.Errorf("the refused patch changed the version to %d", after.Version)
		}
	})
}

// draftOnASite is a new draft project, by the admin, on a new site in Kharkiv.
func draftOnASite(t *testing.T, db *postgres.DB) (project.Feature, []int64) {
	t.Helper()
	ids := newSites(t, db, [2]float64{36.2304, 49.9935})
	f, _, err := db.CreateProject(asAdmin(), projectDraft(ids...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return f, ids
}

func TestProjectLifecycleInTheStore(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	f, ids := draftOnASite(t, db)
	path := []project.State{project.StateSeekingFunding, project.StateDraft, project.StateSeekingFunding, project.StateFunded,
		project.StateSuspended, project.StateFunded, project.StateInProgress, project.StateCompleted}
	for _, to := range path {
		t.Run("the project moves to "+string(to), func(t *testing.T) {
			next, err := db.TransitionProject(ctx, f.ID, to, f.Version)
			if err != nil {
				t.Fatal(err)
			}
			if next.Version != f.Version+1 || decodeProject(t, next).Properties.State != string(to) {
				t.Fatalf("version %d state %s", next.Version, decodeProject(t, next).Properties.State)
			}
			f = next
		})
	}
	p := decodeProject(t, f).Properties
	if p.ActualStart == nil || p.Progress != 100 || len(p.Allowed) != 0 {
		t.Errorf("a completed project: actual start %v, progress %d, allowed %v", p.ActualStart, p.Progress, p.Allowed)
	}
	t.Run("a completed project moves nowhere", func(t *testing.T) {
		_, err := db.TransitionProject(ctx, f.ID, project.StateInProgress, f.Version)
		var te *project.TransitionError
		if !errors.As(err, &te) || !errors.Is(err, domain.ErrConflict) || te.From != project.StateCompleted {
			t.Fatalf("error %v, want a transition conflict", err)
		}
	})
	t.Run("a completed project cannot be deleted", func(t *testing.T) {
		if _, err := db.DeleteProject(ctx, f.ID, f.Version); !errors.Is(err, domain.ErrConflict) {
			t.Fatalf("error %v, want a conflict", err)
		}
	})
	t.Run("a draft can be deleted, and gives back the photos of its updates that no other row names", func(t *testing.T) {
		d, _, err := db.CreateProject(ctx, projectDraft(ids...), nil)
		if err != nil {
			t.Fatal(err)
		}
		// Its own file, one named by its updates alone and one another
		// project's update names too (the last two as kept before each
		// project had its own).
		own, alone, shared := stored(0, 1), stored(0, 2), stored(0, 3)
		own.DisplayKey, own.ThumbKey = fmt.Sprintf("projects/%d/a-display.jpg", d.ID), fmt.Sprintf("projects/%d/a-thumb.jpg", d.ID)
		alone.DisplayKey, alone.ThumbKey = "updates/b/b-display.jpg", "updates/b/b-thumb.jpg"
		shared.DisplayKey, shared.ThumbKey = "updates/c/c-display.jpg", "updates/c/c-thumb.jpg"
		post := func(projectID int64, photos ...photo.Photo) {
			t.Helper()
			var files photoFiles
			draft := progress.Draft{ProjectID: projectID, Body: "Розчищено завали.", On: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}
			if _, err := db.CreateUpdate(ctx, draft, photos, files.write); err != nil {
				t.Fatal(err)
			}
		}
		post(d.ID, own, alone, shared)
		post(d.ID, own) // the same photo in a second update
		post(f.ID, shared)
		photos, err := db.DeleteProject(ctx, d.ID, d.Version)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, p := range photos {
			keys = append(keys, p.DisplayKey)
		}
		slices.Sort(keys)
		if want := []string{own.DisplayKey, alone.DisplayKey}; !slices.Equal(keys, want) {
			t.Errorf("gave back the photos %v, want %v", keys, want)
		}
		if _, err := db.FindProjectByID(ctx, d.ID); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("after delete: %v", err)
		}
	})
}

func TestUpdatePhotoFilesAreWrittenOnceAndOnlyForAKeptUpdate(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	f, _ := draftOnASite(t, db)
	draft := progress.Draft{ProjectID: f.ID, Body: "Демонтаж завершено.", On: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	a, b := stored(0, 1), stored(0, 2)
	a.DisplayKey, b.DisplayKey = "projects/1/a-display.jpg", "projects/1/b-display.jpg"

	t.Run("an editor elsewhere is refused before a file is written", func(t *testing.T) {
		elsewhere := account.WithUser(context.Background(), &account.User{Role: account.Editor, Hromadas: []string{kyiv}})
		var files photoFiles
		if _, err := db.CreateUpdate(elsewhere, draft, []photo.Photo{a}, files.write); !errors.Is(err, account.ErrForbidden) {
			t.Errorf("%v, want forbidden", err)
		}
		if len(files.written) != 0 {
			t.Errorf("files of %v were written", files.written)
		}
	})
	t.Run("each file is written once, and not again for a later update", func(t *testing.T) {
		var files photoFiles
		if _, err := db.CreateUpdate(ctx, draft, []photo.Photo{a, a}, files.write); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateUpdate(ctx, draft, []photo.Photo{a, b}, files.write); err != nil {
			t.Fatal(err)
		}
		if want := []string{a.SHA256, b.SHA256}; !slices.Equal(files.written, want) || len(files.removed) != 0 {
			t.Errorf("written %v, removed %v; want %v written once each", files.written, files.removed, want)
		}
	})
	t.Run("an update that cannot be kept takes its new files away again", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		c := stored(0, 3)
		c.DisplayKey = "projects/1/c-display.jpg"
		files := photoFiles{after: cancel}
		if _, err := db.CreateUpdate(cctx, draft, []photo.Photo{b, c}, files.write); err == nil {
			t.Fatal("the update was kept though the request was cancelled")
		}
		if want := []string{c.SHA256}; !slices.Equal(files.written, want) || !slices.Equal(files.removed, want) {
			t.Errorf("written %v, removed %v; want only the new photo's, removed", files.written, files.removed)
		}
	})
}

func TestTwoWritersOfAProjectWithTheSameVersionOneWins(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	ids := newSites(t, db, [2]float64{36.2304, 49.9935})
	f, _, err := db.CreateProject(ctx, projectDraft(ids...), nil)
	if err != nil {
		t.Fatal(err)
	}
	writes := map[string]func() error{
		"a patch": func() error {
			title := "Нова назва"
			_, err := db.UpdateProject(ctx, f.ID, project.Patch{Title: &title}, f.Version)
			return err
		},
		"a transition": func() error {
			_, err := db.TransitionProject(ctx, f.ID, project.StateSeekingFunding, f.Version)
			return err
		},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, w := range writes {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- w() }()
	}
	wg.Wait()
	close(errs)
	won, stale := 0, 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, domain.ErrPreconditionFailed):
			stale++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if won != 1 || stale != 1 {
		t.Fatalf("%d writes won and %d were stale; want one each", won, stale)
	}
	if after, _ := db.FindProjectByID(ctx, f.ID); after.Version != f.Version+1 {
		t.Errorf("version %d, want %d", after.Version, f.Version+1)
	}
}

func TestProjectPagesCoverEveryProjectOnce(t *testing.T) {
	db, _ := testdb.New(t)
	ctx := asAdmin()
	ids := newSites(t, db, [2]float64{36.2304, 49.9935})
	for i := range 23 {
		d := projectDraft(ids...)
		d.Title = fmt.Sprintf("Проєкт %d", i)
		d.Budget = &site.Money{AmountMinor: int64(i%5) * 1000, Currency: "EUR"} // ties on the sort key
		if i%7 == 0 {
			d.Budget = nil
		}
		if _, _, err := db.CreateProject(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, sort := range []project.Sort{project.SortDate, project.SortBudget} {
		t.Run("pages by "+string(sort)+" give each project once", func(t *testing.T) {
			seen := map[int64]bool{}
			f := project.Filter{Sort: sort, Limit: 5}
			var prev *project.Cursor
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatal("too many pages")
				}
				var last *project.Cursor
				n, err := db.FindProjects(ctx, f, func(c project.Cursor, feature []byte) error {
					if seen[c.ID] {
						t.Errorf("project %d twice", c.ID)
					}
					seen[c.ID] = true
					if prev != nil && (c.Key > prev.Key || c.Key == prev.Key && c.ID > prev.ID) {
						t.Errorf("cursor %v after %v is out of order", c, *prev)
					}
					cc := c
					last, prev = &cc, &cc
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if n < f.Limit {
					break
				}
				f.After = last
			}
			if len(seen) != 23 {
				t.Errorf("%d projects seen, want 23", len(seen))
			}
		})
	}
	t.Run("filters by state, sector, place and text", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			f    project.Filter
			want int
		}{
			{"drafts", project.Filter{States: []project.State{project.StateDraft}}, 23},
			{"funded", project.Filter{States: []project.State{project.StateFunded}}, 0},
			{"health", project.Filter{Sectors: []project.Sector{"health"}}, 0},
			{"the Kharkiv hromada", project.Filter{Hromada: kharkivHromada}, 23},
			{"Kyiv", project.Filter{Oblast: kyiv}, 0},
			{"a text", project.Filter{Q: "проєкт 1"}, 11},
		} {
			tt.f.Limit = 100
			n, err := db.FindProjects(ctx, tt.f, func(project.Cursor, []byte) error { return nil })
			if err != nil || n != tt.want {
				t.Errorf("%s: %d projects (%v), want %d", tt.name, n, err, tt.want)
			}
		}
	})
}
