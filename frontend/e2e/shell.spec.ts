// The shell, the language toggle and the settings form.
import { test } from './fixtures'
import {
  assert, assertEqual, currentLocale, goSettings, goTo, NAV, open, pageTitle, reload, shot, switchTo, text, tid,
} from './helpers'

test('shell opens in Chinese and every page shows its title', async ({ page }) => {
  // The shipped CJK font comes in slices by character (no CJK font is
  // installed on the test machine): the pages need the UI's slice (and the
  // everyday characters' for names), never the 3 MB of rare characters.
  const fonts = new Set<string>()
  page.on('request', (r) => {
    const m = /fieldbook-cjk-([a-z0-9]+)-/.exec(r.url())
    if (m) fonts.add(m[1])
  })
  await open(page, 'today')
  assertEqual(await currentLocale(page), 'zh-CN', 'locale on a fresh data dir')
  assertEqual(await page.evaluate(() => document.documentElement.lang), 'zh-CN', '<html lang>')
  const brand = await text(page, tid('app-name'))
  assert(brand.includes('现场服务记录与归档'), `header shows the app name, got ${JSON.stringify(brand)}`)
  assertEqual(await text(page, tid('lang-toggle')), 'English', 'toggle label in Chinese UI')
  await shot(page, 'e2e-shell-zh.png')

  for (const { key, zh } of NAV) {
    await goTo(page, key)
    assertEqual(await pageTitle(page), zh, `title of ${key}`)
    assert(page.url().endsWith(`#/${key}`), `url of ${key} is ${page.url()}`)
    const desc = await text(page, tid('page-description'))
    assert(/[\u4e00-\u9fff]/.test(desc), `${key} description is Chinese: ${desc}`)
    if (key !== 'settings') {
      const action = await text(page, tid('page-action'))
      assert(/[\u4e00-\u9fff]/.test(action), `${key} primary action is Chinese: ${action}`)
    }
    await shot(page, `e2e-${key}-zh.png`)
  }

  await page.evaluate(() => document.fonts.ready)
  assert(fonts.has('ui') && !fonts.has('rest'), `font slices loaded: ${[...fonts].join(', ')}; want the UI's, never the rare characters'`)

  // a device not enrolled as a clerk sees the archive read-only: nothing submitted yet
  await goTo(page, 'archive')
  await page.waitForSelector(tid('inbox-readonly'))
  await page.waitForSelector(`${tid('inbox-list')}[data-total="0"]`)

  // Alt+1… opens the menu's pages in order, and each menu entry says so.
  for (const [i, { key, zh }] of NAV.entries()) {
    await page.keyboard.press(`Alt+Digit${i + 1}`)
    await page.waitForURL(new RegExp(`#/${key}$`))
    assertEqual(await pageTitle(page), zh, `title after Alt+${i + 1}`)
    assertEqual(await page.getAttribute(tid(`nav-${key}`), 'title'), `${zh} (Alt+${i + 1})`, `menu entry ${key} names its key`)
  }
})

test('language switches with one click and survives a reload', async ({ page }) => {
  await open(page, 'today')
  await switchTo(page, 'zh-CN')

  await page.click(tid('lang-toggle'))
  await page.waitForSelector(`${tid('app-shell')}[data-locale="en"]`)
  await page.waitForSelector(`${tid('lang-toggle')}:not([disabled])`)
  for (const { key, en } of NAV) {
    assertEqual(await text(page, tid(`nav-${key}`)), en, `menu label ${key}`)
  }
  assertEqual(await pageTitle(page), 'Today', 'page title in English')
  assertEqual(await text(page, tid('lang-toggle')), '中文', 'toggle label in English UI')
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
  await page.waitForSelector(`${tid('app-shell')}[data-locale="zh-CN"]`)
  await page.waitForSelector(`${tid('lang-toggle')}:not([disabled])`)
  assertEqual(await pageTitle(page), '设置', 'settings title back in Chinese')
  assertEqual((await goSettings(page)).language, 'zh-CN', 'language stored in Go')
  await page.evaluate(() => localStorage.clear())
  await reload(page, 'zh-CN')
  assertEqual(await pageTitle(page), '设置', 'title after reload')
  assertEqual(await text(page, tid('nav-today')), '工作台', 'menu after reload')
})

/** The settings form has stored what was typed (its autosave says so). */
async function settingsStored(page) {
  await page.waitForSelector(`${tid('settings-status')} ${tid('autosave-status')}[data-state="saved"]`)
}

test('settings: a Chinese name and a valid mobile are stored as typed and read back', async ({ page }) => {
  await open(page, 'settings')
  await switchTo(page, 'zh-CN')
  await page.fill(tid('settings-technician-name'), '张伟')
  await page.fill(tid('settings-technician-phone'), '13812345678')
  await page.fill(tid('settings-technician-employee-no'), 'FW-0107')
  await page.fill(tid('settings-company-name'), '上海某某设备售后服务中心')
  await page.fill(tid('settings-company-address'), '上海市浦东新区张江路 88 号')
  await page.fill(tid('settings-company-phone'), '021-58881234')
  await settingsStored(page)
  assertEqual(await text(page, tid('header-technician')), '张伟', 'header technician')

  await reload(page, 'zh-CN')
  await page.waitForSelector(tid('page-settings'))
  assertEqual(await page.inputValue(tid('settings-technician-name')), '张伟', 'name after reload')
  assertEqual(await page.inputValue(tid('settings-technician-phone')), '13812345678', 'phone after reload')
  assertEqual(await page.inputValue(tid('settings-technician-employee-no')), 'FW-0107', 'employee no after reload')
  assertEqual(await page.inputValue(tid('settings-company-phone')), '021-58881234', 'company phone after reload')
  assertEqual(await text(page, tid('header-technician')), '张伟', 'header technician after reload')
  const stored = await goSettings(page)
  assertEqual(stored.technician.name, '张伟', 'name in Go')
  assertEqual(stored.technician.phone, '13812345678', 'phone in Go')
  assertEqual(stored.company.phone, '021-58881234', 'company phone in Go')
  await shot(page, 'e2e-settings-zh.png')
})

test('settings: an invalid mobile is kept as typed with Go’s message on its field; the other fields are stored', async ({ page }) => {
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
  await page.fill(tid('settings-technician-employee-no'), 'FW-0999')
  const feedback = tid('feedback-technician.phone')
  await page.waitForSelector(feedback)
  assertEqual(await text(page, feedback), fieldErr.message.trim(), 'field message (zh)')
  assertEqual(await page.getAttribute(tid('field-technician.phone'), 'data-invalid'), 'true', 'phone form item marked invalid')
  assert(
    (await page.locator(`${tid('field-technician.phone')} .n-form-item-blank--error, ${tid('field-technician.phone')} .n-input--error-status`).count()) > 0,
    'phone input shown in error state',
  )
  assertEqual(await page.locator(`${tid('settings-form')} [data-testid^="feedback-"]`).count(), 1, 'only the phone field has a message')
  // the refused phone holds back nothing else
  await page.waitForFunction(async () => (await window.go.desktop.Settings.Get()).technician.employee_no === 'FW-0999', null, { timeout: 20_000 })
  await shot(page, 'e2e-settings-invalid-zh.png')

  // The message follows the language.
  await switchTo(page, 'en')
  assertEqual(await text(page, feedback), (fieldErr.message_en || fieldErr.message).trim(), 'field message (en)')
  await shot(page, 'e2e-settings-invalid-en.png')
  await switchTo(page, 'zh-CN')

  // Leaving with a refused value asks first; staying keeps the page and the typed value.
  await page.click(tid('nav-jobs'))
  await page.click(tid('leave-stay'))
  await page.waitForSelector(tid('leave-stay'), { state: 'detached' })
  await page.waitForSelector(tid('page-settings'))
  assertEqual(await page.inputValue(tid('settings-technician-phone')), '12345', 'the typed value is still there')

  // Go did not take the phone, and kept it as typed: a reload shows it with its message again.
  assertEqual((await goSettings(page)).technician.phone, before.technician.phone, 'phone in Go')
  await reload(page, 'zh-CN')
  await page.waitForSelector(tid('page-settings'))
  assertEqual(await page.inputValue(tid('settings-technician-phone')), '12345', 'the typed phone after a reload')
  await page.waitForSelector(feedback)

  // Fixed, it is stored and the message goes.
  await page.fill(tid('settings-technician-phone'), '13987654321')
  await page.waitForSelector(feedback, { state: 'detached' })
  await settingsStored(page)
  assertEqual((await goSettings(page)).technician.phone, '13987654321', 'the fixed phone in Go')
})

test('新建工单 fits a 1366×768 laptop: its buttons stay in sight, its form scrolls between title and buttons', async ({ page }) => {
  // The window's page area on a 1366×768 screen, under the title bar.
  await page.setViewportSize({ width: 1366, height: 700 })
  await open(page, 'jobs', 'zh-CN')
  await page.click(tid('page-action'))
  await page.waitForSelector(tid('newjob-dialog'))
  await page.click(tid('newjob-customer-new')) // the tallest form: a new customer with their product
  await page.waitForSelector(tid('newjob-customer-name'))
  const submit = await page.locator(tid('newjob-submit')).boundingBox()
  assert(submit !== null && submit.y + submit.height <= 700, `创建 is in sight: ${JSON.stringify(submit)}`)
  const body = page.locator(`${tid('newjob-dialog')} > .n-card-content`)
  const scroll = await body.evaluate((el) => ({ client: el.clientHeight, total: el.scrollHeight }))
  assert(scroll.total > scroll.client, `the form is taller than the window here and scrolls: ${JSON.stringify(scroll)}`)
  await page.locator(tid('newjob-summary')).scrollIntoViewIfNeeded()
  await page.fill(tid('newjob-summary'), '打印机卡纸')
  const after = await page.locator(tid('newjob-submit')).boundingBox()
  assertEqual(after?.y, submit?.y, 'the buttons stay where they are while the form scrolls')
  await shot(page, 'e2e-newjob-1366x768.png')
})
