// Customer complaints (客户投诉处理单) and the service desk's statistics, as Go
// (package desktop, Jobs) keeps and counts them.
import { defineStore } from 'pinia'
import {
  Complaint,
  ComplaintDraft,
  ComplaintPDF,
  Complaints,
  DeskStats,
  DiscardComplaintDraft,
  ExportDeskStats,
  KeepComplaintDraft,
  SaveComplaint,
  Search,
} from '../../wailsjs/go/desktop/Jobs'
import { fieldbook, sqlite } from '../../wailsjs/go/models'

export type ComplaintRow = fieldbook.Complaint
export type ComplaintPage = fieldbook.ComplaintPage
export type DeskStatsReport = fieldbook.DeskStats
export type DeskMonth = fieldbook.DeskMonth

/** The complaint form as the dialog edits it: the amount as typed 元. */
export interface ComplaintFormValue {
  id: string
  job_id: string
  job_number: string
  customer_name: string
  channel: string
  received_at: number | null
  content: string
  kind: string
  analysis: string
  responsibility: string
  compensation: string
  amount: string
  resolution: string
  state: string
}

export const COMPLAINT_STATES = ['registered', 'analysing', 'handling', 'closed'] as const
export const COMPLAINT_KINDS = ['quality', 'quantity', 'delivery', 'transport', 'service', 'other'] as const
export const COMPLAINT_CHANNELS = ['phone', 'fax', 'letter', 'in_person'] as const
export const COMPLAINT_RESPONSIBILITIES = ['ours', 'customer', 'third_party'] as const
export const COMPLAINT_COMPENSATIONS = ['none', 'money', 'replacement', 'repair'] as const

/** The groups of a complaint's chosen values, as the messages name them (complaint.kinds …). */
export type ComplaintGroup = 'kinds' | 'states' | 'responsibilities' | 'compensations' | 'channels'

/**
 * The name of a complaint's value in the current language: a value not chosen yet reads as such
 * (未分类 / Not classified), one this version does not know as it is.
 */
export function complaintLabel(i: { t: (key: string) => string; te: (key: string) => boolean }, group: ComplaintGroup, value: string): string {
  if (!value) return i.t(`complaint.unset.${group}`)
  const key = `complaint.${group}.${value}`
  return i.te(key) ? i.t(key) : value
}

/** The state after s, '' after closed. */
export function nextState(s: string): string {
  const i = COMPLAINT_STATES.indexOf(s as (typeof COMPLAINT_STATES)[number])
  return i >= 0 && i < COMPLAINT_STATES.length - 1 ? COMPLAINT_STATES[i + 1] : ''
}

/**
 * A complaint's number, as Go's fieldbook.ComplaintNo prints it on the form: the last twelve hex
 * digits of its id in three groups (3F2A-91C0-7B1E). The id's start is its minute (UUIDv7), shared
 * by the complaints of that minute; its tail is random and the same on every desk.
 */
export function complaintNo(id: string): string {
  const tail = id.replaceAll('-', '').toUpperCase().slice(-12)
  return tail.replace(/(?=(?:.{4})+$)(?!^)/g, '-')
}

export const useComplaintsStore = defineStore('complaints', {
  actions: {
    list(state: string, kind: string, offset: number, limit: number): Promise<ComplaintPage> {
      return Complaints(new sqlite.ComplaintFilter({ state, kind }), offset, limit)
    },
    get(id: string): Promise<ComplaintRow> {
      return Complaint(id)
    },
    save(c: Partial<ComplaintRow>): Promise<ComplaintRow> {
      return SaveComplaint(new fieldbook.Complaint(c))
    },
    draft(id: string): Promise<Record<string, unknown> | null> {
      return ComplaintDraft(id)
    },
    keepDraft(id: string, form: Record<string, unknown>): Promise<void> {
      return KeepComplaintDraft(id, form)
    },
    discardDraft(id: string): Promise<void> {
      return DiscardComplaintDraft(id)
    },
    pdf(id: string): Promise<fieldbook.Document> {
      return ComplaintPDF(id)
    },
    /** Jobs to complain about: by number or customer. */
    searchJobs(q: string) {
      return Search(q, 0, 20)
    },
    stats(from: string, to: string): Promise<DeskStatsReport> {
      return DeskStats(from, to)
    },
    exportStats(from: string, to: string): Promise<fieldbook.Document> {
      return ExportDeskStats(from, to)
    },
  },
})
