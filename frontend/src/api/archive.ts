// The archive clerk's workspace, pure logic: the inbox filter (carried as the
// paged list's query string), the audit trail's event details, and the series
// the statistics charts draw from archive.Report.

/** sqlite.InboxFilter: empty fields do not filter. */
export interface InboxFilter {
  from: string
  to: string
  technician: string
  customer: string
  job_type: string
  status: '' | 'submitted' | 'returned' | 'filed'
  j: '' | 'yes' | 'no'
  complete: '' | 'yes' | 'no'
  query: string
}

const KEYS: (keyof InboxFilter)[] = ['from', 'to', 'technician', 'customer', 'job_type', 'status', 'j', 'complete', 'query']
const ENUMS: Partial<Record<keyof InboxFilter, readonly string[]>> = {
  status: ['', 'submitted', 'returned', 'filed'],
  j: ['', 'yes', 'no'],
  complete: ['', 'yes', 'no'],
}

export function emptyFilter(): InboxFilter {
  return { from: '', to: '', technician: '', customer: '', job_type: '', status: '', j: '', complete: '', query: '' }
}

/** The filter with text trimmed and unknown enum values dropped. */
export function normalizeFilter(f: Partial<Record<keyof InboxFilter, unknown>>): InboxFilter {
  const out = emptyFilter() as unknown as Record<string, string>
  for (const k of KEYS) {
    const v = f[k]
    let s = typeof v === 'string' ? v.trim() : ''
    const allowed = ENUMS[k]
    if (allowed && !allowed.includes(s)) s = ''
    if ((k === 'from' || k === 'to') && s && !/^\d{4}-\d{2}-\d{2}$/.test(s)) s = ''
    out[k] = s
  }
  return out as unknown as InboxFilter
}

/**
 * The paged list's query string for a filter: JSON of the non-empty fields in
 * a fixed order, so equal filters give equal strings ('' for no filter).
 */
export function serializeFilter(f: Partial<InboxFilter>): string {
  const n = normalizeFilter(f)
  const o: Record<string, string> = {}
  for (const k of KEYS) if (n[k]) o[k] = n[k]
  return Object.keys(o).length ? JSON.stringify(o) : ''
}

/** The filter a query string stands for; anything unreadable is no filter. */
export function parseFilter(q: string): InboxFilter {
  if (!q.trim()) return emptyFilter()
  try {
    const v = JSON.parse(q)
    return v && typeof v === 'object' && !Array.isArray(v) ? normalizeFilter(v) : emptyFilter()
  } catch {
    return emptyFilter()
  }
}

/** How many fields of the filter are set (for the "clear" button). */
export function activeFilterCount(f: InboxFilter): number {
  return KEYS.filter((k) => normalizeFilter(f)[k] !== '').length
}

/** YYYY-MM-DD of a timestamp in the device's local time ('' for none). */
export function dayString(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return ''
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** Milliseconds of the local midnight of YYYY-MM-DD (null for ''). */
export function dayMs(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return null
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime()
}

// ---------------------------------------------------------------- hand-in

/** A document of the completeness check, as far as naming it goes. */
export interface NamedDoc {
  key: string
  name?: { zh?: string; en?: string }
}

export interface DocFieldError {
  /** The document key ('' for the job as a whole). */
  key: string
  /** The document's name in the locale; the key when the check does not list it; '' for the job. */
  label: string
  message: string
}

/**
 * Go's refusal to hand in an incomplete job carries one field error
 * documents.<key> per problem: each by document, named as the check names it.
 */
export function docFieldErrors(fields: Record<string, string>, docs: NamedDoc[], en: boolean): DocFieldError[] {
  return Object.entries(fields).map(([path, message]) => {
    const key = path.startsWith('documents.') ? path.slice('documents.'.length) : path
    const d = docs.find((x) => x.key === key)
    const label = d ? (en ? d.name?.en || d.name?.zh : d.name?.zh || d.name?.en) || key : key
    return { key, label, message }
  })
}

// ---------------------------------------------------------------- audit trail

/** An audit event's detail: json.RawMessage arrives parsed, as a string, or (rarely) as bytes. */
export function eventDetail(raw: unknown): Record<string, unknown> {
  let v: unknown = raw
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) {
    try {
      v = new TextDecoder().decode(new Uint8Array(v as number[]))
    } catch {
      return {}
    }
  }
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v)
    } catch {
      return {}
    }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

// ---------------------------------------------------------------- statistics

export interface Ratio {
  count: number
  total: number
  rate: number
}

export interface Bucket {
  key: string
  label: { message?: string; message_en?: string }
  jobs: number
  incomplete: Ratio
  j: Ratio
  follow_up: Ratio
  on_site_avg_minutes: number
  on_site_jobs: number
  /** Submitted jobs the archive returned at least once, of the submitted. */
  returned: Ratio
  /** Times returned, all together. */
  returns: number
}

/** A rate 0–1 as a percentage with one decimal ('—' when nothing was counted). */
export function percent(r: Ratio | null | undefined): string {
  if (!r || !r.total) return '—'
  return `${(Math.round(r.rate * 1000) / 10).toFixed(1)}%`
}

/** Percent value for a chart (null when nothing was counted, so no bar is drawn). */
export function ratePoint(r: Ratio | null | undefined): number | null {
  if (!r || !r.total) return null
  return Math.round(r.rate * 1000) / 10
}

/** Minutes as 1 h 25 min / 1 小时 25 分. */
export function formatMinutes(min: number, en: boolean): string {
  if (!Number.isFinite(min) || min <= 0) return '—'
  const m = Math.round(min)
  const h = Math.floor(m / 60)
  const r = m % 60
  if (en) return h ? `${h} h ${r} min` : `${r} min`
  return h ? `${h} 小时 ${r} 分` : `${r} 分钟`
}

export interface Series {
  labels: string[]
  values: (number | null)[]
}

/** One value per bucket, labelled in the locale. */
export function series(buckets: Bucket[] | null | undefined, pick: (b: Bucket) => number | null, en: boolean): Series {
  const bs = buckets ?? []
  return {
    labels: bs.map((b) => (en ? b.label?.message_en || b.label?.message : b.label?.message || b.label?.message_en) || b.key),
    values: bs.map(pick),
  }
}

/** How a document stands in the completeness check; also the suffix of its
 * i18n text (docOK, docProblems, docMissing, docNotNeeded). */
export type DocState = 'OK' | 'Problems' | 'Missing' | 'NotNeeded'

export function docState(d: { present: boolean; required: boolean; ok: boolean }): DocState {
  if (!d.present) return d.required ? 'Missing' : 'NotNeeded'
  return d.ok ? 'OK' : 'Problems'
}

/** A document's name in the locale (Chinese when it has no English), else its key. */
export function docName(d: { key: string; name?: { zh?: string; en?: string } }, en: boolean): string {
  return (en ? d.name?.en || d.name?.zh : d.name?.zh) || d.key
}
