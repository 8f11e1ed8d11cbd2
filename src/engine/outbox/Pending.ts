/**
 * Which flags the registries still need (docs/rules.md section 6): the MP077 switches, the pending
 * rule ({@link isDue}, written once) and the pending report in the outbox's order.
 *
 * @since 0.2.0
 */
import type * as CalendarDate from '../../identifiers/CalendarDate'
import type { Flag } from '../../identifiers/Flag'
import type * as MeterPointId from '../../identifiers/MeterPointId'
import * as Distributors from './Distributors'
import type { Hold, MeterPointRecord, Notified } from '../model/Records'
import * as State from '../State'
import { byId, sameNotified } from './Pairs'

type Fuel = MeterPointId.Fuel

// -------------------------------------------------------------------------------------------------
// switches and exportable flags
// -------------------------------------------------------------------------------------------------

/**
 * The MP077 switch of each fuel: on, the registry takes `A`, `N` and `I`; off (before MP077), only `A`.
 *
 * @example
 * const beforeMp077: Switches = { electricity: false, gas: false }
 * @since 0.1.0
 * @category model
 */
export interface Switches {
  readonly electricity: boolean
  readonly gas: boolean
}

/**
 * Both switches on (the rules in force since 4 Nov 2021): the default.
 *
 * @example
 * allOn.gas // true
 * @since 0.1.0
 * @category constants
 */
export const allOn: Switches = Object.freeze({ electricity: true, gas: true })

/**
 * True when a flag of this fuel may be sent to its registry: `A`, `N`, `I` with the fuel's switch
 * on, only `A` with it off. The legacy `S` and `W` are never exported.
 *
 * @example
 * isExportable({ electricity: false, gas: true }, 'electricity', 'N') // false
 * isExportable(allOn, 'gas', 'I') // true
 * @since 0.1.0
 * @category refinements
 */
export const isExportable = (switches: Switches, fuel: Fuel, flag: Flag): boolean =>
  flag === 'A' || ((flag === 'N' || flag === 'I') && switches[fuel])

// -------------------------------------------------------------------------------------------------
// pending
// -------------------------------------------------------------------------------------------------

/**
 * One flag to tell a registry: the meter point, its fuel and the (flag, effective-from) pair.
 *
 * @example
 * import type { CalendarDate, MeterPointId } from 'dcc-service-flags'
 * const n: Notification = { meterPoint: '1200023305967' as MeterPointId.MeterPointId, fuel: 'electricity', flag: 'A', effectiveFrom: '20211104' as CalendarDate.CalendarDate }
 * @since 0.1.0
 * @category model
 */
export interface Notification {
  readonly meterPoint: MeterPointId.MeterPointId
  readonly fuel: Fuel
  readonly flag: Flag
  readonly effectiveFrom: CalendarDate.CalendarDate
}

/**
 * A pending notification, with what was last notified for the meter point (null when nothing was).
 *
 * @example
 * const p: PendingNotification = { ...pending(state).notifications[0]!, previous: null }
 * @since 0.1.0
 * @category model
 */
export interface PendingNotification extends Notification {
  readonly previous: Notified | null
}

/**
 * A meter point on hold (after an E46 `RJ`): its current pair, the hold, and whether it would be
 * pending without the hold.
 *
 * @example
 * const h: HeldMeterPoint = { meterPoint: '3938424403' as any, fuel: 'gas', flag: 'A', effectiveFrom: '20211104' as any,
 *   hold: { flag: 'A', effectiveFrom: '20211104' as any, reason: 'E46 RJ' }, wouldBePending: true }
 * @since 0.1.0
 * @category model
 */
export interface HeldMeterPoint {
  readonly meterPoint: MeterPointId.MeterPointId
  readonly fuel: Fuel
  readonly flag: Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
  readonly hold: Hold
  readonly wouldBePending: boolean
}

/**
 * What {@link pending} found: the notifications to send, and every meter point on hold.
 *
 * @example
 * const { notifications, held } = pending(state)
 * @since 0.1.0
 * @category model
 */
export interface PendingReport {
  readonly notifications: ReadonlyArray<PendingNotification>
  readonly held: ReadonlyArray<HeldMeterPoint>
}

/**
 * The registry of the gas meter points: the gas RDP (Xoserve's UK Link). There is only one, so all
 * gas notifications share it.
 *
 * @example
 * GAS_REGISTRY // 'UKLINK'
 * @since 0.1.0
 * @category constants
 */
export const GAS_REGISTRY = 'UKLINK'


/**
 * Collects items in the outbox's order: electricity first, by registry (MPAS id; unroutable MPANs
 * after every routable one), then gas; within each, meter point id order. Items arrive in meter
 * point id order (the state's), so bucketing keeps that order without a sort.
 */
class Ordered<T extends { readonly meterPoint: string; readonly fuel: Fuel }> {
  private readonly electricity = new Map<string, T[]>()
  private readonly unroutable: T[] = []
  private readonly gas: T[] = []
  constructor(private readonly routing: Distributors.Table) {}

  push(item: T): void {
    if (item.fuel === 'gas') {
      this.gas.push(item)
      return
    }
    const registry = Distributors.participantOf(this.routing, item.meterPoint)
    if (registry === null) {
      this.unroutable.push(item)
      return
    }
    const bucket = this.electricity.get(registry)
    if (bucket === undefined) this.electricity.set(registry, [item])
    else bucket.push(item)
  }

  result(): T[] {
    const out: T[] = []
    for (const registry of Array.from(this.electricity.keys()).sort(byId)) for (const x of this.electricity.get(registry)!) out.push(x)
    for (const x of this.unroutable) out.push(x)
    for (const x of this.gas) out.push(x)
    return out
  }
}

/**
 * What {@link isDue} reads of a meter point: a `MeterPointRecord` has it, and so has a database row.
 *
 * @since 0.2.0
 * @category model
 */
export type DueFields = Pick<MeterPointRecord, 'fuel' | 'flag' | 'effectiveFrom' | 'notified' | 'held'>

/**
 * The pending rule (docs/rules.md section 6), the one place it is written: a meter point is due for
 * notification when it is not on hold, its flag is not null, the flag is exportable for its fuel
 * under `switches`, and its (flag, effective-from) differs from what was last notified. Every path
 * that decides what to send ({@link pending}, a database's candidate rows) asks this.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * import type { CalendarDate } from 'dcc-service-flags'
 * const d = '20240301' as CalendarDate.CalendarDate
 * Outbox.isDue({ fuel: 'gas', flag: 'N', effectiveFrom: d, notified: null, held: null }, Outbox.allOn) // true
 * Outbox.isDue({ fuel: 'gas', flag: 'N', effectiveFrom: d, notified: null, held: null }, { electricity: true, gas: false }) // false
 * Outbox.isDue({ fuel: 'gas', flag: 'N', effectiveFrom: d, notified: { flag: 'N', effectiveFrom: d }, held: null }, Outbox.allOn) // false
 * @since 0.2.0
 * @category outbox
 */
export const isDue = (mp: DueFields, switches: Switches = allOn): boolean => mp.held === null && wouldBeDue(mp, switches)

/** {@link isDue} without the hold: what a held meter point would be. */
const wouldBeDue = (mp: DueFields, switches: Switches): boolean => {
  const flag = mp.flag
  return flag !== null && mp.effectiveFrom !== null && isExportable(switches, mp.fuel, flag) && !sameNotified(mp.notified, flag, mp.effectiveFrom)
}

/**
 * The notifications the registries still need (docs/rules.md section 6), and the meter points on hold.
 * A meter point is pending when {@link isDue} says so: its flag is not null, exportable for its
 * fuel under `switches`, its (flag, effective-from) differs from `notified`, and it is not on hold.
 * Consequences:
 * - a flag that went A→N→A between two runs and ended on the pair last notified is not pending;
 * - turning a fuel's switch on makes every `N`/`I` meter point of that fuel pending unless that
 *   very pair was notified before (the initial catch-up).
 *
 * A hold is on the meter point, whatever its pair: a held meter point is never pending; it is
 * listed in `held` (with `wouldBePending`) until {@link release}.
 *
 * Order (both lists): electricity, then gas; electricity by registry (the MPAS id from `routing`;
 * MPANs of unknown distributors after the rest), then meter point id. One pass over the state
 * (O(meter points)), no sort beyond the registry names.
 *
 * @example
 * const { notifications, held } = pending(state, { electricity: true, gas: false })
 * notifications.map((n) => `${n.meterPoint} ${n.flag} ${n.effectiveFrom}`)
 * @since 0.1.0
 * @category outbox
 */
export const pending = (
  state: State.State,
  switches: Switches = allOn,
  routing: Distributors.Table = Distributors.standard,
): PendingReport => {
  const notifications = new Ordered<PendingNotification>(routing)
  const held = new Ordered<HeldMeterPoint>(routing)
  for (const mp of State.meterPoints(state)) {
    if (mp.held !== null) {
      held.push({ meterPoint: mp.id, fuel: mp.fuel, flag: mp.flag, effectiveFrom: mp.effectiveFrom, hold: mp.held, wouldBePending: wouldBeDue(mp, switches) })
    } else if (isDue(mp, switches)) {
      notifications.push({ meterPoint: mp.id, fuel: mp.fuel, flag: mp.flag!, effectiveFrom: mp.effectiveFrom!, previous: mp.notified })
    }
  }
  return { notifications: notifications.result(), held: held.result() }
}
