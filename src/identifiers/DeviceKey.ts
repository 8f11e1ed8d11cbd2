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
const halfOf = (id: string, at: number): number => {
  if (id.length !== 23) return -1
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
