package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"fieldbook/backend/contentcoding"
	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
)

// Handler serves the sync API (docs/sync-protocol.md) over a Service.
type Handler struct {
	svc    *Service
	log    *slog.Logger
	mux    *http.ServeMux
	limits Limits
	gate   *gate
	enrols *throttle
	// Protocol and Schema are the current versions; the previous one of
	// each is accepted too.
	Protocol, Schema int
}

// NewHandler returns the hub's HTTP handler with limits.
func NewHandler(svc *Service, limits Limits) *Handler {
	h := &Handler{svc: svc, log: svc.Log, mux: http.NewServeMux(), limits: limits,
		gate: newGate(limits.MaxInFlight, limits.MaxInFlightDevice), enrols: newThrottle(limits),
		Protocol: protocol.Version, Schema: protocol.SchemaVersion}
	h.mux.HandleFunc("GET /healthz", h.healthz)
	h.mux.Handle("POST /v1/enrol", h.versioned(http.HandlerFunc(h.enrol)))
	h.mux.Handle("POST /v1/push", h.versioned(compressed(h.authed(h.push))))
	h.mux.Handle("GET /v1/pull", h.versioned(compressed(h.authed(h.pull))))
	h.mux.Handle("GET /v1/hub", h.versioned(h.authed(h.hubInfo)))
	h.mux.Handle("POST /v1/clerk", h.versioned(compressed(h.authed(h.clerk))))
	h.mux.Handle("HEAD /v1/blobs/{sha}", h.versioned(h.authed(h.blobHead)))
	h.mux.Handle("PUT /v1/blobs/{sha}", h.versioned(h.authed(h.blobPut)))
	h.mux.Handle("GET /v1/blobs/{sha}", h.versioned(h.authed(h.blobGet)))
	return h
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's deadlines.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// ServeHTTP logs every request. Every request but /healthz takes a place
// among the MaxInFlight; when none is free it is answered 503 at once.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	if r.URL.Path != "/healthz" {
		if !h.gate.enter("") {
			h.busy(sw, r)
			h.logRequest(r, sw.status, start)
			return
		}
		defer h.gate.leave("")
		_ = http.NewResponseController(sw).SetWriteDeadline(time.Now().Add(h.limits.WriteTimeout))
	}
	h.mux.ServeHTTP(sw, r)
	h.logRequest(r, sw.status, start)
}

func (h *Handler) logRequest(r *http.Request, status int, start time.Time) {
	h.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", status,
		"duration_ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
}

func (h *Handler) busy(w http.ResponseWriter, r *http.Request) {
	setRetryAfter(w, busyRetryAfter)
	w.Header().Set("Connection", "close")
	h.fail(w, r, errBusy)
}

func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "protocol": h.Protocol, "schema": h.Schema})
}

// checkVersion accepts the current and the previous version.
func checkVersion(r *http.Request, header string, current int) *fieldbook.Error {
	v, err := strconv.Atoi(strings.TrimSpace(r.Header.Get(header)))
	if err != nil {
		return fieldbook.Errorf(fieldbook.EINVALID,
			"请求缺少有效的 "+header+" 版本头。", "The request lacks a valid "+header+" header.")
	}
	switch {
	case v < current-1:
		return fieldbook.Errorf(protocol.EUPGRADE,
			fmt.Sprintf("客户端版本过旧（%s %d，同步服务器接受 %d 或 %d）。请升级现场服务记录；本机未同步的数据会保留，升级后自动上传。", header, v, current-1, current),
			fmt.Sprintf("This client is too old (%s %d; the hub accepts %d or %d). Update Fieldbook; your unsynced work stays on this computer and is uploaded after the update.", header, v, current-1, current))
	case v > current:
		return fieldbook.Errorf(fieldbook.EINVALID,
			fmt.Sprintf("同步服务器版本较旧（%s %d，客户端发送 %d）。请联系管理员升级服务器；本机数据会保留。", header, current, v),
			fmt.Sprintf("The hub is older than this client (%s %d; the client sent %d). Ask your administrator to update the hub; your data stays on this computer.", header, current, v))
	}
	return nil
}

func (h *Handler) versioned(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The request codings the hub reads (RFC 7694): a client compresses
		// its bodies once it has seen this.
		w.Header().Set("Accept-Encoding", contentcoding.Supported)
		if ferr := checkVersion(r, protocol.HeaderProtocol, h.Protocol); ferr != nil {
			h.fail(w, r, ferr)
			return
		}
		if ferr := checkVersion(r, protocol.HeaderSchema, h.Schema); ferr != nil {
			h.fail(w, r, ferr)
			return
		}
		next.ServeHTTP(w, r)
	})
}

type authedFunc func(w http.ResponseWriter, r *http.Request, p Principal)

// bearerToken reads "Authorization: Bearer <token>"; the scheme's case
// does not matter.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// authed authenticates the device and takes one of its MaxInFlightDevice
// places.
func (h *Handler) authed(next authedFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			h.fail(w, r, ErrUnauthorized)
			return
		}
		p, err := h.svc.Authenticate(r.Context(), token)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if !h.gate.enter(p.Device.ID) {
			h.busy(w, r)
			return
		}
		defer h.gate.leave(p.Device.ID)
		p.Schema, _ = strconv.Atoi(r.Header.Get(protocol.HeaderSchema))
		next(w, r, p)
	})
}

func statusOf(code string) int {
	switch code {
	case fieldbook.EINVALID:
		return http.StatusBadRequest
	case fieldbook.ENOTFOUND:
		return http.StatusNotFound
	case fieldbook.ECONFLICT:
		return http.StatusConflict
	case protocol.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case protocol.EFORBIDDEN:
		return http.StatusForbidden
	case protocol.EUPGRADE:
		return http.StatusUpgradeRequired
	case protocol.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case protocol.EBUSY:
		return http.StatusServiceUnavailable
	case protocol.ETOOMANY:
		return http.StatusTooManyRequests
	case errTimeout:
		return http.StatusRequestTimeout
	case protocol.EENCODING:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}

// fail writes err as {code, message, message_en, fields}.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := fieldbook.ErrorCode(err)
	status := statusOf(code)
	if status == http.StatusInternalServerError {
		h.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="fieldbook"`)
	}
	writeJSON(w, status, fieldbook.ToPayload(err))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errTimeout is the code of a body that did not arrive in time.
const errTimeout = "timeout"

// readBody reads a request body of at most limit bytes before the deadline.
// A compressed body (Content-Encoding zstd or gzip) is held to limit both
// as it arrives and as it decodes: one that would expand past it is
// refused as too large, never held whole.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request, limit int64, timeout time.Duration) ([]byte, error) {
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(timeout))
	tooLarge := fieldbook.Errorf(protocol.ETOOLARGE,
		fmt.Sprintf("请求过大（最多 %d KB），请分批上传。", limit>>10), fmt.Sprintf("The request is too large (at most %d KB); send smaller batches.", limit>>10))
	coding := r.Header.Get("Content-Encoding")
	if !contentcoding.Known(coding) {
		w.Header().Set("Connection", "close")
		return nil, errUnsupportedEncoding
	}
	wire := &wireReader{r: http.MaxBytesReader(w, r.Body, limit)}
	dec, err := contentcoding.NewReader(wire, coding, limit)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(dec)
		dec.Close()
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) || errors.As(wire.err, &mbe) || errors.Is(err, contentcoding.ErrTooLarge):
		w.Header().Set("Connection", "close")
		return nil, tooLarge
	case err != nil && wire.err == nil:
		// The bytes came but do not decode.
		w.Header().Set("Connection", "close")
		return nil, fieldbook.Errorf(fieldbook.EINVALID, "请求内容无法按 "+coding+" 解压："+err.Error(),
			"The request body does not decode as "+coding+": "+err.Error())
	case err != nil:
		w.Header().Set("Connection", "close")
		return nil, fieldbook.Wrap(err, errTimeout, "请求内容未能及时收到。", "The request body did not arrive in time.")
	}
	return body, nil
}

// wireReader keeps the error of the body as it arrives, to tell a body
// that broke off or came too slowly from one that does not decode.
type wireReader struct {
	r   io.Reader
	err error
}

func (w *wireReader) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	if err != nil && err != io.EOF {
		w.err = err
	}
	return n, err
}

var errUnsupportedEncoding = fieldbook.Errorf(protocol.EENCODING,
	"服务器无法读取这种压缩格式（Content-Encoding），请使用 zstd、gzip 或不压缩。",
	"The hub cannot read this Content-Encoding; send zstd, gzip or an uncompressed body.")

// decode reads a JSON body of at most limit bytes before the deadline into
// v, with nothing after the value. A strict body must be valid UTF-8
// without lone surrogates and shallow; a push's field values are checked
// change by change instead (a refused value is that change's rejection,
// never the batch's failure).
func (h *Handler) decode(w http.ResponseWriter, r *http.Request, limit int64, timeout time.Duration, strict bool, v any) bool {
	body, err := h.readBody(w, r, limit, timeout)
	if err != nil {
		h.fail(w, r, err)
		return false
	}
	invalid := func(zh, en string) bool {
		h.fail(w, r, fieldbook.Errorf(fieldbook.EINVALID, "请求内容不是有效的 JSON："+zh, "The request body is not valid JSON: "+en))
		return false
	}
	if strict {
		if err := checkEncoding(body, bodyDepth); err != nil {
			return invalid(err.Error(), err.Error())
		}
	}
	// One value and nothing after it (json.Unmarshal refuses trailing
	// data), decoded from the body in place.
	if err := json.Unmarshal(body, v); err != nil {
		return invalid(err.Error(), err.Error())
	}
	return true
}

// bodyDepth bounds the nesting of a strict request body.
const bodyDepth = 8

func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) {
	if ok, wait := h.enrols.allow(r); !ok {
		setRetryAfter(w, wait)
		h.fail(w, r, errTooManyEnrolments)
		return
	}
	var req protocol.EnrolRequest
	if !h.decode(w, r, protocol.MaxEnrolBytes, h.limits.EnrolTimeout, true, &req) {
		return
	}
	resp, err := h.svc.Enrol(r.Context(), req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func (h *Handler) push(w http.ResponseWriter, r *http.Request, p Principal) {
	var req protocol.PushRequest
	if !h.decode(w, r, protocol.MaxPushBytes, h.limits.BodyTimeout, false, &req) {
		return
	}
	resp, err := h.svc.Push(r.Context(), p, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set(protocol.HeaderAnswersKept, strconv.Itoa(protocol.AnswersKept))
	writeJSON(w, http.StatusOK, resp)
}

func (h *Handler) clerk(w http.ResponseWriter, r *http.Request, p Principal) {
	var req protocol.ClerkRequest
	if !h.decode(w, r, protocol.MaxClerkBytes, h.limits.BodyTimeout, true, &req) {
		return
	}
	resp, err := h.svc.Clerk(r.Context(), p, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func queryInt(r *http.Request, name string) (int64, *fieldbook.Error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, fieldbook.Errorf(fieldbook.EINVALID, "参数 "+name+" 必须是非负整数。", "The parameter "+name+" must be a non-negative integer.")
	}
	return n, nil
}

// hubInfo answers which hub and epoch this is (a device's first request
// of every sync).
func (h *Handler) hubInfo(w http.ResponseWriter, r *http.Request, p Principal) {
	info, err := h.svc.HubInfo(r.Context(), p, r.URL.Query().Get("epoch"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, info)
}

func (h *Handler) pull(w http.ResponseWriter, r *http.Request, p Principal) {
	var vals [3]int64
	for i, name := range []string{"cursor", "limit_rows", "limit_bytes"} {
		n, ferr := queryInt(r, name)
		if ferr != nil {
			h.fail(w, r, ferr)
			return
		}
		vals[i] = n
	}
	out := &answerOnWrite{ResponseWriter: w}
	err := h.svc.writePull(r.Context(), out, p, vals[0], int(min(vals[1], protocol.MaxPullRows)), int(min(vals[2], protocol.MaxPullBytes)))
	switch {
	case err == nil || r.Context().Err() != nil:
	case !out.answered:
		h.fail(w, r, err)
	default:
		h.log.Warn("pull page cut short", "device", p.Device.ID, "err", err)
	}
}

// answerOnWrite answers 200 with a JSON body at the first write: until
// then, an error can still be answered as one.
type answerOnWrite struct {
	http.ResponseWriter
	answered bool
}

func (a *answerOnWrite) Write(b []byte) (int, error) {
	if !a.answered {
		a.answered = true
		a.Header().Set("Content-Type", "application/json; charset=utf-8")
		a.WriteHeader(http.StatusOK)
	}
	return a.ResponseWriter.Write(b)
}

func setUploadHeaders(w http.ResponseWriter, st UploadState) {
	w.Header().Set(protocol.HeaderUploadOffset, strconv.FormatInt(st.Offset, 10))
	if st.Length > 0 {
		w.Header().Set(protocol.HeaderUploadLength, strconv.FormatInt(st.Length, 10))
	}
	w.Header().Set("Cache-Control", "no-store")
}

// blobHead answers as GET would: 200 with the blob's size when the device
// may read it, else 404. Upload-Offset is what the hub holds from the
// device's user: the whole blob (= Upload-Length) when they uploaded it,
// else the bytes of this device's upload in progress (0 when none), to
// resume from — a reader who did not upload the blob sends it before a row
// of theirs references it.
func (h *Handler) blobHead(w http.ResponseWriter, r *http.Request, p Principal) {
	st, size, err := h.svc.BlobState(r.Context(), p, r.PathValue("sha"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setUploadHeaders(w, st)
	if size == 0 {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
}

// blobPut appends the body at Upload-Offset. The bytes that arrive before a
// connection breaks are kept, so the client resumes from HEAD's offset.
func (h *Handler) blobPut(w http.ResponseWriter, r *http.Request, p Principal) {
	sha := r.PathValue("sha")
	offset, err1 := strconv.ParseInt(r.Header.Get(protocol.HeaderUploadOffset), 10, 64)
	length, err2 := strconv.ParseInt(r.Header.Get(protocol.HeaderUploadLength), 10, 64)
	if err1 != nil || err2 != nil || offset < 0 || length < 0 {
		h.fail(w, r, fieldbook.Errorf(fieldbook.EINVALID,
			"上传需要 Upload-Offset 和 Upload-Length 头。", "An upload needs the Upload-Offset and Upload-Length headers."))
		return
	}
	if !contentcoding.Known(r.Header.Get("Content-Encoding")) || r.Header.Get("Content-Encoding") != "" {
		// A blob's bytes are its hash's: they travel as they are.
		w.Header().Set("Connection", "close")
		h.fail(w, r, errUnsupportedEncoding)
		return
	}
	if length > protocol.MaxBlobSize {
		h.fail(w, r, fieldbook.Errorf(protocol.ETOOLARGE,
			fmt.Sprintf("文件不能超过 %d MB。", protocol.MaxBlobSize>>20), fmt.Sprintf("A file may not exceed %d MB.", protocol.MaxBlobSize>>20)))
		return
	}
	// The body may take the grace period plus its length at the slowest
	// rate, within BlobTimeout.
	missing := max(length-offset, 0)
	timeout := min(h.limits.BodyTimeout+time.Duration(missing/max(h.limits.BlobRate, 1))*time.Second, h.limits.BlobTimeout)
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(timeout))
	// Read at most what is missing (+1 to notice a longer body).
	data, readErr := io.ReadAll(io.LimitReader(r.Body, missing+1))
	// A broken connection cancels r.Context(); keep the bytes that came.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
	defer cancel()
	st, complete, err := h.svc.AppendBlob(ctx, p, sha, length, offset, data)
	if err != nil {
		if fieldbook.ErrorCode(err) == fieldbook.ECONFLICT {
			if cur, _, serr := h.svc.BlobState(ctx, p, sha); serr == nil {
				setUploadHeaders(w, cur)
			}
		}
		h.fail(w, r, err)
		return
	}
	if readErr != nil {
		h.log.Warn("blob upload interrupted", "sha256", sha, "received", len(data), "offset", st.Offset, "err", readErr)
		w.Header().Set("Connection", "close")
		setUploadHeaders(w, st)
		h.fail(w, r, fieldbook.Wrap(readErr, errTimeout, "文件未能及时收到，已收到的部分已保存，请继续上传。",
			"The file did not arrive in time; what arrived is kept, resume the upload."))
		return
	}
	setUploadHeaders(w, st)
	status := http.StatusOK
	if complete {
		status = http.StatusCreated
	}
	writeJSON(w, status, protocol.BlobStatus{Offset: st.Offset, Length: st.Length, Complete: complete})
}

func (h *Handler) blobGet(w http.ResponseWriter, r *http.Request, p Principal) {
	b, err := h.svc.ReadBlob(r.Context(), p, r.PathValue("sha"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", b.Mime)
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	// A blob never changes: its hash is its entity tag, and a download cut
	// short resumes with a Range (If-Range: the tag) from where it stopped.
	w.Header().Set("ETag", `"`+r.PathValue("sha")+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b.Data))
}

// Unwrap lets http.ResponseController reach the connection's deadlines.
func (a *answerOnWrite) Unwrap() http.ResponseWriter { return a.ResponseWriter }
