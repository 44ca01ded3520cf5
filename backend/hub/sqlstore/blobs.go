package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/hub"
)

// UploadState tells how much of the blob the device has uploaded.
func (d *DB) UploadState(ctx context.Context, sha, device string) (hub.UploadState, error) {
	var st hub.UploadState
	err := d.r.QueryRowContext(ctx, d.q(`SELECT length, received FROM hub_uploads WHERE sha256 = $1 AND device_id = $2`), sha, device).Scan(&st.Length, &st.Offset)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return hub.UploadState{}, fmt.Errorf("upload state: %w", err)
	}
	return st, nil
}

// ErrOffset is returned by AppendUpload when the offset is not the current size.
var ErrOffset = fieldbook.Errorf(fieldbook.ECONFLICT,
	"上传位置与服务器已收到的字节数不符，请先查询已上传的大小再继续。",
	"Upload-Offset does not match the bytes the hub holds; ask for the current offset (HEAD) and resume from there.")

// AppendUpload adds a chunk to the device's upload. The conditional UPDATE
// of received serialises concurrent appends of one device to one blob.
func (d *DB) AppendUpload(ctx context.Context, sha, device string, length, offset int64, data []byte, now time.Time) (int64, error) {
	var received int64
	err := d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_uploads (sha256, device_id, length, received, created_at) VALUES ($1, $2, $3, 0, $4)
			ON CONFLICT (sha256, device_id) DO NOTHING`), sha, device, length, fmtTime(now)); err != nil {
			return err
		}
		var declared int64
		err := tx.QueryRowContext(ctx, d.q(`UPDATE hub_uploads SET received = received + $4 WHERE sha256 = $1 AND device_id = $2 AND received = $3 RETURNING received, length`),
			sha, device, offset, int64(len(data))).Scan(&received, &declared)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrOffset
		}
		if err != nil {
			return err
		}
		if declared != length {
			return fieldbook.Errorf(fieldbook.EINVALID, "Upload-Length 与之前声明的文件大小不同。", "Upload-Length differs from the size declared before.")
		}
		if len(data) == 0 {
			return nil
		}
		_, err = tx.ExecContext(ctx, d.q(`INSERT INTO hub_upload_chunks (sha256, device_id, off, data) VALUES ($1, $2, $3, $4)`), sha, device, offset, data)
		return err
	})
	if err != nil {
		if fieldbook.ErrorCode(err) != fieldbook.EINTERNAL {
			return 0, err
		}
		return 0, fmt.Errorf("append upload: %w", err)
	}
	return received, nil
}

// UploadData returns the bytes of the device's upload received so far.
func (d *DB) UploadData(ctx context.Context, sha, device string) ([]byte, error) {
	rows, err := d.r.QueryContext(ctx, d.q(`SELECT data FROM hub_upload_chunks WHERE sha256 = $1 AND device_id = $2 ORDER BY off`), sha, device)
	if err != nil {
		return nil, fmt.Errorf("upload data: %w", err)
	}
	defer rows.Close()
	var all []byte
	for rows.Next() {
		var chunk sql.RawBytes
		if err := rows.Scan(&chunk); err != nil {
			return nil, fmt.Errorf("upload data: %w", err)
		}
		all = append(all, chunk...)
	}
	return all, rows.Err()
}

// CommitBlob stores the verified blob once, makes the user its owner and
// drops the device's upload.
func (d *DB) CommitBlob(ctx context.Context, b hub.Blob, centre, user, device string) error {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_blobs (sha256, mime, size, data, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (sha256) DO NOTHING`), b.SHA256, b.Mime, b.Size, b.Data, fmtTime(b.CreatedAt)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_blob_owners (sha256, centre, user_name, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (sha256, centre, user_name) DO NOTHING`), b.SHA256, centre, user, fmtTime(b.CreatedAt)); err != nil {
			return err
		}
		return d.discard(ctx, tx, b.SHA256, device)
	})
	if err != nil {
		return fmt.Errorf("commit blob: %w", err)
	}
	return nil
}

func (d *DB) discard(ctx context.Context, tx *sql.Tx, sha, device string) error {
	if _, err := tx.ExecContext(ctx, d.q(`DELETE FROM hub_upload_chunks WHERE sha256 = $1 AND device_id = $2`), sha, device); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, d.q(`DELETE FROM hub_uploads WHERE sha256 = $1 AND device_id = $2`), sha, device)
	return err
}

// DiscardUpload forgets the device's upload and its bytes.
func (d *DB) DiscardUpload(ctx context.Context, sha, device string) error {
	if err := d.tx(ctx, func(tx *sql.Tx) error { return d.discard(ctx, tx, sha, device) }); err != nil {
		return fmt.Errorf("discard upload: %w", err)
	}
	return nil
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (d *DB) blobOwned(ctx context.Context, q queryRower, centre, user, sha string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, d.q(`SELECT count(*) FROM hub_blob_owners WHERE sha256 = $1 AND centre = $2 AND user_name = $3`), sha, centre, user).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("blob owner: %w", err)
	}
	return n > 0, nil
}

// BlobOwned reports whether the user of centre uploaded the blob.
func (d *DB) BlobOwned(ctx context.Context, centre, user, sha string) (bool, error) {
	return d.blobOwned(ctx, d.r, centre, user, sha)
}

// BlobSize is the size of a stored blob.
func (d *DB) BlobSize(ctx context.Context, sha string) (int64, bool, error) {
	var size int64
	err := d.r.QueryRowContext(ctx, d.q(`SELECT size FROM hub_blobs WHERE sha256 = $1`), sha).Scan(&size)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("blob size: %w", err)
	}
	return size, true, nil
}

// Blob returns a stored blob.
func (d *DB) Blob(ctx context.Context, sha string) (hub.Blob, error) {
	b := hub.Blob{SHA256: sha}
	var created string
	err := d.r.QueryRowContext(ctx, d.q(`SELECT mime, size, data, created_at FROM hub_blobs WHERE sha256 = $1`), sha).Scan(&b.Mime, &b.Size, &b.Data, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return hub.Blob{}, fieldbook.Errorf(fieldbook.ENOTFOUND, "找不到该文件。", "The file does not exist.")
	}
	if err != nil {
		return hub.Blob{}, fmt.Errorf("get blob: %w", err)
	}
	b.CreatedAt = parseTime(created)
	return b, nil
}
