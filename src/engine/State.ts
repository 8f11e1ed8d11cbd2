/**
 * The engine's state: every meter point (flag, links, what was notified), every device, and the ids
 * of applied events. Immutable from the caller's view: folds and writes return new states.
 *
 * One store for every size, from a database batch's records to GB (about 54 million meter points
 * and 35 million meters in a few GB): the compact store, rows of typed arrays (see
 * `docs/scaling.md`). A fold costs O(events), never O(inventory): it writes its rows in place and
 * keeps how to undo them, so the state it started from stays readable. Reading or folding from a
 * state that is no longer the newest of its line copies its store once (O(store)); reading the
 * newest is free.
 *
 * @since 0.1.0
 */
import { either as E } from 'fp-ts'
import type * as CalendarDate from '../identifiers/CalendarDate'
import type { DeviceId } from '../identifiers/DeviceId'
import * as DeviceKey from '../identifiers/DeviceKey'
import type * as FlagModule from '../identifiers/Flag'
import type * as Instant from '../identifiers/Instant'
import * as MeterPointId from '../identifiers/MeterPointId'
import * as MeterPointKey from '../identifiers/MeterPointKey'
import type { DeviceRecord, MeterPointRecord, Hold, Notified } from './model/Records'
import type { DeviceStatus } from './model/Device'
import type { Inventory, InventoryDevice } from './model/Inventory'
import { decodeInventory } from './model/InventoryDecoder'
import { Fold } from './reduce/Fold'
import { Builder, microsOf } from './store/Builder'
import { NO_DATE, dateCode, flagCode, statusCode, typeCode } from './store/Codes'
import { merge as mergeEvents } from './store/EventIds'
import type { Layer } from './store/IndexLayer'
import { keyHash, mix } from './store/Hash'
import { bulkIndex } from './store/BulkIndex'
import { DEV, LINK, MP } from './store/Layout'
import { findDevice, findMeterPoint } from './store/Lookup'
import * as Read from './store/Read'
import type { Family } from './store/Store'
import type { Ref } from './store/Store'
import { atBase, ensureHead, rebase } from './store/Store'
import type { State } from './store/Handle'
import { ofRef, toRef } from './store/Handle'

// The opaque type is declared beside its casts (store/Handle), which must not import this module.
export type { State }

const refOf = toRef
const stateOf = ofRef

/**
 * The state with nothing in it.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * State.size(State.empty).meterPoints // 0
 * @since 0.1.0
 * @category constants
 */
export const empty: State = stateOf(new Builder().build())

// -------------------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------------------

const notifiedCodes = (n: Notified | null | undefined): readonly [number, number] =>
  n === null || n === undefined ? [0, NO_DATE] : [flagCode(n.flag), dateCode(n.effectiveFrom)]

/**
 * The state of a decoded inventory (see `Model.decodeInventory`). A meter point named by a device
 * but missing from `meterPoints` exists with a null flag. Applied event ids start empty; `counters`
 * are not part of a state.
 *
 * @example
 * import { Model, State } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * const inv = Model.decodeInventory({ meterPoints: [{ id: '1200023305967', flag: 'A', effectiveFrom: '20240101' }], devices: [] })
 * if (E.isRight(inv)) State.meterPoint(State.fromInventory(inv.right), '1200023305967')?.flag // 'A'
 * @since 0.1.0
 * @category constructors
 */
export const fromInventory = (inventory: Inventory): State => {
  const b = new Builder({ meterPoints: inventory.meterPoints.length, devices: inventory.devices.length })
  for (const mp of inventory.meterPoints) {
    const [nf, nd] = notifiedCodes(mp.notified)
    b.addMeterPoint(MeterPointKey.keyOf(mp.id), flagCode(mp.flag ?? null), dateCode(mp.effectiveFrom ?? null), nf, nd, mp.held ?? null)
  }
  for (const d of inventory.devices) {
    const r = b.addDevice(DeviceKey.hi(d.id), DeviceKey.lo(d.id), typeCode(d.type), statusCode(d.status ?? null), microsOf(d.lastEventAt))
    for (const mp of d.meterPoints ?? []) b.link(r, b.ensureMeterPoint(MeterPointKey.keyOf(mp)))
  }
  return stateOf(b.build())
}

/**
 * What {@link fromRecords} takes: meter points (their `meters` and `fuel`, when given, are not
 * read: links come from the devices), devices and the ids of events already applied.
 *
 * @since 0.2.0
 * @category model
 */
export interface Records {
  readonly meterPoints: Iterable<Pick<MeterPointRecord, 'id' | 'flag' | 'effectiveFrom' | 'notified' | 'held'>>
  readonly devices: Iterable<DeviceRecord>
  readonly eventIds: Iterable<string>
}

/**
 * A state of records (a database batch's records, say). Links are read from the devices'
 * `meterPoints`; a meter point a device links to but not given is created blank (no flag). Ids
 * must be unique (a repeated one is a programmer error and throws). O(records).
 *
 * Fold it with `Reducer.reduce`, then write {@link diff} of the result back.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * import type { DeviceId, MeterPointId } from 'dcc-service-flags'
 * const state = State.fromRecords({
 *   meterPoints: [{ id: '1200023305967' as MeterPointId.MeterPointId, flag: 'A', effectiveFrom: null, notified: null, held: null }],
 *   devices: [{ id: '00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId, type: 'ESME', status: 'Commissioned', meterPoints: ['1200023305967' as MeterPointId.MeterPointId], lastEventAt: null }],
 *   eventIds: ['e1'],
 * })
 * State.hasEvent(state, 'e1') // true
 * @since 0.2.0
 * @category constructors
 */
export const fromRecords = (records: Records): State => {
  const b = new Builder()
  for (const mp of records.meterPoints) {
    const [nf, nd] = notifiedCodes(mp.notified)
    b.addMeterPoint(MeterPointKey.keyOf(mp.id), flagCode(mp.flag), dateCode(mp.effectiveFrom), nf, nd, mp.held)
  }
  for (const d of records.devices) {
    const r = b.addDevice(DeviceKey.hi(d.id), DeviceKey.lo(d.id), typeCode(d.type), statusCode(d.status), microsOf(d.lastEventAt))
    for (const mp of d.meterPoints) b.link(r, b.ensureMeterPoint(MeterPointKey.keyOf(mp)))
  }
  for (const id of records.eventIds) b.addEvent(id)
  return stateOf(b.build())
}

/**
 * Decodes an inventory value (parsed JSON) straight into a state: readable errors or the state.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isRight(State.decode({ meterPoints: [], devices: [] })) // true
 * @since 0.1.0
 * @category constructors
 */
export const decode = (u: unknown): E.Either<ReadonlyArray<string>, State> => {
  const inv = decodeInventory(u)
  return E.isRight(inv) ? E.right(fromInventory(inv.right)) : inv
}

/**
 * A new meter point record with no flag and no links (how a meter point first named by a link
 * starts).
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * import type { MeterPointId } from 'dcc-service-flags'
 * State.blankMeterPoint('1200023305967' as MeterPointId.MeterPointId).flag // null
 * @since 0.1.0
 * @category constructors
 */
export const blankMeterPoint = (id: MeterPointId.MeterPointId): MeterPointRecord => ({
  id,
  fuel: MeterPointId.fuelOf(id)!,
  flag: null,
  effectiveFrom: null,
  meters: [],
  notified: null,
  held: null,
})

// -------------------------------------------------------------------------------------------------
// reads
// -------------------------------------------------------------------------------------------------

const meterPointRow = (f: Family, s: Ref, id: string): number => {
  const key = MeterPointKey.keyOf(id)
  return key < 0 ? -1 : findMeterPoint(s.version.contents.mpIndex, f.mpF, key)
}

const deviceRow = (f: Family, s: Ref, id: string): number => {
  const hi = DeviceKey.hi(id)
  const lo = DeviceKey.lo(id)
  if (hi < 0 || lo < 0) return -1
  const r = findDevice(s.version.contents.devIndex, f.dev, hi | 0, lo | 0)
  return r < 0 || Read.isDeleted(f.dev, r) ? -1 : r
}

/**
 * The meter point of an id, or undefined.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * State.meterPoint(State.empty, '1200023305967') // undefined
 * @since 0.1.0
 * @category accessors
 */
export const meterPoint = (state: State, id: string): MeterPointRecord | undefined => {
  const s = refOf(state)
  const f = ensureHead(s)
  const m = meterPointRow(f, s, id)
  return m < 0 ? undefined : Read.meterPointAt(f, m)
}

/**
 * The device of an id (canonical form), or undefined.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * State.device(State.empty, '00-0D-6F-00-00-00-00-01') // undefined
 * @since 0.1.0
 * @category accessors
 */
export const device = (state: State, id: string): DeviceRecord | undefined => {
  const s = refOf(state)
  const f = ensureHead(s)
  const d = deviceRow(f, s, id)
  return d < 0 ? undefined : Read.deviceAt(f, d)
}

/**
 * True when an event of this id has been applied.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * State.hasEvent(State.empty, 'e1') // false
 * @since 0.1.0
 * @category accessors
 */
export const hasEvent = (state: State, eventId: string): boolean => {
  for (const l of refOf(state).version.contents.events) if (l.indexOf(eventId) >= 0) return true
  return false
}

/**
 * Every meter point, in id order. Lazy: records are made as they are read.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * for (const mp of State.meterPoints(State.empty)) console.log(mp.id, mp.flag)
 * @since 0.1.0
 * @category accessors
 */
export function* meterPoints(state: State): IterableIterator<MeterPointRecord> {
  const s = refOf(state)
  const order = Read.meterPointOrder(s.version, ensureHead(s))
  for (let k = 0; k < order.length; k++) yield Read.meterPointAt(ensureHead(s), order[k]!)
}

/**
 * Every device, in id order. Lazy: records are made as they are read.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * Array.from(State.devices(State.empty), (d) => d.id) // []
 * @since 0.1.0
 * @category accessors
 */
export function* devices(state: State): IterableIterator<DeviceRecord> {
  const s = refOf(state)
  const order = Read.deviceOrder(s.version, ensureHead(s))
  for (let k = 0; k < order.length; k++) yield Read.deviceAt(ensureHead(s), order[k]!)
}

/**
 * Every applied event id, in the order applied.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * new Set(State.eventIds(State.empty)).size // 0
 * @since 0.1.0
 * @category accessors
 */
export function* eventIds(state: State): IterableIterator<string> {
  for (const l of refOf(state).version.contents.events) for (let i = 0; i < l.count; i++) yield l.idAt(i)
}

/**
 * Counts of meter points, devices and applied events.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * State.size(State.empty) // { meterPoints: 0, devices: 0, events: 0 }
 * @since 0.1.0
 * @category accessors
 */
export const size = (state: State): { readonly meterPoints: number; readonly devices: number; readonly events: number } => {
  const c = refOf(state).version.contents
  return { meterPoints: c.mpCount, devices: c.live, events: c.eventCount }
}

// -------------------------------------------------------------------------------------------------
// writes
// -------------------------------------------------------------------------------------------------

/**
 * A new state with the given meter point records put in place of those with the same ids (for
 * modules that keep their own fields on meter points, like the outbox's `notified` and `held`): their
 * flag, effective-from, notified pair and hold are written; their `meters` are the state's (links
 * change only through events). A meter point not in the state is added. O(records); the input
 * state is unchanged.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * import type { MeterPointId } from 'dcc-service-flags'
 * const s = State.withMeterPoints(State.empty, [State.blankMeterPoint('1200023305967' as MeterPointId.MeterPointId)])
 * State.size(s).meterPoints // 1
 * @since 0.1.0
 * @category combinators
 */
export const withMeterPoints = (state: State, records: Iterable<Pick<MeterPointRecord, 'id' | 'flag' | 'effectiveFrom' | 'notified' | 'held'>>): State => {
  const fold = new Fold(refOf(state), undefined)
  for (const r of records) fold.putMeterPoint(r)
  return stateOf(fold.end())
}

/**
 * The same state with its history cut: {@link diff} of the result is empty, and the logs that kept
 * older states readable are no longer held by it. The store is shared, not copied (O(1) on the
 * newest state of a line); its index is rebuilt in one piece when folds had added to it.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * State.diff(State.compact(State.empty)).eventIds // []
 * @since 0.1.0
 * @category combinators
 */
export const compact = (state: State): State => {
  const s = refOf(state)
  const f = ensureHead(s)
  const c = s.version.contents
  const dev = f.dev
  const mpF = f.mpF
  const devIndex = c.devIndex.length <= 1 ? c.devIndex : [oneLayer(bulkIndex(c.devCount, (r) => mix(dev[r * DEV.stride + 1]!, dev[r * DEV.stride]!), () => false))]
  const mpIndex = c.mpIndex.length <= 1 ? c.mpIndex : [oneLayer(bulkIndex(c.mpCount, (r) => keyHash(mpF[r * 3]!), () => false))]
  const events = c.events.length <= 1 ? c.events : [mergeEvents(c.events)]
  return stateOf(rebase(s, { ...c, devIndex, mpIndex, events }))
}

const oneLayer = (l: Layer | number): Layer => {
  // a store's rows have distinct ids: no duplicate is possible here
  if (typeof l === 'number') throw new Error('State.compact: an id is in the store twice')
  return l
}

// -------------------------------------------------------------------------------------------------
// the inventory and the delta
// -------------------------------------------------------------------------------------------------

/** The inventory JSON of one meter point (docs/contract.md shape; `held` only when set). @since 0.1.0 @category model */
export interface MeterPointJson {
  readonly id: MeterPointId.MeterPointId
  readonly flag: FlagModule.Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
  readonly notified: Notified | null
  readonly held?: Hold
}

/** The inventory JSON of one device (no `status` for IHD/CAD, `lastEventAt` only when known). @since 0.1.0 @category model */
export interface DeviceJson {
  readonly id: string
  readonly type: InventoryDevice['type']
  readonly status?: DeviceStatus
  readonly meterPoints: ReadonlyArray<MeterPointId.MeterPointId>
  readonly lastEventAt?: Instant.Instant
}

/**
 * The inventory of a state (docs/contract.md shape), meter points and devices in id order. Every meter point
 * is listed, including those only named by links. Applied event ids are not part of an inventory.
 * `fromInventory(toInventory(s))` reads the same as `s`.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * JSON.stringify(State.toInventory(State.empty)) // '{"meterPoints":[],"devices":[]}'
 * @since 0.1.0
 * @category destructors
 */
export const toInventory = (state: State): { readonly meterPoints: ReadonlyArray<MeterPointJson>; readonly devices: ReadonlyArray<DeviceJson> } => {
  const mps: MeterPointJson[] = []
  for (const mp of meterPoints(state)) {
    const j: { -readonly [K in keyof MeterPointJson]: MeterPointJson[K] } = {
      id: mp.id,
      flag: mp.flag,
      effectiveFrom: mp.effectiveFrom,
      notified: mp.notified === null ? null : { flag: mp.notified.flag, effectiveFrom: mp.notified.effectiveFrom },
    }
    if (mp.held !== null) j.held = { flag: mp.held.flag, effectiveFrom: mp.held.effectiveFrom, reason: mp.held.reason }
    mps.push(j)
  }
  const devs: DeviceJson[] = []
  for (const d of devices(state)) {
    const j: { -readonly [K in keyof DeviceJson]: DeviceJson[K] } =
      d.status === null
        ? { id: d.id, type: d.type, meterPoints: d.meterPoints.slice() }
        : { id: d.id, type: d.type, status: d.status, meterPoints: d.meterPoints.slice() }
    if (d.lastEventAt !== null) j.lastEventAt = d.lastEventAt
    devs.push(j)
  }
  return { meterPoints: mps, devices: devs }
}

/**
 * What {@link diff} returns: every record written since the state's store was built, in id order.
 *
 * @since 0.2.0
 * @category model
 */
export interface Diff {
  /** Meter points changed (flag, dates, links, notified, hold) or new. */
  readonly meterPoints: ReadonlyArray<MeterPointRecord>
  /** Devices changed (status, links, last event) or new. */
  readonly devices: ReadonlyArray<DeviceRecord>
  /** Devices of the base that are gone. */
  readonly deletedDevices: ReadonlyArray<DeviceId>
  /** Ids of the events applied since the base was built, in id order. */
  readonly eventIds: ReadonlyArray<string>
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** A growable list of row numbers, read back sorted and without repeats (no `Set`: a delta may pass 2^24 rows). */
class RowList {
  private rows = new Int32Array(64)
  private n = 0
  push(r: number): void {
    if (this.n === this.rows.length) {
      const b = new Int32Array(2 * this.n)
      b.set(this.rows)
      this.rows = b
    }
    this.rows[this.n++] = r
  }
  sortedUnique(): Int32Array {
    const a = this.rows.subarray(0, this.n).sort()
    let m = 0
    for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[m++] = a[i]!
    return a.slice(0, m)
  }
}

const sameList = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const samePair = (a: Notified | null, b: Notified | null): boolean =>
  a === b || (a !== null && b !== null && a.flag === b.flag && a.effectiveFrom === b.effectiveFrom)

const sameMeterPoint = (a: MeterPointRecord, b: MeterPointRecord): boolean =>
  a.flag === b.flag && a.effectiveFrom === b.effectiveFrom && samePair(a.notified, b.notified) &&
  (a.held === b.held || (a.held !== null && b.held !== null && samePair(a.held, b.held) && a.held.reason === b.held.reason)) &&
  sameList(a.meters, b.meters)

const sameDevice = (a: DeviceRecord, b: DeviceRecord): boolean =>
  a.type === b.type && a.status === b.status && a.lastEventAt === b.lastEventAt && sameList(a.meterPoints, b.meterPoints)

/**
 * Everything written since the state's store was built (by {@link fromRecords},
 * {@link fromInventory} or {@link compact}): meter points changed or new, devices changed or new,
 * devices deleted, and event ids applied, each in id order. A record written back to the value it
 * had is not listed. O(records written), not O(state): this is how a database writes a fold's
 * delta back.
 *
 * @example
 * import { Reducer, State } from 'dcc-service-flags'
 * import type { DeviceId, Instant } from 'dcc-service-flags'
 * const state = State.fromRecords({ meterPoints: [], devices: [], eventIds: [] })
 * const { state: next } = Reducer.reduce(state, [
 *   { eventId: 'e1', at: '2024-03-01T09:00:00Z' as Instant.Instant, type: 'DeviceRegistered', deviceId: '00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId, deviceType: 'ESME' },
 * ])
 * State.diff(next).devices.map((d) => d.id) // ['00-0D-6F-00-00-00-00-01']
 * State.diff(next).eventIds // ['e1']
 * @since 0.2.0
 * @category destructors
 */
export const diff = (state: State): Diff => {
  const s = refOf(state)
  const f = ensureHead(s)
  const c = s.version.contents
  const h = s.version.history
  // rows written: named by the logs, or appended since the base
  const devList = new RowList()
  const mpList = new RowList()
  for (const u of h.undos) {
    for (let k = 0; k < u.dev.length; k += 2) devList.push((u.dev[k]! / DEV.stride) | 0)
    for (let k = 0; k < u.mp.length; k += 2) mpList.push((u.mp[k]! / MP.stride) | 0)
    for (let k = 0; k < u.link.length; k += 2) devList.push(f.link[((u.link[k]! / LINK.stride) | 0) * LINK.stride + LINK.owner]!)
    for (const [row] of u.holds) mpList.push(row)
  }
  for (let r = h.devCount; r < c.devCount; r++) devList.push(r)
  const devRows = devList.sortedUnique()
  // a device's links moving changes its meter points' lists, before and after
  const baseDevices: Array<DeviceRecord | null> = []
  atBase(s, (b) => {
    for (const r of devRows) {
      if (r >= h.devCount) continue
      baseDevices.push(Read.isDeleted(b.dev, r) ? null : Read.deviceAt(b, r))
      for (const m of Read.servedBy(b, r)) mpList.push(m)
    }
  })
  for (const r of devRows) for (const m of Read.servedBy(f, r)) mpList.push(m)
  for (let m = h.mpCount; m < c.mpCount; m++) mpList.push(m)
  const mpRows = mpList.sortedUnique()
  const baseMeterPoints = atBase(s, (b) => {
    const out: MeterPointRecord[] = []
    for (const m of mpRows) if (m < h.mpCount) out.push(Read.meterPointAt(b, m))
    return out
  })
  const meterPointsOut: MeterPointRecord[] = []
  let k = 0
  for (const m of mpRows) {
    const now = Read.meterPointAt(f, m)
    const was = m < h.mpCount ? baseMeterPoints[k++] : undefined
    if (was === undefined || !sameMeterPoint(now, was)) meterPointsOut.push(now)
  }
  const devicesOut: DeviceRecord[] = []
  const deleted: DeviceId[] = []
  let j = 0
  for (const r of devRows) {
    const was = r < h.devCount ? baseDevices[j++]! : null
    if (Read.isDeleted(f.dev, r)) {
      if (was !== null) deleted.push(was.id)
      continue
    }
    const now = Read.deviceAt(f, r)
    if (was === null || !sameDevice(now, was)) devicesOut.push(now)
  }
  // event ids since the base: the last ones of the concatenated layers
  const ids: string[] = []
  let at = 0
  for (const l of c.events) {
    for (let i = Math.max(0, h.eventCount - at); i < l.count; i++) ids.push(l.idAt(i))
    at += l.count
  }
  meterPointsOut.sort((a, b) => byString(a.id, b.id))
  devicesOut.sort((a, b) => byString(a.id, b.id))
  deleted.sort(byString)
  ids.sort(byString)
  return { meterPoints: meterPointsOut, devices: devicesOut, deletedDevices: deleted, eventIds: ids }
}
