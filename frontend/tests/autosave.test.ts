import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AutosaveQueue, type AutosaveState } from '../src/api/autosave'

/** A save whose completion the test controls. */
function controlledSave() {
  const calls: { snapshot: string; resolve: () => void; reject: (e: unknown) => void }[] = []
  let inFlight = 0
  let maxInFlight = 0
  let value = ''
  const save = () =>
    new Promise<string>((resolve, reject) => {
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      const snapshot = value
      calls.push({
        snapshot,
        resolve: () => {
          inFlight--
          resolve(snapshot)
        },
        reject: (e) => {
          inFlight--
          reject(e)
        },
      })
    })
  return {
    save,
    calls,
    set: (v: string) => (value = v),
    get maxInFlight() {
      return maxInFlight
    },
  }
}

const tick = () => vi.advanceTimersByTimeAsync(0)

describe('AutosaveQueue', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('debounces edits into one save', async () => {
    const s = controlledSave()
    const states: AutosaveState[] = []
    const q = new AutosaveQueue({ save: s.save, delay: 400, onState: (st) => states.push(st) })
    for (const v of ['a', 'ab', 'abc']) {
      s.set(v)
      q.schedule()
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(s.calls).toHaveLength(0)
    expect(q.state).toBe('pending')
    await vi.advanceTimersByTimeAsync(400)
    expect(s.calls).toHaveLength(1)
    expect(s.calls[0].snapshot).toBe('abc')
    expect(q.state).toBe('saving')
    s.calls[0].resolve()
    await tick()
    expect(q.state).toBe('saved')
    expect(q.pending).toBe(false)
    expect(states).toEqual(['pending', 'pending', 'pending', 'saving', 'saved'])
  })

  it('never runs two saves at once and saves edits made during a save right after it', async () => {
    const s = controlledSave()
    const saved: string[] = []
    const q = new AutosaveQueue({ save: s.save, delay: 400, onSaved: (r) => saved.push(r) })
    s.set('one')
    q.schedule()
    await vi.advanceTimersByTimeAsync(400)
    expect(s.calls).toHaveLength(1)

    // edits during the save, past the debounce: still only one save in flight
    s.set('two')
    q.schedule()
    s.set('three')
    q.schedule()
    await vi.advanceTimersByTimeAsync(1000)
    expect(s.calls).toHaveLength(1)
    expect(q.state).toBe('saving')

    s.calls[0].resolve()
    await tick()
    // the coalesced follow-up save carries the latest text only
    expect(s.calls).toHaveLength(2)
    expect(s.calls[1].snapshot).toBe('three')
    s.calls[1].resolve()
    await tick()
    expect(saved).toEqual(['one', 'three'])
    expect(s.maxInFlight).toBe(1)
    expect(q.state).toBe('saved')
  })

  it('flush saves at once and resolves when everything is stored', async () => {
    const s = controlledSave()
    const q = new AutosaveQueue({ save: s.save, delay: 400 })
    s.set('typed')
    q.schedule()
    const done = q.flush()
    await tick()
    expect(s.calls).toHaveLength(1) // no waiting for the debounce
    let resolved: boolean | undefined
    void done.then((v) => (resolved = v))
    await tick()
    expect(resolved).toBeUndefined()
    s.calls[0].resolve()
    await tick()
    expect(resolved).toBe(true)
    // the debounce timer was cancelled: nothing else is saved
    await vi.advanceTimersByTimeAsync(1000)
    expect(s.calls).toHaveLength(1)
  })

  it('flush waits for a save in flight and the follow-up save', async () => {
    const s = controlledSave()
    const q = new AutosaveQueue({ save: s.save, delay: 400 })
    s.set('a')
    q.schedule()
    await vi.advanceTimersByTimeAsync(400)
    s.set('b')
    q.schedule()
    let resolved = false
    void q.flush().then(() => (resolved = true))
    s.calls[0].resolve()
    await tick()
    expect(s.calls).toHaveLength(2)
    expect(resolved).toBe(false)
    s.calls[1].resolve()
    await tick()
    expect(resolved).toBe(true)
    expect(s.maxInFlight).toBe(1)
  })

  it('flush with nothing to save resolves immediately', async () => {
    const s = controlledSave()
    const q = new AutosaveQueue({ save: s.save })
    await expect(q.flush()).resolves.toBe(true)
    expect(s.calls).toHaveLength(0)
  })

  it('keeps the edits after a failed save and retries them', async () => {
    const s = controlledSave()
    const errors: unknown[] = []
    const q = new AutosaveQueue({ save: s.save, delay: 400, onError: (e) => errors.push(e) })
    s.set('x')
    q.schedule()
    await vi.advanceTimersByTimeAsync(400)
    s.calls[0].reject({ code: 'internal' })
    await tick()
    expect(q.state).toBe('error')
    expect(q.pending).toBe(true)
    expect(errors).toEqual([{ code: 'internal' }])
    // no retry loop on its own
    await vi.advanceTimersByTimeAsync(5000)
    expect(s.calls).toHaveLength(1)

    const retried = q.retry()
    await tick()
    expect(s.calls).toHaveLength(2)
    expect(s.calls[1].snapshot).toBe('x')
    s.calls[1].resolve()
    await expect(retried).resolves.toBe(true)
    expect(q.state).toBe('saved')
  })

  it('flush reports a failure instead of looping', async () => {
    const s = controlledSave()
    const q = new AutosaveQueue({ save: s.save, delay: 400 })
    s.set('x')
    q.schedule()
    const done = q.flush()
    await tick()
    s.calls[0].reject(new Error('disk full'))
    await expect(done).resolves.toBe(false)
    expect(s.calls).toHaveLength(1)
  })

  it('a new edit after a failure schedules a save again', async () => {
    const s = controlledSave()
    const q = new AutosaveQueue({ save: s.save, delay: 400 })
    s.set('x')
    q.schedule()
    await vi.advanceTimersByTimeAsync(400)
    s.calls[0].reject(new Error('busy'))
    await tick()
    s.set('xy')
    q.schedule()
    await vi.advanceTimersByTimeAsync(400)
    expect(s.calls).toHaveLength(2)
    expect(s.calls[1].snapshot).toBe('xy')
  })

  it('dispose drops unsaved edits and stops scheduling', async () => {
    const s = controlledSave()
    const q = new AutosaveQueue({ save: s.save, delay: 400 })
    q.schedule()
    q.dispose()
    q.schedule()
    await vi.advanceTimersByTimeAsync(1000)
    expect(s.calls).toHaveLength(0)
    await expect(q.flush()).resolves.toBe(true)
  })
})
