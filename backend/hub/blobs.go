package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sync"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/protocol"
)

// Blobs are content-addressed and stored once, but they belong to whom
// uploaded them: a blob is readable by the user who uploaded it (any of
// their devices) and through a readable row of the centre that references
// it, and a row may reference only a blob its user uploaded (one who reads
// it through a row sends its bytes again, as HEAD tells them to). Naming a
// hash unlocks nothing. An upload in progress belongs to its device.

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// blobMimes are the kinds of file the hub keeps.
var blobMimes = map[string]bool{"image/png": true, "image/jpeg": true, "application/pdf": true}

func checkSHA(sha string) error {
	if !shaPattern.MatchString(sha) {
		return fieldbook.Errorf(fieldbook.EINVALID, "文件标识必须是 64 位小写十六进制 SHA-256。", "A blob is named by its SHA-256 in 64 lower-case hex digits.")
	}
	return nil
}

// checkBlob lets a row reference only a blob its user uploaded (a
// reference the row already had stays).
func checkBlob(c *change) (*fieldbook.Error, error) {
	if c.t.BlobField == "" || !slices.Contains(c.changed, c.t.BlobField) {
		return nil, nil
	}
	sha := textField(c.merged, c.t.BlobField)
	if sha == "" {
		return nil, nil
	}
	if err := checkSHA(sha); err != nil {
		return fieldbook.Errorf(fieldbook.EINVALID, "文件标识必须是 64 位小写十六进制 SHA-256。", "A blob is named by its SHA-256 in 64 lower-case hex digits."), nil
	}
	owned, err := c.tx.BlobOwned(c.ctx, c.p.User.Name, sha)
	if err != nil || owned {
		return nil, err
	}
	return fieldbook.Errorf(fieldbook.ENOTFOUND,
		"记录引用的文件没有由您上传到同步服务器，请先上传文件。",
		"The record references a file you have not uploaded to the hub; upload the file first."), nil
}

// BlobState is what HEAD /v1/blobs/{sha} answers. Its status is GET's:
// size is the blob's when p may read it, else 0. Its upload headers are st,
// what p's user holds of the blob: all of it when they uploaded it (from any
// of their devices), else what p's device has uploaded so far. A reader who
// did not upload the blob is told to send it, since a row of theirs may
// reference it only then (checkBlob).
func (s *Service) BlobState(ctx context.Context, p Principal, sha string) (st UploadState, size int64, err error) {
	if err := checkSHA(sha); err != nil {
		return UploadState{}, 0, err
	}
	owned, err := s.Store.BlobOwned(ctx, p.User.Centre, p.User.Name, sha)
	if err != nil {
		return UploadState{}, 0, err
	}
	readable := owned
	if !owned {
		if readable, err = s.readsThroughRow(ctx, p, sha); err != nil {
			return UploadState{}, 0, err
		}
	}
	if readable {
		stored := false
		if size, stored, err = s.Store.BlobSize(ctx, sha); err != nil {
			return UploadState{}, 0, err
		}
		if owned && stored {
			return UploadState{Length: size, Offset: size}, size, nil
		}
	}
	st, err = s.Store.UploadState(ctx, sha, p.Device.ID)
	return st, size, err
}

// AppendBlob stores data at offset of p's device's upload of sha (declared
// length bytes). When the upload is complete it is verified: kept if its
// SHA-256 is sha and it is a PNG, JPEG or PDF, discarded otherwise; then p's
// user owns the blob. A blob the user owns already is complete at once.
func (s *Service) AppendBlob(ctx context.Context, p Principal, sha string, length, offset int64, data []byte) (UploadState, bool, error) {
	if err := checkSHA(sha); err != nil {
		return UploadState{}, false, err
	}
	if length <= 0 || length > protocol.MaxBlobSize {
		return UploadState{}, false, fieldbook.Errorf(protocol.ETOOLARGE,
			fmt.Sprintf("文件大小必须在 1 字节到 %d MB 之间。", protocol.MaxBlobSize>>20),
			fmt.Sprintf("A file must be between 1 byte and %d MB.", protocol.MaxBlobSize>>20))
	}
	if offset+int64(len(data)) > length {
		return UploadState{}, false, fieldbook.Errorf(fieldbook.EINVALID, "上传的数据超过了声明的文件大小。", "The upload is longer than its declared Upload-Length.")
	}
	defer s.uploads.lock(p.Device.ID + "/" + sha)()
	if owned, err := s.Store.BlobOwned(ctx, p.User.Centre, p.User.Name, sha); err != nil || owned {
		return UploadState{Length: length, Offset: length}, owned, err
	}
	var st UploadState
	var err error
	if len(data) > 0 || offset == 0 {
		if st.Offset, err = s.Store.AppendUpload(ctx, sha, p.Device.ID, length, offset, data, s.Now().UTC()); err != nil {
			return UploadState{}, false, err
		}
	} else if st, err = s.Store.UploadState(ctx, sha, p.Device.ID); err != nil {
		return UploadState{}, false, err
	}
	st.Length = length
	if st.Offset < length {
		return st, false, nil
	}
	all, err := s.Store.UploadData(ctx, sha, p.Device.ID)
	if err != nil {
		return UploadState{}, false, err
	}
	sum := sha256.Sum256(all)
	mime := http.DetectContentType(all)
	if i := bytes.IndexByte([]byte(mime), ';'); i >= 0 {
		mime = mime[:i]
	}
	var refused error
	switch {
	case hex.EncodeToString(sum[:]) != sha:
		refused = fieldbook.Errorf(fieldbook.EINVALID,
			"上传的文件与其 SHA-256 不符，已丢弃，请重新上传。",
			"The uploaded file does not match its SHA-256; it was discarded. Upload it again.")
	case !blobMimes[mime]:
		refused = fieldbook.Errorf(fieldbook.EINVALID,
			"只接受 PNG、JPEG 或 PDF 文件，已丢弃。", "Only PNG, JPEG or PDF files are accepted; the upload was discarded.")
	}
	if refused != nil {
		if err := s.Store.DiscardUpload(ctx, sha, p.Device.ID); err != nil {
			return UploadState{}, false, err
		}
		return UploadState{}, false, refused
	}
	b := Blob{SHA256: sha, Mime: mime, Size: length, Data: all, CreatedAt: s.Now().UTC()}
	if err := s.Store.CommitBlob(ctx, b, p.User.Centre, p.User.Name, p.Device.ID); err != nil {
		return UploadState{}, false, err
	}
	s.Log.Info("blob stored", "sha256", sha, "size", length, "mime", mime, "device", p.Device.ID)
	return UploadState{Length: length, Offset: length}, true, nil
}

// uploadLocks serialises the appends of one device to one blob: a PUT sent
// twice at once (a retry racing its original) then finds the blob complete
// after the first, rather than sometimes complete and sometimes an offset
// moved under it (409) depending on which got there first.
type uploadLocks struct {
	mu   sync.Mutex
	held map[string]*uploadLock
}

type uploadLock struct {
	sync.Mutex
	waiters int
}

// lock locks key and returns its unlock.
func (l *uploadLocks) lock(key string) func() {
	l.mu.Lock()
	if l.held == nil {
		l.held = map[string]*uploadLock{}
	}
	k := l.held[key]
	if k == nil {
		k = &uploadLock{}
		l.held[key] = k
	}
	k.waiters++
	l.mu.Unlock()
	k.Lock()
	return func() {
		k.Unlock()
		l.mu.Lock()
		if k.waiters--; k.waiters == 0 {
			delete(l.held, key)
		}
		l.mu.Unlock()
	}
}

// ErrBlobNotReadable hides whether a blob exists from a device that may not read it.
var ErrBlobNotReadable = fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该文件，或您无权查看。", "The file does not exist or you may not read it.")

// mayRead reports whether p's user uploaded the blob or may read a live row
// of the centre that references it.
func (s *Service) mayRead(ctx context.Context, p Principal, sha string) (bool, error) {
	owned, err := s.Store.BlobOwned(ctx, p.User.Centre, p.User.Name, sha)
	if err != nil || owned {
		return owned, err
	}
	return s.readsThroughRow(ctx, p, sha)
}

// readsThroughRow reports whether p may read a live row of the centre that
// references the blob.
func (s *Service) readsThroughRow(ctx context.Context, p Principal, sha string) (bool, error) {
	rows, err := s.Store.BlobRows(ctx, p.User.Centre, sha)
	if err != nil {
		return false, fmt.Errorf("read blob: %w", err)
	}
	for _, r := range rows {
		if !r.Deleted && CanRead(p.User, &r.Row, r.Job) {
			return true, nil
		}
	}
	return false, nil
}

// ReadBlob returns the blob if p may read it.
func (s *Service) ReadBlob(ctx context.Context, p Principal, sha string) (Blob, error) {
	if err := checkSHA(sha); err != nil {
		return Blob{}, err
	}
	ok, err := s.mayRead(ctx, p, sha)
	if err != nil {
		return Blob{}, err
	}
	if !ok {
		return Blob{}, ErrBlobNotReadable
	}
	b, err := s.Store.Blob(ctx, sha)
	if fieldbook.ErrorCode(err) == fieldbook.ENOTFOUND {
		return Blob{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "文件尚未上传到同步服务器。", "The file has not been uploaded to the hub yet.")
	}
	return b, err
}
