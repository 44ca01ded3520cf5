// Store for the bound Go struct desktop.Safety: snapshots, their restore,
// the store's integrity check (run in the background at start; its end
// arrives as the event store:checked) and the diagnostics export.
import { defineStore } from 'pinia'
import {
  CheckNow,
  ExportDiagnostics,
  ExportUnsynced,
  ImportUnsynced,
  Overview,
  RestoreDamaged,
  RestoreSnapshot,
  TakeSnapshot,
} from '../../wailsjs/go/desktop/Safety'
import { EventsOn } from '../../wailsjs/runtime/runtime'
import type { desktop, fieldbook, sqlite } from '../../wailsjs/go/models'

type Busy = '' | 'snapshot' | 'restore' | 'check' | 'diagnostics' | 'unsynced'

export const useSafetyStore = defineStore('safety', {
  state: () => ({
    snapshots: [] as sqlite.Snapshot[],
    check: null as sqlite.Check | null,
    logDir: '',
    loaded: false,
    busy: '' as Busy,
    listening: false,
  }),
  getters: {
    /** The last check found damage (not: it could not finish). */
    damaged: (s): boolean => !!s.check && !s.check.ok && !s.check.error,
  },
  actions: {
    listen(): void {
      if (this.listening) return
      this.listening = true
      try {
        EventsOn('store:checked', (c: sqlite.Check) => {
          this.check = c
        })
      } catch {
        // no event bridge (unit tests)
      }
    },
    async load(): Promise<void> {
      const o = await Overview()
      this.snapshots = o.snapshots ?? []
      if (o.check) this.check = o.check
      this.logDir = o.log_dir
      this.loaded = true
    },
    async run<T>(what: Busy, f: () => Promise<T>): Promise<T> {
      this.busy = what
      try {
        return await f()
      } finally {
        this.busy = ''
      }
    },
    async takeSnapshot(): Promise<sqlite.Snapshot> {
      const s = await this.run('snapshot', TakeSnapshot)
      await this.load()
      return s
    },
    /** Restores the snapshot; returns the snapshot that undoes it. */
    async restore(name: string): Promise<sqlite.Snapshot> {
      const undo = await this.run('restore', () => RestoreSnapshot(name))
      await this.load()
      return undo
    },
    async checkNow(): Promise<sqlite.Check> {
      const c = await this.run('check', CheckNow)
      this.check = c
      return c
    },
    exportDiagnostics(): Promise<fieldbook.Document> {
      return this.run('diagnostics', ExportDiagnostics)
    },
    /** Writes the work not yet on the hub to one file. */
    exportUnsynced(): Promise<desktop.UnsyncedExport> {
      return this.run('unsynced', ExportUnsynced)
    },
    /** Imports another laptop's file of unsynced work (its bytes, base64). */
    importUnsynced(fileBase64: string): Promise<sqlite.ImportReport> {
      return this.run('unsynced', () => ImportUnsynced(fileBase64))
    },
    /** The startup error screen's way out; returns where the damaged file was kept. */
    restoreDamaged(name: string): Promise<string> {
      return this.run('restore', () => RestoreDamaged(name))
    },
  },
})
