/**
 * MPAN core: the 13-digit electricity meter point id. Digits 1–2 are the distributor id, digit 13 a
 * check digit (WIRE.md "Common rules").
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { allDigits, bytesOf } from './Ascii'

/** @since 0.1.0 @category model */
export interface MpanCoreBrand {
  readonly MpanCore: unique symbol
}

/** @since 0.1.0 @category model */
export type MpanCore = t.Branded<string, MpanCoreBrand>

/**
 * The weights of the check digit, digit by digit (WIRE.md "Common rules").
 *
 * @example
 * WEIGHTS.length // 12
 * @since 0.2.0
 * @category constants
 */
export const WEIGHTS: ReadonlyArray<number> = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]

/**
 * The check digit of the twelve digits at `at`: Σ dᵢ·wᵢ mod 11 mod 10; -1 when one of them is not
 * a digit or they run past the end. **The** check digit rule: every other form (strings, the wire
 * decoders' generated readers, the command line) calls it. Unrolled with the weights as constants
 * (the hottest check of a D0350 file); a property checks it against {@link WEIGHTS}.
 *
 * @example
 * checkDigitAt(new TextEncoder().encode('1200023305967'), 0) // 7
 * @since 0.2.0
 * @category checks
 */
export const checkDigitAt = (u: Uint8Array, at: number): number => {
  if (at < 0 || at + 12 > u.length) return -1
  const d0 = u[at]! - 48
  const d1 = u[at + 1]! - 48
  const d2 = u[at + 2]! - 48
  const d3 = u[at + 3]! - 48
  const d4 = u[at + 4]! - 48
  const d5 = u[at + 5]! - 48
  const d6 = u[at + 6]! - 48
  const d7 = u[at + 7]! - 48
  const d8 = u[at + 8]! - 48
  const d9 = u[at + 9]! - 48
  const d10 = u[at + 10]! - 48
  const d11 = u[at + 11]! - 48
  if ((d0 >>> 0) > 9 || (d1 >>> 0) > 9 || (d2 >>> 0) > 9 || (d3 >>> 0) > 9 || (d4 >>> 0) > 9 || (d5 >>> 0) > 9 ||
    (d6 >>> 0) > 9 || (d7 >>> 0) > 9 || (d8 >>> 0) > 9 || (d9 >>> 0) > 9 || (d10 >>> 0) > 9 || (d11 >>> 0) > 9) return -1
  const sum = 3 * d0 + 5 * d1 + 7 * d2 + 13 * d3 + 17 * d4 + 19 * d5 + 23 * d6 + 29 * d7 + 31 * d8 + 37 * d9 + 41 * d10 + 43 * d11
  return (sum % 11) % 10
}

/**
 * True when the thirteen bytes at `at` are an MPAN core: digits, the last one the check digit.
 *
 * @example
 * isValidAt(new TextEncoder().encode('DSF|1200023305967|'), 4) // true
 * @since 0.2.0
 * @category checks
 */
export const isValidAt = (u: Uint8Array, at: number): boolean => {
  const check = checkDigitAt(u, at)
  return check >= 0 && at + 13 <= u.length && u[at + 12]! - 48 === check
}

/**
 * True when the thirteen bytes at `at` are digits (no check digit test).
 *
 * @example
 * hasShapeAt(new TextEncoder().encode('1200023305968'), 0) // true
 * @since 0.2.0
 * @category checks
 */
export const hasShapeAt = (u: Uint8Array, at: number): boolean => at >= 0 && allDigits(u, at, at + 13)

/**
 * The check digit of the first twelve digits of an MPAN core ({@link checkDigitAt} on a string).
 * Returns -1 when the input does not start with twelve ASCII digits.
 *
 * @example
 * checkDigit('120002330596') // 7
 * @since 0.1.0
 * @category checks
 */
export const checkDigit = (firstTwelve: string): number => {
  if (firstTwelve.length < 12) return -1
  const u = bytesOf(firstTwelve.length > 12 ? firstTwelve.slice(0, 12) : firstTwelve)
  return u === null ? -1 : checkDigitAt(u, 0)
}

/**
 * True when `s` is 13 ASCII digits (no check digit test).
 *
 * @example
 * hasShape('1200023305968') // true
 * @since 0.1.0
 * @category checks
 */
export const hasShape = (s: string): boolean => {
  if (s.length !== 13) return false
  const u = bytesOf(s)
  return u !== null && hasShapeAt(u, 0)
}

/**
 * True when `s` has 13 digits and a correct check digit.
 *
 * @example
 * isValid('1200023305967') // true
 * isValid('1200023305968') // false
 * @since 0.1.0
 * @category checks
 */
export const isValid = (s: string): boolean => {
  if (s.length !== 13) return false
  const u = bytesOf(s)
  return u !== null && isValidAt(u, 0)
}

/**
 * Type guard form of {@link isValid}.
 *
 * @example
 * is('1200023305967') // true
 * @since 0.1.0
 * @category refinements
 */
export const is = (u: unknown): u is MpanCore => typeof u === 'string' && isValid(u)

/**
 * io-ts codec of valid MPAN cores.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(codec.decode('1200023305967')) // true
 * @since 0.1.0
 * @category codecs
 */
export const codec = t.brand(t.string, (s): s is MpanCore => isValid(s), 'MpanCore')

/**
 * The distributor id: the first two digits.
 *
 * @example
 * distributorId('1200023305967' as MpanCore) // '12'
 * @since 0.1.0
 * @category accessors
 */
export const distributorId = (mpan: MpanCore | string): string => mpan.slice(0, 2)

/**
 * Completes twelve digits with their check digit.
 *
 * @example
 * complete('120001000000') // '1200010000000'
 * @since 0.1.0
 * @category constructors
 */
export const complete = (firstTwelve: string): MpanCore => {
  const d = checkDigit(firstTwelve)
  if (firstTwelve.length !== 12 || d < 0) throw new TypeError(`MpanCore.complete: need 12 digits, got ${JSON.stringify(firstTwelve)}`)
  return (firstTwelve + String(d)) as MpanCore
}
