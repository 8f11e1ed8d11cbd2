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

describe('MpanCore (WIRE.md examples)', () => {
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

describe('Mprn (WIRE.md examples)', () => {
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
  it('follows DOMAIN.md examples', () => {
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
