/**
 * The compact store: one production store for every size, from a database batch's few records to
 * GB's 54 million meter points (docs/rules.md section 8). Records are rows of 32-bit words
 * ({@link Layout}), found through index layers ({@link IndexLayer}); applied event ids are layers
 * of their own ({@link EventIds}).
 *
 * A state ({@link Ref}) names a version of a store. A fold writes its rows in place — no overlay
 * to look through, no copy of the inventory — and logs the words it overwrites; the version it
 * started from keeps that log (how to go back) and a link to the new version, so the versions of
 * a store form one chain ending at the newest. Reading or folding from a state whose version is
 * not the newest first gives that state a store of its own: a copy of the rows with the newer
 * versions' logs undone (the chain it came from stays as it was, for the other states on it).
 * Index and event-id layers never change once written, so versions share them. Rows appended by a
 * fold are beyond the counts of older versions and need no log.
 *
 * A version also keeps the logs written since its store was built (its history): the rows they
 * name, and their first values, are what `State.diff` reports and compares against.
 *
 * @internal
 * @since 0.2.0
 */
import type { Hold } from '../model/Records'
import type { EventLayer } from './EventIds'
import type { Layer } from './IndexLayer'
import { DEV, LINK, MP } from './Layout'

/** How to undo one fold: pairs (word, old value) per row array, and the holds it replaced. @since 0.2.0 @category model */
export interface Undo {
  readonly dev: Int32Array
  readonly mp: Int32Array
  readonly link: Int32Array
  readonly holds: ReadonlyArray<readonly [number, Hold | undefined]>
}

/**
 * The mutable arrays of a store, shared by its versions; `head` is the version they hold.
 *
 * @example
 * const f = new Family(new Int32Array(8), new Int32Array(6), new Int32Array(2), new Map())
 * f.head // null until a version is made
 * @since 0.2.0
 * @category model
 */
export class Family {
  devF: Float64Array
  mpF: Float64Array
  head: Version | null = null
  /** The write session in progress on these arrays, if any. */
  session: Session | null = null

  constructor(
    public dev: Int32Array,
    public mp: Int32Array,
    public link: Int32Array,
    public holds: Map<number, Hold>,
  ) {
    this.devF = new Float64Array(dev.buffer, dev.byteOffset, dev.length >> 1)
    this.mpF = new Float64Array(mp.buffer, mp.byteOffset, mp.length >> 1)
  }

  /** Replaces the device rows (a bigger copy). */
  setDev(dev: Int32Array): void {
    this.dev = dev
    this.devF = new Float64Array(dev.buffer, dev.byteOffset, dev.length >> 1)
  }

  /** Replaces the meter point rows (a bigger copy). */
  setMp(mp: Int32Array): void {
    this.mp = mp
    this.mpF = new Float64Array(mp.buffer, mp.byteOffset, mp.length >> 1)
  }
}

/** What a version counts and indexes. @since 0.2.0 @category model */
export interface Contents {
  readonly devCount: number
  readonly mpCount: number
  readonly linkCount: number
  /** Devices not deleted. */
  readonly live: number
  readonly devIndex: ReadonlyArray<Layer>
  readonly mpIndex: ReadonlyArray<Layer>
  readonly events: ReadonlyArray<EventLayer>
  /** Event ids in all layers. */
  readonly eventCount: number
}

/** Where `State.diff` starts: the counts when the store was built, and the logs since. @since 0.2.0 @category model */
export interface History {
  readonly devCount: number
  readonly mpCount: number
  readonly eventCount: number
  readonly undos: ReadonlyArray<Undo>
}

/**
 * A version of a store, in its store's chain of versions.
 *
 * @example
 * // made by a Builder or a Session
 * @since 0.2.0
 * @category model
 */
export class Version {
  /** The next version of the same store and how to come back from it (null: this is the newest). */
  next: Version | null = null
  undo: Undo | null = null
  /** Cached id orders (row numbers), computed on first iteration. */
  mpOrder: Int32Array | null = null
  devOrder: Int32Array | null = null

  constructor(
    public family: Family,
    readonly contents: Contents,
    readonly history: History,
  ) {}
}

/**
 * `a` itself when it holds `words` words, otherwise a copy with room for them (doubling).
 *
 * @example
 * grown(new Int32Array(4), 20).length // 32
 * @since 0.2.0
 * @category rows
 */
export const grown = (a: Int32Array, words: number): Int32Array => {
  if (words <= a.length) return a
  let n = Math.max(16, a.length)
  while (n < words) n *= 2
  const b = new Int32Array(n)
  b.set(a)
  return b
}

/** Applies undo pairs, newest first, to `rows` (words at or past its end are rows it does not have). */
const undoInto = (rows: Int32Array, pairs: Int32Array): void => {
  for (let k = pairs.length - 2; k >= 0; k -= 2) {
    const w = pairs[k]!
    if (w < rows.length) rows[w] = pairs[k + 1]!
  }
}

/**
 * A state: a reference to a version. The reference moves (to an equal version in a store of its
 * own) when the state is read or folded while its version is not the newest of its store.
 *
 * @example
 * // const f = ensureHead(ref)  // then read f.dev, f.mp …
 * @since 0.2.0
 * @category model
 */
export class Ref {
  constructor(public version: Version) {}
}

/**
 * The arrays holding `ref`'s version. When that version is not the newest of its store (or a write
 * session is open on the store), `ref` first moves to a copy holding its version alone: the rows up
 * to its counts with the newer versions' logs undone. O(1) when its version is the newest with no
 * session open, otherwise O(store size + logs since its version).
 *
 * @example
 * // const f = ensureHead(ref)  // then read f.dev, f.mp …
 * @since 0.2.0
 * @category versions
 */
export const ensureHead = (ref: Ref): Family => {
  const v = ref.version
  const f = v.family
  if (f.head === v && f.session === null) return f
  // the logs that take the arrays back to v: the open session's first, then newest to oldest
  const undos: Undo[] = []
  for (let u: Version | null = v; u !== null && u !== f.head; u = u.next) undos.push(u.undo!)
  undos.reverse()
  if (f.session !== null) undos.unshift(f.session.undoSoFar())
  const c = v.contents
  const dev = f.dev.slice(0, Math.max(16, c.devCount * DEV.stride + (c.devCount * DEV.stride >> 2)))
  const mp = f.mp.slice(0, Math.max(12, c.mpCount * MP.stride + (c.mpCount * MP.stride >> 2)))
  const link = f.link.slice(0, Math.max(4, c.linkCount * LINK.stride + 4))
  const holds = new Map(f.holds)
  for (const u of undos) {
    undoInto(dev, u.dev)
    undoInto(mp, u.mp)
    undoInto(link, u.link)
    for (let k = u.holds.length - 1; k >= 0; k--) {
      const [row, old] = u.holds[k]!
      if (old === undefined) holds.delete(row)
      else holds.set(row, old)
    }
  }
  for (const row of Array.from(holds.keys())) if (row >= c.mpCount) holds.delete(row)
  const copy = new Family(dev, mp, link, holds)
  const moved = new Version(copy, c, v.history)
  moved.mpOrder = v.mpOrder
  moved.devOrder = v.devOrder
  copy.head = moved
  ref.version = moved
  return copy
}

/**
 * A new state holding what `ref` holds, with `contents` (the same records, indexed again) and an
 * empty history: `State.diff` starts from it. The store's arrays are shared, not copied.
 *
 * @example
 * // rebase(ref, contents)
 * @since 0.2.0
 * @category versions
 */
export const rebase = (ref: Ref, contents: Contents): Ref => {
  const f = ensureHead(ref)
  const from = ref.version
  const v = new Version(f, contents, { devCount: contents.devCount, mpCount: contents.mpCount, eventCount: contents.eventCount, undos: [] })
  v.mpOrder = from.mpOrder
  v.devOrder = from.devOrder
  from.next = v
  from.undo = { dev: new Int32Array(0), mp: new Int32Array(0), link: new Int32Array(0), holds: [] }
  f.head = v
  return new Ref(v)
}

/**
 * Calls `read` with the arrays of `ref`'s store holding, for the time of the call, the version its
 * history starts from (the logs undone in place, then redone). `read` must only read.
 *
 * @example
 * // atBase(ref, (f) => meterPointAt(f, m))
 * @since 0.2.0
 * @category versions
 */
export const atBase = <A>(ref: Ref, read: (f: Family) => A): A => {
  const f = ensureHead(ref)
  const undos = ref.version.history.undos
  const redo: Array<[Int32Array, Int32Array, Int32Array, Array<readonly [number, Hold | undefined]>]> = []
  const swap = (rows: Int32Array, pairs: Int32Array): Int32Array => {
    const back = new Int32Array(pairs.length)
    for (let k = pairs.length - 2; k >= 0; k -= 2) {
      const w = pairs[k]!
      back[k] = w
      back[k + 1] = rows[w]!
      rows[w] = pairs[k + 1]!
    }
    return back
  }
  for (let i = undos.length - 1; i >= 0; i--) {
    const u = undos[i]!
    const holds: Array<readonly [number, Hold | undefined]> = []
    for (let k = u.holds.length - 1; k >= 0; k--) {
      const [row, old] = u.holds[k]!
      holds.push([row, f.holds.get(row)])
      if (old === undefined) f.holds.delete(row)
      else f.holds.set(row, old)
    }
    redo.push([swap(f.dev, u.dev), swap(f.mp, u.mp), swap(f.link, u.link), holds])
  }
  try {
    return read(f)
  } finally {
    for (let i = redo.length - 1; i >= 0; i--) {
      const [dev, mp, link, holds] = redo[i]!
      for (let k = 0; k < dev.length; k += 2) f.dev[dev[k]!] = dev[k + 1]!
      for (let k = 0; k < mp.length; k += 2) f.mp[mp[k]!] = mp[k + 1]!
      for (let k = 0; k < link.length; k += 2) f.link[link[k]!] = link[k + 1]!
      for (let k = holds.length - 1; k >= 0; k--) {
        const [row, value] = holds[k]!
        if (value === undefined) f.holds.delete(row)
        else f.holds.set(row, value)
      }
    }
  }
}

/** A growable list of (word, old value) pairs. */
class PairLog {
  data: Int32Array
  length = 0
  constructor(pairs: number) {
    this.data = new Int32Array(Math.max(64, 2 * pairs))
  }
  push(word: number, old: number): void {
    if (this.length + 2 > this.data.length) this.data = grown(this.data, this.length + 2)
    this.data[this.length] = word
    this.data[this.length + 1] = old
    this.length += 2
  }
  /** The pairs so far (a view: the log is not written after it is frozen at the session's end). */
  frozen(): Int32Array {
    return this.data.subarray(0, this.length)
  }
}

/**
 * Writes to a store: on its newest version (copied first when that is not the case), in place,
 * logging every word overwritten in rows older versions have. {@link Session.finish} makes the
 * new version; the one it started from keeps the log.
 *
 * @example
 * // const s = new Session(state); s.setMp(…); const next = s.finish(contents)
 * @since 0.2.0
 * @category model
 */
export class Session {
  readonly family: Family
  private readonly from: Version
  dev: Int32Array
  devF: Float64Array
  mp: Int32Array
  mpF: Float64Array
  link: Int32Array
  /** Words below these are in rows older versions hold: writes to them are logged. */
  private readonly devLimit: number
  private readonly mpLimit: number
  private readonly linkLimit: number
  private readonly devLog: PairLog
  private readonly mpLog: PairLog
  private readonly linkLog = new PairLog(0)
  private readonly holdLog: Array<readonly [number, Hold | undefined]> = []
  private closed = false

  /** `expectedWrites`: about how many logged writes to make room for at once (a fold's events, say). */
  constructor(state: Ref, expectedWrites = 0) {
    this.devLog = new PairLog(3 * expectedWrites)
    this.mpLog = new PairLog(2 * expectedWrites)
    const f = ensureHead(state)
    const from = state.version
    this.family = f
    this.from = from
    const c = from.contents
    this.devLimit = c.devCount * DEV.stride
    this.mpLimit = c.mpCount * MP.stride
    this.linkLimit = c.linkCount * LINK.stride
    this.dev = f.dev
    this.devF = f.devF
    this.mp = f.mp
    this.mpF = f.mpF
    this.link = f.link
    f.session = this
  }

  /** Sets device word `w`. */
  setDev(w: number, value: number): void {
    if (w < this.devLimit) this.devLog.push(w, this.dev[w]!)
    this.dev[w] = value
  }

  /** Sets the last-event instant of device row `r`. */
  setDevAt(r: number, micros: number): void {
    const w = r * DEV.stride + DEV.at
    if (w < this.devLimit) {
      this.devLog.push(w, this.dev[w]!)
      this.devLog.push(w + 1, this.dev[w + 1]!)
    }
    this.devF[w >> 1] = micros
  }

  /** Sets meter point word `w`. */
  setMp(w: number, value: number): void {
    if (w < this.mpLimit) this.mpLog.push(w, this.mp[w]!)
    this.mp[w] = value
  }

  /** Sets link table word `w`. */
  setLink(w: number, value: number): void {
    if (w < this.linkLimit) this.linkLog.push(w, this.link[w]!)
    this.link[w] = value
  }

  /** Puts (or with undefined, removes) the hold of meter point row `r`. */
  setHold(r: number, hold: Hold | undefined): void {
    const holds = this.family.holds
    this.holdLog.push([r, holds.get(r)])
    if (hold === undefined) holds.delete(r)
    else holds.set(r, hold)
  }

  /** Makes room for `rows` device rows. */
  reserveDevices(rows: number): void {
    const d = grown(this.dev, rows * DEV.stride)
    if (d !== this.dev) {
      this.family.setDev(d)
      this.dev = d
      this.devF = this.family.devF
    }
  }

  /** Makes room for `rows` meter point rows. */
  reserveMeterPoints(rows: number): void {
    const m = grown(this.mp, rows * MP.stride)
    if (m !== this.mp) {
      this.family.setMp(m)
      this.mp = m
      this.mpF = this.family.mpF
    }
  }

  /** Makes room for `entries` link table entries. */
  reserveLinks(entries: number): void {
    const l = grown(this.link, entries * LINK.stride)
    if (l !== this.link) {
      this.family.link = l
      this.link = l
    }
  }

  /** The undo log written so far, copied (for a reader that needs the version this session started from). */
  undoSoFar(): Undo {
    return { dev: this.devLog.frozen().slice(), mp: this.mpLog.frozen().slice(), link: this.linkLog.frozen().slice(), holds: this.holdLog.slice() }
  }

  /** The counts and index of the version the session started from. */
  get start(): Contents {
    return this.from.contents
  }

  /** The new state: its version becomes the newest of the store; the version the session started from keeps the log. */
  finish(contents: Contents): Ref {
    if (this.closed) throw new Error('Session: already finished')
    this.closed = true
    const f = this.family
    f.session = null
    const undo: Undo = { dev: this.devLog.frozen(), mp: this.mpLog.frozen(), link: this.linkLog.frozen(), holds: this.holdLog }
    const from = this.from
    const h = from.history
    const history: History = { devCount: h.devCount, mpCount: h.mpCount, eventCount: h.eventCount, undos: [...h.undos, undo] }
    const v = new Version(f, contents, history)
    // the id order of meter points holds while no meter point is added
    if (contents.mpCount === from.contents.mpCount) v.mpOrder = from.mpOrder
    from.next = v
    from.undo = undo
    f.head = v
    return new Ref(v)
  }
}
