// 设置 › 数据安全 › 未同步的工作: one laptop exports the work it has not uploaded, another laptop of
// the same technician imports it and uploads it with its next sync.
import path from 'node:path'
import { expect, startApp, test, watchErrors } from './fixtures'
import { apiJob, assert, assertEqual, at, open, reload, shot, tid, waitShell } from './helpers'

test('unsynced work: exported on one laptop, refused before connecting, imported on another and synced', async ({ page, stack }) => {
  await page.setViewportSize({ width: 1366, height: 900 })
  await open(page, 'settings?tab=safety', 'zh-CN')
  await page.evaluate(({ url, code }) => window.go.desktop.Sync.Connect(url, code, false), { url: stack.hub.url, code: stack.techCodes[0] })
  // Work done offline: never synced.
  const job = await apiJob(page, {
    name: '离线客户王五', phone: '13900002222', address: '上海市浦东新区世纪大道100号',
    model: 'HP LaserJet M404dn', serial: 'CNB9OFF123', summary: '离线完成：更换定影组件',
  })
  await reload(page, 'zh-CN')

  await page.click(tid('safety-unsynced-export'))
  const file = page.locator(tid('safety-unsynced-exported-file'))
  await expect(file).toHaveCount(1)
  const exported = (await file.getAttribute('data-path')) ?? ''
  assert(exported.endsWith('.zip'), `the file is a zip: ${exported}`)
  await expect(page.locator(tid('safety-unsynced-exported'))).toContainText('已导出 3 条记录')
  await shot(page, 'e2e-unsynced-export-1366.png')

  // Laptop B: another app instance with its own data directory.
  const laptop = await startApp('laptopB', path.join(stack.dir, 'laptopB'), path.join(stack.dir, 'laptopB.log'))
  const b = await page.context().newPage()
  const errors = watchErrors(b)
  try {
    await b.setViewportSize({ width: 1366, height: 900 })
    await b.goto(at(laptop.url, 'settings?tab=safety'))
    await waitShell(b)
    // Not connected to the hub yet: refused, nothing imported.
    await b.setInputFiles(tid('safety-unsynced-file'), exported)
    await b.waitForSelector('.n-message:has-text("还没有连接服务器")')
    assertEqual(await b.locator(tid('safety-unsynced-imported')).count(), 0, 'no import before connecting')

    await b.evaluate(({ url, code }) => window.go.desktop.Sync.Connect(url, code, false), { url: stack.hub.url, code: stack.techCodes[1] })
    await b.setInputFiles(tid('safety-unsynced-file'), exported)
    await expect(b.locator(tid('safety-unsynced-imported'))).toContainText('已导入 3 条记录')
    await shot(b, 'e2e-unsynced-import-1366.png')
    const got = await b.evaluate((id) => window.go.desktop.Jobs.Get(id), job.id)
    assertEqual(got.job.summary, '离线完成：更换定影组件', 'the imported job on laptop B')

    // Importing it again changes nothing.
    await b.setInputFiles(tid('safety-unsynced-file'), exported)
    await expect(b.locator(tid('safety-unsynced-imported'))).toContainText('已导入 0 条记录')
    await expect(b.locator(tid('safety-unsynced-imported'))).toContainText('3 条记录本机已有')

    const rb = await b.evaluate(() => window.go.desktop.Sync.Now())
    assertEqual(rb.pushed, 3, 'laptop B pushes the customer, the asset and the job')
    assertEqual(rb.rejected + rb.conflicts, 0, 'laptop B: nothing refused or in conflict')
    // Laptop A comes back: its own push of the same work merges without a conflict.
    const ra = await page.evaluate(() => window.go.desktop.Sync.Now())
    assertEqual(ra.rejected + ra.conflicts, 0, 'laptop A: nothing refused or in conflict')
    expect(errors, 'errors in laptop B').toEqual([])
  } finally {
    await b.close()
    await laptop.stop()
  }
})
