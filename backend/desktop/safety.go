package desktop

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"fieldbook/backend/applog"
	"fieldbook/backend/diagnostics"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/unsynced"
)

// EventStoreChecked is sent when the background integrity check ends.
const EventStoreChecked = "store:checked"

// Safety is 设置 › 数据安全: the store's snapshots and their restore, the
// integrity check, and the diagnostics file for support. Its snapshot list
// and restore work without an open store: they are the way out of a
// damaged one on the startup error screen.
type Safety struct {
	*base
	info    SystemInfo
	started time.Time
	sync    *Sync
	emit    func(name string, data any)
}

// SafetyOverview is what the section shows.
type SafetyOverview struct {
	Snapshots []sqlite.Snapshot `json:"snapshots"`
	Check     *sqlite.Check     `json:"check"` // nil while the first check runs
	LogDir    string            `json:"log_dir"`
}

// Overview lists the snapshots, newest first, and the last integrity check.
func (s *Safety) Overview() (SafetyOverview, error) {
	list, err := sqlite.Snapshots(s.info.DataDir)
	if err != nil {
		return SafetyOverview{}, fmt.Errorf("list snapshots: %w", err)
	}
	o := SafetyOverview{Snapshots: list, LogDir: filepath.Join(s.info.DataDir, applog.Dir)}
	if db, err := s.store(); err == nil {
		o.Check = db.LastCheck()
	}
	return o, nil
}

// TakeSnapshot takes a snapshot now.
func (s *Safety) TakeSnapshot() (sqlite.Snapshot, error) {
	db, err := s.store()
	if err != nil {
		return sqlite.Snapshot{}, err
	}
	snap, err := db.TakeSnapshot(context.Background(), sqlite.SnapshotManual)
	if err == nil {
		slog.Info("snapshot taken", "name", snap.Name, "bytes", snap.Bytes, "reason", snap.Reason)
	}
	return snap, err
}

// RestoreSnapshot puts the snapshot name in place of the open store's
// content and returns the snapshot of the state before, which undoes it.
func (s *Safety) RestoreSnapshot(name string) (sqlite.Snapshot, error) {
	db, err := s.store()
	if err != nil {
		return sqlite.Snapshot{}, err
	}
	undo, err := db.RestoreSnapshot(context.Background(), name)
	if err != nil {
		slog.Error("restore snapshot", "name", name, "err", err)
		return undo, err
	}
	slog.Info("snapshot restored", "name", name, "undo", undo.Name)
	s.check(context.Background())
	return undo, nil
}

// RestoreDamaged is the startup error screen's way out: the store did not
// open; the snapshot name replaces the damaged file, which is kept beside
// it. The app must then be started again.
func (s *Safety) RestoreDamaged(name string) (string, error) {
	if s.db != nil {
		return "", fieldbook.Errorf(fieldbook.ECONFLICT, "数据库已打开：请在“设置 › 数据安全”中恢复快照。",
			"The database is open: restore a snapshot in Settings › Data safety.")
	}
	kept, err := sqlite.RestoreDamaged(context.Background(), s.info.DataDir, name)
	if err != nil {
		slog.Error("restore damaged store", "name", name, "err", err)
		return "", err
	}
	slog.Info("damaged store replaced by a snapshot", "name", name, "kept", kept)
	return kept, nil
}

// CheckNow runs the integrity check again and returns its result.
func (s *Safety) CheckNow() (sqlite.Check, error) {
	if _, err := s.store(); err != nil {
		return sqlite.Check{}, err
	}
	return s.check(context.Background()), nil
}

// CheckStore runs the integrity check of the store in the background at
// start; ctx stops it when the app closes.
func (s *Services) CheckStore(ctx context.Context) sqlite.Check { return s.Safety.check(ctx) }

// check runs the integrity check, logs it and tells the window.
func (s *Safety) check(ctx context.Context) sqlite.Check {
	db, err := s.store()
	if err != nil {
		return sqlite.Check{Err: err.Error()}
	}
	c := db.CheckIntegrity(ctx)
	switch {
	case c.OK:
		slog.Info("integrity check", "ok", true, "ms", c.Millis)
	case c.Err != "":
		slog.Warn("integrity check did not finish", "err", c.Err, "ms", c.Millis)
	default:
		slog.Error("integrity check found damage", "problems", c.Problems, "ms", c.Millis)
	}
	if s.emit != nil && ctx.Err() == nil {
		s.emit(EventStoreChecked, c)
	}
	return c
}

// ExportDiagnostics writes the file for support to the exports folder:
// the app, the store's health, its snapshots and the log files, without
// customer data.
func (s *Safety) ExportDiagnostics() (fieldbook.Document, error) {
	ctx := context.Background()
	now := time.Now()
	r := diagnostics.Report{CreatedAt: now.UTC(), App: diagnostics.ThisApp(s.info.Version, s.info.DataDir, s.started)}
	var err error
	if r.Snapshots, err = sqlite.Snapshots(s.info.DataDir); err != nil {
		return fieldbook.Document{}, err
	}
	db, err := s.store()
	if err != nil {
		p := fieldbook.ToPayload(err)
		r.StoreErr = p.Code + ": " + p.MessageEN
	} else {
		h, err := db.Health(ctx)
		if err != nil {
			return fieldbook.Document{}, fmt.Errorf("diagnostics: %w", err)
		}
		r.Store, r.Check = &h, db.LastCheck()
	}
	if s.sync != nil {
		r.Sync = s.sync.diagnostics()
	}
	logs, err := applog.Files(s.info.DataDir)
	if err != nil {
		return fieldbook.Document{}, err
	}
	var buf bytes.Buffer
	if err := diagnostics.Write(&buf, r, logs); err != nil {
		return fieldbook.Document{}, err
	}
	name := "fieldbook-diagnostics-" + now.Format("20060102-150405") + ".zip"
	doc, err := sqlite.SaveExport(s.info.DataDir, name, buf.Bytes(), now)
	if err == nil {
		slog.Info("diagnostics exported", "bytes", doc.Size)
	}
	return doc, err
}

// origin is the hub and user this laptop works for ("" HubURL: none).
func (s *Safety) origin(ctx context.Context) (unsynced.Origin, error) {
	var o unsynced.Origin
	if s.sync == nil {
		return o, nil
	}
	e, err := s.sync.eng()
	if err != nil {
		return o, err
	}
	a, ok, err := e.Account(ctx)
	if err != nil || !ok {
		return o, err
	}
	o = unsynced.Origin{HubURL: a.HubURL, Centre: a.User.Centre, User: a.User.Name, DeviceID: a.DeviceID}
	if h, ok, err := e.Hub(ctx); err != nil {
		return o, err
	} else if ok {
		o.HubID = h.HubID
	}
	return o, nil
}

// UnsyncedExport is a file of the work not yet on the hub.
type UnsyncedExport struct {
	Document fieldbook.Document `json:"document"`
	Rows     int                `json:"rows"`
	Blobs    int                `json:"blobs"`
}

// ExportUnsynced writes every change not yet on the hub, with the
// signatures' and photos' files, to one file in the exports folder, for
// another laptop of the same hub and centre to import.
func (s *Safety) ExportUnsynced() (UnsyncedExport, error) {
	ctx := context.Background()
	db, err := s.store()
	if err != nil {
		return UnsyncedExport{}, err
	}
	o, err := s.origin(ctx)
	if err != nil {
		return UnsyncedExport{}, err
	}
	now := time.Now()
	data, m, err := unsynced.Export(ctx, db, o, now)
	if err != nil {
		return UnsyncedExport{}, fmt.Errorf("export unsynced work: %w", err)
	}
	doc, err := sqlite.SaveExport(s.info.DataDir, "fieldbook-unsynced-"+now.Format("20060102-150405")+".zip", data, now)
	if err != nil {
		return UnsyncedExport{}, err
	}
	slog.Info("unsynced work exported", "rows", m.Rows, "blobs", len(m.Blobs), "bytes", doc.Size)
	return UnsyncedExport{Document: doc, Rows: m.Rows, Blobs: len(m.Blobs)}, nil
}

// ImportUnsynced imports a file another laptop exported (base64 of its
// bytes) as this laptop's own unsynced work: the next sync pushes it.
func (s *Safety) ImportUnsynced(fileBase64 string) (sqlite.ImportReport, error) {
	ctx := context.Background()
	db, err := s.store()
	if err != nil {
		return sqlite.ImportReport{}, err
	}
	data, err := base64.StdEncoding.DecodeString(fileBase64)
	if err != nil {
		return sqlite.ImportReport{}, fieldbook.Errorf(fieldbook.EINVALID, "无法读取所选文件。", "The chosen file cannot be read.")
	}
	o, err := s.origin(ctx)
	if err != nil {
		return sqlite.ImportReport{}, err
	}
	rep, err := unsynced.Import(ctx, db, data, o)
	if err != nil {
		slog.Warn("import of unsynced work refused", "err", err)
		return rep, err
	}
	slog.Info("unsynced work imported", "rows", rep.Rows, "same", rep.Same, "skipped", len(rep.Skipped))
	return rep, nil
}
