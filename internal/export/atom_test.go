package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/history"
)

func change(object string, id int64, action, changes string) Change {
	return Change{Entry: history.Entry{ID: 900 + id, Action: action, At: time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC),
		Changes: json.RawMessage(changes)}, Object: object, ObjectID: id}
}

func TestDescribe(t *testing.T) {
	funded := change(ObjectFunding, 4, "create", `{"kind":"commitment","amount_minor":2500000000,"currency":"PLN","on_date":"2025-03-14"}`)
	funded.ProjectID, funded.OrganisationName = 57, "Місто Вроцлав"
	update := change(ObjectUpdate, 9, "create", `{"body":"Демонтаж   завершено,\nвивезено сміття.","progress":40,"on_date":"2025-06-01"}`)
	update.ProjectID = 57
	by := change(history.Project, 57, "update", `{"title":{"before":"А","after":"Б"}}`)
	by.Actor = &history.Actor{ID: 3, Name: "Олена Коваль", Role: "editor"}
	for _, tc := range []struct {
		name string
		c    Change
		want []string
	}{
		{"a reported site names its category and damage", change(history.Site, 12, "create",
			`{"category":"education","damage":"severe","name":"Школа"}`),
			[]string{"Об'єкт № 12 додано: освіта, пошкодження — значні.", "Site 12 reported: education, damage severe."}},
		{"a change lists old and new values in words", change(history.Site, 12, "update",
			`{"damage":{"before":"severe","after":"destroyed"},"verification":{"before":"reported","after":"verified"},"description":{"before":"a","after":"b"}}`),
			[]string{"Об'єкт № 12: змінено перевірка, пошкодження, опис", "Site 12: verification, damage, description changed",
				"перевірка: повідомлено → перевірено; пошкодження: значні → зруйновано; опис змінено.",
				"verification: reported → verified; damage: severe → destroyed; description changed."}},
		{"an amount is shown with its currency when the change holds it", change(history.Project, 57, "update",
			`{"budget_minor":{"before":100,"after":250000},"budget_currency":{"before":"EUR","after":"UAH"},"state":{"before":"draft","after":"seeking_funding"}}`),
			[]string{"стан: чернетка → шукає фінансування; кошторис: 1,00 EUR → 2 500,00 грн", "budget: 1.00 EUR → 2,500.00 UAH"}},
		{"an amount without its currency only changed", change(history.Site, 12, "update", `{"estimated_cost_minor":{"before":1,"after":2}}`),
			[]string{"оцінена вартість змінено.", "estimated cost changed."}},
		{"an update with nothing the viewer may see says only that", change(history.Site, 12, "update", `{}`),
			[]string{"Об'єкт № 12 оновлено.", "Site 12 updated."}},
		{"a funding record names the money and who gave it", funded,
			[]string{"Фінансування проєкту № 57: зобов'язання, 25 000 000,00 PLN", "Зобов'язання 25 000 000,00 PLN від Місто Вроцлав, 2025-03-14.",
				"Funding of project 57: commitment of 25,000,000.00 PLN", "Commitment of 25,000,000.00 PLN by Місто Вроцлав, 2025-03-14."}},
		{"a progress update quotes its text", update,
			[]string{"Звіт про поступ проєкту № 57, 2025-06-01: поступ 40 %. Демонтаж завершено, вивезено сміття.", "40% done"}},
		{"a deleted site is deleted", change(history.Site, 12, "delete", `{}`), []string{"Об'єкт № 12 вилучено", "Site 12 deleted"}},
		{"the author is named", by, []string{"Автор: Олена Коваль.", "By Олена Коваль."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Describe(tc.c)
			all := strings.ReplaceAll(strings.Join([]string{w.TitleUK, w.TitleEN, w.TextUK, w.TextEN}, "\n"), "\u00a0", " ")
			for _, want := range tc.want {
				if !strings.Contains(all, want) {
					t.Errorf("lacks %q:\n%s", want, all)
				}
			}
		})
	}
}

func TestWriteAtom(t *testing.T) {
	feed := Feed{Subject: Subject{Kind: OfHromada, Code: "UA63120270000028556"}, Self: "https://x.example/api/v1/feeds/hromadas/UA63120270000028556.atom",
		Base: "https://x.example/api/v1", Now: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC),
		Changes: Changes{NameUK: "Харківська", NameEN: "Kharkivska", Entries: []Change{
			change(history.Site, 12, "update", `{"damage":{"before":"light","after":"severe"}}`),
			change(history.Project, 57, "create", `{"title":"Школа <№ 5> & двір","sector":"education"}`),
		}}}
	var b bytes.Buffer
	if err := WriteAtom(&b, feed); err != nil {
		t.Fatal(err)
	}
	var f struct {
		XMLName xml.Name
		Lang    string `xml:"lang,attr"`
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Entries []struct {
			ID    string `xml:"id"`
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Div struct {
				XMLName xml.Name
				P       []struct {
					Lang string `xml:"lang,attr"`
					Text string `xml:",chardata"`
				} `xml:"p"`
			} `xml:"content>div"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b.Bytes(), &f); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.Lang != "uk" || f.Updated != "2026-03-14T09:00:00Z" ||
		f.Title != "Відбудова: Харківська територіальна громада · Vidbudova: Kharkivska hromada" || len(f.Entries) != 2 {
		t.Fatalf("feed %+v", f)
	}
	e := f.Entries[1]
	if e.ID != EntryID(957) || e.Links[0].Href != "https://x.example/api/v1/projects/57" || e.Div.XMLName.Space != "http://www.w3.org/1999/xhtml" ||
		e.Div.P[0].Lang != "uk" || !strings.Contains(e.Div.P[1].Text, "“Школа <№ 5> & двір”") {
		t.Errorf("entry %+v", e)
	}
	t.Run("entry ids are name-based UUIDs, the same every time", func(t *testing.T) {
		uuid := regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
		if !uuid.MatchString(EntryID(1)) || EntryID(1) != EntryID(1) || EntryID(1) == EntryID(2) {
			t.Errorf("%s %s", EntryID(1), EntryID(2))
		}
	})
	t.Run("an empty feed is dated now", func(t *testing.T) {
		var b bytes.Buffer
		if err := WriteAtom(&b, Feed{Subject: Subject{Kind: OfProject, ID: 5}, Now: feed.Now}); err != nil ||
			!strings.Contains(b.String(), "<updated>2026-04-01T00:00:00Z</updated>") {
			t.Errorf("%v %s", err, b.String())
		}
	})
}
