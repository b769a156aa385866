package httpapi

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// The API reference for people: api/openapi.yaml rendered by the server as
// one HTML page with no script and nothing from elsewhere, so that it
// reads the same offline, behind a firewall and in a text browser.

//go:embed docs.html
var docsTemplate string

var docsPage = template.Must(template.New("docs").Parse(docsTemplate))

func (s *Server) docsRoutes(e *echo.Echo) {
	docs := &docsCache{}
	get(e, "/api/docs", func(c echo.Context) error { return s.apiDocs(c, docs) })
	get(e, "/api/openapi.yaml", s.openapi)
}

// apiDocs answers GET /api/docs: the page is made once, on first request.
func (s *Server) apiDocs(c echo.Context, docs *docsCache) error {
	docs.once.Do(func() { docs.page, docs.err = renderDocs(s.deps.OpenAPI) })
	if docs.err != nil {
		return docs.err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.HTMLBlob(http.StatusOK, docs.page)
}

// docsCache holds the rendered page.
type docsCache struct {
	once sync.Once
	page []byte
	err  error
}

type docTag struct {
	Name, Anchor string
	Description  template.HTML
	Operations   []docOperation
}

type docOperation struct {
	Method, Path, ID, Summary string
	Description               template.HTML
	Security                  bool
	Parameters                []docParameter
	Body                      []string
	Responses                 []docResponse
}

type docParameter struct {
	Name, In, Schema string
	Required         bool
	Description      template.HTML
}

type docResponse struct {
	Status      string
	Description template.HTML
	Types       []string
}

var (
	// pathLine finds the paths in the document's own order.
	pathLine = regexp.MustCompile(`(?m)^  (/\S*):\s*$`)
	// blankLine parts paragraphs.
	blankLine = regexp.MustCompile(`\n\s*\n`)
)

// renderDocs makes the page from the contract.
func renderDocs(doc []byte) ([]byte, error) {
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("httpapi: api docs: %w", err)
	}
	order := map[string]int{}
	for i, m := range pathLine.FindAllSubmatch(doc, -1) {
		order[string(m[1])] = i
	}
	paths := slices.SortedFunc(func(yield func(string) bool) {
		for p := range t.Paths.Map() {
			if !yield(p) {
				return
			}
		}
	}, func(a, b string) int { return order[a] - order[b] })

	var tags []*docTag
	byName := map[string]*docTag{}
	for _, tg := range t.Tags {
		d := &docTag{Name: tg.Name, Anchor: anchor(tg.Name), Description: prose(tg.Description)}
		tags = append(tags, d)
		byName[tg.Name] = d
	}
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE"}
	for _, p := range paths {
		item := t.Paths.Value(p)
		ops := item.Operations()
		for _, m := range methods {
			op := ops[m]
			if op == nil {
				continue
			}
			d := docOperation{Method: m, Path: p, ID: op.OperationID, Summary: op.Summary,
				Description: prose(op.Description), Security: op.Security != nil && len(*op.Security) > 0}
			for _, pr := range append(slices.Clone(item.Parameters), op.Parameters...) {
				if pr.Value == nil || pr.Value.In == "header" && pr.Value.Name == "Accept-Language" {
					continue
				}
				d.Parameters = append(d.Parameters, docParameter{Name: pr.Value.Name, In: pr.Value.In,
					Required: pr.Value.Required, Schema: schemaText(pr.Value.Schema), Description: prose(pr.Value.Description)})
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for ct := range op.RequestBody.Value.Content {
					d.Body = append(d.Body, ct)
				}
				slices.Sort(d.Body)
			}
			if op.Responses != nil {
				for status, r := range op.Responses.Map() {
					if r.Value == nil {
						continue
					}
					dr := docResponse{Status: status}
					if r.Value.Description != nil {
						dr.Description = prose(*r.Value.Description)
					}
					for ct := range r.Value.Content {
						dr.Types = append(dr.Types, ct)
					}
					slices.Sort(dr.Types)
					d.Responses = append(d.Responses, dr)
				}
				slices.SortFunc(d.Responses, func(a, b docResponse) int { return strings.Compare(a.Status, b.Status) })
			}
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			if byName[tag] == nil {
				byName[tag] = &docTag{Name: tag, Anchor: anchor(tag)}
				tags = append(tags, byName[tag])
			}
			byName[tag].Operations = append(byName[tag].Operations, d)
		}
	}
	var b bytes.Buffer
	err = docsPage.Execute(&b, map[string]any{
		"Title": t.Info.Title, "Version": t.Info.Version, "Description": prose(t.Info.Description), "Tags": tags,
	})
	if err != nil {
		return nil, fmt.Errorf("httpapi: api docs: %w", err)
	}
	return b.Bytes(), nil
}

func anchor(name string) string { return "tag-" + strings.ReplaceAll(name, " ", "-") }

// schemaText says what a parameter takes: its type, format, values and
// bounds.
func schemaText(r *openapi3.SchemaRef) string {
	if r == nil || r.Value == nil {
		return ""
	}
	s := r.Value
	out := strings.Join(s.Type.Slice(), "|")
	if s.Type != nil && s.Type.Is("array") && s.Items != nil {
		out = "array of " + schemaText(s.Items)
	}
	if s.Format != "" {
		out += " (" + s.Format + ")"
	}
	if len(s.Enum) > 0 {
		vals := make([]string, len(s.Enum))
		for i, v := range s.Enum {
			vals[i] = fmt.Sprint(v)
		}
		out += ": " + strings.Join(vals, ", ")
	}
	if s.Pattern != "" {
		out += ", pattern " + s.Pattern
	}
	if s.Min != nil {
		out += fmt.Sprintf(", ≥ %v", *s.Min)
	}
	if s.Max != nil {
		out += fmt.Sprintf(", ≤ %v", *s.Max)
	}
	if s.Default != nil {
		out += fmt.Sprintf(", default %v", s.Default)
	}
	return out
}

// prose turns the document's Markdown-ish text into paragraphs, with
// `code` as code; everything else is escaped text.
func prose(text string) template.HTML {
	var b strings.Builder
	for _, para := range blankLine.Split(strings.TrimSpace(text), -1) {
		if strings.TrimSpace(para) == "" {
			continue
		}
		b.WriteString("<p>")
		for i, part := range strings.Split(para, "`") {
			if i%2 == 1 {
				b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
			} else {
				b.WriteString(template.HTMLEscapeString(part))
			}
		}
		b.WriteString("</p>")
	}
	return template.HTML(b.String()) //nolint:gosec // every piece of text above is escaped
}
