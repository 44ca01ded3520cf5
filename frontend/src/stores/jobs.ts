// Store for the bound Go struct desktop.Jobs (Types / Create / Get / Search).
import { defineStore } from 'pinia'
import { Create, Get, Search, Types } from '../../wailsjs/go/desktop/Jobs'
import type { fieldbook } from '../../wailsjs/go/models'

export type JobRow = fieldbook.JobRow
export type JobView = fieldbook.JobView
export type JobType = fieldbook.JobType

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
      return { total: page?.total ?? 0, offset: page?.offset ?? offset, rows: page?.rows ?? [] } as fieldbook.JobPage
    },
    get(id: string): Promise<JobView> {
      return Get(id)
    },
    create(input: NewJobInput): Promise<fieldbook.Job> {
      return Create(input as unknown as fieldbook.NewJob)
    },
  },
})
