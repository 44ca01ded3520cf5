package hub

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"

	"fieldbook/backend/fieldbook"
)

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// blobMimes are the kinds of file the hub keeps.
var blobMimes = map[string]bool{"image/png": true, "image/jpeg": true, "application/pdf": true}

func checkSHA(sha string) error {
	if !shaPattern.MatchString(sha) {
		return fieldbook.Errorf(fieldbook.EINVALID, "文件标识必须是 64 位小写十六进制 SHA-256。", "A blob is named by its SHA-256 in 64 lower-case hex digits.")
	}
	return nil
}

// BlobState tells how much of the blob sha the hub holds.
func (s *Service) BlobState(ctx context.Context, sha string) (UploadState, error) {
	if err := checkSHA(sha); err != nil {
		return UploadState{}, err
	}
	return s.Store.UploadState(ctx, sha)
}

// AppendBlob stores data at offset of the upload of sha (declared length
// bytes). When the upload is complete it is verified: kept if its SHA-256 is
// sha and it is a PNG, JPEG or PDF, discarded otherwise.
func (s *Service) AppendBlob(ctx context.Context, sha string, length, offset int64, data []byte) (UploadState, error) {
	if err := checkSHA(sha); err != nil {
		return UploadState{}, err
	}
	if length <= 0 || length > MaxBlobSize {
		return UploadState{}, fieldbook.Errorf(ETOOLARGE,
			fmt.Sprintf("文件大小必须在 1 字节到 %d MB 之间。", MaxBlobSize>>20),
			fmt.Sprintf("A file must be between 1 byte and %d MB.", MaxBlobSize>>20))
	}
	if offset+int64(len(data)) > length {
		return UploadState{}, fieldbook.Errorf(fieldbook.EINVALID, "上传的数据超过了声明的文件大小。", "The upload is longer than its declared Upload-Length.")
	}
	st, err := s.Store.UploadState(ctx, sha)
	if err != nil {
		return UploadState{}, err
	}
	if st.Complete {
		return st, nil
	}
	if len(data) > 0 || offset == 0 {
		if st.Offset, err = s.Store.AppendUpload(ctx, sha, length, offset, data, s.Now().UTC()); err != nil {
			return UploadState{}, err
		}
	}
	st.Length = length
	if st.Offset < length {
		return st, nil
	}
	all, err := s.Store.UploadData(ctx, sha)
	if err != nil {
		return UploadState{}, err
	}
	sum := sha256.Sum256(all)
	mime := http.DetectContentType(all)
	if i := bytes.IndexByte([]byte(mime), ';'); i >= 0 {
		mime = mime[:i]
	}
	switch {
	case hex.EncodeToString(sum[:]) != sha:
		if err := s.Store.DiscardUpload(ctx, sha); err != nil {
			return UploadState{}, err
		}
		return UploadState{}, fieldbook.Errorf(fieldbook.EINVALID,
			"上传的文件与其 SHA-256 不符，已丢弃，请重新上传。",
			"The uploaded file does not match its SHA-256; it was discarded. Upload it again.")
	case !blobMimes[mime]:
		if err := s.Store.DiscardUpload(ctx, sha); err != nil {
			return UploadState{}, err
		}
		return UploadState{}, fieldbook.Errorf(fieldbook.EINVALID,
			"只接受 PNG、JPEG 或 PDF 文件，已丢弃。", "Only PNG, JPEG or PDF files are accepted; the upload was discarded.")
	}
	if err := s.Store.CommitBlob(ctx, Blob{SHA256: sha, Mime: mime, Size: length, Data: all, CreatedAt: s.Now().UTC()}); err != nil {
		return UploadState{}, err
	}
	s.Log.Info("blob stored", "sha256", sha, "size", length, "mime", mime)
	return UploadState{Length: length, Offset: length, Complete: true}, nil
}

// ErrBlobNotReadable hides whether a blob exists from a device that may not read it.
var ErrBlobNotReadable = fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该文件，或您无权查看。", "The file does not exist or you may not read it.")

// ReadBlob returns the blob if a row that p may read references it.
func (s *Service) ReadBlob(ctx context.Context, p Principal, sha string) (Blob, error) {
	if err := checkSHA(sha); err != nil {
		return Blob{}, err
	}
	rows, err := s.Store.BlobRows(ctx, p.User.Centre, sha)
	if err != nil {
		return Blob{}, fmt.Errorf("read blob: %w", err)
	}
	readable := false
	for _, r := range rows {
		if !r.Deleted && CanRead(p.User, &r.Row, r.Job) {
			readable = true
			break
		}
	}
	if !readable {
		return Blob{}, ErrBlobNotReadable
	}
	b, err := s.Store.Blob(ctx, sha)
	if fieldbook.ErrorCode(err) == fieldbook.ENOTFOUND {
		return Blob{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "文件尚未上传到同步服务器。", "The file has not been uploaded to the hub yet.")
	}
	return b, err
}
