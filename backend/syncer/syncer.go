// Package syncer is the desktop's sync engine: it enrols the device with a
// hub, pushes the outbox in idempotent batches (blobs first, resumably),
// and pulls pages that the local store applies atomically with the cursor.
// The wire protocol is in docs/sync-protocol.md.
package syncer

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"fieldbook/backend/canonjson"
	"fieldbook/backend/contentcoding"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
	"fieldbook/backend/schema"
	"fieldbook/backend/sqlite"
)

// Account is this device's enrolment with a hub.
type Account struct {
	HubURL        string            `json:"hub_url"`
	DeviceID      string            `json:"device_id"`
	Token         string            `json:"token"`
	User          protocol.UserInfo `json:"user"`
	AllowInsecure bool              `json:"allow_insecure"`
}

// State keys in the local store.
const (
	accountKey    = "account"
	cursorKey     = "cursor"
	lastSyncedKey = "last_synced_at"
	hubKey        = "hub"
)

// Page sizes.
const (
	pushBatch = protocol.MaxPushChanges
	pullRows  = 5000
	pullBytes = 16 << 20
)

// Engine syncs one local store with its hub. One sync runs at a time.
type Engine struct {
	db     *sqlite.DB
	client *http.Client
	mu     sync.Mutex

	// compress asks for compressed answers and compresses request bodies
	// for a hub that reads them (docs/sync-protocol.md "Compression").
	compress bool
	// hubReads is, per hub URL, whether its answers announced that it
	// reads zstd request bodies (Accept-Encoding, RFC 7694).
	readsMu  sync.Mutex
	hubReads map[string]bool

	// onHub holds, during a sync, the blobs the hub was found to hold or
	// took: a blob referenced by many rows is asked about once.
	onHub map[string]bool

	// blobWorkers is how many small blobs travel at once (SetBlobWorkers).
	blobWorkers int
}

// New returns an engine over db; client may be nil for a default one.
// Compression is on.
func New(db *sqlite.DB, client *http.Client) *Engine {
	if client == nil {
		// Connections kept for the pull's pages and its blob downloads
		// at once (the default keeps two: the others would connect, and
		// shake hands, again for every blob).
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = blobWorkers + 2
		client = &http.Client{Timeout: 60 * time.Second, Transport: t}
	}
	return &Engine{db: db, client: client, compress: true, hubReads: map[string]bool{}, blobWorkers: blobWorkers}
}

// SetBlobWorkers sets how many small blobs a sync sends or fetches at
// once (blobWorkers unless set). One makes a sync's requests, and so
// where a flaky link fails it, the same from run to run: for a test that
// compares two runs.
func (e *Engine) SetBlobWorkers(n int) { e.blobWorkers = max(n, 1) }

// SetCompression turns the compression of bodies on the wire on or off.
// Off, the engine speaks as a client that predates it (answers come
// uncompressed, bodies go uncompressed).
func (e *Engine) SetCompression(on bool) { e.compress = on }

func (e *Engine) readsZstd(hubURL string) bool {
	e.readsMu.Lock()
	defer e.readsMu.Unlock()
	return e.hubReads[hubURL]
}

func (e *Engine) learnReads(hubURL string, h http.Header) {
	reads := contentcoding.Accepts(h.Get("Accept-Encoding"), contentcoding.Zstd)
	e.readsMu.Lock()
	e.hubReads[hubURL] = reads
	e.readsMu.Unlock()
}

// CheckURL accepts https, and plain http only to a loopback address or when
// the user explicitly allowed it.
func CheckURL(raw string, allowInsecure bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	bad := func(zh, en string) (*url.URL, error) {
		var v fieldbook.Validation
		v.Add("hub_url", zh, en)
		return nil, v.Err()
	}
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return bad("请输入服务器地址，如 https://hub.example.com。", "Enter the hub address, e.g. https://hub.example.com.")
	}
	if u.Scheme == "http" && !allowInsecure && !isLoopback(u.Hostname()) {
		return bad("为保护数据，只允许 https 连接；如确需使用 http，请勾选“允许不加密连接”。",
			"Only https is allowed to protect your data; to use plain http, tick “allow unencrypted connection”.")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Account returns the stored enrolment, if any.
func (e *Engine) Account(ctx context.Context) (Account, bool, error) {
	var a Account
	ok, err := e.db.SyncState(ctx, accountKey, &a)
	return a, ok, err
}

// Enrol registers this device with the hub using a one-time code from an
// admin and keeps the device token locally. Local data is untouched, so a
// revoked device can enrol again and push what it holds. A store holding
// demo data is refused: its rows are not in the outbox, and must not be.
func (e *Engine) Enrol(ctx context.Context, hubURL, code, deviceName string, allowInsecure bool) (Account, error) {
	u, err := CheckURL(hubURL, allowInsecure)
	if err != nil {
		return Account{}, err
	}
	if demo, err := e.db.HoldsDemo(ctx); err != nil || demo {
		if err == nil {
			err = fieldbook.Errorf(fieldbook.ECONFLICT, "这个数据目录装有演示数据，演示数据不上传中心。请用新的数据目录连接中心。",
				"This data directory holds demo data, which never goes to a hub. Connect with a new data directory.")
		}
		return Account{}, err
	}
	a := Account{HubURL: u.String(), AllowInsecure: allowInsecure}
	var resp protocol.EnrolResponse
	if err := e.call(ctx, a, http.MethodPost, "/v1/enrol", protocol.EnrolRequest{Code: strings.TrimSpace(code), DeviceName: deviceName}, &resp); err != nil {
		return Account{}, err
	}
	a.DeviceID, a.Token, a.User = resp.DeviceID, resp.Token, resp.User
	return a, e.db.SetSyncState(ctx, accountKey, a)
}

// Clerk sends an archive clerk's action on a job to the hub (filing needs
// the hub: it allocates the archive number) and, once the hub has applied
// it, syncs so the local store shows the result and its audit entry.
func (e *Engine) Clerk(ctx context.Context, req protocol.ClerkRequest) (protocol.ClerkResponse, error) {
	a, ok, err := e.Account(ctx)
	if err != nil {
		return protocol.ClerkResponse{}, err
	}
	if !ok {
		return protocol.ClerkResponse{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "本设备还没有连接服务器，请在设置中连接。", "This device is not connected to a hub yet; connect it in Settings.")
	}
	var resp protocol.ClerkResponse
	if err := e.call(ctx, a, http.MethodPost, "/v1/clerk", req, &resp); err != nil {
		return resp, err
	}
	// The hub applied the action: a failed sync now is reported by the next
	// one (which brings the result), not as a failure of the action.
	_, _ = e.Sync(ctx, nil)
	return resp, nil
}

// Progress reports a running sync.
type Progress struct {
	Phase string `json:"phase"` // push | blobs | pull
	Done  int    `json:"done"`
	Total int    `json:"total"`
	// RemainingSeconds estimates, while pulling, the time still needed at
	// the pace so far (the hub says how many rows at most are still to
	// come); 0 when unknown.
	RemainingSeconds int `json:"remaining_seconds"`
}

// Report says what one sync did.
type Report struct {
	Pushed    int   `json:"pushed"`
	Conflicts int   `json:"conflicts"`
	Rejected  int   `json:"rejected"`
	Pulled    int   `json:"pulled"`
	Cursor    int64 `json:"cursor"`
	// HubRestored: the hub was found restored from an older backup (or
	// replaced); Requeued rows were queued to be sent to it again.
	HubRestored bool `json:"hub_restored"`
	Requeued    int  `json:"requeued"`
	// Waiting changes, queued again after a restore, wait for what they
	// need to come back to the hub from another device (Engine.waits).
	Waiting int       `json:"waiting"`
	At      time.Time `json:"at"`
}

// pendingBatch is a push batch kept until the hub acknowledges it.
type pendingBatch struct {
	Request protocol.PushRequest `json:"request"`
	Acks    []sqlite.Pushed      `json:"acks"`
	// body is Request encoded and kept the whole batch as it is kept
	// (encodeKept: the same request bytes are kept and sent); newBatch
	// sets them.
	body, kept json.RawMessage
	// wire is body compressed with zstd (nil: not compressed ahead), for a
	// hub that reads it.
	wire []byte
}

// Sync pushes every pending change, then pulls until the hub has nothing
// newer. It stops at the first error; what completed stays completed and
// the next sync resumes (a pushed batch is resent with the same id).
func (e *Engine) Sync(ctx context.Context, progress func(Progress)) (Report, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if progress == nil {
		progress = func(Progress) {}
	}
	a, ok, err := e.Account(ctx)
	if err != nil {
		return Report{}, err
	}
	if !ok {
		return Report{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "本设备还没有连接服务器，请在设置中连接。", "This device is not connected to a hub yet; connect it in Settings.")
	}
	var rep Report
	e.onHub = map[string]bool{}
	if err := e.checkHub(ctx, a, &rep); err != nil {
		return rep, fmt.Errorf("hub: %w", err)
	}
	if err := e.push(ctx, a, &rep, progress); err != nil {
		return rep, fmt.Errorf("push: %w", err)
	}
	if err := e.pull(ctx, a, &rep, progress); err != nil {
		return rep, fmt.Errorf("pull: %w", err)
	}
	rep.At = time.Now()
	return rep, e.db.SetSyncState(ctx, lastSyncedKey, rep.At)
}

// push sends every pending change, a batch at a time. While the hub applies
// a batch, the next one is read from the outbox (passing over the rows of
// the batch in flight, whose later edits go in a batch after it) and kept;
// the transaction that records the hub's answer makes it the batch being
// pushed. A hub that answers a device's last two batches again
// (protocol.AnswersKept) is sent it as soon as the answer comes, while the
// answer is recorded; another hub once the answer is recorded. Either way
// a batch is sent only once the answer to the one before the last is
// recorded, so a batch sent again after a crash is one the hub answers
// again.
func (e *Engine) push(ctx context.Context, a Account, rep *Report, progress func(Progress)) error {
	// The rows whose change waits for another device (waits): passed over
	// until the next sync.
	waiting := map[[2]string]bool{}
	b, err := e.batchToSend(ctx, waiting)
	if err != nil || b == nil {
		return err
	}
	// A batch kept after b, read ahead before the last sync stopped (and
	// perhaps sent): it goes next as it was kept — read again, it would be
	// applied a second time under a new id.
	next, err := e.keptBatch(ctx, true)
	if err != nil {
		return err
	}
	var answer <-chan sent // b's answer, when b went out before the last answer was recorded
	for {
		if answer == nil {
			answer = e.sendAsync(ctx, a, b, rep.Pushed, progress)
		}
		ahead := e.readAhead(ctx, b, waiting, next)
		next = nil
		s, p := <-answer, <-ahead
		// Either failing, b is sent again next time (the hub answers it
		// again), then the batch read ahead, if it was kept.
		if s.err != nil {
			return s.err
		}
		if p.err != nil {
			return p.err
		}
		answer = nil
		if p.b != nil && s.kept >= protocol.AnswersKept {
			answer = e.sendAsync(ctx, a, p.b, rep.Pushed+len(b.Request.Changes), progress)
		}
		if err := e.record(ctx, b, s.resp, p.b != nil, rep, waiting); err != nil {
			if answer != nil {
				<-answer
			}
			return err
		}
		if b = p.b; b == nil {
			// Rows edited again while their batch was in flight, if any.
			if b, err = e.batchToSend(ctx, waiting); err != nil || b == nil {
				return err
			}
		}
	}
}

// sent is the hub's answer to a batch, and how many of the device's last
// batches the hub answers again (1 unless it says more).
type sent struct {
	resp protocol.PushResponse
	kept int
	err  error
}

// sendAsync sends a batch; its answer comes on the channel. done is what
// the progress says is pushed before it.
func (e *Engine) sendAsync(ctx context.Context, a Account, b *pendingBatch, done int, progress func(Progress)) <-chan sent {
	out := make(chan sent, 1)
	go func() {
		resp, kept, err := e.sendBatch(ctx, a, b, done, progress)
		out <- sent{resp, kept, err}
	}()
	return out
}

// prepared is a batch read ahead (nil: none is left) or why it was not.
type prepared struct {
	b   *pendingBatch
	err error
}

// readAhead reads, while b is in flight, the batch to send after it, and
// keeps it (KeepNextBatch): the rows of the outbox but b's and those
// waiting. A batch kept after b already (kept) is that batch.
func (e *Engine) readAhead(ctx context.Context, b *pendingBatch, waiting map[[2]string]bool, kept *pendingBatch) <-chan prepared {
	out := make(chan prepared, 1)
	if kept != nil {
		out <- prepared{b: kept}
		return out
	}
	except := maps.Clone(waiting)
	for _, ack := range b.Acks {
		except[[2]string{ack.Table, ack.ID}] = true
	}
	go func() {
		nb, err := e.newBatch(ctx, except)
		if err == nil && nb != nil {
			err = e.db.KeepNextBatch(ctx, nb.kept)
		}
		out <- prepared{nb, err}
	}()
	return out
}

// batchToSend is the batch to push: the one sent before and not
// acknowledged, else a new one from the outbox but the rows in waiting;
// nil when nothing else is to be sent. A batch is kept before it is first
// sent: a retry after a lost response resends this very batch, which the
// hub recognises by its id.
func (e *Engine) batchToSend(ctx context.Context, waiting map[[2]string]bool) (*pendingBatch, error) {
	if kept, err := e.keptBatch(ctx, false); err != nil || kept != nil {
		return kept, err
	}
	b, err := e.newBatch(ctx, waiting)
	if err != nil || b == nil {
		return nil, err
	}
	if err := e.db.KeepBatch(ctx, b.kept); err != nil {
		return nil, err
	}
	return b, nil
}

// keptBatch is the batch being pushed as it was kept or, with next, the
// one kept after it (sqlite.KeepNextBatch); nil when none is.
func (e *Engine) keptBatch(ctx context.Context, next bool) (*pendingBatch, error) {
	read := e.db.PushingBatch
	if next {
		read = e.db.NextBatch
	}
	var kept pendingBatch
	ok, err := read(ctx, &kept)
	if err != nil || !ok {
		return nil, err
	}
	kept.body, err = json.Marshal(kept.Request)
	return &kept, err
}

// newBatch reads a batch from the outbox, passing over the rows in except;
// nil when no other row waits.
func (e *Engine) newBatch(ctx context.Context, except map[[2]string]bool) (*pendingBatch, error) {
	changes, err := e.db.PendingChangesExcept(ctx, pushBatch, except)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	b := &pendingBatch{}
	b.Request.BatchID = uuid.NewString()
	size := 0
	for _, c := range changes {
		hc, err := toHub(c)
		if err != nil {
			return nil, err
		}
		// A batch stays well under the hub's body limit; the rest
		// waits in the outbox for the next one.
		if size += encodedSize(hc); size > pushBytes && len(b.Request.Changes) > 0 {
			break
		}
		b.Request.Changes = append(b.Request.Changes, hc)
		ack := sqlite.Pushed{Table: c.Table, ID: c.ID, UpTo: c.UpTo, Own: sqlite.PushedDigests(c), Requeued: c.Requeued}
		if content, ok := hc.Fields["content"]; ok && c.Table == "visits" {
			ack.Content, ack.Keys = content, c.Keys["content"]
		}
		b.Acks = append(b.Acks, ack)
	}
	// Encoded (and compressed) here, while the batch before it may be in
	// flight.
	b.body = encodePush(b.Request)
	if e.compress && len(b.body) >= minCompress {
		b.wire = contentcoding.Encode(b.body, contentcoding.Zstd)
	}
	if b.kept, err = encodeKept(b.body, b.Acks); err != nil {
		return nil, err
	}
	return b, nil
}

// record records the hub's answer to batch b; a change that waits (waits)
// stays in the outbox and joins waiting. With next, the batch kept after
// b becomes the batch being pushed in the same transaction.
func (e *Engine) record(ctx context.Context, b *pendingBatch, resp protocol.PushResponse, next bool, rep *Report, waiting map[[2]string]bool) error {
	var issues []sqlite.SyncIssue
	for i, r := range resp.Results {
		if i < len(b.Acks) && b.Acks[i].Table == r.Table && b.Acks[i].ID == r.ID {
			if e.waits(b.Acks[i], r) {
				waiting[[2]string{r.Table, r.ID}] = true
				rep.Waiting++
				continue
			}
			if r.Current && r.Status == protocol.StatusApplied {
				b.Acks[i].Seq = r.Seq // held as the hub holds it: no need to pull it back
			}
			if r.Status != protocol.StatusRejected {
				b.Acks[i].Acked = r.Seq
			}
		}
		switch r.Status {
		case protocol.StatusConflict:
			rep.Conflicts++
			for _, c := range r.Conflicts {
				issues = append(issues, sqlite.SyncIssue{Kind: "conflict", Table: r.Table, RowID: r.ID, Field: c.Field, Yours: c.Yours, Theirs: c.Theirs})
			}
		case protocol.StatusRejected:
			rep.Rejected++
			is := sqlite.SyncIssue{Kind: "rejected", Table: r.Table, RowID: r.ID}
			if r.Reason != nil {
				is.Code, is.Message, is.MessageEN = r.Reason.Code, r.Reason.Message, r.Reason.MessageEN
				if len(r.Reason.Fields) == 1 {
					// One field refused: the issue names it, so the screen
					// that wrote it shows the message on the field.
					f := r.Reason.Fields[0]
					is.Field, is.Message, is.MessageEN = f.Field, is.Message+" "+f.ZH, is.MessageEN+" "+f.EN
				} else {
					for _, f := range r.Reason.Fields {
						is.Message += " " + f.Field + "：" + f.ZH
						is.MessageEN += " " + f.Field + ": " + f.EN
					}
				}
			}
			issues = append(issues, is)
		}
	}
	acks := slices.DeleteFunc(slices.Clone(b.Acks), func(a sqlite.Pushed) bool { return waiting[[2]string{a.Table, a.ID}] })
	if err := e.db.MarkPushedKeep(ctx, acks, issues, next); err != nil {
		return err
	}
	rep.Pushed += len(b.Request.Changes) - (len(b.Acks) - len(acks))
	return nil
}

// sendBatch sends a batch's blobs and the batch; it returns the hub's
// answer and how many of the device's last batches the hub answers again.
func (e *Engine) sendBatch(ctx context.Context, a Account, b *pendingBatch, done int, progress func(Progress)) (protocol.PushResponse, int, error) {
	if err := e.uploadBlobs(ctx, a, b.Request.Changes, progress); err != nil {
		return protocol.PushResponse{}, 0, err
	}
	progress(Progress{Phase: "push", Done: done, Total: done + len(b.Request.Changes)})
	var resp protocol.PushResponse
	h, err := e.callWire(ctx, a, http.MethodPost, "/v1/push", b.body, b.wire, &resp)
	kept, _ := strconv.Atoi(h.Get(protocol.HeaderAnswersKept))
	return resp, max(kept, 1), err
}

// waits says whether a change the hub refused waits in the outbox instead
// of becoming a sync issue: a change a restored hub lost, queued again, or
// one made before the restore and not sent yet (HubRestored), refused
// because what it needs is not back on the hub yet
// — its job or record, sent again by another device (not_found), or the
// job's dispatch to this technician, sent again by the service desk
// (forbidden). It is sent again at each sync, for up to
// sqlite.RestoreWait after the restore; then the refusal stands as a sync
// issue.
func (e *Engine) waits(ack sqlite.Pushed, r protocol.Result) bool {
	if r.Status != protocol.StatusRejected || r.Reason == nil || ack.Requeued.IsZero() {
		return false
	}
	if r.Reason.Code != fieldbook.ENOTFOUND && r.Reason.Code != protocol.EFORBIDDEN {
		return false
	}
	return e.db.Now().Sub(ack.Requeued) < sqlite.RestoreWait
}

// HubState is the hub this device last synced with: its identity and
// epoch (docs/sync-protocol.md, "A restored hub").
type HubState struct {
	HubID string `json:"hub_id"`
	Epoch string `json:"epoch"`
}

// Hub returns the hub identity and epoch of the last sync, if any.
func (e *Engine) Hub(ctx context.Context) (HubState, bool, error) {
	var st HubState
	ok, err := e.db.SyncState(ctx, hubKey, &st)
	return st, ok, err
}

// checkHub asks the hub which it is before anything else is sent. A hub
// of another identity, of another epoch (restored from a backup), or of
// the same epoch but behind this device's cursor (restored unseen) has
// lost what it acknowledged above some sequence: the local store queues
// this device's rows pushed above it again and pulls from there
// (sqlite.HubRestored). A hub from before epochs (404) is trusted as
// before.
func (e *Engine) checkHub(ctx context.Context, a Account, rep *Report) error {
	var known HubState
	had, err := e.db.SyncState(ctx, hubKey, &known)
	if err != nil {
		return err
	}
	resp, err := e.send(ctx, a, http.MethodGet, "/v1/hub?epoch="+url.QueryEscape(known.Epoch), nil, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return nil
	}
	if err := checkStatus(resp); err != nil {
		return err
	}
	var info protocol.HubInfo
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&info); err != nil {
		return fmt.Errorf("hub info: %w", err)
	}
	if info.HubID == "" || info.Epoch == "" {
		return errors.New("hub info: no hub id or epoch")
	}
	var cursor int64
	if _, err := e.db.SyncState(ctx, cursorKey, &cursor); err != nil {
		return err
	}
	now := HubState{HubID: info.HubID, Epoch: info.Epoch}
	floor := int64(-1)
	switch {
	case had && known.HubID != info.HubID:
		floor = 0 // another hub: nothing it acknowledged can be assumed
	case had && known.Epoch != info.Epoch:
		floor = info.Floor
	case cursor > info.Seq:
		floor = 0 // restored without a new epoch: no telling where it stands
	}
	if floor < 0 {
		if had {
			return nil
		}
		return e.db.SetSyncState(ctx, hubKey, now)
	}
	n, err := e.db.HubRestored(ctx, floor, a.User.Role, hubKey, now)
	if err != nil {
		return err
	}
	rep.HubRestored, rep.Requeued = true, n
	return nil
}

// pushBytes is the size a push batch stops growing at: half the hub's body
// limit.
const pushBytes = protocol.MaxPushBytes / 2

// encodedSize is about the bytes a change takes in a push body.
func encodedSize(c protocol.Change) int {
	n := 64 + len(c.Table) + len(c.ID)
	for k, v := range c.Fields {
		n += len(k) + len(v) + 4
	}
	return n
}

// toHub turns a local pending change into the wire form.
func toHub(c sqlite.Change) (protocol.Change, error) {
	hc := protocol.Change{Table: c.Table, ID: c.ID, BaseSeq: c.BaseSeq, Fields: map[string]json.RawMessage{}, Keys: c.Keys, Replay: c.Replay}
	for k, v := range c.Fields {
		if k == "deleted" {
			d := v == int64(1)
			hc.Deleted = &d
			continue
		}
		if s, ok := v.(string); ok && schema.IsJSON(c.Table, k) {
			if !json.Valid([]byte(s)) {
				return hc, fmt.Errorf("%s.%s holds invalid JSON", c.Table, k)
			}
			hc.Fields[k] = json.RawMessage(s)
			continue
		}
		raw, err := canonjson.AppendScalar(nil, v)
		if err != nil {
			return hc, fmt.Errorf("%s.%s: %w", c.Table, k, err)
		}
		hc.Fields[k] = raw
	}
	return hc, nil
}

// blobField names the column of a table that holds a blob's SHA-256, as
// the hub's table says (the hub lets a blob be read through that column).
func blobField(table string) (string, bool) {
	t := schema.Lookup(table)
	if t == nil || t.BlobField == "" {
		return "", false
	}
	return t.BlobField, true
}

// uploadBlobs sends the blobs the changes refer to, each resumed from the
// offset the hub already holds, each once in a sync.
func (e *Engine) uploadBlobs(ctx context.Context, a Account, changes []protocol.Change, progress func(Progress)) error {
	var refs []blobRef
	seen := map[string]bool{}
	for _, c := range changes {
		if f, ok := blobField(c.Table); ok {
			var sha string
			if raw, ok := c.Fields[f]; ok && json.Unmarshal(raw, &sha) == nil && sha != "" && !e.onHub[sha] && !seen[sha] {
				seen[sha] = true
				var size int64
				_ = json.Unmarshal(c.Fields["size"], &size)
				refs = append(refs, blobRef{sha, size})
			}
		}
	}
	if len(refs) == 0 {
		return nil
	}
	var mu sync.Mutex
	done := 0
	progress(Progress{Phase: "blobs", Done: 0, Total: len(refs)})
	return eachBlob(ctx, e.blobWorkers, refs, func(ctx context.Context, sha string) error {
		data, _, err := e.db.Blob(ctx, sha)
		if err != nil {
			return err
		}
		if err := e.uploadBlob(ctx, a, sha, data); err != nil {
			return fmt.Errorf("upload %s: %w", sha, err)
		}
		mu.Lock()
		defer mu.Unlock()
		e.onHub[sha] = true
		done++
		progress(Progress{Phase: "blobs", Done: done, Total: len(refs)})
		return nil
	})
}

// blobRef is a blob a row references, and its size when the row says it
// (a photo's or a scan's; a signature's image, small, says none: 0).
type blobRef struct {
	sha  string
	size int64
}

// blobWorkers is how many small blobs a sync uploads, or a pull
// downloads, at once (unless SetBlobWorkers says otherwise): one at a
// time, each would wait a round trip of the link (a clerk's laptop pulls
// the centre's signatures and photos).
const blobWorkers = 4

// bigBlob is the size from which a blob travels alone: beside others it
// would get a share of the link, and on a slow one its request would
// outlast the client's timeout.
const bigBlob = 1 << 20

// eachBlob runs fn for each blob: the small ones workers at a time,
// then the big ones one after another; the first failure stops the rest.
func eachBlob(ctx context.Context, workers int, refs []blobRef, fn func(ctx context.Context, sha string) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	var big []string
	for _, r := range refs {
		if r.size > bigBlob {
			big = append(big, r.sha)
			continue
		}
		g.Go(func() error { return fn(gctx, r.sha) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, sha := range big {
		if err := fn(ctx, sha); err != nil {
			return err
		}
	}
	return nil
}

// uploadBlob sends what the hub lacks of a blob: it asks how much the hub
// holds (HEAD) and sends the rest. An upload cut short — a slow link
// outlasting the client's timeout, a dropped connection — resumes at once
// from what the hub kept, while each attempt brings more; when another
// upload of the same blob moved the hub's offset meanwhile (409), it asks
// again and resumes.
func (e *Engine) uploadBlob(ctx context.Context, a Account, sha string, data []byte) error {
	var cut error // the last PUT's failure, when it was cut short
	from, conflicts := int64(-1), 0
	for {
		resp, err := e.send(ctx, a, http.MethodHead, "/v1/blobs/"+sha, nil, nil)
		if err != nil {
			return errors.Join(cut, err)
		}
		resp.Body.Close()
		offset, _ := strconv.ParseInt(resp.Header.Get(protocol.HeaderUploadOffset), 10, 64)
		if length, _ := strconv.ParseInt(resp.Header.Get(protocol.HeaderUploadLength), 10, 64); length == int64(len(data)) && offset == length {
			return nil // complete on the hub
		}
		if offset < 0 || offset > int64(len(data)) {
			offset = 0
		}
		if cut != nil && offset <= from {
			return cut // the hub kept nothing of the last attempt
		}
		from = offset
		headers := map[string]string{
			protocol.HeaderUploadOffset: strconv.FormatInt(offset, 10),
			protocol.HeaderUploadLength: strconv.Itoa(len(data)),
		}
		resp, err = e.send(ctx, a, http.MethodPut, "/v1/blobs/"+sha, bytes.NewReader(data[offset:]), headers)
		if err == nil {
			err = checkStatus(resp)
			resp.Body.Close()
		}
		switch cut = nil; {
		case err == nil && resp.StatusCode == http.StatusCreated, ctx.Err() != nil:
			return err
		case err == nil:
			// 200: the hub holds part of it (the body came short).
			cut = fmt.Errorf("upload %s: the hub holds part of it", sha)
		case fieldbook.ErrorCode(err) == fieldbook.ECONFLICT:
			if conflicts++; conflicts == 3 {
				return err
			}
		default:
			cut = err
		}
	}
}

// pull applies pages until the hub has no more, each page's blobs before
// it. The next page is fetched and decoded while one is applied; pages are
// applied in order, each atomically with its cursor.
func (e *Engine) pull(ctx context.Context, a Account, rep *Report, progress func(Progress)) (ferr error) {
	var cursor int64
	if _, err := e.db.SyncState(ctx, cursorKey, &cursor); err != nil {
		return err
	}
	// A snapshot brings the centre's rows: its pages leave the search
	// indexes alone, which are built in the background after it.
	if cursor == 0 {
		if err := e.db.DeferSearchIndex(ctx); err != nil {
			return err
		}
	}
	pulledBefore := rep.Pulled
	defer func() {
		// The indexes a snapshot left aside — the lists', then search's —
		// are built after it: in the background after a large pull, whose
		// rows are the user's at once; now after a small one (or one cut
		// short before its first page: the next pages go in with them).
		bg := context.WithoutCancel(ctx)
		indexing, _, _, err := e.db.SearchIndexing(bg)
		switch {
		case err != nil:
			ferr = cmp.Or(ferr, err)
		case indexing && rep.Cursor != 0 && rep.Pulled-pulledBefore >= backgroundIndexRows:
			e.db.StartIndexing()
		default:
			err := e.db.BuildDeferredIndexes(bg)
			if err == nil && indexing && rep.Cursor != 0 {
				err = e.db.BuildSearchIndex(bg)
			}
			ferr = cmp.Or(ferr, err)
		}
	}()
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	// Two pages fetched ahead: on a slow link the next pages download
	// while one is applied.
	pages := make(chan pulledPage, 2)
	go e.fetchPages(ctx, a, cursor, pages)
	defer func() {
		cancel()
		for range pages { // wait for the fetcher to stop
		}
	}()
	for page := range pages {
		if page.err != nil {
			return page.err
		}
		if err := e.db.ApplyPulled(ctx, page.rows, page.cursor); err != nil {
			return err
		}
		rep.Pulled += len(page.rows)
		rep.Cursor = page.cursor
		p := Progress{Phase: "pull", Done: rep.Pulled, Total: rep.Pulled + boolInt(page.more)}
		if page.more && page.remaining > 0 {
			p.Total = rep.Pulled + int(page.remaining)
			if done, el := rep.Pulled-pulledBefore, time.Since(start); done > 0 && el > 0 {
				p.RemainingSeconds = int(math.Ceil(float64(page.remaining) * el.Seconds() / float64(done)))
			}
		}
		progress(p)
		if !page.more {
			// At the hub's head: what a restore left unconfirmed and
			// the pull did not bring again is gone from the hub; every
			// row's blob is here, and a part of another no row needs.
			if _, err := e.db.SweepRestored(ctx); err != nil {
				return err
			}
			return e.db.DropBlobParts(ctx)
		}
	}
	return ctx.Err()
}

// backgroundIndexRows is the size of a snapshot from which its deferred
// indexes are built in the background rather than before the sync ends.
const backgroundIndexRows = 20000

// pulledPage is a fetched page, decoded for the local store.
type pulledPage struct {
	rows      []sqlite.PulledRow
	cursor    int64
	more      bool
	remaining int64 // at most this many rows still to come
	err       error
}

// fetchPages fetches pages from cursor on until the hub has no more, an
// error (sent as the last page) or ctx ends; it closes pages.
func (e *Engine) fetchPages(ctx context.Context, a Account, cursor int64, pages chan<- pulledPage) {
	defer close(pages)
	var buf []byte // a page's body, read again into for the next: decodePage keeps none of it
	for {
		var page pulledPage
		page, buf = e.fetchPage(ctx, a, cursor, buf)
		select {
		case pages <- page:
		case <-ctx.Done():
			return
		}
		if page.err != nil || !page.more {
			return
		}
		cursor = page.cursor
	}
}

func (e *Engine) fetchPage(ctx context.Context, a Account, cursor int64, buf []byte) (pulledPage, []byte) {
	path := fmt.Sprintf("/v1/pull?cursor=%d&limit_rows=%d&limit_bytes=%d", cursor, pullRows, pullBytes)
	body, _, err := e.receive(ctx, a, http.MethodGet, path, nil, nil, maxAnswer, buf[:0])
	if err != nil {
		return pulledPage{err: err}, buf
	}
	wire, err := decodePage(body)
	if err != nil {
		return pulledPage{err: err}, body
	}
	page := pulledPage{rows: wire.rows, cursor: wire.cursor, more: wire.more, remaining: wire.remaining}
	var refs []blobRef
	seen := map[string]bool{}
	for _, r := range page.rows {
		if f, ok := blobField(r.Table); ok {
			if sha, _ := r.Fields[f].(string); sha != "" && !seen[sha] {
				seen[sha] = true
				size, _ := r.Fields["size"].(int64)
				refs = append(refs, blobRef{sha, size})
			}
		}
	}
	// Blobs first: a row is never there without its image. They download
	// here, while the pages before this one are applied.
	err = eachBlob(ctx, e.blobWorkers, refs, func(ctx context.Context, sha string) error {
		if err := e.download(ctx, a, sha); err != nil {
			return fmt.Errorf("download %s: %w", sha, err)
		}
		return nil
	})
	if err != nil {
		return pulledPage{err: err}, body
	}
	return page, body
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// download fetches a blob the device lacks. A download cut short — a slow
// link outlasting the client's timeout, a dropped connection — resumes
// where it stopped (Range, If-Range: the blob's hash): at once while each
// attempt brings more, else at the next sync, from the bytes kept
// (sqlite.KeepBlobPart).
func (e *Engine) download(ctx context.Context, a Account, sha string) error {
	held, got, err := e.db.BlobToFetch(ctx, sha)
	if err != nil || held {
		return err
	}
	for {
		before := len(got)
		var headers map[string]string
		if before > 0 {
			headers = map[string]string{"Range": fmt.Sprintf("bytes=%d-", before), "If-Range": `"` + sha + `"`}
		}
		resp, err := e.send(ctx, a, http.MethodGet, "/v1/blobs/"+sha, nil, headers)
		if err != nil {
			return err
		}
		switch cr := resp.Header.Get("Content-Range"); {
		case resp.StatusCode != http.StatusPartialContent:
			got = got[:0] // the whole blob (or an error)
		case !strings.HasPrefix(cr, fmt.Sprintf("bytes %d-", before)):
			resp.Body.Close()
			return errors.Join(fmt.Errorf("blob %s: asked from byte %d, the hub answered %q", sha, before, cr), e.db.KeepBlobPart(ctx, sha, nil))
		}
		if err := checkStatus(resp); err != nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusRequestedRangeNotSatisfiable {
				err = errors.Join(err, e.db.KeepBlobPart(ctx, sha, nil)) // kept bytes the blob does not have
			}
			return err
		}
		got, err = readAll(got, io.LimitReader(resp.Body, protocol.MaxBlobSize+1-int64(len(got))))
		resp.Body.Close()
		if err == nil {
			// A part kept goes when the pull reaches the hub's head
			// (DropBlobParts); bytes that do not hash to sha go now.
			if err := e.db.PutPulledBlob(ctx, sha, resp.Header.Get("Content-Type"), got); err != nil {
				return errors.Join(err, e.db.KeepBlobPart(ctx, sha, nil))
			}
			return nil
		}
		if len(got) <= before {
			return err
		}
		if kerr := e.db.KeepBlobPart(ctx, sha, got); kerr != nil || ctx.Err() != nil {
			return errors.Join(err, kerr)
		}
	}
}

// call sends a JSON request and decodes the JSON answer into out.
func (e *Engine) call(ctx context.Context, a Account, method, path string, in, out any) error {
	_, err := e.callWire(ctx, a, method, path, in, nil, out)
	return err
}

// callWire is call with in compressed already (wire: in as zstd; nil: it
// is compressed here when it goes compressed); it returns the answer's
// headers.
func (e *Engine) callWire(ctx context.Context, a Account, method, path string, in any, wire []byte, out any) (http.Header, error) {
	var body io.Reader
	headers := map[string]string{"Content-Type": "application/json"}
	if in != nil {
		b, ok := in.(json.RawMessage) // encoded already
		if !ok {
			var err error
			if b, err = json.Marshal(in); err != nil {
				return nil, err
			}
		}
		// A body worth compressing goes compressed to a hub that said it
		// reads zstd.
		if e.compress && len(b) >= minCompress && e.readsZstd(a.HubURL) {
			if wire != nil {
				b = wire
			} else {
				b = contentcoding.Encode(b, contentcoding.Zstd)
			}
			headers["Content-Encoding"] = contentcoding.Zstd
		}
		body = bytes.NewReader(b)
	}
	answer, h, err := e.receive(ctx, a, method, path, body, headers, maxAnswer, nil)
	if err != nil {
		return nil, err
	}
	return h, json.Unmarshal(answer, out)
}

// minCompress is the size below which a request body goes as it is.
const minCompress = 1024

// maxAnswer bounds a JSON answer read whole (a pull page is at most
// protocol.MaxPullBytes of rows).
const maxAnswer = 4 * protocol.MaxPullBytes

// receive sends a request and reads its whole answer, at most limit bytes,
// appended to into; an error status is an error.
func (e *Engine) receive(ctx context.Context, a Account, method, path string, body io.Reader, headers map[string]string, limit int64, into []byte) ([]byte, http.Header, error) {
	resp, err := e.send(ctx, a, method, path, body, headers)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if err := checkStatus(resp); err != nil {
		return nil, nil, err
	}
	data, err := readAll(into, io.LimitReader(resp.Body, limit))
	return data, resp.Header, err
}

// readAll is io.ReadAll appending to b.
func readAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// send sends a request. A hub that is busy (503) or throttling (429) is
// asked again after the Retry-After it gives, a few times, when the body
// can be sent again.
func (e *Engine) send(ctx context.Context, a Account, method, path string, body io.Reader, headers map[string]string) (*http.Response, error) {
	for attempt := 1; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, a.HubURL+path, body)
		if err != nil {
			return nil, err
		}
		req.Header.Set(protocol.HeaderProtocol, strconv.Itoa(protocol.Version))
		// Set explicitly, so that net/http neither adds gzip on its own
		// nor decodes behind our back: the answer is decoded below, held to
		// maxAnswer however it was compressed.
		if e.compress {
			req.Header.Set("Accept-Encoding", contentcoding.Supported)
		} else {
			req.Header.Set("Accept-Encoding", "identity")
		}
		req.Header.Set(protocol.HeaderSchema, strconv.Itoa(protocol.SchemaVersion))
		if a.Token != "" {
			req.Header.Set("Authorization", "Bearer "+a.Token)
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := e.client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fieldbook.Wrap(err, ErrOffline, "无法连接服务器，数据已保存在本机，联网后会自动同步。",
				"Cannot reach the hub. Your data is saved on this device and syncs when the network is back.")
		}
		e.learnReads(a.HubURL, resp.Header)
		if ce := resp.Header.Get("Content-Encoding"); ce != "" {
			dec, err := contentcoding.NewReader(resp.Body, ce, maxAnswer)
			if err != nil {
				resp.Body.Close()
				return nil, fmt.Errorf("%s %s: the answer's Content-Encoding %q: %w", method, path, ce, err)
			}
			resp.Body = decodedBody{ReadCloser: dec, wire: resp.Body}
			resp.Header.Del("Content-Encoding")
			resp.ContentLength = -1
		}
		rewind, ok := body.(io.Seeker)
		if (resp.StatusCode != http.StatusServiceUnavailable && resp.StatusCode != http.StatusTooManyRequests) ||
			attempt == maxBusyRetries || (body != nil && !ok) {
			return resp, nil
		}
		wait := time.Second
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
			wait = min(time.Duration(s)*time.Second, 10*time.Second)
		}
		resp.Body.Close()
		if ok {
			if _, err := rewind.Seek(0, io.SeekStart); err != nil {
				return nil, err
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// decodedBody is an answer's decoder over its wire body; closing it
// closes both.
type decodedBody struct {
	io.ReadCloser
	wire io.ReadCloser
}

func (d decodedBody) Close() error {
	_ = d.ReadCloser.Close()
	return d.wire.Close()
}

// maxBusyRetries is how many times a request meets a busy hub before the
// sync gives up until its next run.
const maxBusyRetries = 4

// ErrOffline is the code of a sync that could not reach the hub.
const ErrOffline = "offline"

// checkStatus turns an error answer into a domain error carrying the
// hub's bilingual message.
func checkStatus(resp *http.Response) error {
	if resp.StatusCode < 300 {
		return nil
	}
	var p fieldbook.Payload
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(body, &p) != nil || p.Code == "" {
		p = fieldbook.Payload{Code: fieldbook.EINTERNAL, Message: "服务器返回错误：" + resp.Status, MessageEN: "The hub answered: " + resp.Status}
	}
	if resp.StatusCode == http.StatusUnauthorized {
		p.Code = protocol.EUNAUTHORIZED
	}
	e := fieldbook.Errorf(p.Code, p.Message, p.MessageEN)
	e.Fields = p.Fields
	e.Err = errors.New(resp.Status)
	return e
}
