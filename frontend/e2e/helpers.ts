// Steps the browser tests share: opening pages, the language toggle, screenshots, signatures.
import path from 'node:path'
import type { Page } from '@playwright/test'
import { artifacts, expect, TIMEOUT } from './fixtures'

declare global {
  interface Window {
    // The bound Go structs (the e2e shim routes them to the real backend): tests call them as
    // the page does, to make test data and to read what Go stored.
    go: any
  }
}

/** assert(cond, msg): a named check of a computed condition. */
export function assert(cond: unknown, msg: string): asserts cond {
  expect(cond, msg).toBeTruthy()
}

/** assertEqual(got, want, what): fails with `what = got, want want`. */
export function assertEqual<T>(got: T, want: T, what: string): void {
  expect(got, what).toBe(want)
}

export const NAV = [
  { key: 'today', zh: '工作台', en: 'Today' },
  { key: 'jobs', zh: '工单', en: 'Jobs' },
  { key: 'customers', zh: '客户', en: 'Customers' },
  { key: 'archive', zh: '归档', en: 'Archive' },
  { key: 'settings', zh: '设置', en: 'Settings' },
]

export const tid = (id: string) => `[data-testid="${id}"]`

/** The app's hash route on the instance at base (for a page of another instance). */
export function at(base: string, route: string): string {
  return new URL(`#/${route}`, base.endsWith('/') ? base : `${base}/`).toString()
}

/** The text of the first match, trimmed ('' when it has none). */
export async function text(page: Page, selector: string): Promise<string> {
  return ((await page.textContent(selector)) ?? '').trim()
}

/** Wait until the shell is up (settings loaded) and the web font is ready. */
export async function waitShell(page: Page, locale?: string) {
  const sel = locale ? `${tid('app-shell')}[data-locale="${locale}"]` : tid('app-shell')
  await page.waitForSelector(sel, { timeout: TIMEOUT })
  await page.evaluate(async () => {
    await document.fonts.load("16px 'Fieldbook CJK'", '现场服务')
    await document.fonts.ready
  })
}

/** Opens a route of the test's own app instance (the base URL). */
export async function open(page: Page, route = 'today', locale?: string) {
  await page.goto(`#/${route}`)
  await waitShell(page, locale)
}

export async function reload(page: Page, locale?: string) {
  await page.reload()
  await waitShell(page, locale)
}

export async function currentLocale(page: Page) {
  return page.getAttribute(tid('app-shell'), 'data-locale')
}

/** Click the header toggle until the UI is in `locale` (one click from the other language). */
export async function switchTo(page: Page, locale: string) {
  if ((await currentLocale(page)) === locale) return
  await page.click(tid('lang-toggle'))
  await page.waitForSelector(`${tid('app-shell')}[data-locale="${locale}"]`, { timeout: TIMEOUT })
  // the toggle is disabled while Go saves; wait for the save to finish
  await page.waitForSelector(`${tid('lang-toggle')}:not([disabled])`, { timeout: TIMEOUT })
}

/** The settings as the real Go backend holds them (through the page's bindings). */
export function goSettings(page: Page): Promise<any> {
  return page.evaluate(() => window.go.desktop.Settings.Get())
}

export async function pageTitle(page: Page) {
  return text(page, tid('page-title'))
}

export async function goTo(page: Page, key: string) {
  await page.click(tid(`nav-${key}`))
  await page.waitForSelector(tid(`page-${key}`), { timeout: TIMEOUT })
}

/** A screenshot of the viewport into the artifacts folder. */
export async function shot(page: Page, name: string) {
  const h = page.viewportSize()?.height ?? 800
  await page.mouse.move(0, h - 1) // no hover highlight in the picture
  await page.evaluate(() => document.fonts.ready)
  await page.waitForTimeout(250) // let Naive UI's transitions settle
  await page.screenshot({ path: path.join(artifacts, name), animations: 'disabled' })
}

/** No toast over the picture. */
export async function noToast(page: Page, timeout = 8000) {
  await page.waitForSelector('.n-message', { state: 'detached', timeout }).catch(() => {})
}

/** A screenshot of the whole page content (the shell scrolls inside, so grow the viewport). */
export async function tallShot(page: Page, name: string) {
  const before = page.viewportSize() ?? { width: 1280, height: 800 }
  const height = await page.evaluate(() => {
    const el = document.querySelector('.n-layout-content .n-layout-scroll-container, .n-layout-content .n-scrollbar-content')
    return Math.ceil((el ? el.scrollHeight : document.body.scrollHeight) + 56 + 10)
  })
  await page.setViewportSize({ width: before.width, height: Math.min(Math.max(height, before.height), 4000) })
  await noToast(page, 6000)
  await shot(page, name)
  await page.setViewportSize(before)
}

export async function messageShown(page: Page, message: string) {
  await page.waitForSelector(`.n-message:has-text("${message}")`, { timeout: TIMEOUT })
}

export async function pickOption(page: Page, selectTestid: string, label: string) {
  await page.click(tid(selectTestid))
  await page.click(`.n-base-select-option:has-text("${label}")`)
}

export async function waitSaved(page: Page) {
  await page.waitForSelector(`${tid('autosave-status')}[data-state="saved"]`, { timeout: TIMEOUT })
}

export type CustomerData = {
  name: string
  company?: string
  phone: string
  address: string
  model: string
  serial: string
  summary?: string
  /** The printer's purchase date; two months ago (under warranty) by default. */
  purchaseDate?: string
}

/** The date n months before today (YYYY-MM-DD): a purchase still under a year's warranty whenever the tests run. */
export function monthsAgo(n: number): string {
  const d = new Date()
  d.setMonth(d.getMonth() - n)
  return d.toISOString().slice(0, 10)
}

/** Customer + printer + job through the bindings (test data without the UI). */
export async function apiJob(page: Page, d: CustomerData): Promise<{ id: string; number: string }> {
  return page.evaluate(async (d) => {
    const g = window.go.desktop
    const c = await g.Customers.Save({ id: '', name: d.name, company: d.company || '', phones: [d.phone], addresses: [d.address], note: '' })
    const a = await g.Customers.SaveAsset({
      id: '', customer_id: c.id, kind: 'product', model: d.model, serial: d.serial, plate: '',
      purchase_date: d.purchaseDate, warranty_months: 12, equipment_class: '',
    })
    return g.Jobs.Create({ job_type: 'it_onsite', customer_id: c.id, asset_id: a.id, assigned_to: '张伟', appointment: null, summary: d.summary || '' })
  }, { ...d, purchaseDate: d.purchaseDate ?? monthsAgo(2) })
}

/** Draw a signature with the mouse over the pad of the open signature dialog. */
export async function drawSignature(page: Page, role: string, variant = 0) {
  await page.waitForSelector(`${tid(`signature-dialog-${role}`)}[data-ready="true"]`, { timeout: TIMEOUT })
  const box = await page.locator(tid('signature-pad')).boundingBox()
  assert(box && box.width > 200 && box.height > 100, `signature pad has a size: ${JSON.stringify(box)}`)
  const strokes = [
    // a looping first character, a long flowing second, an underline
    [[0.12, 0.6], [0.16, 0.3], [0.22, 0.25], [0.24, 0.5], [0.2, 0.7], [0.28, 0.62], [0.34, 0.35]],
    [[0.38, 0.65], [0.44, 0.3], [0.5, 0.62], [0.56, 0.28], [0.62, 0.66], [0.7, 0.4], [0.78, 0.55]],
    [[0.15 + variant * 0.02, 0.82], [0.5, 0.78], [0.85, 0.8]],
  ]
  for (const s of strokes) {
    const pt = ([x, y]: number[]): [number, number] => [box.x + x * box.width, box.y + (y + variant * 0.03) * box.height]
    await page.mouse.move(...pt(s[0]))
    await page.mouse.down()
    for (const p of s.slice(1)) await page.mouse.move(...pt(p), { steps: 6 })
    await page.mouse.up()
  }
}

export async function signAs(page: Page, role: string, variant?: number) {
  await page.click(tid(`sign-${role}`))
  await drawSignature(page, role, variant)
  await page.click(tid('signature-confirm'))
  await page.waitForSelector(`${tid(`signature-${role}`)}[data-signed="true"]`, { timeout: TIMEOUT })
}

/** A small PNG made in the page (a coloured square with a mark), as bytes. */
export async function makePNG(page: Page, colour = '#c0392b'): Promise<Buffer> {
  const b64 = await page.evaluate((colour) => {
    const c = document.createElement('canvas')
    c.width = 120
    c.height = 90
    const ctx = c.getContext('2d')!
    ctx.fillStyle = '#e9edf2'
    ctx.fillRect(0, 0, 120, 90)
    ctx.fillStyle = colour
    ctx.fillRect(20, 20, 80, 50)
    ctx.strokeStyle = '#222'
    ctx.lineWidth = 3
    ctx.beginPath()
    ctx.moveTo(25, 30)
    ctx.lineTo(95, 65)
    ctx.stroke()
    return c.toDataURL('image/png').split(',')[1]
  }, colour)
  return Buffer.from(b64, 'base64')
}
