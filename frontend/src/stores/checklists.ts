// Store for the bound Go structs desktop.Checklists and desktop.Templates.
import { defineStore } from 'pinia'
import {
  Attach,
  Attachments,
  Finish,
  Get,
  PDF,
  SetAnswers,
  Sign,
  Start,
  Verify,
} from '../../wailsjs/go/desktop/Checklists'
import { Export, Import, JobTypes } from '../../wailsjs/go/desktop/Templates'
import type { fieldbook, jobtype, sqlite } from '../../wailsjs/go/models'
import type { Answers } from '../api/checklist'
import type { SignatureInput } from './visits'

export type ChecklistView = sqlite.ChecklistView
export type ChecklistSave = sqlite.ChecklistSave

export interface ChecklistSignatureInput extends Omit<SignatureInput, 'visit_id'> {
  checklist_id: string
}

export interface AttachInput {
  job_id: string
  checklist_id: string
  /** "" for a scan of the whole checklist. */
  item_key: string
  name: string
  data_url: string
}

export const useChecklistsStore = defineStore('checklists', {
  actions: {
    start(jobId: string, documentKey: string): Promise<ChecklistView> {
      return Start(jobId, documentKey)
    },
    get(id: string): Promise<ChecklistView> {
      return Get(id)
    },
    /** Merges: only the changed items; {} clears an item. */
    setAnswers(id: string, patch: Answers): Promise<ChecklistSave> {
      return SetAnswers(id, patch as unknown as Record<string, jobtype.Answer>)
    },
    attach(input: AttachInput): Promise<fieldbook.Attachment> {
      return Attach(input as unknown as fieldbook.AttachmentInput)
    },
    attachments(jobId: string): Promise<fieldbook.Attachment[]> {
      return Attachments(jobId)
    },
    sign(input: ChecklistSignatureInput): Promise<ChecklistView> {
      return Sign({ visit_id: '', ...input } as unknown as fieldbook.SignatureInput)
    },
    finish(id: string): Promise<ChecklistView> {
      return Finish(id)
    },
    verify(id: string): Promise<fieldbook.Verification> {
      return Verify(id)
    },
    pdf(id: string): Promise<fieldbook.Document> {
      return PDF(id)
    },
  },
})

export const useTemplatesStore = defineStore('templates', {
  actions: {
    async jobTypes(): Promise<jobtype.JobType[]> {
      return (await JobTypes()) ?? []
    },
    export(): Promise<string> {
      return Export()
    },
    /** All or nothing; rejects with code "invalid" and one field error per problem (message names the line). */
    import(text: string): Promise<sqlite.ImportResult> {
      return Import(text)
    },
  },
})
