// Helpers of Settings → 模板: the template list read from the export file, and
// Go's import errors (one per problem, each naming its line) in display form.
import type { Locale } from '../i18n'

export interface TemplateSummary {
  key: string
  version: number
  name: { zh: string; en?: string }
  groups: number
  items: number
}

/** The checklist templates (key, version, size) of an export file; [] if it does not parse. */
export function summarizeTemplates(text: string): TemplateSummary[] {
  try {
    const doc = JSON.parse(text) as { checklist_templates?: unknown }
    const list = Array.isArray(doc.checklist_templates) ? doc.checklist_templates : []
    return list.map((raw) => {
      const t = raw as { key?: string; version?: number; name?: { zh: string; en?: string }; groups?: { items?: unknown[] }[] }
      const groups = Array.isArray(t.groups) ? t.groups : []
      return {
        key: t.key ?? '',
        version: t.version ?? 0,
        name: t.name ?? { zh: t.key ?? '' },
        groups: groups.length,
        items: groups.reduce((n, g) => n + (Array.isArray(g.items) ? g.items.length : 0), 0),
      }
    })
  } catch {
    return []
  }
}

export interface ImportError {
  /** JSON path, e.g. checklist_templates[0].groups[1].items[3].kind; "" for the whole file. */
  field: string
  /** 1-based line named in the message, if any. */
  line: number | null
  message: string
}

/** Every field error of an import rejection (all of them, in Go's order). */
export function importErrors(raw: unknown, locale: Locale): ImportError[] {
  let r = raw
  if (typeof r === 'string' && r.trim().startsWith('{')) {
    try {
      r = JSON.parse(r)
    } catch {
      return []
    }
  }
  if (!r || typeof r !== 'object') return []
  const fields = (r as { fields?: unknown }).fields
  if (!Array.isArray(fields)) return []
  return fields.map((f) => {
    const x = (f ?? {}) as { field?: string; message?: string; message_en?: string }
    const zh = x.message ?? ''
    const en = x.message_en ?? ''
    const message = (locale === 'en' ? en || zh : zh || en).trim()
    const m = /第\s*(\d+)\s*行/.exec(zh) ?? /\bline\s+(\d+)/i.exec(en) ?? /\bline\s+(\d+)/i.exec(zh)
    return { field: x.field ?? '', line: m ? Number(m[1]) : null, message }
  })
}
