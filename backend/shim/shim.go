// Package shim serves a Wails frontend to an ordinary browser: it injects a
// script that defines window.go.<package>.<Struct>.<Method> as JSON POSTs to
// the same Go structs that the desktop window binds, and stubs
// window.runtime. Browser end-to-end tests drive the real Go code through it.
package shim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"reflect"
	"sort"
	"strings"
)

// Server routes calls to bound structs and serves the frontend assets.
type Server struct {
	assets  fs.FS
	methods map[string]reflect.Value // "pkg.Struct.Method"
	format  func(error) any
	script  []byte
}

// New returns a server for assets (the built frontend) and bound, the same
// struct pointers passed to Wails' Bind. format turns a method's error into
// the value the promise rejects with, as Wails' ErrorFormatter does.
func New(assets fs.FS, bound []any, format func(error) any) *Server {
	s := &Server{assets: assets, methods: map[string]reflect.Value{}, format: format}
	for _, b := range bound {
		v := reflect.ValueOf(b)
		t := v.Type()
		// Wails names a struct by its package's last element: *desktop.Settings → desktop.Settings.
		name := strings.TrimPrefix(t.String(), "*")
		for i := 0; i < t.NumMethod(); i++ {
			s.methods[name+"."+t.Method(i).Name] = v.Method(i)
		}
	}
	s.script = s.buildScript()
	return s
}

// Names lists the bound methods as "pkg.Struct.Method".
func (s *Server) Names() []string {
	names := make([]string, 0, len(s.methods))
	for n := range s.methods {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (s *Server) buildScript() []byte {
	names, _ := json.Marshal(s.Names())
	return []byte(`// Fieldbook e2e shim: window.go calls become POSTs to the Go structs.
(function () {
  const names = ` + string(names) + `;
  window.go = {};
  for (const full of names) {
    const [pkg, struct, method] = full.split(".");
    window.go[pkg] = window.go[pkg] || {};
    window.go[pkg][struct] = window.go[pkg][struct] || {};
    window.go[pkg][struct][method] = async (...args) => {
      const res = await fetch("/__go/" + full, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(args) });
      const body = await res.json();
      if (!res.ok) throw body;
      return body;
    };
  }
  const listeners = {};
  window.__e2e = { quitCalled: false, emit: (name, ...data) => (listeners[name] || []).slice().forEach((cb) => cb(...data)) };
  const runtime = {
    EventsOnMultiple: (name, cb, max) => { (listeners[name] = listeners[name] || []).push(cb); return () => { listeners[name] = (listeners[name] || []).filter((x) => x !== cb); }; },
    EventsOff: (name) => { delete listeners[name]; },
    EventsOffAll: () => { for (const k in listeners) delete listeners[k]; },
    EventsEmit: (name, ...data) => window.__e2e.emit(name, ...data),
    Quit: () => { window.__e2e.quitCalled = true; },
    Environment: async () => ({ buildType: "e2e", platform: "browser", arch: "" }),
  };
  window.runtime = new Proxy(runtime, { get: (t, k) => (k in t ? t[k] : () => undefined) });
})();
`)
}

const scriptPath = "/__e2e/shim.js"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/__go/"):
		s.call(w, r, strings.TrimPrefix(r.URL.Path, "/__go/"))
	case r.URL.Path == scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		_, _ = w.Write(s.script)
	case r.URL.Path == "/" || r.URL.Path == "/index.html":
		s.index(w)
	default:
		http.FileServerFS(s.assets).ServeHTTP(w, r)
	}
}

// index serves index.html with the shim loaded before any other script,
// where Wails injects its own runtime.
func (s *Server) index(w http.ResponseWriter) {
	page, err := fs.ReadFile(s.assets, "index.html")
	if err != nil {
		http.Error(w, "index.html: "+err.Error(), http.StatusInternalServerError)
		return
	}
	tag := `<script src="` + scriptPath + `"></script>`
	if bytes.Contains(page, []byte("<head>")) {
		page = bytes.Replace(page, []byte("<head>"), []byte("<head>"+tag), 1)
	} else {
		page = append([]byte(tag), page...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(page)
}

func (s *Server) call(w http.ResponseWriter, r *http.Request, name string) {
	m, ok := s.methods[name]
	if r.Method != http.MethodPost || !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"code": "not_found", "message": "没有这个方法：" + name, "message_en": "No such method: " + name})
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"code": "invalid", "message": err.Error(), "message_en": err.Error()})
		return
	}
	args, err := decodeArgs(m.Type(), body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"code": "invalid", "message": err.Error(), "message_en": err.Error()})
		return
	}
	out := m.Call(args)
	if n := len(out); n > 0 {
		if errV := out[n-1]; errV.Type() == reflect.TypeFor[error]() {
			if !errV.IsNil() {
				writeJSON(w, http.StatusUnprocessableEntity, s.format(errV.Interface().(error)))
				return
			}
			out = out[:n-1]
		}
	}
	var result any
	if len(out) > 0 {
		result = out[0].Interface()
	}
	writeJSON(w, http.StatusOK, result)
}

// decodeArgs decodes a JSON array into the method's parameters, as Wails does.
func decodeArgs(t reflect.Type, body []byte) ([]reflect.Value, error) {
	var raw []json.RawMessage
	if len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, fmt.Errorf("arguments: %w", err)
		}
	}
	if len(raw) != t.NumIn() {
		return nil, fmt.Errorf("got %d arguments, want %d", len(raw), t.NumIn())
	}
	args := make([]reflect.Value, t.NumIn())
	for i := range args {
		p := reflect.New(t.In(i))
		if err := json.Unmarshal(raw[i], p.Interface()); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		args[i] = p.Elem()
	}
	return args, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
