// Calendar days as YYYY-MM-DD strings (the centre's days): arithmetic on the
// date alone, whatever zone the laptop is in.
import { formatDate } from './format'

const parse = (d: string) => {
  const [y, m, day] = d.split('-').map(Number)
  return Date.UTC(y, m - 1, day)
}
const print = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The centre's today. */
export function centreToday(now = Date.now()): string {
  return formatDate(now)
}

/** d moved by n days. */
export function addDays(d: string, n: number): string {
  return print(parse(d) + n * 86_400_000)
}

/** The Monday of d's week. */
export function mondayOf(d: string): string {
  const wd = new Date(parse(d)).getUTCDay() // 0 Sunday
  return addDays(d, -((wd + 6) % 7))
}

/** 0 for Monday … 6 for Sunday. */
export function weekday(d: string): number {
  return (new Date(parse(d)).getUTCDay() + 6) % 7
}
