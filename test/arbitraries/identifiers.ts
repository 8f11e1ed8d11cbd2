// fast-check arbitraries of valid identifiers, built from the same check-digit rules the library uses.
import fc from 'fast-check'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import * as DeviceId from '../../src/identifiers/DeviceId'
import { civilFromDays, daysFromCivil, type CalendarDate, type Timestamp } from '../../src/identifiers/CalendarDate'
import type { Flag, CurrentFlag } from '../../src/identifiers/Flag'

const digitString = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n })

/** Distributor ids 10–23 (the 14 public distributors). */
export const distributorId = fc.integer({ min: 10, max: 23 }).map(String)

export const mpanCore: fc.Arbitrary<MpanCore.MpanCore> = fc
  .tuple(distributorId, digitString(10))
  .map(([d, rest]) => MpanCore.complete(d + rest))

export const mprn: fc.Arbitrary<Mprn.Mprn> = fc
  .integer({ min: 4, max: 8 })
  .chain((n) => digitString(n))
  .map((body) => Mprn.complete(body))

export const deviceId: fc.Arbitrary<DeviceId.DeviceId> = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 })
  .map((bs) => bs.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('-') as DeviceId.DeviceId)

const MIN_DAY = daysFromCivil(2000, 1, 1)
const MAX_DAY = daysFromCivil(2099, 12, 31)

export const calendarDate: fc.Arbitrary<CalendarDate> = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map(civilFromDays)

const two = (n: number) => (n < 10 ? '0' : '') + String(n)

export const timeOfDay = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m, s]) => two(h) + two(m) + two(s))

export const timestamp: fc.Arbitrary<Timestamp> = fc.tuple(calendarDate, timeOfDay).map(([d, t]) => (d + t) as Timestamp)

export const currentFlag: fc.Arbitrary<CurrentFlag> = fc.constantFrom('A', 'I', 'N')
export const anyFlag: fc.Arbitrary<Flag> = fc.constantFrom('A', 'I', 'N', 'S', 'W')
