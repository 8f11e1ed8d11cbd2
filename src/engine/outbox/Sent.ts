/**
 * Recording what was sent: `notified` set where the meter point still holds the pair sent.
 *
 * @since 0.2.0
 */
import type * as CalendarDate from '../../identifiers/CalendarDate'
import type { Flag } from '../../identifiers/Flag'
import type { MeterPointRecord } from '../model/Records'
import * as State from '../State'
import type { Notification } from './Pending'
import { sameNotified, withNotified } from './Pairs'

// -------------------------------------------------------------------------------------------------
// recording what was sent, and the gas registry's answers
// -------------------------------------------------------------------------------------------------

/**
 * The current (flag, effective-from) of a meter point, as reports show it.
 *
 * @example
 * import type { CalendarDate } from 'dcc-service-flags'
 * const c: Current = { flag: 'N', effectiveFrom: '20211201' as CalendarDate.CalendarDate }
 * @since 0.1.0
 * @category model
 */
export interface Current {
  readonly flag: Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
}

/**
 * A sent notification that was not recorded: its meter point is unknown to the state, or no
 * longer holds the pair that was sent (it changed after the plan; it stays pending).
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * import type { CalendarDate } from 'dcc-service-flags'
 * const n = Outbox.pending(state).notifications[0]!
 * const s: StaleNotification = { notification: n, reason: 'changed', current: { flag: 'N', effectiveFrom: '20211201' as CalendarDate.CalendarDate } }
 * @since 0.1.0
 * @category model
 */
export interface StaleNotification {
  readonly notification: Notification
  readonly reason: 'changed' | 'unknown_meter_point'
  readonly current: Current | null
}

/**
 * What {@link recordSent} returns: the new state, how many notifications were recorded, and those
 * that were not.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const { state: next, recorded, stale } = recordSent(state, Outbox.pending(state).notifications)
 * @since 0.1.0
 * @category model
 */
export interface Recorded {
  readonly state: State.State
  readonly recorded: number
  readonly stale: ReadonlyArray<StaleNotification>
}

const holdsPair = (mp: MeterPointRecord, flag: string, effectiveFrom: string): boolean => mp.flag === flag && mp.effectiveFrom === effectiveFrom

/**
 * Records that the notifications were sent: `notified` becomes the sent pair only where the meter
 * point still holds that pair (its flag and effective-from unchanged since the plan); the others
 * are reported as stale and stay pending. Idempotent: recording twice gives the same state as
 * once. Holds are left as they are. The input state is not changed. After recording a large
 * batch (a catch-up), `State.compact` the result: it keeps later full scans, like {@link pending}, fast.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const r = recordSent(state, Outbox.pending(state).notifications)
 * Outbox.pending(r.state).notifications.length // 0, unless something changed since the plan
 * @since 0.1.0
 * @category outbox
 */
export const recordSent = (state: State.State, sent: Iterable<Notification>): Recorded => {
  // Reads go to the input state: recording changes only `notified`, which decides nothing here
  // but whether to write, so a meter point sent twice is written twice with the same record.
  const changed: MeterPointRecord[] = []
  const stale: StaleNotification[] = []
  let recorded = 0
  for (const n of sent) {
    const mp = State.meterPoint(state, n.meterPoint)
    if (mp === undefined) {
      stale.push({ notification: n, reason: 'unknown_meter_point', current: null })
      continue
    }
    if (!holdsPair(mp, n.flag, n.effectiveFrom)) {
      stale.push({ notification: n, reason: 'changed', current: { flag: mp.flag, effectiveFrom: mp.effectiveFrom } })
      continue
    }
    recorded++
    if (!sameNotified(mp.notified, n.flag, n.effectiveFrom)) {
      changed.push(withNotified(mp, { flag: n.flag, effectiveFrom: n.effectiveFrom }))
    }
  }
  return { state: changed.length === 0 ? state : State.withMeterPoints(state, changed), recorded, stale }
}
