package pdf

import (
	"fmt"
	"io"
	"time"

	"fieldbook/backend/fieldbook"
	"fieldbook/backend/jobtype"
)

// DispatchSlip is what the 售后派遣单 carries: the job the service desk
// dispatched, who goes, when, to whom and for what. The technician takes it
// on the visit (售后服务规范, 准备出发).
type DispatchSlip struct {
	Company     fieldbook.Company // the centre's letterhead
	Job         fieldbook.Job
	JobTypeName string
	Customer    fieldbook.CustomerSnapshot
	Asset       *fieldbook.AssetSnapshot // nil when the job has no asset; Warranty on today's date
	GeneratedAt time.Time
	Zone        *time.Location // times are printed in it; nil: fieldbook.Zone("")
}

// DispatchSlipPDF writes the dispatch slip as an A4 page in the style of
// the other documents: the letterhead, the dispatch (technician,
// appointment, when to leave), the customer, the product and its warranty,
// the fault, and boxes the technician fills in on site.
func DispatchSlipPDF(w io.Writer, s DispatchSlip) error {
	return jobForm{name: "dispatch slip", title: jobtype.Text{ZH: "售后派遣单", EN: "Service dispatch slip"},
		head: Checklist{Company: s.Company, Job: s.Job, JobTypeName: s.JobTypeName, GeneratedAt: s.GeneratedAt}, zone: s.Zone,
		note: "技术员随身携带，上门服务时出示。Carried by the technician on the visit.",
		rows: func(r *renderer) error { return dispatchRows(r, s) }}.write(w)
}

func dispatchRows(r *renderer, s DispatchSlip) error {
	half := rowW / 2
	lw := 74.0
	pair := func(zh1, en1, v1, zh2, en2, v2 string) []cell {
		return []cell{lbl(lw, zh1, en1), val(half-lw, v1), lbl(lw, zh2, en2), val(half-lw, v2)}
	}
	whole := func(zh, en, v string) []cell { return []cell{lbl(lw, zh, en), val(rowW-lw, v)} }
	rows := func(rs ...[]cell) error {
		for _, cells := range rs {
			if err := r.row(cells, minRowH); err != nil {
				return err
			}
		}
		return nil
	}
	var leave string
	if s.Job.Appointment != nil {
		at := fieldbook.LeaveAt(*s.Job.Appointment)
		leave = r.datetime(&at) + fmt.Sprintf("（提前 %d 分钟到达）", int(fieldbook.ArriveEarly.Minutes()))
	}
	r.section("派遣", 2*labelRowH)
	if err := rows(
		pair("技术员", "Technician", s.Job.AssignedTo, "预约时间", "Appointment", r.datetime(s.Job.Appointment)),
		pair("工单号", "Job No.", s.Job.Number, "建议出发", "Leave by", leave),
	); err != nil {
		return err
	}
	r.section("客户信息", 2*labelRowH)
	if err := rows(
		pair("客户", "Customer", s.Customer.Name, "单位", "Company", s.Customer.Company),
		pair("电话", "Phone", s.Customer.Phone, "地址", "Address", s.Customer.Address),
	); err != nil {
		return err
	}
	if a := s.Asset; a != nil {
		warranty := label(map[string]string{fieldbook.WarrantyIn: "在保", fieldbook.WarrantyOut: "已过保",
			fieldbook.WarrantyUnknown: "未知"}, a.Warranty)
		r.section("产品信息", 2*labelRowH)
		serialZH, serialEN, serial := "序列号", "Serial no.", a.Serial
		if a.Kind == fieldbook.AssetVehicle {
			serialZH, serialEN, serial = "车牌号", "Plate", a.Plate
		}
		if err := rows(
			pair("产品型号", "Model", a.Model, serialZH, serialEN, serial),
			pair("购买日期", "Purchase date", a.PurchaseDate, "保修状态", "Warranty", warranty),
		); err != nil {
			return err
		}
	}
	r.section("故障", labelRowH)
	if err := r.row(whole("故障现象", "Fault", s.Job.Summary), 48); err != nil {
		return err
	}
	// Filled in by hand on site: room to write.
	r.section("现场", 3*32)
	for _, cells := range [][]cell{
		pair("到达时间", "Arrived", "", "离开时间", "Departed", ""),
		whole("处理结果", "Result", ""),
		pair("客户签字", "Customer", "", "技术员签字", "Technician", ""),
	} {
		if err := r.row(cells, 32); err != nil {
			return err
		}
	}
	return nil
}

// slipFooter prints when the slip was made and the page number.
