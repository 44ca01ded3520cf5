// Package archive is the archive clerk's (档案管理员) domain logic: the
// completeness check of a job's document set in binding order (装订顺序),
// the "J" mark for jobs lacking the customer's real signature, archive
// numbers (档案号), statistics, and the XLSX export. It does no database,
// network or UI work; the store, the hub and the window wire it in.
//
// # Completeness
//
// Check compares the documents registered for a job (Doc: electronic or a
// scan/photo of the paper original) with its job type's document set
// (jobtype.JobType.DocumentsFor): every document required for the job's
// condition flags is present, the documents lie in binding order, each
// carries the signature roles and stamps its document type names, customer
// signatures are the customer's own (CustomerMark), and the per-document
// rules of Rules.DocFields hold. Every problem is a Problem with a machine
// code, the document key and a plain bilingual message, e.g.
//
//	{code: "missing_stamp", doc: "settlement", stamp: "finance_paid",
//	 message: "结算清单缺少财务结清章", message_en: "The settlement lacks the finance “paid” stamp"}
//
// Decisions (see the tests):
//
//   - A conditional document present without its flag (a maintenance sheet
//     on a job not flagged had_maintenance) is accepted and checked like
//     any other bound document; a note suggests setting the flag.
//     Optional documents are never missing but, when present, are checked.
//   - The customer's mark counts when it is a real signature (本人签字) or
//     the customer's own stamp (盖章: a company customer's seal, as the IT
//     firm's service record says, "签字或盖章确认"). A proxy (代签) or a
//     refusal (拒签) never counts. Rules.StampIsCustomerMark turns the stamp
//     rule off for a centre that wants handwriting only.
//   - Customer roles are customer and party_a (甲方代表: the client of a
//     construction contract); Rules.CustomerRoles changes them.
//   - Staff roles are signed by any mark but a refusal.
//   - A missing document is reported once (not also its signatures), and it
//     does not make a J mark: the mark is about signatures on documents the
//     archive holds.
//   - Several Docs with the same key (pages of one scan) are one document:
//     their signatures, stamps and fields are merged, its position is the
//     first page's.
package archive
