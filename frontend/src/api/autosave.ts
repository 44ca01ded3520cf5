// Autosave queue for a form that Go stores as a whole (Visits.SaveDraft).
//
//  - schedule() after every edit: a save starts `delay` ms after the last edit;
//  - never two saves in flight: edits made during a save are saved again right
//    after it (coalesced: the save reads the form as it is then);
//  - flush() saves now and resolves when nothing is left unsaved (route leave,
//    visibilitychange, beforeunload, before signing);
//  - a failed save keeps the form dirty: the next edit, retry() or flush()
//    tries again.

export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error'

export interface AutosaveOptions<R> {
  /** Saves the form as it is at call time. */
  save: () => Promise<R>
  /** Debounce after the last edit, ms. */
  delay?: number
  onSaved?: (result: R) => void
  onError?: (error: unknown) => void
  onState?: (state: AutosaveState) => void
}

export class AutosaveQueue<R = unknown> {
  state: AutosaveState = 'idle'
  lastError: unknown = null
  /** Number of saves started (for tests and diagnostics). */
  saves = 0

  private readonly opts: AutosaveOptions<R>
  private readonly delay: number
  private dirty = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight: Promise<void> | null = null
  private disposed = false

  constructor(opts: AutosaveOptions<R>) {
    this.opts = opts
    this.delay = opts.delay ?? 400
  }

  /** True while there are edits that Go has not stored yet. */
  get pending(): boolean {
    return this.dirty || this.inFlight !== null
  }

  /** Call after every edit. */
  schedule(): void {
    if (this.disposed) return
    this.dirty = true
    if (!this.inFlight) this.setState('pending')
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timer = null
      this.run()
    }, this.delay)
  }

  /** Save now and wait until everything is stored. Resolves false if a save failed. */
  async flush(): Promise<boolean> {
    this.clearTimer()
    let attempts = 0
    for (;;) {
      if (this.inFlight) {
        await this.inFlight
        continue
      }
      if (!this.dirty) return true
      if (attempts > 0 && this.state === 'error') return false
      attempts++
      this.run()
    }
  }

  /** Try the failed save again. */
  retry(): Promise<boolean> {
    return this.flush()
  }

  /** Forget unsaved edits and stop (e.g. the record became read-only). */
  dispose(): void {
    this.disposed = true
    this.dirty = false
    this.clearTimer()
  }

  private run(): void {
    if (this.inFlight || !this.dirty || this.disposed) return
    this.clearTimer()
    this.dirty = false
    this.saves++
    this.setState('saving')
    let failed = false
    this.inFlight = (async () => {
      try {
        const result = await this.opts.save()
        this.lastError = null
        this.opts.onSaved?.(result)
      } catch (e) {
        failed = true
        this.dirty = !this.disposed // what we tried to store is still unsaved
        this.lastError = e
        this.opts.onError?.(e)
      }
    })()
    void this.inFlight.then(() => {
      this.inFlight = null
      if (failed) {
        this.setState('error')
        return
      }
      if (this.dirty && !this.disposed) {
        // edited during the save: store that right away
        this.run()
      } else {
        this.setState('saved')
      }
    })
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }

  private setState(s: AutosaveState): void {
    this.state = s
    this.opts.onState?.(s)
  }
}
