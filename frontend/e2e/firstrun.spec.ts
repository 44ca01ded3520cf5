// Day one: a laptop with an empty data directory opens its first-run setup, not an empty app.
// Working alone, the person's own name and company head the customer copy; enrolled with a code,
// the hub brings the person's name, employee number and the centre's settings.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { artifacts, hubCLI, startApp, test, TIMEOUT, type Server } from './fixtures'
import { apiJob, assert, assertEqual, at, drawSignature, makePNG, messageShown, shot, signAs, text, tid, waitShell } from './helpers'

/** A laptop as a new install opens it: nothing in its data directory, the setup not passed. */
async function newLaptop(stack: { dir: string }, name: string): Promise<Server> {
  return startApp(name, path.join(stack.dir, name), path.join(stack.dir, `${name}.log`), [], undefined, 60_000, null)
}

/** A complete, unsigned visit of a new job (through the bindings), opened in the form. */
async function openCompleteVisit(page: Page, base: string): Promise<string> {
  const job = await apiJob(page, { name: '韩梅', phone: '13916668888', address: '上海市徐汇区漕溪北路 88 号', model: 'HP LaserJet M404dn', serial: 'VNB3K12345', summary: '打印发白' })
  const visitId = await page.evaluate(async (jobId) => {
    const g = window.go.desktop
    const v = (await g.Visits.Start(jobId)).visit
    const now = new Date().toISOString()
    Object.assign(v, {
      fault_symptoms: '打印发白', customer_requirement: '恢复正常打印', work_performed: '更换硒鼓，清洁激光器窗口',
      result: '已修复，试打印正常', arrived_at: now, departed_at: now,
    })
    await g.Visits.SaveDraft(v)
    return v.id
  }, job.id)
  await page.goto(at(base, `visits/${visitId}`))
  await waitShell(page, 'zh-CN')
  await page.waitForSelector(`${tid('issues-count')}[data-count="0"]`)
  return visitId
}

/** Signs as the customer, then as the technician, whose dialog must name `signer` with nothing to type. */
async function signBoth(page: Page, signer: string) {
  await signAs(page, 'customer', 0)
  await page.click(tid('sign-technician'))
  await page.waitForSelector(tid('signature-own-signer'))
  assertEqual(await text(page, tid('signature-own-signer')), signer, 'the technician signs as themselves')
  assertEqual(await page.locator(`${tid('signature-dialog-technician')} ${tid('signature-signer-name')}`).count(), 0, 'no name to type')
  await drawSignature(page, 'technician', 1)
  await page.click(tid('signature-confirm'))
  await page.waitForSelector(`${tid('signature-technician')}[data-signed="true"]`, { timeout: TIMEOUT })
  assertEqual(await text(page, tid('signature-technician-signer')), signer, 'the technician signature names them')
}

/** Finishes the visit, makes its customer copy and returns the PDF's text (pdftotext). */
async function customerCopyText(page: Page, saveAs: string): Promise<string> {
  await page.click(tid('visit-finish'))
  await messageShown(page, '服务单已完成')
  await page.click(tid('visit-customer-copy'))
  await page.waitForSelector(tid('document-row'), { timeout: TIMEOUT })
  const pdf = await page.getAttribute(tid('document-row'), 'data-path')
  assert(pdf && existsSync(pdf), `customer copy exists at ${pdf}`)
  mkdirSync(artifacts, { recursive: true })
  const out = path.join(artifacts, saveAs)
  copyFileSync(pdf, out)
  const prefix = out.replace(/\.pdf$/, '')
  rmSync(`${prefix}.png`, { force: true })
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', out, prefix])
  return execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' })
}

test('first run, working alone: from an empty data directory to a signed visit and its customer copy', async ({ page, stack }) => {
  const laptop = await newLaptop(stack, 'first-run-alone')
  try {
    await page.goto(at(laptop.url, 'today'))
    await page.waitForSelector(tid('setup'))
    assertEqual(await page.locator(tid('app-shell')).count(), 0, 'no app before the setup')
    await page.evaluate(async () => {
      await document.fonts.load("16px 'Fieldbook CJK'", '现场服务')
      await document.fonts.ready
    })
    await shot(page, 'e2e-first-run.png')
    // English is one click away, and back
    await page.click(tid('setup-lang'))
    await page.waitForSelector('text=Welcome to Fieldbook')
    await page.click(tid('setup-lang'))
    await page.waitForSelector('text=欢迎使用现场服务记录与归档')

    await page.click(tid('setup-way-alone'))
    // nothing typed: the name and the company are refused on their own fields, in Chinese
    await page.click(tid('setup-alone'))
    await page.waitForSelector(tid('feedback-technician.name'))
    assert((await text(page, tid('feedback-technician.name'))).includes('姓名'), 'the name is asked for')
    assert((await text(page, tid('feedback-company.name'))).includes('公司名称'), 'the company is asked for')
    await page.fill(tid('setup-name'), '王磊')
    await page.fill(tid('setup-phone'), '13700001111')
    await page.fill(tid('setup-company-name'), '上海恒信办公设备维修部')
    await page.fill(tid('setup-company-address'), '上海市静安区延平路 123 号')
    await page.fill(tid('setup-company-phone'), '021-62771234')
    await page.click(tid('setup-alone'))
    await waitShell(page, 'zh-CN')
    assertEqual(await text(page, tid('header-technician')), '王磊', 'the person is the technician')
    const stored = await page.evaluate(() => window.go.desktop.Settings.Get())
    assertEqual(stored.setup, 'alone', 'the setup is over')
    assertEqual(stored.company.name, '上海恒信办公设备维修部', 'the company is stored')

    // a reload opens the app, not the setup
    await page.reload()
    await waitShell(page, 'zh-CN')
    assertEqual(await page.locator(tid('setup')).count(), 0, 'the setup shows once')

    await openCompleteVisit(page, laptop.url)
    await signBoth(page, '王磊')
    const pdf = await customerCopyText(page, 'customer-copy-alone.pdf')
    for (const want of ['上海恒信办公设备维修部', '延平路 123 号', '021-62771234', '王磊']) {
      assert(pdf.includes(want), `the customer copy prints ${want}:\n${pdf}`)
    }
  } finally {
    await laptop.stop()
  }
})

/** The setup's 连接服务器 with a code typed as people type it: lower case, spaces for dashes. */
async function enrolInSetup(page: Page, base: string, hubURL: string, code: string) {
  await page.goto(at(base, 'today'))
  await page.waitForSelector(tid('setup'))
  await page.fill(tid('setup-url'), hubURL)
  await page.fill(tid('setup-code'), ` ${code.toLowerCase().replaceAll('-', ' ')} `)
  await page.click(tid('setup-connect'))
  await waitShell(page, 'zh-CN')
}

const CENTRE = {
  name: '上海申通家电售后服务中心',
  address: '上海市普陀区真北路 1188 号',
  phone: '021-52801234',
  terms: '1. 更换的配件保修三个月，人为损坏除外。\n2. 旧件由本中心代为环保处理。',
}

test('first run, enrolled: the admin sets the centre’s settings in 设置; a new laptop enrols with a code and its signed visit prints them', async ({ page, stack }) => {
  hubCLI(stack.hubDB, 'user', 'add', '--name', '赵敏', '--role', 'admin', '--centre', '上海中心', '--display-name', '赵敏')
  hubCLI(stack.hubDB, 'user', 'add', '--name', '王强', '--role', 'technician', '--centre', '上海中心', '--display-name', '王强', '--employee-no', 'FW-0107')
  const adminCode = hubCLI(stack.hubDB, 'device', 'enrol-code', '--user', '赵敏')
  const techCode = hubCLI(stack.hubDB, 'device', 'enrol-code', '--user', '王强')

  // The admin's laptop: enrolled at its first run, the centre's settings edited in 设置.
  const adminLaptop = await newLaptop(stack, 'first-run-admin')
  try {
    await enrolInSetup(page, adminLaptop.url, stack.hub.url, adminCode)
    await page.goto(at(adminLaptop.url, 'settings'))
    await page.waitForSelector(`${tid('centre-settings')}[data-editable="true"]`)
    await page.fill(tid('centre-company-name'), CENTRE.name)
    await page.fill(tid('centre-company-address'), CENTRE.address)
    await page.fill(tid('centre-company-phone'), '12345') // refused on its own field; the others are stored
    await page.fill(tid('centre-terms'), CENTRE.terms)
    await page.fill(tid('centre-labour-rate'), '150')
    await page.click(tid('centre-terms')) // blur the number input
    await page.setInputFiles(tid('centre-logo-input'), { name: 'logo.png', mimeType: 'image/png', buffer: await makePNG(page, '#c0392b') })
    await page.waitForSelector(tid('centre-logo-preview'))
    await page.waitForSelector(tid('feedback-company_phone'))
    assert((await text(page, tid('feedback-company_phone'))).includes('电话号码'), 'the phone is refused in Chinese')
    await page.waitForFunction(async () => (await window.go.desktop.Settings.Centre()).held, null, { timeout: TIMEOUT })
    let centre = await page.evaluate(() => window.go.desktop.Settings.Centre())
    assertEqual(centre.record.company_name, CENTRE.name, 'the name is stored beside the refused phone')
    assertEqual(centre.record.company_phone, '12345', 'the refused phone is kept as typed')
    // leaving with the refused phone asks first
    await page.click(tid('nav-settings'))
    await page.click(tid('nav-stats'))
    await page.waitForSelector(tid('leave-stay'))
    await page.click(tid('leave-stay'))
    await page.fill(tid('centre-company-phone'), CENTRE.phone)
    await page.waitForSelector(tid('feedback-company_phone'), { state: 'detached' })
    await page.waitForSelector(`${tid('centre-settings')} ${tid('autosave-status')}[data-state="saved"]`)
    centre = await page.evaluate(() => window.go.desktop.Settings.Centre())
    assertEqual(centre.record.company_phone, CENTRE.phone, 'the fixed phone is stored')
    assert(centre.record.logo_sha256, 'the logo is stored')
    assertEqual(centre.record.labour_rate_fen, 15000, 'the labour rate is stored in fen')
    await shot(page, 'e2e-centre-settings-admin.png')
    const rep = await page.evaluate(() => window.go.desktop.Sync.Now())
    assertEqual(rep.rejected, 0, 'the hub takes the admin’s settings')
  } finally {
    await adminLaptop.stop()
  }

  // A technician's new laptop: enrolled at its first run; the hub brings who they are and the centre's settings.
  const laptop = await newLaptop(stack, 'first-run-enrolled')
  try {
    await enrolInSetup(page, laptop.url, stack.hub.url, techCode)
    assertEqual(await text(page, tid('header-technician')), '王强', 'the enrolled person is the technician')
    const s = await page.evaluate(() => window.go.desktop.Settings.Get())
    assertEqual(s.setup, 'hub', 'set up by enrolment')
    assertEqual(s.technician.employee_no, 'FW-0107', 'the employee number came from the hub')
    await page.goto(at(laptop.url, 'settings'))
    await page.waitForSelector(`${tid('centre-settings')}[data-editable="false"]`)
    assertEqual(await text(page, tid('centre-view-company-name')), CENTRE.name, 'the centre’s settings, read-only')
    await page.waitForSelector(tid('centre-logo-preview'))

    await openCompleteVisit(page, laptop.url)
    // a new labour line starts at the centre's rate
    await page.click(tid('labour-add'))
    assertEqual(Number(await page.inputValue(tid('labour-0-rate'))), 150, 'the centre’s labour rate')
    await page.fill(tid('labour-0-description'), '上门检测并更换硒鼓')
    await page.fill(tid('labour-0-hours'), '1')
    await page.click(tid('visit-customer_comments')) // blur the number input
    await page.waitForSelector(`${tid('autosave-status')}[data-state="saved"]`)
    await page.waitForSelector(`${tid('issues-count')}[data-count="0"]`)
    await signBoth(page, '王强（工号 FW-0107）')
    const pdf = await customerCopyText(page, 'customer-copy.pdf')
    for (const want of [CENTRE.name, CENTRE.address, CENTRE.phone, '客户须知', '更换的配件保修三个月', '王强（工号 FW-0107）', '¥150.00']) {
      assert(pdf.includes(want), `the customer copy prints ${want}:\n${pdf}`)
    }
  } finally {
    await laptop.stop()
  }
})

test('connecting a laptop that worked alone replaces its company details with the centre’s', async ({ page, stack }) => {
  const laptop = await newLaptop(stack, 'first-run-later-connected')
  try {
    await page.goto(at(laptop.url, 'today'))
    await page.click(tid('setup-way-alone'))
    await page.fill(tid('setup-name'), '王磊')
    await page.fill(tid('setup-company-name'), '上海恒信办公设备维修部')
    await page.click(tid('setup-alone'))
    await waitShell(page, 'zh-CN')
    hubCLI(stack.hubDB, 'user', 'add', '--name', '王磊', '--role', 'technician', '--centre', '上海中心', '--display-name', '王磊', '--employee-no', 'FW-0212')
    const code = hubCLI(stack.hubDB, 'device', 'enrol-code', '--user', '王磊')
    await page.goto(at(laptop.url, 'settings?tab=sync'))
    await waitShell(page, 'zh-CN')
    await page.fill(tid('sync-url'), stack.hub.url)
    await page.fill(tid('sync-code'), code)
    await page.click(tid('sync-connect'))
    await page.waitForSelector(`${tid('sync-panel')}[data-connected="true"]`)
    await page.click(tid('settings-tab-general'))
    await page.waitForSelector(`${tid('centre-settings')}[data-held="true"]`)
    assertEqual(await text(page, tid('centre-view-company-name')), CENTRE.name, 'the centre’s name in 设置')
    assertEqual(await page.locator(tid('settings-company-name')).count(), 0, 'the laptop’s own company is no longer offered')

    await openCompleteVisit(page, laptop.url)
    await signBoth(page, '王磊（工号 FW-0212）')
    const pdf = await customerCopyText(page, 'customer-copy-connected.pdf')
    assert(pdf.includes(CENTRE.name) && pdf.includes('客户须知'), `the centre's letterhead and terms:\n${pdf}`)
    assert(!pdf.includes('上海恒信办公设备维修部'), 'the laptop’s own company is gone from the letterhead')
  } finally {
    await laptop.stop()
  }
})

test('enrolled at the first run or later in 设置, the header names the person, their role and the sync state at once, for each role', async ({ page, stack }) => {
  test.setTimeout(180_000)
  const roles = [
    { user: '刘洋', role: 'technician', label: '' },
    { user: '陈静', role: 'desk', label: '客服' },
    { user: '周敏', role: 'clerk', label: '档案管理员' },
  ]
  for (const { user, role, label } of roles) {
    hubCLI(stack.hubDB, 'user', 'add', '--name', user, '--role', role, '--centre', '上海中心', '--display-name', user)
    for (const where of ['setup', 'settings']) {
      const laptop = await newLaptop(stack, `header-${role}-${where}`)
      try {
        const code = hubCLI(stack.hubDB, 'device', 'enrol-code', '--user', user)
        if (where === 'setup') {
          await enrolInSetup(page, laptop.url, stack.hub.url, code)
        } else {
          // worked alone first, then connected in 设置 → 同步
          await page.goto(at(laptop.url, 'today'))
          await page.click(tid('setup-way-alone'))
          await page.fill(tid('setup-name'), user)
          await page.fill(tid('setup-company-name'), '上海恒信办公设备维修部')
          await page.click(tid('setup-alone'))
          await page.goto(at(laptop.url, 'settings?tab=sync'))
          await waitShell(page, 'zh-CN')
          await page.waitForSelector(`${tid('sync-indicator')}[data-state="not_connected"]`)
          await page.fill(tid('sync-url'), stack.hub.url)
          await page.fill(tid('sync-code'), code)
          await page.click(tid('sync-connect'))
          await page.waitForSelector(`${tid('sync-panel')}[data-connected="true"]`)
        }
        // No reload: the header has the connection as soon as the page does.
        const what = `${role} connected in ${where}`
        assertEqual(await page.getAttribute(tid('header-technician'), 'data-role'), role, `${what}: the header's role`)
        assertEqual(await page.getAttribute(tid('sync-indicator'), 'data-state'), 'synced', `${what}: the header's sync state`)
        assert((await text(page, tid('sync-indicator'))).startsWith('已同步'), `${what}: the header says 已同步`)
        assert((await text(page, tid('header-technician'))).startsWith(user), `${what}: the header names ${user}`)
        if (label) assertEqual(await text(page, tid('header-role')), label, `${what}: the role named in the header`)
        else assertEqual(await page.locator(tid('header-role')).count(), 0, `${what}: no role named for a technician`)
        if (role === 'desk' && where === 'settings') await shot(page, 'e2e-desk-header-connected.png')
      } finally {
        await laptop.stop()
      }
    }
  }
})
