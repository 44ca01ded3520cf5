// Money is integer fen (分) everywhere Go sees it. The window edits 元 as text
// ("85.5") and converts with string arithmetic: no binary floating point ever
// touches an amount, so 0.1 + 0.2 problems cannot round a price.

const YUAN_RE = /^(\d{1,13})(?:\.(\d{0,2}))?$/

/**
 * Parse a 元 amount typed by a person into fen.
 * Accepts "85", "85.5", "85.50", ".5", "1,234.50", "¥12", surrounding spaces,
 * and a minus sign ("-260", "-¥5"): a negative amount is an amount, and Go says
 * on the field why it cannot be signed. Blank is 0. Returns null for anything
 * else (letters, 3 decimals).
 */
export function yuanToFen(input: string | null | undefined): number | null {
  const raw = (input ?? '').trim()
  if (raw === '') return 0
  const neg = /^[-－−]/.test(raw)
  let s = (neg ? raw.slice(1).trim() : raw).replace(/^[¥￥]\s*/, '')
  if (s === '') return null
  if (s.includes(',')) {
    // thousands separators only in groups of three before the decimal point
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return null
    s = s.replace(/,/g, '')
  }
  if (s.startsWith('.')) s = `0${s}`
  const m = YUAN_RE.exec(s)
  if (!m) return null
  const whole = m[1]
  const frac = (m[2] ?? '').padEnd(2, '0')
  const fen = Number(whole) * 100 + Number(frac)
  if (!Number.isSafeInteger(fen)) return null
  return neg ? -fen : fen
}

function splitFen(fen: number): { sign: string; whole: string; frac: string } {
  const n = Math.trunc(fen)
  const sign = n < 0 ? '-' : ''
  const abs = Math.abs(n)
  const whole = String(Math.trunc(abs / 100))
  const frac = String(abs % 100).padStart(2, '0')
  return { sign, whole, frac }
}

/** Fen as an editable 元 string: 8550 → "85.50", 0 → "0.00". */
export function fenToYuan(fen: number | null | undefined): string {
  const { sign, whole, frac } = splitFen(fen ?? 0)
  return `${sign}${whole}.${frac}`
}

/** Fen for display: 123450 → "¥1,234.50". */
export function formatFen(fen: number | null | undefined): string {
  const { sign, whole, frac } = splitFen(fen ?? 0)
  return `${sign}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`
}

/** Labour is entered in hours (steps of 0.25) and stored as whole minutes. */
export function hoursToMinutes(hours: number | null | undefined): number {
  if (hours == null || !Number.isFinite(hours) || hours <= 0) return 0
  return Math.round(hours * 60)
}

/** Minutes as hours for the editor: 90 → 1.5, 20 → 0.33 (two decimals at most). */
export function minutesToHours(minutes: number | null | undefined): number | null {
  if (!minutes) return null
  return Math.round((minutes / 60) * 100) / 100
}

/** Parts amount: qty × unit price (fen). */
export function partFen(qty: number | null | undefined, unitPriceFen: number | null | undefined): number {
  return Math.trunc(qty ?? 0) * Math.trunc(unitPriceFen ?? 0)
}

/** Labour fee as Go computes it: minutes × hourly rate / 60, rounded half up to a fen. */
export function labourFen(minutes: number | null | undefined, rateFen: number | null | undefined): number {
  const m = Math.trunc(minutes ?? 0)
  const r = Math.trunc(rateFen ?? 0)
  return Math.floor((m * r + 30) / 60)
}
