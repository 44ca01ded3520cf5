// Service records: jobs, visits, signatures, customers, the jobs list and its search.
// The first test makes a signed job through the UI; later tests reuse it (or make their own
// through the bindings when run alone, see ensureSignedVisit).
import { existsSync, rmSync, statSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { artifacts, test, TIMEOUT } from './fixtures'
import {
  apiJob, assert, assertEqual, drawSignature, goTo, messageShown, noToast, open, pickOption, reload, shot, signAs, switchTo,
  tallShot, text, tid, waitSaved, waitShell,
} from './helpers'

/** Shared between the service-record tests (they also work alone, see ensureSignedVisit). */
const shared = { jobId: '', jobNumber: '', visitId: '' }

const NANA = {
  name: '欧阳娜娜',
  phone: '13917255832',
  address: '上海市徐汇区漕溪北路 88 号 1201 室',
  model: 'HP LaserJet Pro M404dn',
  serial: 'PHBQC12345',
}

test('job: new customer typed in Chinese, visit filled, signed with the mouse, finished, customer copy PDF', async ({ page }) => {
  await open(page, 'jobs', 'zh-CN')
  await page.click(tid('page-action'))
  await page.waitForSelector(tid('newjob-dialog'))
  await page.click(tid('newjob-customer-new'))
  await page.fill(tid('newjob-customer-name'), NANA.name)
  await page.fill(tid('newjob-customer-phone'), NANA.phone)
  await page.fill(tid('newjob-customer-address'), NANA.address)
  // the asset: a printer (product), in warranty
  await page.fill(tid('newjob-asset-model'), NANA.model)
  await page.fill(tid('newjob-asset-serial'), NANA.serial)
  await page.fill(`${tid('newjob-asset-purchase-date')} input`, '2026-03-15')
  await page.keyboard.press('Enter')
  await page.fill(tid('newjob-summary'), '打印机卡纸，无法进纸')
  await page.setViewportSize({ width: 1280, height: 1500 })
  await shot(page, 'e2e-new-job.png')
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.click(tid('newjob-submit'))

  await page.waitForSelector(tid('page-job'))
  const number = await text(page, tid('job-number'))
  assert(/^[A-Z0-9]{4}-\d{8}-\d{3}$/.test(number), `job number ${number}`)
  assertEqual(await text(page, tid('job-customer-name')), NANA.name, 'customer on the job page')
  assertEqual(await text(page, tid('job-asset-model')), NANA.model, 'asset on the job page')
  assertEqual(await page.getAttribute(tid('warranty-badge'), 'data-warranty'), 'in', 'warranty badge')
  shared.jobId = page.url().split('/').pop()
  shared.jobNumber = number

  await page.click(tid('job-start'))
  await page.waitForSelector(tid('visit-form'))
  shared.visitId = page.url().split('/').pop()
  // pre-filled from the customer and asset
  assertEqual(await page.inputValue(tid('visit-customer.name')), NANA.name, 'customer snapshot')
  assertEqual(await page.inputValue(tid('visit-customer.phone')), NANA.phone, 'phone snapshot')
  assertEqual(await page.inputValue(tid('visit-asset.model')), NANA.model, 'model snapshot')

  await page.fill(tid('visit-fault_symptoms'), '打印时频繁卡纸，进纸时有“咔咔”异响')
  await page.fill(tid('visit-customer_requirement'), '尽快修复，恢复正常打印')
  await page.fill(tid('visit-diagnosis'), '搓纸轮磨损打滑，定影组件老化')
  await page.fill(tid('visit-work_performed'), '更换搓纸轮和定影组件，清洁纸道，试打印 20 页')
  await page.fill(tid('visit-result'), '已修复，试机正常')

  await page.click(tid('parts-add'))
  await page.click(tid('parts-add'))
  await page.fill(tid('part-0-catalogue'), 'RM2-5425')
  await page.fill(tid('part-0-name'), '定影组件')
  await page.fill(tid('part-0-qty'), '1')
  await page.fill(tid('part-0-price'), '385.5')
  await page.fill(tid('part-1-catalogue'), 'RM2-5741')
  await page.fill(tid('part-1-name'), '搓纸轮')
  await page.fill(tid('part-1-qty'), '2')
  await page.fill(tid('part-1-price'), '28')
  await page.click(tid('labour-add'))
  await page.fill(tid('labour-0-description'), '拆机更换配件并调试')
  await page.fill(tid('labour-0-hours'), '1.5')
  await page.fill(tid('labour-0-rate'), '120')
  await page.click(tid('visit-customer_comments')) // blur the number input

  assertEqual(await text(page, tid('total-parts')), '¥441.50', '备品费')
  assertEqual(await text(page, tid('total-labour')), '¥180.00', '工时费')
  assertEqual(await text(page, tid('total-total')), '¥621.50', '合计')

  await pickOption(page, 'visit-payment_method', '微信支付')
  await pickOption(page, 'visit-old_parts', '交还客户')
  await page.click(tid('now-visit-arrived_at'))
  await page.click(tid('now-visit-departed_at'))
  assert(await page.getAttribute(tid('visit-arrived_at'), 'data-value'), 'arrival stamped')
  assert(await page.getAttribute(tid('visit-departed_at'), 'data-value'), 'departure stamped')
  await page.click(`${tid('visit-satisfaction')} .n-rate__item:nth-child(5)`)
  await page.fill(tid('visit-customer_comments'), '师傅很专业，处理及时')

  await waitSaved(page)
  await page.waitForSelector(`${tid('issues-count')}[data-count="0"]`)
  // what Go stored is what was typed
  const stored = await page.evaluate((id) => window.go.desktop.Visits.Get(id), shared.visitId)
  assertEqual(stored.visit.parts.length, 2, 'parts stored')
  assertEqual(stored.visit.parts[0].unit_price_fen, 38550, 'price in fen')
  assertEqual(stored.visit.labour[0].minutes, 90, 'labour minutes')
  assertEqual(stored.visit.labour[0].rate_fen, 12000, 'labour rate')
  assertEqual(stored.totals.total_fen, 62150, 'Go total')
  assertEqual(stored.visit.payment_method, 'wechat', 'payment method')
  assertEqual(stored.visit.satisfaction, 5, 'satisfaction')
  await tallShot(page, 'e2e-visit-form.png')

  await signAs(page, 'customer', 0)
  // the first signature locks the content
  await page.waitForSelector(tid('locked-banner'))
  assert((await text(page, tid('locked-banner'))).includes('已签字，内容已锁定'), 'locked banner')
  await signAs(page, 'technician', 1)
  const techSigner = await page.textContent(tid('signature-technician')).catch(() => '')
  assert(techSigner.includes('本人签字'), `technician kind shown: ${techSigner}`)
  await tallShot(page, 'e2e-visit-signed.png')

  await page.click(tid('visit-finish'))
  await messageShown(page, '服务单已完成')
  await page.click(tid('visit-customer-copy'))
  await page.waitForSelector(tid('document-row'), { timeout: 20_000 })
  const pdf = await page.getAttribute(tid('document-row'), 'data-path')
  assert(pdf && existsSync(pdf), `customer copy exists at ${pdf}`)
  const prefix = path.join(artifacts, 'e2e-customer-copy')
  rmSync(`${prefix}.png`, { force: true })
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdf, prefix])
  assert(existsSync(`${prefix}.png`) && statSync(`${prefix}.png`).size > 10_000, 'pdftoppm rendered the customer copy')
  await page.click(tid('document-open'))

  await page.click(tid('visit-verify'))
  await page.waitForSelector(`${tid('verify-result')}[data-ok="true"]`)
  assert((await text(page, tid('verify-result'))).includes('内容与签字一致'), 'verification message')

  await page.click(`text=${'返回工单'}`)
  await page.waitForSelector(tid('page-job'))
  await page.waitForSelector(tid('job-visit-row'))
  await page.waitForSelector(tid('document-row'))
  assertEqual(await page.getAttribute(tid('job-status'), 'data-status'), 'completed', 'job status')
  await tallShot(page, 'e2e-job-page.png')
})

async function ensureSignedVisit(page) {
  if (shared.visitId) return
  const job = await apiJob(page, { ...NANA, summary: '打印机卡纸' })
  shared.jobId = job.id
  shared.jobNumber = job.number
  shared.visitId = await page.evaluate(async (jobId) => {
    const g = window.go.desktop
    const v = (await g.Visits.Start(jobId)).visit
    const now = new Date().toISOString()
    Object.assign(v, {
      fault_symptoms: '卡纸', customer_requirement: '修复', work_performed: '更换搓纸轮', result: '已修复',
      arrived_at: now, departed_at: now,
    })
    await g.Visits.SaveDraft(v)
    const c = document.createElement('canvas')
    c.width = 200
    c.height = 80
    const ctx = c.getContext('2d')
    ctx.beginPath()
    ctx.moveTo(10, 60)
    ctx.lineTo(190, 20)
    ctx.stroke()
    const sig = (role) => ({
      visit_id: v.id, role, kind: 'real', signer_name: '', reason: '',
      strokes: [{ points: [{ x: 10, y: 60, t: 1 }, { x: 190, y: 20, t: 2 }] }], image_data_url: c.toDataURL('image/png'),
    })
    await g.Visits.Sign(sig('customer'))
    await g.Visits.Sign(sig('technician'))
    return v.id
  }, job.id)
}

test('jobs: search finds the job by a two-character name and by part of the phone; the list pages by 50', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  await ensureSignedVisit(page)
  // enough other jobs for three pages
  await page.evaluate(async () => {
    const g = window.go.desktop
    const names = ['王建国', '李秀英', '张丽华', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴婷']
    const models = ['Canon iR-ADV C3530', 'Brother HL-L2375DW', 'Epson L3258', 'Lenovo ThinkPad T14', 'Dell OptiPlex 7090']
    const faults = ['复印件发灰', '无法联网打印', '开机蓝屏', '卡纸', '噪音大', '不进纸', '墨水不出', '风扇异响']
    const c = []
    const a = []
    for (let i = 0; i < names.length; i++) {
      const cust = await g.Customers.Save({ id: '', name: names[i], company: i % 3 ? '' : '上海申达物流有限公司', phones: [`1380013${String(1000 + i)}`], addresses: [`上海市浦东新区张杨路 ${100 + i} 号`], note: '' })
      c.push(cust)
      a.push(await g.Customers.SaveAsset({ id: '', customer_id: cust.id, kind: 'product', model: models[i % models.length], serial: `SN2026${1000 + i}`, plate: '', purchase_date: `2025-0${1 + (i % 9)}-15`, warranty_months: 12, equipment_class: '' }))
    }
    for (let i = 0; i < 110; i++) {
      await g.Jobs.Create({ job_type: 'it_onsite', customer_id: c[i % c.length].id, asset_id: a[i % a.length].id, assigned_to: '张伟', appointment: null, summary: `${faults[i % faults.length]}（第 ${i + 1} 单）` })
    }
  })
  const searches = []
  page.on('request', (r) => {
    if (r.url().includes('/__go/desktop.Jobs.List')) searches.push(JSON.parse(r.postData() || '[]'))
  })
  await goTo(page, 'jobs')
  await page.waitForSelector(tid('job-row'))
  const total = Number(await page.getAttribute(tid('jobs-list'), 'data-total'))
  assert(total >= 111, `total ${total}`)
  assert((await text(page, tid('jobs-total'))).includes(String(total)), 'total shown')
  assert(searches.length >= 1 && searches.every((a) => a[2] === 50), `pages of 50: ${JSON.stringify(searches)}`)
  assertEqual(searches[0][1], 0, 'first page offset')
  const rendered = await page.locator(tid('job-row')).count()
  assert(rendered < 60, `virtual list renders only what is visible (${rendered} rows)`)
  await shot(page, 'e2e-jobs-list.png')

  // scrolling to the end fetches the later pages by offset
  await page.locator(`${tid('jobs-list')} .v-vl`).evaluate((el) => (el.scrollTop = el.scrollHeight))
  await page.waitForSelector(`${tid('jobs-list')} [data-index="${total - 1}"] ${tid('job-row')}`)
  const offsets = searches.map((a) => a[1])
  assert(offsets.includes(Math.floor((total - 1) / 50) * 50), `last page fetched: ${JSON.stringify(offsets)}`)
  assert(!offsets.includes(50) || offsets.length <= Math.ceil(total / 50) + 1, `no page fetched twice: ${JSON.stringify(offsets)}`)

  for (const q of ['娜娜', '1391725', '7255832']) {
    await page.fill(tid('jobs-search'), q)
    await page.waitForFunction(
      (q) => {
        const rows = [...document.querySelectorAll('[data-testid="job-row"]')]
        return document.querySelector('[data-testid="jobs-list"]') && rows.length > 0 && rows.length < 5
      },
      q,
      { timeout: TIMEOUT },
    )
    const numbers = await page.locator(tid('job-row')).evaluateAll((rows) => rows.map((r) => r.dataset.number))
    assert(numbers.includes(shared.jobNumber), `search ${q} finds ${shared.jobNumber}: ${JSON.stringify(numbers)}`)
  }
  await shot(page, 'e2e-jobs-search.png') // one clear button in the search box, not the browser's too
  // The filters: the signed job by its status (completed when the first test finished it),
  // then with the 110 others by technician.
  const status = (await page.getAttribute(`${tid('job-row')}[data-number="${shared.jobNumber}"]`, 'data-status')) ?? ''
  const label = { draft: '草稿', in_progress: '进行中', completed: '已完成' }[status]
  assert(!!label, `the signed job's status ${status}`)
  await page.fill(tid('jobs-search'), '')
  await pickOption(page, 'jobs-status', label!)
  await page.waitForFunction(
    (st) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="job-row"]')]
      return rows.length > 0 && rows.every((r) => r.dataset.status === st)
    },
    status,
    { timeout: TIMEOUT },
  )
  const listed = await page.locator(tid('job-row')).evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.number))
  assert(listed.includes(shared.jobNumber), `status ${label} lists ${shared.jobNumber}: ${JSON.stringify(listed)}`)
  await page.setViewportSize({ width: 1366, height: 768 })
  await shot(page, 'e2e-jobs-filtered.png')
  await pickOption(page, 'jobs-status', '全部')
  await page.fill(tid('jobs-technician'), '张伟')
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="jobs-list"]')?.getAttribute('data-total')) >= n,
    110,
    { timeout: TIMEOUT },
  )
  await page.click(tid('jobs-clear'))
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.fill(tid('jobs-search'), NANA.name)
  await page.waitForSelector(`${tid('job-row')}[data-number="${shared.jobNumber}"]`)
  await page.click(`${tid('job-row')}[data-number="${shared.jobNumber}"]`)
  await page.waitForSelector(tid('page-job'))
  assertEqual(await text(page, tid('job-number')), shared.jobNumber, 'clicked job opens')
})

test('visit: a signed revision is read-only, Go refuses a direct save, an amendment makes revision 2', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  await ensureSignedVisit(page)
  await page.goto(`#/visits/${shared.visitId}`)
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(`${tid('visit-form')}[data-locked="true"]`)
  for (const id of ['visit-fault_symptoms', 'visit-customer.name', 'visit-result']) {
    assert(await page.locator(tid(id)).isDisabled(), `${id} is disabled`)
  }
  assertEqual(await page.locator(tid('parts-add')).count(), 0, 'no add-part button')
  assertEqual(await page.locator(tid('autosave-status')).count(), 0, 'no autosave on a signed revision')

  const rejected = await page.evaluate(async (id) => {
    const v = (await window.go.desktop.Visits.Get(id)).visit
    v.fault_symptoms = '签字后偷偷修改的内容'
    try {
      await window.go.desktop.Visits.SaveDraft(v)
      return null
    } catch (e) {
      return e
    }
  }, shared.visitId)
  assert(rejected, 'SaveDraft on a signed visit is rejected')
  assertEqual(rejected.code, 'conflict', 'rejection code')
  const still = await page.evaluate((id) => window.go.desktop.Visits.Get(id), shared.visitId)
  assert(still.visit.fault_symptoms !== '签字后偷偷修改的内容', 'content unchanged')

  // an amendment asks why: without a reason Go refuses it, on the field, and nothing is made
  await page.click(tid('visit-amend'))
  await page.waitForSelector(tid('amend-dialog'))
  await page.click(tid('amend-confirm'))
  await page.waitForSelector(`${tid('amend-dialog')} .n-form-item-feedback:has-text("请写明修订原因")`)
  assertEqual((await page.evaluate((id) => window.go.desktop.Visits.Get(id), shared.visitId)).latest, true, 'no amendment without a reason')
  const refused = await page.evaluate(async (id) => {
    try {
      await window.go.desktop.Visits.Amend(id, '  ')
      return null
    } catch (e) {
      return e
    }
  }, shared.visitId)
  const onField = (refused?.fields ?? []).find((f) => f.field === 'amend_reason')
  assert(onField && onField.message.includes('修订原因') && onField.message_en.includes('reason'), `Go refuses a blank reason on its field, in Chinese and English: ${JSON.stringify(refused)}`)
  await page.fill(tid('amend-reason'), '客户指出处理结果漏写了更换的硒鼓')
  await page.click(tid('amend-confirm'))
  await page.waitForFunction((old) => !location.hash.endsWith(old) && location.hash.includes('/visits/'), shared.visitId)
  await page.waitForSelector(`${tid('visit-form')}[data-locked="false"]`)
  // what the amendment changes shows as it is typed: its reason and the field, before and after
  const result = await page.inputValue(tid('visit-result'))
  await page.fill(tid('visit-result'), `${result}；另更换硒鼓 1 个`)
  await waitSaved(page)
  await page.reload()
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(`${tid('amendment-banner')} ${tid('revision-change')}[data-field="result"]`)
  assert((await text(page, tid('revision-reason'))).includes('客户指出处理结果漏写了更换的硒鼓'), 'the reason on revision 2')
  const change = await text(page, `${tid('revision-change')}[data-field="result"]`)
  assert(change.includes('处理结果') && change.includes(result) && change.includes('另更换硒鼓 1 个'), `the change: ${change}`)
  await noToast(page)
  await shot(page, 'e2e-amendment.png')
  // the job page lists the revisions with what changed
  await page.goto(`#/jobs/${shared.jobId}`)
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(`${tid('job-visits')} ${tid('revision-changes')}[data-revision="2"] ${tid('revision-change')}[data-field="result"]`)
  await page.locator(tid('job-visits')).scrollIntoViewIfNeeded()
  await noToast(page)
  await shot(page, 'e2e-job-revisions.png')
  await page.click(`${tid('job-visit-row')}[data-revision="2"]`)
  await page.waitForSelector(`${tid('visit-form')}[data-locked="false"]`)
  await page.waitForSelector(`${tid('revision-option')}[data-revision="2"]`)
  assertEqual(await page.locator(tid('revision-option')).count(), 2, 'two revisions')
  const r1 = page.locator(`${tid('revision-option')}[data-revision="1"]`)
  const r2 = page.locator(`${tid('revision-option')}[data-revision="2"]`)
  assertEqual(await r1.getAttribute('data-signed'), 'true', 'revision 1 signed')
  assertEqual(await r2.getAttribute('data-signed'), 'false', 'revision 2 draft')
  assertEqual(await r2.getAttribute('data-current'), 'true', 'revision 2 open')
  assert((await r1.textContent()).includes('第 1 版 · 已签字'), 'revision 1 label')
  assert(!(await page.locator(tid('visit-fault_symptoms')).isDisabled()), 'revision 2 editable')

  // the old revision is still signed and locked
  await r1.click()
  await page.waitForFunction((old) => location.hash.endsWith(old), shared.visitId)
  await page.waitForSelector(`${tid('visit-form')}[data-locked="true"]`)
  await page.waitForSelector(tid('superseded-banner'))
  assertEqual(await page.getAttribute(tid('signature-customer'), 'data-signed'), 'true', 'old customer signature kept')
  const old = await page.evaluate((id) => window.go.desktop.Visits.Get(id), shared.visitId)
  assertEqual(old.locked, true, 'old revision locked in Go')
  assertEqual(old.latest, false, 'old revision superseded')
})

test('visit: autosave keeps what was typed across a reload and a quick route leave', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  const job = await apiJob(page, { name: '司马相如', phone: '021-64381234', address: '上海市长宁区延安西路 1116 号', model: 'Lenovo M7400', serial: 'LX20261127', summary: '复印模糊' })
  const visitId = await page.evaluate(async (id) => (await window.go.desktop.Visits.Start(id)).visit.id, job.id)
  await page.goto(`#/visits/${visitId}`)
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(tid('visit-form'))
  const typed = '复印件有黑色竖条纹，扫描玻璃有划痕'
  await page.fill(tid('visit-fault_symptoms'), typed)
  await page.waitForTimeout(1200)
  await reload(page, 'zh-CN')
  await page.waitForSelector(tid('visit-form'))
  assertEqual(await page.inputValue(tid('visit-fault_symptoms')), typed, 'text after reload')
  assert((await text(page, tid('autosave-status'))).includes('已自动保存'), 'autosave indicator')

  // typed and left at once: the route leave flushes
  await page.fill(tid('visit-diagnosis'), '鼓芯表面损伤')
  await page.click(tid('nav-jobs'))
  await page.waitForSelector(tid('page-jobs'))
  const stored = await page.evaluate((id) => window.go.desktop.Visits.Get(id), visitId)
  assertEqual(stored.visit.diagnosis, '鼓芯表面损伤', 'saved on route leave')
})

test('visit: signing an incomplete record shows Go’s messages on the fields before the pad opens', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  const job = await apiJob(page, { name: '上官婉儿', phone: '13661234567', address: '上海市静安区南京西路 1266 号', model: 'Canon iR2625', serial: 'CN20261127A', summary: '无法开机' })
  // The first visit's 故障现象 starts as the job's summary; here the technician has emptied it.
  const visitId = await page.evaluate(async (id) => {
    const g = window.go.desktop
    const v = (await g.Visits.Start(id)).visit
    if (v.fault_symptoms !== '无法开机') throw new Error(`故障现象 of a new visit: ${v.fault_symptoms}`)
    v.fault_symptoms = ''
    await g.Visits.SaveDraft(v)
    return v.id
  }, job.id)
  await page.goto(`#/visits/${visitId}`)
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(tid('visit-form'))
  const issues = Number(await page.getAttribute(tid('issues-count'), 'data-count'))
  assert(issues > 0, `issues listed: ${issues}`)
  await page.click(tid('sign-customer'))
  await page.waitForSelector(tid('feedback-fault_symptoms'))
  await messageShown(page, '还不能签字')
  assertEqual(await page.locator(tid('signature-pad')).count(), 0, 'the pad does not open for an incomplete record')
  // the first marked field is scrolled into view
  await page.waitForFunction((sel) => {
    const r = document.querySelector(sel)!.getBoundingClientRect()
    return r.top >= 0 && r.bottom <= window.innerHeight
  }, tid('field-fault_symptoms'))
  const goError = await page.evaluate(async (id) => {
    try {
      await window.go.desktop.Visits.Sign({ visit_id: id, role: 'customer', kind: 'refused', signer_name: '', reason: '测试', strokes: [], image_data_url: '' })
    } catch (e) {
      return e
    }
    return null
  }, visitId)
  const want = goError.fields.find((f) => f.field === 'fault_symptoms')
  assertEqual(await text(page, tid('feedback-fault_symptoms')), want.message, 'message from Go on the field')
  assertEqual(await page.getAttribute(tid('field-fault_symptoms'), 'data-invalid'), 'true', 'field marked')
  assertEqual(await page.getAttribute(tid('signature-customer'), 'data-signed'), 'false', 'not signed')
  // editing the field hides its message
  await page.fill(tid('visit-fault_symptoms'), '按电源键无反应')
  await page.waitForSelector(tid('feedback-fault_symptoms'), { state: 'detached' })

  // A complete record opens the pad; if Go still refuses the signature (here: the record
  // changed underneath, 故障现象 emptied by another writer), the drawing is kept for the next try.
  await page.evaluate(async (id) => {
    const g = window.go.desktop
    const v = (await g.Visits.Get(id)).visit
    const now = new Date().toISOString()
    Object.assign(v, { customer_requirement: '修复', work_performed: '更换电源板', result: '已修复', arrived_at: now, departed_at: now })
    await g.Visits.SaveDraft(v)
  }, visitId)
  await page.reload()
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(`${tid('issues-count')}[data-count="0"]`)
  await page.click(tid('sign-customer'))
  await drawSignature(page, 'customer')
  await page.evaluate(async (id) => {
    const v = (await window.go.desktop.Visits.Get(id)).visit
    v.fault_symptoms = ''
    await window.go.desktop.Visits.SaveDraft(v)
  }, visitId)
  await page.click(tid('signature-confirm'))
  await page.waitForSelector(tid('feedback-fault_symptoms'))
  await page.waitForSelector(tid('signature-pad'), { state: 'detached' })
  // the form shows what the store holds now
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLTextAreaElement).value === '', tid('visit-fault_symptoms'))
  await page.fill(tid('visit-fault_symptoms'), '按电源键无反应')
  await waitSaved(page)
  await page.click(tid('sign-customer'))
  await page.waitForSelector(tid('signature-restored'))
  await page.waitForSelector(`${tid('signature-dialog-customer')}[data-ready="true"]`)
  const inked = await page.evaluate((sel) => {
    const c = document.querySelector(sel) as HTMLCanvasElement
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++
    return n
  }, tid('signature-pad'))
  assert(inked > 100, `the kept drawing is on the pad (${inked} inked pixels)`)
  await shot(page, 'e2e-signature-kept.png')
  await page.click(tid('signature-confirm'))
  await page.waitForSelector(`${tid('signature-customer')}[data-signed="true"]`)
})

test('customers: search, customer page with assets and jobs, edit shows Go’s field errors, new job by customer search', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  await ensureSignedVisit(page)
  await goTo(page, 'customers')
  await page.waitForSelector(tid('customer-row'))
  await page.fill(tid('customers-search'), '娜娜')
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="customer-row"]').length === 1)
  await page.click(tid('customer-row'))
  await page.waitForSelector(tid('page-customer'))
  assertEqual(await text(page, tid('customer-name')), NANA.name, 'customer page')
  await page.waitForSelector(tid('customer-asset'))
  await page.waitForSelector(tid('job-row'))
  await shot(page, 'e2e-customer-page.png')

  // a second phone that is not a phone number: Go's message on that line
  await page.click(tid('customer-edit'))
  await page.waitForSelector(tid('customer-dialog'))
  await page.click('text=添加电话')
  await page.fill(tid('customer-phone-1'), '12345')
  await page.click(tid('customer-save'))
  await page.waitForSelector(tid('feedback-phones.1'))
  assert((await text(page, tid('feedback-phones.1'))).includes('电话'), 'phone message')
  await page.fill(tid('customer-phone-1'), '021-64381234')
  await page.click(tid('customer-save'))
  await page.waitForSelector(tid('customer-dialog'), { state: 'detached' })
  await page.waitForFunction(() => document.querySelector('[data-testid="page-customer"]').textContent.includes('021-64381234'))

  // editing keeps the editor's contract: what is typed is stored a moment later, field by field — a
  // phone that is not one is marked on its field (no click) and does not keep the note from being
  // stored; the limits show while typing; closing with the refused phone asks first
  const customerId = await page.evaluate(() => location.hash.split('/').pop())
  const storedCustomer = () => page.evaluate((id) => window.go.desktop.Customers.Get(id).then((v) => v.customer), customerId)
  await page.click(tid('customer-edit'))
  await page.waitForSelector(`${tid('customer-dialog')}[data-editing="true"]`)
  await page.click('text=添加电话')
  await page.fill(tid('customer-phone-2'), '5555')
  await page.fill(tid('customer-note'), '下午两点后在家，先打座机')
  await page.waitForSelector(tid('feedback-phones.2'), { timeout: TIMEOUT })
  assert((await text(page, tid('feedback-phones.2'))).includes('电话'), 'the refusal on the phone, in Chinese')
  await page.waitForFunction(
    (id) => window.go.desktop.Customers.Get(id).then((v) => v.customer.note === '下午两点后在家，先打座机'),
    customerId,
    { timeout: TIMEOUT },
  )
  assertEqual(JSON.stringify((await storedCustomer()).phones), JSON.stringify([NANA.phone, '021-64381234']), 'the refused phone is not stored')
  await page.waitForSelector(`${tid('autosave-not-saved')}[data-count="1"]`)
  assertEqual(await text(page, `${tid('field-name')} .n-input-word-count`), `${NANA.name.length} / 50`, 'the name counter')
  assert((await text(page, `${tid('field-note')} .n-input-word-count`)).endsWith('/ 4000'), 'the note counter')
  await shot(page, 'e2e-customer-refused.png')
  await page.click(tid('customer-cancel'))
  await page.waitForSelector(tid('leave-stay'))
  await page.click(tid('leave-stay'))
  await page.waitForSelector(tid('leave-stay'), { state: 'detached' })
  assert(await page.$(tid('customer-dialog')), 'staying keeps the dialog open')
  await page.fill(tid('customer-phone-2'), '0371-6555 1234')
  await page.waitForSelector(tid('feedback-phones.2'), { state: 'detached', timeout: TIMEOUT })
  await page.click(tid('customer-cancel')) // all stored: closes without asking
  await page.waitForSelector(tid('customer-dialog'), { state: 'detached' })
  assertEqual(JSON.stringify((await storedCustomer()).phones), JSON.stringify([NANA.phone, '021-64381234', '0371-6555 1234']), 'the corrected phone is stored')

  // the company changed in the store while the form is open (as a sync brings another device's edit),
  // and typed here too: both values on the field, the person keeps theirs
  await page.click(tid('customer-edit'))
  await page.waitForSelector(`${tid('customer-dialog')}[data-editing="true"]`)
  await page.evaluate((id) => window.go.desktop.Customers.Get(id).then((v) => window.go.desktop.Customers.Save({ ...v.customer, company: '办公室填的单位' })), customerId)
  await page.fill(tid('customer-company'), '现场填的单位')
  await page.waitForSelector(tid('conflict-company'), { timeout: TIMEOUT })
  assertEqual(await text(page, tid('conflict-company-mine')), '现场填的单位', 'mine')
  assertEqual(await text(page, tid('conflict-company-theirs')), '办公室填的单位', 'theirs')
  await shot(page, 'e2e-customer-conflict.png')
  await page.click(tid('conflict-company-keep-mine'))
  await page.waitForSelector(tid('conflict-company'), { state: 'detached' })
  await page.waitForFunction((id) => window.go.desktop.Customers.Get(id).then((v) => v.customer.company === '现场填的单位'), customerId, { timeout: TIMEOUT })
  await page.click(tid('customer-cancel'))
  await page.waitForSelector(tid('customer-dialog'), { state: 'detached' })

  // 新建工单 for an existing customer found by typing
  await goTo(page, 'today')
  await page.waitForSelector(tid('today-open'))
  await shot(page, 'e2e-today-jobs.png')
  await page.click(tid('page-action'))
  await page.waitForSelector(tid('newjob-dialog'))
  await page.click(tid('newjob-customer-select'))
  await page.keyboard.type('娜娜')
  await page.click('.n-base-select-option:has-text("欧阳娜娜")')
  await page.waitForSelector('[data-testid^="newjob-asset-"] >> text=HP LaserJet Pro M404dn')
  await page.fill(tid('newjob-summary'), '回访检查打印质量')
  await page.click(tid('newjob-submit'))
  await page.waitForSelector(tid('page-job'))
  assertEqual(await text(page, tid('job-customer-name')), NANA.name, 'job for the picked customer')
  assertEqual(await text(page, tid('job-asset-model')), NANA.model, 'with the picked asset')
  // the earlier job on the same printer is its repair history
  await page.waitForSelector(`${tid('job-history-row')} >> text=${shared.jobNumber}`)
})

/** A job whose visit is complete and unsigned (through the bindings). */
async function apiCompleteVisit(page, d) {
  const job = await apiJob(page, d)
  return page.evaluate(async (jobId) => {
    const g = window.go.desktop
    const v = (await g.Visits.Start(jobId)).visit
    const now = new Date().toISOString()
    Object.assign(v, {
      fault_symptoms: '网络打印时断时续', customer_requirement: '恢复稳定打印', work_performed: '更换网卡模块并重新配置 IP',
      result: '已修复，连续打印 50 页正常', arrived_at: now, departed_at: now,
      parts: [{ catalogue_no: 'NIC-01', name: '网卡模块', qty: 1, unit_price_fen: 26000 }],
    })
    await g.Visits.SaveDraft(v)
    return v.id
  }, job.id)
}

test('signatures: refused needs a reason, a stamp photo is previewed, finish names the missing signature', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  const visitId = await apiCompleteVisit(page, { name: '东方明', company: '上海东方贸易有限公司', phone: '021-62581234', address: '上海市普陀区中山北路 3663 号', model: 'Brother MFC-L8900CDW', serial: 'BR8900123', summary: '网络打印不稳定' })
  await page.goto(`#/visits/${visitId}`)
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(`${tid('issues-count')}[data-count="0"]`)

  // 拒签 without a reason is caught before Go; with one it is stored
  await page.click(tid('sign-customer'))
  await page.waitForSelector(`${tid('signature-dialog-customer')}[data-ready="true"]`)
  await page.click(tid('signature-kind-refused'))
  await page.click(tid('signature-confirm'))
  await page.waitForSelector(tid('feedback-reason'))
  // 盖章: a PNG photo, previewed
  await page.click(tid('signature-kind-stamp'))
  const png = await page.evaluate(() => {
    const c = document.createElement('canvas')
    c.width = 160
    c.height = 160
    const ctx = c.getContext('2d')
    ctx.strokeStyle = '#c8102e'
    ctx.lineWidth = 6
    ctx.beginPath()
    ctx.arc(80, 80, 70, 0, Math.PI * 2)
    ctx.stroke()
    ctx.fillStyle = '#c8102e'
    ctx.font = "20px 'Fieldbook CJK'"
    ctx.fillText('业务专用章', 30, 88)
    return c.toDataURL('image/png').split(',')[1]
  })
  await page.setInputFiles(tid('signature-stamp-file'), { name: 'stamp.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') })
  await page.waitForSelector(tid('signature-stamp-preview'))
  await page.click(tid('signature-confirm'))
  await page.waitForSelector(`${tid('signature-customer')}[data-signed="true"]`)
  assert((await text(page, tid('signature-customer'))).includes('盖章'), 'stamp kind shown')

  // finishing with the technician's signature missing names it
  await page.click(tid('visit-finish'))
  await page.waitForSelector(tid('feedback-signatures.technician'))
  assert((await text(page, tid('feedback-signatures.technician'))).includes('技术员'), 'missing technician signature')
  await signAs(page, 'technician', 2)
  await page.click(tid('visit-finish'))
  await page.waitForSelector(tid('visit-finish'), { state: 'detached' })
  await tallShot(page, 'e2e-visit-stamp.png')
})

test('visit form in English', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  const job = await apiJob(page, { name: '诸葛亮', phone: '13512345678', address: '上海市黄浦区中山东一路 18 号', model: 'Xerox B210', serial: 'XB2101127', summary: '打印发白' })
  const visitId = await page.evaluate(async (id) => (await window.go.desktop.Visits.Start(id)).visit.id, job.id)
  await page.goto(`#/visits/${visitId}`)
  await waitShell(page, 'zh-CN')
  await switchTo(page, 'en')
  await page.waitForSelector(tid('visit-form'))
  await page.click(tid('parts-add'))
  await page.fill(tid('part-0-name'), 'Toner cartridge')
  await page.fill(tid('part-0-price'), '12.3.4')
  await page.waitForSelector(tid('feedback-parts.0.unit_price_fen'))
  assert((await text(page, tid('issues-count'))).includes('items left'), 'issues in English')
  await tallShot(page, 'e2e-visit-form-en.png')
  await switchTo(page, 'zh-CN')
})


test('new job: a new customer with the mobile number of one already there is offered that customer', async ({ page }) => {
  await open(page, 'jobs', 'zh-CN')
  await apiJob(page, { name: '孙丽', phone: '13761239876', address: '上海市普陀区中山北路 3663 号', model: 'HP LaserJet M1136', serial: 'HPM1136X' })
  await page.click(tid('page-action'))
  await page.waitForSelector(tid('newjob-dialog'))
  await page.click(tid('newjob-customer-new'))
  // the name's limit shows while typing, and a paste over it says what was cut
  await page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLInputElement
    el.focus()
    const dt = new DataTransfer()
    dt.setData('text/plain', '名'.repeat(60))
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
  }, tid('newjob-customer-name'))
  await page.waitForSelector(tid('note-customer.name'))
  assert((await text(page, tid('note-customer.name'))).includes('截去 10 字'), 'the name says the paste was cut')
  assertEqual((await page.inputValue(tid('newjob-customer-name'))).length, 50, 'the name holds 50 characters')
  await page.fill(tid('newjob-customer-name'), '孙丽')
  await page.waitForSelector(tid('note-customer.name'), { state: 'detached' })
  await page.fill(tid('newjob-customer-phone'), '137 6123 9876')
  await page.waitForSelector(`${tid('newjob-similar-row')}[data-why="phone"]`)
  assert((await text(page, tid('newjob-similar'))).includes('手机号相同'), 'says why')
  await shot(page, 'e2e-newjob-similar.png')
  // creating it anyway needs a decision
  await page.fill(tid('newjob-summary'), '打印机不进纸')
  await page.click(tid('newjob-submit'))
  await page.waitForSelector(tid('newjob-error'))
  // the existing customer is taken instead
  await page.click(tid('newjob-similar-use'))
  await page.waitForSelector(tid('newjob-customer-select'))
  assert((await text(page, tid('newjob-customer-select'))).includes('孙丽'), 'the existing customer is chosen')
})

test('visit: the job summary is the 故障现象; a model and serial typed on the form become the job’s asset, found by a search', async ({ page }) => {
  await open(page, 'today', 'zh-CN')
  // a job opened on the phone: the customer's words, no asset yet
  const job = await page.evaluate(async () => {
    const g = window.go.desktop
    const c = await g.Customers.Save({ id: '', name: '欧阳明', company: '', phones: ['13671234567'], addresses: ['上海市长宁区愚园路 1258 号'], note: '' })
    return g.Jobs.Create({ job_type: 'it_onsite', customer_id: c.id, asset_id: '', assigned_to: '张伟', appointment: null, summary: '笔记本开机黑屏，电源灯闪烁' })
  })
  await page.goto(`#/jobs/${job.id}`)
  await waitShell(page, 'zh-CN')
  await page.click(tid('job-start'))
  await page.waitForSelector(tid('visit-form'))
  assertEqual(await page.inputValue(tid('visit-fault_symptoms')), '笔记本开机黑屏，电源灯闪烁', '故障现象 from the job summary')
  await page.fill(tid('visit-asset.model'), 'ThinkPad X1 Carbon Gen 11')
  await page.fill(tid('visit-asset.serial'), 'PF4XK2QZ')
  await waitSaved(page)
  await page.waitForFunction(
    async (id) => (await window.go.desktop.Jobs.Get(id)).asset?.serial === 'PF4XK2QZ',
    job.id,
    { timeout: TIMEOUT },
  )
  await goTo(page, 'jobs')
  await page.fill(tid('jobs-search'), 'PF4XK2QZ')
  // the list answers the search: the job and nothing else (the unfiltered list also starts with it)
  await page.waitForFunction(
    (n) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="job-row"]')].map((r) => r.dataset.number)
      return rows.length === 1 && rows[0] === n
    },
    job.number,
    { timeout: TIMEOUT },
  )
  await page.click(`${tid('job-row')}[data-number="${job.number}"]`)
  await page.waitForSelector(tid('page-job'))
  assertEqual(await text(page, tid('job-asset-model')), 'ThinkPad X1 Carbon Gen 11', 'the job page shows the asset typed on the form')
  await noToast(page)
  await shot(page, 'e2e-visit-asset-flow.png')
})
