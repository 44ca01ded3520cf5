package hub

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

// pullWindow bounds the sequence a pull examines: a technician's pull over
// a large centre returns in bounded time (with more = true) even when few
// rows are theirs.
const pullWindow = 20000

// A pull's memory is bounded by its page: which rows a device may read is
// decided in the store's query, the page is cut by the rows' stored sizes
// before any of their fields is read, and the fields of the rows sent are
// streamed one row at a time.

// pullPage is the rows of one pull page, without their fields.
type pullPage struct {
	rows      []RowMeta
	cursor    int64
	more      bool
	remaining int64 // seqs of the centre after cursor
}

// Pull returns the next page of rows p may read after cursor. With cursor 0
// it is the first page of a snapshot: deleted rows are left out.
func (s *Service) Pull(ctx context.Context, p Principal, cursor int64, limitRows, limitBytes int) (protocol.PullResponse, error) {
	page, err := s.pullPage(ctx, p, cursor, limitRows, limitBytes)
	if err != nil {
		return protocol.PullResponse{}, err
	}
	resp := protocol.PullResponse{Rows: make([]protocol.PulledRow, 0, len(page.rows)), Cursor: page.cursor, More: page.more, Remaining: page.remaining}
	err = s.pullFields(ctx, p, page, func(r RowMeta, fields []byte) error {
		pr := protocol.PulledRow{Table: r.Table, ID: r.ID, Seq: r.Seq, Version: r.Version, Deleted: r.Deleted}
		if err := json.Unmarshal(fields, &pr.Fields); err != nil {
			return fmt.Errorf("pull page: decode row %s/%s: %w", r.Table, r.ID, err)
		}
		if pr.Fields == nil {
			pr.Fields = map[string]json.RawMessage{}
		}
		resp.Rows = append(resp.Rows, pr)
		return nil
	})
	return resp, err
}

// pullQuery selects what p may read: a technician the centre's reference
// rows and the rows of their jobs; a clerk and an admin every row of the
// centre. A client of an older schema is not sent tables it lacks.
func pullQuery(p Principal, cursor int64) PullQuery {
	q := PullQuery{After: cursor, Before: cursor + pullWindow, SkipDeleted: cursor == 0}
	for _, t := range schema.Tables {
		if !schema.KnownTo(p.Schema, t.Name) {
			q.SkipTables = append(q.SkipTables, t.Name)
		}
		if t.Reference {
			q.ReferenceTables = append(q.ReferenceTables, t.Name)
		}
	}
	if p.User.Role == RoleTechnician {
		q.Reader = p.User.Name
	}
	return q
}

// pullLimits checks a pull's cursor and the user's role, and bounds its
// limits.
func pullLimits(p Principal, cursor int64, limitRows, limitBytes int) (int, int, error) {
	if cursor < 0 {
		return 0, 0, fieldbook.Errorf(fieldbook.EINVALID, "cursor 不能为负数。", "cursor may not be negative.")
	}
	switch p.User.Role {
	case RoleTechnician, RoleDesk, RoleClerk, RoleAdmin:
	default:
		return 0, 0, forbidden("未知的用户角色。", "Unknown user role.")
	}
	return clamp(limitRows, protocol.DefaultPullRows, protocol.MaxPullRows), clamp(limitBytes, protocol.DefaultPullBytes, protocol.MaxPullBytes), nil
}

// pageCut cuts a page from the rows a pull's query returns, in seq order:
// at the row limit, or before the rows' stored sizes exceed the byte limit
// (a page always holds at least one row).
type pageCut struct {
	q          PullQuery
	limitBytes int
	size       int
	rows       int // taken
	scanned    int // returned by the query
	cursor     int64
	more       bool
}

// take says whether the next row goes in the page.
func (c *pageCut) take(r RowMeta) bool {
	c.scanned++
	n := encodedSize(r)
	if c.rows > 0 && c.size+n > c.limitBytes {
		c.more = true
		return false
	}
	c.size += n
	c.rows++
	c.cursor = r.Seq
	return true
}

// end sets the page's cursor and more once the query's rows are taken,
// and returns how many seqs come after the cursor.
func (c *pageCut) end(counter int64) (remaining int64) {
	switch {
	case c.more:
	case c.scanned == c.q.Limit:
		c.more = true
	case c.q.Before < counter:
		// Every readable row up to the window's end (or, before it, the
		// counter: every row up to it was committed before the rows were
		// read) is in the page.
		c.cursor, c.more = max(c.cursor, c.q.Before), true
	default:
		c.cursor = max(c.cursor, counter)
	}
	return max(counter-c.cursor, 0)
}

func newPageCut(p Principal, cursor int64, limitRows, limitBytes int) pageCut {
	q := pullQuery(p, cursor)
	q.Limit = limitRows
	return pageCut{q: q, limitBytes: limitBytes, cursor: cursor}
}

func (s *Service) pullPage(ctx context.Context, p Principal, cursor int64, limitRows, limitBytes int) (pullPage, error) {
	limitRows, limitBytes, err := pullLimits(p, cursor, limitRows, limitBytes)
	if err != nil {
		return pullPage{}, err
	}
	cut := newPageCut(p, cursor, limitRows, limitBytes)
	rows, counter, err := s.Store.PullScan(ctx, p.User.Centre, cut.q)
	if err != nil {
		return pullPage{}, fmt.Errorf("pull page: %w", err)
	}
	var page pullPage
	for _, r := range rows {
		if !cut.take(r) {
			break
		}
		page.rows = append(page.rows, r)
	}
	page.remaining = cut.end(counter)
	page.cursor, page.more = cut.cursor, cut.more
	return page, nil
}

// encodedSize is the bytes a pulled row takes in the page: its fields as
// stored, and a bound on the envelope (names, numbers, quotes).
func encodedSize(r RowMeta) int {
	return 96 + len(r.Table) + len(r.ID) + r.Size
}

// pullFields calls fn with each row of the page and its fields as stored,
// one row at a time.
func (s *Service) pullFields(ctx context.Context, p Principal, page pullPage, fn func(r RowMeta, fields []byte) error) error {
	if len(page.rows) == 0 {
		return nil
	}
	bySeq := make(map[int64]RowMeta, len(page.rows))
	seqs := make([]int64, len(page.rows))
	for i, r := range page.rows {
		bySeq[r.Seq], seqs[i] = r, r.Seq
	}
	return s.Store.PullFields(ctx, p.User.Centre, seqs, func(seq int64, fields []byte) error {
		return fn(bySeq[seq], fields)
	})
}

// writePull streams the page after cursor as a PullResponse, reading each
// row with its fields in one query: the fields go out as stored (the hub
// wrote them with encoding/json: a valid JSON object). Nothing is written
// to w before the query has answered (an error then is the pull's error).
func (s *Service) writePull(ctx context.Context, w io.Writer, p Principal, cursor int64, limitRows, limitBytes int) error {
	limitRows, limitBytes, err := pullLimits(p, cursor, limitRows, limitBytes)
	if err != nil {
		return err
	}
	cut := newPageCut(p, cursor, limitRows, limitBytes)
	bw := bufio.NewWriterSize(w, 64<<10)
	b := make([]byte, 0, 256)
	b = append(b, `{"rows":[`...)
	counter, err := s.Store.PullRows(ctx, p.User.Centre, cut.q, func(r RowMeta, fields []byte) (bool, error) {
		if !cut.take(r) {
			return false, nil
		}
		if cut.rows > 1 {
			b = append(b, ',')
		}
		b = append(b, `{"table":`...)
		b = canonjson.AppendString(b, r.Table)
		b = append(b, `,"id":`...)
		b = canonjson.AppendString(b, r.ID)
		b = append(b, `,"seq":`...)
		b = strconv.AppendInt(b, r.Seq, 10)
		b = append(b, `,"version":`...)
		b = strconv.AppendInt(b, r.Version, 10)
		b = append(b, `,"deleted":`...)
		b = strconv.AppendBool(b, r.Deleted)
		b = append(b, `,"fields":`...)
		if len(fields) == 0 {
			b = append(b, `{}`...)
		}
		if _, err := bw.Write(b); err != nil {
			return false, err
		}
		if _, err := bw.Write(fields); err != nil {
			return false, err
		}
		b = append(b[:0], '}')
		return true, nil
	})
	if err != nil {
		return fmt.Errorf("pull page: %w", err)
	}
	remaining := cut.end(counter)
	b = append(b, `],"cursor":`...)
	b = strconv.AppendInt(b, cut.cursor, 10)
	b = append(b, `,"more":`...)
	b = strconv.AppendBool(b, cut.more)
	b = append(b, `,"remaining":`...)
	b = strconv.AppendInt(b, remaining, 10)
	b = append(b, "}\n"...)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}
