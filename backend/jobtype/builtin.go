package jobtype

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The built-in job types and templates, one bundle file per job type.
// house_inspection.json is generated (go test ./backend/jobtype -run
// TestBuiltinFiles -update); the others are written by hand and kept in
// the canonical form Export writes.
//
// builtin/retired/ holds template versions a newer built-in version
// replaced: checklists filled with them still open on a laptop that never
// stored them (RetiredTemplates).
//
//go:embed builtin/*.json builtin/retired/*.json
var builtinFS embed.FS

// BuiltinFiles returns the names and contents of the built-in bundle files.
func BuiltinFiles() map[string][]byte {
	names, err := fs.Glob(builtinFS, "builtin/*.json")
	if err != nil {
		panic(err)
	}
	files := make(map[string][]byte, len(names))
	for _, n := range names {
		b, err := builtinFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		files[path.Base(n)] = b
	}
	return files
}

// Builtin returns the job types and checklist templates a new installation
// knows, parsed from the embedded files, sorted by key. Each call returns a
// fresh copy.
func Builtin() Bundle {
	b := Bundle{Format: Format}
	files := BuiltinFiles()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		part, err := Parse(files[n])
		if err != nil {
			panic("jobtype: built-in " + n + ": " + err.Error()) // the tests parse every file
		}
		b.JobTypes = append(b.JobTypes, part.JobTypes...)
		b.Templates = append(b.Templates, part.Templates...)
	}
	slices.SortFunc(b.JobTypes, func(x, y JobType) int { return strings.Compare(x.Key, y.Key) })
	slices.SortFunc(b.Templates, func(x, y Template) int { return strings.Compare(x.Key, y.Key) })
	return b
}

// RetiredTemplates are the built-in template versions a later built-in
// version replaced, still needed by the checklists filled with them.
func RetiredTemplates() []Template {
	names, err := fs.Glob(builtinFS, "builtin/retired/*.json")
	if err != nil {
		panic(err)
	}
	var out []Template
	for _, n := range names {
		b, err := builtinFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		part, err := Parse(b)
		if err != nil {
			panic("jobtype: retired " + n + ": " + err.Error()) // the tests parse every file
		}
		out = append(out, part.Templates...)
	}
	return out
}

var builtinTemplates = sync.OnceValue(func() map[string]Template {
	m := map[string]Template{}
	for _, t := range append(Builtin().Templates, RetiredTemplates()...) {
		m[t.Key+"@"+strconv.Itoa(t.Version)] = t
	}
	return m
})

// BuiltinTemplate returns the built-in or retired built-in template version,
// parsed once. The caller must not change it.
func BuiltinTemplate(key string, version int) (Template, bool) {
	t, ok := builtinTemplates()[key+"@"+strconv.Itoa(version)]
	return t, ok
}
