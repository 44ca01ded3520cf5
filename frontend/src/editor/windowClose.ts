// Closing the window while a form holds something not stored: Go holds the
// close (desktop.HoldClose) while the page has reported unsaved fields and
// sends window:close-requested; each open form with something not stored (a
// record page, a dialog over it) asks the person in turn, and the window
// quits when they all agree. A second close within Go's grace goes through
// unless the person answered by staying (a page that cannot answer never
// keeps the window open).
import { SetUnsaved, StayOpen } from '../../wailsjs/go/desktop/System'
import { EventsOn, Quit } from '../../wailsjs/runtime/runtime'

type Ask = () => Promise<boolean>

interface Guard {
  ask: Ask
  unsaved: number
}

const guards = new Set<Guard>()
let reported = 0
let listening = false

function listen() {
  if (listening) return
  listening = true
  try {
    EventsOn('window:close-requested', async () => {
      // the form opened last (a dialog over its page) asks first
      for (const g of [...guards].reverse()) {
        if (g.unsaved > 0 && !(await g.ask())) {
          // the person stays: the next close asks again
          await StayOpen().catch(() => undefined)
          return
        }
      }
      await report(0)
      Quit()
    })
  } catch {
    // no Wails runtime (the browser build, unit tests): beforeunload asks instead
  }
}

async function report(n: number) {
  if (n === reported) return
  reported = n
  try {
    await SetUnsaved(n)
  } catch {
    // no Go behind the page (unit tests)
  }
}

function total(): number {
  let n = 0
  for (const g of guards) n += g.unsaved
  return n
}

/** An open form: reports how many of its fields are not stored, and asks before the window closes while any is. */
export interface CloseGuard {
  /** How many fields are not stored now (0: nothing to ask). */
  report(n: number): void
  /** The form closed. */
  remove(): void
}

export function addCloseGuard(ask: Ask): CloseGuard {
  const g: Guard = { ask, unsaved: 0 }
  guards.add(g)
  listen()
  return {
    report(n) {
      g.unsaved = n
      if (guards.has(g)) void report(total())
    },
    remove() {
      guards.delete(g)
      void report(total())
    },
  }
}
