import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

// The generated Wails binding is replaced: no Go, no window.go.
vi.mock('../wailsjs/go/desktop/Settings', () => ({
  Get: vi.fn(),
  Save: vi.fn(),
  // no centre settings on this laptop
  Centre: vi.fn(async () => ({ record: { time_zone: '' }, held: false, editable: true })),
}))

import { Get, Save } from '../wailsjs/go/desktop/Settings'
import { useSettingsStore } from '../src/stores/settings'
import type { Settings } from '../src/api/types'

const get = vi.mocked(Get)
const save = vi.mocked(Save)

const stored: Settings = {
  language: 'en',
  technician: { name: '张伟', phone: '13812345678', employee_no: 'FW-0107' },
  company: { name: '上海某某设备服务有限公司', address: '上海市浦东新区张江路 88 号', phone: '021-58881234' },
  time_zone: 'Asia/Shanghai',
  setup: 'alone',
}

describe('settings store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    get.mockReset()
    save.mockReset()
  })

  it('loads settings from Go', async () => {
    get.mockResolvedValue(structuredClone(stored) as never)
    const store = useSettingsStore()
    expect(store.loaded).toBe(false)
    await store.load()
    expect(get).toHaveBeenCalledTimes(1)
    expect(store.settings).toEqual(stored)
    expect(store.language).toBe('en')
    expect(store.technicianName).toBe('张伟')
  })

  it('fills missing nested structs with empty values', async () => {
    get.mockResolvedValue({ language: 'zh-CN', technician: null } as never)
    const store = useSettingsStore()
    await store.load()
    expect(store.settings).toEqual({
      language: 'zh-CN',
      technician: { name: '', phone: '', employee_no: '' },
      company: { name: '', address: '', phone: '' },
      time_zone: 'Asia/Shanghai',
      setup: '',
    })
  })

  it('keeps the load error', async () => {
    const err = { code: 'internal', message: '读取失败', message_en: 'read failed' }
    get.mockRejectedValue(err)
    const store = useSettingsStore()
    await expect(store.load()).rejects.toBe(err)
    expect(store.loadError).toEqual(err)
    expect(store.loading).toBe(false)
  })

  it('saves through Go and keeps what Go returned', async () => {
    save.mockImplementation(async (s) => ({ ...(s as object), language: 'zh-CN' }) as never)
    const store = useSettingsStore()
    const got = await store.save(structuredClone(stored))
    expect(save).toHaveBeenCalledWith(stored)
    expect(got.language).toBe('zh-CN')
    expect(store.settings?.language).toBe('zh-CN')
    expect(store.saving).toBe(false)
  })

  it('leaves the stored settings unchanged when Go rejects', async () => {
    get.mockResolvedValue(structuredClone(stored) as never)
    const err = {
      code: 'invalid',
      message: '设置有误',
      message_en: 'Invalid settings',
      fields: [{ field: 'technician.phone', message: '请输入正确的手机号码', message_en: 'Enter a valid mobile number' }],
    }
    save.mockRejectedValue(err)
    const store = useSettingsStore()
    await store.load()
    const bad = structuredClone(stored)
    bad.technician.phone = '12345'
    await expect(store.save(bad)).rejects.toBe(err)
    expect(store.settings?.technician.phone).toBe('13812345678')
    expect(store.saving).toBe(false)
  })

  it('setLanguage saves the stored settings with only the language changed', async () => {
    get.mockResolvedValue(structuredClone(stored) as never)
    save.mockImplementation(async (s) => s as never)
    const store = useSettingsStore()
    await store.load()
    await store.setLanguage('zh-CN')
    expect(save).toHaveBeenCalledWith({ ...stored, language: 'zh-CN' })
    expect(store.language).toBe('zh-CN')
  })
})
