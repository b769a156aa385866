package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// The contract in JSON, for clients that read an API definition in JSON
// only, as GDAL's OGC API driver does: the whole of api/openapi.yaml, and
// its part about /ogc with paths from the OGC API's landing page, where an
// OGC API client looks for the parameters it may pass to the server.

// mediaOpenAPIJSON is the media type of an OpenAPI 3.0 document in JSON.
const mediaOpenAPIJSON = "application/vnd.oai.openapi+json;version=3.0"

// contractViews are a contract in JSON: whole, and the OGC API's part.
type contractViews struct {
	whole, ogc []byte
}

// converted keeps each contract's views, so that a process converts a
// document once however many servers it builds.
var converted = struct {
	sync.Mutex
	views map[string]contractViews
}{views: map[string]contractViews{}}

// contractJSON is the YAML contract doc in JSON, whole and the OGC API's part.
func contractJSON(doc []byte) (contractViews, error) {
	if len(doc) == 0 {
		return contractViews{}, errors.New("httpapi: no contract to serve as JSON")
	}
	converted.Lock()
	defer converted.Unlock()
	if v, ok := converted.views[string(doc)]; ok {
		return v, nil
	}
	t, err := openapi3.NewLoader().LoadFromData(doc)
	if err != nil {
		return contractViews{}, fmt.Errorf("httpapi: contract as JSON: %w", err)
	}
	var v contractViews
	if v.whole, err = json.Marshal(t); err != nil {
		return contractViews{}, fmt.Errorf("httpapi: contract as JSON: %w", err)
	}
	if v.ogc, err = ogcPart(v.whole); err != nil {
		return contractViews{}, err
	}
	converted.views[string(doc)] = v
	return v, nil
}

// ogcPart is the contract's /ogc paths with /ogc taken off and made the
// server, as the OGC API's own definition: OGC API clients read the paths
// of the definition from the landing page (GDAL looks up
// /collections/sites/items). The components stay whole; the tags are
// those the paths use.
func ogcPart(whole []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(whole, &doc); err != nil {
		return nil, fmt.Errorf("httpapi: the OGC API's definition: %w", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	own, used := map[string]any{}, map[string]bool{}
	for path, item := range paths {
		rest, ok := strings.CutPrefix(path, "/ogc")
		if !ok || rest != "" && !strings.HasPrefix(rest, "/") {
			continue
		}
		if rest == "" {
			rest = "/"
		}
		own[rest] = item
		ops, _ := item.(map[string]any)
		for _, op := range ops {
			o, _ := op.(map[string]any)
			tags, _ := o["tags"].([]any)
			for _, tag := range tags {
				used[fmt.Sprint(tag)] = true
			}
		}
	}
	if len(own) == 0 {
		return nil, errors.New("httpapi: the contract describes no path under /ogc")
	}
	doc["paths"] = own
	doc["servers"] = []any{map[string]any{"url": "/ogc",
		"description": "OGC API – Features на цьому сервері / OGC API – Features on this server"}}
	if tags, ok := doc["tags"].([]any); ok {
		doc["tags"] = slices.DeleteFunc(tags, func(t any) bool {
			tag, _ := t.(map[string]any)
			return !used[fmt.Sprint(tag["name"])]
		})
	}
	delete(doc, "x-tagGroups")
	return json.Marshal(doc)
}

// openapiJSONRoutes serves the contract in JSON, made as the server is
// built: whole at /api/v1/openapi.json, the OGC API's part at
// /ogc/openapi.json. A contract that does not convert is a 500 at each
// request, as the document is broken then.
func (s *Server) openapiJSONRoutes(e *echo.Echo, api *echo.Group) {
	views, err := contractJSON(s.deps.OpenAPI)
	serve := func(doc []byte) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err != nil {
				return err
			}
			return c.Blob(http.StatusOK, mediaOpenAPIJSON, doc)
		}
	}
	get(api, "/openapi.json", serve(views.whole))
	get(e, "/ogc/openapi.json", serve(views.ogc))
}
