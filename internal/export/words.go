package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/vidbudova/vidbudova/internal/history"
	"github.com/vidbudova/vidbudova/internal/money"
)

// Words say what a change did, in Ukrainian and in English.
type Words struct {
	TitleUK, TitleEN string
	TextUK, TextEN   string
}

type pair struct{ uk, en string }

// The words of the values a reader sees, as the map names them.
var (
	sectorWords = map[string]pair{
		"housing": {"Житло", "Housing"}, "education": {"Освіта", "Education"},
		"health": {"Охорона здоров'я", "Health"}, "energy": {"Енергетика", "Energy"},
		"water": {"Водопостачання", "Water"}, "transport": {"Транспорт", "Transport"},
		"administrative": {"Адміністративні будівлі", "Administrative"}, "culture": {"Культура", "Culture"},
		"other": {"Інше", "Other"},
	}
	damageWords = map[string]pair{
		"light": {"незначні", "light"}, "moderate": {"помірні", "moderate"},
		"severe": {"значні", "severe"}, "destroyed": {"зруйновано", "destroyed"},
	}
	stateWords = map[string]pair{
		"draft": {"чернетка", "draft"}, "seeking_funding": {"шукає фінансування", "seeking funding"},
		"funded": {"профінансовано", "funded"}, "in_progress": {"триває", "in progress"},
		"completed": {"завершено", "completed"}, "suspended": {"призупинено", "suspended"},
		"cancelled": {"скасовано", "cancelled"},
	}
	verificationWords = map[string]pair{
		"reported": {"повідомлено", "reported"}, "verified": {"перевірено", "verified"},
		"rejected": {"відхилено", "rejected"},
	}
	kindWords = map[string]pair{
		"pledge": {"Обіцянка", "Pledge"}, "commitment": {"Зобов'язання", "Commitment"},
		"disbursement": {"Виплата", "Disbursement"},
	}
)

// label gives a value's words, or the value itself.
func label(words map[string]pair, v string) (string, string) {
	if w, ok := words[v]; ok {
		return w.uk, w.en
	}
	return v, v
}

// field is a recorded column as a reader names it; text columns say only
// that they changed (their words are on the object's page), and values
// names the words of an enumeration.
type field struct {
	key      string
	name     pair
	text     bool
	values   map[string]pair
	currency string // for an amount in minor units: the key of its currency
}

// fields lists the columns a change mentions, in the order it mentions
// them; bookkeeping columns (ids, who made it, amounts converted to UAH
// and EUR) are left out.
var fields = []field{
	{key: "title", name: pair{"назва", "title"}, text: true},
	{key: "name", name: pair{"назва", "name"}, text: true},
	{key: "state", name: pair{"стан", "state"}, values: stateWords},
	{key: "verification", name: pair{"перевірка", "verification"}, values: verificationWords},
	{key: "verification_reason", name: pair{"причина рішення", "reason for the decision"}, text: true},
	{key: "category", name: pair{"категорія", "category"}, values: sectorWords},
	{key: "sector", name: pair{"сектор", "sector"}, values: sectorWords},
	{key: "damage", name: pair{"пошкодження", "damage"}, values: damageWords},
	{key: "damaged_on", name: pair{"дата пошкодження", "date of damage"}},
	{key: "kind", name: pair{"вид", "kind"}, values: kindWords},
	{key: "estimated_cost_minor", name: pair{"оцінена вартість", "estimated cost"}, currency: "currency"},
	{key: "budget_minor", name: pair{"кошторис", "budget"}, currency: "budget_currency"},
	{key: "amount_minor", name: pair{"сума", "amount"}, currency: "currency"},
	{key: "currency", name: pair{"валюта", "currency"}},
	{key: "budget_currency", name: pair{"валюта кошторису", "budget currency"}},
	{key: "on_date", name: pair{"дата", "date"}},
	{key: "planned_start", name: pair{"запланований початок", "planned start"}},
	{key: "planned_end", name: pair{"заплановане завершення", "planned end"}},
	{key: "actual_start", name: pair{"фактичний початок", "actual start"}},
	{key: "actual_end", name: pair{"фактичне завершення", "actual end"}},
	{key: "progress", name: pair{"поступ, %", "progress, %"}},
	{key: "prozorro_ids", name: pair{"закупівлі Prozorro", "Prozorro tenders"}},
	{key: "dream_id", name: pair{"ідентифікатор DREAM", "DREAM id"}},
	{key: "sensitive", name: pair{"чутливий", "sensitive"}},
	{key: "demo", name: pair{"позначка «демо»", "demo mark"}},
	{key: "geometry", name: pair{"місце", "place"}, text: true},
	{key: "oblast_code", name: pair{"область", "oblast"}},
	{key: "hromada_code", name: pair{"громада", "hromada"}},
	{key: "description", name: pair{"опис", "description"}, text: true},
	{key: "note", name: pair{"примітка", "note"}, text: true},
	{key: "body", name: pair{"текст", "text"}, text: true},
}

// Describe says what a change did. It reads only what the entry holds,
// which the store has already cut to what the viewer may see.
func Describe(c Change) Words {
	var changes map[string]json.RawMessage
	json.Unmarshal(c.Changes, &changes) //nolint:errcheck // an entry that is not an object says nothing more
	subject := objectName(c)
	var w Words
	switch c.Action {
	case "create":
		w = created(c, changes, subject)
	case "delete":
		w.TitleUK, w.TitleEN = subject.uk+" вилучено", subject.en+" deleted"
	default:
		uk, en := changedFields(changes)
		w.TitleUK, w.TitleEN = subject.uk+" оновлено", subject.en+" updated"
		if len(uk) > 0 {
			w.TitleUK = subject.uk + ": змінено " + names(changes, true)
			w.TitleEN = subject.en + ": " + names(changes, false) + " changed"
			w.TextUK, w.TextEN = strings.Join(uk, "; ")+".", strings.Join(en, "; ")+"."
		}
	}
	if w.TextUK == "" {
		w.TextUK, w.TextEN = w.TitleUK+".", w.TitleEN+"."
	}
	if c.Actor != nil {
		w.TextUK += " Автор: " + actorName(c.Actor) + "."
		w.TextEN += " By " + actorName(c.Actor) + "."
	}
	return w
}

func objectName(c Change) pair {
	id := strconv.FormatInt(c.ObjectID, 10)
	project := strconv.FormatInt(c.ProjectID, 10)
	switch c.Object {
	case history.Site:
		return pair{"Об'єкт № " + id, "Site " + id}
	case history.Project:
		return pair{"Проєкт № " + id, "Project " + id}
	case ObjectFunding:
		return pair{"Фінансування проєкту № " + project, "Funding of project " + project}
	case ObjectUpdate:
		return pair{"Звіт про поступ проєкту № " + project, "Progress update of project " + project}
	}
	return pair{c.Object + " " + id, c.Object + " " + id}
}

func created(c Change, changes map[string]json.RawMessage, subject pair) Words {
	str := func(k string) string {
		var s string
		json.Unmarshal(changes[k], &s) //nolint:errcheck // absent: ""
		return s
	}
	num := func(k string) (int64, bool) {
		var n *int64
		json.Unmarshal(changes[k], &n) //nolint:errcheck // absent: nil
		if n == nil {
			return 0, false
		}
		return *n, true
	}
	var w Words
	switch c.Object {
	case history.Site:
		cu, ce := label(sectorWords, str("category"))
		du, de := label(damageWords, str("damage"))
		w.TitleUK, w.TitleEN = subject.uk+" додано", subject.en+" reported"
		w.TextUK = fmt.Sprintf("%s: %s, пошкодження — %s.", w.TitleUK, strings.ToLower(cu), du)
		w.TextEN = fmt.Sprintf("%s: %s, damage %s.", w.TitleEN, strings.ToLower(ce), de)
	case history.Project:
		su, se := label(sectorWords, str("sector"))
		w.TitleUK, w.TitleEN = subject.uk+" створено", subject.en+" created"
		w.TextUK = fmt.Sprintf("%s: «%s», %s.", w.TitleUK, str("title"), strings.ToLower(su))
		w.TextEN = fmt.Sprintf("%s: “%s”, %s.", w.TitleEN, str("title"), strings.ToLower(se))
		if n, ok := num("budget_minor"); ok {
			a := money.Amount{Minor: n, Currency: str("budget_currency")}
			w.TextUK += " Кошторис: " + money.Format(a, "uk") + "."
			w.TextEN += " Budget: " + money.Format(a, "en") + "."
		}
	case ObjectFunding:
		ku, ke := label(kindWords, str("kind"))
		n, _ := num("amount_minor")
		a := money.Amount{Minor: n, Currency: str("currency")}
		w.TitleUK = fmt.Sprintf("%s: %s, %s", subject.uk, strings.ToLower(ku), money.Format(a, "uk"))
		w.TitleEN = fmt.Sprintf("%s: %s of %s", subject.en, strings.ToLower(ke), money.Format(a, "en"))
		w.TextUK = fmt.Sprintf("%s %s від %s, %s.", ku, money.Format(a, "uk"), orUK(c.OrganisationName, "організації"), str("on_date"))
		w.TextEN = fmt.Sprintf("%s of %s by %s, %s.", ke, money.Format(a, "en"), orUK(c.OrganisationName, "an organisation"), str("on_date"))
	case ObjectUpdate:
		w.TitleUK, w.TitleEN = subject.uk, subject.en
		w.TextUK, w.TextEN = subject.uk+", "+str("on_date"), subject.en+", "+str("on_date")
		if n, ok := num("progress"); ok {
			w.TextUK += fmt.Sprintf(": поступ %d %%", n)
			w.TextEN += fmt.Sprintf(": %d%% done", n)
		}
		if body := excerpt(str("body"), 280); body != "" {
			w.TextUK += ". " + body
			w.TextEN += ". " + body
		}
		w.TextUK, w.TextEN = sentence(w.TextUK), sentence(w.TextEN)
	default:
		w.TitleUK, w.TitleEN = subject.uk+" створено", subject.en+" created"
	}
	return w
}

// changedFields says, field by field, what an update changed: the old and
// the new value, or for text only that it changed.
func changedFields(changes map[string]json.RawMessage) (uk, en []string) {
	for _, f := range fields {
		raw, ok := changes[f.key]
		if !ok {
			continue
		}
		var d struct{ Before, After json.RawMessage }
		json.Unmarshal(raw, &d) //nolint:errcheck // then no values are shown
		if f.text || d.Before == nil && d.After == nil {
			uk = append(uk, f.name.uk+" змінено")
			en = append(en, f.name.en+" changed")
			continue
		}
		var bu, be, au, ae string
		if f.currency != "" {
			// An amount is shown with its currency, which the change
			// holds only when the currency changed too.
			var cur struct{ Before, After *string }
			json.Unmarshal(changes[f.currency], &cur) //nolint:errcheck // absent: no values
			if cur.Before == nil && cur.After == nil {
				uk = append(uk, f.name.uk+" змінено")
				en = append(en, f.name.en+" changed")
				continue
			}
			bu, be = amount(d.Before, cur.Before)
			au, ae = amount(d.After, cur.After)
		} else {
			bu, be = value(f, d.Before)
			au, ae = value(f, d.After)
		}
		uk = append(uk, f.name.uk+": "+bu+" → "+au)
		en = append(en, f.name.en+": "+be+" → "+ae)
	}
	return uk, en
}

// names lists the changed fields' names.
func names(changes map[string]json.RawMessage, uk bool) string {
	var out []string
	for _, f := range fields {
		if _, ok := changes[f.key]; ok {
			out = append(out, map[bool]string{true: f.name.uk, false: f.name.en}[uk])
		}
	}
	if len(out) == 0 {
		return map[bool]string{true: "дані", false: "data"}[uk]
	}
	return strings.Join(out, ", ")
}

// amount writes minor units of a currency as people read money.
func amount(raw json.RawMessage, currency *string) (string, string) {
	var n *int64
	if json.Unmarshal(raw, &n) != nil || n == nil || currency == nil {
		return "—", "—"
	}
	a := money.Amount{Minor: *n, Currency: *currency}
	return money.Format(a, "uk"), money.Format(a, "en")
}

// value writes one recorded value in words.
func value(f field, raw json.RawMessage) (string, string) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "—", "—"
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "?", "?"
	}
	switch v := v.(type) {
	case string:
		if f.values != nil {
			return label(f.values, v)
		}
		return v, v
	case bool:
		if v {
			return "так", "yes"
		}
		return "ні", "no"
	case float64:
		s := strconv.FormatFloat(v, 'f', -1, 64)
		return s, s
	case []any:
		parts := make([]string, len(v))
		for i, p := range v {
			parts[i] = fmt.Sprint(p)
		}
		s := strings.Join(parts, ", ")
		if s == "" {
			return "—", "—"
		}
		return s, s
	}
	return "…", "…"
}

func actorName(a *history.Actor) string {
	if strings.TrimSpace(a.Name) != "" {
		return a.Name
	}
	return a.Role
}

// sentence ends s with a full stop unless it ends a sentence already.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "…") {
		return s
	}
	return s + "."
}

// excerpt cuts s to at most n characters, at a space where it can.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
