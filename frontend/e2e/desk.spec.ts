// The service desk (客服) and a technician on one real hub: the desk takes a customer's call (the
// customer is known: the duplicate-customer warning leads to them, their printer's warranty and
// repair history show), dispatches the job with an appointment (a name that is no technician of
// the centre is refused on the field by the hub); the technician syncs and finds the visit on
// 工作台 with the time to leave, and opens the 售后派遣单; they reschedule with the customer's consent
// and a reason, and the desk sees it after one sync; they hand the job back, and the desk finds it
// in its queue marked as handed back.
import { execFileSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { artifacts, test, TIMEOUT, watchErrors } from './fixtures'
import { apiJob, assert, assertEqual, at, messageShown, noToast, open, shot, tallShot, text, tid, waitShell } from './helpers'

/** Today's date in the centre's zone (Beijing time), YYYY-MM-DD. */
function centreToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

test('desk: a call taken down and dispatched; the technician sees it on 工作台 and takes the dispatch slip', async ({ page, stack }) => {
  test.setTimeout(180_000)
  // The technician's laptop: an earlier job on 赵秀英's printer, synced.
  await open(page, 'today', 'zh-CN')
  await page.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, stack.techCodes[0]])
  const earlier = await apiJob(page, {
    name: '赵秀英', phone: '13900002222', address: '上海市闵行区莘松路 380 弄 12 号 501 室', model: '惠普 LaserJet M404dn', serial: 'CNB3K56789',
    summary: '打印机卡纸（上次）',
  })
  await page.evaluate(() => window.go.desktop.Sync.Now())

  // The service desk's computer, enrolled as 孙悦: its menu is the desk's.
  const deskApp = await stack.desk()
  const desk = await page.context().newPage()
  desk.setDefaultTimeout(TIMEOUT)
  const deskErrors = watchErrors(desk)
  await desk.goto(at(deskApp.url, 'today'))
  await waitShell(desk, 'zh-CN')
  await desk.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, stack.deskCode])
  await desk.goto(at(deskApp.url, 'today'))
  await desk.reload()
  await waitShell(desk, 'zh-CN')
  await desk.waitForSelector(tid('page-desk'))
  assertEqual(await text(desk, tid('nav-desk')), '客服台', 'the desk menu')
  assertEqual(await desk.$(tid('nav-today')), null, 'no technician 工作台 on the desk')
  await desk.waitForSelector(`${tid('desk-queue')} .n-empty`)

  // 受理来电: the caller typed as a new customer is found by the phone number.
  await desk.click(tid('desk-new'))
  await desk.waitForSelector(tid('newjob-dialog'))
  assertEqual(await desk.$(tid('newjob-assigned-to')), null, 'the desk dispatches later, not in the call')
  await desk.click(tid('newjob-customer-new'))
  await desk.fill(tid('newjob-customer-name'), '赵秀英')
  await desk.fill(tid('newjob-customer-phone'), '13900002222')
  await desk.waitForSelector(`${tid('newjob-similar-row')}[data-why="phone"]`)
  await shot(desk, 'e2e-desk-intake-duplicate.png')
  await desk.click(tid('newjob-similar-use'))
  // the printer, with its warranty
  const assetRadio = desk.locator(`${tid('newjob-asset-choice')} .n-radio`, { hasText: 'CNB3K56789' })
  await assetRadio.waitFor()
  await assetRadio.locator(`${tid('warranty-badge')}[data-warranty="in"]`).waitFor() // bought two months ago, 12 months
  await assetRadio.click()
  await desk.fill(tid('newjob-summary'), '打印有横纹，客户要求今天下午上门')
  await shot(desk, 'e2e-desk-intake.png')
  await desk.click(tid('newjob-submit'))
  await desk.waitForSelector(tid('page-job'))
  const number = await text(desk, tid('job-number'))
  assertEqual(await desk.$(tid('job-start')), null, 'the desk writes no service record')
  await desk.waitForSelector(`${tid('job-history-row')}:has-text("${earlier.number}")`)
  await desk.waitForSelector(`${tid('job-asset')} ${tid('warranty-badge')}[data-warranty="in"]`)
  await noToast(desk)
  await tallShot(desk, 'e2e-desk-job.png')

  // 派遣: a name that is no technician of the centre is refused on the field.
  const day = centreToday()
  await desk.click(tid('job-dispatch'))
  await desk.waitForSelector(tid('dispatch-dialog'))
  await desk.fill(tid('dispatch-technician'), '王五')
  const picker = desk.locator(`${tid('dispatch-appointment')} input`)
  await picker.fill(`${day} 14:00`)
  await picker.press('Enter')
  await desk.waitForSelector(`${tid('dispatch-appointment')}:not([data-value=""])`)
  await desk.click(tid('dispatch-technician')) // the picker's panel closes
  await desk.click(tid('dispatch-submit'))
  await desk.waitForSelector(tid('feedback-assigned_to'))
  assert((await text(desk, tid('feedback-assigned_to'))).includes('王五'), 'the refusal names the name')
  assert((await text(desk, tid('feedback-assigned_to'))).includes('不是本服务中心的技术员'), 'in Chinese')
  assertEqual(await desk.inputValue(tid('dispatch-technician')), '王五', 'what was typed stays')
  await shot(desk, 'e2e-desk-dispatch-refused.png')
  await desk.fill(tid('dispatch-technician'), '张伟')
  await desk.click(tid('dispatch-submit'))
  await messageShown(desk, `工单 ${number} 已派给 张伟，已同步到服务器。`)
  await desk.waitForSelector(tid('dispatch-dialog'), { state: 'detached' })
  await desk.waitForSelector(`${tid('page-job')}:has-text("技术员：张伟")`)

  // 客服台: the queue is empty, the visit is on today's board.
  await desk.click(tid('nav-desk'))
  await desk.waitForSelector(tid('page-desk'))
  const deskRow = `${tid('desk-today')} ${tid('appt-row')}[data-number="${number}"]`
  await desk.waitForSelector(deskRow)
  assertEqual(await text(desk, `${deskRow} ${tid('appt-time')}`), '14:00', 'the appointment on the board')
  assertEqual(await text(desk, `${deskRow} ${tid('appt-technician')}`), '张伟', 'who goes')
  assertEqual(await text(desk, tid('desk-queue-count')), '0', 'nothing waits')
  await noToast(desk)
  await tallShot(desk, 'e2e-desk-board.png')

  // The technician syncs: the visit is on 工作台, with the time to leave.
  await page.evaluate(() => window.go.desktop.Sync.Now())
  await open(page, 'jobs', 'zh-CN')
  await open(page, 'today', 'zh-CN')
  const techRow = `${tid('today-day')} ${tid('appt-row')}[data-number="${number}"]`
  await page.waitForSelector(techRow)
  assertEqual(await text(page, `${techRow} ${tid('appt-time')}`), '14:00', 'the appointment')
  assertEqual(await text(page, `${techRow} ${tid('appt-leave')}`), '13:20 出发', 'leave 40 minutes before')
  assert((await text(page, `${techRow} ${tid('appt-address')}`)).includes('莘松路'), 'where to go')
  await noToast(page)
  await shot(page, 'e2e-desk-technician-day.png')

  // The 售后派遣单 from the job page.
  await page.click(`${techRow} ${tid('appt-number')}`)
  await page.waitForSelector(tid('page-job'))
  await page.click(tid('job-dispatch-slip'))
  await page.waitForSelector(tid('job-dispatch-slip-file'))
  const pdf = await page.getAttribute(tid('job-dispatch-slip-file'), 'data-path')
  assert(pdf && existsSync(pdf), `the dispatch slip at ${pdf}`)
  const slip = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString().replace(/\s+/g, '')
  for (const want of ['售后派遣单', number, '赵秀英', '13900002222', '莘松路380弄12号501室', '惠普LaserJetM404dn', 'CNB3K56789', '打印有横纹', `${day}14:00`, `${day}13:20`, '张伟']) {
    assert(slip.includes(want), `the slip shows ${want}: ${slip.slice(0, 400)}`)
  }
  const prefix = path.join(artifacts, 'e2e-desk-dispatch-slip')
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', pdf, prefix])
  assert(existsSync(`${prefix}.png`) && statSync(`${prefix}.png`).size > 10_000, 'pdftoppm rendered the slip')
  await noToast(page)
  await shot(page, 'e2e-desk-technician-job.png')

  // 改约: the customer cannot make 14:00; the technician agrees 16:00 with them. The reason is
  // required; without 客户已同意 the dialog would hand the job back instead.
  await page.click(tid('job-answer'))
  await page.waitForSelector(tid('answer-dialog'))
  await page.click(tid('answer-kind-rescheduled'))
  const newTime = page.locator(`${tid('answer-appointment')} input`)
  await newTime.fill(`${day} 16:00`)
  await newTime.press('Enter')
  await page.waitForSelector(`${tid('answer-appointment')}:not([data-value=""])`)
  assertEqual(await text(page, tid('answer-submit')), '客户未同意：退回客服', 'without consent it is a hand-back')
  await page.click(`${tid('answer-consent')}`)
  assertEqual(await text(page, tid('answer-submit')), '记录', 'with consent it is a reschedule')
  await page.click(tid('answer-submit'))
  await page.waitForSelector(tid('feedback-reason'))
  assertEqual(await text(page, tid('feedback-reason')), '请填写原因。', 'the reason is required')
  await page.fill(tid('answer-reason'), '上午的维修超时，与客户电话致歉后改到下午四点')
  await shot(page, 'e2e-desk-answer-dialog.png')
  await page.click(tid('answer-submit'))
  await messageShown(page, '已记录并同步，客服下次同步即可看到。')
  await page.waitForSelector(tid('answer-dialog'), { state: 'detached' })
  await page.waitForSelector(`${tid('page-job')}:has-text("${day} 16:00")`)

  // The desk syncs once and sees it on today's board.
  const syncDesk = async () => {
    await desk.evaluate(() => window.go.desktop.Sync.Now())
    await desk.click(tid('nav-jobs'))
    await desk.click(tid('nav-desk'))
    await desk.waitForSelector(tid('page-desk'))
  }
  await syncDesk()
  await desk.waitForSelector(`${deskRow} ${tid('appt-answer')}[data-kind="rescheduled"]`)
  assertEqual(await text(desk, `${deskRow} ${tid('appt-time')}`), '16:00', 'the new time on the board')
  assert((await text(desk, `${deskRow} ${tid('appt-answer')}`)).includes('已改约至'), 'shown as rescheduled')
  assert((await text(desk, `${deskRow} ${tid('appt-answer')}`)).includes('与客户电话致歉后改到下午四点'), 'with the reason')
  await noToast(desk)
  await tallShot(desk, 'e2e-desk-reschedule.png')

  // 退回客服: the customer wants someone else; the technician hands the job back with the reason.
  await page.click(tid('job-answer'))
  await page.waitForSelector(tid('answer-dialog'))
  await page.click(tid('answer-kind-handed_back'))
  await page.fill(tid('answer-reason'), '客户要求换一位熟悉该型号的技术员')
  assertEqual(await text(page, tid('answer-submit')), '退回客服，重新派遣', 'the hand-back button')
  await page.click(tid('answer-submit'))
  await messageShown(page, '已记录并同步，客服下次同步即可看到。')
  await page.waitForSelector(tid('answer-dialog'), { state: 'detached' })
  await page.waitForSelector(tid('job-answer'), { state: 'detached' }) // no longer theirs to answer
  await open(page, 'today', 'zh-CN')
  await page.waitForSelector(tid('page-today'))
  assertEqual(await page.$(techRow), null, 'the handed-back job left 工作台')

  await syncDesk()
  const queued = `${tid('desk-queue')} ${tid('appt-row')}[data-number="${number}"]`
  await desk.waitForSelector(`${queued} ${tid('desk-handed-back')}`)
  assertEqual(await text(desk, tid('desk-queue-count')), '1', 'back in the queue')
  assert((await text(desk, `${queued} ${tid('appt-answer')}`)).includes('已退回客服：客户要求换一位熟悉该型号的技术员'), 'with the reason')
  assertEqual(await desk.$(deskRow), null, 'off today\'s board')
  await noToast(desk)
  await tallShot(desk, 'e2e-desk-handback.png')
  assertEqual(JSON.stringify(deskErrors), '[]', 'errors on the desk page')
  await desk.close()
})
