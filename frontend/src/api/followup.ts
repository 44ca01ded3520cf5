// The two-hour follow-up's clock, as the desk's screens show it.
import { toMs } from './visitForm'

/** Hours and minutes from a to b (b later), whole minutes, at least 0. */
export function span(fromMs: number, toMsValue: number): { h: number; m: number } {
  const minutes = Math.max(0, Math.floor((toMsValue - fromMs) / 60_000))
  return { h: Math.floor(minutes / 60), m: minutes % 60 }
}

/** How late a follow-up due at due is at now, or null when not yet due. */
export function lateBy(due: unknown, now: number): { h: number; m: number } | null {
  const d = toMs(due)
  if (d == null || now < d) return null
  return span(d, now)
}
