import { describe, expect, it } from 'vitest'
import { COMPLAINT_STATES, complaintNo, nextState } from '../src/stores/complaints'
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
  it('names a complaint by the start of its id', () => {
    expect(complaintNo('0193a7b2-1111-7000-8000-000000000001')).toBe('0193A7B2')
  })
  it('has a name for every state and a next-step button for every state but the last, in both languages', () => {
    for (const m of [zh, en]) {
      for (const s of COMPLAINT_STATES) expect(m.complaint.states[s]).toBeTruthy()
      for (const s of COMPLAINT_STATES.slice(0, -1)) expect(m.complaint.next[s as keyof typeof m.complaint.next]).toBeTruthy()
    }
  })
})
