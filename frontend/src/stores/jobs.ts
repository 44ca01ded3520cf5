// Store for the bound Go struct desktop.Jobs (Types / Create / Get / Search,
// and the technician's completeness check and hand-in).
import { defineStore } from 'pinia'
import {
  Answer,
  Board,
  CheckIntake,
  Completeness,
  Create,
  Day,
  Desk,
  DiscardDraft,
  Dispatch,
  DispatchSlip,
  Draft,
  FollowUp,
  FollowUps,
  Get,
  KeepDraft,
  List,
  MarkReminded,
  RecordFollowUp,
  RecordGuidance,
  Reminders,
  Search,
  Submit,
  Types,
} from '../../wailsjs/go/desktop/Jobs'
import type { archive, desktop, fieldbook } from '../../wailsjs/go/models'

export type JobRow = fieldbook.JobRow
export type JobView = fieldbook.JobView
export type JobType = fieldbook.JobType
export type CheckResult = archive.Result
export type DeskBoard = fieldbook.DeskBoard
export type FollowUpRow = fieldbook.FollowUp
export type FollowUpPage = fieldbook.FollowUpPage
export type AppointmentBoard = fieldbook.AppointmentBoard
export type Reminder = fieldbook.Reminder
export type Appointment = fieldbook.Appointment

/** The 工单 list's filter; empty fields do not filter (see Go fieldbook.JobFilter). */
export interface JobFilter {
  query: string
  status: string
  job_type: string
  customer_id: string
  technician: string
  from: string
  to: string
  sort: '' | 'newest' | 'oldest' | 'appointment' | 'updated'
}

export const emptyJobFilter = (): JobFilter => ({
  query: '',
  status: '',
  job_type: '',
  customer_id: '',
  technician: '',
  from: '',
  to: '',
  sort: '',
})

export interface NewJobInput {
  job_type: string
  customer_id: string
  asset_id: string
  assigned_to: string
  /** ISO string or null. */
  appointment: string | null
  summary: string
}

export const useJobsStore = defineStore('jobs', {
  state: () => ({
    types: [] as JobType[],
    typesLoaded: false,
  }),
  actions: {
    async loadTypes(): Promise<JobType[]> {
      if (this.typesLoaded) return this.types
      this.types = (await Types()) ?? []
      this.typesLoaded = true
      return this.types
    },
    typeByKey(key: string): JobType | undefined {
      return this.types.find((t) => t.key === key)
    },
    /** One page of jobs matching q (all jobs, newest first, for an empty q). limit ≤ 200. */
    async search(q: string, offset: number, limit: number): Promise<fieldbook.JobPage> {
      const page = await Search(q.trim(), offset, Math.min(limit, 200))
      return { total: page?.total ?? 0, more: !!page?.more, offset: page?.offset ?? offset, rows: page?.rows ?? [] } as fieldbook.JobPage
    },
    /** One page of the jobs a filter selects (the 工单 list's filters and order). limit ≤ 200. */
    async list(f: JobFilter, offset: number, limit: number): Promise<fieldbook.JobPage> {
      const page = await List(f as unknown as fieldbook.JobFilter, offset, Math.min(limit, 200))
      return { total: page?.total ?? 0, more: !!page?.more, offset: page?.offset ?? offset, rows: page?.rows ?? [], indexing: page?.indexing } as fieldbook.JobPage
    },
    get(id: string): Promise<JobView> {
      return Get(id)
    },
    /** The 新建工单 form kept on this laptop (null when none). */
    async draft(): Promise<Record<string, unknown> | null> {
      return (await Draft()) ?? null
    },
    keepDraft(form: Record<string, unknown>): Promise<void> {
      return KeepDraft(form)
    },
    discardDraft(): Promise<void> {
      return DiscardDraft()
    },
    create(input: NewJobInput): Promise<fieldbook.Job> {
      return Create(input as unknown as fieldbook.NewJob)
    },
    /**
     * Checks the 新建工单 form as a whole before any of it is saved: the
     * customer and asset it creates (null when picked) and the job. A refusal
     * lists every field of the three, as customer.*, asset.* and job.*.
     */
    checkIntake(customer: fieldbook.Customer | null, asset: fieldbook.Asset | null, job: NewJobInput): Promise<void> {
      return CheckIntake({ customer: customer ?? undefined, asset: asset ?? undefined, job } as unknown as fieldbook.Intake)
    },
    /** The service desk's page: jobs nobody is dispatched to, today's and tomorrow's appointments. */
    async desk(): Promise<DeskBoard> {
      const b = await Desk()
      return { undispatched: b?.undispatched ?? [], today: b?.today ?? [], tomorrow: b?.tomorrow ?? [] } as DeskBoard
    },
    /** The enrolled technician's appointments today, in time order, each with when to leave. */
    async day(): Promise<Appointment[]> {
      return (await Day()) ?? []
    },
    /**
     * Gives a job to a technician with an appointment (ISO or null) and
     * syncs; the hub's refusal comes back as a field error on assigned_to.
     */
    dispatch(jobId: string, assignedTo: string, appointment: string | null): Promise<desktop.Dispatched> {
      return Dispatch({ job_id: jobId, assigned_to: assignedTo.trim(), appointment } as unknown as fieldbook.Dispatch)
    },
    /** A job's phone guidance and follow-up (电话指导 / 回访). */
    followUp(jobId: string): Promise<FollowUpRow> {
      return FollowUp(jobId)
    },
    /** The two-hour follow-up queue, most due first, one page. */
    async followUps(offset: number, limit: number): Promise<FollowUpPage> {
      const p = await FollowUps(offset, limit)
      return { ...p, rows: p?.rows ?? [] } as FollowUpPage
    },
    /** Records the desk's phone guidance; outcome 'solved' or 'dispatch'. */
    recordGuidance(jobId: string, guidance: string, outcome: string): Promise<FollowUpRow> {
      return RecordGuidance(jobId, guidance, outcome)
    },
    /** Records the result of the follow-up (回访结果). */
    recordFollowUp(jobId: string, result: string): Promise<FollowUpRow> {
      return RecordFollowUp(jobId, result)
    },
    /** The appointments board of days days (1 or 7) from a YYYY-MM-DD day, of a technician or everyone (''). */
    async board(technician: string, from: string, days: number): Promise<AppointmentBoard> {
      const b = await Board(technician, from, days)
      return { ...b, days: b?.days ?? [], lines: b?.lines ?? [] } as AppointmentBoard
    },
    /** Today's and tomorrow's appointments to remind their customers of. */
    async reminders(): Promise<Reminder[]> {
      return (await Reminders()) ?? []
    },
    /** Marks (or unmarks) a job's appointment as reminded (已提醒). */
    markReminded(jobId: string, done: boolean): Promise<Reminder> {
      return MarkReminded(jobId, done)
    },
    /**
     * The technician's answer to a job dispatched to them (confirmed,
     * rescheduled with the customer's consent, nobody home, handed back),
     * recorded and synced; a refusal comes back as field errors.
     */
    answer(input: { job_id: string; kind: string; appointment: string | null; reason: string; consent: boolean }): Promise<desktop.Answered> {
      return Answer(input as unknown as fieldbook.Answer)
    },
    /** Renders the job's 售后派遣单 PDF and opens it. */
    dispatchSlip(jobId: string): Promise<fieldbook.Document> {
      return DispatchSlip(jobId)
    },
    /** The archive clerk's completeness check, run on this laptop. */
    completeness(id: string): Promise<CheckResult> {
      return Completeness(id)
    },
    /**
     * Hands a completed or returned job to the archive. Without force an
     * incomplete job is refused (code invalid, one field error
     * documents.<key> per problem); with force it goes in with its problems.
     */
    submit(id: string, force: boolean): Promise<CheckResult> {
      return Submit(id, force)
    },
  },
})
