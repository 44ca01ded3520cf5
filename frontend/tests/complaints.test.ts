import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { COMPLAINT_STATES, complaintLabel, complaintNo, nextState } from '../src/stores/complaints'
import zh from '../src/i18n/zh-CN'
import en from '../src/i18n/en'

describe('complaints', () => {
  it('moves through 登记 → 分析 → 处理中 → 已结案, and no further', () => {
    expect(nextState('registered')).toBe('analysing')
    expect(nextState('analysing')).toBe('handling')
    expect(nextState('handling')).toBe('closed')
    expect(nextState('closed')).toBe('')
    expect(nextState('nonsense')).toBe('')
  })
  it('numbers a complaint by the random tail of its id, as Go does (fieldbook.TestComplaintNo)', () => {
    // two complaints of the same minute: their ids start alike, their numbers differ
    expect(complaintNo('0193a7b2-1111-7abc-9d4e-5f60718293a4')).toBe('5F60-7182-93A4')
    expect(complaintNo('0193a7b2-4c2d-7def-a123-0badc0ffee01')).toBe('0BAD-C0FF-EE01')
    expect(complaintNo('c1')).toBe('C1')
    expect(complaintNo('')).toBe('')
  })
  it('has a name for every state and a next-step button for every state but the last, in both languages', () => {
    for (const m of [zh, en]) {
      for (const s of COMPLAINT_STATES) expect(m.complaint.states[s]).toBeTruthy()
      for (const s of COMPLAINT_STATES.slice(0, -1)) expect(m.complaint.next[s as keyof typeof m.complaint.next]).toBeTruthy()
    }
  })
  it('names a complaint with no kind, responsibility or compensation yet in words, in both languages', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: { 'zh-CN': zh, en } })
    const g = i18n.global as unknown as { t: (k: string) => string; te: (k: string) => boolean; locale: { value: string } }
    const names = () => [complaintLabel(g, 'kinds', ''), complaintLabel(g, 'responsibilities', ''), complaintLabel(g, 'compensations', ''), complaintLabel(g, 'kinds', 'quality')]
    expect(names()).toEqual(['Not classified', 'Not decided yet', 'Not decided yet', 'Quality'])
    g.locale.value = 'zh-CN'
    expect(names()).toEqual(['未分类', '未判定', '未确定', '质量'])
    // a value of a newer version reads as it is, never as a message key
    expect(complaintLabel(g, 'kinds', 'packaging')).toBe('packaging')
  })
})
