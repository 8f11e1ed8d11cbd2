/**
 * MPRN: the 6–10 digit gas meter point id. The last two digits are a check: Σ bᵢ·(L−i) over the body
 * b of length L, mod 11, zero-padded (docs/formats.md "Rules common to every file"). One function
 * here states it; every check of this module, on bytes or on strings, calls it.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { allDigits, bytesOf } from './Ascii'

/** @since 0.1.0 @category model */
export interface MprnBrand {
  readonly Mprn: unique symbol
}

/** @since 0.1.0 @category model */
export type Mprn = t.Branded<string, MprnBrand>

/**
 * **The** MPRN check rule: Σ bᵢ·(L−i) mod 11 over the body b = `u[a, b)` of length L (its digits
 * without the check), as the sum of the body's L prefix sums. The caller has checked that the bytes
 * are digits; every form of the rule ({@link endAt}, {@link checkValueAt} and the string functions)
 * calls this.
 */
const checkOfBody = (u: Uint8Array, a: number, b: number): number => {
  let prefix = 0
  let sum = 0
  for (let i = a; i < b; i++) {
    prefix += u[i]! - 48
    sum += prefix
  }
  return sum % 11
}

/**
 * Where the MPRN at `a` ends: reads the run of ASCII digits from `a` (up to `end`) and returns the
 * offset just past it when the run is an MPRN — 6 to 10 digits whose last two are the check of the
 * rest, Σ bᵢ·(L−i) mod 11 over the body b of length L — else -1. The wire decoders' generated
 * readers call it for each MPRN they read.
 *
 * @example
 * endAt(new TextEncoder().encode('"E45",3938424403,"A"'), 6, 20) // 16
 * @since 0.2.0
 * @category checks
 */
export const endAt = (u: Uint8Array, a: number, end: number): number => {
  if (a < 0) return -1
  const stop = end < u.length ? end : u.length
  let i = a
  while (i < stop && (u[i]! - 48) >>> 0 <= 9) i++
  const n = i - a
  if (n < 6 || n > 10) return -1
  return checkOfBody(u, a, i - 2) === (u[i - 2]! - 48) * 10 + u[i - 1]! - 48 ? i : -1
}

/**
 * True when the bytes `u[a, b)` are 6–10 ASCII digits (no check test).
 *
 * @example
 * hasShapeAt(new TextEncoder().encode('3938424404'), 0, 10) // true
 * @since 0.2.0
 * @category checks
 */
export const hasShapeAt = (u: Uint8Array, a: number, b: number): boolean => {
  const n = b - a
  return n >= 6 && n <= 10 && a >= 0 && allDigits(u, a, b)
}

/**
 * True when the bytes `u[a, b)` are an MPRN ({@link endAt} reads exactly them).
 *
 * @example
 * isValidAt(new TextEncoder().encode('"E45",3938424403,'), 6, 16) // true
 * @since 0.2.0
 * @category checks
 */
export const isValidAt = (u: Uint8Array, a: number, b: number): boolean => b - a >= 6 && b - a <= 10 && endAt(u, a, b) === b

/**
 * The check of the MPRN body `u[a, b)` (its digits without the check), as a number 0–10: the one
 * whose two digits make the body an MPRN by {@link endAt}; -1 when the body is not 4–8 ASCII digits.
 *
 * @example
 * checkValueAt(new TextEncoder().encode('3938424403'), 0, 8) // 3
 * @since 0.2.0
 * @category checks
 */
export const checkValueAt = (u: Uint8Array, a: number, b: number): number => {
  const L = b - a
  return L < 4 || L > 8 || a < 0 || !allDigits(u, a, b) ? -1 : checkOfBody(u, a, b)
}

/**
 * The two-digit check of an MPRN body (its digits without the check), as a number 0–10;
 * -1 when the body is not 4–8 ASCII digits ({@link checkValueAt} on a string).
 *
 * @example
 * checkValue('39384244') // 3
 * @since 0.1.0
 * @category checks
 */
export const checkValue = (body: string): number => {
  const u = bytesOf(body)
  return u === null ? -1 : checkValueAt(u, 0, body.length)
}

/**
 * True when `s` is 6–10 ASCII digits (no check test).
 *
 * @example
 * hasShape('3938424404') // true
 * @since 0.1.0
 * @category checks
 */
export const hasShape = (s: string): boolean => {
  const u = bytesOf(s)
  return u !== null && hasShapeAt(u, 0, s.length)
}

/**
 * True when `s` is 6–10 digits whose last two are the check of the rest.
 *
 * @example
 * isValid('3938424403') // true
 * isValid('3938424404') // false
 * @since 0.1.0
 * @category checks
 */
export const isValid = (s: string): boolean => {
  const u = bytesOf(s)
  return u !== null && isValidAt(u, 0, s.length)
}

/**
 * Type guard form of {@link isValid}.
 *
 * @example
 * is('123456707') // true
 * @since 0.1.0
 * @category refinements
 */
export const is = (u: unknown): u is Mprn => typeof u === 'string' && isValid(u)

/**
 * io-ts codec of valid MPRNs.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(codec.decode('3938424403')) // true
 * @since 0.1.0
 * @category codecs
 */
export const codec = t.brand(t.string, (s): s is Mprn => isValid(s), 'Mprn')

/**
 * Appends the two check digits to a 4–8 digit body.
 *
 * @example
 * complete('39384244') // '3938424403'
 * @since 0.1.0
 * @category constructors
 */
export const complete = (body: string): Mprn => {
  const c = checkValue(body)
  if (c < 0) throw new TypeError(`Mprn.complete: need 4–8 digits, got ${JSON.stringify(body)}`)
  return (body + (c < 10 ? '0' : '') + String(c)) as Mprn
}
