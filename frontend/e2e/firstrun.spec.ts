// Day one: a laptop with an empty data directory opens its first-run setup, not an empty app.
// Working alone, the person's own name and company head the customer copy; enrolled with a code,
// the hub brings the person's name, employee number and the centre's settings.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { artifacts, startApp, test, TIMEOUT, type Server } from './fixtures'
import { apiJob, assert, assertEqual, at, drawSignature, messageShown, shot, signAs, text, tid, waitShell } from './helpers'

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
