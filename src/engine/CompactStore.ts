/**
 * A compact {@link Store.Store} for GB scale: no `Map` or `Set` per record (V8 stops both at 2^24
 * entries, and a JS object per record costs ~100 bytes), but typed arrays indexed by a dense record
 * number and two open-addressing hash tables from ids to record numbers.
 *
 * - Meter point ids become numbers with `MeterPointKey.keyOf` (an MPAN core < 10^13 and an MPRN,
 *   its length kept so leading zeros round-trip, both fit a double exactly).
 * - Device ids (EUI-64) are two uint32 halves.
 * - Flags and statuses are uint8 codes; dates are days since 1970-01-01 in an int32.
 * - Links are fixed slots: two meter points per device (an ESME serves at most two, a GSME one);
 *   two meters per meter point, the rare third and later ones in an overflow list.
 *
 * Records handed out by the {@link Store.Store} interface are built on read. The store is never
 * written after {@link Builder.build}; the reducer's delta overlay sits on top of it.
 *
 * @since 0.1.0
 */
import * as CalendarDate from '../identifiers/CalendarDate'
import type { Flag } from '../identifiers/Flag'
import type * as MeterPointIdModule from '../identifiers/MeterPointId'
import type * as DeviceIdModule from '../identifiers/DeviceId'
import * as DeviceKey from '../identifiers/DeviceKey'
import * as Instant from '../identifiers/Instant'
import * as MeterPointKey from '../identifiers/MeterPointKey'
import type { DeviceRecord, DeviceStatus, DeviceType, Hold, Inventory, MeterPointRecord, Notified } from './Model'
import { deviceStatuses, deviceTypes } from './Model'
import { ShardedSet } from './Sharded'
import type * as Store from './Store'

// -------------------------------------------------------------------------------------------------
// codes
// -------------------------------------------------------------------------------------------------

/**
 * Flag codes: 0 is null, then A, I, N, S, W.
 *
 * @example
 * flagByCode[1] // 'A'
 * @since 0.1.0
 * @category constants
 */
export const flagByCode: ReadonlyArray<Flag | null> = [null, 'A', 'I', 'N', 'S', 'W']

/**
 * The code of a flag (0 for null).
 *
 * @example
 * flagCode('A') // 1
 * flagCode(null) // 0
 * @since 0.1.0
 * @category conversions
 */
export const flagCode = (flag: Flag | null): number =>
  flag === null ? 0 : flag === 'A' ? 1 : flag === 'I' ? 2 : flag === 'N' ? 3 : flag === 'S' ? 4 : 5

/**
 * Status codes: 0 is null (IHD, CAD), then `Model.deviceStatuses` from 1.
 *
 * @example
 * statusByCode[4] // 'Commissioned'
 * @since 0.1.0
 * @category constants
 */
export const statusByCode: ReadonlyArray<DeviceStatus | null> = [null, ...deviceStatuses]

/**
 * The code of an SMI status (0 for null; `undefined` for a string that is not a status, which a
 * decoded event never has).
 *
 * @example
 * statusCode('Commissioned') // 4
 * @since 0.1.0
 * @category conversions
 */
export const statusCode = (status: DeviceStatus | null): number => {
  // a switch, not a keyed lookup: it runs once per replayed event (order as Model.deviceStatuses)
  switch (status) {
    case null:
      return 0
    case 'Pending':
      return 1
    case 'Whitelisted':
      return 2
    case 'InstalledNotCommissioned':
      return 3
    case 'Commissioned':
      return 4
    case 'Suspended':
      return 5
    case 'Recovery':
      return 6
    case 'Recovered':
      return 7
    case 'Withdrawn':
      return 8
    case 'Decommissioned':
      return 9
    default:
      return undefined as unknown as number
  }
}

const typeCodes: Readonly<Record<string, number>> = Object.fromEntries(deviceTypes.map((s, i) => [s, i]))

/**
 * The code of a device type: its index in `Model.deviceTypes` (ESME 0, GSME 1, …).
 *
 * @example
 * typeCode('GSME') // 1
 * @since 0.1.0
 * @category conversions
 */
export const typeCode = (type: DeviceType): number => typeCodes[type]!

/**
 * The date code of no date.
 *
 * @example
 * dateOfCode(NO_DATE) // null
 * @since 0.1.0
 * @category constants
 */
export const NO_DATE = -0x80000000

/**
 * The code of a date: days since 1970-01-01, or {@link NO_DATE}.
 *
 * @example
 * dateCode('19700102') // 1
 * @since 0.1.0
 * @category conversions
 */
export const dateCode = (date: CalendarDate.CalendarDate | null): number =>
  date === null
    ? NO_DATE
    : CalendarDate.daysFromCivil(
        (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48),
        (date.charCodeAt(4) - 48) * 10 + (date.charCodeAt(5) - 48),
        (date.charCodeAt(6) - 48) * 10 + (date.charCodeAt(7) - 48),
      )

/**
 * The date of a code (inverse of {@link dateCode}).
 *
 * @example
 * dateOfCode(1) // '19700102'
 * @since 0.1.0
 * @category conversions
 */
export const dateOfCode = (code: number): CalendarDate.CalendarDate | null => (code === NO_DATE ? null : CalendarDate.civilFromDays(code))

// -------------------------------------------------------------------------------------------------
// device ids as two uint32 halves
// -------------------------------------------------------------------------------------------------

/**
 * The high 32 bits of a canonical device id, or -1 (`DeviceKey.hi`).
 *
 * @example
 * deviceHi('00-0D-6F-00-00-00-00-01') // 0x000d6f00
 * @since 0.1.0
 * @category conversions
 */
export const deviceHi = DeviceKey.hi

/**
 * The low 32 bits of a canonical device id, or -1 (`DeviceKey.lo`).
 *
 * @example
 * deviceLo('00-0D-6F-00-00-00-00-01') // 1
 * @since 0.1.0
 * @category conversions
 */
export const deviceLo = DeviceKey.lo

/**
 * The canonical device id of two uint32 halves (`DeviceKey.idOf`).
 *
 * @example
 * deviceIdOf(0x000d6f00, 1) // '00-0D-6F-00-00-00-00-01'
 * @since 0.1.0
 * @category conversions
 */
export const deviceIdOf = DeviceKey.idOf

/**
 * An instant as microseconds since the epoch (`NaN` for none).
 *
 * @example
 * microsOf(null) // NaN
 * @since 0.2.0
 * @category conversions
 */
export const microsOf = (at: string | null): number => (at === null ? NaN : Instant.epochMicros(at))

/**
 * The canonical instant of microseconds since the epoch, or null for `NaN`.
 *
 * @example
 * instantOfMicros(NaN) // null
 * @since 0.2.0
 * @category conversions
 */
export const instantOfMicros = (micros: number): Instant.Instant | null => (Number.isNaN(micros) ? null : Instant.ofEpochMicros(micros))

// -------------------------------------------------------------------------------------------------
// open addressing
// -------------------------------------------------------------------------------------------------

const TWO_32 = 4294967296

/**
 * A 32-bit mix of two 32-bit words (murmur3 finaliser): the hash of the open-addressing tables here
 * and in the compact reducer's overlay.
 *
 * @example
 * mix(1, 0) === mix(1, 0) // true
 * @since 0.1.0
 * @category internals
 */
export const mix = (lo: number, hi: number): number => {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * The hash of a numeric meter point key (a double below 2^53). The high half is taken by
 * multiplying by 2^-32, which equals dividing by 2^32 and is cheaper in bulk indexing.
 *
 * @example
 * keyHash(1200023305967) === mix(1200023305967 >>> 0, Math.floor(1200023305967 / 2 ** 32)) // true
 * @since 0.1.0
 * @category internals
 */
export const keyHash = (key: number): number => mix(key >>> 0, (key * (1 / TWO_32)) >>> 0)

// Open addressing with linear probing over tables whose slots hold record number + 1 (0 = empty).
// Each returns the slot where the key is, or the empty slot where it would go; one per key array
// type, so that every call site stays monomorphic on the hot path.

/**
 * The slot of a numeric key (meter point keys in a `Float64Array`), or the empty slot for it.
 *
 * @example
 * const table = new Int32Array(8); const keys = new Float64Array(4)
 * table[slotOfNumber(table, keys, 42, keyHash(42))] // 0: not there
 * @since 0.1.0
 * @category internals
 */
export const slotOfNumber = (table: Int32Array, keys: Float64Array, key: number, hash: number): number => {
  const mask = table.length - 1
  let slot = hash & mask
  for (;;) {
    const v = table[slot]!
    if (v === 0 || keys[v - 1] === key) return slot
    slot = (slot + 1) & mask
  }
}

/**
 * The slot of an integer key (record numbers in an `Int32Array`), or the empty slot for it.
 *
 * @example
 * const table = new Int32Array(8); const keys = new Int32Array(4)
 * table[slotOfInt(table, keys, 3, mix(3, 0x5bd1e995))] // 0: not there
 * @since 0.1.0
 * @category internals
 */
export const slotOfInt = (table: Int32Array, keys: Int32Array, key: number, hash: number): number => {
  const mask = table.length - 1
  let slot = hash & mask
  for (;;) {
    const v = table[slot]!
    if (v === 0 || keys[v - 1] === key) return slot
    slot = (slot + 1) & mask
  }
}

/**
 * The slot of a device id given as two uint32 halves, or the empty slot for it.
 *
 * @example
 * const table = new Int32Array(8); const his = new Uint32Array(4); const los = new Uint32Array(4)
 * table[slotOfHalves(table, his, los, 0x000d6f00, 1)] // 0: not there
 * @since 0.1.0
 * @category internals
 */
export const slotOfHalves = (table: Int32Array, his: Uint32Array, los: Uint32Array, hi: number, lo: number): number => {
  const mask = table.length - 1
  let slot = mix(lo, hi) & mask
  for (;;) {
    const v = table[slot]!
    if (v === 0 || (los[v - 1] === lo && his[v - 1] === hi)) return slot
    slot = (slot + 1) & mask
  }
}

/** The table capacity for `n` entries: a power of two, at most half full. */
const tableCapacity = (n: number): number => {
  let c = 16
  while (c < n * 2) c *= 2
  return c
}

/** A meter point key in the base order of ids as strings: base 11, a digit d as d+1, the end as 0. */
const lexKey = (key: number): number => {
  const id = MeterPointKey.idOf(key)
  let v = 0
  for (let i = 0; i < 13; i++) v = v * 11 + (i < id.length ? id.charCodeAt(i) - 47 : 0)
  return v
}

const growF64 = (a: Float64Array, n: number): Float64Array => {
  const b = new Float64Array(n)
  b.set(a)
  return b
}
const growU32 = (a: Uint32Array, n: number): Uint32Array => {
  const b = new Uint32Array(n)
  b.set(a)
  return b
}
const growI32 = (a: Int32Array, n: number, fill = 0): Int32Array => {
  const b = new Int32Array(n)
  b.set(a)
  if (fill !== 0) b.fill(fill, a.length)
  return b
}
const growU8 = (a: Uint8Array, n: number): Uint8Array => {
  const b = new Uint8Array(n)
  b.set(a)
  return b
}

// Bulk indexing: a builder appends records and indexes them when first asked (a lookup or `build`).
// Into an empty table, n records go in home-slot order in one sequential sweep instead of n random
// probes: at GB scale the random probes (a cache and TLB miss each, and one more for every key
// compared on the way) were most of the build. Records are sorted by a 32-bit sort key, the hash
// rotated so that its home-slot bits come first: one scatter pass by the top bits of the home into
// buckets (few enough that the scatter stays within the TLB), then each bucket, which covers its own
// stretch of the table, is sorted by the rest of the home in a small cache-resident scratch, checked
// for duplicates (equal keys have equal sort keys) and swept into the table.

/** Fewer pending records than this are inserted one by one; as many or more, in bulk. */
const BULK_MIN = 64

/** Bits of the home slot the scatter pass buckets by: 1024 buckets. */
const SCATTER_BITS = 10

/** Bits per counting-sort pass within a bucket. */
const LOCAL_BITS = 9

/** log2 of a table capacity (a power of two). */
const bitsOf = (capacity: number): number => 31 - Math.clz32(capacity)

/** The sort key of a hash for a table of 2^bits slots: the hash rotated so its home slot is on top. */
const sortKeyOf = (hash: number, bits: number): number => ((hash << (32 - bits)) | (hash >>> bits)) >>> 0

/**
 * Bucket starts for the scatter pass: `starts[b]` is the first pair of bucket `b` (of `2^top`), and
 * `starts[2^top]` the end, from the counts in `starts[b + 1]`.
 */
const prefixSums = (starts: Uint32Array): void => {
  let sum = 0
  for (let b = 0; b < starts.length; b++) {
    sum += starts[b]!
    starts[b] = sum
  }
}

/**
 * The second half of a bulk index: `pairs` holds (sort key, record number) pairs scattered into
 * buckets by the top `top` bits of the home (`starts` as from {@link prefixSums}), each bucket in
 * record order. Sorts each bucket by home slot, finds duplicates (`sameKey` of two record numbers,
 * asked only when their sort keys are equal) and places the records: each at the first slot at or
 * after both its home and the previous record's slot, so every slot from an entry's home to the
 * entry is taken, as linear probing requires; those pushed past the end wrap to the first free
 * slots from 0, where probing would put them. Returns the first duplicate by record number (the
 * table then left empty), or -1.
 */
const placeInHomeOrder = (
  table: Int32Array,
  pairs: Uint32Array,
  starts: Uint32Array,
  top: number,
  sameKey: (a: number, b: number) => boolean,
): number => {
  const size = table.length
  const bits = bitsOf(size)
  const homeShift = 32 - bits
  const rest = bits - top
  const passes = rest === 0 ? 0 : Math.ceil(rest / LOCAL_BITS)
  const width = passes === 0 ? 0 : Math.ceil(rest / passes)
  const localMask = (1 << width) - 1
  const buckets = starts.length - 1
  let largest = 0
  for (let b = 0; b < buckets; b++) largest = Math.max(largest, starts[b + 1]! - starts[b]!)
  const scratchA = new Uint32Array(passes === 0 ? 0 : 2 * largest)
  const scratchB = new Uint32Array(passes <= 1 ? 0 : 2 * largest)
  const count = new Uint32Array(localMask + 1)
  const deferred: number[] = []
  let duplicate = -1
  let cursor = 0
  for (let b = 0; b < buckets; b++) {
    // sort the bucket by the home bits below its top ones, stably (LSD)
    const n = starts[b + 1]! - starts[b]!
    if (n === 0) continue
    let src = pairs
    let from = 2 * starts[b]!
    for (let p = 0; p < passes; p++) {
      const dst = p % 2 === 0 ? scratchA : scratchB
      const shift = homeShift + p * width
      count.fill(0)
      for (let j = from; j < from + 2 * n; j += 2) count[(src[j]! >>> shift) & localMask]!++
      let sum = 0
      for (let c = 0; c <= localMask; c++) {
        const k = count[c]!
        count[c] = sum
        sum += 2 * k
      }
      for (let j = from; j < from + 2 * n; j += 2) {
        const s = src[j]!
        const at = count[(s >>> shift) & localMask]!
        count[(s >>> shift) & localMask] = at + 2
        dst[at] = s
        dst[at + 1] = src[j + 1]!
      }
      src = dst
      from = 0
    }
    // duplicates: equal keys share a home and a sort key; a home's records are in record order
    let group = from
    for (let j = from + 2; j < from + 2 * n; j += 2) {
      const s = src[j]!
      if (s >>> homeShift !== src[j - 2]! >>> homeShift) {
        group = j
        continue
      }
      for (let k = group; k < j; k += 2) {
        if (src[k] === s && sameKey(src[k + 1]!, src[j + 1]!)) {
          const r = src[j + 1]!
          if (duplicate < 0 || r < duplicate) duplicate = r
          break
        }
      }
    }
    if (duplicate >= 0) continue
    // the sweep
    for (let j = from; j < from + 2 * n; j += 2) {
      const home = src[j]! >>> homeShift
      const slot = home > cursor ? home : cursor
      if (slot >= size) deferred.push(src[j + 1]!)
      else {
        table[slot] = src[j + 1]! + 1
        cursor = slot + 1
      }
    }
  }
  if (duplicate >= 0) {
    table.fill(0)
    return duplicate
  }
  let free = 0
  for (const r of deferred) {
    while (table[free] !== 0) free++
    table[free++] = r + 1
  }
  return -1
}

/** A scratch of at least `length` words: `scratch` when big enough. */
const scratchOf = (scratch: Uint32Array | null, length: number): Uint32Array =>
  scratch !== null && scratch.length >= length ? scratch.subarray(0, length) : new Uint32Array(length)

/**
 * Indexes meter points `0 … n - 1` into an empty table in bulk, or returns the first duplicate by
 * record number (leaving the table empty); -1 when done. `scratch` is used when it holds `2n` words.
 */
const bulkIndexNumbers = (table: Int32Array, keys: Float64Array, n: number, scratch: Uint32Array | null): number => {
  const bits = bitsOf(table.length)
  const top = Math.min(bits, SCATTER_BITS)
  const topShift = 32 - top
  const starts = new Uint32Array((1 << top) + 1)
  for (let i = 0; i < n; i++) starts[(sortKeyOf(keyHash(keys[i]!), bits) >>> topShift) + 1]!++
  prefixSums(starts)
  const next = starts.slice(0, starts.length - 1)
  const pairs = scratchOf(scratch, 2 * n)
  for (let i = 0; i < n; i++) {
    const s = sortKeyOf(keyHash(keys[i]!), bits)
    const at = 2 * next[s >>> topShift]!++
    pairs[at] = s
    pairs[at + 1] = i
  }
  return placeInHomeOrder(table, pairs, starts, top, (a, b) => keys[a] === keys[b])
}

/** {@link bulkIndexNumbers} for devices (ids as two halves). */
const bulkIndexHalves = (table: Int32Array, his: Uint32Array, los: Uint32Array, n: number, scratch: Uint32Array | null): number => {
  const bits = bitsOf(table.length)
  const top = Math.min(bits, SCATTER_BITS)
  const topShift = 32 - top
  const starts = new Uint32Array((1 << top) + 1)
  for (let i = 0; i < n; i++) starts[(sortKeyOf(mix(los[i]!, his[i]!), bits) >>> topShift) + 1]!++
  prefixSums(starts)
  const next = starts.slice(0, starts.length - 1)
  const pairs = scratchOf(scratch, 2 * n)
  for (let i = 0; i < n; i++) {
    const s = sortKeyOf(mix(los[i]!, his[i]!), bits)
    const at = 2 * next[s >>> topShift]!++
    pairs[at] = s
    pairs[at + 1] = i
  }
  return placeInHomeOrder(table, pairs, starts, top, (a, b) => los[a] === los[b] && his[a] === his[b])
}

// -------------------------------------------------------------------------------------------------
// the store
// -------------------------------------------------------------------------------------------------

/** Capacity hints for a {@link Builder}. @since 0.1.0 @category model */
export interface Capacity {
  readonly meterPoints?: number
  readonly devices?: number
}

/**
 * A compact store. Its typed arrays are public for the reducer's fast path and for the parallel
 * replay; treat them as read-only.
 *
 * @example
 * const store = fromInventory({ meterPoints: [], devices: [] })
 * store.size.meterPoints // 0
 * @since 0.1.0
 * @category model
 */
export class CompactStore implements Store.Store {
  /** @internal */
  constructor(
    /** Meter points. */
    readonly mpCount: number,
    readonly mpKey: Float64Array,
    readonly mpFlag: Uint8Array,
    readonly mpDate: Int32Array,
    readonly mpNotifiedFlag: Uint8Array,
    readonly mpNotifiedDate: Int32Array,
    /** Two meter slots per meter point: device number + 1, 0 when empty. */
    readonly mpMeters: Int32Array,
    /** The third and later meters of a meter point (rare). */
    readonly mpMoreMeters: ReadonlyMap<number, ReadonlyArray<number>>,
    readonly mpHeld: ReadonlyMap<number, Hold>,
    readonly mpTable: Int32Array,
    /** Devices. */
    readonly devCount: number,
    readonly devHi: Uint32Array,
    readonly devLo: Uint32Array,
    readonly devType: Uint8Array,
    readonly devStatus: Uint8Array,
    /** Two meter point slots per device: meter point number + 1, 0 when empty, in link order. */
    readonly devMeterPoints: Int32Array,
    readonly devTable: Int32Array,
    readonly events: ShardedSet,
    /** The instant of each device's last event, in microseconds since the epoch (`NaN`: none). */
    readonly devLastAt: Float64Array,
  ) {
    this.size = { meterPoints: mpCount, devices: devCount, events: events.size }
  }

  readonly size: { readonly meterPoints: number; readonly devices: number; readonly events: number }
  private mpOrder: Uint32Array | null = null
  private devOrder: Uint32Array | null = null

  /** The number of the meter point of a key, or -1. */
  meterPointIndex(key: number): number {
    return this.mpTable[slotOfNumber(this.mpTable, this.mpKey, key, keyHash(key))]! - 1
  }

  /** The number of the device of two halves, or -1. */
  deviceIndex(hi: number, lo: number): number {
    return this.devTable[slotOfHalves(this.devTable, this.devHi, this.devLo, hi, lo)]! - 1
  }

  /** The device numbers of the meters of meter point `i`, in no order. */
  metersOf(i: number): number[] {
    const out: number[] = []
    const a = this.mpMeters[2 * i]!
    if (a !== 0) out.push(a - 1)
    const b = this.mpMeters[2 * i + 1]!
    if (b !== 0) out.push(b - 1)
    const more = this.mpMoreMeters.get(i)
    if (more !== undefined) for (const d of more) out.push(d)
    return out
  }

  /** The record of meter point `i`. */
  meterPointAt(i: number): MeterPointRecord {
    const key = this.mpKey[i]!
    const id = MeterPointKey.idOf(key) as MeterPointIdModule.MeterPointId
    const meters = this.metersOf(i).map((d) => deviceIdOf(this.devHi[d]!, this.devLo[d]!))
    if (meters.length > 1) meters.sort()
    const nf = this.mpNotifiedFlag[i]!
    return {
      id,
      fuel: id.length === 13 ? 'electricity' : 'gas',
      flag: flagByCode[this.mpFlag[i]!]!,
      effectiveFrom: dateOfCode(this.mpDate[i]!),
      meters: meters as ReadonlyArray<DeviceIdModule.DeviceId>,
      notified: nf === 0 ? null : { flag: flagByCode[nf]!, effectiveFrom: dateOfCode(this.mpNotifiedDate[i]!)! },
      held: this.mpHeld.get(i) ?? null,
    }
  }

  /** The record of device `i`. */
  deviceAt(i: number): DeviceRecord {
    const mps: MeterPointIdModule.MeterPointId[] = []
    const a = this.devMeterPoints[2 * i]!
    if (a !== 0) mps.push(MeterPointKey.idOf(this.mpKey[a - 1]!) as MeterPointIdModule.MeterPointId)
    const b = this.devMeterPoints[2 * i + 1]!
    if (b !== 0) mps.push(MeterPointKey.idOf(this.mpKey[b - 1]!) as MeterPointIdModule.MeterPointId)
    return {
      id: deviceIdOf(this.devHi[i]!, this.devLo[i]!),
      type: deviceTypes[this.devType[i]!]!,
      status: statusByCode[this.devStatus[i]!]!,
      meterPoints: mps,
      lastEventAt: instantOfMicros(this.devLastAt[i]!),
    }
  }

  meterPoint = (id: string): MeterPointRecord | undefined => {
    const key = MeterPointKey.keyOf(id)
    if (key < 0) return undefined
    const i = this.meterPointIndex(key)
    return i < 0 ? undefined : this.meterPointAt(i)
  }

  device = (id: string): DeviceRecord | undefined => {
    const hi = deviceHi(id)
    const lo = deviceLo(id)
    if (hi < 0 || lo < 0) return undefined
    const i = this.deviceIndex(hi, lo)
    return i < 0 ? undefined : this.deviceAt(i)
  }

  hasEvent = (eventId: string): boolean => this.events.has(eventId)

  meterPoints = (): Iterable<MeterPointRecord> => {
    if (this.mpOrder === null) {
      const keys = new Float64Array(this.mpCount)
      for (let i = 0; i < this.mpCount; i++) keys[i] = lexKey(this.mpKey[i]!)
      this.mpOrder = MeterPointKey.sortedOrder(keys, this.mpCount)
    }
    const order = this.mpOrder
    const self = this
    return (function* () {
      for (let j = 0; j < order.length; j++) yield self.meterPointAt(order[j]!)
    })()
  }

  devices = (): Iterable<DeviceRecord> => {
    if (this.devOrder === null) {
      // stable LSD: by the low half, then by the high half
      const n = this.devCount
      const lo = new Float64Array(n)
      for (let i = 0; i < n; i++) lo[i] = this.devLo[i]!
      const byLo = MeterPointKey.sortedOrder(lo, n)
      const hi = new Float64Array(n)
      for (let j = 0; j < n; j++) hi[j] = this.devHi[byLo[j]!]!
      const byHi = MeterPointKey.sortedOrder(hi, n)
      const order = new Uint32Array(n)
      for (let j = 0; j < n; j++) order[j] = byLo[byHi[j]!]!
      this.devOrder = order
    }
    const order = this.devOrder
    const self = this
    return (function* () {
      for (let j = 0; j < order.length; j++) yield self.deviceAt(order[j]!)
    })()
  }

  eventIds = (): Iterable<string> => this.events.values()

  /** Bytes held by the typed arrays (not the overflow maps or event ids). */
  get byteLength(): number {
    return (
      this.mpKey.byteLength + this.mpFlag.byteLength + this.mpDate.byteLength + this.mpNotifiedFlag.byteLength +
      this.mpNotifiedDate.byteLength + this.mpMeters.byteLength + this.mpTable.byteLength + this.devHi.byteLength +
      this.devLo.byteLength + this.devType.byteLength + this.devStatus.byteLength + this.devMeterPoints.byteLength +
      this.devTable.byteLength + this.devLastAt.byteLength
    )
  }
}

/**
 * True when a store is a {@link CompactStore}.
 *
 * @example
 * isCompact(fromInventory({ meterPoints: [], devices: [] })) // true
 * @since 0.1.0
 * @category refinements
 */
export const isCompact = (store: Store.Store): store is CompactStore => store instanceof CompactStore

// -------------------------------------------------------------------------------------------------
// building
// -------------------------------------------------------------------------------------------------

/**
 * Builds a {@link CompactStore} record by record, growing its arrays as needed (pass capacity
 * hints to avoid regrowth at GB scale). Write-once: call {@link Builder.build} at the end.
 *
 * @example
 * const b = new Builder()
 * const mp = b.addMeterPoint(MeterPointKey.keyOf('1200023305967'))
 * const d = b.addDevice(0x000d6f00, 1, typeCode('ESME'), statusCode('Commissioned'))
 * b.link(d, mp)
 * b.build().meterPoint('1200023305967')?.meters // ['00-0D-6F-00-00-00-00-01']
 * @since 0.1.0
 * @category constructors
 */
export class Builder {
  private mpCount = 0
  private mpKey: Float64Array
  private mpFlag: Uint8Array
  private mpDate: Int32Array
  private mpNotifiedFlag: Uint8Array
  private mpNotifiedDate: Int32Array
  private mpMeters: Int32Array
  private readonly mpMoreMeters = new Map<number, number[]>()
  private readonly mpHeld = new Map<number, Hold>()
  private mpTable: Int32Array
  private devCount = 0
  private devHi: Uint32Array
  private devLo: Uint32Array
  private devType: Uint8Array
  private devStatus: Uint8Array
  private devMeterPoints: Int32Array
  private devLastAt: Float64Array
  private devTable: Int32Array
  private readonly events = new ShardedSet()
  private built = false
  /** Records in the tables so far: the rest are appended but not yet indexed. */
  private mpIndexed = 0
  private devIndexed = 0
  /** While `build` indexes both kinds in bulk, the scatter scratch they share. */
  private scratch: Uint32Array | null = null

  constructor(capacity: Capacity = {}) {
    const m = Math.max(16, capacity.meterPoints ?? 1024)
    const d = Math.max(16, capacity.devices ?? 1024)
    this.mpKey = new Float64Array(m)
    this.mpFlag = new Uint8Array(m)
    this.mpDate = new Int32Array(m).fill(NO_DATE)
    this.mpNotifiedFlag = new Uint8Array(m)
    this.mpNotifiedDate = new Int32Array(m).fill(NO_DATE)
    this.mpMeters = new Int32Array(2 * m)
    this.mpTable = new Int32Array(tableCapacity(m))
    this.devHi = new Uint32Array(d)
    this.devLo = new Uint32Array(d)
    this.devType = new Uint8Array(d)
    this.devStatus = new Uint8Array(d)
    this.devMeterPoints = new Int32Array(2 * d)
    this.devLastAt = new Float64Array(d).fill(NaN)
    this.devTable = new Int32Array(tableCapacity(d))
  }

  /** Meter points added so far. */
  get meterPointCount(): number {
    return this.mpCount
  }

  /** Devices added so far. */
  get deviceCount(): number {
    return this.devCount
  }

  /** The number of the meter point of a key, or -1. */
  meterPointIndex(key: number): number {
    if (this.mpIndexed !== this.mpCount) this.indexMeterPoints()
    return this.mpTable[slotOfNumber(this.mpTable, this.mpKey, key, keyHash(key))]! - 1
  }

  /** The number of the device of two halves, or -1. */
  deviceIndex(hi: number, lo: number): number {
    if (this.devIndexed !== this.devCount) this.indexDevices()
    return this.devTable[slotOfHalves(this.devTable, this.devHi, this.devLo, hi, lo)]! - 1
  }

  /**
   * Adds a meter point (a key from `MeterPointKey.keyOf`) with its flag, date and notified codes
   * and returns its number. A key already present is a programmer error, thrown by the next lookup
   * or `build` (records are indexed lazily, in bulk); the builder is unusable after it.
   */
  addMeterPoint(key: number, flag = 0, date = NO_DATE, notifiedFlag = 0, notifiedDate = NO_DATE, held: Hold | null = null): number {
    this.assertOpen()
    if (this.mpCount === this.mpKey.length) this.growMeterPoints()
    const i = this.mpCount
    this.mpKey[i] = key
    this.mpFlag[i] = flag
    this.mpDate[i] = date
    this.mpNotifiedFlag[i] = notifiedFlag
    this.mpNotifiedDate[i] = notifiedDate
    if (held !== null) this.mpHeld.set(i, held)
    this.mpCount++
    return i
  }

  /** The number of the meter point of a key, added blank (no flag, no links) when missing. */
  ensureMeterPoint(key: number): number {
    const i = this.meterPointIndex(key)
    return i >= 0 ? i : this.addMeterPoint(key)
  }

  /**
   * Adds a device (type and status codes) and returns its number; a duplicate is a programmer error,
   * thrown like a duplicate meter point's.
   */
  addDevice(hi: number, lo: number, type: number, status: number, lastAt = NaN): number {
    this.assertOpen()
    if (this.devCount === this.devHi.length) this.growDevices()
    const i = this.devCount
    this.devHi[i] = hi
    this.devLo[i] = lo
    this.devType[i] = type
    this.devStatus[i] = status
    this.devLastAt[i] = lastAt
    this.devCount++
    return i
  }

  /** Links device `d` to meter point `m` (both numbers); a third meter point on a device is a programmer error. */
  link(d: number, m: number): void {
    this.assertOpen()
    const dm = this.devMeterPoints
    if (dm[2 * d] === 0) dm[2 * d] = m + 1
    else if (dm[2 * d + 1] === 0) dm[2 * d + 1] = m + 1
    else throw new Error(`CompactStore.Builder: device ${deviceIdOf(this.devHi[d]!, this.devLo[d]!)} has two meter points already`)
    const mm = this.mpMeters
    if (mm[2 * m] === 0) mm[2 * m] = d + 1
    else if (mm[2 * m + 1] === 0) mm[2 * m + 1] = d + 1
    else {
      const more = this.mpMoreMeters.get(m)
      if (more === undefined) this.mpMoreMeters.set(m, [d])
      else more.push(d)
    }
  }

  /** Records an applied event id. */
  addEvent(eventId: string): void {
    this.assertOpen()
    this.events.add(eventId)
  }

  /** The store. The builder cannot be used afterwards. */
  build(): CompactStore {
    this.assertOpen()
    if (this.mpIndexed === 0 && this.mpCount >= BULK_MIN && this.devIndexed === 0 && this.devCount >= BULK_MIN) {
      this.scratch = new Uint32Array(2 * Math.max(this.mpCount, this.devCount))
    }
    try {
      this.indexMeterPoints()
      this.indexDevices()
    } finally {
      this.scratch = null
    }
    this.built = true
    return new CompactStore(
      this.mpCount, this.mpKey, this.mpFlag, this.mpDate, this.mpNotifiedFlag, this.mpNotifiedDate, this.mpMeters,
      this.mpMoreMeters, this.mpHeld, this.mpTable,
      this.devCount, this.devHi, this.devLo, this.devType, this.devStatus, this.devMeterPoints, this.devTable, this.events,
      this.devLastAt,
    )
  }

  private assertOpen(): void {
    if (this.built) throw new Error('CompactStore.Builder: already built')
  }

  /** Indexes the meter points appended since the last lookup: in bulk into an empty table, else one by one. */
  private indexMeterPoints(): void {
    const n = this.mpCount
    const table = this.mpTable
    const keys = this.mpKey
    let i = this.mpIndexed
    if (i === n) return
    if (i === 0 && n >= BULK_MIN) {
      const duplicate = bulkIndexNumbers(table, keys, n, this.scratch)
      if (duplicate >= 0) throw duplicateMeterPoint(keys[duplicate]!)
      this.mpIndexed = n
      return
    }
    for (; i < n; i++) {
      const key = keys[i]!
      const slot = slotOfNumber(table, keys, key, keyHash(key))
      if (table[slot] !== 0) {
        this.mpIndexed = i
        throw duplicateMeterPoint(key)
      }
      table[slot] = i + 1
    }
    this.mpIndexed = n
  }

  /** {@link Builder.indexMeterPoints} for devices. */
  private indexDevices(): void {
    const n = this.devCount
    const table = this.devTable
    const his = this.devHi
    const los = this.devLo
    let i = this.devIndexed
    if (i === n) return
    if (i === 0 && n >= BULK_MIN) {
      const duplicate = bulkIndexHalves(table, his, los, n, this.scratch)
      if (duplicate >= 0) throw duplicateDevice(his[duplicate]!, los[duplicate]!)
      this.devIndexed = n
      return
    }
    for (; i < n; i++) {
      const hi = his[i]!
      const lo = los[i]!
      const slot = slotOfHalves(table, his, los, hi, lo)
      if (table[slot] !== 0) {
        this.devIndexed = i
        throw duplicateDevice(hi, lo)
      }
      table[slot] = i + 1
    }
    this.devIndexed = n
  }

  // growing drops the table: the next lookup indexes everything again, in bulk
  private growMeterPoints(): void {
    const n = this.mpKey.length * 2
    this.mpKey = growF64(this.mpKey, n)
    this.mpFlag = growU8(this.mpFlag, n)
    this.mpDate = growI32(this.mpDate, n, NO_DATE)
    this.mpNotifiedFlag = growU8(this.mpNotifiedFlag, n)
    this.mpNotifiedDate = growI32(this.mpNotifiedDate, n, NO_DATE)
    this.mpMeters = growI32(this.mpMeters, 2 * n)
    this.mpTable = new Int32Array(tableCapacity(n))
    this.mpIndexed = 0
  }

  private growDevices(): void {
    const n = this.devHi.length * 2
    this.devHi = growU32(this.devHi, n)
    this.devLo = growU32(this.devLo, n)
    this.devType = growU8(this.devType, n)
    this.devStatus = growU8(this.devStatus, n)
    this.devMeterPoints = growI32(this.devMeterPoints, 2 * n)
    this.devLastAt = growF64(this.devLastAt, n).fill(NaN, this.devLastAt.length)
    this.devTable = new Int32Array(tableCapacity(n))
    this.devIndexed = 0
  }
}

const duplicateMeterPoint = (key: number): Error => new Error(`CompactStore.Builder: meter point ${MeterPointKey.idOf(key)} added twice`)
const duplicateDevice = (hi: number, lo: number): Error => new Error(`CompactStore.Builder: device ${deviceIdOf(hi, lo)} added twice`)

const notifiedCodes = (n: Notified | null | undefined): [number, number] =>
  n === null || n === undefined ? [0, NO_DATE] : [flagCode(n.flag), dateCode(n.effectiveFrom)]

/**
 * A {@link Store.Builder} that builds a compact store: pass it to `State.compact` or
 * `State.fromInventory`. Links are read from the devices (each device's `meterPoints`, in order);
 * a meter point named by a device but not listed is added blank.
 *
 * @example
 * const s = State.compact(state, CompactStore.fromRecords)
 * @since 0.1.0
 * @category constructors
 */
export const fromRecords: Store.Builder = (contents) => {
  const b = new Builder()
  for (const mp of contents.meterPoints) {
    const [nf, nd] = notifiedCodes(mp.notified)
    b.addMeterPoint(MeterPointKey.keyOf(mp.id), flagCode(mp.flag), dateCode(mp.effectiveFrom), nf, nd, mp.held)
  }
  for (const d of contents.devices) {
    const i = b.addDevice(deviceHi(d.id), deviceLo(d.id), typeCode(d.type), statusCode(d.status), microsOf(d.lastEventAt))
    for (const mp of d.meterPoints) b.link(i, b.ensureMeterPoint(MeterPointKey.keyOf(mp)))
  }
  for (const e of contents.eventIds) b.addEvent(e)
  return b.build()
}

/**
 * A compact store straight from a decoded inventory (no intermediate records), the same reads as
 * `State.fromInventory(inventory)`.
 *
 * @example
 * const state = State.fromStore(CompactStore.fromInventory(inventory))
 * @since 0.1.0
 * @category constructors
 */
export const fromInventory = (inventory: Inventory): CompactStore => {
  const b = new Builder({ meterPoints: inventory.meterPoints.length, devices: inventory.devices.length })
  for (const mp of inventory.meterPoints) {
    const [nf, nd] = notifiedCodes(mp.notified)
    b.addMeterPoint(MeterPointKey.keyOf(mp.id), flagCode(mp.flag ?? null), dateCode(mp.effectiveFrom ?? null), nf, nd, mp.held ?? null)
  }
  for (const d of inventory.devices) {
    const i = b.addDevice(deviceHi(d.id), deviceLo(d.id), typeCode(d.type), statusCode(d.status ?? null), microsOf(d.lastEventAt ?? null))
    const links = d.meterPoints
    if (links !== undefined) for (const mp of links) b.link(i, b.ensureMeterPoint(MeterPointKey.keyOf(mp)))
  }
  return b.build()
}

/** A compact store as plain data: typed arrays and arrays, for `postMessage` to a worker. @since 0.1.0 @category model */
export interface Parts {
  readonly mpCount: number
  readonly mpKey: Float64Array
  readonly mpFlag: Uint8Array
  readonly mpDate: Int32Array
  readonly mpNotifiedFlag: Uint8Array
  readonly mpNotifiedDate: Int32Array
  readonly mpMeters: Int32Array
  readonly mpMoreMeters: ReadonlyArray<readonly [number, ReadonlyArray<number>]>
  readonly mpHeld: ReadonlyArray<readonly [number, Hold]>
  readonly mpTable: Int32Array
  readonly devCount: number
  readonly devHi: Uint32Array
  readonly devLo: Uint32Array
  readonly devType: Uint8Array
  readonly devStatus: Uint8Array
  readonly devMeterPoints: Int32Array
  readonly devTable: Int32Array
  readonly devLastAt: Float64Array
  readonly eventIds: ReadonlyArray<string>
}

/**
 * A store as plain data (the arrays are shared, not copied: `postMessage` copies or transfers them).
 *
 * @example
 * const back = fromParts(toParts(store))
 * @since 0.1.0
 * @category destructors
 */
export const toParts = (s: CompactStore): Parts => ({
  mpCount: s.mpCount, mpKey: s.mpKey, mpFlag: s.mpFlag, mpDate: s.mpDate, mpNotifiedFlag: s.mpNotifiedFlag,
  mpNotifiedDate: s.mpNotifiedDate, mpMeters: s.mpMeters, mpMoreMeters: Array.from(s.mpMoreMeters), mpHeld: Array.from(s.mpHeld),
  mpTable: s.mpTable, devCount: s.devCount, devHi: s.devHi, devLo: s.devLo, devType: s.devType, devStatus: s.devStatus,
  devMeterPoints: s.devMeterPoints, devTable: s.devTable, devLastAt: s.devLastAt, eventIds: Array.from(s.eventIds()),
})

/**
 * The store of plain data made by {@link toParts}.
 *
 * @example
 * fromParts(toParts(store)).size // store.size
 * @since 0.1.0
 * @category constructors
 */
export const fromParts = (p: Parts): CompactStore => {
  const events = new ShardedSet()
  for (const e of p.eventIds) events.add(e)
  return new CompactStore(
    p.mpCount, p.mpKey, p.mpFlag, p.mpDate, p.mpNotifiedFlag, p.mpNotifiedDate, p.mpMeters, new Map(p.mpMoreMeters), new Map(p.mpHeld), p.mpTable,
    p.devCount, p.devHi, p.devLo, p.devType, p.devStatus, p.devMeterPoints, p.devTable, events, p.devLastAt,
  )
}
