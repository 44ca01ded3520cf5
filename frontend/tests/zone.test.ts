import { afterEach, describe, expect, it } from 'vitest'
import { fromWall, offsetLabel, offsetMinutes, setDisplayZone, shiftWall, wallTime } from '../src/api/zone'
import { formatClock, formatDateTime } from '../src/api/format'

// 2026-11-27 09:30 in Shanghai is 01:30 UTC, 20:30 the day before in New York (EST).
const ARRIVED = Date.UTC(2026, 10, 27, 1, 30)

afterEach(() => setDisplayZone('Asia/Shanghai'))

describe('the centre’s zone', () => {
  it('reads wall clocks in any zone', () => {
    expect(wallTime(ARRIVED, 'Asia/Shanghai')).toEqual({ year: 2026, month: 11, day: 27, hour: 9, minute: 30, second: 0 })
    expect(wallTime(ARRIVED, 'America/New_York')).toMatchObject({ day: 26, hour: 20, minute: 30 })
    expect(offsetMinutes(ARRIVED, 'Asia/Shanghai')).toBe(480)
    expect(offsetMinutes(ARRIVED, 'America/New_York')).toBe(-300)
    expect(offsetMinutes(Date.UTC(2026, 6, 1), 'America/New_York')).toBe(-240) // daylight saving
    expect(offsetLabel(480)).toBe('UTC+8')
    expect(offsetLabel(-270)).toBe('UTC-4:30')
  })

  it('finds the instant of a wall time, also across daylight saving', () => {
    expect(fromWall({ year: 2026, month: 11, day: 27, hour: 9, minute: 30, second: 0 }, 'Asia/Shanghai')).toBe(ARRIVED)
    // New York, the morning daylight saving ends and the one it starts
    expect(fromWall({ year: 2026, month: 11, day: 1, hour: 12, minute: 0, second: 0 }, 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 17))
    expect(fromWall({ year: 2026, month: 3, day: 8, hour: 12, minute: 0, second: 0 }, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 16))
  })

  it('shifts a picker value between the laptop’s zone and the centre’s and back', () => {
    for (const laptop of ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Shanghai']) {
      const picker = shiftWall(ARRIVED, 'Asia/Shanghai', laptop)
      expect(wallTime(picker, laptop)).toMatchObject({ day: 27, hour: 9, minute: 30 })
      expect(shiftWall(picker, laptop, 'Asia/Shanghai')).toBe(ARRIVED)
    }
  })

  it('formats every time on screen in the centre’s zone', () => {
    expect(formatDateTime(ARRIVED)).toBe('2026-11-27 09:30')
    expect(formatClock(ARRIVED + 5000)).toBe('09:30:05')
    setDisplayZone('America/New_York')
    expect(formatDateTime(ARRIVED)).toBe('2026-11-26 20:30')
    setDisplayZone('Not/AZone')
    expect(formatDateTime(ARRIVED)).toBe('2026-11-27 09:30')
  })
})
