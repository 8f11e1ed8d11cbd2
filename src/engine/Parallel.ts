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
import { Fold } from './reduce/Fold'
import * as State from './State'
import { Builder, microsOf } from './store/Builder'
import { NO_DATE, dateCode, flagCode, statusCode, typeCode } from './store/Codes'
import { keyHash, stringHash } from './store/Hash'
import { changeOf } from './reduce/Changes'
import type { Parts } from './store/Transfer'
import { fromParts, toParts } from './store/Transfer'
import { ofRef, toRef } from './store/Handle'

/**
 * The partition of a meter point id among `n`.
 *
 * @example
 * partitionOf('1200023305967', 4) // a number in [0, 4)
 * @since 0.1.0
 * @category utils
 */
export const partitionOf = (meterPointId: string, n: number): number => keyHash(MeterPointKey.keyOf(meterPointId)) % n

/**
 * One partition: its state, its events and their positions in the whole batch, and, when the batch
 * was given as NDJSON lines, its events' lines (read into codes by {@link run}).
 *
 * @since 0.1.0
 * @category model
 */
export interface Partition {
  readonly index: number
  readonly state: State.State
  readonly events: ReadonlyArray<Event>
  /** `positions[k]` is the position of `events[k]` in the batch. */
  readonly positions: Int32Array
  /** `lines[k]` is the NDJSON line of `events[k]`, when the batch came as lines. */
  readonly lines?: ReadonlyArray<string>
}

/**
 * A partition's changes as plain arrays (cheap to send between threads): for change `i`, the index
 * in the partition's events of its event, its meter point key (`MeterPointKey`), its flags
 * (`from | to << 3`, flag codes: 0 none, then A, I, N, S, W) and its effective-from day (days since
 * 1970-01-01).
 *
 * @since 0.2.0
 * @category model
 */
export interface ChangeCodes {
  readonly events: Int32Array
  readonly keys: Float64Array
  readonly flags: Uint8Array
  readonly days: Int32Array
  readonly policy: string
}

/**
 * What folding a partition gives: its changes (as {@link ChangeCodes}) and rejections, each with
 * the index in the partition's events of its event, and (optionally) its final state.
 *
 * @since 0.1.0
 * @category model
 */
export interface PartitionOutput {
  readonly changes: ChangeCodes
  readonly rejected: ReadonlyArray<Rejection>
  readonly rejectedEvents: Int32Array
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
export const split = (state: State.State, events: ReadonlyArray<Event>, n: number, lines?: ReadonlyArray<string>): ReadonlyArray<Partition> => {
  if (lines !== undefined && lines.length !== events.length) throw new RangeError('Parallel.split: one line per event')
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
  return builders.map((b, p) => {
    const positions = Int32Array.from(pos[p]!)
    const part: Partition = { index: p, state: ofRef(b.build()), events: evs[p]!, positions }
    return lines === undefined ? part : { ...part, lines: Array.from(positions, (k) => lines[k]!) }
  })
}

/**
 * Folds one partition (what a worker runs): its events, or its NDJSON lines when it has them,
 * noting the event of every change and rejection. The changes come back as plain arrays.
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * const events: ReadonlyArray<Model.Event> = []
 * const outs = split(state, events, 2).map((p) => run(p))
 * @since 0.1.0
 * @category combinators
 */
export const run = (part: Partition, options?: Reducer.Options, keepState = true): PartitionOutput => {
  const fold = new Fold(toRef(part.state), options, part.events.length)
  const changeEvents = new Int32Array(Math.max(16, part.events.length))
  const rejectedEvents: number[] = []
  let c = 0
  let events = changeEvents
  const lines = part.lines
  for (let k = 0; k < part.events.length; k++) {
    if (lines !== undefined) fold.pushLine(lines[k]!, k + 1)
    else fold.push(part.events[k]!)
    const nc = fold.changes.length
    if (nc > events.length) {
      const grown = new Int32Array(2 * nc)
      grown.set(events)
      events = grown
    }
    for (; c < nc; c++) events[c] = k
    while (rejectedEvents.length < fold.rejected.length) rejectedEvents.push(k)
  }
  const state = ofRef(fold.end())
  const b = fold.changes
  const keys = new Float64Array(b.length)
  for (let i = 0; i < b.length; i++) keys[i] = fold.mpF[b.rows[i]! * 3]!
  return {
    changes: { events: events.slice(0, c), keys, flags: b.flags.slice(0, b.length), days: b.dates.slice(0, b.length), policy: fold.policyName },
    rejected: fold.rejected,
    rejectedEvents: Int32Array.from(rejectedEvents),
    ...(keepState ? { state } : {}),
  }
}

/** The result of {@link merge}: `changes` are made into objects the first time they are read. @since 0.2.0 @category model */
export interface Merged {
  readonly changes: ReadonlyArray<Reducer.Change>
  readonly rejected: ReadonlyArray<Rejection>
  readonly state: State.State | null
}

/**
 * Puts the outputs of the partitions back together: each rejection once, in input order; each
 * change from the partition that owns its meter point, in input order (within an event, in meter
 * point id order). With states in every output, also the merged state, which reads as the
 * single-thread one. The changes are merged as codes and made into objects when first read.
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * const events: ReadonlyArray<Model.Event> = []
 * const parts = split(state, events, 2)
 * const { changes, rejected, state: merged } = merge(parts, parts.map((p) => run(p)), events.length)
 * @since 0.1.0
 * @category combinators
 */
export const merge = (parts: ReadonlyArray<Partition>, outputs: ReadonlyArray<PartitionOutput>, eventCount: number): Merged => {
  const n = parts.length
  const rejectedAt: Array<Rejection | undefined> = new Array(eventCount)
  outputs.forEach((out, p) => {
    // every copy of an event decides the same: keep the first rejection seen
    out.rejected.forEach((r, k) => {
      const at = parts[p]!.positions[out.rejectedEvents[k]!]!
      if (rejectedAt[at] === undefined) rejectedAt[at] = r
    })
  })
  const rejected: Rejection[] = []
  for (let k = 0; k < eventCount; k++) if (rejectedAt[k] !== undefined) rejected.push(rejectedAt[k]!)
  // each partition's own changes, in its (input) order; then merged by position
  const owned = outputs.map((out, p) => {
    const keep: number[] = []
    for (let i = 0; i < out.changes.keys.length; i++) if (keyHash(out.changes.keys[i]!) % n === p) keep.push(i)
    return keep
  })
  const order: Array<readonly [number, number]> = []
  const cursor = owned.map(() => 0)
  const positionOf = (p: number): number => {
    const i = owned[p]![cursor[p]!]
    return i === undefined ? Number.POSITIVE_INFINITY : parts[p]!.positions[outputs[p]!.changes.events[i]!]!
  }
  for (;;) {
    let best = -1
    let bestAt = Number.POSITIVE_INFINITY
    for (let p = 0; p < n; p++) {
      const at = positionOf(p)
      if (at < bestAt || (at === bestAt && best >= 0 && MeterPointKey.idOf(outputs[p]!.changes.keys[owned[p]![cursor[p]!]!]!) < MeterPointKey.idOf(outputs[best]!.changes.keys[owned[best]![cursor[best]!]!]!))) {
        best = p
        bestAt = at
      }
    }
    if (best < 0) break
    order.push([best, owned[best]![cursor[best]!]!])
    cursor[best]!++
  }
  let changes: ReadonlyArray<Reducer.Change> | null = null
  const materialize = (): ReadonlyArray<Reducer.Change> =>
    order.map(([p, i]) => {
      const c = outputs[p]!.changes
      return changeOf(c.keys[i]!, c.flags[i]!, c.days[i]!, parts[p]!.events[c.events[i]!]!.eventId, c.policy)
    })
  const state = outputs.every((o) => o.state !== undefined) ? mergeStates(parts, outputs.map((o) => o.state!)) : null
  return {
    get changes(): ReadonlyArray<Reducer.Change> {
      if (changes === null) changes = materialize()
      return changes
    },
    rejected,
    state,
  }
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
  readonly lines?: ReadonlyArray<string>
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
export const toData = (part: Partition): PartitionData => ({
  index: part.index,
  store: toParts(toRef(part.state)),
  events: part.events,
  positions: part.positions,
  ...(part.lines === undefined ? {} : { lines: part.lines }),
})

/**
 * The partition of plain data made by {@link toData} (in the worker).
 *
 * @example
 * import { Parallel, State } from 'dcc-service-flags'
 * const [part] = Parallel.split(State.empty, [], 1)
 * Parallel.run(Parallel.fromData(Parallel.toData(part!))).changes.events.length // 0
 * @since 0.2.0
 * @category constructors
 */
export const fromData = (data: PartitionData): Partition => ({
  index: data.index,
  state: ofRef(fromParts(data.store)),
  events: data.events,
  positions: data.positions,
  ...(data.lines === undefined ? {} : { lines: data.lines }),
})
