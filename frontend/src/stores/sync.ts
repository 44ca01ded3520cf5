// Store for the bound Go struct desktop.Sync: the status shown in the header and
// in Settings → 同步, refreshed every few seconds, on the sync:* events, and
// polled while a sync runs (the browser e2e build gets no events).
import { defineStore } from 'pinia'
import { useSettingsStore } from './settings'
import { Connect, Issues, Now, Resolve, Status } from '../../wailsjs/go/desktop/Sync'
import { EventsOn } from '../../wailsjs/runtime/runtime'
import type { desktop, sqlite, syncer } from '../../wailsjs/go/models'

export type SyncStatus = desktop.SyncStatus
export type SyncIssue = Omit<sqlite.SyncIssue, 'yours' | 'theirs'> & {
  /** A JSON value as the hub and the device hold it (json.RawMessage: already parsed). */
  yours: unknown
  theirs: unknown
}

const REFRESH_MS = 5000
const POLL_MS = 400

let timer: ReturnType<typeof setInterval> | null = null
let listening = false
/** Syncs this window asked for that have not ended (one asked for while another runs waits for it in Go). */
let asked = 0
/**
 * Orders the statuses: each Status call and each status that comes otherwise (Connect, Go's events)
 * gets the next number, and the one shown has the highest answered yet. A poll Go answered before
 * an enrolment, or before the end of a sync, never puts the old status back over the new one (the
 * header said 未连接 after connecting, until the next refresh).
 */
let numbered = 0
let shown = 0

export const useSyncStore = defineStore('sync', {
  state: () => ({
    status: null as SyncStatus | null,
    issues: [] as SyncIssue[],
    /** Raw rejection of the last Sync.Now (normalise with api/errors). */
    lastNowError: null as unknown,
    running: false,
  }),
  getters: {
    connected: (s) => !!s.status?.connected,
    /** The enrolled user's role ('technician' | 'desk' | 'clerk' | 'admin'), '' when not enrolled. */
    role: (s): string => (s.status?.connected ? s.status.user?.role ?? '' : ''),
    /** The enrolled user's hub name, '' when not enrolled. */
    userName: (s): string => (s.status?.connected ? s.status.user?.name ?? '' : ''),
    /** The enrolled user is the service desk (客服): takes calls and dispatches jobs. */
    isDesk(): boolean {
      return this.role === 'desk'
    },
    /** The enrolled user works in the archive (clerk or admin): the clerk's workspace. */
    isClerk(): boolean {
      return this.role === 'clerk' || this.role === 'admin'
    },
    progress: (s): { phase: string; done: number; total: number } | null => {
      const p = s.status?.progress
      return p ? { phase: p.phase, done: p.done, total: p.total } : null
    },
  },
  actions: {
    async refresh(): Promise<SyncStatus | null> {
      const mine = ++numbered
      try {
        const st = await Status()
        if (mine > shown) {
          shown = mine
          this.status = st
        }
      } catch {
        // the last status stands
      }
      return this.status
    },
    /** A status newer than every Status call under way. */
    take(st: SyncStatus): void {
      shown = ++numbered
      this.status = st
    },
    /** Periodic refresh and Wails events; idempotent. */
    watch(): void {
      if (!timer) timer = setInterval(() => void this.refresh(), REFRESH_MS)
      if (!listening) {
        listening = true
        try {
          EventsOn('sync:status', (st: SyncStatus) => {
            if (st) this.take(st)
          })
          EventsOn('sync:progress', (p: syncer.Progress) => {
            if (this.status && p) this.status = { ...this.status, running: true, progress: p } as SyncStatus
          })
        } catch {
          // no Wails runtime (unit tests)
        }
      }
      void this.refresh()
    },
    async connect(url: string, code: string, allowInsecure: boolean): Promise<SyncStatus> {
      this.running = true
      const poll = setInterval(() => void this.refresh(), POLL_MS)
      try {
        const st = await Connect(url.trim(), code.trim(), allowInsecure)
        this.take(st)
        // The enrolled person is now this laptop's technician (Go saved it).
        await useSettingsStore().load().catch(() => undefined)
        void this.loadIssues()
        return st
      } finally {
        clearInterval(poll)
        this.running = false
      }
    },
    /**
     * Runs a sync; rejects with Go's error (offline, unauthorized, …). Asked
     * for while one runs (a hand-in during a sync), it runs right after that
     * one, so what was just written goes too; running stays true until both end.
     */
    async now(): Promise<syncer.Report> {
      asked++
      this.running = true
      this.lastNowError = null
      const poll = setInterval(() => void this.refresh(), POLL_MS)
      try {
        return await Now()
      } catch (e) {
        this.lastNowError = e
        throw e
      } finally {
        clearInterval(poll)
        asked--
        this.running = asked > 0
        await this.refresh()
        void this.loadIssues()
      }
    },
    async loadIssues(): Promise<SyncIssue[]> {
      this.issues = ((await Issues()) ?? []) as unknown as SyncIssue[]
      return this.issues
    },
    async resolve(id: number, choice: 'mine' | 'theirs'): Promise<void> {
      await Resolve(id, choice)
      this.issues = this.issues.filter((i) => i.id !== id)
      await this.refresh()
    },
  },
})
