/**
 * The byte view the identifier rules read. Each rule (a check digit, a real date) is written once,
 * over bytes (`Uint8Array` and an offset), because that is how the wire decoders meet identifiers:
 * their generated readers call the rule on a chunk's bytes in place. The string forms (`isValid`,
 * `isDate`, …) copy their few characters into a scratch buffer and call the same rule.
 *
 * Internal to the identifiers and wire folders: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */

/** Longest string {@link bytesOf} copies (identifiers are short: an MPAN core is 13 characters). */
const SCRATCH_SIZE = 32

const scratch = new Uint8Array(SCRATCH_SIZE)

/**
 * The characters of a short string as bytes, in a scratch buffer reused by every call (read it
 * before the next call; nothing here keeps it). A character above U+00FF becomes byte 0, which no
 * rule accepts. Null when the string is longer than the scratch buffer: no identifier is.
 *
 * @example
 * bytesOf('12')?.subarray(0, 2) // Uint8Array [49, 50]
 * @since 0.2.0
 * @category conversions
 */
export const bytesOf = (s: string): Uint8Array | null => {
  const n = s.length
  if (n > SCRATCH_SIZE) return null
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    scratch[i] = c > 0xff ? 0 : c
  }
  return scratch
}

/**
 * True when byte `c` is an ASCII digit.
 *
 * @example
 * isDigit(0x37) // true
 * @since 0.2.0
 * @category checks
 */
export const isDigit = (c: number): boolean => (c - 48) >>> 0 <= 9

/**
 * True when the bytes `u[a, b)` are all ASCII digits (true for none).
 *
 * @example
 * allDigits(new TextEncoder().encode('12a'), 0, 2) // true
 * @since 0.2.0
 * @category checks
 */
export const allDigits = (u: Uint8Array, a: number, b: number): boolean => {
  if (b > u.length) return false
  for (let i = a; i < b; i++) if ((u[i]! - 48) >>> 0 > 9) return false
  return true
}

/**
 * The number 0–99 the two digits at `a` spell, or -1 when one is not a digit. The caller keeps `a`
 * and `a + 1` in bounds. (Dates and times are read two digits at a time: as fast as unrolled code,
 * measured, and faster than a loop.)
 *
 * @example
 * twoDigitsAt(new TextEncoder().encode('x07'), 1) // 7
 * @since 0.2.0
 * @category parsers
 */
export const twoDigitsAt = (u: Uint8Array, a: number): number => {
  const d0 = u[a]! - 48
  const d1 = u[a + 1]! - 48
  return (d0 >>> 0) > 9 || (d1 >>> 0) > 9 ? -1 : d0 * 10 + d1
}

/**
 * The number the eight digits at `a` spell (a `YYYYMMDD`'s value), or -1 when one is not a digit.
 * The caller keeps `a` to `a + 7` in bounds.
 *
 * @example
 * eightDigitsAt(new TextEncoder().encode('20211104'), 0) // 20211104
 * @since 0.2.0
 * @category parsers
 */
export const eightDigitsAt = (u: Uint8Array, a: number): number => {
  const h0 = twoDigitsAt(u, a)
  const h1 = twoDigitsAt(u, a + 2)
  const h2 = twoDigitsAt(u, a + 4)
  const h3 = twoDigitsAt(u, a + 6)
  return (h0 | h1 | h2 | h3) < 0 ? -1 : ((h0 * 100 + h1) * 100 + h2) * 100 + h3
}

/**
 * The number the `n` digits at `a` spell, or -1 when one is not a digit (or they run past the end).
 * Exact up to 15 digits.
 *
 * @example
 * digitsAt(new TextEncoder().encode('x2024'), 1, 4) // 2024
 * @since 0.2.0
 * @category parsers
 */
export const digitsAt = (u: Uint8Array, a: number, n: number): number => {
  if (a + n > u.length) return -1
  let v = 0
  for (let i = a; i < a + n; i++) {
    const d = u[i]! - 48
    if (d >>> 0 > 9) return -1
    v = v * 10 + d
  }
  return v
}
