/**
 * MPAN core: the 13-digit electricity meter point id. Digits 1–2 are the distributor id, digit 13 a
 * check digit (WIRE.md "Common rules").
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

/** @since 0.1.0 @category model */
export interface MpanCoreBrand {
  readonly MpanCore: unique symbol
}

/** @since 0.1.0 @category model */
export type MpanCore = t.Branded<string, MpanCoreBrand>

const WEIGHTS = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43] as const

/**
 * The check digit of the first twelve digits of an MPAN core: Σ dᵢ·wᵢ mod 11 mod 10.
 * Returns -1 when the input does not start with twelve ASCII digits.
 *
 * @example
 * checkDigit('120002330596') // 7
 * @since 0.1.0
 * @category checks
 */
export const checkDigit = (firstTwelve: string): number => {
  if (firstTwelve.length < 12) return -1
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const d = firstTwelve.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    sum += d * WEIGHTS[i]!
  }
  return (sum % 11) % 10
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
  for (let i = 0; i < 13; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
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
export const isValid = (s: string): boolean =>
  hasShape(s) && checkDigit(s) === s.charCodeAt(12) - 48

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
