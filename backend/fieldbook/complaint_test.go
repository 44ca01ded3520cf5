package fieldbook

import (
	"testing"

	"github.com/google/uuid"
)

// Two complaints made in the same minute have ids that start alike (UUIDv7:
// time first) and numbers that differ; the number is the id's random tail,
// the same on every desk. The frontend's complaintNo gives the same numbers
// (frontend/tests/complaints.test.ts).
func TestComplaintNo(t *testing.T) {
	for id, want := range map[string]string{
		"0193a7b2-1111-7abc-9d4e-5f60718293a4": "5F60-7182-93A4",
		"0193a7b2-4c2d-7def-a123-0badc0ffee01": "0BAD-C0FF-EE01",
		"c1":                                   "C1",
		"":                                     "",
	} {
		if got := ComplaintNo(id); got != want {
			t.Errorf("ComplaintNo(%q) = %q, want %q", id, got, want)
		}
	}
	// A thousand ids made back to back: their starts repeat, their numbers do not.
	byStart, byNo := map[string]int{}, map[string]string{}
	for range 1000 {
		id := uuid.Must(uuid.NewV7()).String()
		byStart[id[:8]]++
		no := ComplaintNo(id)
		if other, ok := byNo[no]; ok {
			t.Fatalf("ids %s and %s share the number %s", other, id, no)
		}
		byNo[no] = id
	}
	if len(byStart) > 2 {
		t.Fatalf("1000 ids made back to back have %d different starts, want them to share one or two", len(byStart))
	}
}
