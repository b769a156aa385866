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
	"github.com/vidbudova/vidbudova/internal/geo"
	"github.com/vidbudova/vidbudova/internal/site"
)

// siteBody is a site as a client sends it: a GeoJSON Feature. Properties
// are read one by one into a per-operation value, never bound onto the
// stored row, so fields such as verification cannot be set this way.
type siteBody struct {
	Type       string          `json:"type"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties map[string]json.RawMessage
}

// readOnly are the properties the server sets; a client that sends back a
// feature it read may include them, and they are ignored.
var readOnly = map[string]bool{"oblast_code": true, "hromada_code": true, "hromada_name_uk": true, "hromada_name_en": true,
	"verification": true, "verification_reason": true, "demo": true, "version": true, "created_at": true, "updated_at": true, "id": true}

func parseSiteBody(body []byte, requireFeature bool) (siteBody, error) {
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return siteBody{}, badRequest{domain.Invalid("body", "the body is not valid JSON: "+err.Error(),
			"тіло запиту — некоректний JSON: "+err.Error())}
	}
	if dec.More() {
		return siteBody{}, badRequest{domain.Invalid("body", "the body has more than one JSON value", "тіло запиту містить більше одного значення JSON")}
	}
	var b siteBody
	// The type first, so that a FeatureCollection is told it is not a
	// Feature rather than which of its members is unknown.
	if v, ok := raw["type"]; ok {
		if err := json.Unmarshal(v, &b.Type); err != nil || b.Type != "Feature" {
			return b, domain.Invalid("type", `must be "Feature"`, `має бути "Feature"`)
		}
	}
	keys := slices.Sorted(maps.Keys(raw))
	for _, k := range keys {
		v := raw[k]
		switch k {
		case "type":
		case "geometry":
			b.Geometry = v
		case "properties":
			if string(v) != "null" {
				if err := json.Unmarshal(v, &b.Properties); err != nil {
					return b, domain.Invalid("properties", "must be an object", "має бути об'єктом")
				}
			}
		case "id", "bbox", "links":
		default:
			return b, domain.Invalid(k, "unknown member of a Feature", "невідомий член об'єкта Feature")
		}
	}
	if requireFeature && b.Type == "" {
		return b, domain.Invalid("type", `must be "Feature"`, `має бути "Feature"`)
	}
	return b, nil
}

// decodeDraft reads a new site from a POST body.
func decodeDraft(body []byte, now time.Time) (site.Draft, error) {
	b, err := parseSiteBody(body, true)
	if err != nil {
		return site.Draft{}, err
	}
	var d site.Draft
	if d.Geometry, err = geo.ParseGeometry(b.Geometry, "geometry", geo.MaxVertices, site.GeometryTypes...); err != nil {
		return d, err
	}
	p := props(b.Properties)
	if err := p.known(); err != nil {
		return d, err
	}
	for _, req := range []string{"category", "damage"} {
		if _, ok := b.Properties[req]; !ok {
			return d, domain.Invalid("properties."+req, "is required", "обов'язкове поле")
		}
	}
	var cat, dmg string
	if err := firstErr(p.str("name", &d.Name), p.str("description", &d.Description), p.str("category", &cat),
		p.str("damage", &dmg)); err != nil {
		return d, err
	}
	d.Category, d.Damage = site.Category(cat), site.Damage(dmg)
	if d.DamagedOn, _, err = p.date("damaged_on"); err != nil {
		return d, err
	}
	if d.EstimatedCost, _, err = p.money("estimated_cost"); err != nil {
		return d, err
	}
	if sens, err := p.boolean("sensitive"); err != nil {
		return d, err
	} else if sens != nil {
		d.Sensitive = *sens
	}
	return d, d.Validate(now)
}

// decodePatch reads a JSON Merge Patch (RFC 7396) of a site: members left
// out stay, null clears an optional value.
func decodePatch(body []byte, now time.Time) (site.Patch, error) {
	b, err := parseSiteBody(body, false)
	if err != nil {
		return site.Patch{}, err
	}
	var pt site.Patch
	if b.Geometry != nil {
		if pt.Geometry, err = geo.ParseGeometry(b.Geometry, "geometry", geo.MaxVertices, site.GeometryTypes...); err != nil {
			return pt, err
		}
	}
	p := props(b.Properties)
	if err := p.known(); err != nil {
		return pt, err
	}
	optStr := func(k string) (*string, error) {
		if _, ok := p[k]; !ok {
			return nil, nil
		}
		var s string
		return &s, p.str(k, &s)
	}
	if pt.Name, err = optStr("name"); err != nil {
		return pt, err
	}
	if pt.Description, err = optStr("description"); err != nil {
		return pt, err
	}
	cat, err := optStr("category")
	if err != nil {
		return pt, err
	}
	if cat != nil {
		c := site.Category(*cat)
		pt.Category = &c
	}
	dmg, err := optStr("damage")
	if err != nil {
		return pt, err
	}
	if dmg != nil {
		d := site.Damage(*dmg)
		pt.Damage = &d
	}
	if pt.DamagedOn, pt.ClearDamagedOn, err = p.date("damaged_on"); err != nil {
		return pt, err
	}
	if pt.EstimatedCost, pt.ClearEstimatedCost, err = p.money("estimated_cost"); err != nil {
		return pt, err
	}
	if pt.Sensitive, err = p.boolean("sensitive"); err != nil {
		return pt, err
	}
	return pt, pt.Validate(now)
}

// props reads a site's writable properties with precise field names.
type props map[string]json.RawMessage

var writable = map[string]bool{"name": true, "description": true, "category": true, "damage": true,
	"damaged_on": true, "estimated_cost": true, "sensitive": true}

func (p props) known() error {
	for _, k := range slices.Sorted(maps.Keys(p)) {
		if !writable[k] && !readOnly[k] {
			return domain.Invalid("properties."+k, "unknown property", "невідома властивість")
		}
	}
	return nil
}

func (p props) str(k string, dst *string) error {
	v, ok := p[k]
	if !ok {
		return nil
	}
	if err := json.Unmarshal(v, dst); err != nil {
		return domain.Invalid("properties."+k, "must be a string", "має бути рядком")
	}
	return nil
}

// boolean reads true or false; absent is nil.
func (p props) boolean(k string) (*bool, error) {
	v, ok := p[k]
	if !ok {
		return nil, nil
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		return nil, domain.Invalid("properties."+k, "must be true or false", "має бути true або false")
	}
	return &b, nil
}

// date reads "YYYY-MM-DD"; null clears.
func (p props) date(k string) (*time.Time, bool, error) {
	v, ok := p[k]
	if !ok {
		return nil, false, nil
	}
	if string(v) == "null" {
		return nil, true, nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return &t, false, nil
		}
	}
	return nil, false, domain.Invalid("properties."+k, "must be a date written YYYY-MM-DD", "має бути датою у форматі РРРР-ММ-ДД")
}

// money reads {"amount_minor": integer, "currency": "UAH"}; null clears.
func (p props) money(k string) (*site.Money, bool, error) {
	v, ok := p[k]
	if !ok {
		return nil, false, nil
	}
	if string(v) == "null" {
		return nil, true, nil
	}
	field := "properties." + k
	var m struct {
		AmountMinor json.Number `json:"amount_minor"`
		Currency    string      `json:"currency"`
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, false, domain.Invalid(field, `must be {"amount_minor": whole number of kopiykas or cents, "currency": "UAH"}`,
			`має бути {"amount_minor": ціле число копійок чи центів, "currency": "UAH"}`)
	}
	n, err := strconv.ParseInt(m.AmountMinor.String(), 10, 64)
	if err != nil {
		return nil, false, domain.Invalid(field+".amount_minor",
			fmt.Sprintf("must be a whole number of minor units (kopiykas, cents), got %q", m.AmountMinor.String()),
			fmt.Sprintf("має бути цілим числом дрібних одиниць (копійок, центів), а надіслано %q", m.AmountMinor.String()))
	}
	return &site.Money{AmountMinor: n, Currency: m.Currency}, false, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
