// A form that is not yet a record (a new customer being typed) is kept on
// this laptop a moment after each edit, valid or not (Go's drafts table,
// never synced), so a closed dialog, a crash or a restart loses nothing: the
// form restores it when it opens again, and drops it when the record is
// created or the person discards it. Closing the window first waits for the
// last edit to be kept; it asks only when keeping it failed.
import { onBeforeUnmount, ref } from 'vue'
import { useDialog } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { addCloseGuard } from './windowClose'
import { askLeave } from './leaveGuard'

export type LocalDraftState = 'idle' | 'pending' | 'kept' | 'error'

export interface LocalDraftOptions {
  /** Keeps the form as it is now. */
  keep: () => Promise<void>
  /** Debounce after the last edit, ms. */
  delay?: number
}

export function useLocalDraft(o: LocalDraftOptions) {
  const { t } = useI18n()
  const dialog = useDialog()
  const state = ref<LocalDraftState>('idle')
  const delay = o.delay ?? 300
  let timer: ReturnType<typeof setTimeout> | null = null
  let dirty = false
  let running: Promise<void> | null = null
  let active = false

  const closeGuard = addCloseGuard(async () => {
    if (await flush()) return true
    return askLeave(dialog, t, t('editor.leaveUnsaved'))
  })
  const report = () => closeGuard.report(dirty || running || state.value === 'error' ? 1 : 0)

  function clearTimer() {
    if (timer !== null) {
      clearTimeout(timer)
      timer = null
    }
  }

  function write(): Promise<void> {
    dirty = false
    running = o
      .keep()
      .then(
        () => {
          state.value = dirty ? 'pending' : 'kept'
        },
        () => {
          dirty = true
          state.value = 'error'
        },
      )
      .finally(() => {
        running = null
        report()
      })
    return running
  }

  /** The form is open: edits are kept from now on. */
  function start() {
    active = true
    dirty = false
    state.value = 'idle'
    report()
  }

  /** Call after every edit of the form. */
  function edited() {
    if (!active) return
    dirty = true
    state.value = 'pending'
    clearTimer()
    timer = setTimeout(() => {
      timer = null
      void flush()
    }, delay)
    report()
  }

  /** Keeps what waits now; false when it could not be kept. */
  async function flush(): Promise<boolean> {
    clearTimer()
    while (running) await running
    if (dirty && active) await write()
    return !dirty
  }

  /** The form closed or its record was created: nothing more is kept (resolves when no write runs). */
  async function stop(): Promise<void> {
    active = false
    dirty = false
    clearTimer()
    while (running) await running
    state.value = 'idle'
    report()
  }

  onBeforeUnmount(() => {
    void flush().finally(() => closeGuard.remove())
  })

  return { state, start, edited, flush, stop }
}
