import { beforeEach, describe, expect, it, vi } from 'vitest'

// The window's close with forms open (editor/windowClose), against a stand-in
// for the Wails runtime: Go's close event, SetUnsaved, StayOpen and Quit.
const calls: string[] = []
let onClose: (() => Promise<void>) | null = null
vi.mock('../wailsjs/go/desktop/System', () => ({
  SetUnsaved: async (n: number) => void calls.push(`unsaved ${n}`),
  StayOpen: async () => void calls.push('stay'),
}))
vi.mock('../wailsjs/runtime/runtime', () => ({
  EventsOn: (name: string, cb: () => Promise<void>) => {
    if (name === 'window:close-requested') onClose = cb
  },
  Quit: () => void calls.push('quit'),
}))

const { addCloseGuard } = await import('../src/editor/windowClose')

describe('closing the window', () => {
  beforeEach(() => {
    calls.length = 0
  })

  it('reports the fields of every open form together, and asks the form opened last first', async () => {
    const asked: string[] = []
    let pageSays = true
    const page = addCloseGuard(async () => (asked.push('page'), pageSays))
    const dialog = addCloseGuard(async () => (asked.push('dialog'), true))
    page.report(2)
    dialog.report(1)
    await Promise.resolve()
    expect(calls).toEqual(['unsaved 2', 'unsaved 3'])

    // both agree: the dialog asks, then the page; the window quits
    await onClose!()
    expect(asked).toEqual(['dialog', 'page'])
    expect(calls.slice(-2)).toEqual(['unsaved 0', 'quit'])

    // the page's person stays: Go is told (the next close asks again), nothing quits
    asked.length = 0
    calls.length = 0
    pageSays = false
    page.report(2)
    await onClose!()
    expect(asked).toEqual(['dialog', 'page'])
    expect(calls).toContain('stay')
    expect(calls).not.toContain('quit')

    // a form with nothing unsaved is not asked; a closed form no longer counts
    asked.length = 0
    dialog.report(0)
    dialog.remove()
    page.report(0)
    await onClose!()
    expect(asked).toEqual([])
    expect(calls[calls.length - 1]).toBe('quit')
    page.remove()
  })
})
