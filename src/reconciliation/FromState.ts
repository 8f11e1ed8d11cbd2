/**
 * From the engine's state to the reconciliation inputs: each meter point's expected flag
 * ({@link Reconcile.Expected}, with the linked smart meters as evidence) and each meter point's final
 * flag (the `flags` of an `Impact.Finals`).
 *
 * The expected flag is the one the state holds (after a replay, the flag the events led to). With a
 * derivation policy it is instead what that policy derives from the smart meters linked to the meter
 * point now: what a supplier holding only device data would compute (docs/rules.md section 7). A meter
 * point with no linked smart meter keeps its stored flag, and so does one the policy would leave as it
 * is (the flag never returns to null).
 *
 * What "derives from the meters linked now" means (**provisional**: docs/rules.md defines policies as
 * reactions to events; these are their readings on a state at rest): a policy's `derive` with no
 * cause (`Policy.atRest`). `mp077`, `businessRequirements` and `legacySec` never look at the cause;
 * `dspAsBuilt`, event-driven, reads at rest as the flag its events would have left (`A` when any
 * linked meter is Commissioned; `N` when the flag is `A` and no linked meter is still served;
 * otherwise the stored flag). A user's policy answers a null cause as it sees fit, or is given a
 * static reading of its own through {@link Options.atRest}.
 *
 * Everything streams; nothing is held but the current meter point. {@link expectedOfRecords} takes
 * (meter point, linked meters) pairs from anywhere (a database, say), {@link expectedOf} reads them
 * from a state in meter point id order.
 *
 * @since 0.1.0
 */
import type { Flag } from '../identifiers/Flag'
import { Policy, State } from '../engine'
import type { Model } from '../engine'
import type * as Reconcile from './Reconcile'

type DeviceRecord = Model.DeviceRecord
type MeterPointRecord = Model.MeterPointRecord

/** What a static derivation sees: a meter point, its current flag and its linked smart meters. @since 0.1.0 @category model */
export interface AtRest {
  readonly meterPoint: MeterPointRecord
  readonly flag: Flag | null
  /** The smart meters linked to it now (at least one). */
  readonly meters: ReadonlyArray<DeviceRecord>
}

/** A policy's reading of a state at rest: the flag it derives, or null for "leave it". @since 0.1.0 @category model */
export type Derivation = (input: AtRest) => Flag | null

/**
 * A policy's reading of a state at rest: its `derive` with no cause (`Policy.atRest`), answered
 * from the reducer's compiled table for the policy. Every policy, built-in or not, reads the same
 * way; `dspAsBuilt` says what its events would have left (see `Policy.dspAsBuilt`). A result
 * outside the policy's `flags` is a programmer error and throws, as in the reducer.
 *
 * @example
 * import { FromState, Policy } from 'dcc-service-flags'
 * import type { DeviceId, MeterPointId } from 'dcc-service-flags'
 * const mp = { id: '1200023305967' as MeterPointId.MeterPointId, fuel: 'electricity' as const, flag: 'A' as const, effectiveFrom: null, meters: [], notified: null, held: null }
 * const meter = { id: '00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId, type: 'ESME' as const, status: 'Pending' as const, meterPoints: [mp.id], lastEventAt: null }
 * FromState.derivationOf(Policy.mp077)({ meterPoint: mp, flag: 'A', meters: [meter] }) // 'N'
 * @since 0.1.0
 * @category derivations
 */
export const derivationOf = (policy: Policy.Policy): Derivation => {
  const read = Policy.atRest(policy)
  return (input) => read(input.flag, input.meters.map((m) => m.status))
}

/** Options of {@link expectedOf}. @since 0.1.0 @category model */
export interface Options {
  /** Derive the expected flag from the linked meters with this policy instead of taking the stored one. */
  readonly derive?: Policy.Policy
  /** The static reading to use for `derive` (default {@link derivationOf} of it). */
  readonly atRest?: Derivation
}

const linkedMeters = (state: State.State, mp: MeterPointRecord): DeviceRecord[] => {
  const out: DeviceRecord[] = []
  for (let i = 0; i < mp.meters.length; i++) {
    const d = State.device(state, mp.meters[i]!)
    if (d !== undefined) out.push(d)
  }
  return out
}

const evidenceOf = (meters: ReadonlyArray<DeviceRecord>): Reconcile.Meter[] =>
  meters.map((d) => ({ deviceId: d.id, type: d.type, status: d.status }))

/**
 * The expected flag of one meter point from its record and its linked smart meters (see the
 * module notes): the stored (flag, effective-from), or with `derive` the flag the policy derives
 * from the meters, the date then kept only when the flag is the stored one. The one place these
 * at-rest rules are written: {@link expectedOf} and {@link expectedOfRecords} both use it.
 *
 * @example
 * import { FromState, Policy } from 'dcc-service-flags'
 * import type { DeviceId, MeterPointId } from 'dcc-service-flags'
 * const mp = { id: '1200023305967' as MeterPointId.MeterPointId, fuel: 'electricity' as const, flag: 'A' as const, effectiveFrom: null, meters: [], notified: null, held: null }
 * const meter = { id: '00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId, type: 'ESME' as const, status: 'Decommissioned' as const, meterPoints: [mp.id], lastEventAt: null }
 * FromState.expectedOne(mp, [meter], FromState.derivationOf(Policy.mp077)).flag // 'N'
 * @since 0.2.0
 * @category conversions
 */
export const expectedOne = (mp: MeterPointRecord, meters: ReadonlyArray<DeviceRecord>, derive: Derivation | undefined): Reconcile.Expected => {
  let flag = mp.flag
  let effectiveFrom = mp.effectiveFrom
  if (derive !== undefined && meters.length > 0) {
    const derived = derive({ meterPoint: mp, flag: mp.flag, meters })
    if (derived !== null && derived !== mp.flag) {
      flag = derived
      effectiveFrom = null
    }
  }
  return { meterPoint: mp.id, fuel: mp.fuel, flag, effectiveFrom, meters: evidenceOf(meters) }
}

const derivationOfOptions = (options: Options): Derivation | undefined =>
  options.atRest ?? (options.derive === undefined ? undefined : derivationOf(options.derive))

/**
 * Each (meter point record, its linked smart meter records) pair as a reconciliation
 * {@link Reconcile.Expected}, in the order given: for callers that hold records without a state
 * (a database reads a meter point's row and its meters' rows). See {@link expectedOf} for what
 * `derive` does.
 *
 * @example
 * import { FromState, Policy, Reconcile } from 'dcc-service-flags'
 * import type { Model } from 'dcc-service-flags'
 * declare const rows: Iterable<readonly [Model.MeterPointRecord, ReadonlyArray<Model.DeviceRecord>]>
 * const report = Reconcile.reconcile(FromState.expectedOfRecords(rows, { derive: Policy.mp077 }), [])
 * @since 0.2.0
 * @category conversions
 */
export function* expectedOfRecords(
  records: Iterable<readonly [MeterPointRecord, ReadonlyArray<DeviceRecord>]>,
  options: Options = {},
): IterableIterator<Reconcile.Expected> {
  const derive = derivationOfOptions(options)
  for (const [mp, meters] of records) yield expectedOne(mp, meters, derive)
}

/**
 * Every meter point of a state as a reconciliation {@link Reconcile.Expected}, in meter point id
 * order, with its linked smart meters as evidence.
 *
 * Without `derive`, the expected (flag, effective-from) is the stored pair. With `derive`, a meter
 * point with linked smart meters gets the flag the policy derives (see the module notes); the
 * effective-from date is kept when that flag is the stored one (the date it took that value) and is
 * null (not known, not compared) when it differs, since device data alone cannot tell when it
 * changed. A meter point with no linked smart meter, or one the policy leaves as it is, keeps its
 * stored pair.
 *
 * @example
 * import { FromState, Policy, Reconcile, State } from 'dcc-service-flags'
 * const report = Reconcile.reconcile(FromState.expectedOf(State.empty, { derive: Policy.mp077 }), [])
 * @since 0.1.0
 * @category conversions
 */
export function* expectedOf(state: State.State, options: Options = {}): IterableIterator<Reconcile.Expected> {
  const derive = derivationOfOptions(options)
  for (const mp of State.meterPoints(state)) yield expectedOne(mp, linkedMeters(state, mp), derive)
}

/**
 * Every meter point of a state with its flag (null when it has none), in meter point id order: the
 * `flags` of an impact `Impact.Finals`.
 *
 * @example
 * import * as Impact from './Impact'
 * import { Policy, Reducer } from 'dcc-service-flags'
 * const legacyState = Reducer.reduce(state, [], { policy: Policy.legacySec }).state
 * Impact.impact([{ policy: 'legacySec', flags: finalFlagsOf(legacyState) }, { policy: 'mp077', flags: finalFlagsOf(state) }])
 * @since 0.1.0
 * @category conversions
 */
export function* finalFlagsOf(state: State.State): IterableIterator<readonly [string, Flag | null]> {
  for (const mp of State.meterPoints(state)) yield [mp.id, mp.flag] as const
}
