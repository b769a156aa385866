package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckLoopbackURL(t *testing.T) {
	tests := []struct {
		name string
		url  string
		ok   bool
	}{
		{"IPv4 loopback is allowed", "http://127.0.0.1:18080/api/v1/sites", true},
		{"any 127/8 address is loopback", "http://127.0.0.2/readyz", true},
		{"IPv6 loopback is allowed", "http://[::1]:18080/readyz", true},
		{"localhost is allowed", "http://localhost:18080/readyz", true},
		{"a public name is refused", "http://example.org/", false},
		{"a private address is refused", "http://10.0.0.5:8080/", false},
		{"the unspecified address is refused", "http://0.0.0.0:18080/", false},
		{"a name that merely starts with localhost is refused", "http://localhost.example.org/", false},
		{"another scheme is refused", "ftp://127.0.0.1/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkLoopbackURL(tt.url)
			if (err == nil) != tt.ok {
				t.Errorf("checkLoopbackURL(%q) = %v, want ok %v", tt.url, err, tt.ok)
			}
		})
	}
}

func TestRunRefusesOtherHosts(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"-d", "1s", "http://192.0.2.1/"}, nil, &out, &errOut)
	if !errors.Is(err, errNotLoopback) {
		t.Fatalf("run() error = %v, want %v", err, errNotLoopback)
	}
	if out.Len() != 0 {
		t.Errorf("run() printed %q, want nothing", out.String())
	}
}

func TestRunMeasuresAScenario(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/broken" {
			http.Error(w, `{"title":"boom"}`, http.StatusInternalServerError)
			return
		}
		time.Sleep(time.Millisecond)
		_, _ = w.Write([]byte(strings.Repeat("x", 1000)))
	}))
	defer srv.Close()

	tests := []struct {
		name     string
		args     []string
		wantMet  string
		wantLog  string
		wantCell string
	}{
		{
			name:     "a healthy endpoint meets a modest goal",
			args:     []string{"-name", "ok", "-c", "4", "-d", "300ms", "-warmup", "100ms", "-target", "rps>=10,p50<500ms", "-pid", strconv.Itoa(os.Getpid()), srv.URL + "/ok"},
			wantMet:  "| yes |",
			wantCell: "| 1000 | 0 |",
		},
		{
			name:    "server errors are counted and the first body is shown",
			args:    []string{"-name", "broken", "-c", "2", "-d", "200ms", "-warmup", "0s", "-target", "rps>=1", srv.URL + "/broken"},
			wantMet: "**no** (errors, no recovery)",
			wantLog: `500 Internal Server Error: {"title":"boom"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			start := time.Now()
			if err := run(context.Background(), tt.args, nil, &out, &errOut); err != nil {
				t.Fatalf("run() error = %v; stderr %s", err, errOut.String())
			}
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("run() took %v, want it bounded by its duration", took)
			}
			row := out.String()
			if !strings.HasPrefix(row, "| ") || strings.Count(row, "\n") != 1 {
				t.Errorf("output %q, want one table row", row)
			}
			if !strings.Contains(row, tt.wantMet) {
				t.Errorf("row %q lacks %q", row, tt.wantMet)
			}
			if tt.wantCell != "" && !strings.Contains(row, tt.wantCell) {
				t.Errorf("row %q lacks %q", row, tt.wantCell)
			}
			if tt.wantLog != "" && !strings.Contains(errOut.String(), tt.wantLog) {
				t.Errorf("stderr %q lacks %q", errOut.String(), tt.wantLog)
			}
		})
	}
	if hits.Load() == 0 {
		t.Error("the server saw no request")
	}
}
