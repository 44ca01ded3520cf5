package hub

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"fieldbook/backend/archive"
	"fieldbook/backend/fieldbook"
)

// FileRequest is the body of POST /v1/file: a clerk files a submitted job.
type FileRequest struct {
	JobID    string `json:"job_id"`
	Location string `json:"location"` // where the paper originals are: box, shelf
}

// FileResponse answers POST /v1/file with the job's archive number.
type FileResponse struct {
	ArchiveNo string `json:"archive_no"`
	Result    Result `json:"result"`
}

// File gives a submitted job the next archive number of its centre and
// marks it filed, in one transaction: the number comes from the centre's
// counter for the period, so two clerks filing at the same time — through
// the same hub process or two — never get the same number. The change goes
// through the same merge and authorisation as a push (only a clerk may
// file; only filing fields change).
func (s *Service) File(ctx context.Context, p Principal, req FileRequest) (FileResponse, error) {
	var resp FileResponse
	now := s.Now().UTC()
	if p.User.Role != RoleClerk {
		return resp, forbidden("只有档案管理员可以归档工单。", "Only an archive clerk may file a job.")
	}
	err := s.Store.Write(ctx, p.User.Centre, now, func(tx WriteTx) error {
		job, err := tx.Row(ctx, "jobs", req.JobID)
		if err != nil {
			return err
		}
		if job == nil || job.Deleted {
			return fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该工单。", "The job was not found.")
		}
		if st := textField(job.Fields, "status"); st != "submitted" {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "只有已提交的工单可以归档（当前状态："+st+"）。",
				"Only a submitted job can be filed (it is "+st+").")
		}
		period, err := archive.SequencePeriod(s.ArchiveFormat, now)
		if err != nil {
			return err
		}
		n, err := tx.NextArchiveSeq(ctx, period)
		if err != nil {
			return err
		}
		if resp.ArchiveNo, err = archive.FormatArchiveNo(s.ArchiveFormat, now, n); err != nil {
			return err
		}
		fields := map[string]json.RawMessage{}
		for k, v := range map[string]string{"status": StatusFiled, "archive_no": resp.ArchiveNo, "archive_location": req.Location} {
			fields[k], _ = json.Marshal(v)
		}
		resp.Result, err = s.apply(ctx, tx, p, "file:"+uuid.NewString(), Change{Table: "jobs", ID: req.JobID, BaseSeq: job.Seq, Fields: fields}, now)
		if err != nil {
			return err
		}
		if resp.Result.Status != StatusApplied {
			return fmt.Errorf("file %s: %s", req.JobID, resp.Result.Status)
		}
		return nil
	})
	if err != nil {
		return FileResponse{}, err
	}
	s.Log.Info("filed", "job", req.JobID, "archive_no", resp.ArchiveNo, "clerk", p.User.Name, "device", p.Device.ID)
	return resp, nil
}
