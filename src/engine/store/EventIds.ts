/**
 * The ids of applied events, without a `Set` of strings: layers of (hash, index) tables over the
 * ids' UTF-16 code units kept in one array per layer. A fold interns its batch's ids in a layer of
 * its own (an id's characters are copied once, no string is made per event); a state's ids are the
 * list of its layers, each written by one fold and read-only afterwards, so that states share them.
 * Layers are merged as they accumulate, like a binary counter (a layer at most half the size of
 * the one before it), so a state holds O(log n) of them.
 *
 * Ids keep their order across layers and merges: the n-th id applied since a state was built is
 * the n-th of the concatenated layers.
 *
 * @internal
 * @since 0.2.0
 */
import { stringHash } from './Hash'

/** Ids a layer holds at most: an id's index + 1 and 5 bits of its hash share a 32-bit slot. */
const MAX_LAYER = 2 ** 27 - 1

/**
 * One layer of event ids.
 *
 * @example
 * const l = new EventLayer()
 * const h = l.stageString('e1')
 * l.commit(h)
 * l.idAt(0) // 'e1'
 * @since 0.2.0
 * @category model
 */
export class EventLayer {
  /**
   * Slots: the id's index + 1 shifted left by 5, and the top 5 bits of its hash (0: empty), so a
   * probe reads one word per slot and rarely an id that does not match. A power of two slots,
   * at most half full.
   */
  table: Int32Array
  /** The ids' code units, one after another. */
  chars: Uint16Array
  /** `starts[i]` is where id i begins; `starts[count]` where the next (staged) one does. */
  starts: Int32Array
  count = 0
  /** The staged id's end (its characters are at `starts[count] … stagedEnd`). */
  stagedEnd = 0

  /**
   * A layer of parts (those of another layer, sent to a worker): shares the arrays.
   *
   * @example
   * const a = new EventLayer(); a.commit(a.stageString('x'))
   * EventLayer.of(a.table, a.chars, a.starts, a.count).idAt(0) // 'x'
   */
  static of(table: Int32Array, chars: Uint16Array, starts: Int32Array, count: number): EventLayer {
    const l = new EventLayer(1, 1)
    l.table = table
    l.chars = chars
    l.starts = starts
    l.count = count
    l.stagedEnd = starts[count]!
    return l
  }

  constructor(capacity = 16, chars = 256) {
    let slots = 32
    while (slots < capacity * 2) slots *= 2
    this.table = new Int32Array(slots)
    this.chars = new Uint16Array(chars)
    this.starts = new Int32Array(capacity + 1)
  }

  /** Makes room for the characters of a staged id of up to `n` code units. */
  private roomFor(n: number): number {
    const at = this.starts[this.count]!
    if (at + n > this.chars.length) {
      const c = new Uint16Array(Math.max(2 * this.chars.length, at + n))
      c.set(this.chars.subarray(0, at))
      this.chars = c
    }
    return at
  }

  /** Stages the characters of `id` (as the next id, not yet a member) and returns their hash. */
  stageString(id: string): number {
    const n = id.length
    const at = this.roomFor(n)
    const c = this.chars
    let h = 0x811c9dc5
    for (let i = 0; i < n; i++) {
      const u = id.charCodeAt(i)
      c[at + i] = u
      h = Math.imul(h ^ u, 16777619)
    }
    this.stagedEnd = at + n
    return (h ^ (h >>> 15)) | 0
  }

  /** Stages the ASCII bytes `u[start … end)` as the next id (one code unit a byte) and returns its hash. */
  stageBytes(u: Uint8Array, start: number, end: number): number {
    const n = end - start
    const at = this.roomFor(n)
    const c = this.chars
    let h = 0x811c9dc5
    for (let i = 0; i < n; i++) {
      const b = u[start + i]!
      c[at + i] = b
      h = Math.imul(h ^ b, 16777619)
    }
    this.stagedEnd = at + n
    return (h ^ (h >>> 15)) | 0
  }

  /** True when id `i` of this layer has the code units `from.chars[a … a + n)`. */
  private sameAs(i: number, from: EventLayer, a: number, n: number): boolean {
    const b = this.starts[i]!
    if (this.starts[i + 1]! - b !== n) return false
    const mine = this.chars
    const theirs = from.chars
    for (let k = 0; k < n; k++) if (mine[b + k] !== theirs[a + k]) return false
    return true
  }

  /** True when the staged id of `from` (of hash `hash`) is a member of this layer. */
  hasStagedOf(from: EventLayer, hash: number): boolean {
    const t = this.table
    const mask = t.length - 1
    const fp = hash >>> 27
    const a = from.starts[from.count]!
    const n = from.stagedEnd - a
    let s = hash & mask
    for (;;) {
      const v = t[s]!
      if (v === 0) return false
      if ((v & 31) === fp && this.sameAs((v >>> 5) - 1, from, a, n)) return true
      s = (s + 1) & mask
    }
  }

  /** The index of `id` in this layer, or -1. */
  indexOf(id: string): number {
    const hash = hashOfId(id)
    const t = this.table
    const mask = t.length - 1
    const fp = hash >>> 27
    const n = id.length
    let s = hash & mask
    for (;;) {
      const v = t[s]!
      if (v === 0) return -1
      if ((v & 31) === fp) {
        const i = (v >>> 5) - 1
        const b = this.starts[i]!
        if (this.starts[i + 1]! - b === n) {
          let k = 0
          while (k < n && this.chars[b + k] === id.charCodeAt(k)) k++
          if (k === n) return i
        }
      }
      s = (s + 1) & mask
    }
  }

  /** The empty slot {@link EventLayer.findStaged} stopped at, for {@link EventLayer.commit} (-1: none). */
  private freeSlot = -1

  /**
   * True when the staged id (of hash `hash`) is a member of this layer, its own staged id: one
   * probe serves the check and, when it is not, the {@link EventLayer.commit} that may follow.
   */
  findStaged(hash: number): boolean {
    if (2 * (this.count + 1) > this.table.length) this.grow()
    const t = this.table
    const mask = t.length - 1
    const fp = hash >>> 27
    const a = this.starts[this.count]!
    const n = this.stagedEnd - a
    let s = hash & mask
    for (;;) {
      const v = t[s]!
      if (v === 0) break
      if ((v & 31) === fp && this.sameAs((v >>> 5) - 1, this, a, n)) {
        this.freeSlot = -1
        return true
      }
      s = (s + 1) & mask
    }
    this.freeSlot = s
    return false
  }

  /** Makes the staged id (of hash `hash`) a member. */
  commit(hash: number): void {
    if (this.count >= MAX_LAYER) throw new RangeError(`a fold applies at most ${MAX_LAYER} events: split the batch`)
    if (this.count + 1 >= this.starts.length) {
      const s = new Int32Array(2 * this.starts.length)
      s.set(this.starts)
      this.starts = s
    }
    const i = this.count++
    this.starts[this.count] = this.stagedEnd
    const free = this.freeSlot
    this.freeSlot = -1
    const v = ((i + 1) << 5) | (hash >>> 27)
    if (free >= 0) {
      this.table[free] = v
      return
    }
    if (2 * this.count > this.table.length) this.grow()
    this.place(this.table, hash, v)
  }

  private place(t: Int32Array, hash: number, v: number): void {
    const mask = t.length - 1
    let s = hash & mask
    while (t[s] !== 0) s = (s + 1) & mask
    t[s] = v
  }

  private grow(): void {
    const old = this.table
    const t = new Int32Array(old.length * 2)
    for (let k = 0; k < old.length; k++) {
      const v = old[k]!
      if (v === 0) continue
      const i = (v >>> 5) - 1
      this.place(t, this.hashOfIndex(i), v)
    }
    this.table = t
  }

  /** The hash of id `i` (recomputed from its code units when the table grows). */
  private hashOfIndex(i: number): number {
    return hashOfUnits(this.chars, this.starts[i]!, this.starts[i + 1]!)
  }

  /** The id of index `i`. */
  idAt(i: number): string {
    const a = this.starts[i]!
    const b = this.starts[i + 1]!
    let s = ''
    // in slices: String.fromCharCode takes its arguments on the stack
    for (let k = a; k < b; k += 4096) s += String.fromCharCode.apply(null, this.chars.subarray(k, Math.min(b, k + 4096)) as unknown as number[])
    return s
  }
}

/**
 * The hash {@link EventLayer.stageString} gives an id (FNV-1a over its UTF-16 code units).
 *
 * @example
 * const l = new EventLayer()
 * l.stageString('e1') === hashOfId('e1') // true
 * @since 0.2.0
 * @category hashing
 */
export const hashOfId = (id: string): number => stringHash(id) | 0

/** {@link hashOfId} of the code units `chars[a … b)`. */
const hashOfUnits = (chars: Uint16Array, a: number, b: number): number => {
  let h = 0x811c9dc5
  for (let k = a; k < b; k++) h = Math.imul(h ^ chars[k]!, 16777619)
  return (h ^ (h >>> 15)) | 0
}

/**
 * One layer of `layers`' ids, in order (for merging).
 *
 * @example
 * const a = new EventLayer(); a.commit(a.stageString('x'))
 * merge([a]).idAt(0) // 'x'
 * @since 0.2.0
 * @category constructors
 */
export const merge = (layers: ReadonlyArray<EventLayer>): EventLayer => {
  let ids = 0
  let chars = 0
  for (const l of layers) {
    ids += l.count
    chars += l.starts[l.count]!
  }
  const out = new EventLayer(ids, chars)
  for (const l of layers) {
    for (let i = 0; i < l.count; i++) {
      const a = l.starts[i]!
      const b = l.starts[i + 1]!
      const at = out.starts[out.count]!
      out.chars.set(l.chars.subarray(a, b), at)
      out.stagedEnd = at + (b - a)
      out.commit(hashOfUnits(l.chars, a, b))
    }
  }
  return out
}

/**
 * `layers` with `fresh` added, merged like a binary counter: while the last layer holds more than
 * half as many ids as the one before it, the two become one. Layers are never changed: merged layers are new.
 *
 * @example
 * const a = new EventLayer(); a.commit(a.stageString('x'))
 * const b = new EventLayer(); b.commit(b.stageString('y'))
 * withLayer([a], b).length // 1: two layers of one id merge
 * @since 0.2.0
 * @category constructors
 */
export const withLayer = (layers: ReadonlyArray<EventLayer>, fresh: EventLayer): ReadonlyArray<EventLayer> => {
  if (fresh.count === 0) return layers
  const out = [...layers, fresh]
  while (out.length >= 2 && out[out.length - 1]!.count * 2 > out[out.length - 2]!.count && out[out.length - 1]!.count + out[out.length - 2]!.count < MAX_LAYER) {
    const b = out.pop()!
    const a = out.pop()!
    out.push(merge([a, b]))
  }
  return out
}
