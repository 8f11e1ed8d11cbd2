/**
 * Indexes from ids to rows: open addressing with linear probing over an `Int32Array`, each slot
 * holding the row + 1 shifted left by 5 bits and 5 bits of the key's hash (so that a probe rarely
 * reads a row whose key does not match). A slot's home is `⌊hash · capacity / 2^32⌋`, monotone
 * in the hash, so that a table is filled in bulk by sorting on the hash ({@link BulkIndex}) and the
 * capacity need not be a power of two (tables are kept at most 3/4 full).
 *
 * A layer is written while its fold or builder runs and never after: a store's index is a list of
 * layers (the base's, then one per fold that added records), shared by every state that holds it.
 * Rows are below 2^27 (134 million records per store).
 *
 * @internal
 * @since 0.2.0
 */
import { keyHash, mix } from './Hash'

const MAX_LOAD = 0.75
const TWO_32 = 4294967296

/**
 * The capacity for `n` entries at most 3/4 full (at least 16).
 *
 * @example
 * capacityFor(12) // 16
 * @since 0.2.0
 * @category layout
 */
export const capacityFor = (n: number): number => Math.max(16, Math.ceil(n / MAX_LOAD) + 1)

/**
 * An index layer: slots and their count.
 *
 * @example
 * const layer = emptyLayer(4)
 * layer.size // 0
 * @since 0.2.0
 * @category model
 */
export interface Layer {
  slots: Int32Array
  /** `capacity / 2^32`: a hash times it, floored, is the home slot. */
  scale: number
  size: number
}

/**
 * An empty layer with room for `n` entries.
 *
 * @example
 * emptyLayer(100).slots.length >= 134 // true
 * @since 0.2.0
 * @category constructors
 */
export const emptyLayer = (n: number): Layer => {
  const c = capacityFor(n)
  return { slots: new Int32Array(c), scale: c / TWO_32, size: 0 }
}

/**
 * The home slot of a hash in a layer.
 *
 * @example
 * homeOf(emptyLayer(10), 0) // 0
 * @since 0.2.0
 * @category layout
 */
export const homeOf = (layer: Layer, hash: number): number => Math.floor(hash * layer.scale)

/**
 * The row of a device (halves as int32) in a layer, or -1. `rows` are the device rows.
 *
 * @example
 * deviceRowIn(emptyLayer(4), new Int32Array(0), 1, 2) // -1
 * @since 0.2.0
 * @category lookups
 */
export const deviceRowIn = (layer: Layer, rows: Int32Array, hi: number, lo: number): number => {
  const h = mix(lo, hi)
  const t = layer.slots
  const cap = t.length
  const fp = h >>> 27
  let s = Math.floor(h * layer.scale)
  for (;;) {
    const v = t[s]!
    if (v === 0) return -1
    if ((v & 31) === fp) {
      const w = ((v >>> 5) - 1) * 8
      if (rows[w] === hi && rows[w + 1] === lo) return (v >>> 5) - 1
    }
    if (++s === cap) s = 0
  }
}

/**
 * The row of a meter point key in a layer, or -1. `keys` is the meter point rows' key view
 * (`Float64Array`, three doubles per row).
 *
 * @example
 * meterPointRowIn(emptyLayer(4), new Float64Array(0), 1200023305967) // -1
 * @since 0.2.0
 * @category lookups
 */
export const meterPointRowIn = (layer: Layer, keys: Float64Array, key: number): number => {
  const h = keyHash(key)
  const t = layer.slots
  const cap = t.length
  const fp = h >>> 27
  let s = Math.floor(h * layer.scale)
  for (;;) {
    const v = t[s]!
    if (v === 0) return -1
    if ((v & 31) === fp && keys[((v >>> 5) - 1) * 3] === key) return (v >>> 5) - 1
    if (++s === cap) s = 0
  }
}

/**
 * Adds a row of hash `hash` to a layer that may grow (a fold's own layer); the key must not be in
 * it. `rehash(row)` gives the hash of a row already in the layer, for growing.
 *
 * @example
 * const layer = emptyLayer(1)
 * insert(layer, 12345, 0, () => 12345)
 * layer.size // 1
 * @since 0.2.0
 * @category writes
 */
export const insert = (layer: Layer, hash: number, row: number, rehash: (row: number) => number): void => {
  if (layer.size + 1 > layer.slots.length * MAX_LOAD) {
    const old = layer.slots
    const c = capacityFor(2 * (layer.size + 1))
    layer.slots = new Int32Array(c)
    layer.scale = c / TWO_32
    for (let s = 0; s < old.length; s++) {
      const v = old[s]!
      if (v !== 0) place(layer, rehash((v >>> 5) - 1), (v >>> 5) - 1)
    }
  }
  place(layer, hash, row)
  layer.size++
}

const place = (layer: Layer, hash: number, row: number): void => {
  const t = layer.slots
  const cap = t.length
  let s = Math.floor(hash * layer.scale)
  while (t[s] !== 0) if (++s === cap) s = 0
  t[s] = ((row + 1) << 5) | (hash >>> 27)
}
