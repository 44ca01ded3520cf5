// Package jobtype holds job types and checklist templates as configuration:
// which documents a job's archive set holds and in what binding order, who
// signs and stamps each, which service-record fields are required, and the
// checklists (验收单, 验房, 试车 …) technicians fill. It does no I/O.
//
// # File format
//
// Admins export, edit and import bundles as UTF-8 JSON (a byte order mark is
// allowed). Unknown fields are errors. Empty lists and false or empty values
// may be left out.
//
//	{
//	  "format": "fieldbook.jobtypes.v1",
//	  "job_types": [{
//	    "key": "site_acceptance",
//	    "name": {"zh": "工程验收", "en": "Site acceptance"},
//	    "fields": [{"key": "level", "name": {"zh": "级别"}, "kind": "choice", "required": true,
//	                "options": [{"value": "l1", "label": {"zh": "一级"}}]}],
//	    "required_fields": ["customer.name", "customer.phone"],
//	    "documents": [
//	      {"key": "acceptance", "name": {"zh": "工程施工现场验收单", "en": "Site acceptance form"},
//	       "form": "checklist", "template": "site_acceptance", "presence": "required",
//	       "signatures": ["party_a", "party_b"]},
//	      {"key": "appointment", "name": {"zh": "预约单"}, "form": "scan",
//	       "presence": "conditional", "when": "was_booked", "stamps": ["business"]}
//	    ]
//	  }],
//	  "checklist_templates": [{
//	    "key": "site_acceptance", "version": 1,
//	    "name": {"zh": "工程施工现场验收单", "en": "Site acceptance form"},
//	    "groups": [{"name": {"zh": "瓷砖", "en": "Tiles"}, "items": [
//	      {"key": "walls", "label": {"zh": "墙壁", "en": "Walls"}, "kind": "pass_fail", "photo_on_fail": true},
//	      {"key": "hollow_rate", "label": {"zh": "空鼓率", "en": "Hollow rate"}, "kind": "number",
//	       "unit": "%", "max": 3, "hint": {"zh": "用小锤轻敲四角与中间"}}
//	    ]}]
//	  }]
//	}
//
// Keys are lower-case ASCII letters, digits and underscores, starting with a
// letter. form is service_record, checklist (with template) or scan;
// presence is required, optional or conditional (with when: had_maintenance,
// was_booked, has_suggested_repairs, warranty_claim); signatures are roles
// (customer, technician, service_advisor, lead_technician, inspector,
// test_driver, party_a, party_b); stamps are business and finance_paid.
// Item kinds are pass_fail, number (unit and min and/or max, inclusive),
// text and photo. Documents are listed in binding order.
//
// # Errors
//
// Parse reports every problem at once, as a *fieldbook.Error with code
// EINVALID whose Fields carry the JSON path and a message starting with the
// line (syntax errors: line and column):
//
//	{field: "checklist_templates[0].groups[1].items[3].kind",
//	 message: "第 12 行：未知的检查项类型 \"passfail\"（可选：pass_fail, number, text, photo）",
//	 message_en: "line 12: unknown item kind \"passfail\" (one of: pass_fail, number, text, photo)"}
//
// Field is "" for problems with the file as a whole (not JSON, not UTF-8).
//
// # Importing
//
// Importing is all or nothing: store a bundle only if Parse (or ParseWith,
// given the stored templates) returned no error, and then store all of it.
// A filled checklist records its template's key and version; a stored
// version never changes (CheckUpgrade, Options.Stored), so keep old
// versions for the documents filled with them.
package jobtype
