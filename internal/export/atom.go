package export

import (
	"crypto/sha1" //nolint:gosec // RFC 9562 name-based UUIDs (version 5) are defined with SHA-1
	"encoding/hex"
	"encoding/xml"
	"io"
	"strconv"
	"time"

	"github.com/vidbudova/vidbudova/internal/history"
)

// Atom feeds (RFC 4287) of the changes about a hromada, an oblast, an
// organisation or a project, built from the history.

// Feed is what a feed holds: its subject, its own address (Self) and the
// API's (Base, for links to the objects), and the changes, newest first.
type Feed struct {
	Subject Subject
	Self    string
	Base    string
	Changes Changes
	// Now dates a feed with no entries yet.
	Now time.Time
}

// idNamespace is RFC 9562's namespace of URLs, under which the feed's and
// the entries' ids are name-based UUIDs: the same history entry always
// has the same id, on every server and in every feed that carries it.
var idNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuidURN is the urn:uuid of a name-based (version 5) UUID of name.
func uuidURN(name string) string {
	h := sha1.New() //nolint:gosec // see idNamespace
	h.Write(idNamespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	x := hex.EncodeToString(u[:])
	return "urn:uuid:" + x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// EntryID is the id of the feed entry of history entry id.
func EntryID(id int64) string {
	return uuidURN("https://vidbudova/history/" + strconv.FormatInt(id, 10))
}

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Links     []atomLink  `xml:"link"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published"`
	Author    *atomPerson  `xml:"author"`
	Links     []atomLink   `xml:"link"`
	Category  atomCategory `xml:"category"`
	Content   atomContent  `xml:"content"`
}

// atomContent is XHTML: one paragraph in Ukrainian and one in English,
// each marked with its language.
type atomContent struct {
	Type string   `xml:"type,attr"`
	Div  xhtmlDiv `xml:"http://www.w3.org/1999/xhtml div"`
}

type xhtmlDiv struct {
	Paragraphs []xhtmlP `xml:"p"`
}

type xhtmlP struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Text string `xml:",chardata"`
}

// WriteAtom writes the feed.
func WriteAtom(w io.Writer, f Feed) error {
	key := string(f.Subject.Kind) + "/" + f.Subject.Code
	if f.Subject.ID != 0 {
		key = string(f.Subject.Kind) + "/" + strconv.FormatInt(f.Subject.ID, 10)
	}
	uk, en := subjectWords(f.Subject, f.Changes)
	feed := atomFeed{
		Lang:  "uk",
		ID:    uuidURN("https://vidbudova/feeds/" + key),
		Title: "Відбудова: " + uk + " · Vidbudova: " + en,
		Subtitle: "Останні зміни об'єктів, проєктів і фінансування · " +
			"The latest changes of sites, projects and funding",
		Updated:   f.Now.UTC().Format(time.RFC3339),
		Author:    atomPerson{Name: "Відбудова · Vidbudova"},
		Links:     []atomLink{{Rel: "self", Type: "application/atom+xml", Href: f.Self}},
		Generator: "Vidbudova",
	}
	if len(f.Changes.Entries) > 0 {
		feed.Updated = f.Changes.Entries[0].At.UTC().Format(time.RFC3339Nano)
	}
	for _, c := range f.Changes.Entries {
		feed.Entries = append(feed.Entries, entry(c, f.Base))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(feed); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func subjectWords(s Subject, c Changes) (string, string) {
	switch s.Kind {
	case OfHromada:
		return c.NameUK + " територіальна громада", c.NameEN + " hromada"
	case OfOblast:
		return c.NameUK, c.NameEN
	case OfOrganisation:
		return "фінансування від " + c.NameUK, "funding by " + c.NameEN
	}
	id := strconv.FormatInt(s.ID, 10)
	return "проєкт № " + id + " «" + c.NameUK + "»", "project " + id + " “" + c.NameEN + "”"
}

func entry(c Change, base string) atomEntry {
	w := Describe(c)
	at := c.At.UTC().Format(time.RFC3339Nano)
	e := atomEntry{
		ID: EntryID(c.ID), Title: w.TitleUK + " · " + w.TitleEN, Updated: at, Published: at,
		Category: atomCategory{Term: c.Object, Label: objectName(c).en},
		Content:  atomContent{Type: "xhtml", Div: xhtmlDiv{Paragraphs: []xhtmlP{{"uk", w.TextUK}, {"en", w.TextEN}}}},
	}
	if c.Actor != nil {
		e.Author = &atomPerson{Name: actorName(c.Actor)}
	}
	id, project := strconv.FormatInt(c.ObjectID, 10), strconv.FormatInt(c.ProjectID, 10)
	switch c.Object {
	case history.Site:
		e.Links = []atomLink{{"alternate", "application/geo+json", base + "/sites/" + id},
			{"related", "application/json", base + "/sites/" + id + "/history"}}
	case history.Project:
		e.Links = []atomLink{{"alternate", "application/geo+json", base + "/projects/" + id},
			{"related", "application/json", base + "/projects/" + id + "/history"}}
	case ObjectFunding:
		e.Links = []atomLink{{"alternate", "application/json", base + "/projects/" + project + "/funding"},
			{"related", "application/geo+json", base + "/projects/" + project}}
	case ObjectUpdate:
		e.Links = []atomLink{{"alternate", "application/json", base + "/projects/" + project + "/updates"},
			{"related", "application/geo+json", base + "/projects/" + project}}
	}
	return e
}
