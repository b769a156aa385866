package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestProjectPlaceNamesAreTheServers: a project names its hromada and
// oblast; a client that sends the names back (as it read them, or
// changed) is not refused, and the names stay the server's.
func TestProjectPlaceNamesAreTheServers(t *testing.T) {
	w := newWorld(t, false)
	id := w.project(w.site("admin", pointA).ID)
	status, body := w.call("admin", "PATCH", "/api/v1/projects/"+itoa(id), "application/json",
		strings.NewReader(`{"title":"Відновлення ліцею","oblast_name_uk":"Вигадана","oblast_name_en":"Made up","hromada_name_en":"Made up"}`), "If-Match", "*")
	if status != http.StatusOK {
		t.Fatalf("PATCH with the read-only names: %d %s", status, body)
	}
	var v struct {
		Properties struct {
			Title        string `json:"title"`
			OblastNameUK string `json:"oblast_name_uk"`
			OblastNameEN string `json:"oblast_name_en"`
			HromadaEN    string `json:"hromada_name_en"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	p := v.Properties
	if p.Title != "Відновлення ліцею" || p.OblastNameUK == "" || p.OblastNameUK == "Вигадана" || p.OblastNameEN == "Made up" || p.HromadaEN == "Made up" {
		t.Errorf("after the patch: %+v", p)
	}
}
