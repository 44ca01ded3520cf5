import { describe, expect, it } from 'vitest'
import { fenToYuan, formatFen, hoursToMinutes, labourFen, minutesToHours, partFen, yuanToFen } from '../src/api/money'

describe('yuanToFen', () => {
  it('converts 元 text to integer fen without float rounding', () => {
    expect(yuanToFen('85.5')).toBe(8550)
    expect(yuanToFen('85.50')).toBe(8550)
    expect(yuanToFen('85')).toBe(8500)
    expect(yuanToFen('0.1')).toBe(10)
    expect(yuanToFen('0.29')).toBe(29) // 0.29 * 100 = 28.999999999999996 in floats
    expect(yuanToFen('1.005'.slice(0, 4))).toBe(100)
    expect(yuanToFen('19.99')).toBe(1999)
    expect(yuanToFen('4.35')).toBe(435) // 4.35 * 100 = 434.99999999999994
    expect(yuanToFen('.5')).toBe(50)
    expect(yuanToFen('12.')).toBe(1200)
  })

  it('accepts separators, currency signs and spaces', () => {
    expect(yuanToFen('1,234.50')).toBe(123450)
    expect(yuanToFen('1,234,567')).toBe(123456700)
    expect(yuanToFen(' ¥12.3 ')).toBe(1230)
    expect(yuanToFen('￥0.01')).toBe(1)
  })

  it('treats blank as 0', () => {
    expect(yuanToFen('')).toBe(0)
    expect(yuanToFen('   ')).toBe(0)
    expect(yuanToFen(null)).toBe(0)
  })

  it('reads a negative amount as one (Go then says on the field why it cannot be signed)', () => {
    expect(yuanToFen('-260')).toBe(-26000)
    expect(yuanToFen('-¥5.5')).toBe(-550)
    expect(yuanToFen('－12')).toBe(-1200) // full-width minus from a Chinese input method
    expect(yuanToFen(fenToYuan(-250))).toBe(-250)
    expect(yuanToFen('-')).toBeNull()
  })

  it('rejects what is not an amount', () => {
    for (const bad of ['abc', '1.234', '--5', '1e3', '12,34', '1,2345.00', '¥', '1.2.3', '0x10', '12 34']) {
      expect(yuanToFen(bad), bad).toBeNull()
    }
    expect(yuanToFen('99999999999999')).toBeNull() // 14 digits
  })
})

describe('fen display', () => {
  it('formats fen for editing', () => {
    expect(fenToYuan(8550)).toBe('85.50')
    expect(fenToYuan(1)).toBe('0.01')
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(-250)).toBe('-2.50')
  })

  it('formats fen as ¥ with thousands separators', () => {
    expect(formatFen(123450)).toBe('¥1,234.50')
    expect(formatFen(100000000)).toBe('¥1,000,000.00')
    expect(formatFen(5)).toBe('¥0.05')
    expect(formatFen(0)).toBe('¥0.00')
    expect(formatFen(-123450)).toBe('-¥1,234.50')
    expect(formatFen(undefined)).toBe('¥0.00')
  })

  it('round-trips', () => {
    for (const fen of [0, 1, 9, 10, 99, 100, 8550, 123456789]) {
      expect(yuanToFen(fenToYuan(fen))).toBe(fen)
      expect(yuanToFen(formatFen(fen))).toBe(fen)
    }
  })
})

describe('hours and minutes', () => {
  it('converts hours (0.25 steps) to minutes', () => {
    expect(hoursToMinutes(1)).toBe(60)
    expect(hoursToMinutes(0.25)).toBe(15)
    expect(hoursToMinutes(1.5)).toBe(90)
    expect(hoursToMinutes(2.75)).toBe(165)
    expect(hoursToMinutes(0)).toBe(0)
    expect(hoursToMinutes(null)).toBe(0)
    expect(hoursToMinutes(-1)).toBe(0)
  })

  it('converts minutes back to hours', () => {
    expect(minutesToHours(90)).toBe(1.5)
    expect(minutesToHours(15)).toBe(0.25)
    expect(minutesToHours(20)).toBe(0.33)
    expect(minutesToHours(0)).toBeNull()
    for (const h of [0.25, 0.5, 1, 1.75, 8]) expect(minutesToHours(hoursToMinutes(h))).toBe(h)
  })

  it('computes amounts as Go does', () => {
    expect(partFen(2, 8550)).toBe(17100)
    expect(labourFen(90, 12000)).toBe(18000) // 1.5 h × ¥120/h
    expect(labourFen(20, 10000)).toBe(3333) // 3333.33 → 3333
    expect(labourFen(10, 100)).toBe(17) // 16.67 → 17 (half up)
    expect(labourFen(0, 10000)).toBe(0)
  })
})
