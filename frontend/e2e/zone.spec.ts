// One time zone: with the laptop (the app's TZ) and the browser in UTC or in America/New_York,
// the screen, the customer copy PDF and the Excel export all show the service centre's time
// (Asia/Shanghai by default), and the header says which zone the times are in.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { startApp, test } from './fixtures'
import { apiJob, assert, at, shot, text, tid, waitShell } from './helpers'

// 2026-12-01 09:30 and 11:05 in Shanghai
const ARRIVED = '2026-12-01T01:30:00Z'
const DEPARTED = '2026-12-01T03:05:00Z'

/** An Excel serial date of a wall-clock time. */
function serial(y: number, mo: number, d: number, h: number, mi: number): number {
  return (Date.UTC(y, mo - 1, d, h, mi) - Date.UTC(1899, 11, 30)) / 86_400_000
}

for (const zone of ['UTC', 'America/New_York']) {
  test.describe(`laptop and browser in ${zone}`, () => {
    test.use({ timezoneId: zone })

    test(`zone: the screen, the PDF and the Excel show the centre's times (${zone})`, async ({ page, stack }) => {
      const name = zone.replace('/', '-')
      const app = await startApp(`laptop-${name}`, path.join(stack.dir, `zone-${name}`), path.join(stack.dir, `zone-${name}.log`), [], { TZ: zone })
      try {
        await page.goto(at(app.url, 'jobs'))
        await waitShell(page, 'zh-CN')
        assert(await page.evaluate(() => new Date(Date.UTC(2026, 11, 1, 1, 30)).getHours() !== 9), 'the browser is not in China time')
        const job = await apiJob(page, { name: '钱芳', phone: '13512345678', address: '上海市长宁区延安西路 1566 号', model: 'Epson L3218', serial: 'EPS3218Z' })
        const { visitId, pdf, xlsx } = await page.evaluate(
          async ({ jobId, arrived, departed }) => {
            const g = window.go.desktop
            let step = 'start'
            try {
              const v = (await g.Visits.Start(jobId)).visit
              Object.assign(v, {
                fault_symptoms: '打印偏色', customer_requirement: '修复', work_performed: '清洗喷头', result: '已修复',
                arrived_at: arrived, departed_at: departed,
              })
              await g.Visits.SaveDraft(v)
              const c = document.createElement('canvas')
              c.width = 200
              c.height = 80
              const ctx = c.getContext('2d')!
              ctx.beginPath()
              ctx.moveTo(10, 60)
              ctx.lineTo(190, 20)
              ctx.stroke()
              step = 'sign'
              for (const role of ['customer', 'technician']) {
                await g.Visits.Sign({
                  visit_id: v.id, role, kind: 'real', signer_name: '', reason: '',
                  strokes: [{ points: [{ x: 10, y: 60, t: 1 }, { x: 190, y: 20, t: 2 }] }], image_data_url: c.toDataURL('image/png'),
                } as never)
              }
              step = 'customer copy'
              const doc = await g.Visits.CustomerCopy(v.id)
              step = 'finish'
              await g.Visits.Finish(v.id)
              step = 'submit'
              await g.Jobs.Submit(jobId, true)
              step = 'export'
              const x = await g.Archive.ExportXLSX({} as never)
              return { visitId: v.id, pdf: doc.path, xlsx: x.path }
            } catch (e) {
              throw new Error(`${step}: ${JSON.stringify(e)}`)
            }
          },
          { jobId: job.id, arrived: ARRIVED, departed: DEPARTED },
        )

        // the screen
        await page.goto(at(app.url, `visits/${visitId}`))
        await page.waitForSelector(tid('visit-form'))
        const shown = await page.inputValue(`${tid('visit-arrived_at')} input`)
        assert(shown.includes('09:30'), `arrival on the screen in ${zone}: ${shown}`)
        const left = await page.inputValue(`${tid('visit-departed_at')} input`)
        assert(left.includes('11:05'), `departure on the screen in ${zone}: ${left}`)
        const note = await text(page, tid('header-zone'))
        assert(note.includes('北京时间'), `the header says which zone it shows: ${note}`)
        await page.locator(tid('field-arrived_at')).scrollIntoViewIfNeeded()
        await shot(page, `e2e-zone-${name}.png`)

        // the PDF
        const pdfText = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
        assert(pdfText.includes('09:30') && pdfText.includes('11:05'), `the customer copy in ${zone} shows 09:30 and 11:05:\n${pdfText.slice(0, 1500)}`)

        // the Excel: 到达时间 and 离开时间 as the centre's wall clock
        const sheet = execFileSync('unzip', ['-p', xlsx, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' })
        const numbers = [...sheet.matchAll(/<v>([0-9.]+)<\/v>/g)].map((m) => Number(m[1]))
        for (const [what, want] of [['到达时间', serial(2026, 12, 1, 9, 30)], ['离开时间', serial(2026, 12, 1, 11, 5)]] as const) {
          assert(numbers.some((n) => Math.abs(n - want) < 1e-6), `${what} in the Excel in ${zone}: want serial ${want}, cells ${numbers.join(' ')}`)
        }
      } finally {
        await app.stop()
      }
    })
  })
}
