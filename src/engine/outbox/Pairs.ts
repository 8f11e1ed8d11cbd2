/**
 * Small helpers the outbox modules share: pair comparisons, meter point records with a new
 * `notified` or hold, and meter point order.
 *
 * @internal
 * @since 0.2.0
 */
import type * as CalendarDate from '../../identifiers/CalendarDate'
import type { Flag } from '../../identifiers/Flag'
import type { Hold, MeterPointRecord, Notified } from '../model/Records'
import * as State from '../State'

/**
 * True when `n` is the pair (flag, effective-from).
 *
 * @example
 * sameNotified(null, 'A', null) // false
 * @since 0.2.0
 * @category utils
 */
export const sameNotified = (n: Notified | null, flag: Flag, effectiveFrom: CalendarDate.CalendarDate | null): boolean =>
  n !== null && n.flag === flag && n.effectiveFrom === effectiveFrom

/**
 * String order of two ids.
 *
 * @example
 * byId('a', 'b') // -1
 * @since 0.2.0
 * @category utils
 */
export const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const byMeterPoint = (a: { readonly meterPoint: string }, b: { readonly meterPoint: string }): number => byId(a.meterPoint, b.meterPoint)

const isSortedByMeterPoint = (xs: ReadonlyArray<{ readonly meterPoint: string }>): boolean => {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]!.meterPoint > xs[i]!.meterPoint) return false
  return true
}

/**
 * `xs` in meter point id order (sorted in place unless it already is).
 *
 * @example
 * sortedByMeterPoint([{ meterPoint: 'b' }, { meterPoint: 'a' }]) // [{ meterPoint: 'a' }, { meterPoint: 'b' }]
 * @since 0.2.0
 * @category utils
 */
export const sortedByMeterPoint = <A extends { readonly meterPoint: string }>(xs: A[]): A[] =>
  isSortedByMeterPoint(xs) ? xs : xs.sort(byMeterPoint)

/**
 * Reads through the records changed so far in a call, then the state.
 *
 * @example
 * import { State } from 'dcc-service-flags'
 * overlayReader(State.empty, new Map())('1200023305967') // undefined
 * @since 0.2.0
 * @category utils
 */
export const overlayReader = (state: State.State, changed: Map<string, MeterPointRecord>) => (id: string): MeterPointRecord | undefined =>
  changed.get(id) ?? State.meterPoint(state, id)

/**
 * A meter point record with another hold and notified pair.
 *
 * @example
 * // withHeld(mp, null, mp.notified)
 * @since 0.2.0
 * @category utils
 */
export const withHeld = (mp: MeterPointRecord, held: Hold | null, notified: Notified | null): MeterPointRecord => ({
  id: mp.id,
  fuel: mp.fuel,
  flag: mp.flag,
  effectiveFrom: mp.effectiveFrom,
  meters: mp.meters,
  notified,
  held,
})

/**
 * A meter point record with another notified pair.
 *
 * @example
 * // withNotified(mp, { flag: 'A', effectiveFrom })
 * @since 0.2.0
 * @category utils
 */
export const withNotified = (mp: MeterPointRecord, notified: Notified | null): MeterPointRecord => withHeld(mp, mp.held, notified)
