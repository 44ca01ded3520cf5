package pdf

import (
	"io"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// ComplaintForm is what the 客户投诉处理单 carries: the complaint, the job it
// is about and its customer, under the centre's letterhead.
type ComplaintForm struct {
	Company     fieldbook.Company
	Complaint   fieldbook.Complaint
	Job         fieldbook.Job
	JobTypeName string
	Customer    fieldbook.CustomerSnapshot
	GeneratedAt time.Time
	Zone        *time.Location // times are printed in it; nil: fieldbook.Zone("")
}

// ComplaintPDF writes the complaint form as an A4 page in the style of the
// other documents: the letterhead and the job, then the complaint as the
// service rules handle it — received (how, when, by whom, from whom), its
// content, classification and analysis, the responsibility decided, the
// compensation (赔付) and the result — and the signatures of the handler
// and the manager who approves it.
func ComplaintPDF(w io.Writer, f ComplaintForm) error {
	return jobForm{name: "complaint form", title: jobtype.Text{ZH: "客户投诉处理单", EN: "Customer complaint form"},
		head: Checklist{Company: f.Company, Job: f.Job, JobTypeName: f.JobTypeName, GeneratedAt: f.GeneratedAt}, zone: f.Zone,
		rows: func(r *renderer) error { return complaintRows(r, f) }}.write(w)
}

func complaintRows(r *renderer, f ComplaintForm) error {
	k := f.Complaint
	half := rowW / 2
	lw := 74.0
	pair := func(zh1, en1, v1, zh2, en2, v2 string) []cell {
		return []cell{lbl(lw, zh1, en1), val(half-lw, v1), lbl(lw, zh2, en2), val(half-lw, v2)}
	}
	whole := func(zh, en, v string) []cell { return []cell{lbl(lw, zh, en), val(rowW-lw, v)} }
	rows := func(h float64, rs ...[]cell) error {
		for _, cells := range rs {
			if err := r.row(cells, h); err != nil {
				return err
			}
		}
		return nil
	}
	at := func(s string) string {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return ""
		}
		return r.datetime(&t)
	}
	L := fieldbook.ComplaintLabel
	r.section("受理", 3*labelRowH)
	if err := rows(minRowH,
		pair("投诉编号", "Complaint No.", fieldbook.ComplaintNo(k.ID), "状态", "State", L(k.State)),
		pair("投诉方式", "Channel", L(k.Channel), "受理时间", "Received", at(k.ReceivedAt)),
		pair("受理人", "Taken by", k.ReceivedBy, "投诉类别", "Kind", L(k.Kind)),
	); err != nil {
		return err
	}
	r.section("客户信息", 2*labelRowH)
	if err := rows(minRowH,
		pair("客户", "Customer", f.Customer.Name, "单位", "Company", f.Customer.Company),
		pair("电话", "Phone", f.Customer.Phone, "地址", "Address", f.Customer.Address),
	); err != nil {
		return err
	}
	r.section("投诉内容", labelRowH)
	if err := rows(56, whole("投诉内容", "Complaint", k.Content)); err != nil {
		return err
	}
	r.section("分析与责任", 2*labelRowH)
	if err := rows(48, whole("原因分析", "Analysis", k.Analysis)); err != nil {
		return err
	}
	if err := rows(minRowH, whole("责任归属", "Responsibility", L(k.Responsibility))); err != nil {
		return err
	}
	amount := ""
	if k.Compensation == fieldbook.CompensationMoney {
		amount = FormatFen(k.CompensationFen) + "（" + FormatFenUpper(k.CompensationFen) + "）"
	}
	r.section("赔付与结果", 2*labelRowH)
	if err := rows(minRowH, pair("赔付方式", "Compensation", L(k.Compensation), "赔付金额", "Amount", amount)); err != nil {
		return err
	}
	if err := rows(48, whole("处理结果", "Result", k.Resolution)); err != nil {
		return err
	}
	if err := rows(minRowH, pair("结案人", "Closed by", k.ClosedBy, "结案时间", "Closed", at(k.ClosedAt))); err != nil {
		return err
	}
	// Signed by hand.
	r.section("签字", 32)
	return rows(32, pair("处理人签字", "Handler", "", "主管审核", "Approved", ""))
}

// complaintFooter prints when the form was made and the page number.
