/**
 * The gas registry's E46 answers (each matched against the pair last sent: `AC` confirms, `RJ`
 * holds the meter point) and releasing holds.
 *
 * @since 0.2.0
 */
import type { Dxr } from '../../wire'
import type { MeterPointRecord, Notified } from '../model/Records'
import * as State from '../State'
import { overlayReader, sameNotified, withHeld } from './Pairs'

/**
 * An E46 record that did not apply: its (flag, effective-from) is not the pair last sent for the
 * meter point (`notified`, shown here; null when nothing was recorded as sent). It changes nothing.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * import type { CalendarDate } from 'dcc-service-flags'
 * const u: Outbox.UnmatchedResponse = { record: { outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }, notified: { flag: 'N', effectiveFrom: '20211201' as CalendarDate.CalendarDate } }
 * @since 0.2.0
 * @category model
 */
export interface UnmatchedResponse {
  readonly record: Dxr.Record
  readonly notified: Notified | null
}

/**
 * What {@link applyResponse} returns: the new state and where each E46 record went. Every record
 * of the response is in exactly one list.
 *
 * @example
 * import { Outbox, State } from 'dcc-service-flags'
 * const report: Outbox.ResponseReport = Outbox.applyResponse(State.empty, { header: { generationNumber: '1' }, records: [] })
 * @since 0.1.0
 * @category model
 */
export interface ResponseReport {
  readonly state: State.State
  /** `AC` records for the pair last sent: the registry took it; nothing changes. */
  readonly confirmed: ReadonlyArray<Dxr.Record>
  /** `RJ` records for the pair last sent: the meter point is on hold now. */
  readonly held: ReadonlyArray<Dxr.Record>
  /** Records for a meter point the state does not know (or that is not gas). */
  readonly unknown: ReadonlyArray<Dxr.Record>
  /** Records whose pair is not the one last sent: nothing changed. */
  readonly unmatched: ReadonlyArray<UnmatchedResponse>
}

/**
 * The `reason` a hold records for an E46 `RJ`, naming the response file by its Generation Number.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * Outbox.rejectionReason('17') // 'E46 RJ (response generation 17)'
 * @since 0.1.0
 * @category outbox
 */
export const rejectionReason = (generationNumber: string): string => `E46 RJ (response generation ${generationNumber})`

/**
 * Applies the gas registry's E46 response, record by record in file order. Each record is matched
 * against the pair last sent for its meter point (`notified`, set by {@link recordSent}; docs/contract.md
 * `respond`), not against the meter point's current pair, which may have moved on since:
 * - `AC` for the pair last sent confirms it (reported; nothing to change);
 * - `RJ` for the pair last sent puts the meter point on hold ({@link rejectionReason}): it is
 *   reported by {@link pending} and not sent again until {@link release};
 * - a record for an unknown (or non-gas) meter point, or for any other pair, changes nothing and is
 *   reported (`unknown`, `unmatched`).
 * An `AC` does not lift a hold (only {@link release} does). Applying the same response twice
 * changes nothing the second time. The input state is not changed.
 *
 * @example
 * import { Dxr, Outbox, State } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * const bytes = new Uint8Array(0)
 * const response = Dxr.decode(bytes)
 * if (E.isRight(response)) {
 *   const { state: next, held, unmatched } = Outbox.applyResponse(State.empty, response.right)
 * }
 * @since 0.1.0
 * @category outbox
 */
export const applyResponse = (
  state: State.State,
  response: { readonly header: { readonly generationNumber: string }; readonly records: ReadonlyArray<Dxr.Record> },
): ResponseReport => {
  const changed = new Map<string, MeterPointRecord>()
  const read = overlayReader(state, changed)
  const confirmed: Dxr.Record[] = []
  const held: Dxr.Record[] = []
  const unknown: Dxr.Record[] = []
  const unmatched: UnmatchedResponse[] = []
  const reason = rejectionReason(response.header.generationNumber)
  for (const r of response.records) {
    const mp = read(r.mprn)
    if (mp === undefined || mp.fuel !== 'gas') {
      unknown.push(r)
      continue
    }
    const sent = mp.notified
    if (sent === null || sent.flag !== r.flag || sent.effectiveFrom !== r.effectiveFrom) {
      unmatched.push({ record: r, notified: sent })
      continue
    }
    if (r.outcome === 'AC') {
      confirmed.push(r)
    } else {
      held.push(r)
      const h = mp.held
      if (h === null || h.flag !== sent.flag || h.effectiveFrom !== sent.effectiveFrom) {
        changed.set(mp.id, withHeld(mp, { flag: sent.flag, effectiveFrom: sent.effectiveFrom, reason }, mp.notified))
      }
    }
  }
  return { state: changed.size === 0 ? state : State.withMeterPoints(state, changed.values()), confirmed, held, unknown, unmatched }
}

/**
 * What {@link release} returns: the new state, the meter points released, and the ids given that
 * were not on hold (or not known).
 *
 * @example
 * const { state: next, released, notHeld } = release(state, ['3938424403'])
 * @since 0.1.0
 * @category model
 */
export interface Released {
  readonly state: State.State
  readonly released: ReadonlyArray<string>
  readonly notHeld: ReadonlyArray<string>
}

/**
 * Lifts the hold of each given meter point. If `notified` is the very pair the registry rejected
 * (it was recorded as sent), it is cleared, so that pair is pending again: a released meter point
 * is sent again unless its pair is not exportable. The input state is not changed.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const { state: next } = release(state, ['3938424403'])
 * Outbox.pending(next).notifications.some((n) => n.meterPoint === '3938424403') // true, when it was held
 * @since 0.1.0
 * @category outbox
 */
export const release = (state: State.State, meterPoints: Iterable<string>): Released => {
  const changed = new Map<string, MeterPointRecord>()
  const read = overlayReader(state, changed)
  const released: string[] = []
  const notHeld: string[] = []
  for (const id of meterPoints) {
    const mp = read(id)
    if (mp === undefined || mp.held === null) {
      notHeld.push(id)
      continue
    }
    released.push(id)
    const h = mp.held
    changed.set(mp.id, withHeld(mp, null, sameNotified(mp.notified, h.flag, h.effectiveFrom) ? null : mp.notified))
  }
  return { state: changed.size === 0 ? state : State.withMeterPoints(state, changed.values()), released, notHeld }
}
