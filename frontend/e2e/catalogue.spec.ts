// The centre's catalogue: the admin imports an Excel price list in 设置 › 价格表 (one bad row of 500
// refuses the whole file, naming its line; fixed, every item is imported), the hub sends it to every
// laptop, and a technician picks parts and labour in a visit by code, by name and by pinyin initials,
// then edits a picked price.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { hubCLI, startApp, test, TIMEOUT, type Server } from './fixtures'
import { apiJob, assert, assertEqual, at, open, shot, text, tid, waitSaved, waitShell } from './helpers'
import { writeXLSX, type Cell } from './xlsx'

const HEADER: Cell[] = ['编码 Code', '名称 Name', '单位 Unit', '单价（元） Price (yuan)', '启用 Active']
const NAMES = ['固态硬盘', '主板', '电源适配器', '散热风扇', '键盘', '液晶屏', '硒鼓', '定影组件', '搓纸轮', '网卡']
const BAD_LINE = 288 // Excel's line of the bad row (the header is line 1)

/** A parts sheet of 500 items — 内存条 first — and a labour sheet; bad: one price is not an amount. */
function priceList(bad: boolean): Buffer {
  const parts: Cell[][] = [HEADER, ['NC-DDR4-8G', '内存条 DDR4 8G', '条', 199, '是']]
  for (let i = 1; i < 500; i++) {
    const line = parts.length + 1
    parts.push([`P-${String(i).padStart(4, '0')}`, `${NAMES[i % NAMES.length]} ${i}`, '个', bad && line === BAD_LINE ? '十二元' : 10 + i / 4, ''])
  }
  const labour: Cell[][] = [
    HEADER,
    ['GS-SMJC', '上门检测', '小时', 80, '是'],
    ['GS-QJ', '清洁保养', '小时', 60, '是'],
  ]
  return writeXLSX([
    { name: '配件价格表', rows: parts },
    { name: '工时项目', rows: labour },
  ])
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

test('the admin imports a price list (one bad row of 500 imports nothing); a technician picks 内存条 by pinyin initials, code and name, and edits its price', async ({ page, stack }) => {
  hubCLI(stack.hubDB, 'user', 'add', '--name', '赵敏', '--role', 'admin', '--centre', '上海中心', '--display-name', '赵敏')
  const adminCode = hubCLI(stack.hubDB, 'device', 'enrol-code', '--user', '赵敏')
  const admin: Server = await startApp('catalogue-admin', path.join(stack.dir, 'catalogue-admin'), path.join(stack.dir, 'catalogue-admin.log'))
  try {
    await page.goto(at(admin.url, 'today'))
    await waitShell(page, 'zh-CN')
    await page.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, adminCode])
    await page.goto(at(admin.url, 'settings?tab=catalogue'))
    await waitShell(page, 'zh-CN')
    await page.waitForSelector(tid('catalogue-add'))

    // One bad row of 500: nothing is imported, the row is named by its sheet, line and field.
    await page.setInputFiles(tid('catalogue-file'), { name: '价格表-有错.xlsx', mimeType: XLSX, buffer: priceList(true) })
    await page.waitForSelector(tid('catalogue-import-errors'))
    const errors = page.locator(tid('catalogue-import-error'))
    assertEqual(await errors.count(), 1, 'one bad line is listed')
    assertEqual(await errors.first().getAttribute('data-line'), String(BAD_LINE), 'the bad line')
    assertEqual(await errors.first().getAttribute('data-field'), 'price_fen', 'the bad field')
    const said = await text(page, tid('catalogue-import-error'))
    assert(said.includes(`配件价格表 第 ${BAD_LINE} 行`) && said.includes('单价') && said.includes('十二元'), `the line, the field and the value, in Chinese: ${said}`)
    assert((await text(page, tid('catalogue-import-errors'))).includes('未导入任何条目'), 'nothing was imported, it says')
    const none = await page.evaluate(() => window.go.desktop.Catalogue.List('part', '', 0, 10))
    assertEqual(none.total, 0, 'no item stored from the refused file')
    await shot(page, 'e2e-catalogue-import-refused.png')

    // Fixed, the whole list is imported.
    await page.setInputFiles(tid('catalogue-file'), { name: '价格表.xlsx', mimeType: XLSX, buffer: priceList(false) })
    await page.waitForSelector(tid('catalogue-imported'))
    assert((await text(page, tid('catalogue-imported'))).includes('已导入 502 项'), 'every item of both sheets')
    await page.waitForSelector(`${tid('catalogue-total')}:has-text("共 500 项")`)
    await page.fill(tid('catalogue-search'), 'nct')
    await page.waitForSelector(`${tid('catalogue-row')}[data-code="NC-DDR4-8G"]`)
    assertEqual(await page.locator(tid('catalogue-row')).count(), 1, 'nct finds 内存条 alone')

    // An item typed by hand: each refused field says why, in Chinese; then it is stored.
    await page.click(tid('catalogue-kind-labour'))
    await page.fill(tid('catalogue-search'), '')
    await page.waitForSelector(`${tid('catalogue-row')}[data-code="GS-SMJC"]`)
    await page.click(tid('catalogue-add'))
    await page.fill(tid('catalogue-item-code'), 'GS 换屏')
    await page.fill(tid('catalogue-item-price'), '90')
    await page.click(tid('catalogue-item-save'))
    await page.waitForSelector(tid('feedback-code'))
    assert((await text(page, tid('feedback-code'))).includes('编码只能由字母、数字'), 'the code is refused in Chinese')
    assert((await text(page, tid('feedback-name'))).includes('请填写名称'), 'the name is asked for')
    await shot(page, 'e2e-catalogue-item-refused.png')
    await page.fill(tid('catalogue-item-code'), 'gs-hp')
    await page.fill(tid('catalogue-item-name'), '更换液晶屏')
    await page.click(tid('catalogue-item-save'))
    await page.waitForSelector(`${tid('catalogue-row')}[data-code="GS-HP"]`)
    await page.click(tid('catalogue-kind-part'))
    await page.waitForSelector(`${tid('catalogue-row')}[data-code="NC-DDR4-8G"]`)
    await shot(page, 'e2e-catalogue-admin.png')

    // Exported, it is an Excel workbook in the exports folder.
    await page.click(tid('catalogue-export'))
    await page.waitForSelector(tid('catalogue-exported'))
    const file = await page.getAttribute(tid('catalogue-exported'), 'data-path')
    assert(file && existsSync(file) && file.endsWith('.xlsx'), `the export is written: ${file}`)
    assertEqual(readFileSync(file).subarray(0, 2).toString(), 'PK', 'an .xlsx (a ZIP) file')

    const rep = await page.evaluate(() => window.go.desktop.Sync.Now())
    assertEqual(rep.rejected, 0, 'the hub takes the admin’s 503 items')
  } finally {
    await admin.stop()
  }

  // The technician's laptop syncs and picks from the centre's list.
  await open(page, 'today', 'zh-CN')
  await page.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, stack.techCodes[0]])
  const job = await apiJob(page, { name: '韩梅', phone: '13916668888', address: '上海市徐汇区漕溪北路 88 号', model: 'ThinkPad T14', serial: 'PF3K12345', summary: '开机无显示' })
  const visitId = await page.evaluate(async (jobId) => (await window.go.desktop.Visits.Start(jobId)).visit.id, job.id)
  await open(page, `visits/${visitId}`, 'zh-CN')

  // By pinyin initials.
  await page.locator(tid('parts-table')).scrollIntoViewIfNeeded()
  await page.fill(tid('parts-pick'), 'nct')
  await page.waitForSelector(`${tid('parts-pick-option')}[data-code="NC-DDR4-8G"]`)
  await shot(page, 'e2e-catalogue-picker.png')
  await page.click(`${tid('parts-pick-option')}[data-code="NC-DDR4-8G"]`)
  await page.waitForSelector(tid('part-0-name'))
  assertEqual(await page.inputValue(tid('part-0-name')), '内存条 DDR4 8G', 'the picked name')
  assertEqual(await page.inputValue(tid('part-0-catalogue')), 'NC-DDR4-8G', 'the picked code')
  assertEqual(await page.inputValue(tid('part-0-price')), '199.00', 'the list price')
  // By code, and by part of the name.
  await page.fill(tid('parts-pick'), 'p-0007')
  await page.click(`${tid('parts-pick-option')}[data-code="P-0007"]`)
  await page.waitForSelector(tid('part-1-name'))
  assertEqual(await page.inputValue(tid('part-1-name')), '定影组件 7', 'picked by code')
  await page.fill(tid('parts-pick'), '搓纸轮 1')
  await page.click(`${tid('parts-pick-option')}[data-code="P-0018"]`)
  await page.waitForSelector(tid('part-2-name'))
  assertEqual(await page.inputValue(tid('part-2-catalogue')), 'P-0018', 'picked by name')
  // Labour by its initials: the work and the rate.
  await page.fill(tid('labour-pick'), 'smjc')
  await page.click(`${tid('labour-pick-option')}[data-code="GS-SMJC"]`)
  await page.waitForSelector(tid('labour-0-description'))
  assertEqual(await page.inputValue(tid('labour-0-description')), '上门检测', 'the labour item’s name')
  assertEqual(await page.inputValue(tid('labour-0-rate')), '80.00', 'the labour item’s rate')

  // The price stays the line's: edited, it is stored as typed.
  await page.fill(tid('part-0-price'), '180')
  await page.click(tid('visit-customer_comments'))
  await waitSaved(page)
  await page.waitForFunction(
    async (id) => (await window.go.desktop.Visits.Get(id)).visit.parts?.[0]?.unit_price_fen === 18000,
    visitId,
    { timeout: TIMEOUT },
  )
  const v = (await page.evaluate((id) => window.go.desktop.Visits.Get(id), visitId)).visit
  await page.evaluate(() => document.querySelector('[data-testid="parts-table"]')?.scrollIntoView({ block: 'start' }))
  assertEqual(v.parts.length, 3, 'three parts lines')
  assertEqual(v.parts[0].catalogue_no, 'NC-DDR4-8G', 'the code is stored with the line')
  assertEqual(v.labour[0].rate_fen, 8000, 'the labour rate is stored')
  await shot(page, 'e2e-catalogue-visit-lines.png')

  // The technician reads the list and cannot change it.
  await open(page, 'settings?tab=catalogue', 'zh-CN')
  await page.waitForSelector(`${tid('catalogue-row')}[data-code="NC-DDR4-8G"]`)
  assertEqual(await page.locator(tid('catalogue-add')).count(), 0, 'no 新增 on a technician’s laptop')
  assertEqual(await page.locator(tid('catalogue-import')).count(), 0, 'no 导入 on a technician’s laptop')
})
