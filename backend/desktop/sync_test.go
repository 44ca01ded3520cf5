package desktop

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
	"fieldbook/backend/hub/sqlstore"
	"fieldbook/backend/syncer"
)

// testHub starts a hub on a fresh SQLite database, served over real HTTP,
// with users (name → role) of the centre 上海中心.
func testHub(t *testing.T, users map[string]string) (*hub.Service, *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	if err := store.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	svc := hub.NewService(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for name, role := range users {
		if err := svc.AddUser(ctx, name, role, "上海中心"); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(hub.NewHandler(svc, hub.DefaultLimits))
	t.Cleanup(srv.Close)
	return svc, srv
}

func TestSyncConnectAndStatus(t *testing.T) {
	ctx := context.Background()
	svc, srv := testHub(t, map[string]string{"张伟": hub.RoleTechnician})

	s, _ := open(t)
	var events []string
	s.SetEmit(func(name string, _ any) { events = append(events, name) })
	st, err := s.Sync.Status()
	if err != nil || st.Connected {
		t.Fatalf("Status before connecting = %+v, %v", st, err)
	}
	if _, err := s.Sync.Now(); fieldbook.ErrorCode(err) != fieldbook.ENOTFOUND {
		t.Errorf("Now before connecting = %v, want not_found", err)
	}
	if _, err := s.Customers.Save(fieldbook.Customer{Name: "离线客户", Phones: []string{"13800000000"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync.Connect("http://hub.example.com", "X", false); fieldbook.ErrorCode(err) != fieldbook.EINVALID {
		t.Errorf("Connect over plain http to another host = %v, want invalid", err)
	}
	if err := svc.SetUserProfile(ctx, "张伟", "张伟强", "FW-0107"); err != nil {
		t.Fatal(err)
	}
	code, _, err := svc.NewEnrolCode(ctx, "张伟")
	if err != nil {
		t.Fatal(err)
	}
	// typed in lower case, in groups with spaces: the hub's code all the same
	st, err = s.Sync.Connect(srv.URL, " "+strings.ToLower(strings.ReplaceAll(code, "-", " ")), false)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Connected || st.User.Name != "张伟" || !st.Online || st.LastSyncedAt == nil || st.Pending != 0 || st.LastError != nil {
		t.Errorf("Status after connecting = %+v", st)
	}
	// the enrolled person is this laptop's technician: the first run is over
	if got, _ := s.Settings.Get(); got.Setup != fieldbook.SetupHub || got.Technician.Name != "张伟强" || got.Technician.EmployeeNo != "FW-0107" {
		t.Errorf("settings after connecting = %+v, want the hub's display name and employee number", got)
	}
	if len(events) == 0 || events[len(events)-1] != EventSyncStatus {
		t.Errorf("events = %v, want a final %s", events, EventSyncStatus)
	}
	srv.Close() // the hub goes away: the app shows it is offline, data stays
	if _, err := s.Customers.Save(fieldbook.Customer{Name: "又一个", Phones: []string{"13900000000"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync.Now(); fieldbook.ErrorCode(err) != syncer.ErrOffline {
		t.Errorf("Now with the hub down = %v, want offline", err)
	}
	st, _ = s.Sync.Status()
	if st.Online || st.Pending != 1 || st.LastError == nil || st.LastError.Code != syncer.ErrOffline {
		t.Errorf("Status offline = %+v", st)
	}
}
