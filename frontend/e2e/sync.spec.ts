// Sync with a real hub, and the archive clerk's desk (a second app instance enrolled as clerk 李娜).
// The first test connects the technician's device; the clerk's test connects it itself when run alone.
import { existsSync, statSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { artifacts, type Stack, test, TIMEOUT, watchErrors } from './fixtures'
import {
  assert, assertEqual, at, makePNG, noToast, open, pageTitle, pickOption, reload, shot, switchTo, tallShot, text, tid, waitShell,
} from './helpers'

/** The schema version the hub speaks, as its /healthz says: the raw calls below are a current client's. */
const hubSchema = new Map<string, string>()
async function schemaOf(hub: string): Promise<string> {
  if (!hubSchema.has(hub)) hubSchema.set(hub, String((await (await fetch(new URL('/healthz', hub))).json()).schema))
  return hubSchema.get(hub)!
}

async function hubCall(hub: string, method: string, route: string, { token, body }: { token?: string; body?: unknown } = {}): Promise<any> {
  const res = await fetch(new URL(route, hub), {
    method,
    headers: {
      'Content-Type': 'application/json',
      'Fieldbook-Protocol': '1',
      'Fieldbook-Schema': await schemaOf(hub),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const json = await res.json().catch(() => null)
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`)
  return json
}

async function hubRow(hub: string, token: string, table: string, id: string) {
  let cursor = 0
  let found = null
  for (;;) {
    const page = await hubCall(hub, 'GET', `/v1/pull?cursor=${cursor}`, { token })
    for (const r of page.rows) if (r.table === table && r.id === id) found = r
    cursor = page.cursor
    if (!page.more) return found
  }
}

async function syncNow(page) {
  await page.click(tid('sync-now'))
  await page.waitForSelector(`${tid('sync-now')}:not(.n-button--loading)`)
  await page.waitForTimeout(200)
}

test('sync: connect, sync a customer, a conflict from a second device resolved as mine', async ({ page, stack }) => {
  const hubURL = stack.hub.url
  const codes = stack.techCodes
  assert(hubURL && codes.length === 2, 'the hub and two enrolment codes of 张伟')
  await open(page, 'settings?tab=sync', 'zh-CN')
  await page.waitForSelector(tid('sync-panel'))
  assertEqual(await page.getAttribute(tid('sync-indicator'), 'data-state'), 'not_connected', 'indicator before')
  await page.fill(tid('sync-url'), hubURL)
  await page.fill(tid('sync-code'), codes[0])
  await page.click(tid('sync-insecure'))
  await page.waitForSelector(tid('sync-insecure-warning'))
  await page.click(tid('sync-insecure'))
  await page.click(tid('sync-connect'))
  await page.waitForSelector(`${tid('sync-panel')}[data-connected="true"]`)
  assertEqual(await text(page, tid('sync-user')), '张伟', 'user')
  assertEqual(await text(page, tid('sync-centre')), '上海中心', 'centre')

  const customer = await page.evaluate(() =>
    window.go.desktop.Customers.Save({ id: '', name: '同步测试客户', company: '上海同步科技有限公司', phones: ['13612345678'], addresses: ['上海市杨浦区国定路 335 号'], note: '首次登记的备注' }),
  )
  await syncNow(page)
  await page.waitForSelector(`${tid('sync-indicator')}[data-state="synced"]`)
  assert((await text(page, tid('sync-indicator'))).includes('已同步'), 'header says 已同步')
  assertEqual(await page.getAttribute(tid('sync-pending'), 'data-count'), '0', 'nothing pending')
  await noToast(page)
  await shot(page, 'e2e-sync-connected.png')

  // a second device (the office) changes the note on the hub
  const office = await hubCall(hubURL, 'POST', '/v1/enrol', { body: { code: codes[1], device_name: '办公室电脑' } })
  const row = await hubRow(hubURL, office.token, 'customers', customer.id)
  assert(row, 'the customer reached the hub')
  assertEqual(row.fields.note, '首次登记的备注', 'note on the hub')
  const pushed = await hubCall(hubURL, 'POST', '/v1/push', {
    token: office.token,
    body: { batch_id: crypto.randomUUID(), changes: [{ table: 'customers', id: customer.id, base_seq: row.seq, fields: { note: '办公室改的备注' } }] },
  })
  assertEqual(pushed.results[0].status, 'applied', `office push: ${JSON.stringify(pushed)}`)

  // meanwhile the technician changes it too, then syncs
  await page.evaluate(async (id) => {
    const g = window.go.desktop
    const c = (await g.Customers.Get(id)).customer
    await g.Customers.Save({ ...c, note: '现场改的备注' })
  }, customer.id)
  await syncNow(page)
  await page.click(tid('settings-tab-issues'))
  await page.waitForSelector(`${tid('sync-issue')}[data-kind="conflict"][data-row="${customer.id}"]`)
  const issue = `${tid('sync-issue')}[data-row="${customer.id}"]`
  assertEqual(await text(page, `${issue} ${tid('sync-issue-yours')}`), '现场改的备注', 'yours')
  assertEqual(await text(page, `${issue} ${tid('sync-issue-theirs')}`), '办公室改的备注', 'theirs')
  await page.waitForSelector(`${tid('sync-indicator')}[data-state="pending"]`)
  await noToast(page)
  await shot(page, 'e2e-sync-conflict.png')

  await page.click(`${issue} ${tid('sync-issue-mine')}`)
  await page.waitForSelector(issue, { state: 'detached' })
  await page.click(tid('settings-tab-sync'))
  await syncNow(page)
  const after = await hubRow(hubURL, office.token, 'customers', customer.id)
  assertEqual(after.fields.note, '现场改的备注', 'the hub has the app’s value')
  await page.waitForSelector(`${tid('sync-indicator')}[data-state="synced"]`)
})

// ---------------------------------------------------------------- archive clerk

/** The technician's device is enrolled (by the sync test, or here when that did not run). */
async function ensureTechnicianConnected(page: Page, stack: Stack) {
  const st = await page.evaluate(() => window.go.desktop.Sync.Status())
  if (st.connected) return
  await page.evaluate(({ url, code }) => window.go.desktop.Sync.Connect(url, code, false), { url: stack.hub.url, code: stack.techCodes[0] })
  await reload(page) // the header and the hand-in see the connection at once
}

/**
 * Three jobs made and finished on the technician's device through the bindings (each
 * completed, not yet handed in): complete (the customer signed in person), J (the customer's
 * signature is a proxy's) and incomplete (a vehicle job with only its work order).
 */
async function technicianFinishes(page) {
  return page.evaluate(async () => {
    const g = window.go.desktop
    const c = document.createElement('canvas')
    c.width = 200
    c.height = 80
    const ctx = c.getContext('2d')
    ctx.beginPath()
    ctx.moveTo(10, 60)
    ctx.bezierCurveTo(60, 0, 120, 80, 190, 20)
    ctx.stroke()
    const image = c.toDataURL('image/png')
    const now = new Date()
    const arrived = new Date(now.getTime() - 95 * 60_000).toISOString()
    const departed = now.toISOString()
    async function job(d) {
      const cu = await g.Customers.Save({ id: '', name: d.name, company: d.company || '', phones: [d.phone], addresses: [d.address], note: '' })
      const a = await g.Customers.SaveAsset({
        id: '', customer_id: cu.id, kind: d.kind || 'product', model: d.model, serial: d.serial, plate: d.plate || '',
        purchase_date: '2026-01-10', warranty_months: 12, equipment_class: '',
      })
      const j = await g.Jobs.Create({ job_type: d.type, customer_id: cu.id, asset_id: a.id, assigned_to: '张伟', appointment: null, summary: d.summary })
      const v = (await g.Visits.Start(j.id)).visit
      Object.assign(v, {
        fault_symptoms: d.fault, customer_requirement: '尽快修复', diagnosis: '检测后确认故障部件', work_performed: d.work,
        result: '已修复，试运行正常', arrived_at: arrived, departed_at: departed,
      })
      await g.Visits.SaveDraft(v)
      for (const [role, kind, signer] of d.signs) {
        await g.Visits.Sign({
          visit_id: v.id, checklist_id: '', role, kind, signer_name: signer || '', reason: '',
          strokes: [{ points: [{ x: 10, y: 60, t: 1 }, { x: 190, y: 20, t: 2 }] }], image_data_url: image,
        })
      }
      await g.Visits.Finish(v.id)
      return j
    }
    const complete = await job({
      type: 'it_onsite', name: '周明', company: '上海明达贸易有限公司', phone: '13761234567', address: '上海市静安区南京西路 1266 号',
      model: 'HP LaserJet Pro M404dn', serial: 'PHBQK12345', summary: '打印机报纸张错误', fault: '打印时提示纸张错误', work: '清洁搓纸轮并更换分页器',
      signs: [['customer', 'real'], ['technician', 'real']],
    })
    const proxy = await job({
      type: 'it_onsite', name: '钱芳', company: '上海芳华设计工作室', phone: '13962345678', address: '上海市徐汇区漕溪北路 88 号',
      model: 'Lenovo ThinkPad T14', serial: 'PF3ABCDE', summary: '笔记本无法开机', fault: '按电源键无反应', work: '更换主板电源管理芯片',
      signs: [['customer', 'proxy', '前台 王秘书'], ['technician', 'real']],
    })
    const vehicle = await job({
      type: 'vehicle_service', kind: 'vehicle', name: '孙磊', phone: '13585556666', address: '上海市闵行区虹梅路 3000 号',
      model: '大众 帕萨特 2021款', serial: 'LSVAM4187C2184756', plate: '沪A·8K2M6', summary: '保养后仪表报警', fault: '仪表盘机油灯常亮', work: '更换机油压力传感器',
      signs: [['customer', 'real'], ['service_advisor', 'real'], ['lead_technician', 'real']],
    })
    return { complete, proxy, vehicle }
  })
}

/** The technician's job page with its 提交归档 card and the check Go ran. */
async function openHandIn(page, job) {
  await page.goto(`#/jobs/${job.id}`)
  await waitShell(page)
  await page.waitForSelector(`${tid('handin-card')}[data-complete]`)
}

/** When the technician's device last synced, before a hand-in (null: never). */
async function lastSynced(page): Promise<string | null> {
  return (await page.evaluate(() => window.go.desktop.Sync.Status())).last_synced_at ?? null
}

/**
 * The hand-in went through: the page shows the submitted, locked job, and the sync it started has
 * pushed it — a sync ended after `before` (lastSynced before the click), none runs or waits, and
 * nothing waits to be pushed. (A sync that was running when the job was handed in is not enough:
 * it may have read the outbox before the hand-in.)
 */
async function handedIn(page, before: string | null) {
  await page.waitForSelector(tid('job-submitted'))
  assertEqual(await page.getAttribute(tid('job-status'), 'data-status'), 'submitted', 'status after hand-in')
  assertEqual(await page.$(tid('handin-card')), null, 'no hand-in card on a submitted job')
  assertEqual(await page.$(tid('job-start')), null, 'a submitted job is locked')
  await page.waitForFunction(
    (before) =>
      window.go.desktop.Sync.Status().then(
        (s) => !s.running && s.pending === 0 && !!s.last_synced_at && s.last_synced_at !== before,
      ),
    before,
    { timeout: TIMEOUT, polling: 300 },
  )
}

async function openArchiveJob(page, number) {
  await page.click(`${tid('inbox-row')}[data-number="${number}"]`)
  await page.waitForSelector(tid('archive-job-head'))
  assertEqual(await text(page, tid('archive-job-number')), number, 'job page number')
}

async function backToInbox(page) {
  await page.click(tid('nav-archive'))
  await page.waitForSelector(tid('inbox-list'))
}

test('archive clerk: inbox, incomplete job, J mark, filing with a number, statistics, returned job back on the technician’s laptop', async ({ page, stack }) => {
  const clerk = await stack.clerk()
  assert(clerk.url && stack.clerkCode, 'the clerk\'s app instance and the enrolment code of 李娜')
  const clerkURL = (route: string) => at(clerk.url, route)
  // the technician submits three jobs and syncs
  await open(page, 'today', 'zh-CN')
  await ensureTechnicianConnected(page, stack)
  const jobs = await technicianFinishes(page)

  // the complete job: the check finds nothing, 提交归档 hands it in at once and syncs
  await openHandIn(page, jobs.complete)
  assertEqual(await page.getAttribute(tid('handin-card'), 'data-complete'), 'true', 'complete job checks complete')
  await page.waitForSelector(tid('handin-ready'))
  assertEqual(await page.$(tid('handin-j')), null, 'no J note for a real signature')
  let before = await lastSynced(page)
  await page.click(tid('handin-submit'))
  await handedIn(page, before)

  // the proxy job through the binding (the J note is checked below, on the clerk's side)
  await page.evaluate((id) => window.go.desktop.Jobs.Submit(id, true), jobs.proxy.id)

  // the vehicle job: a scan of the paper settlement (结算清单) is attached to its document slot
  await openHandIn(page, jobs.vehicle)
  const techProblems = async () => page.$$eval(tid('handin-problem'), (ls) => ls.map((l) => l.firstElementChild.textContent.trim()))
  const goCheck = async () => (await page.evaluate((id) => window.go.desktop.Jobs.Completeness(id), jobs.vehicle.id)).problems.map((p) => p.message)
  assert((await techProblems()).includes('缺少结算清单'), `settlement missing before the scan: ${await techProblems()}`)
  const slot = `${tid('docset-slot')}[data-key="settlement"]`
  assertEqual(await text(page, `${slot} ${tid('docset-state')}`), '未添加', 'settlement slot before the scan')
  await page.setInputFiles(tid('docset-scan-input-settlement'), { name: '结算清单.png', mimeType: 'image/png', buffer: await makePNG(page, '#1f6f43') })
  await page.waitForSelector(`${slot} ${tid('docset-scan-file')}`)
  assertEqual(await text(page, `${slot} ${tid('docset-state')}`), '已添加 1 份', 'settlement slot after the scan')
  // the check runs again: the settlement is there, its signature and stamp are not (yet) recorded
  await page.waitForFunction(
    () => ![...document.querySelectorAll('[data-testid="handin-problem"]')].some((l) => l.firstElementChild.textContent.trim() === '缺少结算清单'),
    null,
    { timeout: TIMEOUT },
  )
  const techWant = await goCheck()
  assertEqual(JSON.stringify(await techProblems()), JSON.stringify(techWant), 'the card lists Go’s check, in binding order')
  assert(techWant.includes('结算清单缺少客户签字'), `the scan's customer signature is not recorded yet: ${techWant}`)
  assertEqual(await page.getAttribute(`${tid('handin-doc')}[data-key="settlement"]`, 'data-present'), 'true', 'settlement present in the check')
  await page.waitForSelector(tid('handin-j')) // the customer's real signature is not recorded on the settlement
  await page.locator(tid('handin-card')).scrollIntoViewIfNeeded()
  await shot(page, 'e2e-tech-submit.png')
  // incomplete: 提交归档 asks first, listing the same problems
  await page.click(tid('handin-submit'))
  await page.waitForSelector(tid('handin-confirm'))
  assertEqual(
    JSON.stringify(await page.$$eval(tid('handin-confirm-problem'), (ls) => ls.map((l) => l.firstElementChild.textContent.trim()))),
    JSON.stringify(techWant),
    'the confirmation lists the problems',
  )
  assert((await text(page, tid('handin-confirm'))).includes('档案管理员会看到同样的问题'), 'the confirmation says the clerk sees them')
  before = await lastSynced(page)
  await page.click(tid('handin-force'))
  await handedIn(page, before)
  await page.evaluate(() => window.go.desktop.Sync.Now())

  // the clerk's desk: a second app instance, enrolled as 李娜 (clerk)
  const desk = await page.context().newPage()
  desk.setDefaultTimeout(TIMEOUT)
  const deskErrors = watchErrors(desk)
  try {
    await desk.goto(clerkURL('settings?tab=sync'))
    await waitShell(desk)
    await desk.fill(tid('sync-url'), stack.hub.url)
    await desk.fill(tid('sync-code'), stack.clerkCode)
    await desk.click(tid('sync-connect'))
    await desk.waitForSelector(`${tid('sync-panel')}[data-connected="true"]`)
    assertEqual(await text(desk, tid('sync-user')), '李娜', 'clerk user')

    // the clerk's menu: 收件箱, 统计, 客户, 设置 — no technician pages
    await desk.waitForSelector(tid('nav-stats'))
    assertEqual(await text(desk, tid('nav-archive')), '收件箱', 'inbox menu label')
    assertEqual(await desk.$(tid('nav-today')), null, 'no 工作台 for a clerk')
    assertEqual(await desk.$(tid('nav-jobs')), null, 'no 工单 for a clerk')
    // the start page of a clerk is the inbox
    await desk.goto(clerkURL(''))
    await waitShell(desk)
    await desk.waitForSelector(`${tid('page-archive')}[data-mode="inbox"]`)
    assertEqual(await pageTitle(desk), '收件箱', 'inbox title')

    // the inbox shows the synced jobs, newest submission first
    for (const j of [jobs.complete, jobs.proxy, jobs.vehicle]) {
      await desk.waitForSelector(`${tid('inbox-row')}[data-number="${j.number}"]`)
    }
    const numbers = await desk.$$eval(tid('inbox-row'), (rs) => rs.map((r) => r.dataset.number))
    assertEqual(numbers.slice(0, 3).join(','), [jobs.vehicle.number, jobs.proxy.number, jobs.complete.number].join(','), 'newest first')
    const row = (j) => `${tid('inbox-row')}[data-number="${j.number}"]`
    assertEqual(await desk.getAttribute(row(jobs.complete), 'data-complete'), 'true', 'complete job')
    assertEqual(await desk.getAttribute(row(jobs.vehicle), 'data-complete'), 'false', 'incomplete job')
    assertEqual(await desk.getAttribute(row(jobs.proxy), 'data-j'), 'true', 'proxy job is J')
    assert(await desk.$(`${row(jobs.proxy)} ${tid('inbox-j')}`), 'red J badge on the proxy job')
    assert((await text(desk, `${row(jobs.vehicle)} ${tid('inbox-check')}`)).includes('不完整'), 'incomplete tag')
    await noToast(desk)
    await shot(desk, 'e2e-clerk-inbox.png')
    await switchTo(desk, 'en')
    assertEqual(await pageTitle(desk), 'Inbox', 'inbox title in English')
    await desk.waitForSelector(`${row(jobs.vehicle)} ${tid('inbox-check')}`)
    await noToast(desk)
    await shot(desk, 'e2e-clerk-inbox-en.png')
    await switchTo(desk, 'zh-CN')

    // filters: J only, then a customer
    const onlyRow = (number, what) =>
      desk
        .waitForFunction((n) => {
          const rs = document.querySelectorAll('[data-testid="inbox-row"]')
          return rs.length === 1 && (rs[0] as HTMLElement).dataset.number === n
        }, number)
        .catch(() => assert(false, `${what}: only ${number} listed`))
    // J: the proxy signature, and the vehicle job whose scanned settlement has no customer signature recorded yet
    await pickOption(desk, 'inbox-j', '有 J 标记')
    await desk
      .waitForFunction((ns) => {
        const rs = [...document.querySelectorAll('[data-testid="inbox-row"]')].map((r) => (r as HTMLElement).dataset.number)
        return rs.length === ns.length && ns.every((n) => rs.includes(n))
      }, [jobs.vehicle.number, jobs.proxy.number])
      .catch(() => assert(false, `J filter: only ${jobs.vehicle.number} and ${jobs.proxy.number} listed`))
    await desk.click(tid('inbox-clear'))
    await desk.fill(tid('inbox-customer'), '孙磊')
    await onlyRow(jobs.vehicle.number, 'customer filter')

    // the incomplete job lists exactly what is missing, in binding order
    await openArchiveJob(desk, jobs.vehicle.number)
    const listed = async () => desk.$$eval(tid('archive-problem'), (ls) => ls.map((l) => l.firstElementChild.textContent.trim()))
    const goProblems = async () => (await desk.evaluate((id) => window.go.desktop.Archive.Get(id), jobs.vehicle.id)).check.problems.map((p) => p.message)
    const want = await goProblems()
    assertEqual(JSON.stringify(await listed()), JSON.stringify(want), 'problems on the page are the check’s')
    // the work order is there, signed by all three, and the scan of the settlement, whose paper
    // original the clerk has not checked yet; the rest of the vehicle set is missing
    assertEqual(JSON.stringify(want), JSON.stringify(techWant), 'the clerk’s check is the technician’s')
    assert(want.includes('结算清单缺少客户签字') && !want.includes('缺少结算清单'), `the settlement scan synced: ${want}`)
    assertEqual(await desk.getAttribute(tid('archive-job-head'), 'data-fileable'), 'false', 'not fileable')
    assertEqual(await desk.getAttribute(`${tid('archive-doc')}[data-key="battery_check"]`, 'data-present'), 'false', 'battery check missing')
    const settlement = `${tid('archive-doc')}[data-key="settlement"]`
    assertEqual(await desk.getAttribute(settlement, 'data-present'), 'true', 'settlement scan present')
    assertEqual(await desk.getAttribute(settlement, 'data-ok'), 'false', 'settlement not checked yet')

    // 核对原件: the paper settlement carries the customer's own signature and the paid stamp
    await desk.click(tid('archive-check-settlement'))
    await desk.waitForSelector(tid('doccheck-dialog'))
    await pickOption(desk, 'doccheck-kind-customer', '本人签字')
    await desk.click(tid('doccheck-stamp-finance_paid'))
    await noToast(desk)
    await shot(desk, 'e2e-clerk-doccheck.png')
    await desk.click(tid('doccheck-save'))
    await desk.waitForSelector(tid('doccheck-dialog'), { state: 'detached', timeout: TIMEOUT })
    await desk.waitForSelector(`${settlement}[data-ok="true"]`)
    await desk.waitForSelector(`${settlement} ${tid('archive-sig')}[data-role="customer"][data-kind="real"]`)
    await desk.waitForSelector(`${tid('audit-event')}[data-action="doc_checked"]`)
    // with the customer's own signature on the original, the J mark the missing signature made goes
    await desk.waitForSelector(`${tid('archive-j')}[data-marked="false"]`)
    const afterCheck = await goProblems()
    assertEqual(JSON.stringify(afterCheck), JSON.stringify(want.filter((p) => !p.startsWith('结算清单'))), 'the settlement’s problems are gone')
    assertEqual(JSON.stringify(afterCheck), JSON.stringify(['缺少电瓶检查单', '缺少小修合格证', '缺少最终检查单']), 'what is missing')
    assertEqual(JSON.stringify(await listed()), JSON.stringify(afterCheck), 'the page lists the check with the clerk’s finding')

    // filing is refused: the dialog lists what blocks it
    await desk.click(tid('archive-file'))
    await desk.waitForSelector(tid('file-blocking'))
    assertEqual(await desk.$$eval(tid('file-blocking-item'), (ls) => ls.length), afterCheck.length, 'every blocking problem listed')
    assert(await desk.$eval(tid('file-dialog-confirm'), (b) => (b as HTMLButtonElement).disabled), 'file button disabled')
    await desk.keyboard.press('Escape')
    await desk.waitForSelector(tid('file-dialog'), { state: 'detached', timeout: TIMEOUT })
    await noToast(desk)
    await tallShot(desk, 'e2e-clerk-incomplete.png')

    // returned with a reason (required)
    await desk.click(tid('archive-return'))
    await desk.waitForSelector(tid('return-dialog'))
    await desk.click(tid('return-dialog-confirm'))
    await desk.waitForSelector(`${tid('return-dialog')} .n-form-item-feedback:has-text("请填写退回原因")`)
    const reason = '请补交电瓶检查单、小修合格证（加盖业务章）和最终检查单'
    await desk.fill(tid('return-dialog-input'), reason)
    await desk.click(tid('return-dialog-confirm'))
    await desk.waitForSelector(`${tid('archive-job-head')}[data-status="returned"]`)
    assert((await text(desk, tid('archive-returned'))).includes(reason), 'return reason shown')
    await desk.waitForSelector(`${tid('audit-event')}[data-action="returned"]`)

    // the proxy signature makes the J mark; the clerk confirms it
    await backToInbox(desk)
    await desk.click(tid('inbox-clear'))
    await openArchiveJob(desk, jobs.proxy.number)
    assertEqual(await desk.getAttribute(tid('archive-j'), 'data-marked'), 'true', 'J marked')
    assertEqual(await desk.getAttribute(tid('archive-j'), 'data-source'), 'auto', 'J from the check')
    await desk.waitForSelector(tid('archive-j-badge'))
    await desk.waitForSelector(`${tid('archive-sig')}[data-role="customer"][data-kind="proxy"]`)
    await desk.waitForSelector(`${tid('archive-problem')}[data-j="true"]`)
    await desk.click(tid('archive-j-confirm'))
    await desk.fill(tid('j-confirm-dialog-input'), '客户出差，由前台代签，已电话确认')
    await desk.click(tid('j-confirm-dialog-confirm'))
    await desk.waitForSelector(`${tid('archive-j')}[data-source="clerk"]`)
    await desk.waitForSelector(`${tid('audit-event')}[data-action="j_marked"]`)
    assertEqual(await desk.getAttribute(tid('archive-job-head'), 'data-fileable'), 'true', 'a J-only job can be filed')
    await noToast(desk)
    await tallShot(desk, 'e2e-clerk-j.png')

    // the complete job is filed and gets a number
    await backToInbox(desk)
    await openArchiveJob(desk, jobs.complete.number)
    await desk.waitForSelector(tid('archive-no-problems'))
    await desk.click(tid('archive-file'))
    await desk.waitForSelector(tid('file-dialog'))
    assertEqual(await desk.$(tid('file-blocking')), null, 'nothing blocks')
    await desk.fill(tid('file-dialog-input'), '档案盒 B-12 / 3 号架')
    await desk.click(tid('file-dialog-confirm'))
    await desk.waitForSelector(`${tid('archive-job-head')}[data-status="filed"]`)
    const archiveNo = await text(desk, tid('archive-no'))
    assert(/^\d{4}-\d{2}-\d{4}$/.test(archiveNo), `archive number ${archiveNo}`)
    assertEqual(await text(desk, tid('archive-location')), '档案盒 B-12 / 3 号架', 'location')
    assertEqual(await desk.$(tid('archive-file')), null, 'a filed job offers no filing')
    await desk.waitForSelector(`${tid('audit-event')}[data-action="filed"]`)
    assert((await text(desk, `${tid('audit-event')}[data-action="filed"]`)).includes(archiveNo), 'trail names the number')

    // the evidence: the signed record opens read-only from here, and its PDF
    await desk.waitForSelector(`${tid('archive-revision')}[data-revision="1"][data-signed="true"]`)
    await desk.click(tid('archive-pdf-1'))
    await desk.waitForSelector(tid('archive-record-file'))
    const recordPDF = await desk.getAttribute(tid('archive-record-file'), 'data-path')
    assert(recordPDF && existsSync(recordPDF), `the record's PDF exists at ${recordPDF}`)
    const recordText = execFileSync('pdftotext', ['-enc', 'UTF-8', recordPDF, '-']).toString().replace(/\s+/g, '')
    assert(recordText.includes(jobs.complete.number) && recordText.includes('客户联'), `the record's PDF is the job's: ${recordText.slice(0, 200)}`)
    await noToast(desk)
    await desk.locator(tid('archive-records')).scrollIntoViewIfNeeded()
    await shot(desk, 'e2e-clerk-records.png')
    await desk.click(tid('archive-view-1'))
    await desk.waitForSelector(tid('visit-form'))
    assert((await text(desk, tid('visit-back'))).includes('返回档案工单'), 'back leads to the archive job')
    await desk.click(tid('visit-back'))
    await desk.waitForSelector(`${tid('archive-job-head')}[data-status="filed"]`)

    // its cover sheet PDF: filed, and it says so without asking for anything to be completed first
    await desk.click(tid('archive-cover'))
    await desk.waitForSelector(tid('archive-cover-file'))
    const pdf = await desk.getAttribute(tid('archive-cover-file'), 'data-path')
    assert(pdf && existsSync(pdf), `cover sheet exists at ${pdf}`)
    const coverText = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().replace(/\s+/g, '')
    assert(coverText.includes('已归档') && !coverText.includes('待补齐'), `the cover sheet's verdict: ${coverText}`)
    const prefix = path.join(artifacts, 'e2e-cover-sheet')
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, prefix])
    assert(existsSync(`${prefix}.png`) && statSync(`${prefix}.png`).size > 5_000, 'pdftoppm rendered the cover sheet')
    await noToast(desk)
    await tallShot(desk, 'e2e-clerk-filed.png')

    // the inbox shows the number
    await backToInbox(desk)
    assertEqual(await text(desk, `${row(jobs.complete)} ${tid('inbox-archive-no')}`), archiveNo, 'number in the inbox')

    // statistics: charts drawn, the return counted (its audit row comes
    // from the hub), export to Excel
    await desk.evaluate(() => window.go.desktop.Sync.Now())
    await desk.click(tid('nav-stats'))
    await desk.waitForSelector(tid('stats-kpis'))
    const charts = await desk.$$eval(tid('stats-chart'), (cs) => cs.map((c) => ({ key: c.dataset.key, svg: !!c.querySelector('svg'), paths: c.querySelectorAll('svg path').length })))
    assertEqual(charts.length, 7, 'seven charts')
    for (const c of charts) assert(c.svg && c.paths > 0, `chart ${c.key} is drawn: ${JSON.stringify(c)}`)
    const jobsKpi = await text(desk, `${tid('stats-kpi')}[data-key="jobs"] ${tid('stats-kpi-value')}`)
    assert(Number(jobsKpi) >= 3, `submitted jobs counted: ${jobsKpi}`)
    const returnedKpi = await text(desk, `${tid('stats-kpi')}[data-key="returned"]`)
    assert(/1 \/ \d+ 单，共退回 1 次/.test(returnedKpi), `the returned job counted: ${returnedKpi}`)
    await desk.click(tid('page-action'))
    await desk.waitForSelector(tid('stats-export'))
    const xlsx = await desk.getAttribute(tid('stats-export'), 'data-path')
    assert(xlsx && xlsx.endsWith('.xlsx') && existsSync(xlsx), `workbook at ${xlsx}`)
    await noToast(desk)
    await tallShot(desk, 'e2e-clerk-stats.png')
    if (deskErrors.length) throw new Error(`errors in the clerk's page: ${deskErrors.join(' | ')}`)
  } finally {
    await desk.close().catch(() => {})
  }

  // the technician syncs: the returned job shows the reason and what to fix; the filed job its number
  await page.evaluate(() => window.go.desktop.Sync.Now())
  await page.goto(`#/jobs/${jobs.vehicle.id}`)
  await waitShell(page)
  await page.waitForSelector(tid('job-returned'))
  assertEqual(await page.getAttribute(tid('job-status'), 'data-status'), 'returned', 'returned on the technician’s laptop')
  assert((await text(page, tid('job-return-reason'))).includes('小修合格证（加盖业务章）'), 'the clerk’s reason')
  // what to fix: the check on this laptop, with the clerk's finding on the settlement
  await page.waitForSelector(`${tid('handin-card')}[data-complete="false"]`)
  assertEqual(
    JSON.stringify(await page.$$eval(tid('handin-problem'), (ls) => ls.map((l) => l.firstElementChild.textContent.trim()))),
    JSON.stringify(['缺少电瓶检查单', '缺少小修合格证', '缺少最终检查单']),
    'what the check says to fix',
  )
  await page.waitForSelector(`${tid('audit-event')}[data-action="returned"]`)
  await noToast(page)
  await tallShot(page, 'e2e-tech-returned.png')

  await page.goto(`#/jobs/${jobs.complete.id}`)
  await waitShell(page)
  await page.waitForSelector(tid('job-filed'))
  assert(/\d{4}-\d{2}-\d{4}/.test(await page.textContent(tid('job-filed'))), 'archive number on the technician’s job')
  assertEqual(await page.$(tid('job-start')), null, 'a filed job is read-only')
})

