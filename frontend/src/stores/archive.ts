// Store for the bound Go struct desktop.Archive: the clerk's inbox, a job's
// archive state, the clerk's actions (through the hub) and the reports.
import { defineStore } from 'pinia'
import {
  CheckDoc,
  ChecklistPDF,
  CoverSheet,
  DecideJ,
  ExportXLSX,
  File,
  Get,
  Inbox,
  RecordPDF,
  Return,
  Stats,
} from '../../wailsjs/go/desktop/Archive'
import type { archive, fieldbook, sqlite } from '../../wailsjs/go/models'
import { parseFilter, type InboxFilter } from '../api/archive'

export type ArchiveState = sqlite.ArchiveState
export type InboxRow = sqlite.InboxRow
export type Report = archive.Report

export interface DocCheckInput {
  order: number
  signatures: { role: string; kind: string; signer_name: string }[]
  stamps: string[]
}

const asFilter = (f: InboxFilter) => f as unknown as sqlite.InboxFilter

export const useArchiveStore = defineStore('archive', {
  state: () => ({
    /** The inbox's filter as a paged-list query string (kept while the clerk opens a job). */
    query: '',
  }),
  actions: {
    /** A page of the inbox for a serialised filter (see api/archive serializeFilter). */
    /** more: the first page's total is a floor (the inbox counts up to 10,000). */
    async inbox(query: string, offset: number, limit: number): Promise<{ total: number; more: boolean; rows: InboxRow[] }> {
      const page = await Inbox(asFilter(parseFilter(query)), offset, Math.min(limit, 200))
      return { total: page?.total ?? 0, more: !!page?.more, rows: page?.rows ?? [] }
    },
    get(jobID: string): Promise<ArchiveState> {
      return Get(jobID)
    },
    file(jobID: string, location: string): Promise<ArchiveState> {
      return File(jobID, location.trim())
    },
    return(jobID: string, reason: string): Promise<ArchiveState> {
      return Return(jobID, reason.trim())
    },
    /** true confirms J, false clears it, null withdraws the decision. */
    decideJ(jobID: string, mark: boolean | null, reason: string): Promise<ArchiveState> {
      return DecideJ(jobID, mark, reason.trim())
    },
    checkDoc(jobID: string, docKey: string, check: DocCheckInput): Promise<ArchiveState> {
      return CheckDoc(jobID, docKey, check as unknown as archive.DocCheck)
    },
    stats(f: InboxFilter): Promise<Report> {
      return Stats(asFilter(f))
    },
    exportXLSX(f: InboxFilter): Promise<fieldbook.Document> {
      return ExportXLSX(asFilter(f))
    },
    coverSheet(jobID: string): Promise<fieldbook.Document> {
      return CoverSheet(jobID)
    },
    /** A signed revision's PDF, made on this laptop and opened in the system's viewer. */
    recordPDF(visitID: string): Promise<fieldbook.Document> {
      return RecordPDF(visitID)
    },
    checklistPDF(checklistID: string): Promise<fieldbook.Document> {
      return ChecklistPDF(checklistID)
    },
  },
})
