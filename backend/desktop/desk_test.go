package desktop

import (
	"context"
	"os"
	"testing"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
)

// The service desk takes a call and dispatches the job through a real hub:
// a name that is no technician of the centre is refused on the field and
// the job stays in the queue; a technician of the centre gets it, and after
// their sync it is on their day with when to leave, and its dispatch slip
// opens.
func TestDeskDispatchReachesTheTechnician(t *testing.T) {
	svc, srv := testHub(t, map[string]string{"李娜": hub.RoleDesk, "王芳": hub.RoleTechnician})
	if err := svc.AddUser(context.Background(), "赵强", hub.RoleTechnician, "杭州中心"); err != nil {
		t.Fatal(err)
	}
	desk := connectAs(t, svc, srv.URL, "李娜")
	c, err := desk.Customers.Save(fieldbook.Customer{Name: "赵秀英", Phones: []string{"13900001111"}, Addresses: []string{"上海市闵行区莘松路380弄12号"}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := desk.Customers.SaveAsset(fieldbook.Asset{CustomerID: c.ID, Kind: "product", Model: "海尔 EG100", Serial: "HR2025A0098"})
	if err != nil {
		t.Fatal(err)
	}
	j, err := desk.Jobs.Create(fieldbook.NewJob{JobType: "it_onsite", CustomerID: c.ID, AssetID: a.ID, Summary: "洗衣机脱水抖动"})
	if err != nil || j.AssignedTo != "" {
		t.Fatalf("the desk's new job = %+v, %v; want it with nobody", j, err)
	}
	inQueue := func() bool {
		b, err := desk.Jobs.Desk()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range b.Undispatched {
			if r.ID == j.ID {
				return true
			}
		}
		return false
	}
	if !inQueue() {
		t.Fatal("the new job is not in the desk's queue")
	}

	zone := fieldbook.Zone("")
	now := time.Now().In(zone)
	at := time.Date(now.Year(), now.Month(), now.Day(), 12, 0, 0, 0, zone)
	for _, who := range []string{"不存在的人", "赵强" /* another centre's */, "李娜" /* not a technician */} {
		_, err = desk.Jobs.Dispatch(fieldbook.Dispatch{JobID: j.ID, AssignedTo: who, Appointment: &at})
		fe, _ := err.(*fieldbook.Error)
		if fe == nil || fe.Code != fieldbook.EINVALID || len(fe.Fields) != 1 || fe.Fields[0].Field != "assigned_to" ||
			fe.Fields[0].Message.ZH == "" || fe.Fields[0].Message.EN == "" {
			t.Fatalf("dispatch to %s: %#v, want a refusal on assigned_to in Chinese and English", who, err)
		}
		if !inQueue() {
			t.Fatalf("after the refused dispatch to %s the job left the queue", who)
		}
	}
	if issues, err := desk.Sync.Issues(); err != nil || len(issues) != 0 {
		t.Errorf("refusals shown on the field stay open as sync issues: %+v, %v", issues, err)
	}
	got, err := desk.Jobs.Dispatch(fieldbook.Dispatch{JobID: j.ID, AssignedTo: "王芳", Appointment: &at})
	if err != nil || !got.Sent || got.Job.AssignedTo != "王芳" {
		t.Fatalf("dispatch to 王芳 = %+v, %v", got, err)
	}
	if inQueue() {
		t.Error("a dispatched job is still in the queue")
	}

	tech := connectAs(t, svc, srv.URL, "王芳")
	if _, err := tech.Sync.Now(); err != nil {
		t.Fatal(err)
	}
	day, err := tech.Jobs.Day()
	if err != nil || len(day) != 1 || day[0].Job.ID != j.ID {
		t.Fatalf("王芳's day = %+v, %v", day, err)
	}
	if want := at.Add(-40 * time.Minute); !day[0].LeaveAt.Equal(want) {
		t.Errorf("leave at %v, want %v", day[0].LeaveAt, want)
	}
	doc, err := tech.Jobs.DispatchSlip(j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(doc.Path); err != nil || st.Size() < 10_000 {
		t.Errorf("dispatch slip at %s: %v", doc.Path, err)
	}
}
