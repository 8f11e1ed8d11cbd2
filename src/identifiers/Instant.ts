/**
 * Event instants: ISO-8601 with an explicit offset or `Z` (`2021-11-04T09:00:00Z`,
 * `2022-06-01T10:00:00+01:00`), and the Europe/London calendar date that makes a flag change's
 * effective-from date (docs/rules.md section 4).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { TZDate } from '@date-fns/tz'
import { civilFromDays, daysFromCivil, daysInMonth, type CalendarDate } from './CalendarDate'

/** @since 0.1.0 @category model */
export interface InstantBrand {
  readonly Instant: unique symbol
}

/** An ISO-8601 instant with an offset. @since 0.1.0 @category model */
export type Instant = t.Branded<string, InstantBrand>

// YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM), read byte by byte: this runs once per event on the
// replay path, where a regular expression's match array and substrings were measurable. The rule is
// written once, on bytes (an event line is read as bytes); strings are copied to a scratch first.

/** The value of the two decimal digits at `i`, or -1. */
const two = (u: Uint8Array, i: number): number => {
  const a = u[i]! - 48
  const b = u[i + 1]! - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/**
 * Microseconds since the Unix epoch of the ISO-8601 instant with offset written in the bytes
 * `u[start … end)`, or `NaN` when it is not one (no offset, impossible date or time). A fraction of
 * a second (1–9 digits) counts to the microsecond; digits past the sixth are dropped. **The**
 * instant rule: every other form calls it.
 *
 * @example
 * import { Instant } from 'dcc-service-flags'
 * Instant.epochMicrosAt(new TextEncoder().encode('{"at":"1970-01-01T00:00:01.5Z"}'), 7, 30) // 1500000
 * @since 0.2.0
 * @category conversions
 */
export const epochMicrosAt = (u: Uint8Array, start: number, end: number): number => {
  const o = start
  if (end - start < 17 || u[o + 4] !== 45 || u[o + 7] !== 45 || u[o + 10] !== 84 || u[o + 13] !== 58) return NaN
  const c = two(u, o)
  const yy = two(u, o + 2)
  const mo = two(u, o + 5)
  const d = two(u, o + 8)
  const h = two(u, o + 11)
  const mi = two(u, o + 14)
  if (c < 0 || yy < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN
  const y = c * 100 + yy
  if (d > daysInMonth(y, mo)) return NaN
  let i = o + 16
  let se = 0
  let micros = 0
  if (i < end && u[i] === 58) {
    if (i + 3 > end) return NaN
    se = two(u, i + 1)
    if (se < 0 || se > 59) return NaN
    i += 3
    if (i < end && u[i] === 46) {
      let k = i + 1
      let scale = 100000
      while (k < end && k - i <= 9) {
        const digit = u[k]! - 48
        if (digit < 0 || digit > 9) break
        if (scale >= 1) micros += digit * scale
        scale /= 10
        k++
      }
      if (k === i + 1) return NaN
      i = k
    }
  }
  let offset = 0
  const z = i < end ? u[i]! : -1
  if (z === 90) {
    if (end !== i + 1) return NaN
  } else if (z === 43 || z === 45) {
    if (end !== i + 6 || u[i + 3] !== 58) return NaN
    const oh = two(u, i + 1)
    const om = two(u, i + 4)
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN
    offset = (z === 45 ? -1 : 1) * (oh * 3600 + om * 60)
  } else return NaN
  return (daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset) * 1e6 + micros
}

// A string's characters as bytes, for the byte rule (an instant longer than this is not one).
const scratch = new Uint8Array(64)

/**
 * {@link epochMicrosAt} on the characters `s[start … end)`.
 *
 * @example
 * import { Instant } from 'dcc-service-flags'
 * Instant.epochMicrosIn('{"at":"1970-01-01T00:00:01.5Z"}', 7, 30) // 1500000
 * @since 0.2.0
 * @category conversions
 */
export const epochMicrosIn = (s: string, start: number, end: number): number => {
  const n = end - start
  if (n > scratch.length || n < 0) return NaN
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(start + i)
    if (c > 127) return NaN
    scratch[i] = c
  }
  return epochMicrosAt(scratch, 0, n)
}

/**
 * Microseconds since the Unix epoch of an ISO-8601 instant with offset, or `NaN` when `s` is not one.
 * A fraction of a second counts to the microsecond (digits past the sixth are dropped): the engine
 * orders a device's events by it (docs/rules.md section 4, time order).
 *
 * @example
 * import { Instant } from 'dcc-service-flags'
 * Instant.epochMicros('1970-01-01T00:00:01.5Z') // 1500000
 * Instant.epochMicros('2024-03-10T10:00:00+01:00') === Instant.epochMicros('2024-03-10T09:00:00Z') // true
 * @since 0.2.0
 * @category conversions
 */
export const epochMicros = (s: string): number => epochMicrosIn(s, 0, s.length)

/**
 * Whole seconds since the epoch of a count of microseconds (rounding down, exactly).
 *
 * @example
 * import { Instant } from 'dcc-service-flags'
 * Instant.secondsOfMicros(-1) // -1
 * @since 0.2.0
 * @category conversions
 */
export const secondsOfMicros = (micros: number): number => (micros - (((micros % 1e6) + 1e6) % 1e6)) / 1e6

/**
 * Seconds since the Unix epoch of an ISO-8601 instant with offset, or `NaN` when `s` is not one
 * (no offset, impossible date or time). Fractions of a second (1–9 digits) are dropped: dates only
 * need seconds.
 *
 * @example
 * import { Instant } from 'dcc-service-flags'
 * Instant.epochSeconds('1970-01-01T01:00:00+01:00') // 0
 * Instant.epochSeconds('2021-11-04T09:00:00') // NaN (no offset)
 * @since 0.1.0
 * @category conversions
 */
export const epochSeconds = (s: string): number => {
  const micros = epochMicrosIn(s, 0, s.length)
  return Number.isNaN(micros) ? NaN : secondsOfMicros(micros)
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + String(n)

/**
 * The canonical instant of a count of microseconds since the epoch (inverse of
 * {@link epochMicros} up to the spelling): UTC with `Z`, seconds always written, a fraction only
 * when there is one (without trailing zeros).
 *
 * @example
 * import { Instant } from 'dcc-service-flags'
 * Instant.ofEpochMicros(Instant.epochMicros('2024-03-10T10:00:00+01:00')) // '2024-03-10T09:00:00Z'
 * Instant.ofEpochMicros(1500000) // '1970-01-01T00:00:01.5Z'
 * @since 0.2.0
 * @category conversions
 */
export const ofEpochMicros = (micros: number): Instant => {
  const frac = ((micros % 1e6) + 1e6) % 1e6
  const secs = (micros - frac) / 1e6
  const sod = ((secs % 86400) + 86400) % 86400
  const d = civilFromDays((secs - sod) / 86400)
  const time = `${pad2(Math.floor(sod / 3600))}:${pad2(Math.floor((sod % 3600) / 60))}:${pad2(sod % 60)}`
  const fraction = frac === 0 ? '' : '.' + String(frac).padStart(6, '0').replace(/0+$/, '')
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${time}${fraction}Z` as Instant
}

/**
 * True when `s` is an ISO-8601 instant with an offset or `Z`, naming a real date and time.
 *
 * @example
 * isValid('2024-03-31T23:30:00Z') // true
 * isValid('2024-03-31T23:30:00') // false
 * @since 0.1.0
 * @category checks
 */
export const isValid = (s: string): boolean => !Number.isNaN(epochSeconds(s))

/**
 * io-ts codec of instants with offsets.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isLeft(codec.decode('2021-11-04T09:00:00')) // true: no offset
 * @since 0.1.0
 * @category codecs
 */
export const codec = t.brand(t.string, (s): s is Instant => isValid(s), 'Instant')

// Seconds (UTC) of 01:00 UTC on the last Sunday of a month: where UK clocks change since 1996.
const lastSundayAt0100 = (year: number, month: number): number => {
  const lastDay = daysFromCivil(year, month, daysInMonth(year, month))
  const weekday = (((lastDay + 4) % 7) + 7) % 7 // 1970-01-01 was a Thursday (4); Sunday is 0
  return (lastDay - weekday) * 86400 + 3600
}

/** Years for which the EU/UK summer-time rule below is exact; outside them the IANA database decides. */
const RULE_FROM = 1996
const RULE_TO = 2099

// One year's summer-time window, remembered: events arrive in time order, so the hot path computes it
// once a year instead of once an event (deterministic memoisation, not state anyone can observe).
let cachedFrom = NaN
let cachedTo = NaN
let cachedBstStart = 0
let cachedBstEnd = 0

/**
 * True when an epoch second falls in British Summer Time. From 1996 to 2099 that is from 01:00 UTC
 * on the last Sunday of March to 01:00 UTC on the last Sunday of October, computed here without
 * `Date`; other years ask the IANA time zone database through `@date-fns/tz`.
 *
 * @example
 * isBritishSummerTime(epochSeconds('2024-07-01T12:00:00Z')) // true
 * isBritishSummerTime(epochSeconds('2024-01-15T12:00:00Z')) // false
 * @since 0.1.0
 * @category conversions
 */
export const isBritishSummerTime = (secs: number): boolean => {
  if (!(secs >= cachedFrom && secs < cachedTo)) {
    const year = +civilFromDays(Math.floor(secs / 86400)).slice(0, 4)
    if (year < RULE_FROM || year > RULE_TO) {
      const d = new TZDate(secs * 1000, 'Europe/London')
      return d.getTimezoneOffset() !== 0
    }
    cachedFrom = daysFromCivil(year, 1, 1) * 86400
    cachedTo = daysFromCivil(year + 1, 1, 1) * 86400
    cachedBstStart = lastSundayAt0100(year, 3)
    cachedBstEnd = lastSundayAt0100(year, 10)
  }
  return secs >= cachedBstStart && secs < cachedBstEnd
}

/**
 * The Europe/London calendar day of an epoch second, as days since 1970-01-01 (the day number
 * `CalendarDate.daysFromCivil` gives; see {@link isBritishSummerTime}).
 *
 * @example
 * londonDay(epochSeconds('2024-03-31T23:30:00Z')) // 19814, the day number of 2024-04-01
 * @since 0.1.0
 * @category conversions
 */
export const londonDay = (secs: number): number => Math.floor((secs + (isBritishSummerTime(secs) ? 3600 : 0)) / 86400)

// Replays read days in runs (events arrive in time order): the last day's string is kept.
let lastDay = NaN
let lastDate = '' as CalendarDate

/**
 * The calendar date of a day number (as `CalendarDate.civilFromDays`), remembering the last one.
 *
 * @example
 * dateOfDay(19814) // '20240401'
 * @since 0.1.0
 * @category conversions
 */
export const dateOfDay = (day: number): CalendarDate => {
  if (day !== lastDay) {
    lastDate = civilFromDays(day)
    lastDay = day
  }
  return lastDate
}

/**
 * The Europe/London calendar date of an epoch second (see {@link isBritishSummerTime}).
 *
 * @example
 * londonDateOfEpochSeconds(epochSeconds('2024-03-31T23:30:00Z')) // '20240401'
 * @since 0.1.0
 * @category conversions
 */
export const londonDateOfEpochSeconds = (secs: number): CalendarDate => dateOfDay(londonDay(secs))

/**
 * The Europe/London calendar date (`YYYYMMDD`) of an instant, or null when it is not a valid instant.
 *
 * @example
 * londonDate('2024-03-31T23:30:00Z') // '20240401' (BST)
 * londonDate('2024-01-15T23:30:00Z') // '20240115' (GMT)
 * @since 0.1.0
 * @category conversions
 */
export const londonDate = (s: string): CalendarDate | null => {
  const secs = epochSeconds(s)
  return Number.isNaN(secs) ? null : londonDateOfEpochSeconds(secs)
}
