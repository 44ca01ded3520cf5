package archive

import (
	"errors"
	"testing"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

func TestDocCheckValidate(t *testing.T) {
	ok := DocCheck{Order: 2, Signatures: []Sig{{Role: "customer", Kind: fieldbook.SignReal}}, Stamps: []string{jobtype.StampBusiness}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid check refused: %v", err)
	}
	bad := DocCheck{Order: -1, Signatures: []Sig{{Role: "customer", Kind: "scribble"}, {Role: "customer", Kind: fieldbook.SignReal}, {Kind: fieldbook.SignReal}}, Stamps: []string{"round"}}
	var fe *fieldbook.Error
	err := bad.Validate()
	if !errors.As(err, &fe) {
		t.Fatalf("invalid check accepted: %v", err)
	}
	want := map[string]bool{"order": true, "signatures.0.kind": true, "signatures.1.role": true, "signatures.2.role": true, "stamps.0": true}
	for _, f := range fe.Fields {
		if !want[f.Field] {
			t.Errorf("unexpected field error %s: %s", f.Field, f.Message.ZH)
		}
		delete(want, f.Field)
	}
	for f := range want {
		t.Errorf("no error for %s", f)
	}
}

func TestWithChecksOnlyTouchesScans(t *testing.T) {
	docs := []Doc{
		{Key: "service_record", Source: SourceElectronic, Signatures: []Sig{{Role: "customer", Kind: fieldbook.SignReal}}},
		{Key: "settlement", Source: SourceScan},
	}
	checks := map[string]DocCheck{
		"service_record": {Signatures: []Sig{{Role: "customer", Kind: fieldbook.SignProxy}}},
		"settlement":     {Order: 2, Signatures: []Sig{{Role: "customer", Kind: fieldbook.SignReal}}, Stamps: []string{jobtype.StampFinancePaid}},
	}
	got := WithChecks(docs, checks)
	if got[0].Signatures[0].Kind != fieldbook.SignReal {
		t.Errorf("an electronic document took the clerk's finding: %+v", got[0])
	}
	if got[1].Order != 2 || len(got[1].Signatures) != 1 || got[1].Stamps[0] != jobtype.StampFinancePaid {
		t.Errorf("the scan did not take the clerk's finding: %+v", got[1])
	}
}
