package sqlite

import (
	"context"
	"strings"
	"testing"

	"fieldbook/backend/fieldbook"
)

// signedJob makes an IT job with a finished visit; the customer signs with kind.
func signedJob(t *testing.T, d *DB, customerKind string) fieldbook.Job {
	t.Helper()
	ctx := context.Background()
	_, _, j := newJob(t, d, "冯磊", "13512345678")
	view, err := d.StartVisit(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	v := fill(view.Visit, d.Now())
	if _, err := d.SaveVisitDraft(ctx, v); err != nil {
		t.Fatal(err)
	}
	customer := fieldbook.SignatureInput{VisitID: v.ID, Role: fieldbook.RoleCustomer, Kind: customerKind, Strokes: strokes, ImageDataURL: signaturePNG(t)}
	if customerKind == fieldbook.SignProxy {
		customer.SignerName = "冯磊的同事"
	}
	for _, in := range []fieldbook.SignatureInput{customer,
		{VisitID: v.ID, Role: fieldbook.RoleTechnician, Kind: fieldbook.SignReal, SignerName: "张伟", Strokes: strokes, ImageDataURL: signaturePNG(t)}} {
		if _, err := d.Sign(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.FinishVisit(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	return j
}

func TestCompletenessAndSubmit(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()

	good := signedJob(t, d, fieldbook.SignReal)
	res, err := d.Completeness(ctx, good.ID)
	if err != nil || !res.Complete || res.J {
		t.Fatalf("a signed IT job: complete %v, J %v, problems %+v, %v", res.Complete, res.J, res.Problems, err)
	}
	if _, err := d.SubmitJob(ctx, good.ID, false); err != nil {
		t.Fatal(err)
	}
	if v, _ := d.Job(ctx, good.ID); v.Job.Status != fieldbook.JobSubmitted {
		t.Errorf("status after submit = %s", v.Job.Status)
	}

	// A proxy customer signature: J, incomplete, refused unless forced.
	proxy := signedJob(t, d, fieldbook.SignProxy)
	res, err = d.Completeness(ctx, proxy.ID)
	if err != nil || res.Complete || !res.J || len(res.Problems) == 0 || !strings.Contains(res.Problems[0].ZH, "代签") {
		t.Fatalf("proxy-signed job: complete %v, J %v, problems %+v, %v", res.Complete, res.J, res.Problems, err)
	}
	_, err = d.SubmitJob(ctx, proxy.ID, false)
	if p := fieldbook.ToPayload(err); p.Code != fieldbook.EINVALID || len(p.Fields) == 0 {
		t.Errorf("submitting an incomplete job = %+v", p)
	}
	if _, err := d.SubmitJob(ctx, proxy.ID, true); err != nil {
		t.Errorf("submitting anyway: %v", err)
	}

	// A draft job cannot be submitted.
	_, _, draft := newJob(t, d, "冯磊", "13512345678")
	if _, err := d.SubmitJob(ctx, draft.ID, true); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("submitting a draft = %v, want conflict", err)
	}
	// The outbox carries the submission, not filing fields.
	pending, _ := d.PendingChanges(ctx, 500)
	for _, c := range pending {
		if c.Table == "jobs" {
			for _, f := range []string{"archive_no", "archive_location", "j_decision", "doc_checks", "filed_at", "filed_by"} {
				if _, ok := c.Fields[f]; ok {
					t.Errorf("job change carries the filing field %s", f)
				}
			}
		}
	}
}

// TestHandedInJobIsLocked: once submitted (or filed) a job's records do not
// change on the technician's laptop; a return from the clerk opens it again.
func TestHandedInJobIsLocked(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	j := signedJob(t, d, fieldbook.SignReal)
	if _, err := d.SubmitJob(ctx, j.ID, false); err != nil {
		t.Fatal(err)
	}
	view, err := d.Job(ctx, j.ID)
	if err != nil || len(view.Visits) == 0 {
		t.Fatalf("job view: %+v %v", view, err)
	}
	scan := fieldbook.AttachmentInput{JobID: j.ID, ItemKey: "dispatch_sheet", Name: "派工单.png", DataURL: signaturePNG(t)}
	if _, err := d.AddAttachment(ctx, scan); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("a scan added to a submitted job = %v, want conflict", err)
	}
	if _, err := d.AmendVisit(ctx, view.Visits[0].ID, "客户要求更正联系电话"); fieldbook.ErrorCode(err) != fieldbook.ECONFLICT {
		t.Errorf("amending on a submitted job = %v, want conflict", err)
	}
	// The clerk's return arrives by sync.
	if _, err := d.db.ExecContext(ctx, `UPDATE jobs SET status = 'returned', return_reason = '补派工单' WHERE id = ?`, j.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddAttachment(ctx, scan); err != nil {
		t.Errorf("a scan added to a returned job: %v", err)
	}
}
