// The service desk's follow-up queue, appointments board and reminders, on a real hub with a
// second desk (raw HTTP, enrolled as the same 孙悦): a job guided by phone and solved is due for
// its follow-up within two hours, another desk's guidance of three hours ago shows overdue in
// red; the results recorded, both leave the queue. The week board shows a technician's day
// booked beyond the centre's six, a card in work once the technician started the visit, and
// opens the job; 已提醒 reaches the hub for the other desk.
import type { Page } from '@playwright/test'
import { hubCLI, test, TIMEOUT, watchErrors, type Stack } from './fixtures'
import { assert, assertEqual, at, messageShown, noToast, open, shot, text, tid, waitShell } from './helpers'

/** Today's date in the centre's zone (Beijing time), YYYY-MM-DD. */
function centreToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
}

async function hubCall(hub: string, method: string, route: string, { token, body }: { token?: string; body?: unknown } = {}): Promise<any> {
  const schema = String((await (await fetch(new URL('/healthz', hub))).json()).schema)
  const res = await fetch(new URL(route, hub), {
    method,
    headers: {
      'Content-Type': 'application/json',
      'Fieldbook-Protocol': '1',
      'Fieldbook-Schema': schema,
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

/** A second desk computer of 孙悦, enrolled over raw HTTP: its token. */
async function secondDesk(stack: Stack): Promise<string> {
  const code = hubCLI(stack.hubDB, 'device', 'enrol-code', '--user', '孙悦')
  return (await hubCall(stack.hub.url, 'POST', '/v1/enrol', { body: { code, device_name: '前台二号机' } })).token
}

/** The service desk's app at 1366×768, enrolled as 孙悦 (here, unless an earlier test of the file did). */
async function deskPage(page: Page, stack: Stack): Promise<Page> {
  const app = await stack.desk()
  const desk = await page.context().newPage()
  desk.setDefaultTimeout(TIMEOUT)
  await desk.setViewportSize({ width: 1366, height: 768 })
  await desk.goto(at(app.url, 'desk'))
  await waitShell(desk, 'zh-CN')
  const st = await desk.evaluate(() => window.go.desktop.Sync.Status())
  if (!st.connected) {
    await desk.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, stack.deskCode])
    await desk.reload()
    await waitShell(desk, 'zh-CN')
  }
  await desk.waitForSelector(tid('page-desk'))
  return desk
}

/** A job taken down on the desk (nobody dispatched yet), through the bindings. */
async function deskJob(desk: Page, name: string, phone: string, summary: string): Promise<{ id: string; number: string }> {
  return desk.evaluate(
    async ([name, phone, summary]) => {
      const g = window.go.desktop
      const c = await g.Customers.Save({ id: '', name, company: '', phones: [phone], addresses: ['上海市徐汇区漕溪北路 88 号'], note: '' })
      return g.Jobs.Create({ job_type: 'it_onsite', customer_id: c.id, asset_id: '', assigned_to: '', appointment: null, summary })
    },
    [name, phone, summary],
  )
}

const deskSync = (desk: Page) => desk.evaluate(() => window.go.desktop.Sync.Now())

test('desk: phone guidance solved, the two-hour follow-up queue (due, overdue in red), results recorded', async ({ page, stack }) => {
  test.setTimeout(180_000)
  await open(page, 'today', 'zh-CN')
  const desk = await deskPage(page, stack)
  const errors = watchErrors(desk)
  const a = await deskJob(desk, '钱丽华', '13800135001', '路由器断网，指示灯不亮')
  const b = await deskJob(desk, '孙国强', '13800135002', '打印机提示缺纸但纸盒是满的')
  await deskSync(desk)

  // Another desk guided 孙国强 three hours ago, solved by phone, and never followed up.
  const token = await secondDesk(stack)
  const row = await hubRow(stack.hub.url, token, 'jobs', b.id)
  assert(row, 'the job reached the hub')
  const threeHoursAgo = new Date(Date.now() - 3 * 3600_000).toISOString()
  const pushed = await hubCall(stack.hub.url, 'POST', '/v1/push', {
    token,
    body: {
      batch_id: crypto.randomUUID(),
      changes: [{ table: 'jobs', id: b.id, base_seq: row.seq, fields: { guidance: '指导客户重新装纸并清洁进纸传感器', guidance_outcome: 'solved', guided_at: threeHoursAgo } }],
    },
  })
  assertEqual(pushed.results[0].status, 'applied', `the other desk's guidance: ${JSON.stringify(pushed)}`)
  await deskSync(desk)

  // 电话指导 on the job page: refused field by field in Chinese, then recorded.
  await desk.goto(at((await stack.desk()).url, `jobs/${a.id}`))
  await desk.waitForSelector(tid('job-guidance'))
  await desk.click(tid('job-guidance-record'))
  await desk.waitForSelector(tid('guidance-dialog'))
  await desk.click(tid('guidance-submit'))
  await desk.waitForSelector(tid('feedback-guidance'))
  assertEqual(await text(desk, tid('feedback-guidance')), '请填写电话指导的内容。', 'the guidance is required')
  assertEqual(await text(desk, tid('feedback-outcome')), '请选择结果：已解决或需要上门。', 'the outcome is required')
  await desk.fill(tid('guidance-text'), '指导客户重启光猫和路由器，指示灯恢复，可以上网')
  await desk.click(tid('guidance-solved'))
  await desk.click(tid('guidance-submit'))
  await messageShown(desk, `工单 ${a.number} 的电话指导已保存。`)
  await desk.waitForSelector(tid('guidance-dialog'), { state: 'detached' })
  await desk.waitForSelector(`${tid('job-guidance')}[data-outcome="solved"] ${tid('job-followup-due')}`)
  assertEqual(await text(desk, tid('job-guidance-outcome')), '电话已解决', 'the outcome')
  await noToast(desk)
  await shot(desk, 'e2e-desk-guidance.png')

  // 电话回访: the overdue one first, in red with how late; then the one just guided, due.
  await desk.click(tid('nav-desk'))
  await desk.click(`${tid('desk-tabs')} .n-tabs-tab:has-text("电话回访")`)
  const rowA = `${tid('followup-row')}[data-number="${a.number}"]`
  const rowB = `${tid('followup-row')}[data-number="${b.number}"]`
  await desk.waitForSelector(rowA)
  assertEqual(await text(desk, tid('followup-count')), '2', 'two to follow up')
  assertEqual(await text(desk, tid('followup-overdue-count')), '超时 1', 'one overdue')
  const order = await desk.$$eval(tid('followup-row'), (rs) => rs.map((r) => r.getAttribute('data-number')))
  assertEqual(JSON.stringify(order), JSON.stringify([b.number, a.number]), 'the most due first')
  assertEqual(await desk.getAttribute(rowB, 'data-overdue'), 'yes', 'three hours ago is overdue')
  assert(/^已超时 1 小时 \d+ 分$/.test(await text(desk, `${rowB} ${tid('followup-late')}`)), 'how late')
  const red = await desk.$eval(`${rowB} ${tid('followup-late')}`, (e) => getComputedStyle(e).color)
  assertEqual(red, 'rgb(208, 48, 80)', 'overdue in red')
  assertEqual(await desk.getAttribute(rowA, 'data-overdue'), 'no', 'just guided is not overdue')
  assert(/^还剩 [12] 小时 \d+ 分$/.test(await text(desk, `${rowA} ${tid('followup-due')}`)), 'the time left')
  assertEqual(await text(desk, `${rowA} ${tid('followup-phone')}`), '13800135001', 'the number to call')
  await shot(desk, 'e2e-desk-followup.png')

  // 回访结果: refused when empty, then recorded — the job leaves the queue.
  await desk.click(`${rowA} ${tid('followup-record')}`)
  await desk.waitForSelector(tid('guidance-dialog'))
  assert((await text(desk, tid('guidance-was'))).includes('重启光猫'), 'the guidance given is shown')
  await desk.click(tid('guidance-submit'))
  await desk.waitForSelector(tid('feedback-result'))
  assertEqual(await text(desk, tid('feedback-result')), '请填写回访结果。', 'the result is required')
  await desk.fill(tid('guidance-text'), '客户确认网络已恢复正常，满意')
  await desk.click(tid('guidance-submit'))
  await messageShown(desk, `工单 ${a.number} 的回访结果已保存。`)
  await desk.waitForSelector(tid('guidance-dialog'), { state: 'detached' })
  await desk.waitForSelector(rowA, { state: 'detached' })
  assertEqual(await text(desk, tid('followup-count')), '1', 'one left')
  await desk.click(`${rowB} ${tid('followup-record')}`)
  await desk.waitForSelector(`${tid('guidance-dialog')}:has-text("${b.number}")`)
  await desk.fill(tid('guidance-text'), '客户说清洁后打印正常')
  await desk.click(tid('guidance-submit'))
  await desk.waitForSelector(tid('guidance-dialog'), { state: 'detached' })
  await desk.waitForSelector(`${tid('followup-queue')} .n-empty`)
  await noToast(desk)

  // The job page keeps the result; the hub has it for the other desk.
  await desk.click(`${tid('desk-tabs')} .n-tabs-tab:has-text("受理与派遣")`)
  await desk.goto(at((await stack.desk()).url, `jobs/${a.id}`))
  await desk.waitForSelector(tid('job-followup-result'))
  assertEqual(await text(desk, tid('job-followup-result')), '客户确认网络已恢复正常，满意', 'the result on the job')
  await deskSync(desk)
  const onHub = await hubRow(stack.hub.url, token, 'jobs', a.id)
  assertEqual(onHub.fields.followup_result, '客户确认网络已恢复正常，满意', 'the result reached the hub')
  assert(onHub.fields.followup_at, 'with its time')
  assertEqual(JSON.stringify(errors), '[]', 'errors on the desk page')
  await desk.close()
})

test('desk: the week board with capacity, cards booked → in work, the day view, reminders marked', async ({ page, stack }) => {
  test.setTimeout(240_000)
  await open(page, 'today', 'zh-CN')
  const st = await page.evaluate(() => window.go.desktop.Sync.Status())
  if (!st.connected) await page.evaluate(([url, code]) => window.go.desktop.Sync.Connect(url, code, false), [stack.hub.url, stack.techCodes[0]])
  const desk = await deskPage(page, stack)
  const errors = watchErrors(desk)
  const day = centreToday()
  // Seven visits for 张伟 today (the centre's six a day and one more), on the half hours from 09:00.
  const jobs: { id: string; number: string }[] = []
  for (let i = 0; i < 7; i++) {
    const j = await deskJob(desk, `客户${'一二三四五六七'[i]}`, `1390000300${i}`, `第 ${i + 1} 个预约：空调不制冷`)
    const when = new Date(`${day}T${String(9 + i).padStart(2, '0')}:30:00+08:00`).toISOString()
    const res = await desk.evaluate(([id, when]) => window.go.desktop.Jobs.Dispatch({ job_id: id, assigned_to: '张伟', appointment: when }), [j.id, when])
    assert(res.sent, `dispatch ${j.number} reached the hub`)
    jobs.push(j)
  }
  // The technician syncs and starts the first visit: the card moves to 作业管理.
  await page.evaluate(() => window.go.desktop.Sync.Now())
  await page.evaluate((id) => window.go.desktop.Visits.Start(id), jobs[0].id)
  await page.evaluate(() => window.go.desktop.Sync.Now())
  await deskSync(desk)

  await desk.goto(at((await stack.desk()).url, 'desk?tab=board'))
  await desk.waitForSelector(`${tid('board')}[data-view="week"]`)
  const cell = `${tid('board-cell')}[data-technician="张伟"][data-date="${day}"]`
  await desk.waitForSelector(`${cell}[data-over="yes"]`)
  assertEqual(await text(desk, `${cell} ${tid('board-load')}`), '7/6超出', 'booked over the capacity')
  assertEqual(await desk.locator(`${cell} ${tid('board-card')}`).count(), 7, 'seven cards')
  assertEqual(await desk.getAttribute(`${cell} ${tid('board-card')}[data-number="${jobs[0].number}"]`, 'data-stage'), 'in_work', 'a visit started')
  assertEqual(await text(desk, `${cell} ${tid('board-card')}[data-number="${jobs[0].number}"] ${tid('board-stage')}`), '作业管理', 'in Chinese')
  assertEqual(await desk.getAttribute(`${cell} ${tid('board-card')}[data-number="${jobs[1].number}"]`, 'data-stage'), 'booked', 'booked')
  assertEqual(await text(desk, tid('board-capacity')), '每位技术员每日可预约 6 个', 'the default capacity')
  const width = await desk.evaluate(() => document.documentElement.scrollWidth)
  assert(width <= 1366, `the week fits 1366 wide (${width})`)
  await noToast(desk)
  await shot(desk, 'e2e-desk-week.png')
  // and large: the same week on a 1920×1080 screen
  await desk.setViewportSize({ width: 1920, height: 1080 })
  await shot(desk, 'e2e-desk-week-1920.png')
  await desk.setViewportSize({ width: 1366, height: 768 })

  // The day view of one technician; a card opens its job.
  await desk.click(tid('board-day'))
  await desk.waitForSelector(`${tid('board')}[data-view="day"]`)
  assertEqual(await text(desk, tid('board-range')), day, 'today')
  await desk.waitForSelector(`${tid('board-card')}[data-number="${jobs[6].number}"]`)
  await shot(desk, 'e2e-desk-day.png')
  await desk.click(`${tid('board-card')}[data-number="${jobs[2].number}"]`)
  await desk.waitForSelector(tid('page-job'))
  assertEqual(await text(desk, tid('job-number')), jobs[2].number, 'the card opens its job')

  // 预约提醒: today's customers with their numbers; 已提醒 reaches the hub for the other desk.
  await desk.goto(at((await stack.desk()).url, 'desk?tab=reminders'))
  const rem = `${tid('reminders-today')} ${tid('reminder-row')}[data-number="${jobs[3].number}"]`
  await desk.waitForSelector(rem)
  assertEqual(await text(desk, `${rem} ${tid('reminder-phone')}`), '13900003003', 'the number to call')
  await desk.click(`${rem} ${tid('reminder-mark')}`)
  await desk.waitForSelector(`${rem}[data-reminded="yes"] ${tid('reminder-done')}`)
  const token = await secondDesk(stack)
  const onHub = await hubRow(stack.hub.url, token, 'jobs', jobs[3].id)
  assert(onHub.fields.reminded_at && onHub.fields.reminded_for === onHub.fields.appointment, `the mark on the hub: ${JSON.stringify(onHub.fields)}`)
  await noToast(desk)
  await shot(desk, 'e2e-desk-reminders.png')

  // English second: the board's words and a field refusal in English.
  await desk.click(tid('lang-toggle'))
  await waitShell(desk, 'en')
  await desk.goto(at((await stack.desk()).url, 'desk?tab=board'))
  await desk.waitForSelector(`${cell}[data-over="yes"]`)
  assertEqual(await text(desk, `${cell} ${tid('board-load')}`), '7/6over', 'over the capacity, in English')
  assertEqual(await text(desk, tid('board-capacity')), '6 appointments per technician a day', 'the capacity in English')
  await shot(desk, 'e2e-desk-week-en.png')
  await desk.goto(at((await stack.desk()).url, `jobs/${jobs[5].id}`))
  await desk.click(tid('job-guidance-record'))
  await desk.click(tid('guidance-submit'))
  await desk.waitForSelector(tid('feedback-guidance'))
  assertEqual(await text(desk, tid('feedback-guidance')), 'Enter what the customer was guided through.', 'the refusal in English')
  assertEqual(JSON.stringify(errors), '[]', 'errors on the desk page')
  await desk.close()
})
