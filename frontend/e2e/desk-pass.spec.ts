// A new service desk's first look: a laptop with an empty data directory enrolled as the desk at its
// first run, every desk screen (客服台 and its queue, 回访, the appointments board, reminders, 投诉,
// 客服统计) at 1366×768 and 1920×1080, in Chinese and in English (e2e-desk-pass-*.png); and the
// intake form's refusals, all at once, each on its field, in both languages.
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, startApp, test, type Server, type Stack } from './fixtures'
import { assert, assertEqual, at, shot, tid, waitShell } from './helpers'

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]
const SCREENS = [
  { route: 'desk?tab=desk', name: 'desk', ready: 'desk-queue' },
  { route: 'desk?tab=followup', name: 'followup', ready: 'page-desk' },
  { route: 'desk?tab=board', name: 'board', ready: 'page-desk' },
  { route: 'desk?tab=reminders', name: 'reminders', ready: 'page-desk' },
  { route: 'complaints', name: 'complaints', ready: 'complaints-total' },
  { route: 'desk-stats', name: 'stats', ready: 'desk-stats-kpi' },
]

let laptop: Server | undefined
test.afterAll(async () => laptop?.stop())

/** The new desk: a laptop with an empty data directory, enrolled as 孙悦 (the desk) at its first run. */
async function newDesk(page: Page, stack: Stack): Promise<Server> {
  if (laptop) return laptop
  laptop = await startApp('desk-pass', path.join(stack.dir, 'desk-pass'), path.join(stack.dir, 'desk-pass.log'), [], undefined, 60_000, null)
  await page.goto(at(laptop.url, 'today'))
  await page.waitForSelector(tid('setup'))
  await page.fill(tid('setup-url'), stack.hub.url)
  await page.fill(tid('setup-code'), stack.deskCode)
  await page.click(tid('setup-connect'))
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(tid('page-desk'))
  return laptop
}

/** The UI in locale (the header's toggle). */
async function inLocale(page: Page, locale: string) {
  if ((await page.getAttribute(tid('app-shell'), 'data-locale')) === locale) return
  await page.click(tid('lang-toggle'))
  await page.waitForSelector(`${tid('app-shell')}[data-locale="${locale}"]`)
  await page.waitForSelector(`${tid('lang-toggle')}:not([disabled])`)
}

test('desk pass: every desk screen of a new desk, at two sizes and in two languages', async ({ page, stack }) => {
  test.setTimeout(240_000)
  const desk = await newDesk(page, stack)
  for (const locale of ['zh-CN', 'en']) {
    await inLocale(page, locale)
    for (const size of SIZES) {
      await page.setViewportSize(size)
      for (const s of SCREENS) {
        await page.goto(at(desk.url, s.route))
        await waitShell(page, locale)
        await page.waitForSelector(tid(s.ready))
        await shot(page, `e2e-desk-pass-${s.name}-${size.width}-${locale}.png`)
      }
    }
  }
})

test('desk pass: wrong input in every field of the intake is refused on that field, in Chinese and in English', async ({ page, stack }) => {
  test.setTimeout(120_000)
  const desk = await newDesk(page, stack)
  await page.setViewportSize({ width: 1366, height: 768 })
  for (const locale of ['zh-CN', 'en']) {
    await page.goto(at(desk.url, 'desk'))
    await waitShell(page)
    await inLocale(page, locale)
    await page.click(tid('desk-new'))
    await page.waitForSelector(tid('newjob-dialog'))
    const refusedAfterSubmit = async (want: string[], what: string) => {
      await page.click(tid('newjob-submit'))
      // the answer replaces the refusals of the submit before it
      await expect(async () => {
        const refused = await page.$$eval('[data-invalid="true"]', (els) =>
          els.map((e) => ({ field: e.getAttribute('data-testid')!.replace(/^field-/, ''), message: e.querySelector('[data-testid^="feedback-"]')?.textContent ?? '' })),
        )
        assertEqual(JSON.stringify(refused.map((r) => r.field).sort()), JSON.stringify(want.sort()), `${locale}: ${what}: the fields refused`)
        for (const r of refused) assert(/[\u4e00-\u9fff]/.test(r.message) === (locale === 'zh-CN'), `${locale}: ${r.field} says ${r.message}`)
      }).toPass({ timeout: 10_000 })
    }
    // nothing picked or typed: no customer, no fault
    await refusedAfterSubmit(['job.customer_id', 'job.summary'], 'the empty form')
    await shot(page, `e2e-desk-pass-intake-empty-${locale}.png`)
    await page.click(tid('newjob-customer-new'))
    // no name, a phone that is none, no fault; a product bought in 2999 with no model
    await page.fill(tid('newjob-customer-phone'), '12ab')
    const date = page.locator(`${tid('newjob-asset-purchase-date')} input`)
    await date.fill('2999-01-01')
    await date.press('Enter')
    // every mistake of the call at once, the customer's, the product's and the fault's
    await refusedAfterSubmit(['customer.name', 'customer.phones.0', 'asset.model', 'asset.purchase_date', 'job.summary'], 'the whole form')
    await shot(page, `e2e-desk-pass-intake-refused-${locale}.png`)
    await page.fill(tid('newjob-customer-name'), `钱${locale}`)
    await page.fill(tid('newjob-customer-phone'), locale === 'en' ? '13900009991' : '13900009992')
    await refusedAfterSubmit(['asset.model', 'asset.purchase_date', 'job.summary'], 'the customer corrected')
    await page.fill(tid('newjob-asset-model'), '海尔 EG100MATE5')
    await date.fill('2025-06-01')
    await date.press('Enter')
    await refusedAfterSubmit(['job.summary'], 'the product corrected')
    // all corrected: the job is taken down
    await page.fill(tid('newjob-summary'), '洗衣机脱水时剧烈抖动，客户要求明天上午上门')
    await page.click(tid('newjob-submit'))
    await page.waitForSelector(tid('page-job'))
  }
})
