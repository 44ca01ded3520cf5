// Store for the bound Go struct desktop.Visits (the service record form).
import { defineStore } from 'pinia'
import {
  Amend,
  CustomerCopy,
  Finish,
  Get,
  OpenDocument,
  SaveDraft,
  SaveEdit,
  Sign,
  Start,
  Verify,
} from '../../wailsjs/go/desktop/Visits'
import type { fieldbook } from '../../wailsjs/go/models'

export type VisitView = fieldbook.VisitView
export type SaveResult = fieldbook.SaveResult

export interface StrokeInput {
  points: { x: number; y: number; t: number }[]
}

export interface SignatureInput {
  visit_id: string
  role: string
  kind: 'real' | 'proxy' | 'stamp' | 'refused'
  signer_name: string
  reason: string
  strokes: StrokeInput[]
  image_data_url: string
}

export const useVisitsStore = defineStore('visits', {
  actions: {
    start(jobId: string): Promise<VisitView> {
      return Start(jobId)
    },
    get(id: string): Promise<VisitView> {
      return Get(id)
    },
    saveDraft(v: fieldbook.Visit): Promise<SaveResult> {
      return SaveDraft(v)
    },
    /** An autosave against the visit as the form last had it (only the edited fields are written). */
    saveEdit(edit: { visit: fieldbook.Visit; base: fieldbook.Visit }): Promise<SaveResult> {
      return SaveEdit(edit as unknown as fieldbook.VisitEdit)
    },
    sign(input: SignatureInput): Promise<VisitView> {
      return Sign(input as unknown as fieldbook.SignatureInput)
    },
    finish(id: string): Promise<VisitView> {
      return Finish(id)
    },
    /** A new revision of a signed one, for reason (required: Go refuses a blank one on amend_reason). */
    amend(id: string, reason: string): Promise<VisitView> {
      return Amend(id, reason)
    },
    verify(id: string): Promise<fieldbook.Verification> {
      return Verify(id)
    },
    customerCopy(id: string): Promise<fieldbook.Document> {
      return CustomerCopy(id)
    },
    openDocument(path: string): Promise<void> {
      return OpenDocument(path)
    },
  },
})
