// Normalises the value of a rejected binding promise into one shape for the UI.
//
// Go's ErrorFormatter rejects with
//   { code, message, message_en, fields?: [{ field, message, message_en }] }
// and in rare cases with a plain string (possibly JSON). A JS failure (e.g. a
// network error in the E2E shim) arrives as an Error.
import { messages, type Locale } from '../i18n'

export interface AppError {
  code: string
  /** Message in the requested locale. */
  message: string
  /** Field path (JSON names joined by dots, e.g. "technician.phone") → message in the locale. */
  fields: Record<string, string>
}

interface RawFieldError {
  field?: unknown
  message?: unknown
  message_en?: unknown
}

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : ''
}

function pick(locale: Locale, zh: unknown, en: unknown): string {
  const a = text(zh)
  const b = text(en)
  return locale === 'en' ? b || a : a || b
}

function codeMessage(code: string, locale: Locale): string {
  const codes = messages[locale].errors.codes as Record<string, string>
  return codes[code] ?? messages[locale].errors.unknown
}

export function normalizeError(raw: unknown, locale: Locale): AppError {
  if (typeof raw === 'string') {
    const s = raw.trim()
    if (s.startsWith('{')) {
      try {
        return normalizeError(JSON.parse(s), locale)
      } catch {
        // not JSON: a plain message
      }
    }
    return { code: 'internal', message: s || messages[locale].errors.unknown, fields: {} }
  }

  if (raw instanceof Error) {
    return { code: 'internal', message: raw.message || messages[locale].errors.unknown, fields: {} }
  }

  if (!raw || typeof raw !== 'object') {
    return { code: 'internal', message: messages[locale].errors.unknown, fields: {} }
  }

  const r = raw as Record<string, unknown>
  const code = text(r.code) || 'internal'
  const fields: Record<string, string> = {}
  if (Array.isArray(r.fields)) {
    for (const f of r.fields as RawFieldError[]) {
      if (!f || typeof f !== 'object') continue
      const path = text(f.field)
      if (!path) continue
      const msg = pick(locale, f.message, f.message_en) || codeMessage(code, locale)
      // Keep the first message for a field: it is the one Go found first.
      if (!(path in fields)) fields[path] = msg
    }
  }
  const message = pick(locale, r.message, r.message_en) || codeMessage(code, locale)
  return { code, message, fields }
}

/** Convenience for a field lookup that tolerates a missing error. */
export function fieldError(err: AppError | null | undefined, path: string): string | undefined {
  return err?.fields[path]
}
