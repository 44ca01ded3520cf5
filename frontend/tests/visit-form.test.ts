import { describe, expect, it } from 'vitest'
import { formFromVisit, formTotals, labourFromCatalogue, partFromCatalogue, visitFromForm, toMs } from '../src/api/visitForm'
import type { fieldbook } from '../wailsjs/go/models'

const goVisit = {
  id: 'v1',
  job_id: 'j1',
  revision: 1,
  supersedes: '',
  status: 'draft',
  registration_no: 'K7QX-20261127-003-1',
  customer: { name: '欧阳娜娜', company: '', phone: '13912345678', address: '上海市徐汇区漕溪北路 1 号' },
  asset: { kind: 'product', model: 'HP LaserJet M404', serial: 'CNB1234567', plate: '', purchase_date: '2025-03-15', warranty: 'in', equipment_class: '' },
  fault_symptoms: '卡纸',
  customer_requirement: '',
  repair_history: '',
  diagnosis: '',
  work_performed: '',
  result: '',
  parts: [{ catalogue_no: 'RM2-5425', name: '定影组件', qty: 2, unit_price_fen: 8550 }],
  labour: [{ description: '拆机更换', minutes: 90, rate_fen: 12000 }],
  payment_method: 'wechat',
  old_parts: '',
  appointment_at: null,
  arrived_at: '2026-11-27T06:00:00Z',
  departed_at: null,
  follow_up: '',
  follow_up_at: null,
  satisfaction: 4,
  customer_comments: '',
} as unknown as fieldbook.Visit

describe('visit form', () => {
  it('reads a Go visit into editable values', () => {
    const f = formFromVisit(goVisit)
    expect(f.parts[0]).toEqual({ catalogue_no: 'RM2-5425', name: '定影组件', qty: 2, price: '85.50' })
    expect(f.labour[0]).toEqual({ description: '拆机更换', hours: 1.5, rate: '120.00' })
    expect(f.arrived_at).toBe(Date.UTC(2026, 10, 27, 6))
    expect(f.departed_at).toBeNull()
    expect(f.old_parts).toBeNull()
    expect(f.payment_method).toBe('wechat')
  })

  it('writes it back unchanged', () => {
    const back = visitFromForm(goVisit, formFromVisit(goVisit)) as unknown as Record<string, unknown>
    expect(back.parts).toEqual(goVisit.parts)
    expect(back.labour).toEqual(goVisit.labour)
    expect(back.arrived_at).toBe('2026-11-27T06:00:00.000Z')
    expect(back.id).toBe('v1')
    expect(back.old_parts).toBe('')
  })

  it('keeps the last valid price when the typed one is not an amount', () => {
    const f = formFromVisit(goVisit)
    f.parts[0].price = '85.5.'
    const back = visitFromForm(goVisit, f, (p) => (p === 'parts.0.unit_price_fen' ? 8550 : 0)) as unknown as fieldbook.Visit
    expect(back.parts[0].unit_price_fen).toBe(8550)
  })

  it('computes live totals', () => {
    const f = formFromVisit(goVisit)
    expect(formTotals(f)).toEqual({ parts_fen: 17100, labour_fen: 18000, total_fen: 35100 })
    f.parts.push({ catalogue_no: '', name: '搓纸轮', qty: 3, price: '0.29' })
    expect(formTotals(f).parts_fen).toBe(17187)
  })

  it('treats Go zero times as unset', () => {
    expect(toMs('0001-01-01T00:00:00Z')).toBeNull()
    expect(toMs(null)).toBeNull()
  })
})

describe('lines picked from the catalogue', () => {
  it('a part brings its code, name and price, one of it; the price stays text to edit', () => {
    const p = partFromCatalogue({ code: 'NC-DDR4-8G', name: '内存条 DDR4 8G', price_fen: 19950 })
    expect(p).toEqual({ catalogue_no: 'NC-DDR4-8G', name: '内存条 DDR4 8G', qty: 1, price: '199.50' })
    p.price = '180'
    const v = visitFromForm(goVisit as unknown as fieldbook.Visit, { ...formFromVisit(goVisit as unknown as fieldbook.Visit), parts: [p] })
    expect(v.parts[0]).toEqual({ catalogue_no: 'NC-DDR4-8G', name: '内存条 DDR4 8G', qty: 1, unit_price_fen: 18000 })
  })
  it('a labour item brings its name and rate; the hours are left to type', () => {
    expect(labourFromCatalogue({ name: '上门检测', price_fen: 8000 })).toEqual({ description: '上门检测', hours: null, rate: '80.00' })
  })
})
