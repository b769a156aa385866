package site

import (
	"math"
	"strconv"
	"time"

	"github.com/paulmach/orb"
)

// Site is a stored damaged site as the public sees it. Text is held as
// bytes so that a list can fill it straight from the database's row
// buffers, with no copy per site; nil means null.
type Site struct {
	ID           int64
	Name         []byte
	Description  []byte
	Category     []byte
	Damage       []byte
	DamagedOn    time.Time
	HasDamagedOn bool
	CostMinor    int64
	Currency     []byte // nil: no estimated cost
	Verification []byte
	// VerificationReason is the moderator's reason; nil: none given.
	VerificationReason []byte
	// Sensitive sites are shown to most viewers at their hromada's point,
	// without name or description (see account.ExactScope).
	Sensitive     bool
	OblastCode    []byte
	HromadaCode   []byte
	HromadaNameUK []byte
	HromadaNameEN []byte
	// The oblast's names go to the tables (CSV), not the GeoJSON.
	OblastNameUK []byte
	OblastNameEN []byte
	Demo         bool
	Version      int32
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// A point as its coordinates (the common case, with no allocation);
	// a footprint as a polygon.
	IsPoint  bool
	Lon, Lat float64
	Polygon  orb.Polygon
}

// AppendGeoJSON appends the site as a GeoJSON Feature (RFC 7946, 6
// decimals). It is the one place that decides the public shape of a site.
// It is written out by hand because lists send up to 10,000 of these per
// request, and a generic encoder spends most of the server's time there.
func (s *Site) AppendGeoJSON(b []byte) []byte {
	b = append(b, `{"type":"Feature","id":`...)
	b = strconv.AppendInt(b, s.ID, 10)
	b = append(b, `,"geometry":`...)
	if s.IsPoint {
		b = append(b, `{"type":"Point","coordinates":[`...)
		b = appendCoord(b, s.Lon)
		b = append(b, ',')
		b = appendCoord(b, s.Lat)
		b = append(b, "]}"...)
	} else if len(s.Polygon) > 0 {
		b = append(b, `{"type":"Polygon","coordinates":[`...)
		for i, ring := range s.Polygon {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for j, p := range ring {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				b = appendCoord(b, p[0])
				b = append(b, ',')
				b = appendCoord(b, p[1])
				b = append(b, ']')
			}
			b = append(b, ']')
		}
		b = append(b, "]}"...)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"properties":{"name":`...)
	b = appendString(b, s.Name)
	b = append(b, `,"category":`...)
	b = appendString(b, s.Category)
	b = append(b, `,"damage":`...)
	b = appendString(b, s.Damage)
	b = append(b, `,"damaged_on":`...)
	if s.HasDamagedOn {
		b = append(b, '"')
		b = s.DamagedOn.AppendFormat(b, time.DateOnly)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"description":`...)
	b = appendString(b, s.Description)
	b = append(b, `,"estimated_cost":`...)
	if s.Currency != nil {
		b = append(b, `{"amount_minor":`...)
		b = strconv.AppendInt(b, s.CostMinor, 10)
		b = append(b, `,"currency":`...)
		b = appendString(b, s.Currency)
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"verification":`...)
	b = appendString(b, s.Verification)
	b = append(b, `,"verification_reason":`...)
	b = appendNullString(b, s.VerificationReason)
	b = append(b, `,"sensitive":`...)
	b = strconv.AppendBool(b, s.Sensitive)
	b = append(b, `,"oblast_code":`...)
	b = appendString(b, s.OblastCode)
	b = append(b, `,"hromada_code":`...)
	b = appendNullString(b, s.HromadaCode)
	b = append(b, `,"hromada_name_uk":`...)
	b = appendNullString(b, s.HromadaNameUK)
	b = append(b, `,"hromada_name_en":`...)
	b = appendNullString(b, s.HromadaNameEN)
	b = append(b, `,"demo":`...)
	b = strconv.AppendBool(b, s.Demo)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(s.Version), 10)
	b = append(b, `,"created_at":"`...)
	b = appendTimestamp(b, s.CreatedAt)
	b = append(b, `","updated_at":"`...)
	b = appendTimestamp(b, s.UpdatedAt)
	return append(b, `"}}`...)
}

// appendCoord writes a coordinate rounded to 6 decimals (about 10 cm),
// the precision RFC 7946 suggests, in its shortest form.
func appendCoord(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, math.Round(v*1e6)/1e6, 'f', -1, 64)
}

func appendNullString(b []byte, s []byte) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendString(b, s)
}

const hex = "0123456789abcdef"

// plain marks the bytes a JSON string may hold as they are: everything
// but control characters, quotes, backslashes and <, > and &, which are
// escaped so that the text is harmless even if pasted into HTML. Bytes of
// multi-byte UTF-8 (all of Cyrillic) are plain.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// appendString writes s as a JSON string. Text from the database is valid
// UTF-8 (the database is UTF8 and checks it on the way in). Runs of plain
// bytes are copied whole: names and descriptions are most of a list.
func appendString[T ~string | ~[]byte](b []byte, s T) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if plain[c] {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTimestamp writes t in UTC as RFC 3339 with the fraction of a
// second it has (what time.RFC3339Nano gives, trailing zeros dropped),
// without AppendFormat's layout parsing: every listed site has two.
func appendTimestamp(b []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, time.RFC3339Nano)
	}
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append2(b, int(mo))
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, 'T')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	b = append2(b, sec)
	if ns := t.Nanosecond(); ns > 0 {
		var frac [10]byte
		frac[0] = '.'
		for i := 9; i > 0; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := 10
		for frac[n-1] == '0' {
			n--
		}
		b = append(b, frac[:n]...)
	}
	return append(b, 'Z')
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
