// The editor's contract for a record page, without Vue: what was typed is
// saved a moment later, one save at a time; a save carries the record as the
// form last had it from the store (its base), so the store writes only the
// fields edited since then. A value the store refuses stays in the form and is
// marked on its field; it never keeps the other fields from being saved. When
// the store's record changes under the form (a sync), untouched fields take
// the new value in place and a field changed on both sides keeps what was
// typed and shows the other value beside it until the person chooses.
//
// A record is the page's content as the store keys it (for a visit, the top
// level keys of its content: "diagnosis", "customer", "parts"…).

export type Rec = Record<string, unknown>

export interface Refusal {
  field: string
  message?: string
  message_en?: string
}

export interface Stored<R extends Rec> {
  /** The record as stored after the save. */
  record: R
  /** Values the store did not take, by field path. */
  refused?: Refusal[] | null
  /** Keys this edit changed that had changed in the store since its base. */
  conflicts?: string[] | null
}

export interface DraftStore<R extends Rec, S extends Stored<R> = Stored<R>> {
  /** Stores the edits of record against base (the fields where they differ). */
  save(record: R, base: R): Promise<S>
  /** The record as stored now. */
  load(): Promise<R>
}

export type DraftState = 'idle' | 'pending' | 'saving' | 'saved' | 'error'

export interface DraftOptions<R extends Rec, S extends Stored<R>> {
  store: DraftStore<R, S>
  /** The form as a record, now. */
  read: () => R
  /** Sets these keys of the form (taken from the store), without it counting as an edit. */
  write: (values: Partial<R>) => void
  /** Debounce after the last edit, ms. */
  delay?: number
  onSaved?: (result: S) => void
  onError?: (error: unknown) => void
  /** Any change of state, refusals or conflicts. */
  onChange?: () => void
}

/** Stable JSON of a value (object keys sorted), for comparing by content. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      const o = x as Record<string, unknown>
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]))
    }
    return x
  }) ?? 'null'
}

export function same(a: unknown, b: unknown): boolean {
  return canonical(a ?? null) === canonical(b ?? null)
}

function keysOf(...rs: Rec[]): string[] {
  const out = new Set<string>()
  for (const r of rs) for (const k of Object.keys(r)) out.add(k)
  return [...out].sort()
}

export class DraftEditor<R extends Rec, S extends Stored<R> = Stored<R>> {
  state: DraftState = 'idle'
  lastError: unknown = null
  /** The record as the form last had it from the store. */
  base: R
  /** Field path → the store's refusal of the value in the form. */
  readonly refused = new Map<string, Refusal>()
  /** Key → the store's value, for keys changed here and there. */
  readonly conflicts = new Map<string, unknown>()
  saves = 0

  private readonly o: DraftOptions<R, S>
  private readonly delay: number
  private dirty = false
  private pullWanted = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private running: Promise<void> | null = null
  private disposed = false

  constructor(base: R, o: DraftOptions<R, S>) {
    this.base = base
    this.o = o
    this.delay = o.delay ?? 400
  }

  /** True while something typed is not stored: waiting, saving, refused, in conflict or failed. */
  get unsaved(): boolean {
    return this.dirty || this.running !== null || this.refused.size > 0 || this.conflicts.size > 0
  }

  /** Call after every edit of the form. */
  edited(): void {
    if (this.disposed) return
    this.dirty = true
    if (!this.running) this.setState('pending')
    this.clearTimer()
    this.timer = setTimeout(() => {
      this.timer = null
      this.kick()
    }, this.delay)
  }

  /** The store's record may have changed (a sync): reload it after what is being saved. */
  pull(): Promise<boolean> {
    this.pullWanted = true
    return this.flush()
  }

  /** Saves now and resolves when nothing waits; false when a save failed. */
  async flush(): Promise<boolean> {
    this.clearTimer()
    let attempts = 0
    for (;;) {
      if (this.running) {
        await this.running
        continue
      }
      if (!this.dirty && !this.pullWanted) return this.state !== 'error'
      if (attempts > 0 && this.state === 'error') return false
      attempts++
      this.kick()
    }
  }

  /** Settles a conflict: keep what was typed (saved next) or take the store's value. */
  choose(key: string, which: 'mine' | 'theirs'): void {
    if (!this.conflicts.has(key)) return
    const theirs = this.conflicts.get(key)
    this.conflicts.delete(key)
    if (which === 'theirs') {
      this.o.write({ [key]: theirs } as Partial<R>)
      this.changed()
    } else {
      this.edited()
      this.changed()
    }
  }

  /** Stops: unsaved edits are dropped (the record became read-only). */
  dispose(): void {
    this.disposed = true
    this.dirty = false
    this.pullWanted = false
    this.clearTimer()
  }

  /** What a save sends: the form, with keys in conflict left at the base (not edits until chosen). */
  payload(): R {
    const rec = { ...this.o.read() } as Rec
    for (const k of this.conflicts.keys()) rec[k] = this.base[k]
    return rec as R
  }

  private kick(): void {
    if (this.running || this.disposed || (!this.dirty && !this.pullWanted)) return
    this.clearTimer()
    this.running = this.step().finally(() => {
      this.running = null
      // unsaved changes with the save's end: say so (a state set inside the
      // step still counted the save as running)
      this.changed()
      if (this.disposed) return
      if (this.state === 'error') return
      if (this.dirty || this.pullWanted) this.kick()
    })
  }

  private async step(): Promise<void> {
    // Run once kick has set `running`: a state change below must never
    // report nothing unsaved while a save starts (a window closing then
    // would not ask).
    await Promise.resolve()
    if (this.dirty) {
      this.dirty = false
      const base = this.base
      const rec = this.payload()
      this.saves++
      this.setState('saving')
      try {
        const res = await this.o.store.save(rec, base)
        if (this.disposed) return
        this.lastError = null
        this.refused.clear()
        for (const r of res.refused ?? []) this.refused.set(r.field, r)
        this.rebase(base, res.record, rec, res.conflicts ?? [])
        this.o.onSaved?.(res)
        this.setState(this.dirty ? 'pending' : 'saved')
      } catch (e) {
        this.dirty = !this.disposed // what was sent is still unsaved
        this.lastError = e
        this.setState('error')
        this.o.onError?.(e)
      }
      return
    }
    if (this.pullWanted) {
      this.pullWanted = false
      try {
        const fresh = await this.o.store.load()
        if (this.disposed) return
        this.rebase(this.base, fresh, null, [])
      } catch (e) {
        this.o.onError?.(e)
      }
    }
  }

  /**
   * The store holds `fresh`; the form was last based on `base`. Untouched
   * keys take the store's value. A key typed here and changed there is a
   * conflict: the store says so for a key a save sent (`conflicts`); for a
   * key it did not send (`sent`, or a reload) it is found here.
   */
  private rebase(base: R, fresh: R, sent: R | null, conflicts: string[]): void {
    const form = this.o.read()
    const updates: Rec = {}
    for (const k of keysOf(base, fresh)) {
      if (this.conflicts.has(k)) {
        if (same(form[k], fresh[k])) this.conflicts.delete(k)
        else this.conflicts.set(k, fresh[k])
        continue
      }
      if (same(form[k], base[k])) {
        if (!same(form[k], fresh[k])) updates[k] = fresh[k]
        continue
      }
      const wasSent = sent !== null && !same(sent[k], base[k])
      const clash = wasSent ? conflicts.includes(k) : !same(base[k], fresh[k]) && !same(form[k], fresh[k])
      if (clash) this.conflicts.set(k, fresh[k])
    }
    this.base = fresh
    if (Object.keys(updates).length) this.o.write(updates as Partial<R>)
    this.changed()
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
  }

  private setState(s: DraftState): void {
    this.state = s
    this.changed()
  }

  private changed(): void {
    this.o.onChange?.()
  }
}
