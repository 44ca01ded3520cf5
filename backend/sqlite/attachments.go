package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/image/draw"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// Limits on attached photos and scans.
const (
	MaxAttachmentBytes = 20 << 20
	thumbSide          = 320 // longest side of a thumbnail, in pixels
)

// attachmentTypes are the accepted kinds of file, by sniffed content type.
var attachmentTypes = []string{"image/jpeg", "image/png", "application/pdf"}

func badAttachment(zh, en string) error {
	var v fieldbook.Validation
	v.Add("file", zh, en)
	return v.Err()
}

// AddAttachment keeps a photo or scan with a job: the original bytes as they
// came (content-addressed by SHA-256), a JPEG thumbnail for images, and a
// row. For a checklist item, the photo is added to the item's answer in the
// same transaction.
func (d *DB) AddAttachment(ctx context.Context, in fieldbook.AttachmentInput) (fieldbook.Attachment, error) {
	header, payload, ok := strings.Cut(in.DataURL, ",")
	if !ok || !strings.HasPrefix(header, "data:") || !strings.HasSuffix(header, ";base64") {
		return fieldbook.Attachment{}, badAttachment("无法读取文件。", "The file could not be read.")
	}
	if base64.StdEncoding.DecodedLen(len(payload)) > MaxAttachmentBytes+3 {
		return fieldbook.Attachment{}, badAttachment(
			fmt.Sprintf("文件“%s”过大：最大 %d MB。", in.Name, MaxAttachmentBytes>>20),
			fmt.Sprintf("The file “%s” is too large: at most %d MB.", in.Name, MaxAttachmentBytes>>20))
	}
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		return fieldbook.Attachment{}, badAttachment("文件已损坏。", "The file is damaged.")
	}
	if len(data) > MaxAttachmentBytes {
		return fieldbook.Attachment{}, badAttachment(
			fmt.Sprintf("文件“%s”过大：最大 %d MB。", in.Name, MaxAttachmentBytes>>20),
			fmt.Sprintf("The file “%s” is too large: at most %d MB.", in.Name, MaxAttachmentBytes>>20))
	}
	mime := http.DetectContentType(data)
	if !slices.Contains(attachmentTypes, mime) {
		return fieldbook.Attachment{}, badAttachment(
			fmt.Sprintf("不支持文件“%s”的类型：请用 JPEG、PNG 照片或 PDF 扫描件。", in.Name),
			fmt.Sprintf("The type of “%s” is not supported: use a JPEG or PNG photo or a PDF scan.", in.Name))
	}
	var thumb []byte
	if mime != "application/pdf" {
		if thumb, err = thumbnail(data); err != nil {
			return fieldbook.Attachment{}, badAttachment(
				fmt.Sprintf("照片“%s”无法打开，可能已损坏。", in.Name), fmt.Sprintf("The photo “%s” cannot be opened; it may be damaged.", in.Name))
		}
	}
	a := fieldbook.Attachment{JobID: in.JobID, ChecklistID: in.ChecklistID, ItemKey: in.ItemKey,
		Name: filepath.Base(strings.TrimSpace(in.Name)), MIME: mime, Size: int64(len(data))}
	err = d.tx(ctx, func(tx *sql.Tx) error {
		if _, err := jobByID(ctx, tx, in.JobID); err != nil {
			return err
		}
		if err := editableJob(ctx, tx, in.JobID); err != nil {
			return err
		}
		now := d.Now()
		if a.SHA256, err = d.putBlob(ctx, tx, mime, data, now); err != nil {
			return err
		}
		var thumbSHA any
		if thumb != nil {
			if thumbSHA, err = d.putBlob(ctx, tx, "image/jpeg", thumb, now); err != nil {
				return err
			}
		}
		if in.ChecklistID != "" {
			if err := d.attachToItem(ctx, tx, in, a.SHA256); err != nil {
				return err
			}
		}
		m := d.newMeta(now)
		a.ID, a.CreatedAt = m.ID, now
		_, err := tx.ExecContext(ctx, `INSERT INTO attachments (id, job_id, checklist_id, item_key, name, mime, size, sha256, thumb_sha256,
			created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.JobID, nullIfEmpty(a.ChecklistID), a.ItemKey, a.Name, a.MIME, a.Size, a.SHA256, thumbSHA, ts(now), ts(now), d.deviceID)
		return err
	})
	if err != nil {
		return fieldbook.Attachment{}, err
	}
	if thumb != nil {
		a.ThumbDataURL = "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(thumb)
	}
	return a, nil
}

// attachToItem adds a photo to a checklist item's answer.
func (d *DB) attachToItem(ctx context.Context, tx *sql.Tx, in fieldbook.AttachmentInput, sha string) error {
	c, err := checklistByID(ctx, tx, in.ChecklistID)
	if err != nil {
		return err
	}
	if c.JobID != in.JobID {
		return badAttachment("检查单不属于该工单。", "The checklist belongs to another job.")
	}
	if c.Signed {
		return errChecklistSigned
	}
	t, err := template(ctx, tx, c.TemplateKey, c.TemplateVersion)
	if err != nil {
		return err
	}
	if _, _, ok := t.Item(in.ItemKey); !ok {
		return badAttachment("模板中没有这个检查项。", "The template has no such item.")
	}
	if c.Answers == nil {
		c.Answers = map[string]jobtype.Answer{}
	}
	ans := c.Answers[in.ItemKey]
	if !slices.Contains(ans.PhotoSHA256, sha) {
		ans.PhotoSHA256 = append(ans.PhotoSHA256, sha)
	}
	c.Answers[in.ItemKey] = ans
	_, err = tx.ExecContext(ctx, `UPDATE checklists SET answers = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
		mustJSON(c.Answers), ts(d.Now()), d.deviceID, c.ID)
	return err
}

// thumbnail scales an image so its longest side is at most thumbSide and
// encodes it as JPEG.
// thumbnailPulled makes the thumbnail of a pulled photo from its original
// (downloaded before the row is applied), unless it has one.
func (d *DB) thumbnailPulled(ctx context.Context, tx *sql.Tx, id string) error {
	var mime string
	var data []byte
	err := tx.QueryRowContext(ctx, `SELECT a.mime, b.data FROM attachments a JOIN blobs b ON b.sha256 = a.sha256
		WHERE a.id = ? AND a.thumb_sha256 IS NULL AND a.mime <> 'application/pdf'`, id).Scan(&mime, &data)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	thumb, err := thumbnail(data)
	if err != nil {
		return nil // an original no decoder reads: shown without a thumbnail
	}
	now := d.Now()
	sha, err := d.putBlob(ctx, tx, "image/jpeg", thumb, now)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE attachments SET thumb_sha256 = ? WHERE id = ?`, sha, id)
	return err
}

func thumbnail(data []byte) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return nil, fmt.Errorf("empty image")
	}
	scale := min(1, float64(thumbSide)/float64(max(w, h)))
	tw, th := max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src) // PNG transparency on white
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func attachmentsWhere(ctx context.Context, q querier, where string, args ...any) ([]fieldbook.Attachment, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.job_id, coalesce(a.checklist_id, ''), a.item_key, a.name, a.mime, a.size, a.sha256,
		a.created_at, t.data FROM attachments a LEFT JOIN blobs t ON t.sha256 = a.thumb_sha256
		WHERE a.deleted = 0 AND a.`+where+` ORDER BY a.created_at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fieldbook.Attachment{}
	for rows.Next() {
		var a fieldbook.Attachment
		var thumb []byte
		if err := rows.Scan(&a.ID, &a.JobID, &a.ChecklistID, &a.ItemKey, &a.Name, &a.MIME, &a.Size, &a.SHA256, scanTime(&a.CreatedAt), &thumb); err != nil {
			return nil, err
		}
		if thumb != nil {
			a.ThumbDataURL = "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(thumb)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachments lists the photos and scans of a job.
func (d *DB) Attachments(ctx context.Context, jobID string) ([]fieldbook.Attachment, error) {
	return attachmentsWhere(ctx, d.rdb, `job_id = ?`, jobID)
}
