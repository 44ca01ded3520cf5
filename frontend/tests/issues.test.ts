import { describe, expect, it } from 'vitest'
import { inlineIssues } from '../src/editor/issues'
import { formFromVisit, visitFromForm } from '../src/api/visitForm'
import { yuanToFen } from '../src/api/money'
import type { fieldbook } from '../wailsjs/go/models'

describe('issues on their fields', () => {
  const values: Record<string, unknown> = {
    'parts.0.qty': -3,
    'parts.0.name': '',
    departed_at: 1764207000000,
    result: '',
    'customer.phone': '12345',
  }
  const issues = [
    { field: 'parts.0.qty', message: '数量必须大于 0。', message_en: 'Quantity must be greater than 0.' },
    { field: 'parts.0.name', message: '请填写配件名称。', message_en: 'Enter the part’s name.' },
    { field: 'departed_at', message: '离开时间不能早于到达时间。', message_en: 'Departure cannot be before arrival.' },
    { field: 'result', message: '请填写处理结果。', message_en: 'Enter the result.' },
  ]

  it('marks a wrong value at once, in the language shown', () => {
    const zh = inlineIssues(issues, (p) => values[p], 'zh-CN')
    expect(zh['parts.0.qty']).toBe('数量必须大于 0。')
    expect(zh.departed_at).toBe('离开时间不能早于到达时间。')
    expect(inlineIssues(issues, (p) => values[p], 'en').departed_at).toBe('Departure cannot be before arrival.')
  })

  it('leaves a field that is not filled in yet to the 还差 list', () => {
    const zh = inlineIssues(issues, (p) => values[p], 'zh-CN')
    expect(zh).not.toHaveProperty('parts.0.name')
    expect(zh).not.toHaveProperty('result')
  })
})

describe('the visit form sends what was typed', () => {
  const base = formFromVisit({ parts: [{ catalogue_no: '', name: '定影组件', qty: 1, unit_price_fen: 100 }] })

  it('keeps a negative quantity (Go marks it) instead of making it 0', () => {
    base.parts[0].qty = -3
    const v = visitFromForm({} as fieldbook.Visit, base) as unknown as { parts: { qty: number }[] }
    expect(v.parts[0].qty).toBe(-3)
  })

  it('sends a negative price as one, not as a typing mistake', () => {
    base.parts[0].price = '-260'
    expect(yuanToFen(base.parts[0].price)).toBe(-26000)
    const v = visitFromForm({} as fieldbook.Visit, base) as unknown as { parts: { unit_price_fen: number }[] }
    expect(v.parts[0].unit_price_fen).toBe(-26000)
  })
})
