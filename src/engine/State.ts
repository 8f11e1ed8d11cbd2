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
import * as MeterPointId from '../identifiers/MeterPointId'
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
export const empty: State = fromStore(Store.empty)

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
 * isCompact(empty) // false
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
 * The state of a decoded inventory (see `Model.decodeInventory`). A meter point named by a device
 * but missing from `meterPoints` exists with a null flag. Applied event ids start empty.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * import * as Model from './Model'
 * const inv = Model.decodeInventory(json)
 * if (E.isRight(inv)) fromInventory(inv.right)
 * @since 0.1.0
 * @category constructors
 */
export const fromInventory = (inventory: Inventory, builder: Store.Builder = Store.fromRecords): State => {
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
    devs.push({ id: d.id, type: d.type, status: d.status ?? null, meterPoints: links })
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
 * Decodes an inventory value (parsed JSON) straight into a state: readable errors or the state.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decode({ meterPoints: [], devices: [] })) // true
 * @since 0.1.0
 * @category constructors
 */
export const decode = (u: unknown, builder?: Store.Builder): E.Either<ReadonlyArray<string>, State> => {
  const inv = decodeInventory(u)
  return E.isRight(inv) ? E.right(fromInventory(inv.right, builder)) : inv
}

/** The inventory JSON of one meter point (API.md shape; `held` only when set). @since 0.1.0 @category model */
export interface MeterPointJson {
  readonly id: MeterPointId.MeterPointId
  readonly flag: FlagModule.Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
  readonly notified: Notified | null
  readonly held?: Hold
}

/** The inventory JSON of one device (no `status` for IHD/CAD). @since 0.1.0 @category model */
export interface DeviceJson {
  readonly id: string
  readonly type: InventoryDevice['type']
  readonly status?: DeviceStatus
  readonly meterPoints: ReadonlyArray<MeterPointId.MeterPointId>
}

/**
 * The inventory of a state (API.md shape), meter points and devices in id order. Every meter point
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
    devs.push(
      d.status === null
        ? { id: d.id, type: d.type, meterPoints: d.meterPoints.slice() }
        : { id: d.id, type: d.type, status: d.status, meterPoints: d.meterPoints.slice() },
    )
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
