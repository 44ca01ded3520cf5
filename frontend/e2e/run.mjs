#!/usr/bin/env node
// Browser E2E tests for the Fieldbook frontend, run against the real Go backend.
//
// The e2e-tagged Go build serves frontend/dist over HTTP and injects a shim so
// that window.go.desktop.<Struct>.<Method>() are JSON POSTs to the real bound
// structs. Start it (`make e2e` does all of this) and point this script at it:
//
//   FIELDBOOK_E2E_URL=http://127.0.0.1:34115/ node e2e/run.mjs
//
// Env:
//   FIELDBOOK_E2E_URL     base URL of the e2e server (required)
//   FIELDBOOK_ARTIFACTS   screenshot folder (default: ../build/test-artifacts from frontend/)
//   FIELDBOOK_CHROMIUM    browser binary (default: /usr/bin/chromium, Debian's package)
//   FIELDBOOK_E2E_ONLY    run only tests whose name contains this text
//
// Output: `ok - name` / `not ok - name: error` per test, then one line `N passed, N failed`.
// Exit code 1 if any test failed.

import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const frontendDir = path.resolve(here, '..')
const artifacts = path.resolve(process.env.FIELDBOOK_ARTIFACTS || path.join(frontendDir, '..', 'build', 'test-artifacts'))
const executablePath = process.env.FIELDBOOK_CHROMIUM || '/usr/bin/chromium'
const only = process.env.FIELDBOOK_E2E_ONLY || ''
const TIMEOUT = 10_000

// ---------------------------------------------------------------- tiny runner

const tests = []
function test(name, fn) {
  tests.push({ name, fn })
}

class AssertionError extends Error {}
function assert(cond, msg) {
  if (!cond) throw new AssertionError(msg)
}
function assertEqual(got, want, what) {
  if (got !== want) throw new AssertionError(`${what} = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
}

// ---------------------------------------------------------------- helpers

const NAV = [
  { key: 'today', zh: '工作台', en: 'Today' },
  { key: 'jobs', zh: '工单', en: 'Jobs' },
  { key: 'customers', zh: '客户', en: 'Customers' },
  { key: 'archive', zh: '归档', en: 'Archive' },
  { key: 'settings', zh: '设置', en: 'Settings' },
]

const tid = (id) => `[data-testid="${id}"]`

function url(route) {
  const base = process.env.FIELDBOOK_E2E_URL
  return new URL(`#/${route}`, base.endsWith('/') ? base : `${base}/`).toString()
}

/** Wait until the shell is up (settings loaded) and the web font is ready. */
async function waitShell(page, locale) {
  const sel = locale ? `${tid('app-shell')}[data-locale="${locale}"]` : tid('app-shell')
  await page.waitForSelector(sel, { timeout: TIMEOUT })
  await page.evaluate(async () => {
    await document.fonts.load("16px 'Fieldbook CJK'", '现场服务')
    await document.fonts.ready
  })
}

async function open(page, route = 'today', locale) {
  await page.goto(url(route))
  await waitShell(page, locale)
}

async function reload(page, locale) {
  await page.reload()
  await waitShell(page, locale)
}

async function currentLocale(page) {
  return page.getAttribute(tid('app-shell'), 'data-locale')
}

/** Click the header toggle until the UI is in `locale` (one click from the other language). */
async function switchTo(page, locale) {
  if ((await currentLocale(page)) === locale) return
  await page.click(tid('lang-toggle'))
  await page.waitForSelector(`${tid('app-shell')}[data-locale="${locale}"]`, { timeout: TIMEOUT })
  // the toggle is disabled while Go saves; wait for the save to finish
  await page.waitForSelector(`${tid('lang-toggle')}:not([disabled])`, { timeout: TIMEOUT })
}

/** The settings as the real Go backend holds them (through the page's bindings). */
function goSettings(page) {
  return page.evaluate(() => window.go.desktop.Settings.Get())
}

async function pageTitle(page) {
  return (await page.textContent(tid('page-title')))?.trim()
}

async function goTo(page, key) {
  await page.click(tid(`nav-${key}`))
  await page.waitForSelector(tid(`page-${key}`), { timeout: TIMEOUT })
}

async function shot(page, name) {
  await page.mouse.move(0, 799) // no hover highlight in the picture
  await page.evaluate(() => document.fonts.ready)
  await page.waitForTimeout(250) // let Naive UI's transitions settle
  await page.screenshot({ path: path.join(artifacts, name), animations: 'disabled' })
}

async function messageShown(page, text) {
  await page.waitForSelector(`.n-message:has-text("${text}")`, { timeout: TIMEOUT })
}

async function saveSettings(page) {
  await page.click(tid('settings-save'))
}

// ---------------------------------------------------------------- tests

test('shell opens in Chinese and every page shows its title', async (page) => {
  await open(page, 'today')
  assertEqual(await currentLocale(page), 'zh-CN', 'locale on a fresh data dir')
  assertEqual(await page.evaluate(() => document.documentElement.lang), 'zh-CN', '<html lang>')
  const brand = await page.textContent(tid('app-name'))
  assert(brand.includes('现场服务记录与归档'), `header shows the app name, got ${JSON.stringify(brand)}`)
  assertEqual((await page.textContent(tid('lang-toggle'))).trim(), 'English', 'toggle label in Chinese UI')
  await shot(page, 'e2e-shell-zh.png')

  for (const { key, zh } of NAV) {
    await goTo(page, key)
    assertEqual(await pageTitle(page), zh, `title of ${key}`)
    assert(page.url().endsWith(`#/${key}`), `url of ${key} is ${page.url()}`)
    const desc = (await page.textContent(tid('page-description'))).trim()
    assert(/[\u4e00-\u9fff]/.test(desc), `${key} description is Chinese: ${desc}`)
    if (key !== 'settings') {
      const action = (await page.textContent(tid('page-action'))).trim()
      assert(/[\u4e00-\u9fff]/.test(action), `${key} primary action is Chinese: ${action}`)
    }
    await shot(page, `e2e-${key}-zh.png`)
  }

  // a primary action not yet built says so
  await goTo(page, 'jobs')
  await page.click(tid('page-action'))
  await messageShown(page, '即将推出')
})

test('language switches with one click and survives a reload', async (page) => {
  await open(page, 'today')
  await switchTo(page, 'zh-CN')

  await page.click(tid('lang-toggle'))
  await page.waitForSelector(`${tid('app-shell')}[data-locale="en"]`, { timeout: TIMEOUT })
  await page.waitForSelector(`${tid('lang-toggle')}:not([disabled])`, { timeout: TIMEOUT })
  for (const { key, en } of NAV) {
    assertEqual((await page.textContent(tid(`nav-${key}`))).trim(), en, `menu label ${key}`)
  }
  assertEqual(await pageTitle(page), 'Today', 'page title in English')
  assertEqual((await page.textContent(tid('lang-toggle'))).trim(), '中文', 'toggle label in English UI')
  assertEqual((await goSettings(page)).language, 'en', 'language stored in Go')

  // Go, not the browser, is the source of truth: forget the local mirror first.
  await page.evaluate(() => localStorage.clear())
  await reload(page, 'en')
  assertEqual(await pageTitle(page), 'Today', 'title after reload')
  await shot(page, 'e2e-shell-en.png')
  await goTo(page, 'settings')
  assertEqual(await pageTitle(page), 'Settings', 'settings title in English')
  await shot(page, 'e2e-settings-en.png')

  await page.click(tid('lang-toggle'))
  await page.waitForSelector(`${tid('app-shell')}[data-locale="zh-CN"]`, { timeout: TIMEOUT })
  await page.waitForSelector(`${tid('lang-toggle')}:not([disabled])`, { timeout: TIMEOUT })
  assertEqual(await pageTitle(page), '设置', 'settings title back in Chinese')
  assertEqual((await goSettings(page)).language, 'zh-CN', 'language stored in Go')
  await page.evaluate(() => localStorage.clear())
  await reload(page, 'zh-CN')
  assertEqual(await pageTitle(page), '设置', 'title after reload')
  assertEqual((await page.textContent(tid('nav-today'))).trim(), '工作台', 'menu after reload')
})

test('settings: a Chinese name and a valid mobile are saved and read back', async (page) => {
  await open(page, 'settings')
  await switchTo(page, 'zh-CN')
  await page.fill(tid('settings-technician-name'), '张伟')
  await page.fill(tid('settings-technician-phone'), '13812345678')
  await page.fill(tid('settings-technician-employee-no'), 'FW-0107')
  await page.fill(tid('settings-company-name'), '上海某某设备售后服务中心')
  await page.fill(tid('settings-company-address'), '上海市浦东新区张江路 88 号')
  await page.fill(tid('settings-company-phone'), '021-58881234')
  await saveSettings(page)
  await messageShown(page, '已保存')
  assertEqual((await page.textContent(tid('header-technician'))).trim(), '张伟', 'header technician')

  await reload(page, 'zh-CN')
  await page.waitForSelector(tid('page-settings'))
  assertEqual(await page.inputValue(tid('settings-technician-name')), '张伟', 'name after reload')
  assertEqual(await page.inputValue(tid('settings-technician-phone')), '13812345678', 'phone after reload')
  assertEqual(await page.inputValue(tid('settings-technician-employee-no')), 'FW-0107', 'employee no after reload')
  assertEqual(await page.inputValue(tid('settings-company-phone')), '021-58881234', 'company phone after reload')
  assertEqual((await page.textContent(tid('header-technician'))).trim(), '张伟', 'header technician after reload')
  const stored = await goSettings(page)
  assertEqual(stored.technician.name, '张伟', 'name in Go')
  assertEqual(stored.technician.phone, '13812345678', 'phone in Go')
  await shot(page, 'e2e-settings-zh.png')
})

test('settings: an invalid mobile shows the message from Go on the field and saves nothing', async (page) => {
  await open(page, 'settings')
  await switchTo(page, 'zh-CN')
  const before = await goSettings(page)

  // What Go says about this input (asked directly, through the same binding).
  const goError = await page.evaluate(async (s) => {
    try {
      await window.go.desktop.Settings.Save(s)
      return null
    } catch (e) {
      return e
    }
  }, { ...before, technician: { ...before.technician, phone: '12345' } })
  assert(goError && typeof goError === 'object', `Go rejects phone 12345, got ${JSON.stringify(goError)}`)
  const fieldErr = (goError.fields || []).find((f) => f.field === 'technician.phone')
  assert(fieldErr, `Go names the field technician.phone: ${JSON.stringify(goError)}`)

  await page.fill(tid('settings-technician-phone'), '12345')
  await saveSettings(page)
  const feedback = tid('feedback-technician.phone')
  await page.waitForSelector(feedback, { timeout: TIMEOUT })
  assertEqual((await page.textContent(feedback)).trim(), fieldErr.message.trim(), 'field message (zh)')
  assertEqual(
    await page.getAttribute(tid('field-technician.phone'), 'data-invalid'),
    'true',
    'phone form item marked invalid',
  )
  assert(
    (await page.locator(`${tid('field-technician.phone')} .n-form-item-blank--error, ${tid('field-technician.phone')} .n-input--error-status`).count()) > 0,
    'phone input shown in error state',
  )
  assertEqual(await page.locator('[data-testid^="feedback-"]').count(), 1, 'only the phone field has a message')
  await shot(page, 'e2e-settings-invalid-zh.png')

  // The message follows the language.
  await switchTo(page, 'en')
  assertEqual((await page.textContent(feedback)).trim(), (fieldErr.message_en || fieldErr.message).trim(), 'field message (en)')
  await shot(page, 'e2e-settings-invalid-en.png')
  await switchTo(page, 'zh-CN')

  // Nothing was saved.
  const after = await goSettings(page)
  assertEqual(after.technician.phone, before.technician.phone, 'phone in Go')
  await reload(page, 'zh-CN')
  await page.waitForSelector(tid('page-settings'))
  assertEqual(await page.inputValue(tid('settings-technician-phone')), before.technician.phone, 'phone after reload')
  assertEqual(await page.locator(feedback).count(), 0, 'no message after reload')
})

// ---------------------------------------------------------------- main

async function main() {
  if (!process.env.FIELDBOOK_E2E_URL) {
    console.log('not ok - setup: FIELDBOOK_E2E_URL is not set (run `make e2e` from the repository root)')
    console.log('0 passed, 1 failed')
    process.exit(1)
  }
  mkdirSync(artifacts, { recursive: true })
  for (const f of readdirSync(artifacts)) {
    if (f.startsWith('e2e-FAILED-')) rmSync(path.join(artifacts, f), { force: true })
  }
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'fieldbook-e2e-'))
  let context
  let passed = 0
  let failed = 0
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
    })
  } catch (e) {
    console.log(`not ok - launch chromium (${executablePath}): ${e.message.split('\n')[0]}`)
    console.log('0 passed, 1 failed')
    rmSync(userDataDir, { recursive: true, force: true })
    process.exit(1)
  }

  for (const { name, fn } of tests) {
    if (only && !name.includes(only)) continue
    const page = await context.newPage()
    page.setDefaultTimeout(TIMEOUT)
    const pageErrors = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    page.on('console', (m) => {
      // A rejected binding call is an HTTP error status in the shim: expected, not a page error.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${m.text()}`)
    })
    const started = Date.now()
    try {
      await fn(page)
      if (pageErrors.length) throw new Error(`errors in the page: ${pageErrors.join(' | ')}`)
      passed++
      console.log(`ok - ${name} (${Date.now() - started} ms)`)
    } catch (e) {
      failed++
      const msg = (e && e.message ? e.message : String(e)).split('\n')[0]
      console.log(`not ok - ${name}: ${msg}`)
      const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60)
      await page.screenshot({ path: path.join(artifacts, `e2e-FAILED-${slug}.png`), fullPage: true }).catch(() => {})
    } finally {
      await page.close().catch(() => {})
    }
  }

  await context.close().catch(() => {})
  rmSync(userDataDir, { recursive: true, force: true })
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed > 0 ? 1 : 0)
}

main().catch((e) => {
  console.log(`not ok - runner: ${e && e.message ? e.message : e}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
})
