/**
 * The reducer's fast path over a {@link CompactStore.CompactStore}: the same fold as `Reducer`
 * (same changes, same rejections and messages, same reads afterwards), but on record numbers and
 * typed arrays, without a `Map` lookup by string or a record allocation per event.
 *
 * The state's store becomes a {@link Layered} store: the read-only compact base plus an
 * {@link Overlay} of the records changed since the base was built (typed arrays and small hash
 * tables). A fold copies the overlay once (O(changed records), a few `TypedArray.slice` calls) and
 * never the base; `State.compact` folds the overlay into a new base.
 *
 * Records are named by handles: `h ≥ 1` is base record `h − 1`, `h ≤ −1` is a record new in the
 * overlay (slot `−h − 1`), 0 is none. The base's link slots already hold `index + 1`.
 *
 * Built-in policies are derived on status codes; any other policy gets records built on demand.
 *
 * @since 0.1.0
 */
import type * as CalendarDate from '../identifiers/CalendarDate'
import type { Flag } from '../identifiers/Flag'
import * as Instant from '../identifiers/Instant'
import type * as DeviceIdModule from '../identifiers/DeviceId'
import * as MeterPointId from '../identifiers/MeterPointId'
import * as MeterPointKey from '../identifiers/MeterPointKey'
import { either as E } from 'fp-ts'
import * as CS from './CompactStore'
import * as Lifecycle from './Lifecycle'
import type { DeviceRecord, Event, Hold, MeterPointRecord, Rejection, RejectionCode } from './Model'
import { deviceStatuses, deviceTypes, parseEventLine } from './Model'
import * as Policy from './Policy'
import type * as Reducer from './Reducer'
import { ShardedMap, ShardedSet } from './Sharded'
import type * as Store from './Store'

type MeterPointIdT = MeterPointId.MeterPointId
type DeviceIdT = DeviceIdModule.DeviceId

const { mix, keyHash, slotOfNumber, slotOfInt, slotOfHalves } = CS
const intHash = (i: number): number => mix(i, 0x5bd1e995)

const grow = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, n: number, fill = 0): T => {
  const b = new (a.constructor as new (n: number) => T)(n)
  b.set(a)
  if (fill !== 0) b.fill(fill, a.length)
  return b
}

// status and flag codes (CompactStore)
const INC = 3
const COMMISSIONED = 4
const SUSPENDED = 5
const WITHDRAWN = 8
const DECOMMISSIONED = 9
const A = 1
const I = 2
const N = 3
const S = 4
const W = 5
const ESME = 0
const GSME = 1

// -------------------------------------------------------------------------------------------------
// applied event ids
// -------------------------------------------------------------------------------------------------

const stringHash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return (h ^ (h >>> 15)) | 0
}

/**
 * A set of event ids without a `Set`: an open-addressing table of (32-bit hash, index + 1) pairs,
 * side by side so that a probe reads one cache line, and the strings in an array for the exact
 * check. Copying it is two `slice` calls.
 *
 * @example
 * const ids = new EventIds()
 * ids.add('e1')
 * ids.has('e1') // true
 *
 * @since 0.1.0
 * @category model
 */
export class EventIds {
  size = 0
  /** Pairs: `[2s]` the hash, `[2s + 1]` the index + 1 (0: empty). Slots: a power of two. */
  private table: Int32Array
  private ids: string[]
  /** Members before the table grows: half its slots. */
  private capacity: number

  constructor(from?: EventIds) {
    if (from === undefined) {
      this.table = new Int32Array(2 * 64)
      this.ids = []
      this.capacity = 32
    } else {
      this.size = from.size
      this.table = from.table.slice()
      this.ids = from.ids.slice()
      this.capacity = from.capacity
    }
  }

  // `has` then `add` of the same id (the fold's pattern) probes once: the empty slot is kept.
  private lastId: string | null = null
  private lastHash = 0
  private lastSlot = -1

  /** True when `id` is a member. */
  has(id: string): boolean {
    const h = stringHash(id)
    const t = this.table
    const mask = (t.length >> 1) - 1
    let s = h & mask
    for (;;) {
      const v = t[2 * s + 1]!
      if (v === 0) break
      if (t[2 * s] === h && this.ids[v - 1] === id) {
        this.lastId = null
        return true
      }
      s = (s + 1) & mask
    }
    this.lastId = id
    this.lastHash = h
    this.lastSlot = s
    return false
  }

  /** Adds `id` (not a member yet: the caller checked). */
  add(id: string): void {
    let h: number
    let s: number
    if (id === this.lastId && this.size < this.capacity) {
      h = this.lastHash
      s = this.lastSlot
    } else {
      if (this.size === this.capacity) this.grow()
      h = stringHash(id)
      s = this.emptySlot(this.table, h)
    }
    this.lastId = null
    const i = this.size++
    this.ids.push(id)
    this.table[2 * s] = h
    this.table[2 * s + 1] = i + 1
  }

  /** Makes room for `n` ids in one step. */
  reserve(n: number): void {
    if (n > this.capacity) this.grow(n)
  }

  private emptySlot(t: Int32Array, h: number): number {
    const mask = (t.length >> 1) - 1
    let s = h & mask
    while (t[2 * s + 1] !== 0) s = (s + 1) & mask
    return s
  }

  private grow(atLeast = 0): void {
    // a power of two: the table's mask depends on it
    let n = 32
    while (n < this.size * 2 || n < atLeast) n *= 2
    const old = this.table
    const t = new Int32Array(4 * n)
    for (let k = 0; k < old.length; k += 2) {
      const v = old[k + 1]!
      if (v === 0) continue
      const s = this.emptySlot(t, old[k]!)
      t[2 * s] = old[k]!
      t[2 * s + 1] = v
    }
    this.table = t
    this.capacity = n
  }

  /** Every member, in the order added. */
  values(): IterableIterator<string> {
    return this.ids.slice(0, this.size)[Symbol.iterator]()
  }
}

// -------------------------------------------------------------------------------------------------
// the overlay
// -------------------------------------------------------------------------------------------------

/**
 * The records changed since a compact base was built. Written only by the fold that owns it (its
 * copy); frozen once it is part of a state.
 *
 * @example
 * new Overlay().size // { meterPoints: 0, devices: 0, events: 0 }
 *
 * @since 0.1.0
 * @category model
 */
export class Overlay {
  // devices: slot → fields
  dCount = 0
  dBase: Int32Array
  dHi: Uint32Array
  dLo: Uint32Array
  dType: Uint8Array
  dStatus: Uint8Array
  dDeleted: Uint8Array
  /** The instant of the device's last event, microseconds since the epoch (`NaN`: none). */
  dLastAt: Float64Array
  /** Two meter point handles per slot, in link order. */
  dMps: Int32Array
  /** base device number → slot + 1 */
  dByBase: Int32Array
  /** (hi, lo) of devices new in the overlay → slot + 1 */
  dByIdNew: Int32Array
  dNew = 0
  dDeletedCount = 0
  // meter points
  mCount = 0
  mBase: Int32Array
  mKey: Float64Array
  mFlag: Uint8Array
  mDate: Int32Array
  mNFlag: Uint8Array
  mNDate: Int32Array
  /** Two meter handles per slot, the rest in `mMore`. */
  mMeters: Int32Array
  mMore: Map<number, number[]>
  mHeld: Map<number, Hold | null>
  mByBase: Int32Array
  mByKeyNew: Int32Array
  mNew = 0
  events: EventIds
  /**
   * Direct indexes (base record → slot + 1) that replace the `dByBase` / `mByBase` hash tables once
   * the overlay holds more than 1/16 of the base: a bulk fold then reads a slot with one load, and
   * copying the index costs no more than copying the overlay itself.
   */
  dDirect: Int32Array | null = null
  mDirect: Int32Array | null = null
  /**
   * When the overlay's capacity reaches this share of its base, it switches to direct indexes
   * (default 1/8: the overlay then holds at least 1/16 of the base). `Infinity` keeps the hash
   * tables, 0 switches at once (tests set both).
   */
  static directIndexShare = 1 / 8
  private baseDevices = 0
  private baseMeterPoints = 0

  constructor(from?: Overlay) {
    if (from === undefined) {
      const c = 64
      this.dBase = new Int32Array(c)
      this.dHi = new Uint32Array(c)
      this.dLo = new Uint32Array(c)
      this.dType = new Uint8Array(c)
      this.dStatus = new Uint8Array(c)
      this.dDeleted = new Uint8Array(c)
      this.dLastAt = new Float64Array(c).fill(NaN)
      this.dMps = new Int32Array(2 * c)
      this.dByBase = new Int32Array(2 * c)
      this.dByIdNew = new Int32Array(2 * c)
      this.mBase = new Int32Array(c)
      this.mKey = new Float64Array(c)
      this.mFlag = new Uint8Array(c)
      this.mDate = new Int32Array(c)
      this.mNFlag = new Uint8Array(c)
      this.mNDate = new Int32Array(c)
      this.mMeters = new Int32Array(2 * c)
      this.mMore = new Map()
      this.mHeld = new Map()
      this.mByBase = new Int32Array(2 * c)
      this.mByKeyNew = new Int32Array(2 * c)
      this.events = new EventIds()
      return
    }
    this.dCount = from.dCount
    this.dNew = from.dNew
    this.dDeletedCount = from.dDeletedCount
    this.dBase = from.dBase.slice()
    this.dHi = from.dHi.slice()
    this.dLo = from.dLo.slice()
    this.dType = from.dType.slice()
    this.dStatus = from.dStatus.slice()
    this.dDeleted = from.dDeleted.slice()
    this.dLastAt = from.dLastAt.slice()
    this.dMps = from.dMps.slice()
    this.dByBase = from.dByBase.slice()
    this.dByIdNew = from.dByIdNew.slice()
    this.mCount = from.mCount
    this.mNew = from.mNew
    this.mBase = from.mBase.slice()
    this.mKey = from.mKey.slice()
    this.mFlag = from.mFlag.slice()
    this.mDate = from.mDate.slice()
    this.mNFlag = from.mNFlag.slice()
    this.mNDate = from.mNDate.slice()
    this.mMeters = from.mMeters.slice()
    this.mMore = new Map(Array.from(from.mMore, ([k, v]) => [k, v.slice()]))
    this.mHeld = new Map(from.mHeld)
    this.mByBase = from.mByBase.slice()
    this.mByKeyNew = from.mByKeyNew.slice()
    this.events = new EventIds(from.events)
    this.baseDevices = from.baseDevices
    this.baseMeterPoints = from.baseMeterPoints
    this.dDirect = from.dDirect === null ? null : from.dDirect.slice()
    this.mDirect = from.mDirect === null ? null : from.mDirect.slice()
  }

  /** Tells the overlay the size of its base, so that it can switch to direct indexes when large. */
  sizeBase(devices: number, meterPoints: number): void {
    this.baseDevices = devices
    this.baseMeterPoints = meterPoints
    // growing to the same capacity rebuilds the indexes, switching to direct ones when due
    if (this.dDirect === null && this.direct(this.dBase.length, devices)) this.growDevices(this.dBase.length)
    if (this.mDirect === null && this.direct(this.mBase.length, meterPoints)) this.growMeterPoints(this.mBase.length)
  }

  private direct(capacity: number, base: number): boolean {
    return base > 0 && capacity >= base * Overlay.directIndexShare
  }

  /** Records held: meter points and devices changed or new, events applied. */
  get size(): { readonly meterPoints: number; readonly devices: number; readonly events: number } {
    return { meterPoints: this.mCount, devices: this.dCount, events: this.events.size }
  }

  /** The slot of base device `b`, or -1. */
  deviceSlotOfBase(b: number): number {
    const direct = this.dDirect
    if (direct !== null) return direct[b]! - 1
    return this.dByBase[slotOfInt(this.dByBase, this.dBase, b, intHash(b))]! - 1
  }

  /** The slot of a device new in the overlay, or -1. */
  deviceSlotOfNew(hi: number, lo: number): number {
    return this.dByIdNew[slotOfHalves(this.dByIdNew, this.dHi, this.dLo, hi, lo)]! - 1
  }

  /** The slot of base meter point `b`, or -1. */
  meterPointSlotOfBase(b: number): number {
    const direct = this.mDirect
    if (direct !== null) return direct[b]! - 1
    return this.mByBase[slotOfInt(this.mByBase, this.mBase, b, intHash(b))]! - 1
  }

  /** The slot of a meter point new in the overlay, or -1. */
  meterPointSlotOfNew(key: number): number {
    return this.mByKeyNew[slotOfNumber(this.mByKeyNew, this.mKey, key, keyHash(key))]! - 1
  }

  /** A new device slot (its fields zero). */
  addDevice(base: number, hi: number, lo: number): number {
    if (this.dCount === this.dBase.length) this.growDevices(this.dBase.length * 2)
    const i = this.dCount++
    this.dBase[i] = base
    this.dHi[i] = hi
    this.dLo[i] = lo
    if (base < 0) this.dNew++
    this.indexDevice(i)
    return i
  }

  /**
   * Makes room for `devices` device slots and `meterPoints` meter point slots in one step, when a
   * fold knows roughly how many records it may touch (no doubling on the way).
   */
  reserve(devices: number, meterPoints: number): void {
    let d = this.dBase.length
    while (d < devices) d *= 2
    if (d > this.dBase.length) this.growDevices(d)
    let m = this.mBase.length
    while (m < meterPoints) m *= 2
    if (m > this.mBase.length) this.growMeterPoints(m)
  }

  private growDevices(n: number): void {
    this.dBase = grow(this.dBase, n)
    this.dHi = grow(this.dHi, n)
    this.dLo = grow(this.dLo, n)
    this.dType = grow(this.dType, n)
    this.dStatus = grow(this.dStatus, n)
    this.dDeleted = grow(this.dDeleted, n)
    this.dLastAt = grow(this.dLastAt, n).fill(NaN, this.dLastAt.length)
    this.dMps = grow(this.dMps, 2 * n)
    if (this.dDirect === null && this.direct(n, this.baseDevices)) this.dDirect = new Int32Array(this.baseDevices)
    this.dByBase = new Int32Array(this.dDirect === null ? 2 * n : 1)
    this.dByIdNew = new Int32Array(2 * n)
    for (let i = 0; i < this.dCount; i++) this.indexDevice(i)
  }

  private indexDevice(i: number): void {
    const b = this.dBase[i]!
    if (b >= 0 && this.dDirect !== null) {
      this.dDirect[b] = i + 1
      return
    }
    const t = b >= 0 ? this.dByBase : this.dByIdNew
    const mask = t.length - 1
    let s = (b >= 0 ? intHash(b) : mix(this.dLo[i]!, this.dHi[i]!)) & mask
    while (t[s] !== 0) s = (s + 1) & mask
    t[s] = i + 1
  }

  /** A new meter point slot (no flag, no date, no links). */
  addMeterPoint(base: number, key: number): number {
    if (this.mCount === this.mBase.length) this.growMeterPoints(this.mBase.length * 2)
    const i = this.mCount++
    this.mBase[i] = base
    this.mKey[i] = key
    this.mFlag[i] = 0
    this.mDate[i] = CS.NO_DATE
    this.mNFlag[i] = 0
    this.mNDate[i] = CS.NO_DATE
    if (base < 0) this.mNew++
    this.indexMeterPoint(i)
    return i
  }

  private growMeterPoints(n: number): void {
    this.mBase = grow(this.mBase, n)
    this.mKey = grow(this.mKey, n)
    this.mFlag = grow(this.mFlag, n)
    this.mDate = grow(this.mDate, n)
    this.mNFlag = grow(this.mNFlag, n)
    this.mNDate = grow(this.mNDate, n)
    this.mMeters = grow(this.mMeters, 2 * n)
    if (this.mDirect === null && this.direct(n, this.baseMeterPoints)) this.mDirect = new Int32Array(this.baseMeterPoints)
    this.mByBase = new Int32Array(this.mDirect === null ? 2 * n : 1)
    this.mByKeyNew = new Int32Array(2 * n)
    for (let i = 0; i < this.mCount; i++) this.indexMeterPoint(i)
  }

  private indexMeterPoint(i: number): void {
    const b = this.mBase[i]!
    if (b >= 0 && this.mDirect !== null) {
      this.mDirect[b] = i + 1
      return
    }
    const t = b >= 0 ? this.mByBase : this.mByKeyNew
    const mask = t.length - 1
    let s = (b >= 0 ? intHash(b) : keyHash(this.mKey[i]!)) & mask
    while (t[s] !== 0) s = (s + 1) & mask
    t[s] = i + 1
  }
}

// -------------------------------------------------------------------------------------------------
// reading a base + overlay
// -------------------------------------------------------------------------------------------------

/** A device's current fields, read into one scratch object (no allocation per read). */
interface DeviceView {
  /** Overlay slot, or -1 when the device is as in the base. */
  slot: number
  base: number
  handle: number
  hi: number
  lo: number
  type: number
  status: number
  mp0: number
  mp1: number
  /** The instant of its last event, microseconds since the epoch (`NaN`: none). */
  lastAt: number
}

const newView = (): DeviceView => ({ slot: -1, base: -1, handle: 0, hi: 0, lo: 0, type: 0, status: 0, mp0: 0, mp1: 0, lastAt: NaN })

/**
 * A read-only {@link Store.Store} of a compact base and an overlay.
 *
 * @example
 * const store = new Layered(CompactStore.fromInventory(inventory), new Overlay())
 * store.meterPoint('1200023305967')
 * @since 0.1.0
 * @category model
 */
export class Layered implements Store.Store {
  constructor(
    readonly base: CS.CompactStore,
    readonly overlay: Overlay,
  ) {
    const o = overlay
    this.size = {
      meterPoints: base.mpCount + o.mNew,
      devices: base.devCount + o.dNew - o.dDeletedCount,
      events: base.size.events + o.events.size,
    }
  }

  readonly size: { readonly meterPoints: number; readonly devices: number; readonly events: number }
  private mpOrder: Int32Array | null = null
  private devOrder: Int32Array | null = null

  /** The device handle of an id, or 0 (deleted devices included: check `isDeleted`). */
  deviceHandle(hi: number, lo: number): number {
    const b = this.base.deviceIndex(hi, lo)
    if (b >= 0) return b + 1
    const s = this.overlay.deviceSlotOfNew(hi, lo)
    return s >= 0 ? -s - 1 : 0
  }

  /** The meter point handle of a key, or 0. */
  meterPointHandle(key: number): number {
    const b = this.base.meterPointIndex(key)
    if (b >= 0) return b + 1
    const s = this.overlay.meterPointSlotOfNew(key)
    return s >= 0 ? -s - 1 : 0
  }

  /** Reads device `h` into `v`; false when it is deleted. */
  readDevice(h: number, v: DeviceView): boolean {
    const o = this.overlay
    let slot: number
    if (h > 0) {
      slot = o.dCount === 0 ? -1 : o.deviceSlotOfBase(h - 1)
      if (slot < 0) {
        const b = h - 1
        const base = this.base
        v.slot = -1
        v.base = b
        v.handle = h
        v.hi = base.devHi[b]!
        v.lo = base.devLo[b]!
        v.type = base.devType[b]!
        v.status = base.devStatus[b]!
        v.mp0 = base.devMeterPoints[2 * b]!
        v.mp1 = base.devMeterPoints[2 * b + 1]!
        v.lastAt = base.devLastAt[b]!
        return true
      }
    } else slot = -h - 1
    if (o.dDeleted[slot] === 1) return false
    v.slot = slot
    v.base = o.dBase[slot]!
    v.handle = h
    v.hi = o.dHi[slot]!
    v.lo = o.dLo[slot]!
    v.type = o.dType[slot]!
    v.status = o.dStatus[slot]!
    v.mp0 = o.dMps[2 * slot]!
    v.mp1 = o.dMps[2 * slot + 1]!
    v.lastAt = o.dLastAt[slot]!
    return true
  }

  /** The status code of device `h` (assumed live). */
  statusOf(h: number): number {
    if (h > 0) {
      const o = this.overlay
      const slot = o.dCount === 0 ? -1 : o.deviceSlotOfBase(h - 1)
      return slot < 0 ? this.base.devStatus[h - 1]! : o.dStatus[slot]!
    }
    return this.overlay.dStatus[-h - 1]!
  }

  /** The overlay slot of meter point `h`, or -1 when it is as in the base. */
  meterPointSlot(h: number): number {
    return h < 0 ? -h - 1 : this.overlay.mCount === 0 ? -1 : this.overlay.meterPointSlotOfBase(h - 1)
  }

  /** The key of meter point `h`. */
  keyOf(h: number): number {
    return h > 0 ? this.base.mpKey[h - 1]! : this.overlay.mKey[-h - 1]!
  }

  /** The flag code of meter point `h`. */
  flagOf(h: number): number {
    const s = this.meterPointSlot(h)
    return s < 0 ? this.base.mpFlag[h - 1]! : this.overlay.mFlag[s]!
  }

  /** The meter handles of meter point `h` (into `out`, returns the count). */
  metersOf(h: number, out: number[]): number {
    return this.metersAt(h, this.meterPointSlot(h), out)
  }

  /** {@link metersOf} with the overlay slot already known (-1: as in the base). */
  metersAt(h: number, s: number, out: number[]): number {
    let n = 0
    let a: number
    let b: number
    let more: ReadonlyArray<number> | undefined
    if (s < 0) {
      const i = h - 1
      a = this.base.mpMeters[2 * i]!
      b = this.base.mpMeters[2 * i + 1]!
      const m = this.base.mpMoreMeters.get(i)
      more = m === undefined ? undefined : m.map((d) => d + 1)
    } else {
      a = this.overlay.mMeters[2 * s]!
      b = this.overlay.mMeters[2 * s + 1]!
      more = this.overlay.mMore.get(s)
    }
    if (a !== 0) out[n++] = a
    if (b !== 0) out[n++] = b
    if (more !== undefined) for (let k = 0; k < more.length; k++) out[n++] = more[k]!
    return n
  }

  /** The device id of device `h`. */
  deviceIdOf(h: number): DeviceIdT {
    return h > 0 ? CS.deviceIdOf(this.base.devHi[h - 1]!, this.base.devLo[h - 1]!) : CS.deviceIdOf(this.overlay.dHi[-h - 1]!, this.overlay.dLo[-h - 1]!)
  }

  /** The record of meter point `h`. */
  meterPointAt(h: number): MeterPointRecord {
    const s = this.meterPointSlot(h)
    if (s < 0) return this.base.meterPointAt(h - 1)
    const o = this.overlay
    const id = MeterPointKey.idOf(o.mKey[s]!) as MeterPointIdT
    const hs: number[] = []
    const n = this.metersOf(h, hs)
    const meters: DeviceIdT[] = []
    for (let k = 0; k < n; k++) meters.push(this.deviceIdOf(hs[k]!))
    if (meters.length > 1) meters.sort()
    const nf = o.mNFlag[s]!
    const held = o.mHeld.get(s)
    return {
      id,
      fuel: id.length === 13 ? 'electricity' : 'gas',
      flag: CS.flagByCode[o.mFlag[s]!]!,
      effectiveFrom: CS.dateOfCode(o.mDate[s]!),
      meters,
      notified: nf === 0 ? null : { flag: CS.flagByCode[nf]!, effectiveFrom: CS.dateOfCode(o.mNDate[s]!)! },
      held: held !== undefined ? held : o.mBase[s]! >= 0 ? (this.base.mpHeld.get(o.mBase[s]!) ?? null) : null,
    }
  }

  private readonly scratch = newView()

  /** The record of device `h`, or undefined when deleted. */
  deviceAt(h: number): DeviceRecord | undefined {
    const v = this.scratch
    if (!this.readDevice(h, v)) return undefined
    if (v.slot < 0) return this.base.deviceAt(h - 1)
    const mps: MeterPointIdT[] = []
    if (v.mp0 !== 0) mps.push(MeterPointKey.idOf(this.keyOf(v.mp0)) as MeterPointIdT)
    if (v.mp1 !== 0) mps.push(MeterPointKey.idOf(this.keyOf(v.mp1)) as MeterPointIdT)
    return { id: CS.deviceIdOf(v.hi, v.lo), type: deviceTypes[v.type]!, status: CS.statusByCode[v.status]!, meterPoints: mps, lastEventAt: CS.instantOfMicros(v.lastAt) }
  }

  meterPoint = (id: string): MeterPointRecord | undefined => {
    const key = MeterPointKey.keyOf(id)
    if (key < 0) return undefined
    const h = this.meterPointHandle(key)
    return h === 0 ? undefined : this.meterPointAt(h)
  }

  device = (id: string): DeviceRecord | undefined => {
    const hi = CS.deviceHi(id)
    const lo = CS.deviceLo(id)
    if (hi < 0 || lo < 0) return undefined
    const h = this.deviceHandle(hi, lo)
    return h === 0 ? undefined : this.deviceAt(h)
  }

  hasEvent = (eventId: string): boolean => this.overlay.events.has(eventId) || this.base.hasEvent(eventId)

  meterPoints = (): Iterable<MeterPointRecord> => {
    if (this.mpOrder === null) {
      const n = this.base.mpCount
      const o = this.overlay
      const handles = new Int32Array(n + o.mNew)
      const keys = new Float64Array(n + o.mNew)
      let j = 0
      for (let i = 0; i < n; i++) {
        handles[j] = i + 1
        keys[j++] = lexKey(this.base.mpKey[i]!)
      }
      for (let s = 0; s < o.mCount; s++) {
        if (o.mBase[s]! >= 0) continue
        handles[j] = -s - 1
        keys[j++] = lexKey(o.mKey[s]!)
      }
      const order = MeterPointKey.sortedOrder(keys, j)
      const sorted = new Int32Array(j)
      for (let k = 0; k < j; k++) sorted[k] = handles[order[k]!]!
      this.mpOrder = sorted
    }
    const order = this.mpOrder
    const self = this
    return (function* () {
      for (let k = 0; k < order.length; k++) yield self.meterPointAt(order[k]!)
    })()
  }

  devices = (): Iterable<DeviceRecord> => {
    if (this.devOrder === null) {
      const n = this.base.devCount
      const o = this.overlay
      const handles: number[] = []
      for (let i = 0; i < n; i++) handles.push(i + 1)
      for (let s = 0; s < o.dCount; s++) if (o.dBase[s]! < 0) handles.push(-s - 1)
      const live = handles.filter((h) => this.readDevice(h, this.scratch))
      const m = live.length
      const lo = new Float64Array(m)
      const hi = new Float64Array(m)
      for (let k = 0; k < m; k++) {
        this.readDevice(live[k]!, this.scratch)
        lo[k] = this.scratch.lo
        hi[k] = this.scratch.hi
      }
      const byLo = MeterPointKey.sortedOrder(lo, m)
      const hi2 = new Float64Array(m)
      for (let k = 0; k < m; k++) hi2[k] = hi[byLo[k]!]!
      const byHi = MeterPointKey.sortedOrder(hi2, m)
      const sorted = new Int32Array(m)
      for (let k = 0; k < m; k++) sorted[k] = live[byLo[byHi[k]!]!]!
      this.devOrder = sorted
    }
    const order = this.devOrder
    const self = this
    return (function* () {
      for (let k = 0; k < order.length; k++) yield self.deviceAt(order[k]!)!
    })()
  }

  eventIds = (): Iterable<string> => {
    const self = this
    return (function* () {
      yield* self.base.eventIds()
      yield* self.overlay.events.values()
    })()
  }
}

const lexKey = (key: number): number => {
  const id = MeterPointKey.idOf(key)
  let v = 0
  for (let i = 0; i < 13; i++) v = v * 11 + (i < id.length ? id.charCodeAt(i) - 47 : 0)
  return v
}

/**
 * The compact store under a store, when there is one (a compact base, or a base plus overlay).
 *
 * @example
 * layeredOf(CompactStore.fromInventory(inv)) // a Layered with an empty overlay
 * layeredOf(Store.empty) // null
 * @since 0.1.0
 * @category constructors
 */
export const layeredOf = (store: Store.Store): Layered | null =>
  store instanceof Layered ? store : store instanceof CS.CompactStore ? new Layered(store, new Overlay()) : null

// -------------------------------------------------------------------------------------------------
// the fold
// -------------------------------------------------------------------------------------------------

/** Which built-in policy a policy is (derived on codes), or -1 for another (derived on records). */
const builtInCode = (p: Policy.Policy): number =>
  p === Policy.mp077 ? 0 : p === Policy.dspAsBuilt ? 1 : p === Policy.businessRequirements ? 2 : p === Policy.legacySec ? 3 : -1

const rejection = (eventId: string | null, code: RejectionCode, message: string): Rejection => ({ eventId, code, message })

/** A change, as `Reducer.Change`. */
// A change as `Reducer` returns it (a type-only import: no runtime cycle).
type ChangeOut = Reducer.Change

/** What the fold returns (as `Reducer.Result`, with the layered store as base). @since 0.1.0 @category model */
export interface FoldResult {
  readonly store: Layered
  readonly changes: ReadonlyArray<ChangeOut>
  readonly rejected: ReadonlyArray<Rejection>
}

/**
 * The `asOf` of reducer options as microseconds since the epoch (`Infinity` when none). An `asOf`
 * that is not an instant is a programmer error and throws.
 *
 * @example
 * asOfMicros({ asOf: '1970-01-01T00:00:01Z' as Instant.Instant }) // 1000000
 * asOfMicros(undefined) // Infinity
 * @since 0.2.0
 * @category utils
 */
export const asOfMicros = (options: { readonly asOf?: Instant.Instant } | undefined): number => {
  const asOf = options?.asOf
  if (asOf === undefined) return Number.POSITIVE_INFINITY
  const micros = typeof asOf === 'string' ? Instant.epochMicros(asOf) : NaN
  if (Number.isNaN(micros)) throw new RangeError(`Reducer: asOf ${JSON.stringify(asOf)} is not an ISO-8601 instant with an offset`)
  return micros
}

const CAUSE_STATUS = 0
const CAUSE_LINKED = 1
const CAUSE_UNLINKED = 2

/**
 * A fold over a layered store. Build one with {@link CompactFold.begin}; `Reducer` does, for
 * compact states.
 *
 * @example
 * const fold = CompactFold.begin(layeredOf(store)!, { policy: Policy.mp077 })
 * for (const e of events) fold.push(e)
 * const { store: next, changes } = fold.finish()
 *
 * @since 0.1.0
 * @category model
 */
export class CompactFold {
  private readonly store: Layered
  private readonly base: CS.CompactStore
  private readonly o: Overlay
  private readonly policy: Policy.Policy
  private readonly builtIn: number
  private readonly allowed: Uint8Array
  private readonly asOf: number
  private readonly changes: ChangeOut[] = []
  private readonly rejected: Rejection[] = []
  private finished = false
  private readonly v = newView()
  private readonly meters: number[] = []
  private dateEvent: Event | null = null
  private date: CalendarDate.CalendarDate | null = null
  private dateCode = 0
  /** False when the base holds no event ids (the usual case): no lookup there. */
  private readonly baseEvents: boolean

  private constructor(store: Layered, policy: Policy.Policy, lifecycle: Lifecycle.Lifecycle, asOf: number) {
    this.asOf = asOf
    this.base = store.base
    this.baseEvents = store.base.size.events > 0
    this.o = new Overlay(store.overlay)
    this.o.sizeBase(store.base.devCount, store.base.mpCount)
    this.store = new Layered(store.base, this.o)
    this.policy = policy
    this.builtIn = builtInCode(policy)
    // the compiled matrix is in Model.deviceStatuses order: status code − 1
    this.allowed = Lifecycle.compile(lifecycle).allowed
  }

  /**
   * A fold from a layered store; the store is never changed. Meter point records in `pending`
   * (records put by `State.withMeterPoints`) are written into the copy first.
   */
  static begin(
    store: Layered,
    options: Reducer.Options | undefined,
    pending?: Iterable<MeterPointRecord>,
    expectedEvents?: number,
  ): CompactFold {
    const f = new CompactFold(store, options?.policy ?? Policy.mp077, options?.lifecycle ?? Lifecycle.strict, asOfMicros(options))
    if (expectedEvents !== undefined && expectedEvents > 0) {
      // an event touches at most one device and two meter points (at most one of them new)
      f.o.reserve(f.o.dCount + expectedEvents, f.o.mCount + Math.min(2 * expectedEvents, store.base.mpCount + expectedEvents))
      f.o.events.reserve(f.o.events.size + expectedEvents)
    }
    if (pending !== undefined) for (const r of pending) f.putMeterPoint(r)
    return f
  }

  /** Events already applied by this fold or before it. */
  hasEvent(id: string): boolean {
    return this.o.events.has(id) || (this.baseEvents && this.base.hasEvent(id))
  }

  push = (event: Event): void => {
    this.assertOpen()
    const r = this.apply(event)
    if (r !== null) this.rejected.push(r)
    else this.o.events.add(event.eventId)
  }

  pushLine = (line: string, lineNo: number): void => {
    this.assertOpen()
    const r = parseEventLine(line, lineNo)
    if (E.isLeft(r)) this.rejected.push(r.left)
    else this.push(r.right)
  }

  reject = (r: Rejection): void => {
    this.assertOpen()
    this.rejected.push(r)
  }

  counts = (): readonly [number, number] => [this.changes.length, this.rejected.length]

  finish = (): FoldResult => {
    this.assertOpen()
    this.finished = true
    // a fresh store: sizes and orders are computed once, on the frozen overlay
    return { store: new Layered(this.base, this.o), changes: this.changes, rejected: this.rejected }
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('Reducer: this fold has finished; begin a new one from its state')
  }

  /** Puts a meter point record's flag, dates and hold in place (its meters are the state's). */
  private putMeterPoint(r: MeterPointRecord): void {
    const key = MeterPointKey.keyOf(r.id)
    if (key < 0) return
    let h = this.store.meterPointHandle(key)
    if (h === 0) h = -this.o.addMeterPoint(-1, key) - 1
    const s = this.ownMeterPoint(h)
    const o = this.o
    o.mFlag[s] = CS.flagCode(r.flag)
    o.mDate[s] = CS.dateCode(r.effectiveFrom)
    o.mNFlag[s] = r.notified === null ? 0 : CS.flagCode(r.notified.flag)
    o.mNDate[s] = r.notified === null ? CS.NO_DATE : CS.dateCode(r.notified.effectiveFrom)
    o.mHeld.set(s, r.held)
  }

  /** The overlay slot of device `h`, copied from the base on first write. */
  private ownDevice(v: DeviceView): number {
    if (v.slot >= 0) return v.slot
    const s = this.o.addDevice(v.base, v.hi, v.lo)
    const o = this.o
    o.dType[s] = v.type
    o.dStatus[s] = v.status
    o.dMps[2 * s] = v.mp0
    o.dMps[2 * s + 1] = v.mp1
    o.dLastAt[s] = v.lastAt
    v.slot = s
    return s
  }

  /** The overlay slot of meter point `h`, copied from the base on first write. */
  private ownMeterPoint(h: number): number {
    const found = this.store.meterPointSlot(h)
    if (found >= 0) return found
    const b = h - 1
    const base = this.base
    const o = this.o
    const s = o.addMeterPoint(b, base.mpKey[b]!)
    o.mFlag[s] = base.mpFlag[b]!
    o.mDate[s] = base.mpDate[b]!
    o.mNFlag[s] = base.mpNotifiedFlag[b]!
    o.mNDate[s] = base.mpNotifiedDate[b]!
    o.mMeters[2 * s] = base.mpMeters[2 * b]!
    o.mMeters[2 * s + 1] = base.mpMeters[2 * b + 1]!
    const more = base.mpMoreMeters.get(b)
    if (more !== undefined) o.mMore.set(s, more.map((d) => d + 1))
    return s
  }

  private addMeter(s: number, dev: number): void {
    const o = this.o
    if (o.mMeters[2 * s] === 0) o.mMeters[2 * s] = dev
    else if (o.mMeters[2 * s + 1] === 0) o.mMeters[2 * s + 1] = dev
    else {
      const more = o.mMore.get(s)
      if (more === undefined) o.mMore.set(s, [dev])
      else more.push(dev)
    }
  }

  private removeMeter(s: number, dev: number): void {
    const o = this.o
    const more = o.mMore.get(s)
    if (o.mMeters[2 * s] === dev) o.mMeters[2 * s] = 0
    else if (o.mMeters[2 * s + 1] === dev) o.mMeters[2 * s + 1] = 0
    else if (more !== undefined) {
      const k = more.indexOf(dev)
      if (k >= 0) more.splice(k, 1)
    }
    // keep the slots packed: refill from the overflow
    if (more !== undefined && more.length > 0) {
      if (o.mMeters[2 * s] === 0) o.mMeters[2 * s] = more.pop()!
      else if (o.mMeters[2 * s + 1] === 0) o.mMeters[2 * s + 1] = more.pop()!
    }
    if (more !== undefined && more.length === 0) o.mMore.delete(s)
  }

  /** Looks up the device of an event into `v`; false when unknown (or deleted). */
  private find(deviceId: string): boolean {
    const hi = CS.deviceHi(deviceId)
    const lo = CS.deviceLo(deviceId)
    if (hi < 0 || lo < 0) return false
    const h = this.store.deviceHandle(hi, lo)
    return h !== 0 && this.store.readDevice(h, this.v)
  }

  private deviceIdOfView(): string {
    return CS.deviceIdOf(this.v.hi, this.v.lo)
  }

  private mpIdsOfView(): string[] {
    const out: string[] = []
    if (this.v.mp0 !== 0) out.push(MeterPointKey.idOf(this.store.keyOf(this.v.mp0)))
    if (this.v.mp1 !== 0) out.push(MeterPointKey.idOf(this.store.keyOf(this.v.mp1)))
    return out
  }

  // Checks first, in docs/contract.md's precedence order, then writes: a rejected event must leave no trace.
  private apply(e: Event): Rejection | null {
    if (e === null || typeof e !== 'object' || typeof e.eventId !== 'string' || e.eventId.length === 0) {
      return rejection(null, 'invalid_event', 'an event needs a non-empty string eventId')
    }
    const id = e.eventId
    const at = typeof e.at === 'string' ? Instant.epochMicros(e.at) : NaN
    if (Number.isNaN(at)) return rejection(id, 'invalid_event', `at ${JSON.stringify(e.at)} is not an ISO-8601 instant with an offset or Z`)
    const v = this.v
    if (e.type === 'DeviceRegistered') {
      const hi = CS.deviceHi(e.deviceId)
      const lo = CS.deviceLo(e.deviceId)
      if (hi < 0 || lo < 0) return rejection(id, 'invalid_event', `${JSON.stringify(e.deviceId)} is not an EUI-64 device id`)
      const type = CS.typeCode(e.deviceType) as number | undefined
      const typed = e.deviceType !== 'IHD' && e.deviceType !== 'CAD'
      if (!typed && e.status !== undefined) return rejection(id, 'invalid_event', `${e.deviceType} devices have no SMI status`)
      if (type === undefined) return rejection(id, 'invalid_event', `unknown device type ${JSON.stringify(e.deviceType)}`)
      if (this.hasEvent(id)) return rejection(id, 'duplicate_event', `event ${id} was already applied`)
      if (at > this.asOf) return rejection(id, 'future_event', `event ${id} at ${e.at} is later than the fold's asOf`)
      const h = this.store.deviceHandle(hi, lo)
      if (h !== 0 && this.store.readDevice(h, v)) return rejection(id, 'duplicate_device', `device ${e.deviceId} is already in the inventory`)
      const o = this.o
      let s: number
      if (h === 0) s = o.addDevice(-1, hi, lo)
      else {
        // a deleted device registered again: its slot comes back to life
        s = h > 0 ? o.deviceSlotOfBase(h - 1) : -h - 1
        o.dDeleted[s] = 0
        if (o.dBase[s]! >= 0) o.dDeletedCount--
        else o.dNew++
      }
      o.dType[s] = type
      o.dStatus[s] = typed ? CS.statusCode(e.status ?? 'Pending') : 0
      o.dMps[2 * s] = 0
      o.dMps[2 * s + 1] = 0
      o.dLastAt[s] = at
      return null
    }
    if (e.type !== 'StatusChanged' && e.type !== 'MeterPointLinked' && e.type !== 'MeterPointUnlinked' && e.type !== 'DeviceDeleted') {
      const type = (e as { readonly type?: unknown }).type
      return rejection(id, 'invalid_event', `unknown event type ${JSON.stringify(type) ?? String(type)}`)
    }
    if (this.hasEvent(id)) return rejection(id, 'duplicate_event', `event ${id} was already applied`)
    if (at > this.asOf) return rejection(id, 'future_event', `event ${id} at ${e.at} is later than the fold's asOf`)
    if (!this.find(e.deviceId)) return rejection(id, 'unknown_device', `device ${e.deviceId} is not in the inventory`)
    if (at < v.lastAt) {
      return rejection(id, 'out_of_order', `event ${id} at ${e.at} is earlier than device ${this.deviceIdOfView()}'s last event (${CS.instantOfMicros(v.lastAt)})`)
    }
    switch (e.type) {
      case 'StatusChanged': {
        const from = v.status
        if (from === DECOMMISSIONED) return rejection(id, 'device_decommissioned', `device ${this.deviceIdOfView()} is Decommissioned: its status cannot change`)
        if (from === 0) return rejection(id, 'forbidden_status_change', `${deviceTypes[v.type]} ${this.deviceIdOfView()} has no SMI status`)
        const to = CS.statusCode(e.status) as number | undefined
        if (to === undefined || (to !== from && this.allowed[(from - 1) * 9 + (to - 1)] !== 1)) {
          return rejection(id, 'forbidden_status_change', `device ${this.deviceIdOfView()} cannot go from ${deviceStatuses[from - 1]} to ${e.status}`)
        }
        const s = this.ownDevice(v)
        this.o.dLastAt[s] = at
        v.lastAt = at
        // a change to the status it has is an accepted no-op (its instant still counts)
        if (to === from) return null
        this.o.dStatus[s] = to
        v.status = to
        this.deriveEach(v.mp0, v.mp1, CAUSE_STATUS, from, to, false, e)
        return null
      }
      case 'MeterPointLinked': {
        if (v.status === DECOMMISSIONED) return rejection(id, 'device_decommissioned', `device ${this.deviceIdOfView()} is Decommissioned: it cannot be linked`)
        if (v.type !== ESME && v.type !== GSME) return rejection(id, 'not_a_smart_meter', `a ${deviceTypes[v.type]} cannot serve a meter point`)
        const fuel = v.type === ESME ? 'electricity' : 'gas'
        const mpFuel = MeterPointId.fuelOf(e.meterPoint)
        if (mpFuel !== fuel) return rejection(id, 'wrong_fuel_link', `a ${deviceTypes[v.type]} cannot serve ${mpFuel ?? 'unknown'} meter point ${e.meterPoint}`)
        const key = MeterPointKey.keyOf(e.meterPoint)
        let mh = this.store.meterPointHandle(key)
        if (mh !== 0 && (v.mp0 === mh || v.mp1 === mh)) return rejection(id, 'already_linked', `device ${this.deviceIdOfView()} already serves ${e.meterPoint}`)
        const max = v.type === ESME ? 2 : 1
        const count = (v.mp0 !== 0 ? 1 : 0) + (v.mp1 !== 0 ? 1 : 0)
        if (count >= max) {
          return rejection(id, 'too_many_links', `a ${deviceTypes[v.type]} serves at most ${max} meter point${max === 1 ? '' : 's'}; ${this.deviceIdOfView()} serves ${this.mpIdsOfView().join(', ')}`)
        }
        if (mh === 0) mh = -this.o.addMeterPoint(-1, key) - 1
        const ds = this.ownDevice(v)
        this.o.dLastAt[ds] = at
        v.lastAt = at
        // links keep their order, primary first (slot 1 only when slot 0 is taken)
        if (v.mp0 === 0) {
          this.o.dMps[2 * ds] = mh
          v.mp0 = mh
        } else {
          this.o.dMps[2 * ds + 1] = mh
          v.mp1 = mh
        }
        const ms = this.ownMeterPoint(mh)
        this.addMeter(ms, v.handle)
        this.derive(mh, CAUSE_LINKED, 0, 0, false, e)
        return null
      }
      case 'MeterPointUnlinked': {
        const key = MeterPointKey.keyOf(e.meterPoint)
        const mh = key < 0 ? 0 : this.store.meterPointHandle(key)
        if (mh === 0 || (v.mp0 !== mh && v.mp1 !== mh)) return rejection(id, 'not_linked', `device ${this.deviceIdOfView()} does not serve ${e.meterPoint}`)
        const ds = this.ownDevice(v)
        this.o.dLastAt[ds] = at
        v.lastAt = at
        if (v.mp0 === mh) {
          // the secondary becomes the first
          this.o.dMps[2 * ds] = v.mp1
          this.o.dMps[2 * ds + 1] = 0
          v.mp0 = v.mp1
          v.mp1 = 0
        } else {
          this.o.dMps[2 * ds + 1] = 0
          v.mp1 = 0
        }
        this.removeMeter(this.ownMeterPoint(mh), v.handle)
        this.derive(mh, CAUSE_UNLINKED, 0, 0, false, e)
        return null
      }
      case 'DeviceDeleted': {
        const ds = this.ownDevice(v)
        const o = this.o
        o.dDeleted[ds] = 1
        o.dLastAt[ds] = NaN
        if (o.dBase[ds]! >= 0) o.dDeletedCount++
        else o.dNew--
        const m0 = v.mp0
        const m1 = v.mp1
        // the device as it was (links included) is the cause; its slot keeps them for the cause only
        if (m0 !== 0) this.removeMeter(this.ownMeterPoint(m0), v.handle)
        if (m1 !== 0) this.removeMeter(this.ownMeterPoint(m1), v.handle)
        o.dMps[2 * ds] = 0
        o.dMps[2 * ds + 1] = 0
        this.deriveEach(m0, m1, CAUSE_UNLINKED, 0, 0, true, e)
        return null
      }
    }
  }

  private deriveEach(m0: number, m1: number, cause: number, from: number, to: number, deleted: boolean, e: Event): void {
    if (m0 === 0 && m1 === 0) return
    if (m1 === 0 || m0 === 0) {
      this.derive(m0 !== 0 ? m0 : m1, cause, from, to, deleted, e)
      return
    }
    // meter point id order (as strings)
    const a = MeterPointKey.idOf(this.store.keyOf(m0))
    const b = MeterPointKey.idOf(this.store.keyOf(m1))
    if (a < b) {
      this.derive(m0, cause, from, to, deleted, e)
      this.derive(m1, cause, from, to, deleted, e)
    } else {
      this.derive(m1, cause, from, to, deleted, e)
      this.derive(m0, cause, from, to, deleted, e)
    }
  }

  private derive(mh: number, cause: number, from: number, to: number, deleted: boolean, e: Event): void {
    const store = this.store
    const slot = store.meterPointSlot(mh)
    const flag = slot < 0 ? this.base.mpFlag[mh - 1]! : this.o.mFlag[slot]!
    const hs = this.meters
    const n = store.metersAt(mh, slot, hs)
    // the causing device's status is known: no lookup for it
    const known = this.v.handle
    const knownStatus = this.v.status
    let next = 0
    switch (this.builtIn) {
      case 0: {
        // mp077
        let installed = false
        next = -1
        for (let k = 0; k < n; k++) {
          const hk = hs[k]!
          const st = hk === known ? knownStatus : store.statusOf(hk)
          if (st >= COMMISSIONED && st <= 7) {
            next = A
            break
          }
          if (st === INC) installed = true
        }
        if (next < 0) next = installed ? I : flag === 0 ? 0 : N
        break
      }
      case 1: {
        // dspAsBuilt
        if (cause === CAUSE_STATUS) {
          if (to === COMMISSIONED) next = A
          else if (to === DECOMMISSIONED && flag === A && !this.stillServed(hs, n)) next = N
        } else if (cause === CAUSE_LINKED) next = this.v.status === COMMISSIONED ? A : 0
        else next = flag === A && this.v.status === COMMISSIONED && !this.stillServed(hs, n) ? N : 0
        break
      }
      case 2: {
        // businessRequirements
        if (n === 0) break
        let allNonActive = true
        for (let k = 0; k < n; k++) {
          const st = store.statusOf(hs[k]!)
          if (st === COMMISSIONED) {
            next = A
            break
          }
          if (st !== INC && st !== DECOMMISSIONED && st !== 6 && st !== 7) allNonActive = false
        }
        if (next === 0 && allNonActive) next = N
        break
      }
      case 3: {
        // legacySec
        if (n === 0) break
        let allS = true
        let allW = true
        for (let k = 0; k < n; k++) {
          const st = store.statusOf(hs[k]!)
          if (st === COMMISSIONED) {
            next = A
            break
          }
          if (st !== SUSPENDED) allS = false
          if (st !== WITHDRAWN) allW = false
        }
        if (next === 0) next = allS ? S : allW ? W : 0
        break
      }
      default:
        next = this.deriveOnRecords(mh, hs, n, cause, from, to, deleted)
    }
    if (next === 0 || next === flag) return
    const eventDate = this.dateOf(e)
    const s = slot >= 0 ? slot : this.ownMeterPoint(mh)
    // a flag never moves back in time (docs/rules.md section 4)
    const current = this.o.mDate[s]!
    const later = current !== CS.NO_DATE && current > this.dateCode
    const date = later ? CS.dateOfCode(current)! : eventDate
    this.o.mFlag[s] = next
    if (!later) this.o.mDate[s] = this.dateCode
    const mpId = MeterPointKey.idOf(this.o.mKey[s]!) as MeterPointIdT
    this.changes.push({
      meterPoint: mpId,
      fuel: mpId.length === 13 ? 'electricity' : 'gas',
      from: CS.flagByCode[flag]!,
      to: CS.flagByCode[next]!,
      effectiveFrom: date,
      eventId: e.eventId,
      policy: this.policy.name,
    })
  }

  private stillServed(hs: number[], n: number): boolean {
    for (let k = 0; k < n; k++) {
      const st = this.store.statusOf(hs[k]!)
      if (st !== DECOMMISSIONED && st !== WITHDRAWN) return true
    }
    return false
  }

  /** A policy that is not built in sees records, as in `Reducer`. */
  private deriveOnRecords(mh: number, hs: number[], n: number, cause: number, from: number, to: number, deleted: boolean): number {
    const store = this.store
    const mp = store.meterPointAt(mh)
    const meters: DeviceRecord[] = []
    const byId: Array<[string, number]> = []
    for (let k = 0; k < n; k++) byId.push([store.deviceIdOf(hs[k]!), hs[k]!])
    byId.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    for (const [, h] of byId) meters.push(store.deviceAt(h)!)
    const v = this.v
    const mps: MeterPointIdT[] = []
    // for a deletion the view still holds the links the device had: the cause is the device as it was
    if (v.mp0 !== 0) mps.push(MeterPointKey.idOf(store.keyOf(v.mp0)) as MeterPointIdT)
    if (v.mp1 !== 0) mps.push(MeterPointKey.idOf(store.keyOf(v.mp1)) as MeterPointIdT)
    const device: DeviceRecord = { id: CS.deviceIdOf(v.hi, v.lo), type: deviceTypes[v.type]!, status: CS.statusByCode[v.status]!, meterPoints: mps, lastEventAt: CS.instantOfMicros(v.lastAt) }
    const c: Policy.Cause =
      cause === CAUSE_STATUS
        ? { kind: 'statusChanged', device, from: CS.statusByCode[from]!, to: CS.statusByCode[to]! }
        : cause === CAUSE_LINKED
          ? { kind: 'linked', device }
          : { kind: 'unlinked', device, deleted }
    const got = this.policy.derive({ meterPoint: mp, flag: mp.flag, meters, cause: c })
    if (got === null || got === mp.flag) return 0
    if (!this.policy.flags.includes(got)) {
      throw new TypeError(`policy ${this.policy.name} derived flag ${String(got)}, which is not among its flags (${this.policy.flags.join(', ')})`)
    }
    return CS.flagCode(got)
  }

  private dateOf(e: Event): CalendarDate.CalendarDate {
    if (this.dateEvent !== e) {
      const secs = Instant.epochSeconds(e.at)
      if (Number.isNaN(secs)) throw new TypeError(`event ${e.eventId}: at ${JSON.stringify(e.at)} is not an instant; decode events with Model.eventCodec`)
      // a date code is the day number (CompactStore.dateCode)
      this.dateCode = Instant.londonDay(secs)
      this.date = Instant.dateOfDay(this.dateCode)
      this.dateEvent = e
    }
    return this.date!
  }
}

/**
 * A state's parts for the fast path: the layered store of its base, when the base is compact and
 * its delta holds no device or event (meter point records from `State.withMeterPoints` are folded
 * in by the fold).
 *
 * @example
 * fastPathOf(State.fromStore(CompactStore.fromInventory(inv)).base, emptyDelta) // a Layered
 * @since 0.1.0
 * @category utils
 */
export const fastPathOf = (
  base: Store.Store,
  delta: { readonly meterPoints: ShardedMap<MeterPointRecord>; readonly devices: ShardedMap<DeviceRecord | null>; readonly events: ShardedSet },
): Layered | null => (delta.devices.size === 0 && delta.events.size === 0 ? layeredOf(base) : null)

/**
 * An empty generic delta (for states whose changes live in a layered store).
 *
 * @example
 * emptyDelta().meterPoints.size // 0
 * @since 0.1.0
 * @category constructors
 */
export const emptyDelta = () => ({ meterPoints: new ShardedMap<MeterPointRecord>(), devices: new ShardedMap<DeviceRecord | null>(), events: new ShardedSet() })
