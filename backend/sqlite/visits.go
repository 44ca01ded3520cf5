package sqlite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg" // stamp photos
	_ "image/png"  // signature pads
	"os"
	"path/filepath"
	"strings"
	"time"

	"fieldbook/backend/fieldbook"
)

// MaxImageBytes limits one signature image or stamp photo.
const MaxImageBytes = 4 << 20

var errSigned = fieldbook.Errorf(fieldbook.ECONFLICT,
	"该服务单已签字，内容不能再修改。如需更正，请创建修订版并重新签字。",
	"This service record is signed and can no longer change. To correct it, create an amendment and sign it again.")

var errSuperseded = fieldbook.Errorf(fieldbook.ECONFLICT,
	"该版本已有修订版，请在最新版本上操作。",
	"This revision has been amended; work on the latest revision.")

// visitRow is a visit as stored, with its lock state.
type visitRow struct {
	fieldbook.Visit
	signed bool
}

const visitCols = `id, job_id, revision, coalesce(supersedes, ''), status, content, signed,
	created_at, updated_at, updated_by, version, deleted`

func scanVisit(row interface{ Scan(...any) error }) (visitRow, error) {
	var r visitRow
	var content string
	var id, jobID, supersedes, status string
	var revision int
	var m fieldbook.Meta
	if err := row.Scan(&id, &jobID, &revision, &supersedes, &status, &content, &r.signed,
		scanTime(&m.CreatedAt), scanTime(&m.UpdatedAt), &m.UpdatedBy, &m.Version, &m.Deleted); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(content), &r.Visit); err != nil {
		return r, fmt.Errorf("visit %s content: %w", id, err)
	}
	m.ID = id
	r.Meta, r.JobID, r.Revision, r.Supersedes, r.Status = m, jobID, revision, supersedes, status
	return r, nil
}

// contentJSON is what the content column holds: the visit without the
// fields that have columns of their own, in canonical form (keys sorted),
// as the hub keeps it — which then takes it as it comes.
func contentJSON(v fieldbook.Visit) string {
	v.Meta, v.JobID, v.Revision, v.Supersedes, v.Status = fieldbook.Meta{}, "", 0, "", ""
	return canonicalJSON(v)
}

func visitByID(ctx context.Context, q querier, id string) (visitRow, error) {
	r, err := scanVisit(q.QueryRowContext(ctx, `SELECT `+visitCols+` FROM visits WHERE id = ?`, id))
	return r, noRows(err, "服务单", "visit", id)
}

func visitSummaries(ctx context.Context, q querier, jobID string) ([]fieldbook.VisitSummary, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+visitCols+` FROM visits WHERE job_id = ? AND deleted = 0 ORDER BY created_at, revision`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fieldbook.VisitSummary{}
	byID := map[string]fieldbook.Visit{}
	for rows.Next() {
		r, err := scanVisit(rows)
		if err != nil {
			return nil, err
		}
		byID[r.ID] = r.Visit
		out = append(out, fieldbook.VisitSummary{ID: r.ID, Revision: r.Revision, Supersedes: r.Supersedes, Status: r.Status,
			Signed: r.signed, TotalFen: r.Totals().TotalFen, UpdatedAt: r.UpdatedAt, AmendReason: r.AmendReason,
			Changes: []fieldbook.FieldChange{}})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	zone := zoneOf(ctx, q)
	for i, s := range out {
		if old, ok := byID[s.Supersedes]; ok {
			out[i].Changes = fieldbook.Changes(old, byID[s.ID], zone)
		}
	}
	return out, nil
}

// StartVisit returns the visit a technician should continue on the job: the
// latest revision that is not finished, or a new visit (revision 1) filled
// with the customer, the asset, its warranty on the day and its repair history.
func (d *DB) StartVisit(ctx context.Context, jobID string) (fieldbook.VisitView, error) {
	var id string
	err := d.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			SELECT v.id FROM visits v WHERE v.job_id = ? AND v.deleted = 0 AND v.status = 'draft'
				AND NOT EXISTS (SELECT 1 FROM visits n WHERE n.supersedes = v.id)
			ORDER BY v.created_at DESC LIMIT 1`, jobID).Scan(&id)
		if err == nil {
			return nil
		}
		if err != sql.ErrNoRows {
			return err
		}
		id, err = d.newVisit(ctx, tx, jobID)
		return err
	})
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return d.Visit(ctx, id)
}

func (d *DB) newVisit(ctx context.Context, tx *sql.Tx, jobID string) (string, error) {
	j, err := jobByID(ctx, tx, jobID)
	if err != nil {
		return "", err
	}
	if j.Status == fieldbook.JobFiled || j.Status == fieldbook.JobSubmitted {
		return "", fieldbook.Errorf(fieldbook.ECONFLICT, "工单已提交或归档，不能再新增服务单。", "The job is submitted or filed; no new visit can be added.")
	}
	c, err := customerByID(ctx, tx, j.CustomerID)
	if err != nil {
		return "", err
	}
	now := d.Now()
	zone := zoneOf(ctx, tx)
	centre, _, err := centreRow(ctx, tx)
	if err != nil {
		return "", err
	}
	regFormat := centre.RegistrationFormat
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM visits WHERE job_id = ? AND revision = 1`, jobID).Scan(&n); err != nil {
		return "", err
	}
	v := fieldbook.Visit{Meta: d.newMeta(now), JobID: jobID, Revision: 1, Status: fieldbook.VisitDraft,
		RegistrationNo: fieldbook.RegistrationNo(regFormat, j.Number, n+1), AppointmentAt: j.Appointment,
		Customer: fieldbook.CustomerSnapshot{Name: c.Name, Company: c.Company, Phone: firstOf(mustJSON(c.Phones)), Address: firstOf(mustJSON(c.Addresses))},
		Asset:    fieldbook.AssetSnapshot{Warranty: fieldbook.WarrantyUnknown}}
	if n == 0 {
		// What the customer reported when the job was opened is the first
		// visit's 故障现象 until the technician writes their own.
		v.FaultSymptoms = j.Summary
	}
	if j.AssetID != "" {
		a, err := assetByID(ctx, tx, j.AssetID)
		if err != nil {
			return "", err
		}
		v.Asset = fieldbook.AssetSnapshot{Kind: a.Kind, Model: a.Model, Serial: a.Serial, Plate: a.Plate,
			PurchaseDate: a.PurchaseDate, EquipmentClass: a.EquipmentClass,
			Warranty: a.WarrantyOn(now.In(zone).Format(time.DateOnly))}
		history, err := assetHistory(ctx, tx, a.ID, j.ID)
		if err != nil {
			return "", err
		}
		var lines []string
		for _, h := range history[:min(len(history), 5)] {
			lines = append(lines, strings.TrimSpace(fmt.Sprintf("%s %s：%s → %s", h.Date.In(zone).Format(time.DateOnly), h.JobNumber, h.FaultSymptoms, h.Result)))
		}
		v.RepairHistory = strings.Join(lines, "\n")
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO visits (id, job_id, revision, supersedes, status, content, signed, created_at, updated_at, updated_by, version)
		VALUES (?, ?, 1, NULL, 'draft', ?, 0, ?, ?, ?, 1)`,
		v.ID, jobID, contentJSON(v), ts(now), ts(now), d.deviceID); err != nil {
		return "", err
	}
	if err := d.setJobStatus(ctx, tx, jobID, fieldbook.JobInProgress, fieldbook.JobDraft, fieldbook.JobCompleted, fieldbook.JobReturned); err != nil {
		return "", err
	}
	return v.ID, d.reindexJobsWhere(ctx, tx, `id = ?`, jobID)
}

// setJobStatus moves the job to status if it is in one of from.
func (d *DB) setJobStatus(ctx context.Context, tx *sql.Tx, jobID, status string, from ...string) error {
	args := []any{status, ts(d.Now()), d.deviceID, jobID}
	marks := make([]string, len(from))
	for i, f := range from {
		marks[i] = "?"
		args = append(args, f)
	}
	_, err := tx.ExecContext(ctx, `UPDATE jobs SET status = ?, updated_at = ?, updated_by = ?, version = version + 1
		WHERE id = ? AND status IN (`+strings.Join(marks, ",")+`)`, args...)
	return err
}

// Visit returns a visit revision with everything its form shows.
func (d *DB) Visit(ctx context.Context, id string) (fieldbook.VisitView, error) {
	var view fieldbook.VisitView
	err := d.read(ctx, func(tx *sql.Tx) error {
		r, err := visitByID(ctx, tx, id)
		if err != nil {
			return err
		}
		view = fieldbook.VisitView{Visit: r.Visit, Totals: r.Totals(), Locked: r.signed, ContentHash: r.ContentHash(),
			Warranty: r.Asset.Warranty}
		if view.Job, err = jobByID(ctx, tx, r.JobID); err != nil {
			return err
		}
		t, err := serviceRules(ctx, tx, view.Job.JobType)
		if err != nil {
			return err
		}
		view.Issues, view.Roles = r.Issues(t), t.SignatureRoles
		if view.Signatures, err = signatures(ctx, tx, id, true); err != nil {
			return err
		}
		// A revision signed under an earlier scheme shows the hash its
		// signatures carry (the one its PDFs print), not the current scheme's.
		for _, s := range view.Signatures {
			if s.ContentHash != view.ContentHash && r.SignedWith(s.ContentHash) {
				view.ContentHash = s.ContentHash
				break
			}
		}
		var later int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM visits WHERE supersedes = ?`, id).Scan(&later); err != nil {
			return err
		}
		view.Latest = later == 0
		if view.Revisions, err = visitSummaries(ctx, tx, r.JobID); err != nil {
			return err
		}
		if view.Job.AssetID != "" {
			view.History, err = assetHistory(ctx, tx, view.Job.AssetID, view.Job.ID)
		}
		return err
	})
	return view, err
}

// SaveVisitDraft stores the form as typed (autosave), the whole content
// being the edit. See SaveVisitEdit.
func (d *DB) SaveVisitDraft(ctx context.Context, v fieldbook.Visit) (fieldbook.SaveResult, error) {
	return d.SaveVisitEdit(ctx, fieldbook.VisitEdit{Visit: v})
}

// SaveVisitEdit stores an autosave of the visit form. Drafts may be
// incomplete or wrong; a value over a draft's limits is refused on its field
// (SaveResult.Refused) while every other field is stored. Only the keys the
// form changed since its base are written: a key that also changed in the
// store since then (a sync brought another device's edit) keeps the store's
// value and is reported in SaveResult.Conflicts. A signed revision refuses
// every change.
func (d *DB) SaveVisitEdit(ctx context.Context, in fieldbook.VisitEdit) (fieldbook.SaveResult, error) {
	v := in.Visit
	v.Normalize()
	var res fieldbook.SaveResult
	err := d.tx(ctx, func(tx *sql.Tx) error {
		cur, err := visitByID(ctx, tx, v.ID)
		if err != nil {
			return err
		}
		if cur.signed {
			return errSigned
		}
		if err := editableJob(ctx, tx, cur.JobID); err != nil {
			return err
		}
		if in.Base != nil {
			base := *in.Base
			base.Normalize()
			if v, res.Conflicts, err = mergeEdit(cur.Visit, base, v); err != nil {
				return err
			}
		}
		res.Refused = v.KeepWithinLimits(cur.Visit)
		// Identity and snapshot-of-record fields are the store's, not the form's.
		v.Meta, v.JobID, v.Revision, v.Supersedes, v.Status = cur.Meta, cur.JobID, cur.Revision, cur.Supersedes, fieldbook.VisitDraft
		v.RegistrationNo = cur.RegistrationNo
		res.Version, res.UpdatedAt = cur.Version, cur.UpdatedAt
		if content := contentJSON(v); !sameVisitContent(v, cur.Visit) || cur.Status != fieldbook.VisitDraft {
			now := d.Now()
			if err := tx.QueryRowContext(ctx, `
				UPDATE visits SET content = ?, status = 'draft', updated_at = ?, updated_by = ?, version = version + 1
				WHERE id = ? RETURNING version`, content, ts(now), d.deviceID, v.ID).Scan(&res.Version); err != nil {
				return err
			}
			res.UpdatedAt = now
			v.Version, v.UpdatedAt, v.UpdatedBy = res.Version, now, d.deviceID
		}
		j, err := jobByID(ctx, tx, cur.JobID)
		if err != nil {
			return err
		}
		t, err := serviceRules(ctx, tx, j.JobType)
		if err != nil {
			return err
		}
		res.Totals, res.Issues, res.Visit = v.Totals(), v.Issues(t), &v
		if v.Asset != cur.Asset {
			if err := d.assetFromVisit(ctx, tx, j, v.Asset); err != nil {
				return err
			}
		}
		if cur.FaultSymptoms != v.FaultSymptoms {
			return d.reindexJobsWhere(ctx, tx, `id = ?`, cur.JobID)
		}
		return nil
	})
	if err != nil {
		return fieldbook.SaveResult{}, fmt.Errorf("save visit: %w", err)
	}
	return res, nil
}

// assetFromVisit carries what the form says of the job's asset to the asset
// itself, so its page, its history and a search by serial find the job: a
// value typed on the form (model, serial/VIN, plate, purchase date, class,
// kind) replaces the asset's; a blank one leaves it. A job without an asset
// gets one once a model or serial is typed: the customer's asset of that
// serial, else a new one. Values the asset cannot take (a VIN not 17
// characters long, a date that is none) wait on the form, where the visit's
// own check names them.
func (d *DB) assetFromVisit(ctx context.Context, tx *sql.Tx, j fieldbook.Job, s fieldbook.AssetSnapshot) error {
	model, serial := strings.TrimSpace(s.Model), strings.ToUpper(strings.TrimSpace(s.Serial))
	var a fieldbook.Asset
	switch {
	case j.AssetID != "":
		var err error
		if a, err = assetByID(ctx, tx, j.AssetID); err != nil {
			return err
		}
	case model == "" && serial == "":
		return nil
	default:
		a = fieldbook.Asset{CustomerID: j.CustomerID, Kind: fieldbook.AssetProduct}
		if serial != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM assets WHERE customer_id = ? AND serial = ? AND deleted = 0
				ORDER BY created_at LIMIT 1`, j.CustomerID, serial).Scan(&a.ID)
			if err != nil && err != sql.ErrNoRows {
				return err
			}
			if a.ID != "" {
				if a, err = assetByID(ctx, tx, a.ID); err != nil {
					return err
				}
			}
		}
	}
	next := a
	for _, f := range []struct {
		to   *string
		from string
	}{{&next.Kind, s.Kind}, {&next.Model, model}, {&next.Serial, serial}, {&next.Plate, strings.ToUpper(strings.TrimSpace(s.Plate))},
		{&next.PurchaseDate, strings.TrimSpace(s.PurchaseDate)}, {&next.EquipmentClass, strings.TrimSpace(s.EquipmentClass)}} {
		if f.from != "" {
			*f.to = f.from
		}
	}
	if next.ID != "" && next == a && j.AssetID == a.ID {
		return nil
	}
	if validateAsset(next, d.Now()) != nil {
		return nil
	}
	now := d.Now()
	if next != a || next.ID == "" {
		if err := d.saveAsset(ctx, tx, &next, now); err != nil {
			return err
		}
	}
	if j.AssetID == next.ID {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE jobs SET asset_id = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`,
		next.ID, ts(now), d.deviceID, j.ID); err != nil {
		return err
	}
	return d.reindexJobsWhere(ctx, tx, `id = ?`, j.ID)
}

// Sign stores a signature over the visit's current content: the SHA-256 of
// its canonical serialisation is kept with the signature, and from now on the
// content is read-only (the triggers refuse any change).
func (d *DB) Sign(ctx context.Context, in fieldbook.SignatureInput) (fieldbook.VisitView, error) {
	img, err := d.decodeSignature(ctx, &in)
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	err = d.tx(ctx, func(tx *sql.Tx) error {
		r, _, err := d.completeLatestVisit(ctx, tx, in.VisitID)
		if err != nil {
			return err
		}
		if err := editableJob(ctx, tx, r.JobID); err != nil {
			return err
		}
		if err := d.insertSignature(ctx, tx, "visit_id", r.ID, in, img, r.ContentHash()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE visits SET signed = 1, updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ? AND signed = 0`, ts(d.Now()), d.deviceID, r.ID)
		return err
	})
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return d.Visit(ctx, in.VisitID)
}

// signatureImage is the decoded image of a signature input, if any.
type signatureImage struct {
	data []byte
	mime string
}

// decodeSignature checks and normalises a signature input and decodes its
// image. The technician's own signature carries the name and employee number
// of this laptop's technician, whatever the input says (a store without a
// technician, never set up, takes the name given); it is never nameless.
func (d *DB) decodeSignature(ctx context.Context, in *fieldbook.SignatureInput) (*signatureImage, error) {
	in.SignerName, in.Reason = strings.TrimSpace(in.SignerName), strings.TrimSpace(in.Reason)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if in.Role == fieldbook.RoleTechnician {
		s, err := d.Settings(ctx)
		if err != nil {
			return nil, err
		}
		if signer := s.Technician.Signer(); signer != "" {
			in.SignerName = signer
		}
		if in.SignerName == "" {
			var v fieldbook.Validation
			v.Add("signer_name", "请先在设置中填写您的姓名和工号：您的签字会带上它们。",
				"Enter your name and employee number in Settings first: your signature carries them.")
			return nil, v.Err()
		}
	}
	if in.ImageDataURL == "" {
		return nil, nil
	}
	data, mime, err := decodeImage(in.ImageDataURL)
	if err != nil {
		return nil, err
	}
	return &signatureImage{data: data, mime: mime}, nil
}

// insertSignature stores a signature of the row parentID (column parentCol:
// visit_id or checklist_id) over content hash, once per role.
func (d *DB) insertSignature(ctx context.Context, tx *sql.Tx, parentCol, parentID string, in fieldbook.SignatureInput, img *signatureImage, hash string) error {
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM signatures WHERE `+parentCol+` = ? AND role = ?`, parentID, in.Role).Scan(&exists); err != nil {
		return err
	}
	if exists > 0 {
		return fieldbook.Errorf(fieldbook.ECONFLICT, "该角色已在此版本上签字。", "This role has already signed this revision.")
	}
	now := d.Now()
	var imageSHA any
	if img != nil {
		sum, err := d.putBlob(ctx, tx, img.mime, img.data, now)
		if err != nil {
			return err
		}
		imageSHA = sum
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO signatures (id, `+parentCol+`, role, kind, signer_name, reason, strokes, image_sha256, content_hash,
			signed_at, created_at, updated_at, updated_by, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
		newID(), parentID, in.Role, in.Kind, in.SignerName, in.Reason, packStrokes(canonicalJSON(orEmpty(in.Strokes))), imageSHA, hash,
		ts(now), ts(now), ts(now), d.deviceID)
	return err
}

// completeLatestVisit loads a visit revision that may be signed or finished:
// the latest revision, its content valid for its job type.
func (d *DB) completeLatestVisit(ctx context.Context, tx *sql.Tx, id string) (visitRow, fieldbook.JobType, error) {
	r, err := visitByID(ctx, tx, id)
	if err != nil {
		return r, fieldbook.JobType{}, err
	}
	if err := d.requireLatest(ctx, tx, id); err != nil {
		return r, fieldbook.JobType{}, err
	}
	j, err := jobByID(ctx, tx, r.JobID)
	if err != nil {
		return r, fieldbook.JobType{}, err
	}
	t, err := serviceRules(ctx, tx, j.JobType)
	if err != nil {
		return r, t, err
	}
	return r, t, r.ValidateFinished(t)
}

func (d *DB) requireLatest(ctx context.Context, tx *sql.Tx, id string) error {
	var later int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM visits WHERE supersedes = ?`, id).Scan(&later); err != nil {
		return err
	}
	if later > 0 {
		return errSuperseded
	}
	return nil
}

// decodeImage reads a data: URL holding a PNG or JPEG within the size limit.
func decodeImage(dataURL string) ([]byte, string, error) {
	bad := func(zh, en string) ([]byte, string, error) {
		var v fieldbook.Validation
		v.Add("image", zh, en)
		return nil, "", v.Err()
	}
	header, payload, ok := strings.Cut(dataURL, ",")
	if !ok || !strings.HasPrefix(header, "data:") || !strings.HasSuffix(header, ";base64") {
		return bad("签字图片格式不正确。", "The signature image is not in a known format.")
	}
	if base64.StdEncoding.DecodedLen(len(payload)) > MaxImageBytes {
		return bad("图片过大，最大 4 MB。", "The image is too large: at most 4 MB.")
	}
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		return bad("签字图片已损坏。", "The signature image is damaged.")
	}
	_, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return bad("图片只支持 PNG 或 JPEG。", "Only PNG or JPEG images are accepted.")
	}
	return data, "image/" + format, nil
}

// putBlob stores data under its SHA-256 (once) and returns the hex digest.
func (d *DB) putBlob(ctx context.Context, tx *sql.Tx, mime string, data []byte, now time.Time) (string, error) {
	h := hex.EncodeToString(sha256Sum(data))
	_, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, mime, size, data, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, h, mime, len(data), data, ts(now))
	return h, err
}

func sha256Sum(data []byte) []byte {
	sum := sha256.Sum256(data)
	return sum[:]
}

// Blob returns a stored blob's bytes and MIME type.
func (d *DB) Blob(ctx context.Context, sha string) ([]byte, string, error) {
	var data []byte
	var mime string
	err := d.rdb.QueryRowContext(ctx, `SELECT data, mime FROM blobs WHERE sha256 = ?`, sha).Scan(&data, &mime)
	return data, mime, noRows(err, "文件", "file", sha)
}

func signatures(ctx context.Context, q querier, visitID string, withImages bool) ([]fieldbook.SignatureView, error) {
	return signaturesOf(ctx, q, "visit_id", visitID, withImages)
}

// signaturesOf lists the signatures of the row id (column: visit_id or checklist_id).
func signaturesOf(ctx context.Context, q querier, column, id string, withImages bool) ([]fieldbook.SignatureView, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT s.id, coalesce(s.visit_id, s.checklist_id), s.role, s.kind, s.signer_name, s.reason, s.strokes, coalesce(s.image_sha256, ''),
			s.content_hash, s.signed_at, s.created_at, s.updated_at, s.updated_by, s.version, s.deleted,
			coalesce(b.mime, ''), b.data
		FROM signatures s LEFT JOIN blobs b ON b.sha256 = s.image_sha256
		WHERE s.`+column+` = ? ORDER BY s.signed_at`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fieldbook.SignatureView{}
	for rows.Next() {
		var s fieldbook.SignatureView
		var mime string
		var strokes, data []byte
		if err := rows.Scan(&s.ID, &s.VisitID, &s.Role, &s.Kind, &s.SignerName, &s.Reason, &strokes, &s.ImageSHA256,
			&s.ContentHash, scanTime(&s.SignedAt), scanTime(&s.CreatedAt), scanTime(&s.UpdatedAt), &s.UpdatedBy,
			&s.Version, &s.Deleted, &mime, &data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(unpackStrokes(strokes)), &s.Strokes); err != nil {
			return nil, err
		}
		if withImages && data != nil {
			s.ImageDataURL = "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// FinishVisit closes a valid, signed revision: every role the job type
// needs has signed. The job becomes completed.
func (d *DB) FinishVisit(ctx context.Context, id string) (fieldbook.VisitView, error) {
	err := d.tx(ctx, func(tx *sql.Tx) error {
		r, t, err := d.completeLatestVisit(ctx, tx, id)
		if err != nil {
			return err
		}
		sigs, err := signatures(ctx, tx, id, false)
		if err != nil {
			return err
		}
		var v fieldbook.Validation
		for _, role := range t.SignatureRoles {
			if !signedBy(sigs, role) {
				l := roleLabels[role]
				v.Add("signatures."+role, "缺少"+l.ZH+"签字。", "The "+l.EN+" has not signed.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := d.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET status = 'finished', updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ?`, ts(now), d.deviceID, id); err != nil {
			return err
		}
		return d.setJobStatus(ctx, tx, r.JobID, fieldbook.JobCompleted, fieldbook.JobDraft, fieldbook.JobInProgress, fieldbook.JobReturned)
	})
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return d.Visit(ctx, id)
}

var roleLabels = map[string]fieldbook.Message{
	fieldbook.RoleCustomer: {ZH: "客户", EN: "customer"}, fieldbook.RoleTechnician: {ZH: "技术员", EN: "technician"},
	fieldbook.RoleServiceAdvisor: {ZH: "服务顾问", EN: "service advisor"}, fieldbook.RoleLeadTechnician: {ZH: "主修技师", EN: "lead technician"},
	fieldbook.RoleInspector: {ZH: "质检员", EN: "inspector"}, fieldbook.RoleTestDriver: {ZH: "试车员", EN: "test driver"},
	fieldbook.RolePartyA: {ZH: "甲方代表", EN: "client's representative"}, fieldbook.RolePartyB: {ZH: "乙方代表", EN: "contractor's representative"},
}

func signedBy(sigs []fieldbook.SignatureView, role string) bool {
	for _, s := range sigs {
		if s.Role == role {
			return true
		}
	}
	return false
}

// AmendVisit starts a correction of a signed revision: a new draft revision
// with the same content that supersedes it, and the reason for it (required,
// signed with the amendment). The signed revision stays as it was; the
// amendment needs new signatures.
func (d *DB) AmendVisit(ctx context.Context, id, reason string) (fieldbook.VisitView, error) {
	var newID string
	reason = strings.TrimSpace(reason)
	if err := fieldbook.CheckAmendReason(reason); err != nil {
		return fieldbook.VisitView{}, err
	}
	err := d.tx(ctx, func(tx *sql.Tx) error {
		r, err := visitByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if !r.signed {
			return fieldbook.Errorf(fieldbook.ECONFLICT, "未签字的服务单可以直接修改，无需修订。", "An unsigned record can be edited directly; no amendment is needed.")
		}
		if err := d.requireLatest(ctx, tx, id); err != nil {
			return err
		}
		j, err := jobByID(ctx, tx, r.JobID)
		if err != nil {
			return err
		}
		if err := editableJob(ctx, tx, j.ID); err != nil {
			return err
		}
		now := d.Now()
		m := d.newMeta(now)
		newID = m.ID
		a := r.Visit
		a.Meta, a.Revision, a.Supersedes, a.Status, a.AmendReason = m, r.Revision+1, r.ID, fieldbook.VisitDraft, reason
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO visits (id, job_id, revision, supersedes, status, content, signed, created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, 'draft', ?, 0, ?, ?, ?, 1)`,
			a.ID, a.JobID, a.Revision, a.Supersedes, contentJSON(a), ts(now), ts(now), d.deviceID); err != nil {
			return err
		}
		return d.setJobStatus(ctx, tx, r.JobID, fieldbook.JobInProgress, fieldbook.JobCompleted, fieldbook.JobReturned)
	})
	if err != nil {
		return fieldbook.VisitView{}, err
	}
	return d.Visit(ctx, newID)
}

// VerifyVisit recomputes the content hash of a revision from what is stored
// and compares it with every signature's hash.
func (d *DB) VerifyVisit(ctx context.Context, id string) (fieldbook.Verification, error) {
	var out fieldbook.Verification
	err := d.read(ctx, func(tx *sql.Tx) error {
		r, err := visitByID(ctx, tx, id)
		if err != nil {
			return err
		}
		out, err = verify(ctx, tx, "visit_id", id, r.ContentHash(), r.SignedWith)
		return err
	})
	return out, err
}

// verify checks every signature of the row id (column visit_id or
// checklist_id) against its content as stored now: signedWith accepts a
// hash under any scheme the content was ever signed under; computed is the
// current scheme's hash, shown beside each.
func verify(ctx context.Context, tx *sql.Tx, column, id, computed string, signedWith func(string) bool) (fieldbook.Verification, error) {
	sigs, err := signaturesOf(ctx, tx, column, id, false)
	if err != nil {
		return fieldbook.Verification{}, err
	}
	out := fieldbook.Verification{VisitID: id, Computed: computed, OK: true, Signatures: []fieldbook.SignatureCheck{}}
	for _, s := range sigs {
		ok := signedWith(s.ContentHash)
		out.OK = out.OK && ok
		c := computed
		if ok { // under the scheme it was signed with
			c = s.ContentHash
		}
		out.Signatures = append(out.Signatures, fieldbook.SignatureCheck{SignatureID: s.ID, Role: s.Role, Kind: s.Kind,
			Stored: s.ContentHash, Computed: c, OK: ok})
	}
	return out, nil
}

// SaveDocument keeps a generated file with its job: the bytes in the blob
// store, a copy at documents/<name> in the data directory (written to a
// temporary file and renamed, so it is never half-written) and a row.
func (d *DB) SaveDocument(ctx context.Context, jobID, visitID, kind, name, mime string, data []byte) (fieldbook.Document, error) {
	path, err := d.writeFile("documents", name, data)
	if err != nil {
		return fieldbook.Document{}, err
	}
	now := d.Now()
	doc := fieldbook.Document{ID: newID(), JobID: jobID, VisitID: visitID, Kind: kind, Size: int64(len(data)), Path: path, CreatedAt: now}
	err = d.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if doc.SHA256, err = d.putBlob(ctx, tx, mime, data, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO documents (id, job_id, visit_id, kind, sha256, size, path, created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			doc.ID, jobID, nullIfEmpty(visitID), kind, doc.SHA256, doc.Size, path, ts(now), ts(now), d.deviceID)
		return err
	})
	return doc, err
}

// SaveExport writes an export (a workbook, a cover sheet) to the exports
// folder beside the database; exports are files of this device only.
func (d *DB) SaveExport(name string, data []byte) (fieldbook.Document, error) {
	return SaveExport(filepath.Dir(d.path), name, data, d.Now())
}

// SaveExport writes data to the named file of the exports folder in the
// data directory dataDir; it needs no open store.
func SaveExport(dataDir, name string, data []byte, now time.Time) (fieldbook.Document, error) {
	path, err := writeFile(dataDir, "exports", name, data)
	if err != nil {
		return fieldbook.Document{}, err
	}
	return fieldbook.Document{Kind: "export", Size: int64(len(data)), Path: path, CreatedAt: now}, nil
}

func (d *DB) writeFile(folder, name string, data []byte) (string, error) {
	return writeFile(filepath.Dir(d.path), folder, name, data)
}

// writeFile writes data to the named file of folder (in the data directory)
// through a synced temporary file and a rename, so a crash leaves the old
// file or the new one, never a part.
func writeFile(dataDir, folder, name string, data []byte) (string, error) {
	dir := filepath.Join(dataDir, folder)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, filepath.Base(name))
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp.Name(), path)
}

func documents(ctx context.Context, q querier, jobID string) ([]fieldbook.Document, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, job_id, coalesce(visit_id, ''), kind, sha256, size, path, created_at
		FROM documents WHERE job_id = ? AND deleted = 0 ORDER BY created_at DESC`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []fieldbook.Document{}
	for rows.Next() {
		var doc fieldbook.Document
		if err := rows.Scan(&doc.ID, &doc.JobID, &doc.VisitID, &doc.Kind, &doc.SHA256, &doc.Size, &doc.Path, scanTime(&doc.CreatedAt)); err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	return out, rows.Err()
}

// HasBlob reports whether the blob with this SHA-256 is stored.
func (d *DB) HasBlob(ctx context.Context, sha string) (bool, error) {
	var n int
	err := d.rdb.QueryRowContext(ctx, `SELECT count(*) FROM blobs WHERE sha256 = ?`, sha).Scan(&n)
	return n > 0, err
}

// PutBlob stores data, kept elsewhere, after checking its SHA-256.
func (d *DB) PutBlob(ctx context.Context, sha, mime string, data []byte) error {
	return d.putChecked(ctx, d.tx, sha, mime, data)
}

// PutPulledBlob is PutBlob for a blob a pull downloads: like a pulled
// page, its commit does not wait for the disk (refetchableTx). It commits
// before the page whose rows reference it, so a power cut that undoes it
// undoes that page too, and the next pull downloads it again.
func (d *DB) PutPulledBlob(ctx context.Context, sha, mime string, data []byte) error {
	return d.putChecked(ctx, d.refetchableTx, sha, mime, data)
}

func (d *DB) putChecked(ctx context.Context, inTx func(context.Context, func(*sql.Tx) error) error, sha, mime string, data []byte) error {
	if got := hex.EncodeToString(sha256Sum(data)); got != sha {
		return fmt.Errorf("blob %s: content hashes to %s", sha, got)
	}
	if mime == "" {
		mime = "application/octet-stream"
	}
	return inTx(ctx, func(tx *sql.Tx) error {
		_, err := d.putBlob(ctx, tx, mime, data, d.Now())
		return err
	})
}

// DropBlobParts drops every part kept (a pull at the hub's head has every
// blob its rows reference: a part left is of a blob stored since, or of one
// no row needs now). With none kept, as after almost every sync, it writes
// nothing.
func (d *DB) DropBlobParts(ctx context.Context) error {
	var any bool
	if err := d.rdb.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM blob_parts)`).Scan(&any); err != nil || !any {
		return err
	}
	return d.refetchableTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM blob_parts`)
		return err
	})
}

// BlobToFetch says whether blob sha is here and, when it is not, what a
// download cut short brought of it: its first bytes (nil: nothing).
func (d *DB) BlobToFetch(ctx context.Context, sha string) (held bool, part []byte, err error) {
	err = d.rdb.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = ?1),
		(SELECT data FROM blob_parts WHERE sha256 = ?1)`, sha).Scan(&held, &part)
	if held {
		part = nil
	}
	return held, part, err
}

// KeepBlobPart keeps data, the first bytes of blob sha, for the next
// download to resume from; nil data drops what was kept. Like a pulled
// blob, it does not wait for the disk: a power cut costs the bytes again.
func (d *DB) KeepBlobPart(ctx context.Context, sha string, data []byte) error {
	return d.refetchableTx(ctx, func(tx *sql.Tx) error {
		if data == nil {
			_, err := tx.ExecContext(ctx, `DELETE FROM blob_parts WHERE sha256 = ?`, sha)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO blob_parts (sha256, data, kept_at) VALUES (?, ?, ?)
			ON CONFLICT (sha256) DO UPDATE SET data = excluded.data, kept_at = excluded.kept_at`, sha, data, ts(d.Now()))
		return err
	})
}
