/**
 * The wire's own item rules — character classes and decimal counts — each written once, over bytes,
 * and read by every path: the detailed decoders (through the string forms here) and the generated
 * readers (in place, on a chunk's bytes). Identifier rules (check digits, dates, flags) live in
 * `identifiers/`.
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import { Ascii } from '../identifiers'
import { fromLatin1 } from './Bytes'

/**
 * Character classes of item text, as numbers (the generated readers pass them as constants):
 * - `DIGIT` `[0-9]`; `UPPER_ALPHANUMERIC` `[A-Z0-9]`; `ALPHANUMERIC` `[A-Za-z0-9]`; `LETTERS` `[A-Za-z]`;
 * - `DTC_TEXT`: printable ASCII without `|` (which ends a DTC item);
 * - `QUOTED_TEXT`: printable ASCII without `"` and `,` (UK Link text inside its quotes);
 * - `PRINTABLE`: printable ASCII, 0x20–0x7E (what every line of every file kind holds).
 *
 * @example
 * admits(Chars.UPPER_ALPHANUMERIC, 0x61) // false: 'a'
 * @since 0.2.0
 * @category constants
 */
export const Chars = {
  DIGIT: 0,
  UPPER_ALPHANUMERIC: 1,
  ALPHANUMERIC: 2,
  LETTERS: 3,
  DTC_TEXT: 4,
  QUOTED_TEXT: 5,
  PRINTABLE: 6,
} as const

/**
 * One of {@link Chars}.
 *
 * @example
 * const c: CharClass = Chars.DIGIT
 * @since 0.2.0
 * @category model
 */
export type CharClass = (typeof Chars)[keyof typeof Chars]

/**
 * What each class admits, in words (for diagnostics' `expected`).
 *
 * @example
 * describeClass[Chars.DIGIT] // '[0-9]'
 * @since 0.2.0
 * @category constants
 */
export const describeClass: Readonly<Record<CharClass, string>> = {
  [Chars.DIGIT]: '[0-9]',
  [Chars.UPPER_ALPHANUMERIC]: '[A-Z0-9]',
  [Chars.ALPHANUMERIC]: '[A-Za-z0-9]',
  [Chars.LETTERS]: '[A-Za-z]',
  [Chars.DTC_TEXT]: 'printable ASCII without "|"',
  [Chars.QUOTED_TEXT]: 'printable ASCII without \'"\' or ","',
  [Chars.PRINTABLE]: 'printable ASCII',
}

/**
 * True when class `cls` admits byte (or character code) `c`. **The** class rule.
 *
 * @example
 * admits(Chars.DTC_TEXT, 0x7c) // false: '|'
 * @since 0.2.0
 * @category checks
 */
export const admits = (cls: CharClass, c: number): boolean => {
  if (c < 0x20 || c > 0x7e) return false
  if (cls === Chars.PRINTABLE) return true
  if (cls === Chars.DTC_TEXT) return c !== 124
  if (cls === Chars.QUOTED_TEXT) return c !== 34 && c !== 44
  const digit = (c - 48) >>> 0 <= 9
  if (cls === Chars.DIGIT) return digit
  const upper = (c - 65) >>> 0 <= 25
  if (cls === Chars.UPPER_ALPHANUMERIC) return digit || upper
  const lower = (c - 97) >>> 0 <= 25
  if (cls === Chars.LETTERS) return upper || lower
  return digit || upper || lower
}

/**
 * True when class `cls` admits every byte of `u[a, b)`.
 *
 * @example
 * allAdmitted(new TextEncoder().encode('AB1x'), 0, 3, Chars.UPPER_ALPHANUMERIC) // true
 * @since 0.2.0
 * @category checks
 */
export const allAdmitted = (u: Uint8Array, a: number, b: number, cls: CharClass): boolean => {
  if (b > u.length) return false
  for (let i = a; i < b; i++) if (!admits(cls, u[i]!)) return false
  return true
}

/**
 * True when class `cls` admits every character of `s`.
 *
 * @example
 * allAdmittedIn('LOND', Chars.UPPER_ALPHANUMERIC) // true
 * @since 0.2.0
 * @category checks
 */
export const allAdmittedIn = (s: string, cls: CharClass): boolean => {
  for (let i = 0; i < s.length; i++) if (!admits(cls, s.charCodeAt(i))) return false
  return true
}

/**
 * Most digits a count may have: more could not be read back as a number exactly (2^53 has 16).
 *
 * @example
 * MAX_COUNT_DIGITS // 15
 * @since 0.2.0
 * @category constants
 */
export const MAX_COUNT_DIGITS = 15

/**
 * What is wrong with a decimal count, or {@link CountProblem.None}.
 *
 * @example
 * countAt(new TextEncoder().encode('007'), 0, 3) === CountProblem.LeadingZeros // true
 * @since 0.2.0
 * @category constants
 */
export const CountProblem = { None: 0, Empty: 1, NotDigits: 2, LeadingZeros: 3, OutOfRange: 4 } as const

/**
 * One of {@link CountProblem}.
 *
 * @example
 * const p: CountProblemCode = CountProblem.None
 * @since 0.2.0
 * @category model
 */
export type CountProblemCode = (typeof CountProblem)[keyof typeof CountProblem]

/**
 * The problem of the decimal count `u[a, b)`: digits only, no leading zeros (`0` itself is fine;
 * a number cannot remember zeros, so re-encoding would lose them), at most {@link MAX_COUNT_DIGITS}.
 * **The** count rule.
 *
 * @example
 * countAt(new TextEncoder().encode('120'), 0, 3) // 0 (CountProblem.None)
 * @since 0.2.0
 * @category checks
 */
export const countAt = (u: Uint8Array, a: number, b: number): CountProblemCode => {
  if (b <= a) return CountProblem.Empty
  if (!Ascii.allDigits(u, a, b)) return CountProblem.NotDigits
  if (b - a > 1 && u[a] === 48) return CountProblem.LeadingZeros
  return b - a > MAX_COUNT_DIGITS ? CountProblem.OutOfRange : CountProblem.None
}

/**
 * {@link countAt} of a string.
 *
 * @example
 * countOf('99999999999999999999') === CountProblem.OutOfRange // true
 * @since 0.2.0
 * @category checks
 */
export const countOf = (s: string): CountProblemCode => countAt(fromLatin1(s), 0, s.length)

/**
 * The number the digits `u[a, b)` spell (the caller has checked them; exact up to 15 digits).
 *
 * @example
 * numberAt(new TextEncoder().encode('"Z99",42'), 6, 8) // 42
 * @since 0.2.0
 * @category parsers
 */
export const numberAt = (u: Uint8Array, a: number, b: number): number => {
  let v = 0
  for (let i = a; i < b; i++) v = v * 10 + u[i]! - 48
  return v
}
