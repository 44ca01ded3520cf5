import { describe, expect, it, vi } from 'vitest'
import { createPagedList } from '../src/api/paged'

function fakeBackend(total: number) {
  const calls: [string, number, number][] = []
  const fetch = vi.fn(async (q: string, offset: number, limit: number) => {
    calls.push([q, offset, limit])
    const n = Math.max(0, Math.min(limit, total - offset))
    return { total, rows: Array.from({ length: n }, (_, i) => `${q}#${offset + i}`) }
  })
  return { fetch, calls }
}

describe('paged list', () => {
  it('loads only the first page on reset', async () => {
    const b = fakeBackend(10_000)
    const list = createPagedList(b.fetch, 50)
    await list.reset('')
    expect(b.calls).toEqual([['', 0, 50]])
    expect(list.state.total).toBe(10_000)
    expect(list.row(0)).toBe('#0')
    expect(list.row(49)).toBe('#49')
    expect(list.row(50)).toBeUndefined()
  })

  it('fetches the pages of a visible range once', async () => {
    const b = fakeBackend(10_000)
    const list = createPagedList(b.fetch, 50)
    await list.reset('')
    await Promise.all([list.ensureRange(120, 160), list.ensureRange(130, 170)])
    expect(b.calls.map((c) => c[1])).toEqual([0, 100, 150])
    expect(list.row(160)).toBe('#160')
    await list.ensureRange(0, 199)
    expect(b.calls.map((c) => c[1])).toEqual([0, 100, 150, 50])
  })

  it('keeps the first page\'s total when later pages say -1', async () => {
    const fetch = vi.fn(async (_q: string, offset: number, limit: number) => ({
      total: offset === 0 ? 120 : -1,
      rows: Array.from({ length: Math.min(limit, 120 - offset) }, (_, i) => offset + i),
    }))
    const list = createPagedList(fetch, 50)
    await list.reset('')
    await list.ensureRange(50, 119)
    expect(list.state.total).toBe(120)
    expect(list.row(119)).toBe(119)
  })

  it('scrolls past a count that stopped at its limit, and ends where the rows end', async () => {
    // 230 rows match; the count stops at 100 and says more.
    const fetch = vi.fn(async (_q: string, offset: number, limit: number) => ({
      total: offset === 0 ? 100 : -1,
      more: offset === 0,
      rows: Array.from({ length: Math.max(0, Math.min(limit, 230 - offset)) }, (_, i) => offset + i),
    }))
    const list = createPagedList(fetch, 50)
    await list.reset('')
    expect([list.state.total, list.state.more, list.state.length]).toEqual([100, true, 100])
    await list.ensureRange(50, 99)
    expect(list.state.length).toBe(150)
    await list.ensureRange(100, 149)
    await list.ensureRange(150, 199)
    await list.ensureRange(200, 249)
    expect(list.row(229)).toBe(229)
    expect(list.state.length).toBe(230)
    expect(list.state.total).toBe(100)
    await list.ensureRange(0, 1000)
    expect(fetch.mock.calls.map((c) => c[1])).toEqual([0, 50, 100, 150, 200])
  })

  it('does not ask past the end', async () => {
    const b = fakeBackend(60)
    const list = createPagedList(b.fetch, 50)
    await list.reset('')
    await list.ensureRange(40, 500)
    expect(b.calls.map((c) => c[1])).toEqual([0, 50])
    expect(list.row(59)).toBe('#59')
  })

  it('drops answers to an older query', async () => {
    let release!: () => void
    const slow = new Promise<void>((r) => (release = r))
    const fetch = vi.fn(async (q: string, offset: number) => {
      if (q === 'old') await slow
      return { total: 1, rows: [`${q}@${offset}`] }
    })
    const list = createPagedList(fetch, 50)
    const old = list.reset('old')
    await list.reset('new')
    release()
    await old
    expect(list.state.query).toBe('new')
    expect(list.row(0)).toBe('new@0')
  })

  it('keeps the error of a failed page', async () => {
    const list = createPagedList(async () => {
      throw { code: 'internal' }
    })
    await list.reset('x')
    expect(list.state.error).toEqual({ code: 'internal' })
    expect(list.state.loading).toBe(false)
  })
})
