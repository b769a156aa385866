// Package config loads the server's settings from the environment, with
// defaults, and checks them before anything starts.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config is everything the binary can be told from outside.
type Config struct {
	DatabaseURL        string        // DATABASE_URL, required
	ListenAddr         string        // LISTEN_ADDR, default ":8080"
	LogLevel           slog.Level    // LOG_LEVEL: debug, info, warn, error
	DBMaxConns         int32         // DB_MAX_CONNS: default twice the cores; a small pool serves best
	BasemapURL         string        // BASEMAP_URL: optional XYZ raster template under the boundaries
	BasemapAttribution string        // BASEMAP_ATTRIBUTION
	ShutdownTimeout    time.Duration // SHUTDOWN_TIMEOUT: how long in-flight requests may finish
	PhotoDir           string        // PHOTO_DIR: where progress photos are kept, default .data/photos
	PublicReports      bool          // PUBLIC_REPORTS: anyone may suggest a site for moderators (false)
	SessionIdle        time.Duration // SESSION_IDLE: a browser session unused this long ends (12h)
	SessionMax         time.Duration // SESSION_MAX: every browser session ends after this (168h)
}

// Load reads the configuration through getenv (os.Getenv in main, a map in
// tests) and validates it.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:        getenv("DATABASE_URL"),
		ListenAddr:         or(getenv("LISTEN_ADDR"), ":8080"),
		BasemapURL:         getenv("BASEMAP_URL"),
		BasemapAttribution: getenv("BASEMAP_ATTRIBUTION"),
		DBMaxConns:         defaultPool(),
		ShutdownTimeout:    10 * time.Second,
		PhotoDir:           or(getenv("PHOTO_DIR"), ".data/photos"),
		SessionIdle:        12 * time.Hour,
		SessionMax:         7 * 24 * time.Hour,
	}
	var errs []error
	if v := getenv("PUBLIC_REPORTS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PUBLIC_REPORTS: want true or false, got %q", v))
		}
		c.PublicReports = b
	}
	for _, d := range []struct {
		name string
		into *time.Duration
	}{{"SESSION_IDLE", &c.SessionIdle}, {"SESSION_MAX", &c.SessionMax}} {
		if v := getenv(d.name); v != "" {
			t, err := time.ParseDuration(v)
			if err != nil || t < time.Minute {
				errs = append(errs, fmt.Errorf("%s: want a duration of at least a minute such as 12h, got %q", d.name, v))
			}
			*d.into = t
		}
	}
	if v := getenv("LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Errorf("LOG_LEVEL: %w", err))
		}
	}
	if v := getenv("DB_MAX_CONNS"); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 1 || n > 1000 {
			errs = append(errs, fmt.Errorf("DB_MAX_CONNS: want a whole number from 1 to 1000, got %q", v))
		}
		c.DBMaxConns = int32(n)
	}
	if v := getenv("SHUTDOWN_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			errs = append(errs, fmt.Errorf("SHUTDOWN_TIMEOUT: want a duration such as 10s, got %q", v))
		}
		c.ShutdownTimeout = d
	}
	if err := errors.Join(errs...); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// Validate reports every setting that cannot work.
func (c Config) Validate() error {
	var errs []error
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is not set (make run sets it to the local PostGIS)"))
	} else if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		errs = append(errs, errors.New("DATABASE_URL: want postgres://user@host:port/dbname"))
	}
	if !strings.Contains(c.ListenAddr, ":") {
		errs = append(errs, fmt.Errorf("LISTEN_ADDR: want host:port or :port, got %q", c.ListenAddr))
	}
	if c.BasemapURL != "" && !strings.HasPrefix(c.BasemapURL, "https://") && !strings.HasPrefix(c.BasemapURL, "http://") {
		errs = append(errs, errors.New("BASEMAP_URL: want an http(s) tile URL template with {z}/{x}/{y}"))
	}
	return errors.Join(errs...)
}

// LogValue logs the configuration with the database password masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("database_url", Redact(c.DatabaseURL)),
		slog.String("listen_addr", c.ListenAddr),
		slog.String("log_level", c.LogLevel.String()),
		slog.Int("db_max_conns", int(c.DBMaxConns)),
		slog.Bool("basemap", c.BasemapURL != ""),
		slog.Bool("public_reports", c.PublicReports),
	)
}

// Redact hides the password of a database URL.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable)"
	}
	return u.Redacted()
}

// defaultPool is twice the cores: measured on the 2-core machine with 32
// clients, a pool of 4 served the map's lists about 8 % faster than 8,
// and ../shared/bench found 32 backends on 2 cores lost 10-20 %.
func defaultPool() int32 {
	return int32(max(2*runtime.NumCPU(), 2))
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
