package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/vidbudova/vidbudova/internal/site"
)

func TestCSVCells(t *testing.T) {
	for _, tc := range []struct {
		name, in, out string
	}{
		{"plain text stays as it is", "Школа № 5", "Школа № 5"},
		{"an empty cell stays empty", "", ""},
		{"a formula gets a quote in front", "=SUM(A1:A9)", "'=SUM(A1:A9)"},
		{"a plus gets a quote in front", "+380 57 700 00 00", "'+380 57 700 00 00"},
		{"a minus gets a quote in front", "-2+3", "'-2+3"},
		{"an at sign gets a quote in front", "@SUM(1)", "'@SUM(1)"},
		{"a leading tab gets a quote in front", "\t=1", "'\t=1"},
		{"a leading carriage return gets a quote in front, and quotes", "\r=1", "\"'\r=1\""},
		{"a comma is quoted", "вул. Сумська, 10", `"вул. Сумська, 10"`},
		{"a quote is doubled and quoted", `ліцей "Обрій"`, `"ліцей ""Обрій"""`},
		{"a line break is quoted", "дах\nі стіни", "\"дах\nі стіни\""},
		{"a formula with a comma is quoted and neutralised", `=HYPERLINK("x","y")`, `"'=HYPERLINK(""x"",""y"")"`},
		{"a sign inside the text is left alone", "Київ-Пасажирський", "Київ-Пасажирський"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendCell(nil, tc.in)); got != tc.out+"," {
				t.Errorf("%q became %q, want %q", tc.in, got, tc.out+",")
			}
			if got := string(appendCell(nil, []byte(tc.in))); got != tc.out+"," {
				t.Errorf("as bytes %q became %q", tc.in, got)
			}
		})
	}
}

func TestCSVTable(t *testing.T) {
	var b bytes.Buffer
	c := NewCSV(&b, []Column{{"name", "#loc+name"}, {"value", "#value"}}, true)
	c.String("=1, \"a\"")
	c.Money(1850000050, "UAH")
	if err := c.End(); err != nil {
		t.Fatal(err)
	}
	c.String("")
	c.Money(500, "JPY")
	c.End() //nolint:errcheck // Flush reports it
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffname,value\r\n#loc+name,#value\r\n\"'=1, \"\"a\"\"\",18500000.50\r\n,500\r\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), bom))).ReadAll()
	if err != nil || len(rows) != 4 || rows[2][0] != `'=1, "a"` {
		t.Errorf("the table does not read back: %v %q", err, rows)
	}
}

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{0, "UAH", "0.00"}, {5, "UAH", "0.05"}, {123456, "EUR", "1234.56"}, {-150, "UAH", "-1.50"},
		{500, "JPY", "500"}, {1234, "KWD", "1.234"}, {1000000000000000, "UAH", "10000000000000.00"},
	} {
		if got := decimal(tc.minor, tc.currency); got != tc.want {
			t.Errorf("%d %s: %s, want %s", tc.minor, tc.currency, got, tc.want)
		}
	}
}

func TestWriteSite(t *testing.T) {
	var b bytes.Buffer
	c := NewCSV(&b, SiteColumns, false)
	at := time.Date(2026, 3, 14, 9, 12, 45, 0, time.UTC)
	sensitive := site.Site{ID: 7, Name: []byte{}, Description: []byte{}, Category: []byte("energy"), Damage: []byte("severe"),
		Verification: []byte("reported"), Sensitive: true, OblastCode: []byte("UA63000000000041885"),
		OblastNameUK: []byte("Харківська область"), OblastNameEN: []byte("Kharkiv Oblast"),
		HromadaCode: []byte("UA63120270000028556"), HromadaNameUK: []byte("Харківська"), HromadaNameEN: []byte("Kharkivska"),
		IsPoint: true, Lon: 36.2304004, Lat: 49.99350049, CreatedAt: at, UpdatedAt: at}
	footprint := site.Site{ID: 8, Name: []byte("Будинок"), Category: []byte("housing"), Damage: []byte("light"),
		Verification: []byte("verified"), OblastCode: []byte("UA63000000000041885"), CreatedAt: at, UpdatedAt: at,
		Polygon: orb.Polygon{{{36, 50}, {36.002, 50}, {36.002, 50.002}, {36, 50.002}, {36, 50}}}}
	if err := c.WriteSite(&sensitive, "https://vidbudova.example/api/v1"); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteSite(&footprint, "https://vidbudova.example/api/v1"); err != nil {
		t.Fatal(err)
	}
	c.Flush() //nolint:errcheck
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), bom))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows[0]) != len(SiteColumns) || len(rows[1]) != len(SiteColumns) {
		t.Fatalf("%d and %d cells, want %d", len(rows[0]), len(rows[1]), len(SiteColumns))
	}
	want := []string{"7", "", "", "energy", "severe", "", "", "", "reported", "true", "UA63000000000041885",
		"Харківська область", "Kharkiv Oblast", "UA63120270000028556", "Харківська", "Kharkivska", "36.2304", "49.9935", "Point",
		"2026-03-14T09:12:45Z", "2026-03-14T09:12:45Z", "https://vidbudova.example/api/v1/sites/7"}
	if strings.Join(rows[1], "|") != strings.Join(want, "|") {
		t.Errorf("row\n%q\nwant\n%q", rows[1], want)
	}
	if rows[2][16] != "36.001" || rows[2][17] != "50.001" || rows[2][18] != "Polygon" {
		t.Errorf("a footprint's point %q %q %q", rows[2][16], rows[2][17], rows[2][18])
	}
}
