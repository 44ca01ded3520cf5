// Job types and checklist templates: export and a refused import.
import { test } from './fixtures'
import { assert, assertEqual, noToast, open, shot, tid } from './helpers'

test('templates: export, then an import with two errors lists each with its line and stores nothing', async ({ page }) => {
  await open(page, 'settings?tab=templates', 'zh-CN')
  await page.waitForSelector(tid('templates-panel'))
  await page.waitForFunction(() => (document.querySelector('[data-testid="tpl-export-text"]')?.textContent ?? '').length > 100)
  assert((await page.locator(tid('tpl-jobtype')).count()) >= 6, 'job types listed')
  const dl = page.waitForEvent('download', { timeout: 5000 }).catch(() => null)
  await page.click(tid('tpl-export'))
  const download = await dl
  if (download) assert(download.suggestedFilename().endsWith('.json'), `download name ${download.suggestedFilename()}`)
  const before = await page.evaluate(() => window.go.desktop.Templates.Export())
  const doc = JSON.parse(before)
  const items = doc.checklist_templates[0].groups[0].items
  items[0].kind = 'slider'
  items[2].key = items[1].key
  // the file picker imports at once
  await page.setInputFiles(tid('tpl-import-file'), { name: 'templates-bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc, null, 2)) })
  await page.waitForSelector(tid('tpl-import-errors'))
  const errs = await page.locator(tid('tpl-error')).evaluateAll((els) => els.map((e) => ({ line: e.dataset.line, field: e.dataset.field, text: e.textContent })))
  assert(errs.length >= 2, `two errors: ${JSON.stringify(errs)}`)
  assert(errs.every((e) => /^\d+$/.test(e.line) && e.text.includes(`第 ${e.line} 行`)), `each with its line: ${JSON.stringify(errs)}`)
  assert(errs.some((e) => e.field.endsWith('.kind')), `unknown kind named: ${JSON.stringify(errs)}`)
  const after = await page.evaluate(() => window.go.desktop.Templates.Export())
  assertEqual(after, before, 'nothing imported')
  await page.locator(tid('tpl-import-errors')).scrollIntoViewIfNeeded()
  await noToast(page)
  await shot(page, 'e2e-templates-import-errors.png')
})

