/**
 * The engine's state: every meter point (flag, links, what was notified), every device, and the ids
 * of applied events. Immutable from the caller's view.
 *
 * Built for GB scale (~54 million meter points, ~35 million meters): a read-only `base`
 * {@link Store.Store} plus a small `delta` overlay of the records changed since the base was built.
 * Reads look in the delta, then the base. The reducer copies only the delta shards it writes, so a
 * call costs O(events + delta), never O(inventory); {@link compact} folds the delta into a new base.
 *
 * @since 0.1.0
 */
import type * as CalendarDate from '../identifiers/CalendarDate'
import type * as FlagModule from '../identifiers/Flag'
import type { DeviceId as DeviceIdT } from '../identifiers/DeviceId'
import * as Instant from '../identifiers/Instant'
import * as MeterPointId from '../identifiers/MeterPointId'
import * as MeterPointKey from '../identifiers/MeterPointKey'
import { either as E } from 'fp-ts'
import type { DeviceRecord, DeviceStatus, Hold, Inventory, InventoryDevice, MeterPointRecord, Notified } from './Model'
import { decodeInventory } from './Model'
import * as CompactReducer from './CompactReducer'
import * as CompactStore from './CompactStore'
import * as Store from './Store'
import { ShardedMap, ShardedSet } from './Sharded'

/** The records changed since the base was built; a device mapped to null was deleted. @since 0.1.0 @category model */
export interface Delta {
  readonly meterPoints: ShardedMap<MeterPointRecord>
  readonly devices: ShardedMap<DeviceRecord | null>
  readonly events: ShardedSet
}

/** The state. Treat it as opaque; read it with the functions of this module. @since 0.1.0 @category model */
export interface State {
  readonly base: Store.Store
  readonly delta: Delta
}

const emptyDelta = (): Delta => ({ meterPoints: new ShardedMap(), devices: new ShardedMap(), events: new ShardedSet() })

/**
 * A state over a store, with an empty delta.
 *
 * @example
 * const s = fromStore(Store.empty)
 * @since 0.1.0
 * @category constructors
 */
export const fromStore = (base: Store.Store): State => ({ base, delta: emptyDelta() })

/**
 * The state with nothing in it.
 *
 * @example
 * size(empty).meterPoints // 0
 * @since 0.1.0
 * @category constants
 */
export const empty: State = fromStore(CompactStore.fromRecords({ meterPoints: [], devices: [], eventIds: [] }))

/**
 * The meter point of an id, or undefined.
 *
 * @example
 * meterPoint(state, '1200023305967')?.flag // 'A'
 * @since 0.1.0
 * @category accessors
 */
export const meterPoint = (state: State, id: string): MeterPointRecord | undefined => {
  const d = state.delta.meterPoints.get(id)
  return d !== undefined ? d : state.base.meterPoint(id)
}

/**
 * The device of an id (canonical form), or undefined.
 *
 * @example
 * device(state, '00-0D-6F-00-00-00-00-01')?.status // 'Commissioned'
 * @since 0.1.0
 * @category accessors
 */
export const device = (state: State, id: string): DeviceRecord | undefined => {
  const d = state.delta.devices.get(id)
  if (d === null) return undefined
  return d !== undefined ? d : state.base.device(id)
}

/**
 * True when an event of this id has been applied.
 *
 * @example
 * hasEvent(state, 'e1') // true
 * @since 0.1.0
 * @category accessors
 */
export const hasEvent = (state: State, eventId: string): boolean =>
  state.delta.events.has(eventId) || state.base.hasEvent(eventId)

const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

function* overlay<R extends { readonly id: string }>(base: Iterable<R>, delta: ShardedMap<R | null>): IterableIterator<R> {
  const changed = Array.from(delta.entries()).sort(byKey)
  let j = 0
  for (const b of base) {
    while (j < changed.length && changed[j]![0] < b.id) {
      const r = changed[j++]![1]
      if (r !== null) yield r
    }
    if (j < changed.length && changed[j]![0] === b.id) {
      const r = changed[j++]![1]
      if (r !== null) yield r
    } else yield b
  }
  while (j < changed.length) {
    const r = changed[j++]![1]
    if (r !== null) yield r
  }
}

/**
 * Every meter point, in id order.
 *
 * @example
 * for (const mp of meterPoints(state)) console.log(mp.id, mp.flag)
 * @since 0.1.0
 * @category accessors
 */
export const meterPoints = (state: State): Iterable<MeterPointRecord> =>
  overlay<MeterPointRecord>(state.base.meterPoints(), state.delta.meterPoints)

/**
 * Every device, in id order.
 *
 * @example
 * Array.from(devices(state), (d) => d.id)
 * @since 0.1.0
 * @category accessors
 */
export const devices = (state: State): Iterable<DeviceRecord> => overlay<DeviceRecord>(state.base.devices(), state.delta.devices)

/**
 * Every applied event id, in no particular order.
 *
 * @example
 * new Set(eventIds(state)).has('e1')
 * @since 0.1.0
 * @category accessors
 */
export function* eventIds(state: State): IterableIterator<string> {
  for (const id of state.base.eventIds()) if (!state.delta.events.has(id)) yield id
  yield* state.delta.events.values()
}

/**
 * How many records the delta holds (what {@link compact} would fold into the base).
 *
 * @example
 * deltaSize(compact(state)) // { meterPoints: 0, devices: 0, events: 0 }
 * @since 0.1.0
 * @category accessors
 */
export const deltaSize = (state: State): { readonly meterPoints: number; readonly devices: number; readonly events: number } => {
  // over a compact base, the reducer's changes live in the layered store's overlay
  const o = state.base instanceof CompactReducer.Layered ? state.base.overlay.size : { meterPoints: 0, devices: 0, events: 0 }
  return {
    meterPoints: state.delta.meterPoints.size + o.meterPoints,
    devices: state.delta.devices.size + o.devices,
    events: state.delta.events.size + o.events,
  }
}

/**
 * True when the state's base is a compact store (`CompactStore`), with or without an overlay of
 * changes: the reducer then takes its fast path.
 *
 * @example
 * isCompact(fromStore(CompactStore.fromInventory(inventory))) // true
 * isCompact(fromStore(Store.empty)) // false
 * @since 0.1.0
 * @category accessors
 */
export const isCompact = (state: State): boolean => CompactReducer.layeredOf(state.base) !== null

/**
 * Folds the delta into a new base built by `builder` (the `Map` store by default). Reads return the
 * same before and after. O(inventory): call it between batches, not per batch.
 *
 * @example
 * const s2 = compact(s1)
 * meterPoint(s2, '1200023305967') // same as meterPoint(s1, '1200023305967')
 * @since 0.1.0
 * @category combinators
 */
export const compact = (state: State, builder?: Store.Builder): State => {
  const d = deltaSize(state)
  if (builder === undefined && d.meterPoints === 0 && d.devices === 0 && d.events === 0) return state
  // a compact state stays compact unless told otherwise
  const build = builder ?? (isCompact(state) ? CompactStore.fromRecords : Store.fromRecords)
  return fromStore(build({ meterPoints: meterPoints(state), devices: devices(state), eventIds: eventIds(state) }))
}

/**
 * Counts of meter points, devices and applied events.
 *
 * @example
 * size(state).meterPoints
 * @since 0.1.0
 * @category accessors
 */
export const size = (state: State): { readonly meterPoints: number; readonly devices: number; readonly events: number } => {
  let mps = state.base.size.meterPoints
  for (const [id] of state.delta.meterPoints.entries()) if (state.base.meterPoint(id) === undefined) mps++
  let devs = state.base.size.devices
  for (const [id, r] of state.delta.devices.entries()) {
    const inBase = state.base.device(id) !== undefined
    if (r === null && inBase) devs--
    else if (r !== null && !inBase) devs++
  }
  return { meterPoints: mps, devices: devs, events: state.base.size.events + state.delta.events.size }
}

const byDeviceId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * A new meter point record with no flag and no links (how a meter point first named by a link
 * starts).
 *
 * @example
 * blankMeterPoint('1200023305967' as MeterPointId.MeterPointId).flag // null
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

/**
 * The state of a decoded inventory (see `Model.decodeInventory`), over the compact store (the one
 * production store; pass another {@link Store.Builder} only for tests). A meter point named by a
 * device but missing from `meterPoints` exists with a null flag. Applied event ids start empty;
 * `counters` are not part of a state.
 *
 * @example
 * import { Model, State } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * const inv = Model.decodeInventory({ meterPoints: [{ id: '1200023305967', flag: 'A', effectiveFrom: '20240101' }], devices: [] })
 * if (E.isRight(inv)) State.meterPoint(State.fromInventory(inv.right), '1200023305967')?.flag // 'A'
 * @since 0.1.0
 * @category constructors
 */
export const fromInventory = (inventory: Inventory, builder?: Store.Builder): State => {
  if (builder === undefined) return fromStore(CompactStore.fromInventory(inventory))
  const mps = new Map<string, MeterPointRecord>()
  const meters = new Map<string, string[]>()
  for (const mp of inventory.meterPoints) {
    mps.set(mp.id, {
      id: mp.id,
      fuel: MeterPointId.fuelOf(mp.id)!,
      flag: mp.flag ?? null,
      effectiveFrom: mp.effectiveFrom ?? null,
      meters: [],
      notified: mp.notified ?? null,
      held: mp.held ?? null,
    })
  }
  const devs: DeviceRecord[] = []
  for (const d of inventory.devices) {
    const links = d.meterPoints ?? []
    const at = d.lastEventAt ?? null
    devs.push({ id: d.id, type: d.type, status: d.status ?? null, meterPoints: links, lastEventAt: at === null ? null : Instant.ofEpochMicros(Instant.epochMicros(at)) })
    for (const mpId of links) {
      if (!mps.has(mpId)) mps.set(mpId, blankMeterPoint(mpId))
      const list = meters.get(mpId)
      if (list === undefined) meters.set(mpId, [d.id])
      else list.push(d.id)
    }
  }
  for (const [mpId, list] of meters) {
    mps.set(mpId, { ...mps.get(mpId)!, meters: list.sort(byDeviceId) as unknown as MeterPointRecord['meters'] })
  }
  return fromStore(builder({ meterPoints: mps.values(), devices: devs, eventIds: [] }))
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
 * A state of records (a database batch's records, say), over the compact store. Links are read
 * from the devices' `meterPoints`; a meter point a device links to but not given is created blank
 * (no flag). Ids must be unique (a repeated one is a programmer error and throws). O(records).
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
export const fromRecords = (records: Records): State =>
  fromStore(CompactStore.fromRecords(records as unknown as Store.Contents))

/**
 * What {@link diff} returns: every record written since the state's base was built, in id order.
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
  readonly deletedDevices: ReadonlyArray<DeviceIdT>
  /** Ids of the events applied since the base was built. */
  readonly eventIds: ReadonlyArray<string>
}

const sortedUnique = (xs: string[]): string[] => {
  xs.sort(byDeviceId)
  let n = 0
  for (let i = 0; i < xs.length; i++) if (i === 0 || xs[i] !== xs[i - 1]) xs[n++] = xs[i]!
  xs.length = n
  return xs
}

const samePair = (a: Notified | null, b: Notified | null): boolean =>
  a === b || (a !== null && b !== null && a.flag === b.flag && a.effectiveFrom === b.effectiveFrom)

const sameList = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const sameMeterPoint = (a: MeterPointRecord, b: MeterPointRecord): boolean =>
  a.flag === b.flag && a.effectiveFrom === b.effectiveFrom && samePair(a.notified, b.notified) &&
  (a.held === b.held || (a.held !== null && b.held !== null && samePair(a.held, b.held) && a.held.reason === b.held.reason)) &&
  sameList(a.meters, b.meters)

const sameDevice = (a: DeviceRecord, b: DeviceRecord): boolean =>
  a.type === b.type && a.status === b.status && a.lastEventAt === b.lastEventAt && sameList(a.meterPoints, b.meterPoints)

/**
 * Everything written since the state's base was built (by {@link fromRecords},
 * {@link fromInventory} or {@link compact}): meter points changed or new, devices changed or new,
 * devices deleted, and event ids applied, each in id order. A record written back to the value it
 * had in the base is not listed. O(records written), not O(state): this is how a database writes
 * a fold's delta back.
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
  const layered = state.base instanceof CompactReducer.Layered ? state.base : null
  const original: Store.Store = layered !== null ? layered.base : state.base
  const mpIds: string[] = Array.from(state.delta.meterPoints.keys())
  const devIds: string[] = Array.from(state.delta.devices.keys())
  const evIds: string[] = Array.from(state.delta.events.values())
  if (layered !== null) {
    const o = layered.overlay
    for (let s = 0; s < o.mCount; s++) mpIds.push(MeterPointKey.idOf(o.mKey[s]!))
    for (let s = 0; s < o.dCount; s++) devIds.push(CompactStore.deviceIdOf(o.dHi[s]!, o.dLo[s]!))
    for (const id of o.events.values()) evIds.push(id)
  }
  const meterPointsOut: MeterPointRecord[] = []
  for (const id of sortedUnique(mpIds)) {
    const now = meterPoint(state, id)
    const was = original.meterPoint(id)
    if (now !== undefined && (was === undefined || !sameMeterPoint(now, was))) meterPointsOut.push(now)
  }
  const devicesOut: DeviceRecord[] = []
  const deleted: DeviceIdT[] = []
  for (const id of sortedUnique(devIds)) {
    const now = device(state, id)
    const was = original.device(id)
    if (now === undefined) {
      if (was !== undefined) deleted.push(was.id)
    } else if (was === undefined || !sameDevice(now, was)) devicesOut.push(now)
  }
  return { meterPoints: meterPointsOut, devices: devicesOut, deletedDevices: deleted, eventIds: sortedUnique(evIds) }
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
export const decode = (u: unknown, builder?: Store.Builder): E.Either<ReadonlyArray<string>, State> => {
  const inv = decodeInventory(u)
  return E.isRight(inv) ? E.right(fromInventory(inv.right, builder)) : inv
}

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
 * JSON.stringify(toInventory(state))
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
 * A new state with the given meter point records put in place of those with the same ids (for
 * modules that keep their own fields on meter points, like the outbox's `notified` and `held`).
 * Records must be valid: the same `fuel` and `meters` as the state holds, unless the caller keeps
 * devices consistent itself. O(records + shards touched); the input state is unchanged.
 *
 * @example
 * const mp = meterPoint(state, '1200023305967')!
 * const sent = withMeterPoints(state, [{ ...mp, notified: { flag: mp.flag!, effectiveFrom: mp.effectiveFrom! } }])
 * @since 0.1.0
 * @category combinators
 */
export const withMeterPoints = (state: State, records: Iterable<MeterPointRecord>): State => {
  const mps = state.delta.meterPoints.transient()
  for (const r of records) mps.set(r.id, r)
  return { base: state.base, delta: { meterPoints: mps, devices: state.delta.devices, events: state.delta.events } }
}
