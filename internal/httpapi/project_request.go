package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
)

// A project is written as a plain JSON object of its properties, or as the
// GeoJSON Feature a client read (its geometry, derived from the sites, is
// then ignored). Problems name fields as properties.<member> in both cases:
// the path in the Feature the server returns and the client shows. The
// members are read one by one into a per-operation value, never bound onto
// the stored row, so that hromada_code, state or version cannot be set.

// projectWritable are the members a client may set.
var projectWritable = map[string]bool{"title": true, "description": true, "sector": true, "budget": true,
	"planned_start": true, "planned_end": true, "actual_start": true, "actual_end": true, "progress": true,
	"site_ids": true, "prozorro_ids": true, "dream_id": true, "milestones": true}

// projectReadOnly are the members the server sets; a client that sends
// back a project it read may include them, and they are ignored. The state
// is not among them: it changes only by a transition, and saying so beats
// ignoring it.
var projectReadOnly = map[string]bool{"id": true, "hromada_code": true, "hromada_name_uk": true, "hromada_name_en": true,
	"oblast_code": true, "oblast_name_uk": true, "oblast_name_en": true, "sites": true, "prozorro_links": true, "allowed_transitions": true, "demo": true,
	"version": true, "created_at": true, "updated_at": true, "verification": true, "verification_reason": true}

// parseProjectBody returns the members of a project body.
func parseProjectBody(body []byte) (props, error) {
	raw, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	if t, ok := raw["type"]; ok {
		var typ string
		if err := json.Unmarshal(t, &typ); err != nil || typ != "Feature" {
			return nil, domain.Invalid("type", `must be "Feature", or leave type out and send the properties alone`,
				`має бути "Feature", або пропустіть type і надішліть лише властивості`)
		}
		for _, k := range slices.Sorted(maps.Keys(raw)) {
			switch k {
			case "type", "properties", "geometry", "id", "bbox", "links":
			default:
				return nil, domain.Invalid(k, "unknown member of a Feature", "невідомий член об'єкта Feature")
			}
		}
		var p props
		if v, ok := raw["properties"]; ok && string(v) != "null" {
			if err := json.Unmarshal(v, &p); err != nil {
				return nil, domain.Invalid("properties", "must be an object", "має бути об'єктом")
			}
		}
		raw = p
	}
	p := props(raw)
	for _, k := range slices.Sorted(maps.Keys(p)) {
		switch {
		case k == "state":
			return nil, domain.Invalid("properties.state", "the state changes only by POST /api/v1/projects/{id}/transitions",
				"стан змінюється лише через POST /api/v1/projects/{id}/transitions")
		case !projectWritable[k] && !projectReadOnly[k]:
			return nil, domain.Invalid("properties."+k, "unknown property", "невідома властивість")
		}
	}
	return p, nil
}

// parseObject reads a body that must be one JSON object.
func parseObject(body []byte) (map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, badRequest{domain.Invalid("body", "the body is not a valid JSON object: "+err.Error(),
			"тіло запиту — не коректний об'єкт JSON: "+err.Error())}
	}
	if dec.More() {
		return nil, badRequest{domain.Invalid("body", "the body has more than one JSON value", "тіло запиту містить більше одного значення JSON")}
	}
	if raw == nil {
		return nil, domain.Invalid("body", "the body must be a JSON object", "тіло запиту має бути об'єктом JSON")
	}
	return raw, nil
}

// decodeProjectDraft reads a new project from a POST body.
func decodeProjectDraft(body []byte) (project.Draft, error) {
	p, err := parseProjectBody(body)
	if err != nil {
		return project.Draft{}, err
	}
	var d project.Draft
	for _, req := range []string{"title", "sector", "site_ids"} {
		if _, ok := p[req]; !ok {
			return d, domain.Invalid("properties."+req, "is required", "обов'язкове поле")
		}
	}
	var sector string
	if err := firstErr(p.str("title", &d.Title), p.str("description", &d.Description), p.str("sector", &sector),
		p.str("dream_id", &d.DreamID)); err != nil {
		return d, err
	}
	d.Sector = project.Sector(sector)
	if d.Budget, _, err = p.money("budget"); err != nil {
		return d, err
	}
	if d.PlannedStart, _, err = p.date("planned_start"); err != nil {
		return d, err
	}
	if d.PlannedEnd, _, err = p.date("planned_end"); err != nil {
		return d, err
	}
	for _, k := range []string{"actual_start", "actual_end", "progress"} {
		if _, ok := p[k]; ok {
			return d, domain.Invalid("properties."+k, "a new project has not started: set it later with PATCH",
				"новий проєкт ще не почався: задайте це пізніше через PATCH")
		}
	}
	if d.SiteIDs, err = p.ids("site_ids"); err != nil {
		return d, err
	}
	if d.ProzorroIDs, err = p.strs("prozorro_ids"); err != nil {
		return d, err
	}
	if d.Milestones, err = p.milestones("milestones"); err != nil {
		return d, err
	}
	return d, d.Validate()
}

// decodeProjectPatch reads a JSON Merge Patch (RFC 7396) of a project:
// members left out stay, null clears an optional value or empties a list.
func decodeProjectPatch(body []byte) (project.Patch, error) {
	p, err := parseProjectBody(body)
	if err != nil {
		return project.Patch{}, err
	}
	var pt project.Patch
	for _, k := range []string{"title", "sector", "site_ids", "progress"} {
		if string(p[k]) == "null" {
			return pt, domain.Invalid("properties."+k, "cannot be removed", "не можна видалити")
		}
	}
	optStr := func(k string) (*string, error) {
		if v, ok := p[k]; !ok || string(v) == "null" {
			return nil, nil
		}
		var s string
		return &s, p.str(k, &s)
	}
	if pt.Title, err = optStr("title"); err != nil {
		return pt, err
	}
	if pt.Description, err = optStr("description"); err != nil {
		return pt, err
	}
	if string(p["description"]) == "null" {
		pt.Description = new(string)
	}
	sector, err := optStr("sector")
	if err != nil {
		return pt, err
	}
	if sector != nil {
		s := project.Sector(*sector)
		pt.Sector = &s
	}
	if pt.DreamID, err = optStr("dream_id"); err != nil {
		return pt, err
	}
	pt.ClearDreamID = string(p["dream_id"]) == "null"
	if pt.Budget, pt.ClearBudget, err = p.money("budget"); err != nil {
		return pt, err
	}
	for _, d := range []struct {
		k     string
		v     **time.Time
		clear *bool
	}{{"planned_start", &pt.PlannedStart, &pt.ClearPlannedStart}, {"planned_end", &pt.PlannedEnd, &pt.ClearPlannedEnd},
		{"actual_start", &pt.ActualStart, &pt.ClearActualStart}, {"actual_end", &pt.ActualEnd, &pt.ClearActualEnd}} {
		if *d.v, *d.clear, err = p.date(d.k); err != nil {
			return pt, err
		}
	}
	if v, ok := p["progress"]; ok {
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return pt, domain.Invalid("properties.progress", "must be a whole number from 0 to 100", "має бути цілим числом від 0 до 100")
		}
		pt.Progress = &n
	}
	if _, ok := p["site_ids"]; ok {
		if pt.SiteIDs, err = p.ids("site_ids"); err != nil {
			return pt, err
		}
		if pt.SiteIDs == nil {
			pt.SiteIDs = []int64{}
		}
	}
	if _, ok := p["prozorro_ids"]; ok {
		if pt.ProzorroIDs, err = p.strs("prozorro_ids"); err != nil {
			return pt, err
		}
		if pt.ProzorroIDs == nil {
			pt.ProzorroIDs = []string{}
		}
	}
	if _, ok := p["milestones"]; ok {
		if pt.Milestones, err = p.milestones("milestones"); err != nil {
			return pt, err
		}
		if pt.Milestones == nil {
			pt.Milestones = []project.Milestone{}
		}
	}
	return pt, pt.Validate()
}

// ids reads a list of positive whole numbers; null is none.
func (p props) ids(k string) ([]int64, error) {
	var nums []json.Number
	if err := p.list(k, &nums); err != nil {
		return nil, err
	}
	var out []int64
	for _, n := range nums {
		id, err := strconv.ParseInt(n.String(), 10, 64)
		if err != nil || id < 1 {
			return nil, domain.Invalid("properties."+k, fmt.Sprintf("%s is not a site id: a positive whole number", n),
				fmt.Sprintf("%s — не ідентифікатор об'єкта: додатне ціле число", n))
		}
		out = append(out, id)
	}
	return out, nil
}

// strs reads a list of strings; null is none.
func (p props) strs(k string) ([]string, error) {
	var out []string
	return out, p.list(k, &out)
}

// list reads a JSON array into dst; null and absence leave dst alone.
func (p props) list(k string, dst any) error {
	v, ok := p[k]
	if !ok || string(v) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(dst); err != nil {
		return domain.Invalid("properties."+k, "must be a list", "має бути списком")
	}
	return nil
}

// milestones reads [{"title": …, "due_on": "YYYY-MM-DD", "done_on": …}].
func (p props) milestones(k string) ([]project.Milestone, error) {
	var raw []props
	if err := p.list(k, &raw); err != nil {
		return nil, domain.Invalid("properties."+k, `must be a list of {"title", "due_on", "done_on"}`,
			`має бути списком {"title", "due_on", "done_on"}`)
	}
	var out []project.Milestone
	for i, m := range raw {
		field := fmt.Sprintf("properties.%s[%d]", k, i)
		for _, name := range slices.Sorted(maps.Keys(m)) {
			if name != "title" && name != "due_on" && name != "done_on" {
				return nil, domain.Invalid(field+"."+name, "unknown member of a milestone", "невідомий член етапу")
			}
		}
		var ms project.Milestone
		var err error
		if err := json.Unmarshal(m["title"], &ms.Title); m["title"] != nil && err != nil {
			return nil, domain.Invalid(field+".title", "must be a string", "має бути рядком")
		}
		if ms.DueOn, _, err = m.date("due_on"); err != nil {
			return nil, domain.Invalid(field+".due_on", "must be a date written YYYY-MM-DD", "має бути датою у форматі РРРР-ММ-ДД")
		}
		if ms.DoneOn, _, err = m.date("done_on"); err != nil {
			return nil, domain.Invalid(field+".done_on", "must be a date written YYYY-MM-DD", "має бути датою у форматі РРРР-ММ-ДД")
		}
		out = append(out, ms)
	}
	return out, nil
}

// decodeTransition reads {"to": "<state>"}.
func decodeTransition(body []byte) (project.State, error) {
	raw, err := parseObject(body)
	if err != nil {
		return "", err
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if k != "to" {
			return "", domain.Invalid(k, `unknown member; send {"to": "<state>"}`, `невідомий член; надішліть {"to": "<стан>"}`)
		}
	}
	var to string
	if err := json.Unmarshal(raw["to"], &to); raw["to"] == nil || err != nil {
		return "", domain.Invalid("to", "the state to move to is required, as a string", "потрібен стан, у який перевести, як рядок")
	}
	st := project.State(to)
	return st, st.Validate("to")
}
