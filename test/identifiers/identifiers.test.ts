import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import { TZDate } from '@date-fns/tz'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import * as MeterPointId from '../../src/identifiers/MeterPointId'
import * as DeviceId from '../../src/identifiers/DeviceId'
import * as CalendarDate from '../../src/identifiers/CalendarDate'
import * as Instant from '../../src/identifiers/Instant'
import * as Flag from '../../src/identifiers/Flag'
import * as arb from '../arbitraries/identifiers'

describe('MpanCore (docs/formats.md examples)', () => {
  it.each(['1200023305967', '1200010000000', '1000000000003', '1400000000010'])('%s is valid', (s) => {
    expect(MpanCore.isValid(s)).toBe(true)
    expect(E.isRight(MpanCore.codec.decode(s))).toBe(true)
  })
  it.each(['1200023305968', '120002330596', '12000233059670', '12000233059a7', ''])('%s is invalid', (s) => {
    expect(MpanCore.isValid(s)).toBe(false)
    expect(E.isLeft(MpanCore.codec.decode(s))).toBe(true)
  })
  fcTest.prop([arb.mpanCore, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 })])(
    'changing any single digit of a valid core (other than a weight-multiple-of-11 case) is caught or re-valid only by the rule',
    (mpan, pos, delta) => {
      const d = (mpan.charCodeAt(pos) - 48 + delta) % 10
      const mutated = mpan.slice(0, pos) + String(d) + mpan.slice(pos + 1)
      // the rule itself decides: recompute independently
      const weights = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]
      const sum = weights.reduce((acc, w, i) => acc + w * (mutated.charCodeAt(i) - 48), 0)
      expect(MpanCore.isValid(mutated)).toBe((sum % 11) % 10 === mutated.charCodeAt(12) - 48)
    },
  )
  it('distributor id is the first two digits', () => expect(MpanCore.distributorId('1200023305967')).toBe('12'))
})

describe('Mprn (docs/formats.md examples)', () => {
  it.each(['3938424403', '1234567810', '123456707', '7300000101'])('%s is valid', (s) => expect(Mprn.isValid(s)).toBe(true))
  it.each(['3938424404', '12345', '12345678901', '39384244a3'])('%s is invalid', (s) => expect(Mprn.isValid(s)).toBe(false))
  fcTest.prop([arb.mprn])('generated MPRNs are valid and 6–10 digits', (m) => {
    expect(Mprn.isValid(m)).toBe(true)
    expect(m.length).toBeGreaterThanOrEqual(6)
    expect(m.length).toBeLessThanOrEqual(10)
  })
})

describe('MeterPointId', () => {
  it('tells the fuel from the shape', () => {
    expect(MeterPointId.fuelOf('1200023305967')).toBe('electricity')
    expect(MeterPointId.fuelOf('3938424403')).toBe('gas')
    expect(MeterPointId.fuelOf('12345')).toBeNull()
  })
  it('explains invalid ids', () => {
    expect(MeterPointId.describeInvalid('1200023305968')).toMatch(/check digit/)
    expect(E.isLeft(MeterPointId.codec.decode('1200023305968'))).toBe(true)
  })
})

describe('DeviceId', () => {
  it('normalises case and hyphens', () => {
    expect(DeviceId.normalise('000d6f0000000001')).toBe('00-0D-6F-00-00-00-00-01')
    expect(DeviceId.normalise('00-0d-6f-00-00-00-00-01')).toBe('00-0D-6F-00-00-00-00-01')
    expect(DeviceId.normalise('00-0D-6F-00-00-00-00')).toBeNull()
    expect(DeviceId.codec.decode('000D6F0000000001')).toEqual(E.right('00-0D-6F-00-00-00-00-01'))
  })
  fcTest.prop([arb.deviceId])('canonical ids are fixed points', (id) => {
    expect(DeviceId.normalise(id)).toBe(id)
  })
})

describe('CalendarDate', () => {
  it('checks real dates and times', () => {
    expect(CalendarDate.isDate('20240229')).toBe(true)
    expect(CalendarDate.isDate('20230229')).toBe(false)
    expect(CalendarDate.isDate('20211131')).toBe(false)
    expect(CalendarDate.isDate('2021113')).toBe(false)
    expect(CalendarDate.isTimestamp('20211104120000')).toBe(true)
    expect(CalendarDate.isTimestamp('20211104240000')).toBe(false)
    expect(CalendarDate.isTimeOfDay('063000')).toBe(true)
    expect(CalendarDate.isTimeOfDay('066000')).toBe(false)
  })
  fcTest.prop([fc.integer({ min: -700_000, max: 2_900_000 })])('civilFromDays inverts daysFromCivil', (z) => {
    const s = CalendarDate.civilFromDays(z)
    expect(CalendarDate.daysFromCivil(+s.slice(0, 4), +s.slice(4, 6), +s.slice(6, 8))).toBe(z)
  })
  fcTest.prop([fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })])(
    'isDate agrees with the Gregorian calendar',
    (d) => {
      const s = d.toISOString().slice(0, 10).replace(/-/g, '')
      expect(CalendarDate.isDate(s)).toBe(true)
      expect(CalendarDate.civilFromDays(Math.floor(d.getTime() / 86400000))).toBe(s)
    },
  )
})

describe('Instant and the Europe/London date', () => {
  it('follows docs/rules.md examples', () => {
    expect(Instant.londonDate('2024-03-31T23:30:00Z')).toBe('20240401')
    expect(Instant.londonDate('2024-01-15T23:30:00Z')).toBe('20240115')
    expect(Instant.londonDate('2024-10-26T23:30:00Z')).toBe('20241027')
    expect(Instant.londonDate('2022-06-01T00:30:00+01:00')).toBe('20220601')
  })
  it('rejects instants without offset or with impossible fields', () => {
    expect(Instant.londonDate('2021-11-04T09:00:00')).toBeNull()
    expect(Instant.londonDate('2021-02-30T09:00:00Z')).toBeNull()
    expect(Instant.londonDate('2021-11-04T25:00:00Z')).toBeNull()
    expect(E.isLeft(Instant.codec.decode('2021-11-04'))).toBe(true)
  })
  fcTest.prop([fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(2199, 0, 1) / 1000 })])(
    'agrees with the IANA database (via @date-fns/tz) at every second tried',
    (secs) => {
      const d = new TZDate(secs * 1000, 'Europe/London')
      const expected = `${d.getFullYear()}`.padStart(4, '0') + `${d.getMonth() + 1}`.padStart(2, '0') + `${d.getDate()}`.padStart(2, '0')
      expect(Instant.londonDateOfEpochSeconds(secs)).toBe(expected)
    },
  )
  // An independent oracle: the grammar as one regular expression and JavaScript's own arithmetic.
  const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/
  const oracle = (s: string): number => {
    const m = ISO.exec(s)
    if (m === null) return NaN
    const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number]
    const se = m[6] === undefined ? 0 : Number(m[6])
    const utc = new Date(0)
    utc.setUTCFullYear(y, mo - 1, d)
    if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== mo - 1 || utc.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return NaN
    let offset = 0
    if (m[8] !== 'Z') {
      const oh = Number(m[8]!.slice(1, 3)), om = Number(m[8]!.slice(4, 6))
      if (oh > 23 || om > 59) return NaN
      offset = (m[8]![0] === '-' ? -1 : 1) * (oh * 3600 + om * 60)
    }
    return Math.floor(utc.getTime() / 86_400_000) * 86_400 + h * 3600 + mi * 60 + se - offset
  }
  const instantLike = fc
    .tuple(
      fc.stringMatching(/^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-6]\d(:[0-6]\d(\.\d{1,11})?)?(Z|[+-][0-2]\d:[0-6]\d)$/),
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom('', 'delete', 'replace', 'insert'),
      fc.constantFrom('0', '9', '-', ':', 'T', 'Z', '+', '.', ' ', 'x', '\u00e9'),
    )
    .map(([s, at, how, c]) => {
      const i = Math.min(at, s.length)
      if (how === 'delete') return s.slice(0, i) + s.slice(i + 1)
      if (how === 'replace') return s.slice(0, i) + c + s.slice(i + 1)
      if (how === 'insert') return s.slice(0, i) + c + s.slice(i)
      return s
    })
  fcTest.prop([instantLike], { numRuns: 3000 })('epochSeconds agrees with the grammar and calendar, on near-instants too', (s) => {
    expect(Instant.epochSeconds(s)).toBe(oracle(s))
  })
  fcTest.prop([fc.integer({ min: -62_135_596_800, max: 253_402_300_799 })])('epochSeconds reads back every second of years 0001–9999', (secs) => {
    const iso = new Date(secs * 1000).toISOString().replace('.000', '')
    expect(Instant.epochSeconds(iso)).toBe(secs)
  })

  fcTest.prop([fc.array(fc.integer({ min: -700_000, max: 2_900_000 }), { minLength: 1, maxLength: 20 })])(
    'dateOfDay is civilFromDays, whatever the order of the days asked (it remembers the last)',
    (days) => {
      for (const z of [...days, ...days.slice().reverse(), days[0]!]) expect(Instant.dateOfDay(z)).toBe(CalendarDate.civilFromDays(z))
    },
  )
  fcTest.prop([fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(2199, 0, 1) / 1000 })])(
    'londonDay is the day number of the London date',
    (secs) => {
      const date = Instant.londonDateOfEpochSeconds(secs)
      expect(Instant.londonDay(secs)).toBe(CalendarDate.daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(4, 6)), Number(date.slice(6, 8))))
    },
  )
  it('switches exactly at 01:00 UTC on the last Sundays of March and October', () => {
    expect(Instant.londonDate('2024-03-30T23:30:00Z')).toBe('20240330')
    expect(Instant.londonDate('2024-03-31T00:59:59Z')).toBe('20240331')
    expect(Instant.londonDate('2024-10-27T00:59:59Z')).toBe('20241027')
    expect(Instant.londonDate('2024-10-27T23:30:00Z')).toBe('20241027')
    expect(Instant.londonDate('2024-06-30T23:00:00Z')).toBe('20240701')
    expect(Instant.londonDate('2024-06-30T22:59:59Z')).toBe('20240630')
  })
})

describe('Flag', () => {
  it('accepts legacy flags only when asked', () => {
    expect(Flag.isFlag('N')).toBe(true)
    expect(Flag.isFlag('S')).toBe(false)
    expect(Flag.isFlag('W', true)).toBe(true)
    expect(Flag.isFlag('X', true)).toBe(false)
  })
})
