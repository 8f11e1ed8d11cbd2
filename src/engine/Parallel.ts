/**
 * A sharded replay: the pure parts of running one fold as several independent folds (worker
 * threads, processes, or consumers of a partitioned log) with exactly the single-thread result.
 *
 * Meter points are partitioned by a hash of their id. A device lives in every partition that holds
 * one of the meter points it is linked to, in the inventory or by any event of the batch (none:
 * a home partition by a hash of its id), and every event about it is fanned out to all of those
 * partitions, so each copy of a device sees the same events and makes the same decisions. Each
 * partition keeps only the changes of its own meter points. Event ids are global: devices whose
 * events share an id are grouped (their partitions united) so that a duplicate is seen wherever the
 * first was applied.
 *
 * {@link split} makes the partitions (each a compact state and its events), any runner folds each
 * with `Reducer.reduce`, and {@link merge} puts the outputs back in input order.
 *
 * @since 0.1.0
 */
import * as DeviceKey from '../identifiers/DeviceKey'
import * as MeterPointKey from '../identifiers/MeterPointKey'
import type { Event } from './model/Event'
import type { MeterPointRecord } from './model/Records'
import type { Rejection } from './model/Rejection'
import type * as Reducer from './Reducer'
import * as ReducerModule from './Reducer'
import * as State from './State'
import { Builder, microsOf } from './store/Builder'
import { NO_DATE, dateCode, flagCode, statusCode, typeCode } from './store/Codes'
import { mix } from './store/Hash'
import type { Parts } from './store/Transfer'
import { fromParts, toParts } from './store/Transfer'
import { ofRef, toRef } from './store/Handle'

const mixKey = (key: number): number => mix(key >>> 0, (key / 4294967296) >>> 0)

const stringHash = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return (h ^ (h >>> 15)) >>> 0
}

/**
 * The partition of a meter point id among `n`.
 *
 * @example
 * partitionOf('1200023305967', 4) // a number in [0, 4)
 * @since 0.1.0
 * @category utils
 */
export const partitionOf = (meterPointId: string, n: number): number => mixKey(MeterPointKey.keyOf(meterPointId)) % n

/** One partition: its state, its events and their positions in the whole batch. @since 0.1.0 @category model */
export interface Partition {
  readonly index: number
  readonly state: State.State
  readonly events: ReadonlyArray<Event>
  /** `positions[k]` is the position of `events[k]` in the batch. */
  readonly positions: Int32Array
}

/**
 * What folding a partition gives: its changes and rejections, each with the batch position of its
 * event, and (optionally) its final state.
 *
 * @since 0.1.0
 * @category model
 */
export interface PartitionOutput {
  readonly changes: ReadonlyArray<Reducer.Change>
  readonly changePositions: Int32Array
  readonly rejected: ReadonlyArray<Rejection>
  readonly rejectedPositions: Int32Array
  readonly state?: State.State
}

class UnionFind {
  private readonly parent: number[] = []
  add(): number {
    this.parent.push(this.parent.length)
    return this.parent.length - 1
  }
  find(x: number): number {
    const p = this.parent
    while (p[x] !== x) {
      p[x] = p[p[x]!]!
      x = p[x]!
    }
    return x
  }
  union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent[ra] = rb
  }
}

const NO_DEVICE = '(no device)'

const deviceOf = (e: Event): string => {
  const d = (e as { readonly deviceId?: unknown }).deviceId
  return typeof d === 'string' ? d : NO_DEVICE
}
const eventIdOf = (e: Event): string | null => {
  const id = (e as { readonly eventId?: unknown }).eventId
  return typeof id === 'string' && id.length > 0 ? id : null
}

/**
 * Splits a state and a batch of events into `n` partitions (see the module comment). The state's
 * meter points and devices are read through `State`, so any store works; each partition's state
 * is compact.
 *
 * @example
 * import { Reducer } from 'dcc-service-flags'
 * import type { Model } from 'dcc-service-flags'
 * const events: ReadonlyArray<Model.Event> = []
 * const parts = split(state, events, 2)
 * const outs = parts.map((p) => run(p))
 * merge(parts, outs, events.length)
 * Reducer.reduce(state, events) // the same changes and rejections
 * @since 0.1.0
 * @category constructors
 */
export const split = (state: State.State, events: ReadonlyArray<Event>, n: number): ReadonlyArray<Partition> => {
  if (!(n >= 1)) throw new RangeError('Parallel.split: need at least one partition')
  // groups of devices (and event ids) whose events must be seen together
  const uf = new UnionFind()
  const node = new Map<string, number>()
  const nodeOf = (name: string): number => {
    let k = node.get(name)
    if (k === undefined) {
      k = uf.add()
      node.set(name, k)
    }
    return k
  }
  const devices = Array.from(State.devices(state))
  for (const d of devices) nodeOf('d' + d.id)
  for (const e of events) {
    const dn = nodeOf('d' + deviceOf(e))
    const id = eventIdOf(e)
    if (id !== null) uf.union(dn, nodeOf('e' + id))
  }
  // each group's partitions: those of every meter point any of its devices is ever linked to
  const parts = new Map<number, Set<number>>()
  const addPart = (deviceId: string, mp: string): void => {
    const root = uf.find(nodeOf('d' + deviceId))
    let s = parts.get(root)
    if (s === undefined) parts.set(root, (s = new Set()))
    s.add(partitionOf(mp, n))
  }
  for (const d of devices) for (const mp of d.meterPoints) addPart(d.id, mp)
  for (const e of events) {
    if ((e.type === 'MeterPointLinked' || e.type === 'MeterPointUnlinked') && typeof e.meterPoint === 'string' && MeterPointKey.keyOf(e.meterPoint) >= 0) {
      addPart(deviceOf(e), e.meterPoint)
    }
  }
  const partsOfDevice = (deviceId: string): ReadonlyArray<number> => {
    const root = uf.find(nodeOf('d' + deviceId))
    const s = parts.get(root)
    if (s !== undefined && s.size > 0) return Array.from(s).sort((a, b) => a - b)
    return [stringHash(String(root)) % n]
  }
  // the partitions' stores
  const builders = Array.from({ length: n }, () => new Builder())
  const mpIndex: Array<Map<string, number>> = Array.from({ length: n }, () => new Map())
  const put = (p: number, mp: MeterPointRecord): number => {
    const got = mpIndex[p]!.get(mp.id)
    if (got !== undefined) return got
    const b = builders[p]!
    const nf = mp.notified
    const i = b.addMeterPoint(MeterPointKey.keyOf(mp.id), flagCode(mp.flag), dateCode(mp.effectiveFrom),
      nf === null ? 0 : flagCode(nf.flag), nf === null ? NO_DATE : dateCode(nf.effectiveFrom), mp.held)
    mpIndex[p]!.set(mp.id, i)
    return i
  }
  for (const mp of State.meterPoints(state)) put(partitionOf(mp.id, n), mp)
  for (const d of devices) {
    for (const p of partsOfDevice(d.id)) {
      const b = builders[p]!
      const i = b.addDevice(DeviceKey.hi(d.id), DeviceKey.lo(d.id), typeCode(d.type), statusCode(d.status), microsOf(d.lastEventAt))
      // a foreign meter point is copied too (links need it); its changes are dropped in merge
      for (const mp of d.meterPoints) b.link(i, put(p, State.meterPoint(state, mp)!))
    }
  }
  for (const id of State.eventIds(state)) for (const b of builders) b.addEvent(id)
  // the events, fanned out
  const evs: Event[][] = Array.from({ length: n }, () => [])
  const pos: number[][] = Array.from({ length: n }, () => [])
  events.forEach((e, k) => {
    for (const p of partsOfDevice(deviceOf(e))) {
      evs[p]!.push(e)
      pos[p]!.push(k)
    }
  })
  return builders.map((b, p) => ({ index: p, state: ofRef(b.build()), events: evs[p]!, positions: Int32Array.from(pos[p]!) }))
}

/**
 * Folds one partition (what a worker runs): `Reducer.begin` over its events, noting the batch
 * position of every change and rejection.
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * const events: ReadonlyArray<Model.Event> = []
 * const outs = split(state, events, 2).map((p) => run(p))
 * @since 0.1.0
 * @category combinators
 */
export const run = (part: Partition, options?: Reducer.Options, keepState = true): PartitionOutput => {
  const fold = ReducerModule.begin(part.state, options)
  const changePositions: number[] = []
  const rejectedPositions: number[] = []
  let changes = 0
  let rejected = 0
  for (let k = 0; k < part.events.length; k++) {
    fold.push(part.events[k]!)
    const [c, r] = fold.counts()
    for (; changes < c; changes++) changePositions.push(part.positions[k]!)
    for (; rejected < r; rejected++) rejectedPositions.push(part.positions[k]!)
  }
  const out = fold.finish()
  return {
    changes: out.changes,
    changePositions: Int32Array.from(changePositions),
    rejected: out.rejected,
    rejectedPositions: Int32Array.from(rejectedPositions),
    ...(keepState ? { state: out.state } : {}),
  }
}

/**
 * Puts the outputs of the partitions back together: each rejection once, in input order; each
 * change from the partition that owns its meter point, in input order (within an event, in meter
 * point id order). With states in every output, also the merged state (compact), which reads as
 * the single-thread one.
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * const events: ReadonlyArray<Model.Event> = []
 * const parts = split(state, events, 2)
 * const { changes, rejected, state: merged } = merge(parts, parts.map((p) => run(p)), events.length)
 * @since 0.1.0
 * @category combinators
 */
export const merge = (
  parts: ReadonlyArray<Partition>,
  outputs: ReadonlyArray<PartitionOutput>,
  eventCount: number,
): { readonly changes: ReadonlyArray<Reducer.Change>; readonly rejected: ReadonlyArray<Rejection>; readonly state: State.State | null } => {
  const n = parts.length
  const rejectedAt: Array<Rejection | undefined> = new Array(eventCount)
  const changesAt: Array<Reducer.Change[] | undefined> = new Array(eventCount)
  outputs.forEach((out, p) => {
    // every copy of an event decides the same: keep the first rejection seen
    out.rejected.forEach((r, k) => {
      const at = out.rejectedPositions[k]!
      if (rejectedAt[at] === undefined) rejectedAt[at] = r
    })
    out.changes.forEach((c, k) => {
      if (partitionOf(c.meterPoint, n) !== p) return
      const at = out.changePositions[k]!
      const list = changesAt[at] ?? (changesAt[at] = [])
      list.push(c)
    })
  })
  const changes: Reducer.Change[] = []
  const rejected: Rejection[] = []
  for (let k = 0; k < eventCount; k++) {
    const r = rejectedAt[k]
    if (r !== undefined) rejected.push(r)
    const cs = changesAt[k]
    if (cs !== undefined) {
      if (cs.length > 1) cs.sort((a, b) => (a.meterPoint < b.meterPoint ? -1 : a.meterPoint > b.meterPoint ? 1 : 0))
      for (const c of cs) changes.push(c)
    }
  }
  const state = outputs.every((o) => o.state !== undefined) ? mergeStates(parts, outputs.map((o) => o.state!)) : null
  return { changes, rejected, state }
}

const mergeStates = (parts: ReadonlyArray<Partition>, states: ReadonlyArray<State.State>): State.State => {
  const n = parts.length
  const mps: MeterPointRecord[] = []
  states.forEach((s, p) => {
    for (const mp of State.meterPoints(s)) if (partitionOf(mp.id, n) === p) mps.push(mp)
  })
  mps.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const devs = new Map<string, ReturnType<typeof State.device>>()
  states.forEach((s) => {
    for (const d of State.devices(s)) if (!devs.has(d.id)) devs.set(d.id, d)
  })
  // a device deleted in its partitions is absent from all of them
  const devices = Array.from(devs.values()).filter((d) => d !== undefined)
  devices.sort((a, b) => (a!.id < b!.id ? -1 : a!.id > b!.id ? 1 : 0))
  const ids = new Set<string>()
  for (const s of states) for (const id of State.eventIds(s)) ids.add(id)
  return State.fromRecords({ meterPoints: mps, devices: devices as never, eventIds: ids })
}

/** A partition as plain data (typed arrays and arrays), for `postMessage` to a worker. @since 0.2.0 @category model */
export interface PartitionData {
  readonly index: number
  readonly store: Parts
  readonly events: ReadonlyArray<Event>
  readonly positions: Int32Array
}

/**
 * A partition as plain data, to send to a worker thread (its arrays are shared, not copied:
 * `postMessage` copies or transfers them).
 *
 * @example
 * import { Parallel, State } from 'dcc-service-flags'
 * const [part] = Parallel.split(State.empty, [], 1)
 * const back = Parallel.fromData(Parallel.toData(part!))
 * @since 0.2.0
 * @category destructors
 */
export const toData = (part: Partition): PartitionData => ({ index: part.index, store: toParts(toRef(part.state)), events: part.events, positions: part.positions })

/**
 * The partition of plain data made by {@link toData} (in the worker).
 *
 * @example
 * import { Parallel, State } from 'dcc-service-flags'
 * const [part] = Parallel.split(State.empty, [], 1)
 * Parallel.run(Parallel.fromData(Parallel.toData(part!))).changes.length // 0
 * @since 0.2.0
 * @category constructors
 */
export const fromData = (data: PartitionData): Partition => ({ index: data.index, state: ofRef(fromParts(data.store)), events: data.events, positions: data.positions })
