package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"time"
)

// errNotLoopback refuses any target but this machine: a load generator
// pointed at someone else's server is an attack, whatever the intent.
var errNotLoopback = errors.New("only loopback addresses may be loaded")

// checkLoopbackURL accepts an http URL whose host is a loopback IP or
// "localhost".
func checkLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("url %q: scheme must be http or https", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("url %q: %w", raw, errNotLoopback)
}

// newClient makes a client with one keep-alive connection per worker. Its
// dialer checks the resolved address too, so neither a name that resolves
// elsewhere nor a redirect can leave the machine; no proxy is ever used.
func newClient(conns int, timeout time.Duration, gzip bool) *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("dial %s: %w", address, errNotLoopback)
			}
			return nil
		},
	}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  !gzip,
		ForceAttemptHTTP2:   false,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			return checkLoopbackURL(req.URL.String())
		},
	}
}

// loader runs the requests of one scenario.
type loader struct {
	client *http.Client
	urls   []string
	conns  int
	gzip   bool

	mu       sync.Mutex
	firstErr string
}

// get does one request and reads the whole body, counting the bytes that
// came over the wire (compressed ones when gzip was asked for).
func (l *loader) get(ctx context.Context, u string) sample {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		l.noteErr(err.Error())
		return sample{latency: time.Since(start)}
	}
	if l.gzip {
		// Set by hand so that the transport leaves the body compressed.
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := l.client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			l.noteErr(fmt.Sprintf("GET %s: %v", u, err))
		}
		return sample{latency: time.Since(start)}
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var head bytes.Buffer
		_, _ = io.CopyN(&head, resp.Body, 512)
		_, _ = io.Copy(io.Discard, resp.Body)
		l.noteErr(fmt.Sprintf("GET %s: %s: %s", u, resp.Status, head.String()))
		return sample{latency: time.Since(start)}
	}
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		if ctx.Err() == nil {
			l.noteErr(fmt.Sprintf("GET %s: reading body after %d bytes: %v", u, n, err))
		}
		return sample{latency: time.Since(start)}
	}
	return sample{latency: time.Since(start), bytes: n, ok: true}
}

func (l *loader) noteErr(msg string) {
	l.mu.Lock()
	if l.firstErr == "" {
		l.firstErr = msg
	}
	l.mu.Unlock()
}

// run keeps conns workers busy for d, each going round the URL list from
// its own starting point, and returns every request that was started
// before d was up. A request still running then may finish (it is bounded
// by the client's timeout); a request cut short by ctx is not counted.
func (l *loader) run(ctx context.Context, d time.Duration) ([]sample, time.Duration) {
	start := time.Now()
	end := start.Add(d)
	per := make([][]sample, l.conns)
	var wg sync.WaitGroup
	for w := 0; w < l.conns; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			i := w % len(l.urls)
			for time.Now().Before(end) && ctx.Err() == nil {
				s := l.get(ctx, l.urls[i])
				if ctx.Err() != nil {
					return
				}
				per[w] = append(per[w], s)
				i = (i + 1) % len(l.urls)
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []sample
	for _, p := range per {
		all = append(all, p...)
	}
	return all, elapsed
}
