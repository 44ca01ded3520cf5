// Display helpers shared by the pages: dates in the service centre's wall time
// (api/zone: Asia/Shanghai unless the settings say otherwise, whatever zone
// the laptop is in), Go's bilingual messages, status tag colours.
import type { Locale } from '../i18n'
import { toMs } from './visitForm'
import { wallTime } from './zone'

const pad = (n: number) => String(n).padStart(2, '0')

/** 2026-11-27 14:05 in the centre's zone. */
export function formatDateTime(v: unknown): string {
  const ms = toMs(v)
  if (ms == null) return ''
  const w = wallTime(ms)
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`
}

/** 2026-11-27. */
export function formatDate(v: unknown): string {
  return formatDateTime(v).slice(0, 10)
}

/** 12:03:45. */
export function formatClock(v: unknown): string {
  const ms = toMs(v)
  if (ms == null) return ''
  const w = wallTime(ms)
  return `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`
}

/** Go's Message {message (zh), message_en} in the locale. */
export function goText(m: { message?: string; message_en?: string } | null | undefined, locale: Locale): string {
  if (!m) return ''
  return locale === 'en' ? m.message_en || m.message || '' : m.message || m.message_en || ''
}

export type TagType = 'default' | 'info' | 'success' | 'warning' | 'error' | 'primary'

export function jobStatusType(status: string): TagType {
  switch (status) {
    case 'in_progress':
      return 'info'
    case 'completed':
      return 'success'
    case 'submitted':
      return 'primary'
    case 'filed':
      return 'default'
    case 'returned':
      return 'error'
    default:
      return 'warning'
  }
}

export function warrantyType(w: string): TagType {
  return w === 'in' ? 'success' : w === 'out' ? 'error' : 'default'
}
