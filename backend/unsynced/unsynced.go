// Package unsynced is the file of a laptop's work not yet on the hub: every
// row with changes not pushed, whole, and the blobs they reference
// (signature images, photos, scanned documents), in one zip with a
// checksum. Another laptop of the same hub and centre imports it as its
// own unsynced work, so its next sync pushes it (a laptop that cannot
// reach the hub, or will not start again, hands its work over).
//
// The zip holds manifest.json (format, origin, counts, the SHA-256 of
// rows.json), rows.json and blobs/<sha256>.
package unsynced

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/sqlite"
)

// Format names this file's layout.
const Format = "fieldbook.unsynced-work.v1"

// Origin is the hub and the user a laptop works for.
type Origin struct {
	HubURL   string `json:"hub_url"`
	HubID    string `json:"hub_id"` // "" before the laptop's first sync with a hub that has one
	Centre   string `json:"centre"`
	User     string `json:"user"`
	DeviceID string `json:"device_id"`
}

// Manifest describes a file.
type Manifest struct {
	Format     string      `json:"format"`
	CreatedAt  time.Time   `json:"created_at"`
	Origin     Origin      `json:"origin"`
	Rows       int         `json:"rows"`
	RowsSHA256 string      `json:"rows_sha256"`
	Blobs      []BlobEntry `json:"blobs"`
}

// BlobEntry is a blob in the file.
type BlobEntry struct {
	SHA256 string `json:"sha256"`
	Mime   string `json:"mime"`
	Size   int    `json:"size"`
}

// MaxFile bounds a file read for import.
const MaxFile = 1 << 30

// Export writes the store's unsynced work as a file.
func Export(ctx context.Context, db *sqlite.DB, origin Origin, now time.Time) ([]byte, Manifest, error) {
	rows, err := db.UnsyncedRows(ctx)
	if err != nil {
		return nil, Manifest{}, err
	}
	body, err := json.Marshal(rows)
	if err != nil {
		return nil, Manifest{}, err
	}
	sum := sha256.Sum256(body)
	m := Manifest{Format: Format, CreatedAt: now.UTC(), Origin: origin, Rows: len(rows), RowsSHA256: hex.EncodeToString(sum[:])}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var blobs [][]byte
	for _, sha := range sqlite.UnsyncedBlobs(rows) {
		data, mime, err := db.Blob(ctx, sha)
		if err != nil {
			return nil, Manifest{}, fmt.Errorf("blob %s: %w", sha, err)
		}
		m.Blobs = append(m.Blobs, BlobEntry{SHA256: sha, Mime: mime, Size: len(data)})
		blobs = append(blobs, data)
	}
	manifest, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, Manifest{}, err
	}
	put := func(name string, data []byte, method uint16) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: now})
		if err == nil {
			_, err = w.Write(data)
		}
		return err
	}
	if err := put("manifest.json", manifest, zip.Deflate); err != nil {
		return nil, Manifest{}, err
	}
	if err := put("rows.json", body, zip.Deflate); err != nil {
		return nil, Manifest{}, err
	}
	for i, b := range m.Blobs {
		if err := put("blobs/"+b.SHA256, blobs[i], zip.Store); err != nil {
			return nil, Manifest{}, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, Manifest{}, err
	}
	return buf.Bytes(), m, nil
}

func refuse(zh, en string) error {
	return fieldbook.Errorf(fieldbook.EINVALID, zh, en)
}

// Read opens a file and checks it: its format, the rows' checksum, and
// that each blob hashes to its name.
func Read(data []byte) (Manifest, []sqlite.UnsyncedRow, map[string][]byte, error) {
	var m Manifest
	bad := refuse("这不是有效的未同步工作文件（文件损坏或格式不符）。", "This is not a valid file of unsynced work (damaged, or another kind of file).")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return m, nil, nil, bad
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	read := func(name string) ([]byte, error) {
		f, ok := files[name]
		if !ok {
			return nil, bad
		}
		rc, err := f.Open()
		if err != nil {
			return nil, bad
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, MaxFile))
		if err != nil {
			return nil, bad // includes a CRC mismatch
		}
		return b, nil
	}
	raw, err := read("manifest.json")
	if err != nil || json.Unmarshal(raw, &m) != nil || m.Format != Format {
		return m, nil, nil, bad
	}
	body, err := read("rows.json")
	if err != nil {
		return m, nil, nil, err
	}
	if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != m.RowsSHA256 {
		return m, nil, nil, refuse("文件校验失败：记录内容与校验和不符，文件已损坏。", "The file fails its checksum: the records do not match it; the file is damaged.")
	}
	var rows []sqlite.UnsyncedRow
	if err := json.Unmarshal(body, &rows); err != nil || len(rows) != m.Rows {
		return m, nil, nil, bad
	}
	blobs := map[string][]byte{}
	for _, b := range m.Blobs {
		data, err := read("blobs/" + b.SHA256)
		if err != nil {
			return m, nil, nil, err
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != b.SHA256 {
			return m, nil, nil, refuse("文件校验失败：附件内容与校验和不符，文件已损坏。", "The file fails its checksum: an attachment does not match it; the file is damaged.")
		}
		blobs[b.SHA256] = data
	}
	return m, rows, blobs, nil
}

// Import checks a file and applies it to db as db's own unsynced work
// (sqlite.ImportUnsynced), blobs first. A file of another hub or centre
// than here is refused, and so is any file when here has no hub.
func Import(ctx context.Context, db *sqlite.DB, data []byte, here Origin) (sqlite.ImportReport, error) {
	m, rows, blobs, err := Read(data)
	if err != nil {
		return sqlite.ImportReport{}, err
	}
	if here.HubURL == "" {
		return sqlite.ImportReport{}, refuse("本设备还没有连接服务器：请先在设置中连接文件来源的服务器，再导入。",
			"This computer is not connected to a hub yet: connect it to the file's hub in Settings first, then import.")
	}
	from := m.Origin
	sameHub := from.HubID != "" && here.HubID != "" && from.HubID == here.HubID ||
		(from.HubID == "" || here.HubID == "") && sameURL(from.HubURL, here.HubURL)
	if !sameHub || from.Centre != here.Centre {
		return sqlite.ImportReport{}, refuse(
			fmt.Sprintf("这个文件来自另一个服务器或服务中心（%s，%s），本设备连接的是 %s，%s：不能导入。", from.HubURL, from.Centre, here.HubURL, here.Centre),
			fmt.Sprintf("This file comes from another hub or service centre (%s, %s); this computer works for %s, %s: it cannot be imported.", from.HubURL, from.Centre, here.HubURL, here.Centre))
	}
	for _, b := range m.Blobs {
		if ok, err := db.HasBlob(ctx, b.SHA256); err != nil {
			return sqlite.ImportReport{}, err
		} else if !ok {
			if err := db.PutBlob(ctx, b.SHA256, b.Mime, blobs[b.SHA256]); err != nil {
				return sqlite.ImportReport{}, err
			}
		}
	}
	return db.ImportUnsynced(ctx, rows)
}

func sameURL(a, b string) bool {
	norm := func(s string) string { return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "/") }
	return norm(a) == norm(b)
}
