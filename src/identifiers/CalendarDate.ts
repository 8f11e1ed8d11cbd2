/**
 * Calendar dates as `YYYYMMDD` and file timestamps as `YYYYMMDDHHMMSS`, checked to be real (no
 * `20230229`, no hour 24). Checked with arithmetic on char codes: no `Date` objects.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { bytesOf, twoDigitsAt } from './Ascii'

/** @since 0.1.0 @category model */
export interface CalendarDateBrand {
  readonly CalendarDate: unique symbol
}

/** A real calendar date written `YYYYMMDD`. @since 0.1.0 @category model */
export type CalendarDate = t.Branded<string, CalendarDateBrand>

/** @since 0.1.0 @category model */
export interface TimestampBrand {
  readonly Timestamp: unique symbol
}

/** A real date and time written `YYYYMMDDHHMMSS`. @since 0.1.0 @category model */
export type Timestamp = t.Branded<string, TimestampBrand>

/** @since 0.1.0 @category model */
export interface TimeOfDayBrand {
  readonly TimeOfDay: unique symbol
}

/** A real time of day written `HHMMSS`. @since 0.1.0 @category model */
export type TimeOfDay = t.Branded<string, TimeOfDayBrand>

/**
 * Days in a month of the Gregorian calendar.
 *
 * @example
 * daysInMonth(2024, 2) // 29
 * @since 0.1.0
 * @category accessors
 */
export const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
      ? 29
      : 28
    : month === 4 || month === 6 || month === 9 || month === 11
      ? 30
      : 31

/**
 * The `YYYYMMDD` at `at` as the number yyyymmdd when it names a real date, else -1. **The** date
 * rule: the string forms and the wire decoders' generated readers call it.
 *
 * @example
 * dateAt(new TextEncoder().encode('20240229'), 0) // 20240229
 * dateAt(new TextEncoder().encode('20230229'), 0) // -1
 * @since 0.2.0
 * @category checks
 */
export const dateAt = (u: Uint8Array, at: number): number => {
  if (at < 0 || at + 8 > u.length) return -1
  const century = twoDigitsAt(u, at)
  const year = twoDigitsAt(u, at + 2)
  const m = twoDigitsAt(u, at + 4)
  const d = twoDigitsAt(u, at + 6)
  if (century < 0 || year < 0 || m < 1 || m > 12 || d < 1) return -1
  const y = century * 100 + year
  return d > daysInMonth(y, m) ? -1 : (y * 100 + m) * 100 + d
}

/**
 * True when the `HHMMSS` at `at` names a real time of day (no hour 24, no second 60). **The** time rule.
 *
 * @example
 * timeOfDayAt(new TextEncoder().encode('235959'), 0) // true
 * @since 0.2.0
 * @category checks
 */
export const timeOfDayAt = (u: Uint8Array, at: number): boolean => {
  if (at < 0 || at + 6 > u.length) return false
  const h = twoDigitsAt(u, at)
  const m = twoDigitsAt(u, at + 2)
  const s = twoDigitsAt(u, at + 4)
  return h >= 0 && h <= 23 && m >= 0 && m <= 59 && s >= 0 && s <= 59
}

/**
 * True when the `YYYYMMDDHHMMSS` at `at` names a real instant of a day.
 *
 * @example
 * timestampAt(new TextEncoder().encode('20211104120000'), 0) // true
 * @since 0.2.0
 * @category checks
 */
export const timestampAt = (u: Uint8Array, at: number): boolean => dateAt(u, at) >= 0 && timeOfDayAt(u, at + 8)

/**
 * True when `s` is `YYYYMMDD` naming a real date.
 *
 * @example
 * isDate('20240229') // true
 * isDate('20230229') // false
 * @since 0.1.0
 * @category checks
 */
export const isDate = (s: string): s is CalendarDate => {
  if (s.length !== 8) return false
  const u = bytesOf(s)
  return u !== null && dateAt(u, 0) >= 0
}

/**
 * True when `s` is `YYYYMMDDHHMMSS` naming a real instant of a day.
 *
 * @example
 * isTimestamp('20211104120000') // true
 * isTimestamp('20211104240000') // false
 * @since 0.1.0
 * @category checks
 */
export const isTimestamp = (s: string): s is Timestamp => {
  if (s.length !== 14) return false
  const u = bytesOf(s)
  return u !== null && timestampAt(u, 0)
}

/**
 * True when `s` is `HHMMSS` naming a real time of day.
 *
 * @example
 * isTimeOfDay('063000') // true
 * isTimeOfDay('236000') // false
 * @since 0.1.0
 * @category checks
 */
export const isTimeOfDay = (s: string): s is TimeOfDay => {
  if (s.length !== 6) return false
  const u = bytesOf(s)
  return u !== null && timeOfDayAt(u, 0)
}

/**
 * io-ts codec of `YYYYMMDD` dates.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(dateCodec.decode('20211104')) // true
 * @since 0.1.0
 * @category codecs
 */
export const dateCodec = t.brand(t.string, (s): s is CalendarDate => isDate(s), 'CalendarDate')

/**
 * io-ts codec of `YYYYMMDDHHMMSS` timestamps.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(timestampCodec.decode('20211104120000')) // true
 * @since 0.1.0
 * @category codecs
 */
export const timestampCodec = t.brand(t.string, (s): s is Timestamp => isTimestamp(s), 'Timestamp')

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
 *
 * @example
 * daysFromCivil(1970, 1, 1) // 0
 * @since 0.1.0
 * @category conversions
 */
export const daysFromCivil = (y: number, m: number, d: number): number => {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * The `YYYYMMDD` of a day count since 1970-01-01 (inverse of {@link daysFromCivil}).
 *
 * @example
 * civilFromDays(0) // '19700101'
 * @since 0.1.0
 * @category conversions
 */
export const civilFromDays = (z: number): CalendarDate => {
  const zz = z + 719468
  const era = Math.floor(zz / 146097)
  const doe = zz - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return (String(y).padStart(4, '0') + (m < 10 ? '0' : '') + String(m) + (d < 10 ? '0' : '') + String(d)) as CalendarDate
}
