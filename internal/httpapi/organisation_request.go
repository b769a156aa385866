package httpapi

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/vidbudova/vidbudova/internal/domain"
	"github.com/vidbudova/vidbudova/internal/project"
)

// organisationWritable are the members of a new organisation; read one by
// one into a draft, so that demo or version cannot be set.
var organisationWritable = []string{"name", "kind", "country", "website", "iati_org_id", "twinned_hromada_code"}

// decodeOrganisationDraft reads a new organisation from a POST body: a
// plain JSON object.
func decodeOrganisationDraft(body []byte) (project.OrganisationDraft, error) {
	raw, err := parseObject(body)
	if err != nil {
		return project.OrganisationDraft{}, err
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if !slices.Contains(organisationWritable, k) {
			return project.OrganisationDraft{}, domain.Invalid(k, "unknown member", "невідомий член")
		}
	}
	for _, req := range []string{"name", "kind", "country"} {
		if _, ok := raw[req]; !ok {
			return project.OrganisationDraft{}, domain.Invalid(req, "is required", "обов'язкове поле")
		}
	}
	var d project.OrganisationDraft
	var kind string
	for _, f := range []struct {
		k   string
		dst *string
	}{{"name", &d.Name}, {"kind", &kind}, {"country", &d.Country}, {"website", &d.Website},
		{"iati_org_id", &d.IATIOrgID}, {"twinned_hromada_code", &d.TwinnedHromadaCode}} {
		if v, ok := raw[f.k]; ok {
			if err := json.Unmarshal(v, f.dst); err != nil {
				return d, domain.Invalid(f.k, "must be a string", "має бути рядком")
			}
		}
	}
	d.Kind = project.Kind(kind)
	return d, d.Validate()
}
