package jobtype

import (
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// The built-in job types and templates, one bundle file per job type.
// house_inspection.json is generated (go test ./backend/jobtype -run
// TestBuiltinFiles -update); the others are written by hand and kept in
// the canonical form Export writes.
//
//go:embed builtin/*.json
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
