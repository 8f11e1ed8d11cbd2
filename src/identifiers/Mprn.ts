/**
 * MPRN: the 6–10 digit gas meter point id. The last two digits are a check: Σ bᵢ·(L−i) over the body
 * b of length L, mod 11, zero-padded (WIRE.md "Common rules").
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'

/** @since 0.1.0 @category model */
export interface MprnBrand {
  readonly Mprn: unique symbol
}

/** @since 0.1.0 @category model */
export type Mprn = t.Branded<string, MprnBrand>

/**
 * The two-digit check of an MPRN body (its digits without the check), as a number 0–10;
 * -1 when the body is not 4–8 ASCII digits.
 *
 * @example
 * checkValue('39384244') // 3
 * @since 0.1.0
 * @category checks
 */
export const checkValue = (body: string): number => {
  const L = body.length
  if (L < 4 || L > 8) return -1
  let sum = 0
  for (let i = 0; i < L; i++) {
    const d = body.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    sum += d * (L - i)
  }
  return sum % 11
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
  const n = s.length
  if (n < 6 || n > 10) return false
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
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
  if (!hasShape(s)) return false
  const n = s.length
  const check = (s.charCodeAt(n - 2) - 48) * 10 + (s.charCodeAt(n - 1) - 48)
  return checkValue(s.slice(0, n - 2)) === check
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
