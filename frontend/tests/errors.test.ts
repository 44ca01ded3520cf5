import { describe, expect, it } from 'vitest'
import { normalizeError } from '../src/api/errors'
import zhCN from '../src/i18n/zh-CN'
import en from '../src/i18n/en'

const invalid = {
  code: 'invalid',
  message: '设置有误',
  message_en: 'The settings are not valid',
  fields: [
    { field: 'technician.phone', message: '请输入正确的手机号码', message_en: 'Enter a valid mobile number' },
    { field: 'company.phone', message: '请输入正确的电话号码', message_en: 'Enter a valid phone number' },
    { field: 'technician.phone', message: '第二条信息', message_en: 'second message' },
  ],
}

describe('normalizeError', () => {
  it('picks Chinese messages for zh-CN', () => {
    expect(normalizeError(invalid, 'zh-CN')).toEqual({
      code: 'invalid',
      message: '设置有误',
      fields: { 'technician.phone': '请输入正确的手机号码', 'company.phone': '请输入正确的电话号码' },
    })
  })

  it('picks English messages for en', () => {
    expect(normalizeError(invalid, 'en')).toEqual({
      code: 'invalid',
      message: 'The settings are not valid',
      fields: { 'technician.phone': 'Enter a valid mobile number', 'company.phone': 'Enter a valid phone number' },
    })
  })

  it('falls back to the other language when one is missing', () => {
    const e = { code: 'conflict', message: '', message_en: 'Changed elsewhere', fields: [{ field: 'language', message: '语言无效' }] }
    expect(normalizeError(e, 'zh-CN')).toEqual({ code: 'conflict', message: 'Changed elsewhere', fields: { language: '语言无效' } })
    expect(normalizeError(e, 'en')).toEqual({ code: 'conflict', message: 'Changed elsewhere', fields: { language: '语言无效' } })
  })

  it('maps a code without messages to the i18n text for that code', () => {
    expect(normalizeError({ code: 'not_found' }, 'zh-CN').message).toBe(zhCN.errors.codes.not_found)
    expect(normalizeError({ code: 'not_found' }, 'en').message).toBe(en.errors.codes.not_found)
    expect(normalizeError({ code: 'weird_new_code' }, 'en').message).toBe(en.errors.unknown)
  })

  it('treats a plain string as an internal error message', () => {
    expect(normalizeError('database is locked', 'en')).toEqual({ code: 'internal', message: 'database is locked', fields: {} })
  })

  it('parses a JSON string', () => {
    const got = normalizeError(JSON.stringify(invalid), 'en')
    expect(got.code).toBe('invalid')
    expect(got.fields['technician.phone']).toBe('Enter a valid mobile number')
  })

  it('handles Error objects, null and junk', () => {
    expect(normalizeError(new TypeError('window.go is undefined'), 'zh-CN')).toEqual({
      code: 'internal',
      message: 'window.go is undefined',
      fields: {},
    })
    expect(normalizeError(null, 'zh-CN')).toEqual({ code: 'internal', message: zhCN.errors.unknown, fields: {} })
    expect(normalizeError(undefined, 'en')).toEqual({ code: 'internal', message: en.errors.unknown, fields: {} })
    expect(normalizeError(42, 'en').code).toBe('internal')
    expect(normalizeError('', 'zh-CN').message).toBe(zhCN.errors.unknown)
  })

  it('ignores malformed field entries', () => {
    const e = { code: 'invalid', message: 'x', fields: [null, 'nope', { message: 'no path' }, { field: 'company.name', message: '太长' }] }
    expect(normalizeError(e, 'zh-CN').fields).toEqual({ 'company.name': '太长' })
  })

  it('tolerates fields being absent or not an array', () => {
    expect(normalizeError({ code: 'internal', message: '出错了', fields: null }, 'zh-CN').fields).toEqual({})
    expect(normalizeError({ code: 'internal', message: '出错了', fields: {} }, 'zh-CN').fields).toEqual({})
  })
})
