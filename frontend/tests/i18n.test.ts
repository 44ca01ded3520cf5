import { describe, expect, it } from 'vitest'
import zhCN from '../src/i18n/zh-CN'
import en from '../src/i18n/en'

type Tree = { [k: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv)
  }
  return out
}

const zh = leaves(zhCN as Tree)
const eng = leaves(en as Tree)

describe('i18n messages', () => {
  it('every zh-CN key exists in en', () => {
    const missing = [...zh.keys()].filter((k) => !eng.has(k))
    expect(missing).toEqual([])
  })

  it('every en key exists in zh-CN', () => {
    const missing = [...eng.keys()].filter((k) => !zh.has(k))
    expect(missing).toEqual([])
  })

  it('has no empty messages', () => {
    const empty = [...zh, ...eng].filter(([, v]) => v.trim() === '').map(([k]) => k)
    expect(empty).toEqual([])
  })

  it('zh-CN screens are in Chinese', () => {
    for (const key of ['nav.today', 'nav.jobs', 'nav.customers', 'nav.archive', 'nav.settings', 'settings.saved']) {
      expect(zh.get(key), key).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('names the five pages as agreed', () => {
    expect([...['today', 'jobs', 'customers', 'archive', 'settings'].map((p) => zh.get(`nav.${p}`))]).toEqual([
      '工作台',
      '工单',
      '客户',
      '归档',
      '设置',
    ])
    expect([...['today', 'jobs', 'customers', 'archive', 'settings'].map((p) => eng.get(`nav.${p}`))]).toEqual([
      'Today',
      'Jobs',
      'Customers',
      'Archive',
      'Settings',
    ])
  })
})
