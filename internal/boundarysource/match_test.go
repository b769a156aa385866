package boundarysource

import (
	"errors"
	"strings"
	"testing"
)

// tinyCodifier is a codifier in the ministry's format with one oblast, one
// raion and three hromadas, two of them namesakes.
const tinyCodifier = "Перший рівень;Другий рівень;Третій рівень;Четвертий рівень;Додатковий рівень;Категорія об’єкта;Назва об’єкта\r\n" +
	"UA05000000000010236;;;;;O;Вінницька\r\n" +
	"UA05000000000010236;UA05020000000026686;;;;P;Вінницький\r\n" +
	"UA05000000000010236;UA05020000000026686;UA05020010000000001;;;H;Агрономічна \r\n" +
	"UA05000000000010236;UA05020000000026686;UA05020030000000002;;;H;Знамʼянська\r\n" +
	"UA05000000000010236;UA05020000000026686;UA05020050000000003;;;H;Знамʼянська\r\n" +
	"UA80000000000093317;;;;;K;Київ\r\n"

func TestMatch(t *testing.T) {
	cod, err := readCodifier(strings.NewReader(tinyCodifier))
	if err != nil {
		t.Fatal(err)
	}
	m := newMatcher(cod)
	tests := []struct {
		name     string
		in       sourceFeature
		wantCode string
		wantKind matchKind
	}{
		{"a hromada matches by oblast, raion and name without its type words",
			sourceFeature{ID: 1, Region: "Вінницька область", Raion: "Вінницький район", Hromada: "Агрономічна сільська громада"},
			"UA05020010000000001", matchName},
		{"a hromada whose raion was renamed matches by oblast and name",
			sourceFeature{ID: 2, Region: "Вінницька область", Raion: "Старий район", Hromada: "Агрономічна сільська громада"},
			"UA05020010000000001", matchName},
		{"a city of special status matches directly",
			sourceFeature{ID: 3, Region: "Київ", Raion: "Київ", Hromada: "Київ"},
			"UA80000000000093317", matchDirect},
		{"two namesakes in one raion match nothing",
			sourceFeature{ID: 4, Region: "Вінницька область", Raion: "Вінницький район", Hromada: "Знам'янська міська громада"},
			"", matchNone},
		{"an unknown region matches nothing",
			sourceFeature{ID: 5, Region: "Нова область", Raion: "Вінницький район", Hromada: "Агрономічна сільська громада"},
			"", matchNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, kind, err := m.match(tt.in)
			if code != tt.wantCode || kind != tt.wantKind {
				t.Errorf("match = %q, %v, %v; want %q, %v", code, kind, err, tt.wantCode, tt.wantKind)
			}
			if (kind == matchNone) != (err != nil) {
				t.Errorf("match error = %v with kind %v", err, kind)
			}
		})
	}
}

func TestMatchAllReportsWhatIsMissing(t *testing.T) {
	cod, err := readCodifier(strings.NewReader(tinyCodifier))
	if err != nil {
		t.Fatal(err)
	}
	feats := []sourceFeature{
		{ID: 1, Region: "Вінницька область", Raion: "Вінницький район", Hromada: "Агрономічна сільська громада"},
		{ID: 2, Region: "Вінницька область", Raion: "Вінницький район", Hromada: "Агрономічна селищна громада"},
		{ID: 3, Region: "Київ", Raion: "Київ", Hromada: "Київ"},
	}
	var rep Report
	_, err = matchAll(cod, feats, &rep)
	if !errors.Is(err, ErrIncomplete) {
		t.Fatalf("matchAll error = %v, want ErrIncomplete", err)
	}
	if rep.MatchedByName != 2 || rep.Direct != 1 || rep.Missing != 2 || len(rep.Problems) != 3 {
		t.Errorf("report = %+v, want 2 by name, 1 direct, 2 missing and 3 problems (one duplicate)", rep)
	}
}

func TestReadCodifierRejectsBrokenFiles(t *testing.T) {
	tests := []struct{ name, csv string }{
		{"a row with too few fields", "h;h;h;h;h;h;h\r\nUA05000000000010236;;O;Вінницька\r\n"},
		{"a bad code", "h;h;h;h;h;h;h\r\nUA05;;;;;O;Вінницька\r\n"},
		{"a hromada without its raion", "h;h;h;h;h;h;h\r\nUA05000000000010236;;;;;O;Вінницька\r\n" +
			"UA05000000000010236;UA05020000000026686;UA05020010000000001;;;H;Агрономічна\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := readCodifier(strings.NewReader(tt.csv)); err == nil {
				t.Error("readCodifier accepted it")
			}
		})
	}
}
