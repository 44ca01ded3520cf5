package hub

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"fieldbook/backend/fieldbook"
)

// pullScanChunk is how many rows one Scan reads; pullScanBudget bounds the
// rows one pull examines, so a technician's pull over a large centre returns
// in bounded time (with more = true) even when few rows are theirs.
const (
	pullScanChunk  = 1000
	pullScanBudget = 20000
)

// pullPage is a page of a pull whose rows keep their fields as the store
// holds them (RawFields), so the hub sends them without decoding and
// re-encoding every value.
type pullPage struct {
	rows   []ScannedRow
	cursor int64
	more   bool
}

// Pull returns the next page of rows p may read after cursor. With cursor 0
// it is the first page of a snapshot: deleted rows are left out.
func (s *Service) Pull(ctx context.Context, p Principal, cursor int64, limitRows, limitBytes int) (PullResponse, error) {
	page, err := s.pullPage(ctx, p, cursor, limitRows, limitBytes)
	if err != nil {
		return PullResponse{}, err
	}
	resp := PullResponse{Rows: make([]PulledRow, 0, len(page.rows)), Cursor: page.cursor, More: page.more}
	for _, r := range page.rows {
		pr := PulledRow{Table: r.Table, ID: r.ID, Seq: r.Seq, Version: r.Version, Deleted: r.Deleted}
		if err := json.Unmarshal(r.RawFields, &pr.Fields); err != nil {
			return PullResponse{}, fmt.Errorf("pull page: decode row %s/%s: %w", r.Table, r.ID, err)
		}
		if pr.Fields == nil {
			pr.Fields = map[string]json.RawMessage{}
		}
		resp.Rows = append(resp.Rows, pr)
	}
	return resp, nil
}

func (s *Service) pullPage(ctx context.Context, p Principal, cursor int64, limitRows, limitBytes int) (pullPage, error) {
	if cursor < 0 {
		return pullPage{}, fieldbook.Errorf(fieldbook.EINVALID, "cursor 不能为负数。", "cursor may not be negative.")
	}
	limitRows = clamp(limitRows, DefaultPullRows, MaxPullRows)
	limitBytes = clamp(limitBytes, DefaultPullBytes, MaxPullBytes)
	snapshot := cursor == 0
	page := pullPage{cursor: cursor}
	size, scanned := 0, 0
	for {
		rows, counter, err := s.Store.ScanPull(ctx, p.User.Centre, page.cursor, pullScanChunk)
		if err != nil {
			return pullPage{}, fmt.Errorf("pull page: %w", err)
		}
		for _, r := range rows {
			if !CanRead(p.User, &r.Row, r.Job) || (snapshot && r.Deleted) || !knownTo(p.Schema, r.Table) {
				page.cursor = r.Seq
				continue
			}
			n := encodedSize(r)
			if len(page.rows) >= limitRows || (len(page.rows) > 0 && size+n > limitBytes) {
				page.more = true
				return page, nil
			}
			size += n
			page.rows = append(page.rows, r)
			page.cursor = r.Seq
		}
		scanned += len(rows)
		if len(rows) < pullScanChunk {
			// Everything up to counter was committed before the rows were
			// read, and every readable row after the cursor is in the page.
			page.cursor = max(page.cursor, counter)
			return page, nil
		}
		if scanned >= pullScanBudget {
			page.more = true
			return page, nil
		}
	}
}

// encodedSize is the bytes a pulled row takes in the page: its fields as
// stored, and a bound on the envelope (names, numbers, quotes).
func encodedSize(r ScannedRow) int {
	return 96 + len(r.Table) + len(r.ID) + len(r.RawFields)
}

// write sends the page as a PullResponse. The fields go out as stored:
// the hub wrote them with encoding/json, so they are a valid JSON object.
func (page pullPage) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	b := make([]byte, 0, 256)
	b = append(b, `{"rows":[`...)
	for i, r := range page.rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"table":`...)
		b = appendJSONString(b, r.Table)
		b = append(b, `,"id":`...)
		b = appendJSONString(b, r.ID)
		b = append(b, `,"seq":`...)
		b = strconv.AppendInt(b, r.Seq, 10)
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, r.Version, 10)
		b = append(b, `,"deleted":`...)
		b = strconv.AppendBool(b, r.Deleted)
		b = append(b, `,"fields":`...)
		if len(r.RawFields) == 0 {
			b = append(b, `{}`...)
		}
		_, _ = bw.Write(b)
		_, _ = bw.Write(r.RawFields)
		b = append(b[:0], '}')
	}
	b = append(b, `],"cursor":`...)
	b = strconv.AppendInt(b, page.cursor, 10)
	b = append(b, `,"more":`...)
	b = strconv.AppendBool(b, page.more)
	b = append(b, "}\n"...)
	_, _ = bw.Write(b)
	_ = bw.Flush()
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
