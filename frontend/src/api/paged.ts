// A page cache behind a virtual list: rows are fetched by offset in pages of
// `pageSize` as the list scrolls to them, never all at once. A new query drops
// the cache; answers to an older query are ignored.
import { reactive } from 'vue'

export interface Page<T> {
  total: number
  /** The count stopped at its limit: more than total rows match. */
  more?: boolean
  /** A search while its index is still being built: how far the build is. */
  indexing?: { done: number; total: number }
  rows: T[] | null
}

export type PageFetcher<T> = (query: string, offset: number, limit: number) => Promise<Page<T>>

export interface PagedList<T> {
  readonly state: {
    query: string
    /** Number of matches; null until the first page of the query has arrived. */
    total: number | null
    /** The count stopped at its limit (total is a floor). */
    more: boolean
    /**
     * Rows the list can scroll through: total, or past a count that stopped
     * at its limit, as far as full pages keep arriving.
     */
    length: number
    /** Percent of the search index built, for a search made before it was; else null. */
    indexingPct: number | null
    /** Pages by index (page i holds rows i*pageSize …). */
    pages: Map<number, T[]>
    loading: boolean
    /** Raw rejection of the last failed fetch. */
    error: unknown
  }
  readonly pageSize: number
  /** Start over with a new query (loads its first page). */
  reset(query: string): Promise<void>
  /** Make sure the rows first..last (inclusive) are loaded or loading. */
  ensureRange(first: number, last: number): Promise<void>
  /** The row at index, or undefined while its page is not loaded. */
  row(index: number): T | undefined
  /** Reload the pages that are loaded (after a change elsewhere). */
  refresh(): Promise<void>
}

export function createPagedList<T>(fetch: PageFetcher<T>, pageSize = 50): PagedList<T> {
  const state = reactive({
    query: '',
    total: null as number | null,
    more: false,
    length: 0,
    indexingPct: null as number | null,
    pages: new Map<number, T[]>(),
    loading: false,
    error: null as unknown,
  }) as PagedList<T>['state']
  let generation = 0
  const inFlight = new Map<number, Promise<void>>()

  function load(page: number): Promise<void> {
    const running = inFlight.get(page)
    if (running) return running
    const gen = generation
    const q = state.query
    state.loading = true
    const p = (async () => {
      try {
        const got = await fetch(q, page * pageSize, pageSize)
        if (gen !== generation) return
        // Later pages say -1: the first page's total stands.
        if (got.total >= 0 || state.total === null) {
          state.total = Math.max(got.total, 0)
          state.more = !!got.more
          state.length = Math.max(state.length, state.total)
          const ix = got.indexing
          state.indexingPct = ix ? (ix.total > 0 ? Math.floor((ix.done * 100) / ix.total) : 0) : null
        }
        const rows = got.rows ?? []
        state.pages.set(page, rows)
        // Past a bounded count the list grows a page at a time while the
        // last page arrives full, and ends where one arrives short.
        if (state.more) {
          const end = page * pageSize + rows.length
          if (rows.length < pageSize) state.length = end
          else if (end >= state.length) state.length = end + pageSize
        }
        state.error = null
      } catch (e) {
        if (gen === generation) state.error = e
      } finally {
        if (gen === generation) {
          inFlight.delete(page)
          state.loading = inFlight.size > 0
        }
      }
    })()
    inFlight.set(page, p)
    return p
  }

  async function ensureRange(first: number, last: number): Promise<void> {
    const lo = Math.max(0, Math.floor(first / pageSize))
    let hi = Math.max(lo, Math.floor(Math.max(first, last) / pageSize))
    if (state.total !== null) hi = Math.min(hi, Math.max(0, Math.ceil(state.length / pageSize) - 1))
    const waits: Promise<void>[] = []
    for (let p = lo; p <= hi; p++) {
      if (!state.pages.has(p)) waits.push(load(p))
    }
    await Promise.all(waits)
  }

  async function reset(query: string): Promise<void> {
    generation++
    inFlight.clear()
    state.query = query
    state.total = null
    state.more = false
    state.length = 0
    state.indexingPct = null
    state.pages.clear()
    state.error = null
    state.loading = false
    await load(0)
  }

  async function refresh(): Promise<void> {
    const loaded = [...state.pages.keys()]
    generation++
    inFlight.clear()
    state.loading = false
    await Promise.all((loaded.length ? loaded : [0]).map((p) => load(p)))
  }

  function row(index: number): T | undefined {
    return state.pages.get(Math.floor(index / pageSize))?.[index % pageSize]
  }

  return { state, pageSize, reset, ensureRange, row, refresh }
}
