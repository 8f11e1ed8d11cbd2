/**
 * The decoders' date string cache: effective dates repeat across a file, so the fast paths keep one
 * string per date instead of one per record (less garbage on big files). A slot is a hash of the
 * date's day count, so about eleven years of dates map to distinct slots; a miss just slices.
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.1.0
 */

/**
 * Slots of a cache (a power of two).
 *
 * @example
 * DATE_SLOTS & (DATE_SLOTS - 1) // 0
 * @since 0.1.0
 * @category constants
 */
export const DATE_SLOTS = 4096

/**
 * The slot of a date written as the number `YYYYMMDD`.
 *
 * @example
 * dateSlot(20211104) === dateSlot(20211104) // true
 * @since 0.1.0
 * @category hashing
 */
export const dateSlot = (v: number): number => ((((v / 10000) | 0) * 12 + (((v / 100) | 0) % 100)) * 31 + (v % 100)) & (DATE_SLOTS - 1)

/**
 * An empty cache: the numeric date held in each slot (-1 for none) and its string.
 *
 * @example
 * const { keys, values } = emptyDateCache()
 * keys[0] // -1
 * @since 0.1.0
 * @category constructors
 */
export const emptyDateCache = (): { keys: Int32Array; values: string[] } => ({
  keys: new Int32Array(DATE_SLOTS).fill(-1),
  values: new Array<string>(DATE_SLOTS).fill(''),
})
