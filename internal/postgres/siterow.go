package postgres

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"

	"github.com/vidbudova/vidbudova/internal/site"
)

// readSite fills v from the current row of siteColumns without copying:
// text fields point into the row's buffers, valid until rows.Next. This is
// the list's hot path (up to 10,000 sites a request); pgx's generic Scan
// allocated a string per field and cost a quarter of the request.
func readSite(rows pgx.Rows, v *site.Site, names map[string]*unitName) error {
	raw := rows.RawValues()
	fd := rows.FieldDescriptions()
	if len(raw) != 19 {
		return fmt.Errorf("postgres: site row has %d columns, want 19", len(raw))
	}
	var err error
	num := func(i int) int64 {
		if err != nil || raw[i] == nil {
			return 0
		}
		var n int64
		n, err = intValue(raw[i], fd[i])
		return n
	}
	v.ID = num(0)
	v.Name, v.Description, v.Category, v.Damage = raw[1], raw[2], raw[3], raw[4]
	v.HasDamagedOn = raw[5] != nil
	if v.HasDamagedOn {
		v.DamagedOn, err = dateValue(raw[5], fd[5])
	}
	v.Currency = raw[7]
	v.CostMinor = num(6)
	v.Verification, v.OblastCode, v.HromadaCode = raw[8], raw[9], raw[10]
	v.Demo = boolValue(raw[11])
	v.Sensitive = boolValue(raw[16])
	v.VerificationReason = raw[18]
	// A row the viewer may not see exactly (or cannot tell: null) has lost
	// its exact geometry in the query already; its name and description,
	// which often hold the address, go here.
	if raw[17] == nil || boolValue(raw[17]) {
		v.Name, v.Description = []byte{}, []byte{}
	}
	v.Version = int32(num(12))
	if err == nil {
		v.CreatedAt, err = timestampValue(raw[13], fd[13])
	}
	if err == nil {
		v.UpdatedAt, err = timestampValue(raw[14], fd[14])
	}
	if err == nil {
		err = readGeometry(raw[15], v)
	}
	v.HromadaNameUK, v.HromadaNameEN = nil, nil
	if v.HromadaCode != nil {
		if n := names[string(v.HromadaCode)]; n != nil {
			v.HromadaNameUK, v.HromadaNameEN = n.uk, n.en
		}
	}
	v.OblastNameUK, v.OblastNameEN = nil, nil
	if v.OblastCode != nil {
		if n := names[string(v.OblastCode)]; n != nil {
			v.OblastNameUK, v.OblastNameEN = n.uk, n.en
		}
	}
	return err
}

func boolValue(b []byte) bool { return len(b) == 1 && (b[0] == 1 || b[0] == 't') }

// PostgreSQL's binary formats; pgx asks for them for these types, and the
// text forms are read too in case a column comes as text.
var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func intValue(b []byte, fd pgconn.FieldDescription) (int64, error) {
	if fd.Format == pgx.TextFormatCode {
		return strconv.ParseInt(string(b), 10, 64)
	}
	switch len(b) {
	case 8:
		return int64(binary.BigEndian.Uint64(b)), nil
	case 4:
		return int64(int32(binary.BigEndian.Uint32(b))), nil
	case 2:
		return int64(int16(binary.BigEndian.Uint16(b))), nil
	}
	return 0, fmt.Errorf("postgres: integer of %d bytes", len(b))
}

func floatValue(b []byte, fd pgconn.FieldDescription) (float64, error) {
	if fd.Format == pgx.TextFormatCode {
		return strconv.ParseFloat(string(b), 64)
	}
	if len(b) != 8 {
		return 0, fmt.Errorf("postgres: float8 of %d bytes", len(b))
	}
	return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
}

func dateValue(b []byte, fd pgconn.FieldDescription) (time.Time, error) {
	if fd.Format == pgx.TextFormatCode {
		return time.Parse(time.DateOnly, string(b))
	}
	if len(b) != 4 {
		return time.Time{}, fmt.Errorf("postgres: date of %d bytes", len(b))
	}
	return pgEpoch.AddDate(0, 0, int(int32(binary.BigEndian.Uint32(b)))), nil
}

func timestampValue(b []byte, fd pgconn.FieldDescription) (time.Time, error) {
	if fd.Format == pgx.TextFormatCode {
		return time.Parse("2006-01-02 15:04:05.999999-07", string(b))
	}
	if len(b) != 8 {
		return time.Time{}, fmt.Errorf("postgres: timestamptz of %d bytes", len(b))
	}
	return pgEpoch.Add(time.Duration(int64(binary.BigEndian.Uint64(b))) * time.Microsecond), nil
}

// ewkbPoint is the EWKB header of a point with an SRID, little-endian: the
// byte order, the type 1 with the SRID flag, then the SRID.
const ewkbPointSRID = 0x20000001

// readGeometry reads a site's EWKB: a point directly, anything else with
// orb's decoder (footprints are few).
func readGeometry(b []byte, v *site.Site) error {
	v.IsPoint, v.Polygon = false, nil
	if len(b) == 25 && b[0] == 1 && binary.LittleEndian.Uint32(b[1:5]) == ewkbPointSRID {
		v.IsPoint = true
		v.Lon = math.Float64frombits(binary.LittleEndian.Uint64(b[9:17]))
		v.Lat = math.Float64frombits(binary.LittleEndian.Uint64(b[17:25]))
		return nil
	}
	g, _, err := ewkb.Unmarshal(b)
	if err != nil {
		return fmt.Errorf("postgres: site geometry: %w", err)
	}
	switch g := g.(type) {
	case orb.Point:
		v.IsPoint, v.Lon, v.Lat = true, g[0], g[1]
	case orb.Polygon:
		v.Polygon = g
	default:
		return fmt.Errorf("postgres: site geometry is a %s", g.GeoJSONType())
	}
	return nil
}
