import { describe, expect, it } from 'vitest'
import {
  allPassPatch,
  applyPatch,
  checklistKey,
  diffAnswers,
  isDate,
  listLines,
  groupStarts,
  jumpGroup,
  outcome,
  parseNumber,
  progress,
  withResult,
  type Answers,
} from '../src/api/checklist'
import { importErrors, summarizeTemplates } from '../src/api/templates'
import { indicatorState, readableValue } from '../src/api/syncView'

const hollow = { key: 'hollow', kind: 'number', unit: '%', max: 3 }
const wall = { key: 'wall', kind: 'pass_fail', photo_on_fail: true }
const floor = { key: 'floor', kind: 'pass_fail' }
const remark = { key: 'remark', kind: 'text' }
const pic = { key: 'pic', kind: 'photo' }
const groups = [{ items: [wall, floor, hollow] }, { items: [remark, pic] }]

describe('checklist keyboard', () => {
  it('moves with arrows, j/k and jumps groups with PageUp/PageDown', () => {
    expect(checklistKey({ key: 'ArrowDown' }, 'pass_fail')).toEqual({ type: 'move', delta: 1 })
    expect(checklistKey({ key: 'j' }, 'pass_fail')).toEqual({ type: 'move', delta: 1 })
    expect(checklistKey({ key: 'ArrowUp' }, 'number')).toEqual({ type: 'move', delta: -1 })
    expect(checklistKey({ key: 'k' }, 'number')).toEqual({ type: 'move', delta: -1 })
    expect(checklistKey({ key: 'PageDown' }, 'pass_fail')).toEqual({ type: 'group', delta: 1 })
    expect(checklistKey({ key: 'PageUp' }, 'pass_fail')).toEqual({ type: 'group', delta: -1 })
  })

  it('P / F / N answer, Enter opens the note, digits go into a number item', () => {
    expect(checklistKey({ key: 'p' }, 'pass_fail')).toEqual({ type: 'result', result: 'pass' })
    expect(checklistKey({ key: 'P' }, 'pass_fail')).toEqual({ type: 'result', result: 'pass' })
    expect(checklistKey({ key: 'f' }, 'pass_fail')).toEqual({ type: 'result', result: 'fail' })
    expect(checklistKey({ key: 'n' }, 'number')).toEqual({ type: 'result', result: 'na' })
    expect(checklistKey({ key: 'Enter' }, 'pass_fail')).toEqual({ type: 'note' })
    expect(checklistKey({ key: 'Enter' }, 'number')).toEqual({ type: 'note' })
    expect(checklistKey({ key: 'Enter' }, 'text')).toEqual({ type: 'edit' })
    expect(checklistKey({ key: '4' }, 'number')).toEqual({ type: 'digit', text: '4' })
    expect(checklistKey({ key: 'p' }, 'number')).toEqual({ type: 'edit' })
    expect(checklistKey({ key: '4' }, 'pass_fail')).toBeNull()
  })

  it('leaves shortcuts with modifiers alone and answers nothing when read-only', () => {
    expect(checklistKey({ key: 'p', ctrlKey: true }, 'pass_fail')).toBeNull()
    expect(checklistKey({ key: 'f', metaKey: true }, 'pass_fail')).toBeNull()
    expect(checklistKey({ key: 'p' }, 'pass_fail', true)).toBeNull()
    expect(checklistKey({ key: 'ArrowDown' }, 'pass_fail', true)).toEqual({ type: 'move', delta: 1 })
  })

  it('jumps to group starts', () => {
    const starts = groupStarts(groups)
    expect(starts).toEqual([0, 3])
    expect(jumpGroup(starts, 5, 1, 1)).toBe(3)
    expect(jumpGroup(starts, 5, 3, 1)).toBe(4) // last group: to the last item
    expect(jumpGroup(starts, 5, 4, -1)).toBe(3) // inside a group: its start
    expect(jumpGroup(starts, 5, 3, -1)).toBe(0) // at a start: the previous group
  })
})

describe('checklist answers', () => {
  it('sends only changed items, {} for a cleared one', () => {
    const saved: Answers = { wall: { result: 'pass' }, floor: { result: 'fail', note: '空鼓' }, hollow: { number: 2 } }
    const current: Answers = { wall: { result: 'pass' }, floor: { result: 'fail', note: '空鼓 5%' }, remark: { text: '无' } }
    expect(diffAnswers(saved, current)).toEqual({ floor: { result: 'fail', note: '空鼓 5%' }, hollow: {}, remark: { text: '无' } })
    expect(diffAnswers(saved, { ...saved })).toEqual({})
    // empty parts do not count as a change
    expect(diffAnswers({ wall: { result: 'pass' } }, { wall: { result: 'pass', note: '', photo_sha256: [] } })).toEqual({})
  })

  it('applies an accepted patch to what Go has', () => {
    const saved: Answers = { wall: { result: 'pass' }, hollow: { number: 2 } }
    expect(applyPatch(saved, { hollow: {}, floor: { result: 'na' } })).toEqual({ wall: { result: 'pass' }, floor: { result: 'na' } })
  })

  it('counts progress as Go does (out-of-limit numbers fail, text and photo need content)', () => {
    expect(progress(groups, {})).toEqual({ done: 0, total: 5 })
    const a: Answers = { wall: { result: 'pass' }, hollow: { number: 4.5 }, remark: { text: '  ' }, pic: { photo_sha256: ['a'.repeat(64)] } }
    expect(progress(groups, a)).toEqual({ done: 3, total: 5 })
    expect(outcome(hollow, { number: 4.5 })).toBe('fail')
    expect(outcome(hollow, { number: 3 })).toBe('pass')
    expect(outcome(hollow, { result: 'na' })).toBe('na')
  })

  it('全部合格 sets only unanswered pass/fail items', () => {
    const a: Answers = { floor: { result: 'fail', note: 'x' } }
    expect(allPassPatch(groups[0], a)).toEqual({ wall: { result: 'pass' } })
    expect(allPassPatch(groups[1], a)).toEqual({})
  })

  it('choosing a result keeps the note; 不适用 drops a measured value', () => {
    expect(withResult(floor, { result: 'fail', note: '裂缝' }, 'pass')).toEqual({ result: 'pass', note: '裂缝' })
    expect(withResult(hollow, { number: 5 }, 'na')).toEqual({ result: 'na' })
  })

  it('parses typed numbers', () => {
    expect(parseNumber('2.5')).toBe(2.5)
    expect(parseNumber('2,5')).toBe(2.5)
    expect(parseNumber('4%')).toBe(4)
    expect(parseNumber('')).toBeNull()
    expect(parseNumber('abc')).toBeNull()
  })
})

describe('template import errors', () => {
  const raw = {
    code: 'invalid',
    message: '模板文件有 2 处错误',
    message_en: '2 errors',
    fields: [
      { field: 'checklist_templates[0].groups[1].items[3].kind', message: '第 20 行：未知的检查项类型 "slider"。', message_en: 'line 20: unknown item kind "slider".' },
      { field: '', message: '第 3 行：语法错误', message_en: 'line 3: syntax error' },
    ],
  }
  it('keeps every error with its line and path, in the language', () => {
    expect(importErrors(raw, 'zh-CN')).toEqual([
      { field: 'checklist_templates[0].groups[1].items[3].kind', line: 20, message: '第 20 行：未知的检查项类型 "slider"。' },
      { field: '', line: 3, message: '第 3 行：语法错误' },
    ])
    expect(importErrors(raw, 'en')[0].message).toBe('line 20: unknown item kind "slider".')
  })
  it('summarises the templates of an export', () => {
    const text = JSON.stringify({ checklist_templates: [{ key: 'x', version: 2, name: { zh: '检查' }, groups: [{ items: [1, 2] }, { items: [3] }] }] })
    expect(summarizeTemplates(text)).toEqual([{ key: 'x', version: 2, name: { zh: '检查' }, groups: 2, items: 3 }])
    expect(summarizeTemplates('{')).toEqual([])
  })
})

describe('sync display', () => {
  const base = { connected: true, online: true, running: false, pending: 0, open_issues: 0, last_error: null }
  it('indicator state', () => {
    expect(indicatorState(null)).toBe('not_connected')
    expect(indicatorState(base)).toBe('synced')
    expect(indicatorState({ ...base, running: true })).toBe('running')
    expect(indicatorState({ ...base, online: false, last_error: { code: 'offline' } })).toBe('offline')
    expect(indicatorState({ ...base, open_issues: 1 })).toBe('pending')
  })
  it('readable JSON values', () => {
    expect(readableValue('办公室改的备注')).toBe('办公室改的备注')
    expect(readableValue(['13800000000', '021-1234'])).toBe('13800000000\n021-1234')
    expect(readableValue(null)).toBe('')
    const bytes = [...new TextEncoder().encode('"备注"')]
    expect(readableValue(bytes)).toBe('备注')
    expect(readableValue({ a: 1 })).toBe('{\n  "a": 1\n}')
  })
})

describe('heading dates and free lists', () => {
  const date = { key: 'accepted_on', kind: 'date' }
  const list = { key: 'problems', kind: 'list' }
  it('a date is done only when it is a day of the calendar', () => {
    expect(isDate('2026-12-07')).toBe(true)
    expect(isDate('2026-02-30')).toBe(false)
    expect(isDate('2026/12/07')).toBe(false)
    expect(outcome(date, { text: '2026-12-07' })).toBe('done')
    expect(outcome(date, { text: '2026-13-01' })).toBe('')
  })
  it('a list is its non-blank lines and is not counted in progress', () => {
    expect(listLines(' 总闸无电盒。\n\n楼梯中段第三台阶断裂。 \n')).toEqual(['总闸无电盒。', '楼梯中段第三台阶断裂。'])
    expect(outcome(list, { text: '\n \n' })).toBe('')
    expect(progress([{ items: [date, list] }], { accepted_on: { text: '2026-12-07' } })).toEqual({ done: 1, total: 1 })
  })
  it('Enter and P edit a date or a list', () => {
    expect(checklistKey({ key: 'Enter' }, 'list')).toEqual({ type: 'edit' })
    expect(checklistKey({ key: 'p' }, 'date')).toEqual({ type: 'edit' })
  })
})
