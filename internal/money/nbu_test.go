package money_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vidbudova/vidbudova/internal/money"
)

func TestParseNBU(t *testing.T) {
	type want struct {
		code  string
		date  string // dd.mm.yyyy
		units int64
		uah   string
		line  int
	}
	tests := []struct {
		name string
		file string
		want []want
	}{
		{
			name: "the open-data layout with commas and decimal points is read",
			file: "r030,txt,rate,cc,exchangedate\n" +
				"978,Євро,44.1234,EUR,27.11.2026\n" +
				"840,Долар США,41.5012,USD,27.11.2026\n",
			want: []want{{"EUR", "27.11.2026", 1, "44.1234", 2}, {"USD", "27.11.2026", 1, "41.5012", 3}},
		},
		{
			name: "semicolons, decimal commas, a byte order mark and CRLF are read",
			file: "\ufeffr030;txt;rate;cc;exchangedate\r\n978;Євро;44,1234;EUR;27.11.2026\r\n",
			want: []want{{"EUR", "27.11.2026", 1, "44.1234", 2}},
		},
		{
			name: "a decimal comma in a quoted field of a comma-separated file is read",
			file: "r030,txt,rate,cc,exchangedate\n985,\"Злотий\",\"11,6325\",PLN,01.01.2026\n",
			want: []want{{"PLN", "01.01.2026", 1, "11.6325", 2}},
		},
		{
			name: "the period layout with units keeps the units",
			file: "exchangedate,r030,cc,txt,enname,rate,units,rate_per_unit,group,calcdate\n" +
				"05.01.2015,392,JPY,Єна,Japanese yen,13.2112,100,0.132112,2,31.12.2014\n",
			want: []want{{"JPY", "05.01.2015", 100, "13.2112", 2}},
		},
		{
			name: "the website export in Ukrainian is read, with its units",
			file: "Дата;Час;Код цифровий;Код літерний;Кількість одиниць;Назва валюти;\"Офіційний курс гривні, грн\"\n" +
				"31.03.2015;00.00;840;USD;100;Долар США;2621,8056\n" +
				"31.03.2015;00.00;643;RUB;10;Російський рубль;3,8780\n",
			want: []want{{"USD", "31.03.2015", 100, "2621.8056", 2}, {"RUB", "31.03.2015", 10, "3.878", 3}},
		},
		{
			name: "the website export in English is read",
			file: "Date,Time,Digital code,Letter code,Unit,Currency name,\"Official hrivnya exchange rates, UAH\"\n" +
				"02.01.2024,00.00,978,EUR,1,Euro,\"41,9604\"\n",
			want: []want{{"EUR", "02.01.2024", 1, "41.9604", 2}},
		},
		{
			name: "headers are matched whatever their case and spacing",
			file: " R030 ; TXT ; Rate ; CC ; ExchangeDate \n978;Євро;44,1234;eur;2026-11-27\n",
			want: []want{{"EUR", "27.11.2026", 1, "44.1234", 2}},
		},
		{
			name: "bank metals and SDR are skipped",
			file: "r030,txt,rate,cc,exchangedate\n959,Золото,170123.45,XAU,27.11.2026\n960,СПЗ,56.7,XDR,27.11.2026\n978,Євро,44.1234,EUR,27.11.2026\n",
			want: []want{{"EUR", "27.11.2026", 1, "44.1234", 4}},
		},
		{
			name: "a row repeated with the same rate is read once",
			file: "r030,txt,rate,cc,exchangedate\n978,Євро,44.1234,EUR,27.11.2026\n978,Євро,44.12340,EUR,27.11.2026\n",
			want: []want{{"EUR", "27.11.2026", 1, "44.1234", 2}},
		},
		{
			name: "blank lines are skipped",
			file: "r030,txt,rate,cc,exchangedate\n\n978,Євро,44.1234,EUR,27.11.2026\n\n",
			want: []want{{"EUR", "27.11.2026", 1, "44.1234", 3}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := money.ParseNBU(strings.NewReader(tt.file))
			if err != nil {
				t.Fatalf("ParseNBU: %v", err)
			}
			if len(rows) != len(tt.want) {
				t.Fatalf("%d rows, want %d: %v", len(rows), len(tt.want), rows)
			}
			for i, w := range tt.want {
				r := rows[i]
				on, _ := time.Parse("02.01.2006", w.date)
				if r.Currency != w.code || !r.On.Equal(on) || r.Units != w.units || r.UAHText() != w.uah || r.Line != w.line || r.Source != "nbu" {
					t.Errorf("row %d = %v line %d source %s, want %+v", i, r.Rate, r.Line, r.Source, w)
				}
			}
		})
	}
}

func TestParseNBURefuses(t *testing.T) {
	const head = "r030,txt,rate,cc,exchangedate\n"
	tests := []struct {
		name string
		file string
		line int
	}{
		{name: "an empty file", file: "", line: 1},
		{name: "a header without rates", file: head, line: 1},
		{name: "an unknown layout", file: "currency,date,value\nEUR,2026-11-27,44.1\n", line: 1},
		{name: "the website layout without its units", file: "Дата;Код літерний;\"Офіційний курс гривні, грн\"\n27.11.2026;EUR;44,1\n", line: 1},
		{name: "a column named twice", file: "cc,cc,rate,exchangedate\nEUR,EUR,44,27.11.2026\n", line: 1},
		{name: "an unknown currency", file: head + "978,Євро,44.1234,EUR,27.11.2026\n000,?,1.0,ABC,27.11.2026\n", line: 3},
		{name: "a rate for the hryvnia", file: head + "980,Гривня,1,UAH,27.11.2026\n", line: 2},
		{name: "an American date", file: head + "978,Євро,44.1234,EUR,11/27/2026\n", line: 2},
		{name: "an impossible date", file: head + "978,Євро,44.1234,EUR,31.02.2026\n", line: 2},
		{name: "a date before the hryvnia", file: head + "978,Євро,4.1234,EUR,01.01.1995\n", line: 2},
		{name: "a rate with too many decimals", file: head + "978,Євро,44.123456789,EUR,27.11.2026\n", line: 2},
		{name: "a zero rate", file: head + "978,Євро,0,EUR,27.11.2026\n", line: 2},
		{name: "a negative rate", file: head + "978,Євро,-44.1,EUR,27.11.2026\n", line: 2},
		{name: "an empty rate", file: head + "978,Євро,,EUR,27.11.2026\n", line: 2},
		{name: "an unquoted decimal comma in a comma-separated file", file: head + "978,Євро,44,1234,EUR,27.11.2026\n", line: 2},
		{name: "a short line", file: head + "978,Євро,44.1234,EUR\n", line: 2},
		{name: "units that are not a power of ten", file: "exchangedate,cc,rate,units\n27.11.2026,JPY,27.5,50\n", line: 2},
		{name: "a bare quote", file: head + "978,Є\"вро,44.1,EUR,27.11.2026\n", line: 2},
		{name: "the same day with another rate", file: head + "978,Євро,44.1234,EUR,27.11.2026\n840,Долар,41.5,USD,27.11.2026\n978,Євро,44.2,EUR,27.11.2026\n", line: 4},
	}
	for _, tt := range tests {
		t.Run("it refuses "+tt.name, func(t *testing.T) {
			rows, err := money.ParseNBU(strings.NewReader(tt.file))
			var le *money.LineError
			if !errors.As(err, &le) {
				t.Fatalf("ParseNBU = %v, %v; want a *LineError", rows, err)
			}
			if le.Line != tt.line || le.Reason == "" || le.ReasonUK == "" {
				t.Errorf("error %+v, want line %d with reasons in both languages", le, tt.line)
			}
		})
	}
}
