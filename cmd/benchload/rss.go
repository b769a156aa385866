package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// readMemory returns a process's resident set and its high-water mark, in
// bytes, from /proc/PID/status (Linux).
func readMemory(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	return parseStatus(b)
}

// parseStatus picks VmRSS and VmHWM (kB) out of a /proc/PID/status text.
func parseStatus(b []byte) (rss, hwm int64, err error) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	found := 0
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, 0, fmt.Errorf("status: empty %s", name)
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("status: %s: %w", name, err)
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			hwm = kb << 10
		}
		found++
	}
	if found < 2 {
		return 0, 0, fmt.Errorf("status: VmRSS or VmHWM missing")
	}
	return rss, hwm, sc.Err()
}

// resetPeak sets the process's VmHWM back to its current RSS, so that the
// peak read afterwards belongs to this scenario alone. It needs to own the
// process (or be root); without it the peak is only sampled.
func resetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// rssWatch samples a process's memory while a scenario runs.
type rssWatch struct {
	pid   int
	start int64
	hwmOK bool // VmHWM was reset, so it is this scenario's peak
	stop  chan struct{}
	done  sync.WaitGroup
	mu    sync.Mutex
	peak  int64
}

// watchRSS starts sampling pid every interval; pid <= 0 watches nothing.
func watchRSS(pid int, interval time.Duration) *rssWatch {
	w := &rssWatch{pid: pid, stop: make(chan struct{})}
	if pid <= 0 {
		return w
	}
	w.hwmOK = resetPeak(pid) == nil
	if rss, _, err := readMemory(pid); err == nil {
		w.start, w.peak = rss, rss
	}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.stop:
				return
			case <-t.C:
				w.sample()
			}
		}
	}()
	return w
}

func (w *rssWatch) sample() {
	rss, hwm, err := readMemory(w.pid)
	if err != nil {
		return
	}
	if w.hwmOK && hwm > rss {
		rss = hwm
	}
	w.mu.Lock()
	if rss > w.peak {
		w.peak = rss
	}
	w.mu.Unlock()
}

// finish stops sampling and returns the RSS at the start and the peak.
func (w *rssWatch) finish() (start, peak int64) {
	if w.pid <= 0 {
		return 0, 0
	}
	close(w.stop)
	w.done.Wait()
	w.sample()
	return w.start, w.peak
}
