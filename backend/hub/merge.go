package hub

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
)

// merge merges the change into the hub's row field by field: a field that
// changed on the hub after the change's base (field_seq > base_seq) by
// another device is a conflict — the hub's value stays, first committed
// wins — and the other fields apply. Equal values never conflict, audit
// fields never do, and a device never conflicts with its own writes. A
// field merged per key (a visit's content) merges each key the change says
// it set the same way; its conflicts name the key ("content.diagnosis").
func (c *change) merge() {
	c.merged = map[string]json.RawMessage{}
	if c.stored != nil {
		maps.Copy(c.merged, c.stored.Fields)
		c.deleted = c.stored.Deleted
	}
	for _, name := range slices.Sorted(maps.Keys(c.incoming)) {
		val := c.incoming[name]
		def, _ := c.t.Field(name)
		if keys, ok := c.in.Keys[name]; ok && def.MergeKeys && c.stored != nil {
			c.mergeKeys(name, val, keys)
			continue
		}
		cur, ok := c.current(name)
		if ok && bytes.Equal(cur, val) {
			continue
		}
		c.touched = append(c.touched, name)
		if ok && !def.Audit && c.otherDeviceSince(name) && !c.replaysLater(name) {
			if !c.markedAlready(def, val, cur) {
				c.conflicts = append(c.conflicts, protocol.FieldConflict{Field: name, Yours: val, Theirs: cur})
			}
			continue
		}
		c.changed = append(c.changed, name)
		if name == "deleted" {
			c.deleted = string(val) == "true"
		} else {
			c.merged[name] = val
		}
	}
	if c.stored == nil && c.t.Name == "jobs" {
		if _, ok := c.merged["status"]; !ok {
			// A new job sent without its status is a draft: a device sends
			// a job it created again after a restore without the status
			// another device moved it on to (which that device sends
			// again). Nobody wrote it: it meets no later change as a
			// conflict.
			c.merged["status"] = json.RawMessage(`"` + schema.StatusDraft + `"`)
		}
	}
}

// markedAlready reports whether the change marks as done (schema
// Field.Marks) what another device has marked since the change's base:
// the same value of the marked field (a reminder of the same appointment)
// at another time. The first mark stays and the later one is no conflict;
// taking the mark back (null) still conflicts.
func (c *change) markedAlready(def schema.Field, val, cur json.RawMessage) bool {
	if def.Marks == "" || isNull(val) || isNull(cur) {
		return false
	}
	of, ok := c.incoming[def.Marks]
	if !ok {
		of = c.stored.Fields[def.Marks]
	}
	return !isNull(of) && bytes.Equal(of, c.stored.Fields[def.Marks])
}

func isNull(v json.RawMessage) bool { return len(v) == 0 || string(v) == "null" }

// replaysLater reports whether the change sends the field again after a
// restore (protocol.Change.Replay) as a write the hub first took after the
// one it holds, itself sent again: the lost history is replayed in its
// order, whichever device reconnects first.
func (c *change) replaysLater(name string) bool {
	seq, ok := c.in.Replay[name]
	held, heldOK := c.stored.FieldReplay[name]
	return ok && heldOK && seq > held
}

// current is the hub's value of a field (or "deleted") before the change.
func (c *change) current(f string) (json.RawMessage, bool) {
	if c.stored == nil {
		return nil, false
	}
	if f == "deleted" {
		return boolJSON(c.stored.Deleted), true
	}
	raw, ok := c.stored.Fields[f]
	return raw, ok
}

// otherDeviceSince reports whether the field (or a "field.key") changed
// after the change's base by another device. A key's state is its own or,
// when later, its field's as a whole; a field merged by key has changed
// whenever one of its keys has.
func (c *change) otherDeviceSince(name string) bool {
	since := func(f string) bool {
		seq, ok := c.stored.FieldSeq[f]
		return ok && seq > c.in.BaseSeq && c.stored.FieldDevice[f] != c.p.Device.ID
	}
	if field, _, isKey := strings.Cut(name, "."); isKey {
		if c.stored.FieldSeq[field] > c.stored.FieldSeq[name] {
			return since(field)
		}
		return since(name)
	}
	if since(name) {
		return true
	}
	for f := range c.stored.FieldSeq {
		if strings.HasPrefix(f, name+".") && since(f) {
			return true
		}
	}
	return false
}

// mergeKeys merges the keys of a JSON object field that the change set.
// A key absent from the pushed object was cleared.
func (c *change) mergeKeys(name string, val json.RawMessage, keys []string) {
	var mine, theirs map[string]json.RawMessage
	if json.Unmarshal(val, &mine) != nil || json.Unmarshal(c.stored.Fields[name], &theirs) != nil || theirs == nil {
		// Not objects on both sides: the field merges whole.
		delete(c.in.Keys, name)
		c.incoming[name] = val
		cur := c.stored.Fields[name]
		if bytes.Equal(cur, val) {
			return
		}
		c.touched = append(c.touched, name)
		if c.otherDeviceSince(name) {
			c.conflicts = append(c.conflicts, protocol.FieldConflict{Field: name, Yours: val, Theirs: cur})
			return
		}
		c.changed, c.merged[name] = append(c.changed, name), val
		return
	}
	out := maps.Clone(theirs)
	applied := false
	keys = slices.Clone(keys)
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		yours, has := mine[k]
		cur, had := theirs[k]
		if has == had && bytes.Equal(yours, cur) {
			continue
		}
		path := name + "." + k
		if !c.touchedContains(name) {
			c.touched = append(c.touched, name)
		}
		if c.otherDeviceSince(path) {
			c.conflicts = append(c.conflicts, protocol.FieldConflict{Field: path, Yours: orNull(yours), Theirs: orNull(cur)})
			continue
		}
		if has {
			out[k] = yours
		} else {
			delete(out, k)
		}
		c.changed = append(c.changed, path)
		applied = true
	}
	if applied {
		b, _ := json.Marshal(out) // keys sorted: the canonical form
		c.merged[name] = b
	}
}

func (c *change) touchedContains(name string) bool { return slices.Contains(c.touched, name) }

func orNull(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return json.RawMessage("null")
	}
	return raw
}

// write stores the merged row, its conflicts and, for a clerk's change,
// the audit event.
func (c *change) write() (protocol.Result, error) {
	ctx, tx := c.ctx, c.tx
	res := protocol.Result{Table: c.in.Table, ID: c.in.ID, Status: protocol.StatusApplied, Conflicts: c.conflicts}
	if len(c.conflicts) > 0 {
		res.Status = protocol.StatusConflict
		for _, fc := range c.conflicts {
			if err := tx.AddConflict(ctx, Conflict{
				Centre: c.p.User.Centre, Table: c.in.Table, RowID: c.in.ID, Field: fc.Field,
				HubValue: fc.Theirs, DeviceVal: fc.Yours, Device: c.p.Device.ID, User: c.p.User.Name, CreatedAt: c.now,
			}); err != nil {
				return res, err
			}
		}
	}
	if c.stored != nil && len(c.changed) == 0 {
		res.Seq, res.Version = c.stored.Seq, c.stored.Version
		res.Current = c.heldByDevice(c.stored, 0)
		return res, nil
	}
	row := c.stored.clone() // c.stored stays the row before the change
	var before map[string]json.RawMessage
	if row != nil {
		before = row.Fields
	} else {
		row = &Row{Centre: c.p.User.Centre, Table: c.in.Table, ID: c.in.ID, CreatedBy: c.p.User.Name,
			FieldSeq: map[string]int64{}, FieldDevice: map[string]string{}, FieldReplay: map[string]int64{}}
	}
	if row.FieldReplay == nil {
		row.FieldReplay = map[string]int64{}
	}
	seq := tx.NextSeq()
	oldAssignee := row.Assignee
	row.Fields, row.Deleted = c.merged, c.deleted
	row.Seq, row.UpdatedAt = seq, c.now
	row.Version++
	for _, name := range c.changed {
		row.FieldSeq[name] = seq
		row.FieldDevice[name] = c.p.Device.ID
		if r, ok := c.in.Replay[name]; ok {
			row.FieldReplay[name] = r
		} else {
			delete(row.FieldReplay, name)
		}
	}
	row.JobID = c.jobID
	if c.t.BlobField != "" {
		row.BlobSHA = textField(c.merged, c.t.BlobField)
	}
	row.LookupKey = lookupKey(c.t.Name, c.merged)
	if c.t.Name == "jobs" {
		row.Assignee = textField(c.merged, "assigned_to")
		if oldAssignee != "" && row.Assignee != oldAssignee {
			row.FormerAssignee = oldAssignee
		}
	}
	if err := tx.PutRow(ctx, row); err != nil {
		return res, err
	}
	if c.route == routeClerk {
		if err := auditClerkChange(ctx, tx, c.p, row, before, c.changed, c.now); err != nil {
			return res, err
		}
	}
	// A job given to someone else: its rows move up the sequence so that
	// the new assignee's next pull brings them, whatever their cursor.
	if c.t.Name == "jobs" && c.stored != nil && row.Assignee != oldAssignee {
		children, err := tx.JobRows(ctx, row.ID)
		if err != nil {
			return res, err
		}
		for _, ch := range children {
			ch.Seq = tx.NextSeq()
			if err := tx.PutRow(ctx, ch); err != nil {
				return res, err
			}
		}
	}
	res.Seq, res.Version = row.Seq, row.Version
	res.Current = c.heldByDevice(row, seq)
	return res, nil
}

// heldByDevice reports whether the device that pushed the change holds row as
// the hub does once the change is applied: no conflict, and every field
// (and key) of it last changed at or before the change's base or by this
// change (at seq). A field this device wrote by another push or route after
// its base is not counted as held: only a pull brings it.
func (c *change) heldByDevice(row *Row, seq int64) bool {
	if len(c.conflicts) > 0 {
		return false
	}
	for _, s := range row.FieldSeq {
		if s > c.in.BaseSeq && s != seq {
			return false
		}
	}
	return true
}

// lookupKey is what the hub finds a row by: a job's number, the revision an
// amendment supersedes, the record a signature signs, a checklist's job
// and document.
func lookupKey(table string, f map[string]json.RawMessage) string {
	switch table {
	case "jobs":
		return textField(f, "number")
	case "visits":
		return textField(f, "supersedes")
	case "signatures":
		if v := textField(f, "visit_id"); v != "" {
			return v
		}
		return textField(f, "checklist_id")
	case "checklists":
		return textField(f, "job_id") + "/" + textField(f, "document_key")
	}
	return ""
}
