package desktop

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"time"

	"fieldbook/backend/diagnostics"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
	"fieldbook/backend/sqlite"
	"fieldbook/backend/syncer"
)

// Event names sent to the window.
const (
	EventSyncProgress = "sync:progress"
	EventSyncStatus   = "sync:status"
)

// autoSyncEvery is how often the app tries the hub on its own.
const autoSyncEvery = time.Minute

// SyncStatus is what the window shows about sync.
type SyncStatus struct {
	Connected    bool               `json:"connected"`
	HubURL       string             `json:"hub_url"`
	User         protocol.UserInfo  `json:"user"`
	DeviceID     string             `json:"device_id"`
	Online       bool               `json:"online"`  // the last attempt reached the hub
	Running      bool               `json:"running"` // a sync runs, or waits for the one running to end
	Progress     syncer.Progress    `json:"progress"`
	LastSyncedAt *time.Time         `json:"last_synced_at"`
	Pending      int                `json:"pending"`     // local rows waiting to be pushed
	OpenIssues   int                `json:"open_issues"` // conflicts and rejections to look at
	LastError    *fieldbook.Payload `json:"last_error"`
	LastReport   *syncer.Report     `json:"last_report"`
}

// Sync connects the device to a hub and runs sync on demand and on its own.
type Sync struct {
	*base
	emit func(name string, data any)

	mu     sync.Mutex
	engine *syncer.Engine
	online bool
	// running counts the syncs asked for and not yet ended: the one running
	// and those waiting for it (a hand-in while a sync runs asks for its
	// own, which runs right after). The status is running until all ended.
	running  int
	progress syncer.Progress
	lastErr  error
	report   *syncer.Report
}

func (s *Sync) eng() (*syncer.Engine, error) {
	db, err := s.store()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.engine == nil {
		s.engine = syncer.New(db, nil)
	}
	return s.engine, nil
}

// Status reports the connection, the last sync and what waits.
func (s *Sync) Status() (SyncStatus, error) {
	db, err := s.store()
	if err != nil {
		return SyncStatus{}, err
	}
	e, _ := s.eng()
	ctx := context.Background()
	var st SyncStatus
	a, ok, err := e.Account(ctx)
	if err != nil {
		return st, err
	}
	if ok {
		st.Connected, st.HubURL, st.User, st.DeviceID = true, a.HubURL, a.User, a.DeviceID
	}
	var last time.Time
	if ok, _ := db.SyncState(ctx, "last_synced_at", &last); ok {
		st.LastSyncedAt = &last
	}
	if st.Pending, err = db.PendingCount(ctx); err != nil {
		return st, err
	}
	issues, err := db.SyncIssues(ctx)
	if err != nil {
		return st, err
	}
	st.OpenIssues = len(issues)
	s.mu.Lock()
	defer s.mu.Unlock()
	st.Online, st.Running, st.Progress, st.LastReport = s.online, s.running > 0, s.progress, s.report
	if s.lastErr != nil {
		p := fieldbook.ToPayload(s.lastErr)
		st.LastError = &p
	}
	return st, nil
}

// diagnostics is the connection for the diagnostics file: no token, no name.
func (s *Sync) diagnostics() diagnostics.Sync {
	var d diagnostics.Sync
	if e, err := s.eng(); err == nil {
		if a, ok, err := e.Account(context.Background()); err == nil && ok {
			d.Connected, d.HubURL, d.Role = true, a.HubURL, a.User.Role
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastErr != nil {
		d.LastError = fieldbook.ErrorCode(s.lastErr)
	}
	return d
}

// Connect enrols this device with the hub at url using a one-time code from
// an administrator (in any case, with or without spaces and dashes), then syncs. Plain http is refused except to this
// computer unless allowInsecure is set.
func (s *Sync) Connect(url, code string, allowInsecure bool) (SyncStatus, error) {
	e, err := s.eng()
	if err != nil {
		return SyncStatus{}, err
	}
	name, _ := os.Hostname()
	a, err := e.Enrol(context.Background(), url, fieldbook.NormalizeEnrolCode(code), name, allowInsecure)
	if err != nil {
		return SyncStatus{}, err
	}
	if err := s.takeIdentity(a.User); err != nil {
		return SyncStatus{}, err
	}
	_, _ = s.Now() // a failed first sync shows in the status; the enrolment stands
	return s.Status()
}

// takeIdentity makes the enrolled user the person of this laptop: their
// display name and employee number sign their records, and the first run
// is over.
func (s *Sync) takeIdentity(u protocol.UserInfo) error {
	db, err := s.store()
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := db.Settings(ctx)
	if err != nil {
		return err
	}
	st.Setup = fieldbook.SetupHub
	st.Technician.Name = u.DisplayName
	if st.Technician.Name == "" {
		st.Technician.Name = u.Name // a hub from before display names
	}
	st.Technician.EmployeeNo = u.EmployeeNo
	if _, err := db.SaveSettings(ctx, st); err != nil {
		return err
	}
	// The centre's settings replace the laptop's own: they come with the
	// first pull, and nothing this laptop set alone is pushed over them;
	// so does the centre's catalogue.
	if err := db.ForgetCentreSettings(ctx); err != nil {
		return err
	}
	return db.ForgetCatalogue(ctx)
}

// Now runs a sync and returns its report. Asked for while another runs, it
// runs right after it (what was written meanwhile goes with it), and the
// status stays running until both ended.
func (s *Sync) Now() (syncer.Report, error) {
	e, err := s.eng()
	if err != nil {
		return syncer.Report{}, err
	}
	s.mu.Lock()
	s.running++
	s.mu.Unlock()
	if st, serr := s.Status(); serr == nil {
		s.send(EventSyncStatus, st)
	}
	rep, err := e.Sync(context.Background(), func(p syncer.Progress) {
		s.mu.Lock()
		s.progress = p
		s.mu.Unlock()
		s.send(EventSyncProgress, p)
	})
	if rep.Pulled > 0 {
		// The clerk's inbox reads the stored checks: bring them up to date
		// now rather than when the inbox opens.
		if db, derr := s.store(); derr == nil {
			if _, cerr := db.RefreshChecks(context.Background()); cerr != nil {
				slog.Error("refresh checks after sync", "err", cerr)
			}
		}
	}
	s.mu.Lock()
	s.running--
	s.lastErr = err
	s.online = err == nil || (fieldbook.ErrorCode(err) != syncer.ErrOffline && fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND)
	if err == nil {
		s.report = &rep
	}
	s.mu.Unlock()
	if st, serr := s.Status(); serr == nil {
		s.send(EventSyncStatus, st)
	}
	return rep, err
}

func (s *Sync) send(name string, data any) {
	if s.emit != nil {
		s.emit(name, data)
	}
}

// Issues lists the conflicts and rejections waiting for a person.
func (s *Sync) Issues() ([]sqlite.SyncIssue, error) {
	db, err := s.store()
	if err != nil {
		return nil, err
	}
	return db.SyncIssues(context.Background())
}

// Resolve closes an issue: choice "mine" sends this device's value again,
// "theirs" keeps the hub's.
func (s *Sync) Resolve(id int64, choice string) error {
	db, err := s.store()
	if err != nil {
		return err
	}
	return db.ResolveSyncIssue(context.Background(), id, choice)
}

// Run syncs whenever the device is connected, every autoSyncEvery, until
// ctx ends. Being offline is normal: it is only shown, never fatal.
func (s *Sync) Run(ctx context.Context) {
	t := time.NewTicker(autoSyncEvery)
	defer t.Stop()
	for {
		if e, err := s.eng(); err == nil {
			if _, ok, _ := e.Account(ctx); ok {
				if _, err := s.Now(); err != nil {
					slog.Info("auto sync", "err", err)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
