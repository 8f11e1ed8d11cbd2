/**
 * MPAN core: the 13-digit electricity meter point id. Digits 1–2 are the distributor id, digit 13 a
 * check digit (docs/formats.md "Rules common to every file").
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
 * The weights of the check digit, digit by digit (docs/formats.md "Rules common to every file").
 *
 * @example
 * WEIGHTS.length // 12
 * @since 0.2.0
 * @category constants
 */
export const WEIGHTS: ReadonlyArray<number> = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]

const weights = Int32Array.from(WEIGHTS)

/**
 * The check digit of a weighted sum Σ dᵢ·wᵢ: mod 11, then mod 10 (a remainder of 10 gives 0).
 *
 * @example
 * checkDigitOfSum(370) // 7
 * @since 0.2.0
 * @category checks
 */
export const checkDigitOfSum = (sum: number): number => (sum % 11) % 10

/**
 * The check digit of the twelve digits at `at`: Σ dᵢ·wᵢ over {@link WEIGHTS}, then
 * {@link checkDigitOfSum}; -1 when one of them is not a digit or they run past the end. **The**
 * check digit rule: every other form calls it, or (the wire decoders' generated readers, where a
 * call would cost too much per record) is emitted from {@link WEIGHTS} and {@link checkDigitOfSum}
 * and checked against it by a property.
 *
 * @example
 * checkDigitAt(new TextEncoder().encode('1200023305967'), 0) // 7
 * @since 0.2.0
 * @category checks
 */
export const checkDigitAt = (u: Uint8Array, at: number): number => {
  if (at < 0 || at + 12 > u.length) return -1
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const d = u[at + i]! - 48
    if (d >>> 0 > 9) return -1
    sum += d * weights[i]!
  }
  return checkDigitOfSum(sum)
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
