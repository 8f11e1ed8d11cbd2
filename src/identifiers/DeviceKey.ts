/**
 * Device ids as numbers: an EUI-64 (`00-0D-6F-00-00-00-00-01`) is two unsigned 32-bit halves, so a
 * store can keep tens of millions of devices in typed arrays and hash them without strings
 * (docs/rules.md section 8). Only the canonical form is read; normalise other spellings first with
 * `DeviceId.normalise` (the event and inventory codecs do).
 *
 * @since 0.2.0
 */
import type { DeviceId } from './DeviceId'

const byteText: ReadonlyArray<string> = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'))

/** The upper-case hex digit of a byte (or -1). */
const upperHex = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1)

// Unrolled (it runs twice per replayed event): four bytes `XX-XX-XX-XX` from `at` in canonical form;
// a bad digit or hyphen makes the result -1. **The** device-id rule: every other form calls it.
const halfAt = (u: Uint8Array, at: number): number => {
  if (u[at + 2] !== 45 || u[at + 5] !== 45 || u[at + 8] !== 45) return -1
  const a = upperHex(u[at]!)
  const b = upperHex(u[at + 1]!)
  const c = upperHex(u[at + 3]!)
  const d = upperHex(u[at + 4]!)
  const e = upperHex(u[at + 6]!)
  const f = upperHex(u[at + 7]!)
  const g = upperHex(u[at + 9]!)
  const h = upperHex(u[at + 10]!)
  if ((a | b | c | d | e | f | g | h) < 0) return -1
  return ((a << 28) | (b << 24) | (c << 20) | (d << 16) | (e << 12) | (f << 8) | (g << 4) | h) >>> 0
}

/**
 * The high 32 bits of the device id written in canonical form at `start` of the bytes `u` (its
 * first four bytes `XX-XX-XX-XX` and the hyphen after them, upper-case hex), or -1 when those bytes
 * are not. With {@link loAt}, every byte of the id is checked once; read in place.
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.hiAt(new TextEncoder().encode('"00-0D-6F-00-00-00-00-01"'), 1) // 0x000d6f00
 * DeviceKey.hiAt(new TextEncoder().encode('"00-0d-6F-00-00-00-00-01"'), 1) // -1: lower case is not canonical
 * @since 0.2.0
 * @category conversions
 */
export const hiAt = (u: Uint8Array, start: number): number => (u[start + 11] === 45 ? halfAt(u, start) : -1)

/**
 * The low 32 bits of the device id written in canonical form at `start` of the bytes `u`, or -1.
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.loAt(new TextEncoder().encode('"00-0D-6F-00-00-00-00-01"'), 1) // 1
 * @since 0.2.0
 * @category conversions
 */
export const loAt = (u: Uint8Array, start: number): number => halfAt(u, start + 12)

// A canonical id's characters as bytes, for the byte rule.
const scratch = new Uint8Array(23)

/** Copies a 23-character id into the scratch (false when it is not 23 ASCII characters). */
const toScratch = (id: string): boolean => {
  if (id.length !== 23) return false
  for (let i = 0; i < 23; i++) {
    const c = id.charCodeAt(i)
    if (c > 127) return false
    scratch[i] = c
  }
  return true
}

// The halves of the id read last: callers ask for hi(id), then lo(id), and the second is not read again.
let heldId: string | null = null
let heldHi = -1
let heldLo = -1
const read = (id: string): void => {
  if (id === heldId) return
  heldId = id
  if (toScratch(id)) {
    heldHi = hiAt(scratch, 0)
    heldLo = heldHi >= 0 ? loAt(scratch, 0) : -1
  } else {
    heldHi = -1
    heldLo = -1
  }
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
export const hi = (id: string): number => {
  read(id)
  return heldHi
}

/**
 * The low 32 bits of a canonical device id, or -1 when it is not one.
 *
 * @example
 * import { DeviceKey } from 'dcc-service-flags'
 * DeviceKey.lo('00-0D-6F-00-00-00-00-01') // 1
 * @since 0.2.0
 * @category conversions
 */
export const lo = (id: string): number => {
  read(id)
  return heldLo
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
