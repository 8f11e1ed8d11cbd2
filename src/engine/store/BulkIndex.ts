/**
 * Filling an empty index layer with n rows at once: sort (hash, row) pairs by hash (two 16-bit
 * radix passes) and sweep them into the table in home order, each at the first free slot at or
 * after its home. At GB scale (tens of millions of records) this replaces n random probes — a
 * cache and TLB miss each — by sequential passes. Rows whose keys are equal have equal hashes and
 * end up next to each other, where duplicates are found.
 *
 * @internal
 * @since 0.2.0
 */
import type { Layer } from './IndexLayer'
import { capacityFor } from './IndexLayer'

const TWO_32 = 4294967296

/**
 * A layer holding rows `0 … n − 1` of hashes `hashOf(row)`, or the first row (by row number)
 * whose key repeats an earlier row's (`sameKey` is asked only of rows with equal hashes).
 *
 * @example
 * const r = bulkIndex(3, (row) => row * 7919, () => false)
 * typeof r === 'number' // false: a layer
 * @since 0.2.0
 * @category constructors
 */
export const bulkIndex = (n: number, hashOf: (row: number) => number, sameKey: (a: number, b: number) => boolean): Layer | number => {
  const c = capacityFor(n)
  const layer: Layer = { slots: new Int32Array(c), scale: c / TWO_32, size: n }
  if (n === 0) return layer
  let hashes = new Uint32Array(n)
  let rows = new Int32Array(n)
  for (let r = 0; r < n; r++) {
    hashes[r] = hashOf(r)
    rows[r] = r
  }
  // LSD radix sort of (hash, row) by hash, stable: rows of equal hashes stay in row order
  let h2 = new Uint32Array(n)
  let r2 = new Int32Array(n)
  const count = new Uint32Array(65537)
  for (let shift = 0; shift <= 16; shift += 16) {
    count.fill(0)
    for (let i = 0; i < n; i++) count[((hashes[i]! >>> shift) & 0xffff) + 1]!++
    for (let d = 1; d <= 65536; d++) count[d]! += count[d - 1]!
    for (let i = 0; i < n; i++) {
      const at = count[(hashes[i]! >>> shift) & 0xffff]!++
      h2[at] = hashes[i]!
      r2[at] = rows[i]!
    }
    const th = hashes
    hashes = h2
    h2 = th
    const tr = rows
    rows = r2
    r2 = tr
  }
  // duplicates: equal keys have equal hashes, so they sit in one run of equal hashes
  let duplicate = -1
  for (let i = 1, runStart = 0; i < n; i++) {
    if (hashes[i] !== hashes[i - 1]) {
      runStart = i
      continue
    }
    for (let j = runStart; j < i; j++) {
      if (sameKey(rows[j]!, rows[i]!)) {
        if (duplicate < 0 || rows[i]! < duplicate) duplicate = rows[i]!
        break
      }
    }
  }
  if (duplicate >= 0) return duplicate
  // the sweep: home order, each at max(home, previous + 1); those past the end wrap to the first free slots
  const t = layer.slots
  const scale = layer.scale
  let cursor = 0
  let wrapped = 0
  for (let i = 0; i < n; i++) {
    const h = hashes[i]!
    const home = Math.floor(h * scale)
    const s = home > cursor ? home : cursor
    const v = ((rows[i]! + 1) << 5) | (h >>> 27)
    if (s < c) {
      t[s] = v
      cursor = s + 1
    } else {
      while (t[wrapped] !== 0) wrapped++
      t[wrapped++] = v
    }
  }
  return layer
}
