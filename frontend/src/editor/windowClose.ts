// Closing the window while a record page holds something not stored: Go holds
// the close (desktop.HoldClose) while the page has reported unsaved fields and
// sends window:close-requested; the open page asks the person and quits when
// they agree. A second close within Go's grace always goes through.
import { SetUnsaved } from '../../wailsjs/go/desktop/System'
import { EventsOn, Quit } from '../../wailsjs/runtime/runtime'

type Guard = () => Promise<boolean>

let guard: Guard | null = null
let reported = 0
let listening = false

function listen() {
  if (listening) return
  listening = true
  try {
    EventsOn('window:close-requested', async () => {
      const ok = guard ? await guard() : true
      if (!ok) return
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

/** The open record page: how to ask before the window closes. */
export function setCloseGuard(g: Guard | null): void {
  guard = g
  if (g) listen()
  else void report(0)
}

/** How many fields the open page has not stored (0: the window closes without asking). */
export function reportUnsaved(n: number): void {
  void report(n)
}
