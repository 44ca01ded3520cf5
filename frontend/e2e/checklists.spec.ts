// Checklists: a site acceptance with photos and two signatures, a 240-item house inspection by keyboard.
import { existsSync, rmSync, statSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { artifacts, test } from './fixtures'
import { assert, assertEqual, makePNG, messageShown, noToast, open, pickOption, shot, signAs, switchTo, text, tid, waitSaved, waitShell } from './helpers'

/** Drop a file onto an element with a synthetic DataTransfer (as a drag from the file manager). */
async function dropFile(page, selector, name, mime, buffer) {
  await page.evaluate(
    ({ selector, name, mime, b64 }) => {
      const el = document.querySelector(selector)
      if (!el) throw new Error(`no element ${selector}`)
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))
      const dt = new DataTransfer()
      dt.items.add(new File([bytes], name, { type: mime }))
      const r = el.getBoundingClientRect()
      const at = { bubbles: true, cancelable: true, dataTransfer: dt, clientX: r.x + 20, clientY: r.y + 10 }
      el.dispatchEvent(new DragEvent('dragenter', at))
      el.dispatchEvent(new DragEvent('dragover', at))
      el.dispatchEvent(new DragEvent('drop', at))
    },
    { selector, name, mime, b64: buffer.toString('base64') },
  )
}

const item = (key) => `${tid('cl-item')}[data-key="${key}"]`

/** The acceptance form's heading, typed as on the paper form. */
async function fillHeading(page, h) {
  for (const [key, value] of Object.entries(h)) {
    await page.fill(tid(key === 'accepted_on' ? `cl-date-${key}` : `cl-text-${key}`), value)
  }
}

/** A new 工程验收 job from the dialog: the type first, then only what it needs (no product, no model). */
async function newAcceptanceJob(page, customer, summary) {
  await open(page, 'jobs', 'zh-CN')
  await page.click(tid('page-action'))
  await page.waitForSelector(tid('newjob-dialog'))
  await pickOption(page, 'newjob-type', '工程验收')
  await page.click(tid('newjob-customer-new'))
  await page.fill(tid('newjob-customer-name'), customer.name)
  await page.fill(tid('newjob-customer-phone'), customer.phone)
  await page.fill(tid('newjob-customer-address'), customer.address)
  assertEqual(await page.locator(tid('newjob-asset-model')).count(), 0, 'an acceptance job asks no product model')
  assertEqual(await page.locator(tid('newjob-asset-choice')).count(), 0, 'an acceptance job asks no asset')
  const dialog = await text(page, tid('newjob-dialog'))
  assert(!dialog.includes('产品型号') && !dialog.includes('HP'), `the dialog asks for a product: ${dialog}`)
  await page.fill(tid('newjob-summary'), summary)
  await page.click(tid('newjob-submit'))
  await page.waitForSelector(tid('page-job'))
}

test('checklist: site acceptance with all-pass, two failed items with photos, signed by both parties, PDF', async ({ page }) => {
  await newAcceptanceJob(page, { name: '王建华', phone: '13916668888', address: '上海市浦东新区世纪大道 1000 号 2302 室' }, '2302 室精装修竣工验收')

  // the document set in binding order, with presence and signers
  await page.waitForSelector(tid('document-set'))
  const slots = await page.locator(tid('docset-slot')).evaluateAll((els) => els.map((e) => [e.dataset.key, e.dataset.form, e.dataset.state]))
  assertEqual(JSON.stringify(slots), JSON.stringify([['acceptance', 'checklist', 'not_started'], ['confirmation', 'service_record', 'not_started']]), 'document set')
  const setText = await page.textContent(tid('document-set'))
  assert(setText.includes('必需') && setText.includes('甲方代表') && setText.includes('未开始'), `document set text: ${setText}`)

  await page.click(tid('docset-open-acceptance'))
  await page.waitForSelector(tid('checklist-list'))
  assertEqual(await page.getAttribute(tid('checklist-progress'), 'data-total'), '12', 'heading fields and items')
  // at 0/12 the checklist does not say it can be signed, and the pad does not open for nothing
  assertEqual(await page.getAttribute(tid('issues-count'), 'data-ready'), 'false', 'not ready at 0/12')
  assert((await text(page, tid('issues-count'))).includes('还有 12 项未填'), 'the toolbar says what is missing')
  await page.click(tid('sign-party_a'))
  await messageShown(page, '还不能签字：还有 12 项未填')
  assertEqual(await page.locator(tid('signature-pad')).count(), 0, 'no signature pad at 0/12')

  await fillHeading(page, { project_name: '世纪大道 1000 号 2302 室精装修', contracted_items: '室内精装修', contractor: '申城装饰工程有限公司', client: '王建华', accepted_on: '2026-11-27' })
  // 全部合格 asks first (group 0 is the heading: nothing to pass there)
  await page.click(tid('cl-allpass-1'))
  await page.click(tid('cl-allpass-confirm'))
  await page.waitForSelector(`${tid('checklist-progress')}[data-done="12"]`)

  // two failed items with notes
  await page.click(tid('cl-fail-walls'))
  await page.fill(tid('cl-note-walls'), '客厅东墙面有两处裂缝，长约 30 cm')
  await page.click(tid('cl-fail-bathroom'))
  await page.fill(tid('cl-note-bathroom'), '卫生间地面坡度不足，淋浴区积水')
  // a photo from the file picker, one dropped onto the item
  await page.setInputFiles(tid('cl-photo-input-walls'), { name: '墙面裂缝.png', mimeType: 'image/png', buffer: await makePNG(page) })
  await page.waitForSelector(`${item('walls')} ${tid('cl-thumb')}`)
  await dropFile(page, item('bathroom'), '卫生间积水.png', 'image/png', await makePNG(page, '#2d6cdf'))
  await page.waitForSelector(`${item('bathroom')} ${tid('cl-thumb')}`)
  // an unsupported file: Go's message, nothing added
  await page.setInputFiles(tid('cl-scan-input'), { name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('不是图片') })
  await page.waitForSelector(tid('cl-scan-error'))
  await waitSaved(page)
  await page.waitForSelector(`${tid('checklist-problems')}[data-count="2"]`)
  await page.waitForSelector(`${tid('issues-count')}[data-count="0"][data-ready="true"]`)
  assertEqual(await page.locator(tid('cl-problem-thumb')).count(), 2, 'problem thumbnails')
  const problems = await page.textContent(tid('checklist-problems'))
  assert(problems.includes('裂缝') && problems.includes('积水'), `存在问题 lists both: ${problems}`)
  await noToast(page)
  await shot(page, 'e2e-checklist-acceptance.png')

  await signAs(page, 'party_a', 0)
  await page.waitForSelector(tid('checklist-locked-banner'))
  await signAs(page, 'party_b', 1)
  await page.click(tid('checklist-finish'))
  await page.waitForSelector(tid('checklist-finished'))
  await page.click(tid('checklist-pdf'))
  await page.waitForSelector(tid('document-row'), { timeout: 20_000 })
  const pdf = await page.getAttribute(tid('document-row'), 'data-path')
  assert(pdf && existsSync(pdf), `checklist PDF exists at ${pdf}`)
  const prefix = path.join(artifacts, 'e2e-checklist-pdf')
  rmSync(`${prefix}.png`, { force: true })
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdf, prefix])
  assert(existsSync(`${prefix}.png`) && statSync(`${prefix}.png`).size > 10_000, 'pdftoppm rendered the checklist')
  await page.click(tid('checklist-verify'))
  await page.waitForSelector(`${tid('verify-result')}[data-ok="true"]`)
  assertEqual(await page.locator(`${tid('checklist-list')}[data-readonly="true"]`).count(), 1, 'read-only after signing')
  await noToast(page)
  await shot(page, 'e2e-checklist-signed.png')

  await page.click(`text=返回工单`)
  await page.waitForSelector(`${tid('docset-slot')}[data-key="acceptance"][data-state="finished"]`)
})

test('checklist: the acceptance form from the seed — heading, seven 合格 items, three problems as free text — and its PDF', async ({ page }) => {
  await newAcceptanceJob(page, { name: '赵立新', phone: '13857126688', address: '杭州市拱墅区湖墅南路 88 号' }, '湖墅南路 88 号办公楼装修竣工验收')
  await page.click(tid('docset-open-acceptance'))
  await page.waitForSelector(tid('checklist-list'))
  const heading = {
    project_name: '湖墅南路 88 号办公楼装修工程',
    contracted_items: '水电改造、墙地砖铺贴、卫浴安装',
    contractor: '杭州安居装饰工程有限公司',
    client: '杭州湖墅商贸有限公司',
    accepted_on: '2026-12-07',
  }
  await fillHeading(page, heading)
  await page.click(tid('cl-allpass-1'))
  await page.click(tid('cl-allpass-confirm'))
  // 存在问题: three lines of free text, none tied to an item; typed with Enter between them
  await page.click(tid('cl-list-problems'))
  await page.keyboard.type('总闸无电盒。')
  await page.keyboard.press('Enter')
  await page.keyboard.type('楼梯中段第三台阶断裂。')
  await page.keyboard.press('Enter')
  await page.keyboard.type('水表未接。')
  await page.waitForSelector(`${tid('cl-list-problems')}[data-count="3"]`)
  await waitSaved(page)
  await page.waitForSelector(`${tid('checklist-progress')}[data-done="12"][data-total="12"]`)
  await page.waitForSelector(`${tid('checklist-problems')}[data-count="3"]`)
  const free = await page.locator(`${tid('cl-problem')}[data-free="true"]`).allTextContents()
  assertEqual(free.length, 3, 'three free problems')
  assert(free[1].includes('楼梯中段第三台阶断裂'), `the second problem: ${free[1]}`)
  await page.waitForSelector(`${tid('issues-count')}[data-count="0"][data-ready="true"]`)
  // Kept after a reload: what was typed is stored.
  await page.reload()
  await page.waitForSelector(`${tid('cl-list-problems')}[data-count="3"]`)
  assertEqual(await page.inputValue(tid('cl-date-accepted_on')), '2026-12-07', 'the date after a reload')
  await noToast(page)
  await shot(page, 'e2e-checklist-acceptance-seed.png')

  await signAs(page, 'party_a', 0)
  await signAs(page, 'party_b', 1)
  await page.click(tid('checklist-finish'))
  await page.waitForSelector(tid('checklist-finished'))
  await page.click(tid('checklist-pdf'))
  await page.waitForSelector(tid('document-row'), { timeout: 20_000 })
  const pdf = await page.getAttribute(tid('document-row'), 'data-path')
  assert(pdf && existsSync(pdf), `checklist PDF exists at ${pdf}`)
  const words = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().replace(/\s+/g, '')
  for (const w of ['工程施工现场验收单', '工程名称', '承包工程项目', '项目承包方（乙方）', '项目发包方（甲方）', '2026年12月7日',
    ...Object.values(heading).slice(0, 4), '总闸无电盒。', '楼梯中段第三台阶断裂。', '水表未接。', '合格7', '不合格0']) {
    assert(words.includes(w.replace(/\s+/g, '')), `the PDF says ${w}`)
  }
  const prefix = path.join(artifacts, 'pdf-acceptance-seed')
  rmSync(`${prefix}.png`, { force: true })
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, prefix])
  assert(existsSync(`${prefix}.png`) && statSync(`${prefix}.png`).size > 10_000, 'pdftoppm rendered the acceptance form')

  // The next new job starts with the type of this one.
  await open(page, 'jobs', 'zh-CN')
  await page.click(tid('page-action'))
  await page.waitForSelector(tid('newjob-dialog'))
  assert((await text(page, tid('newjob-type'))).includes('工程验收'), 'the new-job dialog remembers the last job type')
})

test('checklist: 240-item house inspection answered with the keyboard only', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  const job = await page.evaluate(async () => {
    const g = window.go.desktop
    const c = await g.Customers.Save({ id: '', name: '林晓峰', company: '', phones: ['13788889999'], addresses: ['上海市闵行区莘庄镇都市路 5001 弄 12 号 801 室'], note: '' })
    return g.Jobs.Create({ job_type: 'house_inspection', customer_id: c.id, asset_id: '', assigned_to: '张伟', appointment: null, summary: '新房交付验房' })
  })
  await page.goto(`#/jobs/${job.id}`)
  await waitShell(page, 'zh-CN')
  await page.click(tid('docset-open-inspection'))
  await page.waitForSelector(tid('checklist-list'))
  const id = page.url().split('/').pop()
  const items = await page.evaluate(async (id) => {
    const v = await window.go.desktop.Checklists.Get(id)
    return v.template.groups.flatMap((g) => g.items.map((i) => ({ key: i.key, kind: i.kind, photo: !!i.photo_on_fail })))
  }, id)
  assertEqual(items.length, 240, 'template items')

  await page.focus(tid('checklist-list'))
  const press = (k) => page.keyboard.press(k)
  const fails = new Set(items.filter((i) => i.kind === 'pass_fail' && !i.photo).slice(3, 6).map((i) => i.key))
  let hollowTyped = false
  const started = Date.now()
  for (let i = 0; i < items.length; i++) {
    const it = items[i]
    if (it.kind === 'number') {
      if (it.key.endsWith('hollow_rate') && !hollowTyped) {
        // 空鼓率 over 3 %: fails by itself; go back and describe it
        hollowTyped = true
        await press('4')
        await page.keyboard.type('.5')
        await press('Enter')
        await press('k')
        await press('Enter')
        await page.keyboard.type('厨房墙砖空鼓率 4.5%，超过 3%')
        await press('Enter')
      } else {
        await press('1')
        await press('Enter')
      }
    } else if (fails.has(it.key)) {
      await press('f')
      await page.keyboard.type('现场发现问题，需整改')
      await press('Enter')
    } else if (i % 23 === 7) {
      await press('n')
    } else {
      await press('p')
    }
  }
  const took = Date.now() - started
  await page.waitForSelector(`${tid('checklist-progress')}[data-done="240"]`)
  assertEqual(await text(page, tid('checklist-progress')), '240/240', 'counter')
  await waitSaved(page)
  const stored = await page.evaluate((id) => window.go.desktop.Checklists.Get(id), id)
  assertEqual(Object.keys(stored.checklist.answers).length, 240, 'answers in Go')
  assertEqual(stored.done, 240, 'done in Go')
  const hollow = items.find((i) => i.key.endsWith('hollow_rate'))
  assertEqual(stored.checklist.answers[hollow.key].number, 4.5, '空鼓率 value')
  assert(stored.problems.length >= 4, `problems: ${stored.problems.length}`)
  // PageUp/PageDown move between groups
  await press('Home')
  await press('PageDown')
  const at = Number(await page.getAttribute(tid('checklist-list'), 'data-focused'))
  assertEqual(at, 32, 'PageDown to the second group')
  console.log(`# 240 items by keyboard in ${took} ms`)
  await shot(page, 'e2e-checklist-240.png')
})


test('checklist: an answer over 4000 characters — typed or pasted — stops at the limit and its item says why, in Chinese and English; the items typed after it are saved (a reload shows them)', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  const job = await page.evaluate(async () => {
    const g = window.go.desktop
    const c = await g.Customers.Save({ id: '', name: '何静', company: '', phones: ['13611112222'], addresses: ['上海市长宁区虹桥路 1 号 1201 室'], note: '' })
    return g.Jobs.Create({ job_type: 'site_acceptance', customer_id: c.id, asset_id: '', assigned_to: '张伟', appointment: null, summary: '1201 室竣工验收' })
  })
  await page.goto(`#/jobs/${job.id}`)
  await waitShell(page, 'zh-CN')
  await page.click(tid('docset-open-acceptance'))
  await page.waitForSelector(tid('checklist-list'))
  const id = page.url().split('/').pop()

  // 墙面: typed up to the limit and past it — the field stops at 4000 and the item says so
  await page.click(tid('cl-fail-walls'))
  await page.fill(tid('cl-note-walls'), '裂'.repeat(3_995))
  await page.focus(tid('cl-note-walls'))
  await page.keyboard.press('End')
  await page.keyboard.type('缝缝缝缝缝缝缝缝缝缝') // ten more: five fit
  assertEqual((await page.inputValue(tid('cl-note-walls'))).length, 4_000, '墙面 holds 4000 characters')
  await page.waitForSelector(`${tid('cl-count-note-walls')}[data-full="true"]`)
  const full = await text(page, tid('cl-count-note-walls'))
  assert(full.includes('4000 / 4000') && full.includes('上限'), `the item says it is at its limit, in Chinese: ${full}`)

  // 卫生间: 10,000 characters pasted — 4000 kept, the item says what was cut
  await page.click(tid('cl-fail-bathroom'))
  await page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLInputElement
    el.focus()
    const dt = new DataTransfer()
    dt.setData('text/plain', '积'.repeat(10_000))
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
  }, tid('cl-note-bathroom'))
  await page.waitForSelector(`${item('bathroom')} ${tid('cl-paste-cut')}`)
  const cutZh = await text(page, `${item('bathroom')} ${tid('cl-paste-cut')}`)
  assert(cutZh.includes('4000') && cutZh.includes('6000'), `the paste was cut, said in Chinese: ${cutZh}`)
  assertEqual((await page.inputValue(tid('cl-note-bathroom'))).length, 4_000, '卫生间 holds 4000 characters')

  // items typed after them
  await page.click(tid('cl-pass-floor_tiles'))
  await page.click(tid('cl-fail-shower'))
  await page.fill(tid('cl-note-shower'), '淋浴房玻璃门关不严')
  await page.click(tid('cl-pass-heating'))
  await waitSaved(page)
  await shot(page, 'e2e-checklist-over-limit.png')

  // the same items in English
  await switchTo(page, 'en')
  const fullEn = await text(page, tid('cl-count-note-walls'))
  assert(fullEn.includes('4000 / 4000') && fullEn.includes('limit'), `the item says it is at its limit, in English: ${fullEn}`)
  const cutEn = await text(page, `${item('bathroom')} ${tid('cl-paste-cut')}`)
  assert(cutEn.includes('4000') && cutEn.includes('6000') && cutEn.includes('cut'), `the paste was cut, said in English: ${cutEn}`)
  await shot(page, 'e2e-checklist-over-limit-en.png')
  await switchTo(page, 'zh-CN')

  // a reload shows every item: the two at their limit and the ones typed after them
  await page.reload()
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(tid('checklist-list'))
  assertEqual((await page.inputValue(tid('cl-note-walls'))).length, 4_000, '墙面 after a reload')
  assertEqual((await page.inputValue(tid('cl-note-bathroom'))).length, 4_000, '卫生间 after a reload')
  assertEqual(await page.inputValue(tid('cl-note-shower')), '淋浴房玻璃门关不严', '淋浴房 after a reload')
  assertEqual(await page.getAttribute(item('floor_tiles'), 'data-outcome'), 'pass', '地砖 after a reload')
  assertEqual(await page.getAttribute(item('heating'), 'data-outcome'), 'pass', '采暖 after a reload')
  const stored = await page.evaluate((id) => window.go.desktop.Checklists.Get(id), id)
  assertEqual(stored.checklist.answers.shower.note, '淋浴房玻璃门关不严', '淋浴房 in Go')
  assertEqual(stored.checklist.answers.walls.note.length, 4_000, '墙面 in Go')
})
