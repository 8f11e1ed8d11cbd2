/**
 * The reducer: a pure, total left fold of events over a {@link State.State}. Every event ends up
 * applied or rejected (docs/contract.md codes, first in precedence order wins); a rejected event changes
 * nothing, not even the applied event ids. After each applied event the policy derives the flag of
 * every meter point the event touched, and each difference becomes a {@link Change} (several per
 * event in meter point id order; several per day all kept, in event order).
 *
 * A call copies only the delta shards it writes and never the base, so it costs
 * O(events + delta). For long streams, {@link begin} gives the transient itself: push events (or
 * NDJSON lines) one at a time, then `finish`.
 *
 * @since 0.1.0
 */
import type * as CalendarDate from '../identifiers/CalendarDate'
import * as Instant from '../identifiers/Instant'
import * as MeterPointId from '../identifiers/MeterPointId'
import { either as E } from 'fp-ts'
import * as CompactReducer from './CompactReducer'
import { asOfMicros } from './CompactReducer'
import * as Lifecycle from './Lifecycle'
import type { Change as ModelChange, DeviceRecord, Event, MeterPointRecord, Rejection, RejectionCode } from './Model'
import { forEachLine, fuelServed, hasStatus, maxMeterPoints, parseEventLine } from './Model'
import * as Policy from './Policy'
import type { ShardedMap, ShardedSet } from './Sharded'
import * as State from './State'
import type { Store } from './Store'

/**
 * How to reduce: the policy (`mp077` by default), the lifecycle table (`strict` by default), and
 * the caller's clock reading `asOf` (none by default): given, an event whose `at` is later is
 * rejected `future_event`. An `asOf` that is not an instant is a programmer error and throws.
 *
 * @since 0.1.0
 * @category model
 */
export interface Options {
  readonly policy?: Policy.Policy
  readonly lifecycle?: Lifecycle.Lifecycle
  readonly asOf?: Instant.Instant
}

/** A flag change (moved to `Model.Change`; this name stays for existing code). @since 0.1.0 @category model */
export type Change = ModelChange

/** What a fold returns. @since 0.1.0 @category model */
export interface Result {
  readonly state: State.State
  readonly changes: ReadonlyArray<Change>
  readonly rejected: ReadonlyArray<Rejection>
}

/** A fold in progress (a transient): push events in order, then finish once. @since 0.1.0 @category model */
export interface Fold {
  /** Applies or rejects one decoded event. */
  readonly push: (event: Event) => void
  /** Parses one NDJSON line (1-based number) and pushes the event, or records an `invalid_event`. */
  readonly pushLine: (line: string, lineNo: number) => void
  /** Records a rejection made elsewhere (e.g. by another parser), in input order. */
  readonly reject: (rejection: Rejection) => void
  /** The new state and everything collected. The fold cannot be used afterwards. */
  readonly finish: () => Result
  /** How many changes and rejections it has collected so far (to tell which event caused which). */
  readonly counts: () => readonly [changes: number, rejected: number]
}

const meterPointRecord = (
  id: MeterPointRecord['id'],
  fuel: MeterPointRecord['fuel'],
  flag: MeterPointRecord['flag'],
  effectiveFrom: MeterPointRecord['effectiveFrom'],
  meters: MeterPointRecord['meters'],
  notified: MeterPointRecord['notified'],
  held: MeterPointRecord['held'],
): MeterPointRecord => ({ id, fuel, flag, effectiveFrom, meters, notified, held })

const deviceRecord = (
  id: DeviceRecord['id'],
  type: DeviceRecord['type'],
  status: DeviceRecord['status'],
  meterPoints: DeviceRecord['meterPoints'],
  lastEventAt: DeviceRecord['lastEventAt'],
): DeviceRecord => ({ id, type, status, meterPoints, lastEventAt })


const without = <A>(xs: ReadonlyArray<A>, x: A): ReadonlyArray<A> => {
  const out: A[] = []
  for (let i = 0; i < xs.length; i++) if (xs[i] !== x) out.push(xs[i]!)
  return out
}

const insertSorted = (xs: ReadonlyArray<string>, x: string): string[] => {
  const out: string[] = []
  let done = false
  for (let i = 0; i < xs.length; i++) {
    if (!done && x < xs[i]!) {
      out.push(x)
      done = true
    }
    out.push(xs[i]!)
  }
  if (!done) out.push(x)
  return out
}

const hasLink = (xs: ReadonlyArray<string>, x: string): boolean => {
  for (let i = 0; i < xs.length; i++) if (xs[i] === x) return true
  return false
}

const rejection = (eventId: string | null, code: RejectionCode, message: string): Rejection => ({ eventId, code, message })

class Transient implements Fold {
  private readonly base: Store
  private readonly mps: ShardedMap<MeterPointRecord>
  private readonly devs: ShardedMap<DeviceRecord | null>
  private readonly events: ShardedSet
  private readonly policy: Policy.Policy
  private readonly lifecycle: Lifecycle.Compiled
  private readonly asOf: number
  private readonly changes: Change[] = []
  private readonly rejected: Rejection[] = []
  private finished = false
  // the date of the event being applied, computed on its first change
  private dateEvent: Event | null = null
  private date: CalendarDate.CalendarDate | null = null

  constructor(state: State.State, options: Options | undefined) {
    this.base = state.base
    this.mps = state.delta.meterPoints.transient()
    this.devs = state.delta.devices.transient()
    this.events = state.delta.events.transient()
    this.policy = options?.policy ?? Policy.mp077
    this.lifecycle = Lifecycle.compile(options?.lifecycle ?? Lifecycle.strict)
    this.asOf = asOfMicros(options)
    this.push = this.push.bind(this)
    this.pushLine = this.pushLine.bind(this)
    this.reject = this.reject.bind(this)
    this.finish = this.finish.bind(this)
    this.counts = this.counts.bind(this)
  }

  counts(): readonly [number, number] {
    return [this.changes.length, this.rejected.length]
  }

  push(event: Event): void {
    this.assertOpen()
    const r = this.apply(event)
    if (r !== null) this.rejected.push(r)
    else this.events.add(event.eventId)
  }

  pushLine(line: string, lineNo: number): void {
    this.assertOpen()
    const r = parseEventLine(line, lineNo)
    if (E.isLeft(r)) this.rejected.push(r.left)
    else this.push(r.right)
  }

  reject(r: Rejection): void {
    this.assertOpen()
    this.rejected.push(r)
  }

  finish(): Result {
    this.assertOpen()
    this.finished = true
    return {
      state: { base: this.base, delta: { meterPoints: this.mps, devices: this.devs, events: this.events } },
      changes: this.changes,
      rejected: this.rejected,
    }
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('Reducer: this fold has finished; begin a new one from its state')
  }

  private meterPoint(id: string): MeterPointRecord | undefined {
    const d = this.mps.get(id)
    return d !== undefined ? d : this.base.meterPoint(id)
  }

  private device(id: string): DeviceRecord | undefined {
    const d = this.devs.get(id)
    if (d === null) return undefined
    return d !== undefined ? d : this.base.device(id)
  }

  // Checks first, in docs/contract.md's precedence order, then writes: a rejected event must leave no trace.
  private apply(e: Event): Rejection | null {
    if (e === null || typeof e !== 'object' || typeof e.eventId !== 'string' || e.eventId.length === 0) {
      return rejection(null, 'invalid_event', 'an event needs a non-empty string eventId')
    }
    const id = e.eventId
    const at = typeof e.at === 'string' ? Instant.epochMicros(e.at) : NaN
    if (Number.isNaN(at)) return rejection(id, 'invalid_event', `at ${JSON.stringify(e.at)} is not an ISO-8601 instant with an offset or Z`)
    if (e.type === 'DeviceRegistered' && !hasStatus(e.deviceType) && e.status !== undefined) {
      return rejection(id, 'invalid_event', `${e.deviceType} devices have no SMI status`)
    }
    const type = (e as { readonly type?: unknown }).type
    if (type !== 'DeviceRegistered' && type !== 'StatusChanged' && type !== 'MeterPointLinked' && type !== 'MeterPointUnlinked' && type !== 'DeviceDeleted') {
      return rejection(id, 'invalid_event', `unknown event type ${JSON.stringify(type) ?? String(type)}`)
    }
    if (this.events.has(id) || this.base.hasEvent(id)) return rejection(id, 'duplicate_event', `event ${id} was already applied`)
    if (at > this.asOf) return rejection(id, 'future_event', `event ${id} at ${e.at} is later than the fold's asOf`)
    const lastEventAt = Instant.ofEpochMicros(at)
    if (e.type === 'DeviceRegistered') {
      if (this.device(e.deviceId) !== undefined) {
        return rejection(id, 'duplicate_device', `device ${e.deviceId} is already in the inventory`)
      }
      this.devs.set(e.deviceId, deviceRecord(e.deviceId, e.deviceType, hasStatus(e.deviceType) ? (e.status ?? 'Pending') : null, [], lastEventAt))
      return null
    }
    const d = this.device(e.deviceId)
    if (d === undefined) return rejection(id, 'unknown_device', `device ${e.deviceId} is not in the inventory`)
    if (d.lastEventAt !== null && at < Instant.epochMicros(d.lastEventAt)) {
      return rejection(id, 'out_of_order', `event ${id} at ${e.at} is earlier than device ${d.id}'s last event (${d.lastEventAt})`)
    }
    switch (e.type) {
      case 'StatusChanged': {
        const from = d.status
        if (from === 'Decommissioned') return rejection(id, 'device_decommissioned', `device ${d.id} is Decommissioned: its status cannot change`)
        if (from === null) return rejection(id, 'forbidden_status_change', `${d.type} ${d.id} has no SMI status`)
        if (from !== e.status && !Lifecycle.allowsCompiled(this.lifecycle, from, e.status)) {
          return rejection(id, 'forbidden_status_change', `device ${d.id} cannot go from ${from} to ${e.status}`)
        }
        const nd = deviceRecord(d.id, d.type, e.status, d.meterPoints, lastEventAt)
        this.devs.set(d.id, nd)
        // a change to the status it has is an accepted no-op (its instant still counts)
        if (from !== e.status) this.deriveEach(nd.meterPoints, { kind: 'statusChanged', device: nd, from, to: e.status }, e)
        return null
      }
      case 'MeterPointLinked': {
        if (d.status === 'Decommissioned') return rejection(id, 'device_decommissioned', `device ${d.id} is Decommissioned: it cannot be linked`)
        const fuel = fuelServed(d.type)
        if (fuel === null) return rejection(id, 'not_a_smart_meter', `a ${d.type} cannot serve a meter point`)
        const mpFuel = MeterPointId.fuelOf(e.meterPoint)
        if (mpFuel !== fuel) return rejection(id, 'wrong_fuel_link', `a ${d.type} cannot serve ${mpFuel ?? 'unknown'} meter point ${e.meterPoint}`)
        if (hasLink(d.meterPoints, e.meterPoint)) return rejection(id, 'already_linked', `device ${d.id} already serves ${e.meterPoint}`)
        const max = maxMeterPoints(d.type)
        if (d.meterPoints.length >= max) {
          return rejection(id, 'too_many_links', `a ${d.type} serves at most ${max} meter point${max === 1 ? '' : 's'}; ${d.id} serves ${d.meterPoints.join(', ')}`)
        }
        const nd = deviceRecord(d.id, d.type, d.status, d.meterPoints.concat(e.meterPoint), lastEventAt)
        this.devs.set(d.id, nd)
        const mp = this.meterPoint(e.meterPoint) ?? State.blankMeterPoint(e.meterPoint)
        const nmp = meterPointRecord(mp.id, mp.fuel, mp.flag, mp.effectiveFrom, insertSorted(mp.meters, d.id) as unknown as MeterPointRecord['meters'], mp.notified, mp.held)
        this.mps.set(nmp.id, nmp)
        this.derive(nmp, { kind: 'linked', device: nd }, e)
        return null
      }
      case 'MeterPointUnlinked': {
        if (!hasLink(d.meterPoints, e.meterPoint)) return rejection(id, 'not_linked', `device ${d.id} does not serve ${e.meterPoint}`)
        const nd = deviceRecord(d.id, d.type, d.status, without(d.meterPoints, e.meterPoint), lastEventAt)
        this.devs.set(d.id, nd)
        const nmp = this.unlinked(e.meterPoint, d.id)
        this.derive(nmp, { kind: 'unlinked', device: nd, deleted: false }, e)
        return null
      }
      case 'DeviceDeleted': {
        this.devs.set(d.id, null)
        const mps = d.meterPoints
        for (let i = 0; i < mps.length; i++) this.unlinked(mps[i]!, d.id)
        this.deriveEach(mps, { kind: 'unlinked', device: d, deleted: true }, e)
        return null
      }
    }
  }

  private unlinked(mpId: string, deviceId: DeviceRecord['id']): MeterPointRecord {
    const mp = this.meterPoint(mpId)!
    const nmp = meterPointRecord(mp.id, mp.fuel, mp.flag, mp.effectiveFrom, without(mp.meters, deviceId), mp.notified, mp.held)
    this.mps.set(nmp.id, nmp)
    return nmp
  }

  // Derives each meter point a device serves, in meter point id order (a device serves at most two).
  private deriveEach(mpIds: ReadonlyArray<string>, cause: Policy.Cause, e: Event): void {
    if (mpIds.length === 0) return
    if (mpIds.length === 1) {
      this.derive(this.meterPoint(mpIds[0]!)!, cause, e)
      return
    }
    const sorted = mpIds.slice().sort()
    for (let i = 0; i < sorted.length; i++) this.derive(this.meterPoint(sorted[i]!)!, cause, e)
  }

  private derive(mp: MeterPointRecord, cause: Policy.Cause, e: Event): void {
    const ids = mp.meters
    const meters: DeviceRecord[] = new Array<DeviceRecord>(ids.length)
    const known = cause.device
    // the causing device is usually one of them: skip a lookup
    for (let i = 0; i < ids.length; i++) meters[i] = ids[i] === known.id ? known : this.device(ids[i]!)!
    const to = this.policy.derive({ meterPoint: mp, flag: mp.flag, meters, cause })
    if (to === null || to === mp.flag) return
    if (!this.policy.flags.includes(to)) {
      throw new TypeError(`policy ${this.policy.name} derived flag ${String(to)}, which is not among its flags (${this.policy.flags.join(', ')})`)
    }
    const eventDate = this.dateOf(e)
    // a flag never moves back in time (docs/rules.md section 4)
    const date = mp.effectiveFrom !== null && mp.effectiveFrom > eventDate ? mp.effectiveFrom : eventDate
    this.mps.set(mp.id, meterPointRecord(mp.id, mp.fuel, to, date, mp.meters, mp.notified, mp.held))
    this.changes.push({ meterPoint: mp.id, fuel: mp.fuel, from: mp.flag, to, effectiveFrom: date, eventId: e.eventId, policy: this.policy.name })
  }

  private dateOf(e: Event): CalendarDate.CalendarDate {
    if (this.dateEvent !== e) {
      const d = Instant.londonDate(e.at)
      // decoded events always have a valid instant: reaching this is a caller's type error
      if (d === null) throw new TypeError(`event ${e.eventId}: at ${JSON.stringify(e.at)} is not an instant; decode events with Model.eventCodec`)
      this.date = d
      this.dateEvent = e
    }
    return this.date!
  }
}

// The fast path over a compact store: same results, typed arrays instead of records.
const compactFold = (state: State.State, options: Options | undefined, expectedEvents?: number): Fold | null => {
  const layered = CompactReducer.fastPathOf(state.base, state.delta)
  if (layered === null) return null
  const fold = CompactReducer.CompactFold.begin(layered, options, state.delta.meterPoints.size === 0 ? undefined : Array.from(state.delta.meterPoints.entries(), ([, r]) => r), expectedEvents)
  return {
    push: fold.push,
    pushLine: fold.pushLine,
    reject: fold.reject,
    counts: fold.counts,
    finish: () => {
      const r = fold.finish()
      return { state: { base: r.store, delta: CompactReducer.emptyDelta() }, changes: r.changes, rejected: r.rejected }
    },
  }
}

// `expectedEvents` (when the events are an array) lets a compact fold size its overlay once
const start = (state: State.State, options: Options | undefined, expectedEvents?: number): Fold =>
  compactFold(state, options, expectedEvents) ?? new Transient(state, options)

/**
 * Starts a fold (a transient) from `state`; `state` itself is never changed.
 *
 * @example
 * const fold = begin(state, { policy: Policy.mp077 })
 * for (const e of events) fold.push(e)
 * const { state: next, changes, rejected } = fold.finish()
 * @since 0.1.0
 * @category constructors
 */
export const begin = (state: State.State, options?: Options): Fold => start(state, options)

/**
 * Folds decoded events over `state`: the new state, the flag changes and the rejected events.
 * Pure and total; the input state is not changed.
 *
 * @example
 * const { state: next, changes, rejected } = reduce(state, events, { policy: Policy.dspAsBuilt })
 * @since 0.1.0
 * @category combinators
 */
export const reduce = (state: State.State, events: Iterable<Event>, options?: Options): Result => {
  const fold = start(state, options, Array.isArray(events) ? events.length : undefined)
  if (Array.isArray(events)) {
    const list = events as ReadonlyArray<Event>
    for (let i = 0; i < list.length; i++) fold.push(list[i]!)
  } else for (const e of events) fold.push(e)
  return fold.finish()
}

/**
 * Parses NDJSON event text and folds it over `state` in one pass: malformed lines become
 * `invalid_event` rejections in input order, and the rest of the stream still runs.
 *
 * @example
 * const { changes, rejected } = replayNdjson(state, fs.readFileSync('events.ndjson', 'latin1'))
 * @since 0.1.0
 * @category combinators
 */
export const replayNdjson = (state: State.State, text: string, options?: Options): Result => {
  const fold = start(state, options)
  forEachLine(text, fold.pushLine)
  return fold.finish()
}
