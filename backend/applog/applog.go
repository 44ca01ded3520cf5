// Package applog is the desktop app's log file: JSON lines in the data
// directory's logs folder, rotated by size with the last few files kept, so
// support can read what the app did without the file growing without end.
//
// What is logged is the app's own doing — opening, migrations, snapshots,
// checks, sync runs and their counts, error codes — never a value a user
// typed: the diagnostics export copies these files as they are.
package applog

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/natefinch/lumberjack.v2"
)

// Dir is the log folder inside the data directory; File is the current log.
const (
	Dir  = "logs"
	File = "fieldbook.log"
)

// Rotation: a file is closed at MaxMegabytes and the newest Backups closed
// files are kept, so the folder stays under (Backups+1)·MaxMegabytes.
const (
	MaxMegabytes = 5
	Backups      = 4
)

// Log is an open log file.
type Log struct {
	*slog.Logger
	file *lumberjack.Logger
}

// Open starts logging to the data directory dataDir, and to echo as well
// when it is not nil (stderr for a terminal). The file is created on the
// first record; a log that cannot be written never stops the app.
func Open(dataDir string, echo io.Writer) *Log {
	file := &lumberjack.Logger{
		Filename:   filepath.Join(dataDir, Dir, File),
		MaxSize:    MaxMegabytes,
		MaxBackups: Backups,
	}
	var w io.Writer = ignoreErrors{file}
	if echo != nil {
		w = io.MultiWriter(ignoreErrors{file}, echo)
	}
	return &Log{Logger: slog.New(slog.NewJSONHandler(w, nil)), file: file}
}

// Close closes the file.
func (l *Log) Close() error { return l.file.Close() }

// ignoreErrors keeps a full disk or a read-only folder from failing the
// echo as well (io.MultiWriter stops at the first error).
type ignoreErrors struct{ w io.Writer }

func (i ignoreErrors) Write(p []byte) (int, error) {
	_, _ = i.w.Write(p)
	return len(p), nil
}

// Files lists the log files of the data directory dataDir, oldest first:
// the rotated ones (named with the time of rotation), then the current one.
func Files(dataDir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dataDir, Dir))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	stem := strings.TrimSuffix(File, filepath.Ext(File))
	var rotated []string
	current := false
	for _, e := range entries {
		switch name := e.Name(); {
		case e.IsDir():
		case name == File:
			current = true
		case strings.HasPrefix(name, stem+"-") && strings.HasSuffix(name, filepath.Ext(File)):
			rotated = append(rotated, name)
		}
	}
	sort.Strings(rotated) // lumberjack's time stamp sorts as text
	if current {
		rotated = append(rotated, File)
	}
	for i, name := range rotated {
		rotated[i] = filepath.Join(dataDir, Dir, name)
	}
	return rotated, nil
}
