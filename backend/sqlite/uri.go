package sqlite

import (
	"path/filepath"
	"strings"
)

// fileURI is path as an SQLite URI filename. '?' and '#' would end the
// path and '%' starts an escape, so they are escaped (a folder may be
// named "资料#2"); separators become '/', and a Windows drive path is
// written /C:/… (SQLite drops the leading '/'), a UNC path ////server/share/….
func fileURI(path string) string {
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	vol := filepath.VolumeName(path)
	switch {
	case len(vol) == 2 && vol[1] == ':':
		p = "/" + p
	case strings.HasPrefix(p, "//"):
		p = "//" + p
	}
	return "file:" + p
}
