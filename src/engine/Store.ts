/**
 * The read-only base store under a {@link State}: meter points, devices and applied event ids.
 * A small interface, so a compact typed-array store for GB scale can replace the `Map` one
 * ({@link fromRecords}) without touching the reducer: `State.compact` and `State.fromInventory`
 * take a {@link Builder}.
 *
 * "Id order" everywhere is plain string order of the ids (`<` on strings).
 *
 * @since 0.1.0
 */
import type { DeviceRecord, MeterPointRecord } from './Model'
import { ShardedMap, ShardedSet } from './Sharded'

/** A read-only store of records. @since 0.1.0 @category model */
export interface Store {
  /** The meter point of an id, or undefined. */
  readonly meterPoint: (id: string) => MeterPointRecord | undefined
  /** The device of an id, or undefined. */
  readonly device: (id: string) => DeviceRecord | undefined
  /** True when an event of this id has been applied. */
  readonly hasEvent: (eventId: string) => boolean
  /** Meter points in id order. */
  readonly meterPoints: () => Iterable<MeterPointRecord>
  /** Devices in id order. */
  readonly devices: () => Iterable<DeviceRecord>
  /** Applied event ids, in no particular order. */
  readonly eventIds: () => Iterable<string>
  readonly size: { readonly meterPoints: number; readonly devices: number; readonly events: number }
}

/** What a store is built from. Ids must be unique. @since 0.1.0 @category model */
export interface Contents {
  readonly meterPoints: Iterable<MeterPointRecord>
  readonly devices: Iterable<DeviceRecord>
  readonly eventIds: Iterable<string>
}

/** Builds a store. @since 0.1.0 @category model */
export type Builder = (contents: Contents) => Store

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function* inIdOrder<R>(ids: ReadonlyArray<string>, map: ShardedMap<R>): IterableIterator<R> {
  for (const id of ids) yield map.get(id)!
}

/**
 * The `Map` store: records in sharded maps (no single `Map` passes 2^24 entries); the sorted id
 * lists for ordered iteration are built on first use and kept.
 *
 * @example
 * const store = fromRecords({ meterPoints: [], devices: [], eventIds: ['e1'] })
 * store.hasEvent('e1') // true
 * @since 0.1.0
 * @category constructors
 */
export const fromRecords: Builder = (contents) => {
  const mps = new ShardedMap<MeterPointRecord>()
  const devs = new ShardedMap<DeviceRecord>()
  const events = new ShardedSet()
  for (const mp of contents.meterPoints) mps.set(mp.id, mp)
  for (const d of contents.devices) devs.set(d.id, d)
  for (const e of contents.eventIds) events.add(e)
  let mpIds: string[] | null = null
  let devIds: string[] | null = null
  const size = { meterPoints: mps.size, devices: devs.size, events: events.size }
  return {
    meterPoint: (id) => mps.get(id),
    device: (id) => devs.get(id),
    hasEvent: (id) => events.has(id),
    meterPoints: () => {
      if (mpIds === null) mpIds = Array.from(mps.keys()).sort(byId)
      return inIdOrder(mpIds, mps)
    },
    devices: () => {
      if (devIds === null) devIds = Array.from(devs.keys()).sort(byId)
      return inIdOrder(devIds, devs)
    },
    eventIds: () => events.values(),
    size,
  }
}

/**
 * The empty store.
 *
 * @example
 * empty.size.meterPoints // 0
 * @since 0.1.0
 * @category constants
 */
export const empty: Store = fromRecords({ meterPoints: [], devices: [], eventIds: [] })
