package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/protocol"
)

// TestBinary builds fieldbook-hub and drives it as an operator would:
// migrate, add a user, issue an enrolment code, serve, enrol, push, pull,
// then SIGTERM, which must end in exit status 0.
func TestBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "fieldbook-hub")
	if out, err := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "hub.db")
	run := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("fieldbook-hub %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return stdout.String()
	}
	run("migrate", "--db", db)
	run("user", "add", "--db", db, "--name", "alice", "--role", "technician", "--centre", "north", "--display-name", "李爱丽")
	run("user", "set", "--db", db, "--name", "alice", "--display-name", "李爱丽", "--employee-no", "FW-0107")
	if out := run("centre", "set", "--db", db, "--centre", "north", "--archive-format", "SH-YYYYMM-NNNNN"); !strings.Contains(out, "SH-YYYYMM-NNNNN") {
		t.Errorf("centre set said %q", out)
	}
	if err := exec.Command(bin, "centre", "set", "--db", db, "--centre", "north", "--archive-format", "YYYY-[MM").Run(); err == nil {
		t.Errorf("centre set with an invalid format succeeded")
	}
	code := strings.TrimSpace(run("device", "enrol-code", "--db", db, "--user", "alice"))
	if len(code) < 20 {
		t.Fatalf("enrol code %q is too short", code)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var logs bytes.Buffer
	srv := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() {
		if srv.ProcessState == nil {
			_ = srv.Process.Kill()
		}
	})
	base := "http://" + addr
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("hub did not answer /healthz: %v\n%s", err, logs.String())
		}
	}

	call := func(method, path, token string, in, out any) {
		t.Helper()
		body, _ := json.Marshal(in)
		req, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
		req.Header.Set(protocol.HeaderProtocol, fmt.Sprint(protocol.Version))
		req.Header.Set(protocol.HeaderSchema, fmt.Sprint(protocol.SchemaVersion))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s %s: status %d", method, path, resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	var enrol protocol.EnrolResponse
	call("POST", "/v1/enrol", "", protocol.EnrolRequest{Code: code, DeviceName: "laptop"}, &enrol)
	if enrol.User.DisplayName != "李爱丽" || enrol.User.EmployeeNo != "FW-0107" {
		t.Errorf("enrolled user %+v, want display name 李爱丽 and employee number FW-0107", enrol.User)
	}
	var push protocol.PushResponse
	call("POST", "/v1/push", enrol.Token, protocol.PushRequest{BatchID: uuid.NewString(), Changes: []protocol.Change{
		{Table: "customers", ID: "c1", Fields: map[string]json.RawMessage{"name": json.RawMessage(`"王先生"`)}},
	}}, &push)
	if push.Results[0].Status != protocol.StatusApplied {
		t.Fatalf("push = %+v", push)
	}
	var pull protocol.PullResponse
	call("GET", "/v1/pull?cursor=0", enrol.Token, nil, &pull)
	if len(pull.Rows) != 1 || string(pull.Rows[0].Fields["name"]) != `"王先生"` {
		t.Fatalf("pull = %+v", pull)
	}
	if out := run("device", "list", "--db", db); !strings.Contains(out, enrol.DeviceID) {
		t.Errorf("device list lacks %s:\n%s", enrol.DeviceID, out)
	}

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("hub exited with %v after SIGTERM\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("hub did not stop within 15 s of SIGTERM")
	}
	// Logs are JSON lines.
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || m["msg"] == nil {
			t.Errorf("log line is not slog JSON: %q", line)
		}
	}
	if !strings.Contains(logs.String(), `"hub stopped"`) {
		t.Errorf("no clean shutdown in the logs:\n%s", logs.String())
	}
	// revoke works on the stopped hub's database.
	run("device", "revoke", "--db", db, "--device", enrol.DeviceID)
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}
