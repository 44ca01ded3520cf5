// The service desk (客服) takes a customer's complaint about a job on a real hub and handles it through
// 登记 → 分析 → 处理中 → 已结案 in the 客户投诉处理单 dialog: what is typed and not saved comes back when the
// dialog opens again; a missing field, or a step taken without the fields it needs, or a negative
// compensation is refused on its field in Chinese; the closed complaint prints as a PDF, syncs to the hub
// without a refusal, reaches the job's technician read-only, and counts in 客服统计, which exports to Excel.
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { artifacts, expect, type Stack, test, TIMEOUT, watchErrors } from './fixtures'
import { apiJob, assert, assertEqual, at, messageShown, noToast, open, shot, text, tid, waitShell } from './helpers'

/** The service desk's app in a page of its own, enrolled as 孙悦 (here, unless an earlier test did). */
async function deskPage(page: Page, stack: Stack) {
  const deskApp = await stack.desk()
  const desk = await page.context().newPage()
  desk.setDefaultTimeout(TIMEOUT)
  const errors = watchErrors(desk)
  await desk.goto(at(deskApp.url, 'today'))
  await waitShell(desk)
  if (!(await desk.evaluate(() => window.go.desktop.Sync.Status())).connected) {
    await desk.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, stack.deskCode])
  }
  return { deskApp, desk, errors }
}

test('desk: a complaint registered, analysed, handled, closed and printed; it syncs and counts in the statistics', async ({ page, stack }) => {
  test.setTimeout(180_000)
  const { deskApp, desk, errors } = await deskPage(page, stack)
  const job = await apiJob(desk, {
    name: '钱丽华', phone: '13900007777', address: '上海市徐汇区漕溪北路 88 号 1203 室', model: '海尔 EG100MATE5', serial: 'HR2025B0031',
    summary: '洗衣机脱水时抖动',
  })
  await desk.evaluate(() => window.go.desktop.Sync.Now())
  await desk.goto(at(deskApp.url, 'desk'))
  await desk.reload()
  await waitShell(desk, 'zh-CN')
  await desk.click(tid('nav-complaints'))
  await desk.waitForSelector(tid('page-complaints'))
  await desk.waitForSelector(`${tid('complaints-total')}:has-text("共 0 条")`)

  // 登记: the job found by its number; nothing typed yet is refused on its field.
  await desk.click(tid('complaint-new'))
  await desk.waitForSelector(tid('complaint-dialog'))
  await desk.click(tid('complaint-job'))
  await desk.keyboard.type(job.number)
  await desk.click(`.n-base-select-option:has-text("${job.number}")`)
  await desk.click(tid('complaint-save'))
  await desk.waitForSelector(tid('feedback-content'))
  assertEqual(await text(desk, tid('feedback-content')), '请填写投诉内容。', 'the empty content, refused in Chinese')
  // Typed, then closed without saving: it comes back.
  await desk.fill(tid('complaint-content'), '洗衣机修好两天后又剧烈抖动，技术员上门还迟到了一小时')
  await desk.click(tid('complaint-close'))
  await desk.waitForSelector(tid('complaint-dialog'), { state: 'detached' })
  await desk.click(tid('complaint-new'))
  await desk.waitForSelector(tid('complaint-restored'))
  assertEqual(await desk.inputValue(tid('complaint-content')), '洗衣机修好两天后又剧烈抖动，技术员上门还迟到了一小时', 'the draft restored')
  await desk.click(tid('complaint-save'))
  await messageShown(desk, '投诉已保存')
  await desk.waitForSelector(tid('complaint-dialog'), { state: 'detached' })
  const row = `${tid('complaint-row')}:has-text("${job.number}")`
  await desk.waitForSelector(`${row}[data-state="registered"]`)

  // 分析: the kind first; then 处理中 needs the analysis, responsibility and compensation.
  await desk.click(row)
  await desk.click(tid('complaint-kind'))
  await desk.click('.n-base-select-option:has-text("质量")')
  await desk.click(tid('complaint-next'))
  await desk.waitForSelector(`${row}[data-state="analysing"]`)
  await desk.click(row)
  await desk.waitForSelector(`${tid('complaint-state')}:has-text("分析")`)
  await desk.click(tid('complaint-next'))
  await desk.waitForSelector(tid('feedback-analysis'))
  assertEqual(await text(desk, tid('feedback-analysis')), '处理前请填写原因分析。', 'the analysis a step needs')
  await desk.waitForSelector(tid('feedback-responsibility'))
  await desk.waitForSelector(tid('feedback-compensation'))
  await desk.fill(tid('complaint-analysis'), '减震器批次缺陷；同批次库存已封存检测')
  await desk.click(tid('complaint-responsibility'))
  await desk.click('.n-base-select-option:has-text("本公司")')
  await desk.click(tid('complaint-compensation'))
  await desk.click('.n-base-select-option:has-text("现金赔付")')
  await desk.fill(tid('complaint-amount'), '-50')
  await desk.click(tid('complaint-next'))
  await desk.waitForSelector(tid('feedback-compensation_fen'))
  assertEqual(await text(desk, tid('feedback-compensation_fen')), '赔付金额不能为负数。', 'a negative compensation')
  await desk.fill(tid('complaint-amount'), '200')
  await desk.click(tid('complaint-next'))
  await desk.waitForSelector(`${row}[data-state="handling"]`)

  // 已结案 with the result, then the form as a PDF.
  await desk.click(row)
  await desk.fill(tid('complaint-resolution'), '更换减震器，赔付 200 元，客户满意')
  await desk.click(tid('complaint-next'))
  await desk.waitForSelector(`${row}[data-state="closed"]`)
  await noToast(desk)
  await desk.click(row)
  await desk.waitForSelector(`${tid('complaint-state')}:has-text("已结案")`)
  assertEqual(await desk.$(tid('complaint-save')), null, 'a closed complaint is no longer saved')
  await desk.click(tid('complaint-pdf'))
  await desk.waitForSelector(tid('complaint-pdf-file'))
  await shot(desk, 'e2e-desk-complaint.png')
  const pdf = await desk.getAttribute(tid('complaint-pdf-file'), 'data-path')
  assert(pdf && existsSync(pdf), `the complaint form at ${pdf}`)
  const form = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().replace(/\s+/g, '')
  for (const want of ['客户投诉处理单', job.number, '钱丽华', '13900007777', '技术员上门还迟到了一小时', '质量', '减震器批次缺陷', '本公司', '现金赔付', '¥200.00', '贰佰元整', '已结案', '孙悦']) {
    assert(form.includes(want), `the form shows ${want}: ${form.slice(0, 500)}`)
  }
  const prefix = path.join(artifacts, 'e2e-desk-complaint-pdf')
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdf, prefix])
  assert(existsSync(`${prefix}.png`) && statSync(`${prefix}.png`).size > 10_000, 'pdftoppm rendered the form')
  await desk.click(tid('complaint-close'))

  // The hub takes every step of it: no refusal after a sync.
  await desk.evaluate(() => window.go.desktop.Sync.Now())
  const issues = await desk.evaluate(() => window.go.desktop.Sync.Issues())
  assertEqual(JSON.stringify(issues), '[]', 'sync issues after the complaint synced')

  // The job's technician reads it on the job's page, and cannot change it.
  await open(page, 'today', 'zh-CN')
  await page.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, stack.techCodes[0]])
  await page.evaluate(() => window.go.desktop.Sync.Now())
  await open(page, `jobs/${job.id}`, 'zh-CN')
  await page.waitForSelector(`${tid('job-complaint-row')}:has-text("已结案")`)
  assertEqual(await page.$(tid('job-complaint-new')), null, 'the technician registers no complaint')
  await page.click(tid('job-complaint-row'))
  await page.waitForSelector(`${tid('complaint-dialog')} ${tid('complaint-state')}:has-text("已结案")`)
  assertEqual(await page.inputValue(tid('complaint-content')), '洗衣机修好两天后又剧烈抖动，技术员上门还迟到了一小时', 'the complaint as the desk took it')
  assertEqual(await page.$(tid('complaint-save')), null, 'the technician saves nothing')
  await shot(page, 'e2e-desk-complaint-technician.png')

  // 客服统计: this month's complaint, by kind and state; the Excel export.
  await desk.click(tid('nav-deskStats'))
  await desk.waitForSelector(tid('page-desk-stats'))
  await desk.waitForSelector(`${tid('desk-stats-kpi')}[data-key="complaints"] ${tid('desk-stats-kpi-value')}:has-text("1")`)
  await desk.click(tid('desk-stats-export'))
  await desk.waitForSelector(tid('desk-stats-file'))
  const xlsx = await desk.getAttribute(tid('desk-stats-file'), 'data-path')
  assert(xlsx && existsSync(xlsx) && xlsx.endsWith('.xlsx'), `the workbook at ${xlsx}`)
  await noToast(desk)
  await shot(desk, 'e2e-desk-stats.png')

  // In English, a refusal on its field is in English.
  await desk.click(tid('lang-toggle'))
  await desk.waitForSelector(`${tid('app-shell')}[data-locale="en"]`)
  await desk.waitForSelector(`${tid('lang-toggle')}:not([disabled])`)
  await desk.click(tid('nav-complaints'))
  await desk.waitForSelector(`${tid('page-complaints')} ${tid('complaints-total')}:has-text("in all")`)
  await desk.click(tid('complaint-new'))
  await desk.waitForSelector(tid('complaint-dialog'))
  await desk.click(tid('complaint-save'))
  await desk.waitForSelector(tid('feedback-content'))
  assertEqual(await text(desk, tid('feedback-content')), 'Enter what the customer complains about.', 'the refusal in English')
  assertEqual(await text(desk, tid('feedback-job_id')), 'Choose the job the complaint is about.', 'the job, in English')
  await shot(desk, 'e2e-desk-complaint-en.png')
  await desk.click(tid('complaint-close'))
  await desk.click(tid('lang-toggle'))
  await desk.waitForSelector(`${tid('app-shell')}[data-locale="zh-CN"]`)
  await desk.waitForSelector(`${tid('lang-toggle')}:not([disabled])`)
  assertEqual(JSON.stringify(errors), '[]', 'errors on the desk page')
  await desk.close()
})

/** The number a complaint is known by: its id's random tail, as Go's fieldbook.ComplaintNo prints it. */
const numberOf = (id: string) => id.replaceAll('-', '').toUpperCase().slice(-12).match(/.{4}/g)!.join('-')

test('desk: two complaints of the same minute have their own numbers on the page, the job card and the form; one with no kind reads as not classified and the kind filter finds it', async ({ page, stack }) => {
  test.setTimeout(180_000)
  const { deskApp, desk, errors } = await deskPage(page, stack)
  const job = await apiJob(desk, { name: '周建国', phone: '13900008888', address: '上海市长宁区天山路 600 弄 3 号', model: '格力 KFR-35GW', serial: 'GL2025C0107', summary: '空调不制冷' })
  const [first, second] = await desk.evaluate(async (jobID) => {
    const save = (content: string) => window.go.desktop.Jobs.SaveComplaint({ id: '', job_id: jobID, channel: 'phone', received_at: '', content, state: 'registered' })
    return [await save('空调修后第二天又不制冷'), await save('技术员没有带配件，又约了一次')]
  }, job.id)
  const numbers = [numberOf(first.id), numberOf(second.id)]
  assert(numbers[0] !== numbers[1], `two complaints, two numbers: ${numbers}`)

  // In English, then in Chinese: the list and the job's card show the numbers and the missing kind in words.
  for (const [locale, unset] of [['en', 'Not classified'], ['zh-CN', '未分类']]) {
    await desk.goto(at(deskApp.url, 'complaints'))
    await waitShell(desk)
    if ((await desk.getAttribute(tid('app-shell'), 'data-locale')) !== locale) {
      await desk.click(tid('lang-toggle'))
      await desk.waitForSelector(`${tid('app-shell')}[data-locale="${locale}"]`)
      await desk.waitForSelector(`${tid('lang-toggle')}:not([disabled])`)
    }
    const rows = desk.locator(`${tid('complaint-row')}:has-text("${job.number}")`)
    await expect(rows).toHaveCount(2)
    for (const no of numbers) await expect(rows.filter({ hasText: no })).toHaveCount(1)
    await expect(rows.locator(tid('complaint-row-kind'))).toHaveText([unset, unset])
    // The kind filter picks the complaints not classified yet: both are there; of a kind, neither.
    const pickKind = async (label: string) => {
      await desk.click(tid('complaints-kind'))
      await desk.click(`.n-base-select-option:has-text("${label}")`)
    }
    await pickKind(unset)
    await expect(rows).toHaveCount(2)
    if (locale === 'en') await shot(desk, 'e2e-desk-complaints-unclassified-en.png')
    await pickKind(locale === 'en' ? 'Quality' : '质量')
    await expect(rows).toHaveCount(0)

    await desk.goto(at(deskApp.url, `jobs/${job.id}`))
    await waitShell(desk, locale)
    await expect(desk.locator(tid('job-complaint-no'))).toHaveText(numbers.slice().reverse())
    await expect(desk.locator(tid('job-complaint-kind'))).toHaveText([unset, unset])

    // 客服统计: the complaints not classified yet have their bar, named.
    await desk.goto(at(deskApp.url, 'desk-stats'))
    await waitShell(desk, locale)
    await expect(desk.locator(`${tid('desk-stats-chart')}[data-key="complaints"]`)).toContainText(unset)
  }

  // The form prints the same number.
  const doc = await desk.evaluate((id) => window.go.desktop.Jobs.ComplaintPDF(id), second.id)
  const form = execFileSync('pdftotext', ['-enc', 'UTF-8', doc.path, '-']).toString().replace(/\s+/g, '')
  assert(form.includes(numbers[1]), `the form shows the number ${numbers[1]}: ${form.slice(0, 300)}`)
  assertEqual(JSON.stringify(errors), '[]', 'errors on the desk page')
  await desk.close()
})
