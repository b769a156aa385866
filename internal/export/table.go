package export

import (
	"strconv"
	"strings"

	"github.com/vidbudova/vidbudova/internal/site"
)

// SiteColumns are the columns of the sites table. Hromadas are the third
// level of Ukraine's administrative units (oblast, raion, hromada), hence
// #adm3.
var SiteColumns = []Column{
	{"id", "#meta+id"},
	{"name", "#loc+name"},
	{"description", "#description"},
	{"category", "#sector"},
	{"damage", "#severity"},
	{"damaged_on", "#date+damaged"},
	{"estimated_cost", "#value+cost"},
	{"currency", "#currency"},
	{"verification", "#status"},
	{"sensitive", "#meta+sensitive"},
	{"oblast_code", "#adm1+code"},
	{"oblast_name_uk", "#adm1+name+i_uk"},
	{"oblast_name_en", "#adm1+name+i_en"},
	{"hromada_code", "#adm3+code"},
	{"hromada_name_uk", "#adm3+name+i_uk"},
	{"hromada_name_en", "#adm3+name+i_en"},
	{"lon", "#geo+lon"},
	{"lat", "#geo+lat"},
	{"geometry_type", "#geo+type"},
	{"created_at", "#date+reported"},
	{"updated_at", "#date+updated"},
	{"url", "#meta+url"},
}

// WriteSite writes a site as a row of SiteColumns; base is the API's
// address ("https://…/api/v1"). A footprint is given by its point on
// surface, a point that lies inside it.
func (c *CSV) WriteSite(v *site.Site, base string) error {
	c.Int(v.ID)
	c.Text(v.Name)
	c.Text(v.Description)
	c.Text(v.Category)
	c.Text(v.Damage)
	if v.HasDamagedOn {
		c.Date(&v.DamagedOn)
	} else {
		c.String("")
	}
	if v.Currency != nil {
		c.Money(v.CostMinor, string(v.Currency))
	} else {
		c.String("")
	}
	c.Text(v.Currency)
	c.Text(v.Verification)
	c.Bool(v.Sensitive)
	c.Text(v.OblastCode)
	c.Text(v.OblastNameUK)
	c.Text(v.OblastNameEN)
	c.Text(v.HromadaCode)
	c.Text(v.HromadaNameUK)
	c.Text(v.HromadaNameEN)
	lon, lat, kind := v.Lon, v.Lat, "Point"
	if !v.IsPoint {
		p := PointOnSurface(v.Polygon)
		lon, lat, kind = p[0], p[1], "Polygon"
	}
	c.Coord(lon)
	c.Coord(lat)
	c.String(kind)
	c.Time(v.CreatedAt)
	c.Time(v.UpdatedAt)
	c.String(base + "/sites/" + strconv.FormatInt(v.ID, 10))
	return c.End()
}

// ProjectColumns are the columns of the projects table. Money is in major
// units (hryvnias, euros) with a decimal point; the totals are in UAH at
// the official rates of each record's date.
var ProjectColumns = []Column{
	{"id", "#activity+code"},
	{"title", "#activity+name"},
	{"description", "#description"},
	{"sector", "#sector"},
	{"state", "#status"},
	{"verification", "#meta+verification"},
	{"budget", "#value+budget"},
	{"budget_currency", "#currency+budget"},
	{"needed_uah", "#value+needed+uah"},
	{"pledged_uah", "#value+pledged+uah"},
	{"committed_uah", "#value+committed+uah"},
	{"disbursed_uah", "#value+disbursed+uah"},
	{"gap_uah", "#value+gap+uah"},
	{"funders", "#org+funder"},
	{"planned_start", "#date+start+planned"},
	{"planned_end", "#date+end+planned"},
	{"actual_start", "#date+start"},
	{"actual_end", "#date+end"},
	{"progress_percent", "#indicator+progress+pct"},
	{"oblast_code", "#adm1+code"},
	{"oblast_name_uk", "#adm1+name+i_uk"},
	{"oblast_name_en", "#adm1+name+i_en"},
	{"hromada_code", "#adm3+code"},
	{"hromada_name_uk", "#adm3+name+i_uk"},
	{"hromada_name_en", "#adm3+name+i_en"},
	{"lon", "#geo+lon"},
	{"lat", "#geo+lat"},
	{"prozorro_ids", "#activity+code+prozorro"},
	{"dream_id", "#activity+code+dream"},
	{"created_at", "#date+created"},
	{"updated_at", "#date+updated"},
	{"url", "#meta+url"},
}

// WriteProject writes a project as a row of ProjectColumns; base is the
// API's address. Several funders or tender ids share a cell, separated
// by "; " and " ".
func (c *CSV) WriteProject(p *Project, base string) error {
	c.Int(p.ID)
	c.String(p.Title)
	c.String(p.Description)
	c.String(string(p.Sector))
	c.String(string(p.State))
	c.String(p.Verification)
	if p.Budget != nil {
		c.Money(p.Budget.AmountMinor, p.Budget.Currency)
		c.String(p.Budget.Currency)
	} else {
		c.String("")
		c.String("")
	}
	m := p.Money.UAH
	for _, v := range []int64{m.Needed, m.Pledged, m.Committed, m.Disbursed, m.Gap} {
		c.Money(v, "UAH")
	}
	names := make([]string, len(p.Funders))
	for i, o := range p.Funders {
		names[i] = o.Name
	}
	c.String(strings.Join(names, "; "))
	c.Date(p.PlannedStart)
	c.Date(p.PlannedEnd)
	c.Date(p.ActualStart)
	c.Date(p.ActualEnd)
	c.Int(int64(p.Progress))
	c.String(p.OblastCode)
	c.String(deref(p.OblastNameUK))
	c.String(deref(p.OblastNameEN))
	c.String(p.HromadaCode)
	c.String(deref(p.HromadaNameUK))
	c.String(deref(p.HromadaNameEN))
	c.Coord(p.Lon)
	c.Coord(p.Lat)
	c.String(strings.Join(p.ProzorroIDs, " "))
	c.String(deref(p.DreamID))
	c.Time(p.CreatedAt)
	c.Time(p.UpdatedAt)
	c.String(base + "/projects/" + strconv.FormatInt(p.ID, 10))
	return c.End()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
