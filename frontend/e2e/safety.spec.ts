// 设置 › 数据安全 and the startup error screen's way out of a damaged database.
import { openSync, closeSync, writeSync } from 'node:fs'
import path from 'node:path'
import { expect, startApp, test } from './fixtures'
import { assert, assertEqual, noToast, open, shot, tid } from './helpers'

test('data safety: the check, a snapshot restored after a confirmation, the diagnostics file', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await open(page, 'settings?tab=safety', 'zh-CN')
  await page.waitForSelector(`${tid('safety-check')}[data-state="ok"]`)

  await page.click(tid('safety-take-snapshot'))
  await page.waitForSelector('.n-message:has-text("快照已保存")')
  const manual = page.locator(`${tid('safety-snapshot')}:has-text("手动")`)
  await expect(manual).toHaveCount(1)
  const name = await manual.getAttribute('data-name')

  // A customer saved after the snapshot: gone after the restore, back after undoing it.
  const c = await page.evaluate(() => window.go.desktop.Customers.Save({ name: '快照后客户', phones: ['13800001111'], addresses: [] }))
  await manual.locator(tid('safety-restore')).click()
  await page.waitForSelector('.n-dialog:has-text("恢复这个快照？")')
  await shot(page, 'e2e-safety-restore-confirm.png')
  await page.click('.n-dialog .n-button--warning-type')
  await page.waitForSelector('.n-message:has-text("已恢复")')
  const gone = await page.evaluate((id) => window.go.desktop.Customers.Get(id).then(() => 'found', () => 'missing'), c.id)
  assertEqual(gone, 'missing', 'the customer saved after the snapshot, after restoring it')
  const undo = page.locator(`${tid('safety-snapshot')}:has-text("恢复前")`)
  await expect(undo).toHaveCount(1)
  assert((await page.locator(`${tid('safety-snapshot')}[data-name="${name}"]`).count()) === 1, 'the restored snapshot is kept')

  await page.click(tid('safety-diagnostics'))
  const file = page.locator(tid('safety-diagnostics-file'))
  await expect(file).toHaveCount(1)
  assert(((await file.getAttribute('data-path')) ?? '').endsWith('.zip'), 'diagnostics file is a zip')
  await noToast(page)
  await shot(page, 'e2e-safety-1366.png')
})

test('a database damaged at its start offers its snapshots; one restores it and the app opens again', async ({ page, stack }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  const dir = path.join(stack.dir, 'damaged')
  let app = await startApp('damaged', dir, path.join(stack.dir, 'damaged-1.log'))
  await page.goto(app.url)
  await page.waitForSelector(tid('app-shell'))
  const snap = await page.evaluate(() => window.go.desktop.Safety.TakeSnapshot())
  await app.stop()

  const fd = openSync(path.join(dir, 'fieldbook.db'), 'r+')
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0)
  closeSync(fd)

  app = await startApp('damaged', dir, path.join(stack.dir, 'damaged-2.log'))
  await page.goto(app.url)
  await page.waitForSelector(tid('startup-error'))
  await page.waitForSelector(`${tid('startup-snapshot')}[data-name="${snap.name}"]`)
  await shot(page, 'e2e-startup-damaged-1366.png')
  await page.locator(`${tid('startup-snapshot')}[data-name="${snap.name}"] ${tid('startup-restore')}`).click()
  await page.waitForSelector(tid('startup-restored'))
  assert((await page.textContent(tid('startup-restored')))?.includes('fieldbook.db.damaged-'), 'names the kept damaged file')
  await app.stop()

  app = await startApp('damaged', dir, path.join(stack.dir, 'damaged-3.log'))
  await page.goto(app.url)
  await page.waitForSelector(tid('app-shell'))
  await app.stop()
})
