/**
 * Flag changes kept as typed arrays while a fold runs (meter point row, flags, date, event), and
 * made into `Change` objects only when the caller reads them.
 *
 * @internal
 * @since 0.2.0
 */
import type { Change } from '../model/Change'
import type { MeterPointId } from '../../identifiers/MeterPointId'
import * as MeterPointKey from '../../identifiers/MeterPointKey'
import { dateOfCode, flagByCode } from '../store/Codes'
import type { EventLayer } from '../store/EventIds'

/**
 * A growing list of changes in codes.
 *
 * @example
 * const c = new ChangeBuffer()
 * c.push(0, 0, 1, 19000, 0)
 * c.length // 1
 * @since 0.2.0
 * @category model
 */
export class ChangeBuffer {
  length = 0
  rows = new Int32Array(256)
  /** from flag code | to flag code << 3 */
  flags = new Uint8Array(256)
  dates = new Int32Array(256)
  /** The index of the causing event's id in the fold's event layer. */
  events = new Int32Array(256)

  push(row: number, from: number, to: number, date: number, event: number): void {
    if (this.length === this.rows.length) this.grow()
    const i = this.length++
    this.rows[i] = row
    this.flags[i] = from | (to << 3)
    this.dates[i] = date
    this.events[i] = event
  }

  private grow(): void {
    const n = this.rows.length * 2
    const rows = new Int32Array(n)
    rows.set(this.rows)
    this.rows = rows
    const flags = new Uint8Array(n)
    flags.set(this.flags)
    this.flags = flags
    const dates = new Int32Array(n)
    dates.set(this.dates)
    this.dates = dates
    const events = new Int32Array(n)
    events.set(this.events)
    this.events = events
  }
}

/**
 * The `Change` objects of a buffer: `keys` is the meter point rows' key view at the end of the
 * fold (keys never change, so any later copy of the rows reads the same), `ids` the fold's event
 * layer.
 *
 * @example
 * // materialize(buffer, keys, ids, 'mp077')
 * @since 0.2.0
 * @category destructors
 */
export const materialize = (b: ChangeBuffer, keys: Float64Array, ids: EventLayer, policy: string): Change[] => {
  const out: Change[] = new Array(b.length)
  let lastEvent = -1
  let lastId = ''
  for (let i = 0; i < b.length; i++) {
    const e = b.events[i]!
    if (e !== lastEvent) {
      lastId = ids.idAt(e)
      lastEvent = e
    }
    out[i] = changeOf(keys[b.rows[i]! * 3]!, b.flags[i]!, b.dates[i]!, lastId, policy)
  }
  return out
}

/**
 * One `Change` from its codes: the meter point's key, the flags (`from | to << 3`), the day of its
 * effective-from date, the causing event's id and the policy's name.
 *
 * @example
 * changeOf(1200023305967, 0 | (1 << 3), 18935, 'e1', 'mp077').to // 'A'
 * @since 0.2.0
 * @category destructors
 */
export const changeOf = (key: number, flags: number, day: number, eventId: string, policy: string): Change => {
  const id = MeterPointKey.idOf(key) as MeterPointId
  return {
    meterPoint: id,
    fuel: id.length === 13 ? 'electricity' : 'gas',
    from: flagByCode[flags & 7]!,
    to: flagByCode[flags >>> 3]!,
    effectiveFrom: dateOfCode(day)!,
    eventId,
    policy,
  }
}
