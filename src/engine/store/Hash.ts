/**
 * The hashes of the engine's typed tables: a 32-bit mix of two words (murmur3's finaliser), of a
 * meter point key (a double below 2^53) and of a string (FNV-1a, for event ids).
 *
 * @internal
 * @since 0.2.0
 */

const TWO_32 = 4294967296

/**
 * A 32-bit mix of two 32-bit words.
 *
 * @example
 * mix(1, 0) === mix(1, 0) // true
 * @since 0.2.0
 * @category hashing
 */
export const mix = (lo: number, hi: number): number => {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * The hash of a numeric meter point key (`MeterPointKey.keyOf`). The high half is taken by
 * multiplying by 2^-32, which equals dividing by 2^32 and is cheaper.
 *
 * @example
 * keyHash(1200023305967) === mix(1200023305967 >>> 0, Math.floor(1200023305967 / 2 ** 32)) // true
 * @since 0.2.0
 * @category hashing
 */
export const keyHash = (key: number): number => mix(key >>> 0, (key * (1 / TWO_32)) >>> 0)

/**
 * The 32-bit FNV-1a hash of a string's UTF-16 code units, folded.
 *
 * @example
 * stringHash('e1') === stringHash('e1') // true
 * @since 0.2.0
 * @category hashing
 */
export const stringHash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return (h ^ (h >>> 15)) >>> 0
}
