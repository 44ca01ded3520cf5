// The service record form (服务确认单) as the window edits it, and its
// conversion to and from the Go Visit. Money is edited as 元 text and labour
// as hours; Go stores fen and minutes. Times are epoch ms in the editor and
// ISO strings (or null) for Go.
import type { fieldbook } from '../../wailsjs/go/models'
import { fenToYuan, hoursToMinutes, labourFen, minutesToHours, partFen, yuanToFen } from './money'

export const PAYMENT_METHODS = [
  'cash',
  'wechat',
  'alipay',
  'bank_transfer',
  'card',
  'monthly',
  'warranty_free',
  'contract',
] as const
export const OLD_PARTS = ['returned_to_customer', 'taken_by_technician', 'recycled', 'scrapped', 'none'] as const
export const ASSET_KINDS = ['product', 'equipment', 'vehicle'] as const
export const EQUIPMENT_CLASSES = ['A', 'B', 'C'] as const
export const TIME_FIELDS = ['appointment_at', 'arrived_at', 'departed_at', 'follow_up_at'] as const
export type TimeField = (typeof TIME_FIELDS)[number]

export const TEXT_FIELDS = [
  'fault_symptoms',
  'customer_requirement',
  'repair_history',
  'diagnosis',
  'work_performed',
  'result',
] as const
export type TextField = (typeof TEXT_FIELDS)[number]

export interface PartRow {
  catalogue_no: string
  name: string
  qty: number | null
  /** Unit price in 元 as typed. */
  price: string
}

export interface LabourRow {
  description: string
  hours: number | null
  /** Hourly rate in 元 as typed. */
  rate: string
}

export interface VisitForm {
  customer: { name: string; company: string; phone: string; address: string }
  asset: {
    kind: string
    model: string
    serial: string
    plate: string
    purchase_date: string
    warranty: string
    equipment_class: string
  }
  fault_symptoms: string
  customer_requirement: string
  repair_history: string
  diagnosis: string
  work_performed: string
  result: string
  parts: PartRow[]
  labour: LabourRow[]
  payment_method: string | null
  old_parts: string | null
  appointment_at: number | null
  arrived_at: number | null
  departed_at: number | null
  follow_up: string
  follow_up_at: number | null
  satisfaction: number
  customer_comments: string
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** ISO string (or anything Date.parse reads) → epoch ms; null for none. */
export function toMs(v: unknown): number | null {
  if (v == null || v === '') return null
  if (typeof v === 'number') return v
  const ms = Date.parse(String(v))
  // Go's zero time means "unset"
  if (!Number.isFinite(ms) || ms <= Date.UTC(1, 0, 2)) return null
  return ms
}

export function toIso(ms: number | null | undefined): string | null {
  return ms == null ? null : new Date(ms).toISOString()
}

export function emptyPart(): PartRow {
  return { catalogue_no: '', name: '', qty: 1, price: '' }
}

/** The centre's default labour rate (fen per hour; 0: none), which a new labour line starts with. */
let defaultRateFen = 0

/** Sets the centre's default labour rate (the settings store does, from the centre's settings). */
export function setDefaultLabourRate(fen: number): void {
  defaultRateFen = Number.isFinite(fen) && fen > 0 ? Math.round(fen) : 0
}

export function emptyLabour(): LabourRow {
  return { description: '', hours: null, rate: defaultRateFen ? fenToYuan(defaultRateFen) : '' }
}

/** A catalogue item picked for a parts line: its code, name and price, one of it (all still editable). */
export function partFromCatalogue(it: { code: string; name: string; price_fen: number }): PartRow {
  return { catalogue_no: it.code, name: it.name, qty: 1, price: fenToYuan(it.price_fen) }
}

/** A labour item picked for a labour line: its name and its rate; the hours are the technician's. */
export function labourFromCatalogue(it: { name: string; price_fen: number }): LabourRow {
  return { description: it.name, hours: null, rate: fenToYuan(it.price_fen) }
}

export function formFromVisit(raw: fieldbook.Visit | Record<string, unknown>): VisitForm {
  const v = raw as unknown as Record<string, unknown>
  const c = (v.customer ?? {}) as Record<string, unknown>
  const a = (v.asset ?? {}) as Record<string, unknown>
  const parts = Array.isArray(v.parts) ? (v.parts as Record<string, unknown>[]) : []
  const labour = Array.isArray(v.labour) ? (v.labour as Record<string, unknown>[]) : []
  return {
    customer: { name: str(c.name), company: str(c.company), phone: str(c.phone), address: str(c.address) },
    asset: {
      kind: str(a.kind),
      model: str(a.model),
      serial: str(a.serial),
      plate: str(a.plate),
      purchase_date: str(a.purchase_date),
      warranty: str(a.warranty),
      equipment_class: str(a.equipment_class),
    },
    fault_symptoms: str(v.fault_symptoms),
    customer_requirement: str(v.customer_requirement),
    repair_history: str(v.repair_history),
    diagnosis: str(v.diagnosis),
    work_performed: str(v.work_performed),
    result: str(v.result),
    parts: parts.map((p) => ({
      catalogue_no: str(p.catalogue_no),
      name: str(p.name),
      qty: typeof p.qty === 'number' ? p.qty : null,
      price: p.unit_price_fen ? fenToYuan(num(p.unit_price_fen)) : '',
    })),
    labour: labour.map((l) => ({
      description: str(l.description),
      hours: minutesToHours(num(l.minutes)),
      rate: l.rate_fen ? fenToYuan(num(l.rate_fen)) : '',
    })),
    payment_method: str(v.payment_method) || null,
    old_parts: str(v.old_parts) || null,
    appointment_at: toMs(v.appointment_at),
    arrived_at: toMs(v.arrived_at),
    departed_at: toMs(v.departed_at),
    follow_up: str(v.follow_up),
    follow_up_at: toMs(v.follow_up_at),
    satisfaction: num(v.satisfaction),
    customer_comments: str(v.customer_comments),
  }
}

/**
 * The Go Visit for a form: identity from `base` (the revision as loaded),
 * content from the form. A price that is not a valid amount is sent as
 * `fallbackFen(path)` (its last valid value) so a typo never erases a price.
 */
export function visitFromForm(
  base: fieldbook.Visit,
  f: VisitForm,
  fallbackFen: (path: string) => number = () => 0,
): fieldbook.Visit {
  const out = {
    ...(base as unknown as Record<string, unknown>),
    customer: { ...f.customer },
    asset: { ...f.asset },
    fault_symptoms: f.fault_symptoms,
    customer_requirement: f.customer_requirement,
    repair_history: f.repair_history,
    diagnosis: f.diagnosis,
    work_performed: f.work_performed,
    result: f.result,
    parts: f.parts.map((p, i) => ({
      catalogue_no: p.catalogue_no,
      name: p.name,
      qty: p.qty == null ? 0 : Math.trunc(p.qty),
      unit_price_fen: yuanToFen(p.price) ?? fallbackFen(`parts.${i}.unit_price_fen`),
    })),
    labour: f.labour.map((l, i) => ({
      description: l.description,
      minutes: hoursToMinutes(l.hours),
      rate_fen: yuanToFen(l.rate) ?? fallbackFen(`labour.${i}.rate_fen`),
    })),
    payment_method: f.payment_method ?? '',
    old_parts: f.old_parts ?? '',
    appointment_at: toIso(f.appointment_at),
    arrived_at: toIso(f.arrived_at),
    departed_at: toIso(f.departed_at),
    follow_up: f.follow_up,
    follow_up_at: toIso(f.follow_up_at),
    satisfaction: Math.trunc(f.satisfaction || 0),
    customer_comments: f.customer_comments,
  }
  return out as unknown as fieldbook.Visit
}

export interface Totals {
  parts_fen: number
  labour_fen: number
  total_fen: number
}

/** Live totals of the form, computed as Go computes them. Invalid amounts count as 0. */
export function formTotals(f: VisitForm): Totals {
  let parts = 0
  let labour = 0
  for (const p of f.parts) parts += partFen(p.qty, yuanToFen(p.price) ?? 0)
  for (const l of f.labour) labour += labourFen(hoursToMinutes(l.hours), yuanToFen(l.rate) ?? 0)
  return { parts_fen: parts, labour_fen: labour, total_fen: parts + labour }
}

/** The content keys of a visit the form edits (the store merges by these). */
export const VISIT_KEYS = [
  'customer',
  'asset',
  ...TEXT_FIELDS,
  'parts',
  'labour',
  'payment_method',
  'old_parts',
  ...TIME_FIELDS,
  'follow_up',
  'satisfaction',
  'customer_comments',
] as const

export type VisitRecord = Record<string, unknown>

/** The form's content as the store keys it (Go's JSON values). */
export function recordFromForm(
  f: VisitForm,
  fallbackFen: (path: string) => number = () => 0,
): VisitRecord {
  const v = visitFromForm({} as fieldbook.Visit, f, fallbackFen) as unknown as Record<string, unknown>
  return Object.fromEntries(VISIT_KEYS.map((k) => [k, v[k]]))
}

/** A stored visit's content, in the same shape as recordFromForm gives (times and amounts as the form writes them). */
export function recordFromVisit(v: fieldbook.Visit | Record<string, unknown>): VisitRecord {
  const form = formFromVisit(v)
  const raw = v as unknown as Record<string, Record<string, number>[]>
  return recordFromForm(form, (path) => {
    const [list, i, field] = path.split('.')
    return raw[list]?.[Number(i)]?.[field] ?? 0
  })
}

/** The form's values of these content keys of a record. */
export function formPart(rec: VisitRecord): Partial<VisitForm> {
  const full = formFromVisit(rec)
  return Object.fromEntries(Object.keys(rec).filter((k) => k in full).map((k) => [k, full[k as keyof VisitForm]])) as Partial<VisitForm>
}
