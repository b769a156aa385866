package money

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// RateRow is one rate to store, with where it came from.
type RateRow struct {
	Rate
	Source string // "nbu" for the official rate, "demo" for DemoRates
	Line   int    // the line of the file it was read from; 0 when not from a file
}

// LineError says which line of a rates file is wrong and why, in English
// and in Ukrainian. Line 1 is the header.
type LineError struct {
	Line     int
	Reason   string
	ReasonUK string
}

func (e *LineError) Error() string {
	return fmt.Sprintf("rates file, line %d: %s", e.Line, e.Reason)
}

// nbuLayout is one of the CSV layouts in which the National Bank of
// Ukraine publishes its official rates, told apart by the header.
type nbuLayout struct {
	name                    string
	date, code, rate, units string // header names, normalised; units "" when the rate is per 1 unit
	unitsOptional           bool
}

// nbuLayouts are the layouts ParseNBU reads.
//
// The open-data service (bank.gov.ua/NBUStatService/v1/statdirectory/exchange)
// gives r030 (numeric code), txt (Ukrainian name), rate (UAH per 1 unit),
// cc (letter code) and exchangedate (dd.mm.yyyy); its period variant
// (NBU_Exchange/exchange_site) adds enname, units, rate_per_unit, group and
// calcdate, with rate then being the price of units units.
//
// The website's export of the official rate for a period ("Офіційний курс
// гривні щодо іноземних валют") has the columns Дата, Час, Код цифровий,
// Код літерний, Кількість одиниць, Назва валюти, "Офіційний курс гривні,
// грн" (English: Date, …, Letter code, Unit, …, "Official hrivnya exchange
// rates, UAH"), the rate being for Кількість одиниць units.
var nbuLayouts = []nbuLayout{
	{name: "NBU open data", date: "exchangedate", code: "cc", rate: "rate", units: "units", unitsOptional: true},
	{name: "bank.gov.ua export (Ukrainian)", date: "дата", code: "код літерний", rate: "офіційний курс гривні, грн", units: "кількість одиниць"},
	{name: "bank.gov.ua export (English)", date: "date", code: "letter code", rate: "official hrivnya exchange rates, uah", units: "unit"},
}

// notCurrencies are codes in the NBU's tables that money does not hold:
// the bank metals (priced per troy ounce) and the IMF's SDR.
var notCurrencies = map[string]bool{"XAU": true, "XAG": true, "XPT": true, "XPD": true, "XDR": true}

// hryvniaDay is the day the hryvnia was introduced; no rate is older.
var hryvniaDay = time.Date(1996, 9, 2, 0, 0, 0, 0, time.UTC)

// ParseNBU reads official rates from a CSV file in one of the National
// Bank of Ukraine's layouts (see nbuLayouts): UTF-8 with or without a byte
// order mark, fields separated by commas or semicolons, rates with a
// decimal point or comma, dates as dd.mm.yyyy (or yyyy-mm-dd). Columns the
// layout does not need are ignored; rows of bank metals and SDR are
// skipped; a row repeated with the same values is read once. Anything else
// is refused with a *LineError naming the line and the reason.
func ParseNBU(r io.Reader) ([]RateRow, error) {
	br := bufio.NewReader(r)
	first, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("rates file: %w", err)
	}
	first = strings.TrimPrefix(first, "\ufeff")
	if strings.TrimSpace(first) == "" {
		return nil, &LineError{Line: 1, Reason: "the file is empty or has no header", ReasonUK: "файл порожній або без заголовка"}
	}
	cr := csv.NewReader(io.MultiReader(strings.NewReader(first), br))
	cr.Comma = ','
	if strings.Contains(first, ";") {
		cr.Comma = ';'
	}
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err != nil {
		return nil, csvError(err)
	}
	lay, col, err := nbuHeader(header)
	if err != nil {
		return nil, err
	}

	var rows []RateRow
	seen := map[string]int{} // code and date → index in rows
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		field := func(name string) string { return strings.TrimSpace(rec[col[name]]) }

		code := strings.ToUpper(field(lay.code))
		if notCurrencies[code] {
			continue
		}
		if !IsCurrency(code) || code == "UAH" {
			return nil, &LineError{Line: line, Reason: fmt.Sprintf("%q is not a foreign currency code of ISO 4217", code),
				ReasonUK: fmt.Sprintf("%q не є кодом іноземної валюти за ISO 4217", code)}
		}
		on, ok := parseDay(field(lay.date))
		if !ok {
			return nil, &LineError{Line: line, Reason: fmt.Sprintf("the date %q is not dd.mm.yyyy", field(lay.date)),
				ReasonUK: fmt.Sprintf("дата %q не у форматі дд.мм.рррр", field(lay.date))}
		}
		if on.Before(hryvniaDay) {
			return nil, &LineError{Line: line, Reason: "the date is before the hryvnia existed (2 September 1996)",
				ReasonUK: "дата раніша за введення гривні (2 вересня 1996)"}
		}
		units := int64(1)
		if _, has := col[lay.units]; has && lay.units != "" {
			u, err := strconv.ParseInt(field(lay.units), 10, 64)
			if err != nil || !isPow10(u) {
				return nil, &LineError{Line: line, Reason: fmt.Sprintf("the number of units %q is not 1, 10, 100 …", field(lay.units)),
					ReasonUK: fmt.Sprintf("кількість одиниць %q не 1, 10, 100 …", field(lay.units))}
			}
			units = u
		}
		rate, err := ParseRate(code, on, units, field(lay.rate))
		if err != nil {
			return nil, &LineError{Line: line, Reason: fmt.Sprintf("the rate %q is not a positive number with at most %d decimal places", field(lay.rate), RateScale),
				ReasonUK: fmt.Sprintf("курс %q не є додатним числом з не більш ніж %d знаками після коми", field(lay.rate), RateScale)}
		}
		key := code + on.Format(time.DateOnly)
		if i, dup := seen[key]; dup {
			if rows[i].perUnit().Cmp(rate.perUnit()) == 0 {
				continue
			}
			return nil, &LineError{Line: line, Reason: fmt.Sprintf("%s on %s has another rate on line %d", code, on.Format("02.01.2006"), rows[i].Line),
				ReasonUK: fmt.Sprintf("для %s на %s у рядку %d інший курс", code, on.Format("02.01.2006"), rows[i].Line)}
		}
		seen[key] = len(rows)
		rows = append(rows, RateRow{Rate: rate, Source: "nbu", Line: line})
	}
	if len(rows) == 0 {
		return nil, &LineError{Line: 1, Reason: "the file has a header but no rates", ReasonUK: "у файлі є заголовок, але немає курсів"}
	}
	return rows, nil
}

// nbuHeader finds the layout the header belongs to and where its columns are.
func nbuHeader(header []string) (nbuLayout, map[string]int, error) {
	col := make(map[string]int, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(h, "\ufeff")), " "))
		if _, dup := col[name]; dup && name != "" {
			return nbuLayout{}, nil, &LineError{Line: 1, Reason: fmt.Sprintf("the column %q appears twice", h),
				ReasonUK: fmt.Sprintf("стовпець %q повторюється", h)}
		}
		col[name] = i
	}
	for _, l := range nbuLayouts {
		_, d := col[l.date]
		_, c := col[l.code]
		_, r := col[l.rate]
		_, u := col[l.units]
		if d && c && r && (u || l.unitsOptional) {
			return l, col, nil
		}
	}
	return nbuLayout{}, nil, &LineError{Line: 1,
		Reason: "the header is not one of the NBU's layouts: expected r030,txt,rate,cc,exchangedate (open data) " +
			`or Дата;…;Код літерний;Кількість одиниць;…;"Офіційний курс гривні, грн" (bank.gov.ua export)`,
		ReasonUK: "заголовок не відповідає жодному формату НБУ: очікується r030,txt,rate,cc,exchangedate (відкриті дані) " +
			`або Дата;…;Код літерний;Кількість одиниць;…;"Офіційний курс гривні, грн" (вивантаження з bank.gov.ua)`}
}

// csvError turns the CSV reader's error into a *LineError.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := pe.Err.Error()
		reasonUK := "рядок CSV некоректний: " + reason
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			reason = "the line has another number of fields than the header (a decimal comma in a comma-separated file must be in quotes)"
			reasonUK = "у рядку інша кількість полів, ніж у заголовку (десяткова кома у файлі з комами-роздільниками має бути в лапках)"
		}
		return &LineError{Line: pe.Line, Reason: reason, ReasonUK: reasonUK}
	}
	return fmt.Errorf("rates file: %w", err)
}

// parseDay reads dd.mm.yyyy or yyyy-mm-dd.
func parseDay(s string) (time.Time, bool) {
	for _, layout := range []string{"02.01.2006", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
