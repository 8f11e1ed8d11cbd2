/**
 * Planning the outgoing files: one D0350 per MPAS (electricity) and one DXI for the gas registry,
 * split at `maxRecordsPerFile` when set; MPANs of unknown distributors reported as unroutable.
 *
 * @since 0.2.0
 */
import * as Distributors from './Distributors'
import type { Notification } from './Pending'
import { GAS_REGISTRY } from './Pending'
import { byId, sortedByMeterPoint } from './Pairs'

// -------------------------------------------------------------------------------------------------
// plan
// -------------------------------------------------------------------------------------------------

/**
 * The kind of an outgoing file: D0350 to an MPAS, DXI (E45 records) to the gas registry.
 *
 * @example
 * const k: OutgoingKind = 'dxi'
 * @since 0.1.0
 * @category model
 */
export type OutgoingKind = 'd0350' | 'dxi'

/**
 * One file to build: its kind, its registry (an MPAS participant id, or {@link GAS_REGISTRY}) and
 * its notifications in meter point id order.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const f: FilePlan = { kind: 'd0350', registry: 'LOND', notifications: Outbox.pending(state).notifications }
 * @since 0.1.0
 * @category model
 */
export interface FilePlan {
  readonly kind: OutgoingKind
  readonly registry: string
  readonly notifications: ReadonlyArray<Notification>
}

/**
 * What {@link plan} returns: the files, and the MPANs no table entry routes (never dropped).
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const { files, unroutable } = plan(Outbox.pending(state).notifications)
 * @since 0.1.0
 * @category model
 */
export interface Plan {
  readonly files: ReadonlyArray<FilePlan>
  readonly unroutable: ReadonlyArray<Notification>
}

/**
 * How to plan: the routing table (default {@link Distributors.standard}) and the largest number of
 * records a file may hold (default none: the MRA confirmed there is no cap).
 *
 * @example
 * import { Distributors } from 'dcc-service-flags'
 * const o: PlanOptions = { routing: Distributors.extend(Distributors.standard, { '24': 'IPNL' }), maxRecordsPerFile: 20000 }
 * @since 0.1.0
 * @category model
 */
export interface PlanOptions {
  readonly routing?: Distributors.Table
  readonly maxRecordsPerFile?: number
}

const chunks = <A>(xs: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  if (xs.length <= size) return [xs]
  const out: A[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}


/**
 * Groups notifications into files: one D0350 per MPAS (files in MPAS id order), then the DXI for
 * the gas registry; each split into consecutive chunks of at most `maxRecordsPerFile` records when
 * set. Within a file, meter point id order. Every notification ends up in exactly one file or in
 * `unroutable` (in input multiplicity: duplicates in the input are kept). No empty files.
 * A `maxRecordsPerFile` that is not a positive integer is a programmer error and throws.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const { files, unroutable } = plan(Outbox.pending(state).notifications, { maxRecordsPerFile: 20000 })
 * files.map((f) => `${f.kind} ${f.registry} ${f.notifications.length}`) // ['d0350 LOND 2', 'dxi UKLINK 1']
 * @since 0.1.0
 * @category outbox
 */
export const plan = (notifications: ReadonlyArray<Notification>, options: PlanOptions = {}): Plan => {
  const max = options.maxRecordsPerFile ?? Number.POSITIVE_INFINITY
  if (max !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(max) && max >= 1)) {
    throw new RangeError(`Outbox.plan: maxRecordsPerFile must be a positive integer, got ${String(options.maxRecordsPerFile)}`)
  }
  const routing = options.routing ?? Distributors.standard
  const electricity = new Map<string, Notification[]>()
  const gas: Notification[] = []
  const unroutable: Notification[] = []
  for (let i = 0; i < notifications.length; i++) {
    const n = notifications[i]!
    if (n.fuel === 'gas') {
      gas.push(n)
      continue
    }
    const registry = Distributors.participantOf(routing, n.meterPoint)
    if (registry === null) {
      unroutable.push(n)
      continue
    }
    const bucket = electricity.get(registry)
    if (bucket === undefined) electricity.set(registry, [n])
    else bucket.push(n)
  }
  const files: FilePlan[] = []
  for (const registry of Array.from(electricity.keys()).sort(byId)) {
    for (const c of chunks(sortedByMeterPoint(electricity.get(registry)!), max)) files.push({ kind: 'd0350', registry, notifications: c })
  }
  if (gas.length > 0) for (const c of chunks(sortedByMeterPoint(gas), max)) files.push({ kind: 'dxi', registry: GAS_REGISTRY, notifications: c })
  return { files, unroutable: sortedByMeterPoint(unroutable) }
}
