// Package hubproc runs the real fieldbook-hub binary for tests: it builds
// it, runs its one-shot commands, serves it on a free loopback port and
// reads the process's memory. Tests that must meet the hub as a device
// does — over HTTP, from another process — start it here.
package hubproc

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var build struct {
	once sync.Once
	bin  string
	err  error
}

// Build builds fieldbook-hub once per test process and returns its path.
func Build(tb testing.TB) string {
	tb.Helper()
	build.once.Do(func() {
		dir, err := os.MkdirTemp("", "fieldbook-hub-bin-")
		if err != nil {
			build.err = err
			return
		}
		build.bin = filepath.Join(dir, "fieldbook-hub")
		out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", build.bin, "fieldbook/backend/cmd/fieldbook-hub").CombinedOutput()
		if err != nil {
			build.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if build.err != nil {
		tb.Fatal(build.err)
	}
	return build.bin
}

// CLI runs the binary's one-shot commands and returns their output.
func CLI(tb testing.TB, bin string) func(args ...string) string {
	return func(args ...string) string {
		tb.Helper()
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			tb.Fatalf("fieldbook-hub %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return strings.TrimSpace(stdout.String())
	}
}

// Hub is a running `fieldbook-hub serve` process.
type Hub struct {
	URL    string
	Cmd    *exec.Cmd
	Exited chan error
	Log    *syncBuffer
}

// syncBuffer is the process's log, written by it while tests read it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Serve starts `fieldbook-hub serve --db db` with the extra flags on a free
// loopback port and waits until it answers /healthz; the test's end kills
// it if it still runs.
func Serve(tb testing.TB, bin, db string, flags ...string) *Hub {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := &Hub{URL: "http://" + addr, Exited: make(chan error, 1), Log: &syncBuffer{}}
	h.Cmd = exec.Command(bin, append([]string{"serve", "--addr", addr, "--db", db}, flags...)...)
	h.Cmd.Stderr = h.Log
	if err := h.Cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { h.Exited <- h.Cmd.Wait() }()
	tb.Cleanup(h.Stop)
	for i := 0; ; i++ {
		resp, err := http.Get(h.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return h
			}
		}
		if i == 400 {
			tb.Fatalf("the hub did not answer /healthz: %v\n%s", err, h.Log.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Stop kills the process if it still runs.
func (h *Hub) Stop() {
	if h.Cmd.ProcessState == nil {
		_ = h.Cmd.Process.Kill()
		<-h.Exited
	}
}

// RSS is the process's resident memory in bytes (Linux).
func (h *Hub) RSS() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", h.Cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", h.Cmd.Process.Pid)
}
