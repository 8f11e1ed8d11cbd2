/**
 * Numeric keys for meter point ids, and a stable radix sort by them. GB has about 54 million meter
 * points (docs/rules.md section 8): more than one V8 `Map` may hold (2^24), and hashing tens of millions
 * of strings is slow. Every MPAN core and MPRN is a short digit string, so each maps to a distinct
 * number below 2^45 that fits a `Float64Array`; sorting those and merging or binary-searching is
 * several times faster than a `Map` and needs a fraction of its memory.
 *
 * @since 0.1.0
 */

const TWO_32 = 4294967296
const THIRTEEN = 1e13
const SHORT = 1e12

/**
 * The key of the meter point id written in the bytes `u[a … b)`: a 13-digit id is its value; a
 * shorter one (1–12 digits, leading zeros kept apart by its length) is `1e13 + length·1e12 + value`.
 * Distinct ids get distinct keys. Returns -1 for anything else (not digits, empty, longer than 13).
 * **The** key rule: {@link keyOf} calls it.
 *
 * @example
 * import { MeterPointKey } from 'dcc-service-flags'
 * MeterPointKey.keyAt(new TextEncoder().encode('"1200023305967"'), 1, 14) // 1200023305967
 * @since 0.2.0
 * @category conversions
 */
export const keyAt = (u: Uint8Array, a: number, b: number): number => {
  const n = b - a
  if (n <= 0 || n > 13) return -1
  let v = 0
  for (let i = a; i < b; i++) {
    const d = u[i]! - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return n === 13 ? v : THIRTEEN + n * SHORT + v
}

// An id's characters as bytes, for the byte rule.
const scratch = new Uint8Array(13)

/**
 * The key of a meter point id (see {@link keyAt}).
 *
 * @example
 * keyOf('1200023305967') // 1200023305967
 * keyOf('3938424403') // 23003938424403
 * keyOf('12ab') // -1
 * @since 0.1.0
 * @category conversions
 */
export const keyOf = (id: string): number => {
  const n = id.length
  if (n === 0 || n > 13) return -1
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i)
    scratch[i] = c > 255 ? 0 : c
  }
  return keyAt(scratch, 0, n)
}

/**
 * The meter point id of a key (inverse of {@link keyOf}).
 *
 * @example
 * idOf(keyOf('0012345')) // '0012345'
 * @since 0.1.0
 * @category conversions
 */
export const idOf = (key: number): string => {
  if (key < THIRTEEN) return String(key).padStart(13, '0')
  const n = Math.floor((key - THIRTEEN) / SHORT)
  return String(key - THIRTEEN - n * SHORT).padStart(n, '0')
}

/**
 * The least key of a shorter id: keys below it are 13-digit ids (MPAN cores, electricity), keys from
 * it up are shorter ones (MPRNs, gas). For queries that split keys by fuel.
 *
 * @example
 * keyOf('1200023305967') < FIRST_SHORT_KEY // true
 * @since 0.2.0
 * @category constants
 */
export const FIRST_SHORT_KEY = THIRTEEN

/**
 * True when a key is a 13-digit id's (an MPAN core's: electricity); false for a shorter id's (an
 * MPRN's: gas) and for -1.
 *
 * @example
 * isThirteenDigitKey(keyOf('1200023305967')) // true
 * isThirteenDigitKey(keyOf('3938424403')) // false
 * @since 0.2.0
 * @category checks
 */
export const isThirteenDigitKey = (key: number): boolean => key >= 0 && key < THIRTEEN

/**
 * The order that sorts the first `n` keys ascending, stably (equal keys keep their input order): an
 * LSD radix sort over 16-bit digits, three passes, no comparisons.
 *
 * @example
 * sortedOrder(Float64Array.of(30, 10, 20, 10), 4) // Uint32Array [1, 3, 2, 0]
 * @since 0.1.0
 * @category sorting
 */
export const sortedOrder = (keys: Float64Array, n: number = keys.length): Uint32Array => {
  let order = new Uint32Array(n)
  let spare = new Uint32Array(n)
  const lo = new Uint32Array(n)
  const hi = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const k = keys[i]!
    order[i] = i
    lo[i] = k >>> 0
    hi[i] = Math.floor(k / TWO_32)
  }
  const count = new Uint32Array(65537)
  for (let pass = 0; pass < 3; pass++) {
    const word = pass === 2 ? hi : lo
    const shift = pass === 1 ? 16 : 0
    count.fill(0)
    for (let i = 0; i < n; i++) count[((word[i]! >>> shift) & 0xffff) + 1]!++
    if (count[1 + ((word[0]! >>> shift) & 0xffff)] === n) continue // every key has the same digit here
    for (let d = 1; d <= 65536; d++) count[d]! += count[d - 1]!
    for (let i = 0; i < n; i++) {
      const j = order[i]!
      spare[count[(word[j]! >>> shift) & 0xffff]!++] = j
    }
    const t = order
    order = spare
    spare = t
  }
  return order
}

/**
 * Position of `key` in the first `n` entries of an ascending array, or -1 (binary search).
 *
 * @example
 * indexOfKey(Float64Array.of(1, 5, 9), 3, 5) // 1
 * @since 0.1.0
 * @category sorting
 */
export const indexOfKey = (sorted: Float64Array, n: number, key: number): number => {
  let lo = 0
  let hi = n - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const k = sorted[mid]!
    if (k < key) lo = mid + 1
    else if (k > key) hi = mid - 1
    else return mid
  }
  return -1
}

/**
 * A growable list of keys with a parallel list of 32-bit values (row numbers, slots), for building
 * the arrays {@link sortedOrder} takes without knowing the count up front.
 *
 * @example
 * const b = new KeyList()
 * b.push(keyOf('1200023305967'), 7)
 * b.length // 1
 * @since 0.1.0
 * @category constructors
 */
export class KeyList {
  keys = new Float64Array(1024)
  values = new Uint32Array(1024)
  length = 0

  /** Appends a key and its value. */
  push(key: number, value: number): void {
    if (this.length === this.keys.length) {
      const keys = new Float64Array(this.length * 2)
      keys.set(this.keys)
      this.keys = keys
      const values = new Uint32Array(this.length * 2)
      values.set(this.values)
      this.values = values
    }
    this.keys[this.length] = key
    this.values[this.length++] = value
  }
}
