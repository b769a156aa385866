package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vidbudova/vidbudova/api"
	"github.com/vidbudova/vidbudova/frontend"
	"github.com/vidbudova/vidbudova/internal/config"
	"github.com/vidbudova/vidbudova/internal/httpapi"
	"github.com/vidbudova/vidbudova/internal/photo"
	"github.com/vidbudova/vidbudova/internal/postgres"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&cfg.ListenAddr, "listen", cfg.ListenAddr, "address to listen on, host:port")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	log.Info("starting", "config", cfg)

	db, err := postgres.Open(ctx, cfg.DatabaseURL, cfg.DBMaxConns)
	if err != nil {
		return err
	}
	defer db.Close()
	latest, err := postgres.Latest()
	if err != nil {
		return err
	}
	dist, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}
	if _, err := fs.Stat(dist, "index.html"); err != nil {
		log.Warn("the map application is not built: run make (npm run build in frontend/)")
	}
	srv := httpapi.New(httpapi.Deps{
		Sites: db, Units: db, History: db, Health: db, SchemaLatest: int64(latest),
		Projects: db, Organisations: db, Funding: db, Stats: db,
		Progress: db, Photos: photo.DiskStore{Dir: cfg.PhotoDir},
		Accounts: db, Sessions: httpapi.SessionPolicy{Idle: cfg.SessionIdle, Max: cfg.SessionMax},
		Suggestions: db, PublicReports: cfg.PublicReports, Tiles: db, Exports: db, Pages: db, Rates: db,
		Frontend: dist, OpenAPI: api.OpenAPI, Logger: log,
		Client: httpapi.ClientConfig{BasemapURL: cfg.BasemapURL, BasemapAttribution: cfg.BasemapAttribution},
	})

	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		// Long enough for a 10,000-feature page on a slow phone line.
		WriteTimeout: 5 * time.Minute,
		IdleTimeout:  2 * time.Minute,
	}
	// The address goes to stdout so that scripts and tests that ask for
	// port 0 learn the real one.
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
