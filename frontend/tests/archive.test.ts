import { describe, expect, it } from 'vitest'
import {
  activeFilterCount,
  dayMs,
  dayString,
  docFieldErrors,
  docName,
  docState,
  emptyFilter,
  eventDetail,
  formatMinutes,
  parseFilter,
  percent,
  ratePoint,
  serializeFilter,
  series,
  type Bucket,
} from '../src/api/archive'
import { chartOption } from '../src/api/charts'

describe('inbox filter as the paged list query', () => {
  it('no filter is the empty string', () => {
    expect(serializeFilter(emptyFilter())).toBe('')
    expect(serializeFilter({ customer: '   ' })).toBe('')
  })

  it('keeps only set fields, trimmed, in a fixed order', () => {
    const a = serializeFilter({ ...emptyFilter(), status: 'returned', customer: ' 华东 ', from: '2026-11-01' })
    const b = serializeFilter({ customer: '华东', from: '2026-11-01', status: 'returned' })
    expect(a).toBe(b)
    expect(JSON.parse(a)).toEqual({ from: '2026-11-01', customer: '华东', status: 'returned' })
  })

  it('round-trips', () => {
    const f = { ...emptyFilter(), from: '2026-01-01', to: '2026-12-31', technician: '张伟', job_type: 'it_onsite', j: 'yes' as const, complete: 'no' as const, query: '沪A 12345' }
    expect(parseFilter(serializeFilter(f))).toEqual(f)
  })

  it('drops unknown values and bad dates instead of sending them to Go', () => {
    const f = parseFilter(JSON.stringify({ status: 'draft', j: 'maybe', complete: 'yes', from: '2026/11/01', to: '2026-11-30', evil: 'x' }))
    expect(f).toEqual({ ...emptyFilter(), complete: 'yes', to: '2026-11-30' })
  })

  it('reads anything unreadable as no filter', () => {
    expect(parseFilter('not json')).toEqual(emptyFilter())
    expect(parseFilter('[1,2]')).toEqual(emptyFilter())
    expect(parseFilter('null')).toEqual(emptyFilter())
    expect(parseFilter('')).toEqual(emptyFilter())
  })

  it('counts active fields', () => {
    expect(activeFilterCount(emptyFilter())).toBe(0)
    expect(activeFilterCount({ ...emptyFilter(), j: 'yes', query: '张' })).toBe(2)
  })

  it('day strings are local dates', () => {
    const ms = dayMs('2026-03-09')
    expect(ms).not.toBeNull()
    expect(dayString(ms)).toBe('2026-03-09')
    expect(dayMs('09.03.2026')).toBeNull()
    expect(dayString(null)).toBe('')
  })
})

describe('audit event detail', () => {
  it('accepts an object, a JSON string or bytes', () => {
    expect(eventDetail({ reason: '缺少结算清单' })).toEqual({ reason: '缺少结算清单' })
    expect(eventDetail('{"archive_no":"2026-11-0001"}')).toEqual({ archive_no: '2026-11-0001' })
    const bytes = [...new TextEncoder().encode('{"doc":"settlement"}')]
    expect(eventDetail(bytes)).toEqual({ doc: 'settlement' })
  })
  it('anything else is empty', () => {
    expect(eventDetail(null)).toEqual({})
    expect(eventDetail('oops')).toEqual({})
    expect(eventDetail([1, 2])).toEqual({})
  })
})

const bucket = (key: string, zh: string, jobs: number, extra: Partial<Bucket> = {}): Bucket => ({
  key,
  label: { message: zh, message_en: key },
  jobs,
  incomplete: { count: 0, total: jobs, rate: 0 },
  j: { count: 0, total: jobs, rate: 0 },
  follow_up: { count: 0, total: 0, rate: 0 },
  returned: { count: 0, total: jobs, rate: 0 },
  returns: 0,
  on_site_avg_minutes: 0,
  on_site_jobs: 0,
  ...extra,
})

describe('statistics', () => {
  it('formats rates and minutes', () => {
    expect(percent({ count: 1, total: 3, rate: 1 / 3 })).toBe('33.3%')
    expect(percent({ count: 0, total: 0, rate: 0 })).toBe('—')
    expect(ratePoint({ count: 2, total: 8, rate: 0.25 })).toBe(25)
    expect(ratePoint({ count: 0, total: 0, rate: 0 })).toBeNull()
    expect(formatMinutes(85, false)).toBe('1 小时 25 分')
    expect(formatMinutes(42.4, true)).toBe('42 min')
    expect(formatMinutes(0, false)).toBe('—')
  })

  it('series are labelled in the locale', () => {
    const bs = [bucket('2026-10', '2026年10月', 3), bucket('2026-11', '2026年11月', 5)]
    expect(series(bs, (b) => b.jobs, false)).toEqual({ labels: ['2026年10月', '2026年11月'], values: [3, 5] })
    expect(series(bs, (b) => b.jobs, true).labels).toEqual(['2026-10', '2026-11'])
    expect(series(null, (b) => b.jobs, false)).toEqual({ labels: [], values: [] })
  })

  it('chart options carry the data', () => {
    const s = { labels: ['张伟', '李强'], values: [2, 0] }
    const bar = chartOption({ kind: 'bar', name: 'J', color: '#d03050', horizontal: true, series: s }) as any
    expect(bar.series[0].type).toBe('bar')
    expect(bar.series[0].data).toEqual([2, 0])
    expect(bar.yAxis.data).toEqual(['张伟', '李强'])
    expect(bar.xAxis.type).toBe('value')
    expect(bar.series[0].label.formatter({ value: 0 })).toBe('')
    expect(bar.series[0].label.formatter({ value: 2 })).toBe('2')
    const pie = chartOption({ kind: 'pie', name: '工单数', color: '', series: s }) as any
    expect(pie.series[0].data).toEqual([
      { name: '张伟', value: 2 },
      { name: '李强', value: 0 },
    ])
    const line = chartOption({ kind: 'line', name: '率', color: '#f0a020', unit: '%', max: 100, series: { labels: ['a'], values: [null] } }) as any
    expect(line.yAxis.max).toBe(100)
    expect(line.series[0].label.formatter({ value: null })).toBe('')
    expect(line.series[0].label.formatter({ value: 12.5 })).toBe('12.5%')
  })
})

describe('docFieldErrors', () => {
  const docs = [
    { key: 'work_order', name: { zh: '任务委托书', en: 'Work order' } },
    { key: 'settlement', name: { zh: '结算清单', en: 'Settlement' } },
  ]
  it('names each documents.<key> field by its document, in the locale', () => {
    const fields = { 'documents.settlement': '结算清单缺少客户签字', 'documents.battery_check': '缺少电瓶检查单', 'documents.': '工单问题' }
    expect(docFieldErrors(fields, docs, false)).toEqual([
      { key: 'settlement', label: '结算清单', message: '结算清单缺少客户签字' },
      { key: 'battery_check', label: 'battery_check', message: '缺少电瓶检查单' },
      { key: '', label: '', message: '工单问题' },
    ])
    expect(docFieldErrors({ 'documents.work_order': 'x' }, docs, true)[0].label).toBe('Work order')
  })
  it('is empty without fields', () => {
    expect(docFieldErrors({}, docs, false)).toEqual([])
  })
})

describe('docState and docName', () => {
  it('reads a document as the completeness check sees it', () => {
    expect(docState({ present: true, required: true, ok: true })).toBe('OK')
    expect(docState({ present: true, required: false, ok: false })).toBe('Problems')
    expect(docState({ present: false, required: true, ok: false })).toBe('Missing')
    expect(docState({ present: false, required: false, ok: true })).toBe('NotNeeded')
  })
  it('names a document in the locale, falling back to Chinese, then its key', () => {
    expect(docName({ key: 'settlement', name: { zh: '结算单', en: 'Settlement' } }, false)).toBe('结算单')
    expect(docName({ key: 'settlement', name: { zh: '结算单', en: 'Settlement' } }, true)).toBe('Settlement')
    expect(docName({ key: 'settlement', name: { zh: '结算单' } }, true)).toBe('结算单')
    expect(docName({ key: 'settlement' }, false)).toBe('settlement')
  })
})
