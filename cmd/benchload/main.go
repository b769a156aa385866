// Command benchload is the load generator of make bench: for one scenario
// it keeps C connections busy with GET requests over a list of URLs on this
// machine for D seconds, after a warm-up, and prints one markdown table row
// with the request rate, latency percentiles, response size, errors, the
// server's peak memory and whether the scenario's targets were met.
//
//	benchload -header
//	benchload -name "city window" -target "rps>=250" -pid 1234 URL...
//
// Only loopback addresses are accepted.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchload:", err)
		os.Exit(1)
	}
}

// config is one scenario, from the command line.
type config struct {
	name    string
	targets []target
	conns   int
	dur     time.Duration
	warmup  time.Duration
	timeout time.Duration
	gzip    bool
	pid     int
	urls    []string
}

const tableHeader = "| scenario | conns | req/s | p50 ms | p90 ms | p99 ms | mean bytes | errors | server RSS MB (start → peak) | after ms | target | met |\n" +
	"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|\n"

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		c        config
		header   bool
		targets  string
		urlsFrom string
		procs    int
	)
	fs.BoolVar(&header, "header", false, "print the markdown table header and exit")
	fs.StringVar(&c.name, "name", "scenario", "scenario name for the table")
	fs.StringVar(&targets, "target", "", "comma-separated goals, e.g. rps>=250,p50<10ms (metrics: rps p50 p90 p99 errors bytes maxbytes rss)")
	fs.IntVar(&c.conns, "c", 32, "concurrent connections (one worker each)")
	fs.DurationVar(&c.dur, "d", 10*time.Second, "measured duration")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "warm-up before measuring (not counted)")
	fs.DurationVar(&c.timeout, "timeout", 30*time.Second, "timeout of one request")
	fs.BoolVar(&c.gzip, "gzip", false, "ask for gzip (mean bytes are then compressed bytes)")
	fs.IntVar(&c.pid, "pid", 0, "server process id, to report its resident memory")
	fs.StringVar(&urlsFrom, "urls", "", "file with more URLs, one a line ('-' for standard input)")
	fs.IntVar(&procs, "procs", 1, "threads the loader runs Go code on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The loader shares the machine with the server and PostgreSQL. On two
	// cores, a loader on both of them cost the city window 10-20 % of its
	// rate in context switches (measured); one thread, like wrk -t1, keeps
	// up with every scenario and leaves the rest to what is measured.
	if procs < 1 {
		return fmt.Errorf("-procs %d: want at least 1", procs)
	}
	runtime.GOMAXPROCS(procs)
	if header {
		_, err := io.WriteString(stdout, tableHeader)
		return err
	}
	var err error
	if c.targets, err = parseTargets(targets); err != nil {
		return err
	}
	c.urls = fs.Args()
	if urlsFrom != "" {
		more, err := readURLs(urlsFrom, stdin)
		if err != nil {
			return err
		}
		c.urls = append(c.urls, more...)
	}
	if err := c.validate(); err != nil {
		return err
	}
	s, probe, firstErr := measure(ctx, c, stderr)
	if firstErr != "" {
		fmt.Fprintf(stderr, "benchload: %s: %d errors; the first: %s\n", c.name, s.Errors, oneLine(firstErr))
	}
	_, err = io.WriteString(stdout, row(c, s, probe))
	return err
}

func (c config) validate() error {
	switch {
	case len(c.urls) == 0:
		return errors.New("no URLs given")
	case c.conns < 1 || c.conns > 1024:
		return fmt.Errorf("-c %d: want 1..1024", c.conns)
	case c.dur <= 0 || c.dur > 10*time.Minute:
		return fmt.Errorf("-d %s: want more than 0 and at most 10m", c.dur)
	case c.warmup < 0 || c.warmup > time.Minute:
		return fmt.Errorf("-warmup %s: want 0..1m", c.warmup)
	case c.timeout <= 0 || c.timeout > 2*time.Minute:
		return fmt.Errorf("-timeout %s: want more than 0 and at most 2m", c.timeout)
	}
	for _, u := range c.urls {
		if err := checkLoopbackURL(u); err != nil {
			return err
		}
	}
	return nil
}

// probeResult is one request made right after the load stopped: a server
// whose pool or queue does not recover shows here.
type probeResult struct {
	latency time.Duration
	ok      bool
}

// measure warms up, measures, then probes once.
func measure(ctx context.Context, c config, stderr io.Writer) (Summary, probeResult, string) {
	// The whole run is bounded even if a request ignores its timeout.
	ctx, cancel := context.WithTimeout(ctx, c.warmup+c.dur+3*c.timeout)
	defer cancel()
	l := &loader{client: newClient(c.conns, c.timeout, c.gzip), urls: c.urls, conns: c.conns, gzip: c.gzip}
	defer l.client.CloseIdleConnections()

	fmt.Fprintf(stderr, "benchload: %s: %d connections, %d URLs, warm-up %s, measuring %s\n",
		c.name, c.conns, len(c.urls), c.warmup, c.dur)
	if c.warmup > 0 {
		l.run(ctx, c.warmup)
		l.firstErr = "" // errors while warming up are reported if they persist
	}
	watch := watchRSS(c.pid, 50*time.Millisecond)
	samples, elapsed := l.run(ctx, c.dur)
	s := summarize(samples, elapsed)
	s.StartRSS, s.PeakRSS = watch.finish()

	p := l.get(ctx, c.urls[0])
	return s, probeResult{latency: p.latency, ok: p.ok}, l.firstErr
}

// row formats one markdown table row.
func row(c config, s Summary, p probeResult) string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
	rss := "—"
	if s.PeakRSS > 0 {
		rss = fmt.Sprintf("%.0f → %.0f", float64(s.StartRSS)/(1<<20), float64(s.PeakRSS)/(1<<20))
	}
	after := "FAILED"
	if p.ok {
		after = ms(p.latency)
	}
	var goals, problems []string
	targetsMet := true
	for _, t := range c.targets {
		goals = append(goals, t.text)
		targetsMet = targetsMet && t.met(s)
	}
	if s.Errors > 0 {
		problems = append(problems, "errors")
	}
	if !p.ok {
		problems = append(problems, "no recovery")
	}
	met := "—"
	switch {
	case !targetsMet || len(problems) > 0:
		met = "**no**"
		if len(problems) > 0 {
			met += " (" + strings.Join(problems, ", ") + ")"
		}
	case len(c.targets) > 0:
		met = "yes"
	}
	goal := strings.Join(goals, ", ")
	if goal == "" {
		goal = "—"
	}
	return fmt.Sprintf("| %s | %d | %.1f | %s | %s | %s | %.0f | %d | %s | %s | %s | %s |\n",
		c.name, c.conns, s.RPS, ms(s.P50), ms(s.P90), ms(s.P99), s.MeanBytes, s.Errors, rss, after, goal, met)
}

func readURLs(name string, stdin io.Reader) ([]string, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var urls []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			urls = append(urls, line)
		}
	}
	return urls, sc.Err()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
