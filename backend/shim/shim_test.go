package shim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

type Greeter struct{ calls int }

type Greeting struct {
	Text string `json:"text"`
}

func (g *Greeter) Hello(name string, times int) (Greeting, error) {
	g.calls++
	if name == "" {
		return Greeting{}, errors.New("name is empty")
	}
	return Greeting{Text: strings.Repeat("你好，"+name+"！", times)}, nil
}

func (g *Greeter) Count() int { return g.calls }

func newTestServer(t *testing.T) (*httptest.Server, *Greeter) {
	t.Helper()
	g := &Greeter{}
	assets := fstest.MapFS{
		"index.html":  {Data: []byte("<!doctype html><html><head><title>x</title></head><body></body></html>")},
		"assets/a.js": {Data: []byte("console.log(1)")},
	}
	format := func(err error) any { return map[string]string{"code": "internal", "message": err.Error()} }
	srv := httptest.NewServer(New(assets, []any{g}, format))
	t.Cleanup(srv.Close)
	return srv, g
}

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestCallRoutesToTheStruct(t *testing.T) {
	srv, g := newTestServer(t)
	status, body := post(t, srv.URL+"/__go/shim.Greeter.Hello", `["张伟", 2]`)
	var got Greeting
	if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil || got.Text != "你好，张伟！你好，张伟！" {
		t.Fatalf("Hello = %d %s, want 200 and the greeting twice", status, body)
	}
	status, body = post(t, srv.URL+"/__go/shim.Greeter.Count", `[]`)
	if status != 200 || strings.TrimSpace(body) != "1" || g.calls != 1 {
		t.Errorf("Count = %d %s, want 1", status, body)
	}
}

func TestCallErrors(t *testing.T) {
	srv, _ := newTestServer(t)
	tests := []struct {
		path, body string
		status     int
		want       string
	}{
		{"shim.Greeter.Hello", `["", 1]`, 422, `"message":"name is empty"`},
		{"shim.Greeter.Hello", `["a"]`, 400, "want 2"},
		{"shim.Greeter.Hello", `[1, 1]`, 400, "argument 1"},
		{"shim.Greeter.Nope", `[]`, 404, "not_found"},
	}
	for _, tt := range tests {
		status, body := post(t, srv.URL+"/__go/"+tt.path, tt.body)
		if status != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("POST %s %s = %d %s, want %d containing %q", tt.path, tt.body, status, body, tt.status, tt.want)
		}
	}
}

func TestIndexLoadsShimFirst(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, path := range []string{"/", "/index.html"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), `<head><script src="/__e2e/shim.js"></script><title>`) {
			t.Errorf("GET %s = %s, want the shim first in <head>", path, b)
		}
	}
	res, err := http.Get(srv.URL + scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), `"shim.Greeter.Hello"`) {
		t.Errorf("shim script does not list shim.Greeter.Hello: %s", b)
	}
	res, err = http.Get(srv.URL + "/assets/a.js")
	if err != nil || res.StatusCode != 200 {
		t.Errorf("GET /assets/a.js = %v, %v", res.StatusCode, err)
	}
}
