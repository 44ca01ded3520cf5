// Which of Go's issues a record page shows on the field while it is typed.
// Go lists everything that keeps a record from being signed; a field that is
// still empty is simply not done yet (the 还差 list says so), but a value that
// is there and wrong — a negative quantity, departure before arrival, a phone
// that is not one — is marked on its field at once.
import type { Locale } from '../i18n'

export interface GoFieldError {
  field: string
  message?: string
  message_en?: string
}

/** True for a value that is not there yet: null, blank text, an empty list. */
export function isBlank(v: unknown): boolean {
  if (v == null) return true
  if (typeof v === 'string') return v.trim() === ''
  if (Array.isArray(v)) return v.length === 0
  return false
}

/** Field path → message of the issues on fields that hold a value. */
export function inlineIssues(issues: readonly GoFieldError[] | null | undefined, valueAt: (path: string) => unknown, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of issues ?? []) {
    if (!i.field || i.field in out || isBlank(valueAt(i.field))) continue
    out[i.field] = (locale === 'en' ? i.message_en || i.message : i.message || i.message_en) ?? ''
  }
  return out
}
