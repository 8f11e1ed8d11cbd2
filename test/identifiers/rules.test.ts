// Each identifier rule is written once, over bytes (`…At`); the string forms call it. These
// properties pin each rule to an independent statement of it (docs/formats.md's formula, the calendar as
// `Date` knows it) on any bytes, at any offset, and the string forms to the byte forms.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import * as CalendarDate from '../../src/identifiers/CalendarDate'
import * as Flag from '../../src/identifiers/Flag'
import * as Ascii from '../../src/identifiers/Ascii'

const latin1 = (u: Uint8Array): string => Buffer.from(u).toString('latin1')
/** Bytes mostly digits, sometimes anything: shapes right and wrong. */
const digitish = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 48, max: 57 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) })
const bytesAround = (n: number) =>
  fc.tuple(fc.uint8Array({ maxLength: 3 }), fc.array(digitish, { minLength: n, maxLength: n }), fc.uint8Array({ maxLength: 3 }))
    .map(([pre, mid, post]) => ({ u: Uint8Array.from([...pre, ...mid, ...post]), at: pre.length }))

const allDigits = (u: Uint8Array, a: number, b: number): boolean => b <= u.length && u.subarray(a, b).every((c) => c >= 48 && c <= 57)

describe('MPAN core check digit', () => {
  fcTest.prop([bytesAround(13)])('checkDigitAt (unrolled) is Σ dᵢ·wᵢ mod 11 mod 10 over WEIGHTS, or -1', ({ u, at }) => {
    const expected = allDigits(u, at, at + 12) ? (MpanCore.WEIGHTS.reduce((s, w, i) => s + w * (u[at + i]! - 48), 0) % 11) % 10 : -1
    expect(MpanCore.checkDigitAt(u, at)).toBe(expected)
    expect(MpanCore.isValidAt(u, at)).toBe(expected >= 0 && allDigits(u, at + 12, at + 13) && u[at + 12]! - 48 === expected)
  })
  fcTest.prop([bytesAround(13)])('the string forms agree with the byte forms', ({ u, at }) => {
    const s = latin1(u.subarray(at, at + 13))
    expect(MpanCore.isValid(s)).toBe(MpanCore.isValidAt(u, at))
    expect(MpanCore.hasShape(s)).toBe(allDigits(u, at, at + 13))
    expect(MpanCore.checkDigit(s)).toBe(MpanCore.checkDigitAt(u, at))
  })
  it('WEIGHTS are docs/formats.md\'s and the examples hold', () => {
    expect(MpanCore.WEIGHTS).toEqual([3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43])
    for (const ok of ['1200023305967', '1200010000000', '1000000000003', '1400000000010']) expect(MpanCore.isValid(ok)).toBe(true)
    expect(MpanCore.isValid('1200023305968')).toBe(false)
  })
  it('never reads past the end, and a character above U+00FF is no digit', () => {
    expect(MpanCore.checkDigitAt(new Uint8Array(11).fill(48), 0)).toBe(-1)
    expect(MpanCore.isValidAt(new Uint8Array(12).fill(48), 0)).toBe(false)
    expect(MpanCore.checkDigitAt(new Uint8Array(13).fill(48), -1)).toBe(-1)
    // U+0130's low byte is "0": it must not pass as one
    expect(MpanCore.isValid('\u01300000000000' + '0')).toBe(false)
    expect(MpanCore.isValid('0000000000000')).toBe(true)
  })
})

describe('MPRN check', () => {
  const mprnBytes = fc.integer({ min: 4, max: 12 }).chain((n) => bytesAround(n).map((x) => ({ ...x, n })))
  fcTest.prop([mprnBytes])('isValidAt: 6–10 digits whose last two are Σ bᵢ·(L−i) mod 11 of the rest', ({ u, at, n }) => {
    const b = at + n
    const L = n - 2
    const body = Array.from(u.subarray(at, at + L), (c) => c - 48)
    const expected = n >= 6 && n <= 10 && allDigits(u, at, b) && body.reduce((s, d, i) => s + d * (L - i), 0) % 11 === (u[b - 2]! - 48) * 10 + (u[b - 1]! - 48)
    expect(Mprn.isValidAt(u, at, b)).toBe(expected)
    expect(Mprn.isValid(latin1(u.subarray(at, b)))).toBe(expected)
  })
  fcTest.prop([fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 4, maxLength: 8 }), fc.constantFrom(',', '\n', '', 'x')])(
    'checkValueAt is Σ bᵢ·(L−i) mod 11 of the body; endAt reads the run of digits to its end when it is an MPRN',
    (body, after) => {
      const L = body.length
      const expected = Array.from(body, (c, i) => (c.charCodeAt(0) - 48) * (L - i)).reduce((a, b) => a + b, 0) % 11
      expect(Mprn.checkValue(body)).toBe(expected)
      const mprn = body + String(expected).padStart(2, '0')
      const u = Buffer.from(`"${mprn}${after}`, 'latin1')
      expect(Mprn.endAt(u, 1, u.length)).toBe(1 + mprn.length)
      // a wrong check, or one digit more, is no MPRN
      const wrong = Buffer.from(`"${body}${String((expected + 1) % 11).padStart(2, '0')}${after}`, 'latin1')
      expect(Mprn.endAt(wrong, 1, wrong.length)).toBe(-1)
      // a run cut short by `end` is read only so far
      expect(Mprn.endAt(u, 1, 1 + mprn.length - 1)).not.toBe(1 + mprn.length)
    },
  )
  it('the examples hold', () => {
    for (const ok of ['3938424403', '1234567810', '123456707', '7300000101']) expect(Mprn.isValid(ok)).toBe(true)
    expect(Mprn.isValid('3938424404')).toBe(false)
    expect(Mprn.complete('39384244')).toBe('3938424403')
  })
})

describe('dates and times', () => {
  const realDate = (s: string): boolean => {
    if (!/^\d{8}$/.test(s)) return false
    const y = +s.slice(0, 4)
    const m = +s.slice(4, 6)
    const d = +s.slice(6, 8)
    const t = new Date(Date.UTC(2000, m - 1, d))
    t.setUTCFullYear(y)
    return m >= 1 && m <= 12 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
  }
  const dateText = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`),
    fc.string({ unit: fc.constantFrom(...'0123456789x'), minLength: 8, maxLength: 8 }),
  )
  fcTest.prop([dateText, fc.uint8Array({ maxLength: 2 })])('dateAt: a real Gregorian date as yyyymmdd, else -1; isDate agrees', (s, pre) => {
    const u = Uint8Array.from([...pre, ...Buffer.from(s, 'latin1')])
    expect(CalendarDate.dateAt(u, pre.length)).toBe(realDate(s) ? +s : -1)
    expect(CalendarDate.isDate(s)).toBe(realDate(s))
  })
  const timeText = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 70 }))
    .map(([h, m, s]) => [h, m, s].map((x) => String(x).padStart(2, '0')).join(''))
  fcTest.prop([timeText])('timeOfDayAt: hours 0–23, minutes and seconds 0–59; the timestamp is date and time', (t) => {
    const ok = +t.slice(0, 2) <= 23 && +t.slice(2, 4) <= 59 && +t.slice(4, 6) <= 59
    expect(CalendarDate.timeOfDayAt(Buffer.from(t, 'latin1'), 0)).toBe(ok)
    expect(CalendarDate.isTimeOfDay(t)).toBe(ok)
    expect(CalendarDate.isTimestamp(`20240229${t}`)).toBe(ok)
    expect(CalendarDate.isTimestamp(`20230229${t}`)).toBe(false)
  })
  it('the SEC-table edges: 20240229 is a date, 20240230 and 20230229 are not', () => {
    expect(CalendarDate.isDate('20240229')).toBe(true)
    expect(CalendarDate.isDate('20240230')).toBe(false)
    expect(CalendarDate.isDate('20230229')).toBe(false)
    expect(CalendarDate.isDate('2024022')).toBe(false)
  })
})

describe('flags', () => {
  fcTest.prop([fc.integer({ min: 0, max: 255 }), fc.boolean()])('ofByte: A, N, I; S and W only with legacy', (c, legacy) => {
    const ch = String.fromCharCode(c)
    const expected = 'ANI'.includes(ch) || (legacy && 'SW'.includes(ch)) ? ch : null
    expect(Flag.ofByte(c, legacy)).toBe(expected)
    expect(Flag.isFlag(ch, legacy)).toBe(expected !== null)
  })
  it('isFlag takes one character only', () => {
    expect(Flag.isFlag('AA')).toBe(false)
    expect(Flag.isFlag('')).toBe(false)
    expect(Flag.isFlag(65)).toBe(false)
  })
})

describe('Ascii', () => {
  it('bytesOf refuses strings longer than its scratch; digitsAt reads exactly', () => {
    expect(Ascii.bytesOf('x'.repeat(33))).toBeNull()
    expect(Ascii.digitsAt(Buffer.from('a1234b'), 1, 4)).toBe(1234)
    expect(Ascii.digitsAt(Buffer.from('12'), 1, 2)).toBe(-1)
  })
})
