// Package desktop holds the structs that the Wails window binds: one per
// screen area, each a thin layer over the local store. It does not import
// Wails, so the same structs serve the browser end-to-end tests.
package desktop

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
)

// Services are every bound struct of the app.
type Services struct {
	Settings   *Settings
	System     *System
	Customers  *Customers
	Jobs       *Jobs
	Visits     *Visits
	Sync       *Sync
	Templates  *Templates
	Checklists *Checklists
	Archive    *Archive
	Safety     *Safety
	Catalogue  *Catalogue
}

// New returns the bound structs over db. When the store could not be opened,
// db is nil and openErr says why: every call then fails with that error, and
// System.Info reports it so the window can show it. started is when the
// process began, for the log line that measures start-up. open shows a file
// in the system's viewer.
func New(db *sqlite.DB, openErr error, info SystemInfo, started time.Time, open func(path string) error) *Services {
	b := &base{db: db, openErr: openErr, open: open}
	syncer := &Sync{base: b}
	return &Services{
		Safety:     &Safety{base: b, info: info, started: started, sync: syncer},
		Settings:   &Settings{b},
		System:     &System{base: b, info: info, started: started},
		Customers:  &Customers{b},
		Jobs:       &Jobs{base: b, sync: syncer},
		Visits:     &Visits{base: b},
		Sync:       syncer,
		Templates:  &Templates{b},
		Checklists: &Checklists{b},
		Archive:    &Archive{base: b, sync: syncer},
		Catalogue:  &Catalogue{b},
	}
}

// SetEmit sets how events reach the window (Wails' EventsEmit); call it
// before the window makes calls.
func (s *Services) SetEmit(emit func(name string, data any)) {
	s.Sync.emit, s.Safety.emit = emit, emit
}

// Bind lists the structs for Wails' Bind option.
func (s *Services) Bind() []any {
	return []any{s.Settings, s.System, s.Customers, s.Jobs, s.Visits, s.Sync, s.Templates, s.Checklists, s.Archive, s.Safety, s.Catalogue}
}

type base struct {
	db      *sqlite.DB
	openErr error
	open    func(path string) error // shows a file in the system's viewer; nil where there is none
}

// show opens a document the user just asked for (a customer copy, a
// checklist, a cover sheet to print) in the system's viewer, from where it
// prints. A viewer that cannot start is logged: the document is made, and the
// page offers it again.
func (b *base) show(doc fieldbook.Document, err error) (fieldbook.Document, error) {
	if err != nil || b.open == nil {
		return doc, err
	}
	if oerr := b.open(doc.Path); oerr != nil {
		slog.Warn("open document", "path", doc.Path, "err", oerr)
	}
	return doc, nil
}

// store returns the open store or the reason there is none.
func (b *base) store() (*sqlite.DB, error) {
	if b.db == nil {
		return nil, b.openErr
	}
	return b.db, nil
}

// Settings loads and saves the device's preferences.
type Settings struct{ *base }

// Get returns the saved settings.
func (s *Settings) Get() (fieldbook.Settings, error) {
	db, err := s.store()
	if err != nil {
		return fieldbook.Settings{}, err
	}
	return db.Settings(context.Background())
}

// Save validates and stores the settings and returns them as stored.
func (s *Settings) Save(in fieldbook.Settings) (fieldbook.Settings, error) {
	db, err := s.store()
	if err != nil {
		return in, err
	}
	return db.SaveSettings(context.Background(), in)
}

// Edit stores an edit of the settings form (the fields form changed since
// base): valid values at once, refused ones kept as typed and named.
func (s *Settings) Edit(form, base fieldbook.Settings) (sqlite.SettingsSaved, error) {
	db, err := s.store()
	if err != nil {
		return sqlite.SettingsSaved{}, err
	}
	return db.EditSettings(context.Background(), form, base)
}

// Edited returns the settings as the form shows them: the refused values
// still laid over the stored ones.
func (s *Settings) Edited() (fieldbook.Settings, error) {
	db, err := s.store()
	if err != nil {
		return fieldbook.Settings{}, err
	}
	return db.EditedSettings(context.Background())
}

// SystemInfo describes the running app and its local database.
type SystemInfo struct {
	Version       string             `json:"version"`
	DataDir       string             `json:"data_dir"`
	DBPath        string             `json:"db_path"`
	SchemaVersion int64              `json:"schema_version"`
	DeviceID      string             `json:"device_id"`
	StartupError  *fieldbook.Payload `json:"startup_error"`
}

// System tells the window about the app and whether it started.
type System struct {
	*base
	info      SystemInfo
	started   time.Time
	firstCall sync.Once

	mu      sync.Mutex
	unsaved int       // fields the open record page has not stored
	heldAt  time.Time // when a close of the window last waited for the page
}

// EventCloseRequested asks the page whether the window may close (something
// typed is not stored); the page asks the person and quits when they agree.
const EventCloseRequested = "window:close-requested"

// SetUnsaved records how many fields the open record page has not stored
// (refused, in conflict or still waiting): closing the window asks first
// while it is not zero.
func (s *System) SetUnsaved(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case n > 0 && s.unsaved <= 0:
		slog.Info("window holds work not stored: closing asks first", "fields", n)
	case n <= 0 && s.unsaved > 0:
		slog.Info("window's work all stored")
	}
	s.unsaved = n
}

// StayOpen tells that the person, asked on closing the window, chose to
// stay: the next close asks again (a close within the grace goes through
// only while the page has not answered).
func (s *System) StayOpen() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heldAt = time.Time{}
	slog.Info("window close: the person stayed")
}

// closeGrace is how long after a held close a second close goes through
// without asking: a page that cannot answer never keeps the window open.
const closeGrace = 10 * time.Second

// HoldClose reports whether closing the window at now should wait for the
// page to ask the person (see EventCloseRequested): something typed is not
// stored and no close was held within closeGrace.
func HoldClose(s *System, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.unsaved <= 0 || (!s.heldAt.IsZero() && now.Sub(s.heldAt) < closeGrace) {
		return false
	}
	s.heldAt = now
	slog.Info("window close held: the page asks first", "fields", s.unsaved)
	return true
}

// Info returns the app's version and data location, and the error that kept
// the store from opening, if any.
func (s *System) Info() (SystemInfo, error) {
	s.firstCall.Do(func() {
		slog.Info("page called Go", "since_start_ms", time.Since(s.started).Milliseconds())
	})
	info := s.info
	db, err := s.store()
	if err != nil {
		p := fieldbook.ToPayload(err)
		info.StartupError = &p
		return info, nil
	}
	ctx := context.Background()
	info.DBPath = db.Path()
	if info.SchemaVersion, err = db.SchemaVersion(ctx); err != nil {
		return info, err
	}
	info.DeviceID = db.DeviceID()
	return info, nil
}
