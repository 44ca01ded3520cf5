// Package diagnostics writes the file a user sends to support when the app
// misbehaves: which app on which system, the store's health (sizes, counts,
// the sync position, open issues by code), its snapshots and the log files.
// It holds no customer data: no record's content is read, and the log
// records the app's doing, never a value someone typed.
package diagnostics

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"fieldbook/backend/sqlite"
)

// App describes the running program.
type App struct {
	Version   string    `json:"version"`
	OS        string    `json:"os"`
	Arch      string    `json:"arch"`
	GoVersion string    `json:"go_version"`
	StartedAt time.Time `json:"started_at"`
	DataDir   string    `json:"data_dir"`
}

// ThisApp describes this process.
func ThisApp(version, dataDir string, started time.Time) App {
	return App{Version: version, OS: runtime.GOOS, Arch: runtime.GOARCH, GoVersion: runtime.Version(), StartedAt: started.UTC(), DataDir: dataDir}
}

// Report is the content of diagnostics.json.
type Report struct {
	CreatedAt time.Time         `json:"created_at"`
	App       App               `json:"app"`
	Store     *sqlite.Health    `json:"store"`       // nil when the store did not open
	StoreErr  string            `json:"store_error"` // why it did not (a code and the app's message)
	Check     *sqlite.Check     `json:"quick_check"` // the last integrity check, if any ran
	Snapshots []sqlite.Snapshot `json:"snapshots"`
	Sync      Sync              `json:"sync"`
}

// Sync is the connection, without its token or the user's name.
type Sync struct {
	Connected bool   `json:"connected"`
	HubURL    string `json:"hub_url"`
	Role      string `json:"role"`
	LastError string `json:"last_error"` // the last sync error's code
}

// Write writes the zip: diagnostics.json, then each log file under logs/.
func Write(w io.Writer, r Report, logFiles []string) error {
	z := zip.NewWriter(w)
	f, err := z.CreateHeader(&zip.FileHeader{Name: "diagnostics.json", Method: zip.Deflate, Modified: r.CreatedAt})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(f)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	for _, path := range logFiles {
		if err := addFile(z, "logs/"+filepath.Base(path), path); err != nil {
			return fmt.Errorf("diagnostics: %w", err)
		}
	}
	return z.Close()
}

func addFile(z *zip.Writer, name, path string) error {
	src, err := os.Open(path)
	if os.IsNotExist(err) { // rotated away since it was listed
		return nil
	}
	if err != nil {
		return err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return err
	}
	dst, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: st.ModTime()})
	if err != nil {
		return err
	}
	// The size as listed: the current log may grow while it is copied.
	_, err = io.CopyN(dst, src, st.Size())
	return err
}
