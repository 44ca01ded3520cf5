import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

// The generated Wails bindings are replaced: each Status call answers when the test says.
vi.mock('../wailsjs/go/desktop/Sync', () => ({ Connect: vi.fn(), Issues: vi.fn(async () => []), Now: vi.fn(), Resolve: vi.fn(), Status: vi.fn() }))
vi.mock('../wailsjs/go/desktop/Settings', () => ({
  Get: vi.fn(async () => ({ language: 'zh-CN', technician: { name: '张伟' }, company: {}, setup: 'hub' })),
  Save: vi.fn(),
  Centre: vi.fn(async () => ({ record: { time_zone: '' }, held: false, editable: true })),
}))
vi.mock('../wailsjs/runtime/runtime', () => ({ EventsOn: vi.fn() }))

import { Connect, Now, Status } from '../wailsjs/go/desktop/Sync'
import { useSyncStore, type SyncStatus } from '../src/stores/sync'

const status = (connected: boolean, extra: Partial<SyncStatus> = {}) =>
  ({ connected, online: connected, running: false, pending: 0, open_issues: 0, user: connected ? { name: '张伟', role: 'technician' } : {}, ...extra }) as unknown as SyncStatus

/** A Status call the test answers later. */
function heldStatus() {
  let answer!: (s: SyncStatus) => void
  vi.mocked(Status).mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
  return (s: SyncStatus) => answer(s)
}

describe('sync store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(Status).mockReset()
  })

  it('keeps the connection Connect reports when a poll Go answered before the enrolment comes back after it', async () => {
    const store = useSyncStore()
    const answerPoll = heldStatus() // a poll under way while the enrolment runs
    const polled = store.refresh()
    vi.mocked(Connect).mockResolvedValueOnce(status(true))
    await store.connect('https://hub.example', 'ABCD-EFGH', false)
    expect(store.connected).toBe(true)
    answerPoll(status(false)) // the poll's answer, from before the enrolment, arrives last
    await polled
    expect(store.connected).toBe(true)
    expect(store.role).toBe('technician')
  })

  it('shows the latest answer when two polls come back out of order', async () => {
    const store = useSyncStore()
    const answerFirst = heldStatus()
    const first = store.refresh()
    vi.mocked(Status).mockResolvedValueOnce(status(true, { pending: 0 }))
    await store.refresh()
    answerFirst(status(true, { pending: 3 }))
    await first
    expect(store.status?.pending).toBe(0)
  })

  it('after a sync shows its end, not a poll from while it ran', async () => {
    const store = useSyncStore()
    vi.mocked(Status).mockResolvedValueOnce(status(true, { running: true }))
    await store.refresh()
    const answerPoll = heldStatus() // asked while the sync runs
    const polled = store.refresh()
    vi.mocked(Now).mockResolvedValueOnce({ pushed: 1, pulled: 0, conflicts: 0, rejected: 0 } as never)
    vi.mocked(Status).mockResolvedValueOnce(status(true, { running: false }))
    await store.now()
    answerPoll(status(true, { running: true }))
    await polled
    expect(store.status?.running).toBe(false)
  })
})
