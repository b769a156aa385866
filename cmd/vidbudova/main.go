// Command vidbudova is the whole of Vidbudova's server side: it serves the
// map and the API, migrates the database, imports boundaries and loads the
// demo data.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "vidbudova:", err)
		os.Exit(1)
	}
}

const usage = `usage: vidbudova COMMAND [flags]

  serve                      serve the map and the API (LISTEN_ADDR, default :8080)
  migrate up|down [N]|version bring the database schema up to date, or back
  import boundaries --oblasts FILE --hromadas FILE
                             load oblast and hromada boundaries (GeoJSON with KATOTTH codes)
  import rates FILE.csv       load official exchange rates (National Bank of Ukraine CSV)
  boundaries fetch --dir DIR download the public source files and build the two boundary files
  seed demo [--sites N] [--replace]
                             load the deterministic demo data set and give
                             the demo accounts new passwords (printed)
  user add --email E --role admin|moderator|editor|donor [--name N]
           [--oblast CODES] [--hromada CODES] [--organisation ID] [--password P]
                             make an account; without --password it is read
                             from the first line of standard input

Every command reads DATABASE_URL.`

// run is main without the process: tests call it with their own arguments,
// environment and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		return migrateCmd(ctx, args[1:], getenv, stdout)
	case "import":
		if len(args) > 1 && args[1] == "boundaries" {
			return importBoundaries(ctx, args[2:], getenv, stdout)
		}
		if len(args) > 1 && args[1] == "rates" {
			return importRates(ctx, args[2:], getenv, stdout)
		}
	case "boundaries":
		if len(args) > 1 && args[1] == "fetch" {
			return fetchBoundaries(ctx, args[2:], getenv, stdout)
		}
	case "seed":
		if len(args) > 1 && args[1] == "demo" {
			return seedDemo(ctx, args[2:], getenv, stdout)
		}
	case "user":
		if len(args) > 1 && args[1] == "add" {
			return userAdd(ctx, args[2:], getenv, stdin, stdout)
		}
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintln(stderr, usage)
	return fmt.Errorf("unknown command %q", args)
}
