// A dialog's refusals: a message on each refused field, and one over the form
// that says why nothing was saved — the dialog's own "check the marked
// fields" when fields were refused, else the error's own message.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { normalizeError } from '../api/errors'
import type { Locale } from '../i18n'

/** failedKey: the i18n key of the dialog's "check the marked fields". */
export function useFormErrors(failedKey: string) {
  const { t, locale } = useI18n()
  const errors = ref<Record<string, string>>({})
  const formError = ref('')
  const busy = ref(false)

  function clear() {
    errors.value = {}
    formError.value = ''
  }
  /** Shows the refusals the dialog set on errors itself; true when there are any. */
  function refused(): boolean {
    if (!Object.keys(errors.value).length) return false
    formError.value = t(failedKey)
    return true
  }
  /** Shows what Go (or the hub) refused. */
  function fail(e: unknown) {
    const err = normalizeError(e, locale.value as Locale)
    errors.value = err.fields
    formError.value = Object.keys(err.fields).length ? t(failedKey) : err.message
  }
  /** Runs the dialog's work (busy meanwhile) and shows what it was refused. */
  async function attempt(work: () => Promise<void>) {
    busy.value = true
    try {
      await work()
    } catch (e) {
      fail(e)
    } finally {
      busy.value = false
    }
  }
  return { errors, formError, busy, clear, refused, fail, attempt }
}
