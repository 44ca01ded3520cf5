// Pure logic of the checklist page (验收单 / 验房 / 检查单): item outcomes and
// progress as Go counts them (jobtype.Outcome / Progress), the answer diff that
// autosave sends (only changed items; {} clears one), the group 全部合格 patch,
// and the keyboard map (key → action). No Vue, no bindings: unit-tested.

export type ItemKind = 'pass_fail' | 'number' | 'text' | 'photo' | 'date' | 'list'

/** Kinds whose answer is its text (a date 2026-12-07; a list, one entry a line). */
export const TEXT_KINDS: readonly string[] = ['text', 'date', 'list']
export type Result = 'pass' | 'fail' | 'na'

export interface Answer {
  result?: string
  number?: number
  text?: string
  note?: string
  photo_sha256?: string[]
}

export type Answers = Record<string, Answer>

export interface ItemDef {
  key: string
  kind: string
  unit?: string
  min?: number
  max?: number
  photo_on_fail?: boolean
}

export interface GroupDef<I extends ItemDef = ItemDef> {
  items: I[]
}

/** A copy without empty parts: what Go stores for the answer (omitempty). */
export function normalizeAnswer(a: Answer | null | undefined): Answer {
  const out: Answer = {}
  if (!a) return out
  if (a.result) out.result = a.result
  if (typeof a.number === 'number' && Number.isFinite(a.number)) out.number = a.number
  if (a.text) out.text = a.text
  if (a.note) out.note = a.note
  if (a.photo_sha256 && a.photo_sha256.length) out.photo_sha256 = [...a.photo_sha256]
  return out
}

export function isEmptyAnswer(a: Answer | null | undefined): boolean {
  return Object.keys(normalizeAnswer(a)).length === 0
}

export function sameAnswer(a: Answer | null | undefined, b: Answer | null | undefined): boolean {
  const x = normalizeAnswer(a)
  const y = normalizeAnswer(b)
  return (
    x.result === y.result &&
    x.number === y.number &&
    x.text === y.text &&
    x.note === y.note &&
    (x.photo_sha256 ?? []).join(',') === (y.photo_sha256 ?? []).join(',')
  )
}

/** The items whose answer differs from what Go has: changed ones whole, cleared ones as {}. */
export function diffAnswers(saved: Answers, current: Answers): Answers {
  const out: Answers = {}
  const keys = new Set([...Object.keys(saved), ...Object.keys(current)])
  for (const k of keys) {
    if (sameAnswer(saved[k], current[k])) continue
    out[k] = normalizeAnswer(current[k])
  }
  return out
}

/** `saved` after Go accepted `patch` (a {} entry removes the item). */
export function applyPatch(saved: Answers, patch: Answers): Answers {
  const out: Answers = { ...saved }
  for (const [k, a] of Object.entries(patch)) {
    if (isEmptyAnswer(a)) delete out[k]
    else out[k] = normalizeAnswer(a)
  }
  return out
}

export function outOfLimits(item: ItemDef, x: number): boolean {
  return Number.isNaN(x) || (item.min != null && x < item.min) || (item.max != null && x > item.max)
}

/** Same rule as Go's jobtype.Outcome: pass | fail | na | done, or '' while unanswered. */
export function outcome(item: ItemDef, a: Answer | null | undefined): string {
  if (!a) return ''
  switch (item.kind) {
    case 'pass_fail':
      return a.result === 'pass' || a.result === 'fail' || a.result === 'na' ? a.result : ''
    case 'number':
      if (typeof a.number === 'number' && outOfLimits(item, a.number)) return 'fail'
      if (a.result === 'fail') return 'fail'
      if (typeof a.number === 'number') return 'pass'
      if (a.result === 'na') return 'na'
      return ''
    case 'text':
      if (a.result === 'na') return 'na'
      return (a.text ?? '').trim() ? 'done' : ''
    case 'photo':
      if (a.result === 'na') return 'na'
      return (a.photo_sha256 ?? []).length ? 'done' : ''
    case 'date':
      if (a.result === 'na') return 'na'
      return isDate(a.text ?? '') ? 'done' : ''
    case 'list':
      if (a.result === 'na') return 'na'
      return listLines(a.text ?? '').length ? 'done' : ''
  }
  return ''
}

/** A date written 2026-12-07 that is a day of the calendar (Go: time.DateOnly). */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

/** The entries of a list item's text: its lines, trimmed, blank ones left out (Go: jobtype.ListLines). */
export function listLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
}

export function progress(groups: GroupDef[], answers: Answers): { done: number; total: number } {
  let done = 0
  let total = 0
  for (const g of groups) {
    for (const it of g.items) {
      if (it.kind === 'list') continue // no problems found is an answer
      total++
      if (outcome(it, answers[it.key]) !== '') done++
    }
  }
  return { done, total }
}

/** 全部合格 for one group: only unanswered pass/fail items become pass. */
export function allPassPatch(group: GroupDef, answers: Answers): Answers {
  const out: Answers = {}
  for (const it of group.items) {
    if (it.kind !== 'pass_fail') continue
    if (outcome(it, answers[it.key]) !== '') continue
    out[it.key] = { ...normalizeAnswer(answers[it.key]), result: 'pass' }
  }
  return out
}

/** The answer after choosing a result (number items: 合格 keeps the value; 不适用 drops it). */
export function withResult(item: ItemDef, a: Answer | undefined, result: Result): Answer {
  const next = normalizeAnswer(a)
  if (next.result === result && item.kind === 'pass_fail') return next
  next.result = result
  if (result === 'na' && item.kind === 'number') delete next.number
  if (result === 'pass' && item.kind === 'number') delete next.result // the value decides
  return normalizeAnswer(next)
}

/** Parses what was typed into a number box ("2,5" and "2.5" both work); null when blank or bad. */
export function parseNumber(s: string): number | null {
  const t = s.trim().replace(',', '.').replace(/[%％]$/, '').trim()
  if (!t || !/^-?\d*\.?\d+$|^-?\d+\.$/.test(t)) return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

/** Flat positions of the items and where each group starts (for keyboard movement). */
export function groupStarts(groups: GroupDef[]): number[] {
  const out: number[] = []
  let i = 0
  for (const g of groups) {
    out.push(i)
    i += g.items.length
  }
  return out
}

/** The index of the first item of the next (delta 1) or previous (delta -1) group. */
export function jumpGroup(starts: number[], total: number, at: number, delta: 1 | -1): number {
  if (!starts.length || total === 0) return 0
  let g = 0
  for (let i = 0; i < starts.length; i++) if (starts[i] <= at) g = i
  if (delta < 0) {
    // inside a group: to its start first; at its start: to the previous group
    if (at > starts[g]) return starts[g]
    return starts[Math.max(0, g - 1)]
  }
  return g + 1 < starts.length ? starts[g + 1] : total - 1
}

// ------------------------------------------------------------ keyboard

export type KeyAction =
  | { type: 'move'; delta: number }
  | { type: 'edge'; to: 'first' | 'last' }
  | { type: 'group'; delta: 1 | -1 }
  | { type: 'result'; result: Result }
  | { type: 'note' }
  | { type: 'edit' }
  | { type: 'digit'; text: string }

export interface KeyInput {
  key: string
  ctrlKey?: boolean
  altKey?: boolean
  metaKey?: boolean
  shiftKey?: boolean
}

/**
 * What a key pressed on the list (not inside a text box) does to the focused item.
 * null: not ours (let the browser have it).
 */
export function checklistKey(e: KeyInput, kind: string | undefined, readOnly = false): KeyAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null
  switch (e.key) {
    case 'ArrowDown':
    case 'j':
    case 'J':
      return { type: 'move', delta: 1 }
    case 'ArrowUp':
    case 'k':
    case 'K':
      return { type: 'move', delta: -1 }
    case 'PageDown':
      return { type: 'group', delta: 1 }
    case 'PageUp':
      return { type: 'group', delta: -1 }
    case 'Home':
      return { type: 'edge', to: 'first' }
    case 'End':
      return { type: 'edge', to: 'last' }
  }
  if (readOnly) return null
  switch (e.key) {
    case 'p':
    case 'P':
      return kind === 'number' || TEXT_KINDS.includes(kind ?? '') ? { type: 'edit' } : kind === 'photo' ? null : { type: 'result', result: 'pass' }
    case 'f':
    case 'F':
      return { type: 'result', result: 'fail' }
    case 'n':
    case 'N':
      return { type: 'result', result: 'na' }
    case 'Enter':
      return TEXT_KINDS.includes(kind ?? '') ? { type: 'edit' } : { type: 'note' }
  }
  if (kind === 'number' && /^[0-9.\-]$/.test(e.key)) return { type: 'digit', text: e.key }
  return null
}
