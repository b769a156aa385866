package main

import (
	"testing"
	"time"
)

func ms(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }

func TestPercentile(t *testing.T) {
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = ms(float64(i + 1))
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"no samples give zero", nil, 50, 0},
		{"one sample is every percentile", []time.Duration{ms(7)}, 99, ms(7)},
		{"the median of two is the lower one", []time.Duration{ms(1), ms(2)}, 50, ms(1)},
		{"the median of three is the middle one", []time.Duration{ms(1), ms(2), ms(30)}, 50, ms(2)},
		{"p50 of 1..100 ms is 50 ms", hundred, 50, ms(50)},
		{"p90 of 1..100 ms is 90 ms", hundred, 90, ms(90)},
		{"p99 of 1..100 ms is 99 ms", hundred, 99, ms(99)},
		{"p100 is the maximum", hundred, 100, ms(100)},
		{"a tiny percentile is the minimum", hundred, 0.001, ms(1)},
		{"p99 of ten samples is the slowest", hundred[:10], 99, ms(10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%d samples, %v) = %v, want %v", len(tt.sorted), tt.p, got, tt.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	ok := func(lat float64, bytes int64) sample { return sample{latency: ms(lat), bytes: bytes, ok: true} }
	failed := func(lat float64) sample { return sample{latency: ms(lat)} }
	tests := []struct {
		name    string
		samples []sample
		elapsed time.Duration
		want    Summary
	}{
		{
			name:    "nothing measured gives zeros, not a division by zero",
			samples: nil, elapsed: 0,
			want: Summary{},
		},
		{
			name:    "unsorted samples are sorted before taking percentiles",
			samples: []sample{ok(30, 300), ok(10, 100), ok(20, 200), ok(40, 400)},
			elapsed: 2 * time.Second,
			want: Summary{Requests: 4, Elapsed: 2 * time.Second, RPS: 2,
				P50: ms(20), P90: ms(40), P99: ms(40), MeanBytes: 250, MaxBytes: 400},
		},
		{
			name:    "errors are counted but left out of rate, latency and size",
			samples: []sample{ok(5, 1000), failed(1), failed(900), ok(15, 3000)},
			elapsed: time.Second,
			want: Summary{Requests: 2, Errors: 2, Elapsed: time.Second, RPS: 2,
				P50: ms(5), P90: ms(15), P99: ms(15), MeanBytes: 2000, MaxBytes: 3000},
		},
		{
			name:    "only errors give no latency",
			samples: []sample{failed(3), failed(4)},
			elapsed: time.Second,
			want:    Summary{Errors: 2, Elapsed: time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summarize(tt.samples, tt.elapsed); got != tt.want {
				t.Errorf("summarize() =\n %+v, want\n %+v", got, tt.want)
			}
		})
	}
}

func TestTargets(t *testing.T) {
	s := Summary{Requests: 100, RPS: 260, P50: ms(8), P90: ms(20), P99: ms(45), MeanBytes: 5000, MaxBytes: 600_000, PeakRSS: 60 << 20}
	tests := []struct {
		name    string
		targets string
		summary Summary
		want    bool
		wantErr bool
	}{
		{"a rate above the goal is met", "rps>=250", s, true, false},
		{"a rate below the goal is not", "rps>=300", s, false, false},
		{"a latency goal takes a duration", "p50<10ms", s, true, false},
		{"a latency goal in plain milliseconds", "p99<40", s, false, false},
		{"every goal of a list must hold", "rps>=250, p90<=20ms", s, true, false},
		{"one failed goal fails the list", "rps>=250,p99<1s,p50<5ms", s, false, false},
		{"memory is in MB", "rss<100MB", s, true, false},
		{"memory not measured is not met", "rss<100", Summary{RPS: 1}, false, false},
		{"latency without a success is not met", "p50<10ms", Summary{Errors: 3}, false, false},
		{"no errors as a goal", "errors=0", s, true, false},
		{"the largest response counts, not the mean", "bytes<500KB,maxbytes<500KB", s, false, false},
		{"sizes take KB and MB", "maxbytes<1MB", s, true, false},
		{"an unknown metric is refused", "qps>=1", s, false, true},
		{"a goal without an operator is refused", "rps 250", s, false, true},
		{"a bad number is refused", "rps>=many", s, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := parseTargets(tt.targets)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseTargets(%q) error = %v, want error %v", tt.targets, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			got := true
			for _, tg := range ts {
				got = got && tg.met(tt.summary)
			}
			if got != tt.want {
				t.Errorf("%q met = %v, want %v", tt.targets, got, tt.want)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	const status = "Name:\tvidbudova\nVmPeak:\t 1000 kB\nVmHWM:\t   51200 kB\nVmRSS:\t   40960 kB\nThreads:\t7\n"
	tests := []struct {
		name             string
		text             string
		wantRSS, wantHWM int64
		wantErr          bool
	}{
		{"both lines are read in bytes", status, 40 << 20, 50 << 20, false},
		{"a kernel thread without memory lines is an error", "Name:\tkthreadd\nThreads:\t1\n", 0, 0, true},
		{"a garbled number is an error", "VmHWM:\tlots kB\nVmRSS:\t1 kB\n", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rss, hwm, err := parseStatus([]byte(tt.text))
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseStatus() error = %v, want error %v", err, tt.wantErr)
			}
			if rss != tt.wantRSS || hwm != tt.wantHWM {
				t.Errorf("parseStatus() = %d, %d; want %d, %d", rss, hwm, tt.wantRSS, tt.wantHWM)
			}
		})
	}
}
