/**
 * Device ids as numbers: an EUI-64 (`00-0D-6F-00-00-00-00-01`) is two unsigned 32-bit halves, so a
 * store can keep tens of millions of devices in typed arrays and hash them without strings
 * (docs/rules.md section 8). Only the canonical form is read; normalise other spellings first with
 * `DeviceId.normalise` (the event and inventory codecs do).
 *
 * @since 0.2.0
 */
import type { DeviceId } from './DeviceId'

const hexValue = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) hexValue[48 + i] = i
for (let i = 0; i < 6; i++) {
  hexValue[65 + i] = 10 + i
  hexValue[97 + i] = 10 + i
}
const byteText: ReadonlyArray<string> = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'))

/** The value of the hex digit at `i` of `id`, or -1 (NaN past the end and non-ASCII included). */
const hexAt = (id: string, i: number): number => {
  const c = id.charCodeAt(i)
  return c < 128 ? hexValue[c]! : -1
}

// Unrolled (it runs twice per replayed event): four bytes `XX-XX-XX-XX` from `at`; any bad digit
// makes the OR negative.
const halfOf = (id: string, at: number): number => (id.length !== 23 ? -1 : halfAt(id, at))

const halfAt = (id: string, at: number): number => {
  const a = hexAt(id, at)
  const b = hexAt(id, at + 1)
  const c = hexAt(id, at + 3)
  const d = hexAt(id, at + 4)
  const e = hexAt(id, at + 6)
  const f = hexAt(id, at + 7)
  const g = hexAt(id, at + 9)
  const h = hexAt(id, at + 10)
  if ((a | b | c | d | e | f | g | h) < 0) return -1
  return ((a << 28) | (b << 24) | (c << 20) | (d << 16) | (e << 12) | (f << 8) | (g << 4) | h) >>> 0
}

/**
 * The high 32 bits of a canonical device id, or -1 when it is not one. With {@link lo}.
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.hi('00-0D-6F-00-00-00-00-01') // 0x000d6f00
 * DeviceKey.hi('nope') // -1
 * @since 0.2.0
 * @category conversions
 */
export const hi = (id: string): number => halfOf(id, 0)

/**
 * The low 32 bits of a canonical device id, or -1 when it is not one.
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.lo('00-0D-6F-00-00-00-00-01') // 1
 * @since 0.2.0
 * @category conversions
 */
export const lo = (id: string): number => halfOf(id, 12)

/**
 * The high 32 bits of the device id written in canonical form at `start` of `s` (its first four
 * bytes `XX-XX-XX-XX` and the hyphen after them, upper-case hex), or -1 when those characters are
 * not. With {@link loAt}, every character of the id is checked once; read in place (no substring).
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.hiAt('"00-0D-6F-00-00-00-00-01"', 1) // 0x000d6f00
 * DeviceKey.hiAt('"00-0d-6F-00-00-00-00-01"', 1) // -1: lower case is not canonical
 * @since 0.2.0
 * @category conversions
 */
export const hiAt = (s: string, start: number): number => (s.charCodeAt(start + 11) === 45 ? canonicalHalfAt(s, start) : -1)

/**
 * The low 32 bits of the device id written in canonical form at `start` of `s` (its last four
 * bytes), or -1 when those characters are not.
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.loAt('"00-0D-6F-00-00-00-00-01"', 1) // 1
 * @since 0.2.0
 * @category conversions
 */
export const loAt = (s: string, start: number): number => canonicalHalfAt(s, start + 12)

/** The upper-case hex digit at `i` (or -1). */
const upperHexAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i)
  return c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1
}

const canonicalHalfAt = (s: string, at: number): number => {
  if (s.charCodeAt(at + 2) !== 45 || s.charCodeAt(at + 5) !== 45 || s.charCodeAt(at + 8) !== 45) return -1
  const a = upperHexAt(s, at)
  const b = upperHexAt(s, at + 1)
  const c = upperHexAt(s, at + 3)
  const d = upperHexAt(s, at + 4)
  const e = upperHexAt(s, at + 6)
  const f = upperHexAt(s, at + 7)
  const g = upperHexAt(s, at + 9)
  const h = upperHexAt(s, at + 10)
  if ((a | b | c | d | e | f | g | h) < 0) return -1
  return ((a << 28) | (b << 24) | (c << 20) | (d << 16) | (e << 12) | (f << 8) | (g << 4) | h) >>> 0
}

/**
 * The canonical device id of two uint32 halves (inverse of {@link hi} and {@link lo}).
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.idOf(0x000d6f00, 1) // '00-0D-6F-00-00-00-00-01'
 * @since 0.2.0
 * @category conversions
 */
export const idOf = (hi: number, lo: number): DeviceId =>
  (byteText[hi >>> 24]! + '-' + byteText[(hi >>> 16) & 255]! + '-' + byteText[(hi >>> 8) & 255]! + '-' + byteText[hi & 255]! + '-' +
    byteText[lo >>> 24]! + '-' + byteText[(lo >>> 16) & 255]! + '-' + byteText[(lo >>> 8) & 255]! + '-' + byteText[lo & 255]!) as DeviceId
