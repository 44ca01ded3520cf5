package hub

import (
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

	"fieldbook/backend/fieldbook"
)

// Handler serves the sync API (docs/sync-protocol.md) over a Service.
type Handler struct {
	svc *Service
	log *slog.Logger
	mux *http.ServeMux
	// Protocol and Schema are the current versions; the previous one of
	// each is accepted too.
	Protocol, Schema int
}

// NewHandler returns the hub's HTTP handler.
func NewHandler(svc *Service) *Handler {
	h := &Handler{svc: svc, log: svc.Log, mux: http.NewServeMux(), Protocol: ProtocolVersion, Schema: SchemaVersion}
	h.mux.HandleFunc("GET /healthz", h.healthz)
	h.mux.Handle("POST /v1/enrol", h.versioned(http.HandlerFunc(h.enrol)))
	h.mux.Handle("POST /v1/push", h.versioned(h.authed(h.push)))
	h.mux.Handle("GET /v1/pull", h.versioned(h.authed(h.pull)))
	h.mux.Handle("POST /v1/clerk", h.versioned(h.authed(h.clerk)))
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

// ServeHTTP logs every request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	h.mux.ServeHTTP(sw, r)
	h.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
		"duration_ms", float64(time.Since(start).Microseconds())/1000, "remote", r.RemoteAddr)
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
		return fieldbook.Errorf(EUPGRADE,
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
		if ferr := checkVersion(r, HeaderProtocol, h.Protocol); ferr != nil {
			h.fail(w, r, ferr)
			return
		}
		if ferr := checkVersion(r, HeaderSchema, h.Schema); ferr != nil {
			h.fail(w, r, ferr)
			return
		}
		next.ServeHTTP(w, r)
	})
}

type authedFunc func(w http.ResponseWriter, r *http.Request, p Principal)

func (h *Handler) authed(next authedFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			h.fail(w, r, ErrUnauthorized)
			return
		}
		p, err := h.svc.Authenticate(r.Context(), strings.TrimSpace(token))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		p.Schema, _ = strconv.Atoi(r.Header.Get(HeaderSchema))
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
	case EUNAUTHORIZED:
		return http.StatusUnauthorized
	case EFORBIDDEN:
		return http.StatusForbidden
	case EUPGRADE:
		return http.StatusUpgradeRequired
	case ETOOLARGE:
		return http.StatusRequestEntityTooLarge
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

// maxJSONBody bounds push and enrol bodies.
const maxJSONBody = 32 << 20

func (h *Handler) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.fail(w, r, fieldbook.Errorf(ETOOLARGE, "请求过大，请分批上传。", "The request is too large; send smaller batches."))
			return false
		}
		h.fail(w, r, fieldbook.Wrap(err, fieldbook.EINVALID, "请求内容不是有效的 JSON。", "The request body is not valid JSON."))
		return false
	}
	return true
}

func (h *Handler) enrol(w http.ResponseWriter, r *http.Request) {
	var req EnrolRequest
	if !h.decode(w, r, &req) {
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
	var req PushRequest
	if !h.decode(w, r, &req) {
		return
	}
	resp, err := h.svc.Push(r.Context(), p, req)
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

func (h *Handler) clerk(w http.ResponseWriter, r *http.Request, p Principal) {
	var req ClerkRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		h.fail(w, r, fieldbook.Errorf(fieldbook.EINVALID, "请求格式不正确。", "The request is not valid JSON."))
		return
	}
	resp, err := h.svc.Clerk(r.Context(), p, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
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
	page, err := h.svc.pullPage(r.Context(), p, vals[0], int(min(vals[1], MaxPullRows)), int(min(vals[2], MaxPullBytes)))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	page.write(w)
}

func setUploadHeaders(w http.ResponseWriter, st UploadState) {
	w.Header().Set(HeaderUploadOffset, strconv.FormatInt(st.Offset, 10))
	if st.Length > 0 {
		w.Header().Set(HeaderUploadLength, strconv.FormatInt(st.Length, 10))
	}
	w.Header().Set("Cache-Control", "no-store")
}

// blobHead answers with Upload-Offset: the bytes the hub holds (0 when none).
func (h *Handler) blobHead(w http.ResponseWriter, r *http.Request, p Principal) {
	st, err := h.svc.BlobState(r.Context(), r.PathValue("sha"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	setUploadHeaders(w, st)
	w.WriteHeader(http.StatusOK)
}

// BlobStatus is the body of a PUT /v1/blobs/{sha} answer.
type BlobStatus struct {
	Offset   int64 `json:"offset"`
	Length   int64 `json:"length"`
	Complete bool  `json:"complete"`
}

// blobPut appends the body at Upload-Offset. The bytes that arrive before a
// connection breaks are kept, so the client resumes from HEAD's offset.
func (h *Handler) blobPut(w http.ResponseWriter, r *http.Request, p Principal) {
	sha := r.PathValue("sha")
	offset, err1 := strconv.ParseInt(r.Header.Get(HeaderUploadOffset), 10, 64)
	length, err2 := strconv.ParseInt(r.Header.Get(HeaderUploadLength), 10, 64)
	if err1 != nil || err2 != nil || offset < 0 {
		h.fail(w, r, fieldbook.Errorf(fieldbook.EINVALID,
			"上传需要 Upload-Offset 和 Upload-Length 头。", "An upload needs the Upload-Offset and Upload-Length headers."))
		return
	}
	if length > MaxBlobSize {
		h.fail(w, r, fieldbook.Errorf(ETOOLARGE,
			fmt.Sprintf("文件不能超过 %d MB。", MaxBlobSize>>20), fmt.Sprintf("A file may not exceed %d MB.", MaxBlobSize>>20)))
		return
	}
	// Read at most what is missing (+1 to notice a longer body).
	data, readErr := io.ReadAll(io.LimitReader(r.Body, max(length-offset, 0)+1))
	// A broken connection cancels r.Context(); keep the bytes that came.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 30*time.Second)
	defer cancel()
	st, err := h.svc.AppendBlob(ctx, sha, length, offset, data)
	if err != nil {
		if fieldbook.ErrorCode(err) == fieldbook.ECONFLICT {
			if cur, serr := h.svc.BlobState(ctx, sha); serr == nil {
				setUploadHeaders(w, cur)
			}
		}
		h.fail(w, r, err)
		return
	}
	if readErr != nil {
		h.log.Warn("blob upload interrupted", "sha256", sha, "received", len(data), "offset", st.Offset, "err", readErr)
		return // the client is gone
	}
	setUploadHeaders(w, st)
	status := http.StatusOK
	if st.Complete {
		status = http.StatusCreated
	}
	writeJSON(w, status, BlobStatus{Offset: st.Offset, Length: st.Length, Complete: st.Complete})
}

func (h *Handler) blobGet(w http.ResponseWriter, r *http.Request, p Principal) {
	b, err := h.svc.ReadBlob(r.Context(), p, r.PathValue("sha"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", b.Mime)
	w.Header().Set("Content-Length", strconv.FormatInt(b.Size, 10))
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Data)
}
