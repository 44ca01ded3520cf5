// One time-zone rule: every time on screen is the service centre's wall time
// (settings.time_zone, Asia/Shanghai unless set), as on the PDFs and in the
// Excel exports, whatever zone the laptop is set to. The date pickers work in
// the laptop's zone, so their values are shifted in and out.

export const DEFAULT_ZONE = 'Asia/Shanghai'

let centre = DEFAULT_ZONE

/** The zone the window shows times in (set from the settings). */
export function displayZone(): string {
  return centre
}

export function setDisplayZone(zone: string | null | undefined): void {
  centre = zone && isZone(zone) ? zone : DEFAULT_ZONE
}

/** The laptop's own zone, as the browser knows it. */
export function localZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

const formats = new Map<string, Intl.DateTimeFormat>()

function partsFormat(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formats.set(zone, f)
  }
  return f
}

export function isZone(zone: string): boolean {
  try {
    partsFormat(zone)
    return true
  } catch {
    return false
  }
}

export interface Wall {
  year: number
  month: number // 1–12
  day: number
  hour: number
  minute: number
  second: number
}

/** The wall clock in zone at instant ms. */
export function wallTime(ms: number, zone: string = centre): Wall {
  const out: Record<string, number> = {}
  for (const p of partsFormat(zone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value)
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second }
}

/** Minutes zone is ahead of UTC at instant ms (480 for Asia/Shanghai). */
export function offsetMinutes(ms: number, zone: string = centre): number {
  const w = wallTime(ms, zone)
  const asUTC = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return Math.round((asUTC - Math.floor(ms / 1000) * 1000) / 60000)
}

/** The instant at which zone's wall clock shows w (the earlier one in a DST overlap). */
export function fromWall(w: Wall, zone: string = centre): number {
  const asUTC = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  let ms = asUTC - offsetMinutes(asUTC, zone) * 60000
  // once more: the offset at the result may differ near a DST change
  ms = asUTC - offsetMinutes(ms, zone) * 60000
  return ms
}

/** The instant whose wall time in `to` is ms's wall time in `from`. */
export function shiftWall(ms: number, from: string, to: string): number {
  if (from === to) return ms
  return fromWall(wallTime(ms, from), to) + (ms % 1000)
}

/** A picker value (the laptop's wall time) for an instant shown in the centre's zone. */
export function toPicker(ms: number | null): number | null {
  return ms == null ? null : shiftWall(ms, centre, localZone())
}

/** The instant a picker value (the laptop's wall time) means in the centre's zone. */
export function fromPicker(ms: number | null): number | null {
  return ms == null ? null : shiftWall(ms, localZone(), centre)
}

/** "UTC+8", "UTC-4:30" for an offset in minutes. */
export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const a = Math.abs(minutes)
  const h = Math.floor(a / 60)
  const m = a % 60
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`
}

/** True when the laptop's clock reads otherwise than the centre's now: the window says which zone it shows. */
export function zoneDiffers(now = Date.now()): boolean {
  return offsetMinutes(now, localZone()) !== offsetMinutes(now, centre)
}
