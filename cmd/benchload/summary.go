package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// sample is one finished request.
type sample struct {
	latency time.Duration
	bytes   int64
	ok      bool
}

// Summary is what one scenario measured. Latencies and bytes count
// successful requests only; a fast error must not flatter the percentiles.
type Summary struct {
	Requests  int
	Errors    int
	Elapsed   time.Duration
	RPS       float64
	P50       time.Duration
	P90       time.Duration
	P99       time.Duration
	MeanBytes float64
	MaxBytes  int64 // the largest response: "every tile under 500 KB"
	// StartRSS and PeakRSS are the server's resident memory in bytes; zero
	// when no process was watched.
	StartRSS int64
	PeakRSS  int64
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// latencies, which must be sorted ascending; zero for none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	if rank < 1 {
		rank = 1
	}
	if rank > len(sorted) {
		rank = len(sorted)
	}
	return sorted[rank-1]
}

// summarize reduces the samples of one measured run of length elapsed.
func summarize(samples []sample, elapsed time.Duration) Summary {
	s := Summary{Elapsed: elapsed}
	lat := make([]time.Duration, 0, len(samples))
	var bytes int64
	for _, x := range samples {
		if !x.ok {
			s.Errors++
			continue
		}
		s.Requests++
		bytes += x.bytes
		s.MaxBytes = max(s.MaxBytes, x.bytes)
		lat = append(lat, x.latency)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	s.P50 = percentile(lat, 50)
	s.P90 = percentile(lat, 90)
	s.P99 = percentile(lat, 99)
	if s.Requests > 0 {
		s.MeanBytes = float64(bytes) / float64(s.Requests)
	}
	if elapsed > 0 {
		s.RPS = float64(s.Requests) / elapsed.Seconds()
	}
	return s
}

// target is one goal such as "rps>=250" or "p50<10ms".
type target struct {
	metric string
	op     string
	value  float64 // milliseconds for latencies, MB for rss
	text   string
}

var targetOps = []string{">=", "<=", ">", "<", "="} // longest first

// parseTargets reads a comma-separated list of goals. Metrics: rps, p50,
// p90, p99 (a duration such as 10ms, or milliseconds), errors, bytes (mean),
// maxbytes (the largest response; both in bytes, or with KB or MB), rss (MB).
func parseTargets(list string) ([]target, error) {
	var out []target
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		t := target{text: part}
		for _, op := range targetOps {
			if i := strings.Index(part, op); i > 0 {
				t.metric, t.op = strings.TrimSpace(part[:i]), op
				v, err := targetValue(t.metric, strings.TrimSpace(part[i+len(op):]))
				if err != nil {
					return nil, fmt.Errorf("target %q: %w", part, err)
				}
				t.value = v
				break
			}
		}
		if t.op == "" {
			return nil, fmt.Errorf("target %q: want METRIC OP VALUE, e.g. rps>=250", part)
		}
		out = append(out, t)
	}
	return out, nil
}

func targetValue(metric, v string) (float64, error) {
	switch metric {
	case "p50", "p90", "p99":
		if d, err := time.ParseDuration(v); err == nil {
			return float64(d) / float64(time.Millisecond), nil
		}
		return strconv.ParseFloat(v, 64)
	case "rss":
		return strconv.ParseFloat(strings.TrimSuffix(strings.ToUpper(v), "MB"), 64)
	case "bytes", "maxbytes":
		scale := 1.0
		switch u := strings.ToUpper(v); {
		case strings.HasSuffix(u, "KB"):
			v, scale = u[:len(u)-2], 1000
		case strings.HasSuffix(u, "MB"):
			v, scale = u[:len(u)-2], 1e6
		}
		f, err := strconv.ParseFloat(v, 64)
		return f * scale, err
	case "rps", "errors":
		return strconv.ParseFloat(v, 64)
	}
	return 0, fmt.Errorf("unknown metric %q (rps, p50, p90, p99, errors, bytes, maxbytes, rss)", metric)
}

// measure returns the summary's value of the target's metric, in the
// target's unit; ok is false when it was not measured (rss without -pid).
func (t target) measure(s Summary) (v float64, ok bool) {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	switch t.metric {
	case "rps":
		return s.RPS, true
	case "p50":
		return ms(s.P50), s.Requests > 0
	case "p90":
		return ms(s.P90), s.Requests > 0
	case "p99":
		return ms(s.P99), s.Requests > 0
	case "errors":
		return float64(s.Errors), true
	case "bytes":
		return s.MeanBytes, true
	case "maxbytes":
		return float64(s.MaxBytes), s.Requests > 0
	case "rss":
		return float64(s.PeakRSS) / (1 << 20), s.PeakRSS > 0
	}
	return 0, false
}

// met says whether the summary reaches the target.
func (t target) met(s Summary) bool {
	v, ok := t.measure(s)
	if !ok {
		return false
	}
	switch t.op {
	case ">=":
		return v >= t.value
	case "<=":
		return v <= t.value
	case ">":
		return v > t.value
	case "<":
		return v < t.value
	default:
		return v == t.value
	}
}
