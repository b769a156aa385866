package export

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"time"
)

// Column is a CSV column: its English header and its HXL hashtag ("" for
// none, which HXL tools pass over).
type Column struct {
	Name, HXL string
}

// bom is the UTF-8 byte order mark: without it Excel reads a CSV file in
// the local code page and garbles Cyrillic.
const bom = "\ufeff"

// CSV writes a table as RFC 4180 asks (comma-separated, CRLF line ends,
// fields with commas, quotes or line breaks quoted, quotes doubled), in
// UTF-8 with a byte order mark, one row at a time: memory does not grow
// with the rows. A cell that begins with =, +, -, @, a tab or a carriage
// return gets a ' in front, so that a spreadsheet shows it as text and
// never runs it as a formula (CSV injection).
type CSV struct {
	out  *bufio.Writer
	line []byte
	err  error
}

// NewCSV writes the byte order mark, the header row and, with hxl, the
// row of HXL hashtags.
func NewCSV(w io.Writer, cols []Column, hxl bool) *CSV {
	c := &CSV{out: bufio.NewWriterSize(w, 64<<10)}
	c.out.WriteString(bom) //nolint:errcheck // the row below reports it
	for _, col := range cols {
		c.String(col.Name)
	}
	c.End()
	if hxl {
		for _, col := range cols {
			c.String(col.HXL)
		}
		c.End()
	}
	return c
}

// Text adds a cell of text held as bytes.
func (c *CSV) Text(v []byte) { c.line = appendCell(c.line, v) }

// String adds a cell of text.
func (c *CSV) String(v string) { c.line = appendCell(c.line, v) }

// Int adds a whole number.
func (c *CSV) Int(n int64) { c.line = appendCell(c.line, strconv.FormatInt(n, 10)) }

// Coord adds a coordinate rounded to 6 decimals (about 10 cm), as the
// GeoJSON outputs write them.
func (c *CSV) Coord(v float64) {
	c.line = appendCell(c.line, strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64))
}

// Bool adds true or false.
func (c *CSV) Bool(v bool) { c.line = appendCell(c.line, strconv.FormatBool(v)) }

// Time adds an instant in UTC, RFC 3339.
func (c *CSV) Time(t time.Time) { c.line = appendCell(c.line, t.UTC().Format(time.RFC3339)) }

// Date adds a calendar date, or an empty cell for none.
func (c *CSV) Date(d *time.Time) { c.String(dateText(d)) }

// Money adds minor units of currency as a decimal number of major units.
func (c *CSV) Money(minor int64, currency string) { c.String(decimal(minor, currency)) }

// End finishes the row and reports the first write error so far.
func (c *CSV) End() error {
	if len(c.line) > 0 {
		c.line[len(c.line)-1] = '\r' // the last cell's comma
		c.line = append(c.line, '\n')
	} else {
		c.line = append(c.line, '\r', '\n')
	}
	if c.err == nil {
		_, c.err = c.out.Write(c.line)
	}
	c.line = c.line[:0]
	return c.err
}

// Flush writes out what is buffered.
func (c *CSV) Flush() error {
	if c.err != nil {
		return c.err
	}
	return c.out.Flush()
}

// appendCell appends one field and its comma.
func appendCell[T ~string | ~[]byte](b []byte, v T) []byte {
	var lead byte
	if len(v) > 0 {
		switch v[0] {
		case '=', '+', '-', '@', '\t', '\r':
			lead = '\''
		}
	}
	quote := false
	for i := 0; i < len(v) && !quote; i++ {
		switch v[i] {
		case ',', '"', '\r', '\n':
			quote = true
		}
	}
	if !quote {
		if lead != 0 {
			b = append(b, lead)
		}
		b = append(b, v...)
		return append(b, ',')
	}
	b = append(b, '"')
	if lead != 0 {
		b = append(b, lead)
	}
	start := 0
	for i := 0; i < len(v); i++ {
		if v[i] == '"' {
			b = append(b, v[start:i+1]...)
			b = append(b, '"')
			start = i + 1
		}
	}
	b = append(b, v[start:]...)
	return append(b, '"', ',')
}
