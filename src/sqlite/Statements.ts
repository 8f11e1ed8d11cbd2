/**
 * The prepared statements of a connection, made once and kept (a day's run executes some of them
 * hundreds of thousands of times). Raw mode: rows come back as arrays, in `Rows`' column orders.
 *
 * @since 0.2.0
 */
import type { Connection, Statement } from './Driver'
import { DEVICE_COLUMNS, METER_POINT_COLUMNS } from './Rows'

/** The statements. @since 0.2.0 @category model */
export interface Statements {
  readonly meterPoint: Statement
  readonly device: Statement
  /** The devices linked to a meter point (full rows), by either link column: `{ key }`. */
  readonly devicesOf: Statement
  /** The ids (hi, lo) of the devices linked to a meter point: `{ key }`. */
  readonly deviceIdsOf: Statement
  readonly hasEvent: Statement
  readonly upsertMeterPoint: Statement
  readonly upsertDevice: Statement
  readonly deleteDevice: Statement
  readonly insertEvent: Statement
  readonly insertChange: Statement
}

const cache = new WeakMap<Connection, Statements>()

const raw = (c: Connection, sql: string): Statement => c.prepare(sql).raw(true)

/**
 * The statements of a connection (prepared on first use).
 *
 * @example
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * statementsOf(connection).meterPoint.get(1200023305967)
 * @since 0.2.0
 * @category constructors
 */
export const statementsOf = (c: Connection): Statements => {
  const known = cache.get(c)
  if (known !== undefined) return known
  const s: Statements = {
    meterPoint: raw(c, `SELECT ${METER_POINT_COLUMNS} FROM meter_point WHERE key = ?`),
    device: raw(c, `SELECT ${DEVICE_COLUMNS} FROM device WHERE hi = ? AND lo = ?`),
    devicesOf: raw(c, `SELECT ${DEVICE_COLUMNS} FROM device WHERE mp1 = @key UNION ALL SELECT ${DEVICE_COLUMNS} FROM device WHERE mp2 = @key`),
    deviceIdsOf: raw(c, 'SELECT hi, lo FROM device WHERE mp1 = @key UNION ALL SELECT hi, lo FROM device WHERE mp2 = @key'),
    hasEvent: c.prepare('SELECT 1 FROM event WHERE id = ?').pluck(true),
    upsertMeterPoint: c.prepare(
      `INSERT INTO meter_point (${METER_POINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET flag = excluded.flag, eff = excluded.eff, sent_flag = excluded.sent_flag,
         sent_eff = excluded.sent_eff, held_flag = excluded.held_flag, held_eff = excluded.held_eff, held_reason = excluded.held_reason`,
    ),
    upsertDevice: c.prepare(
      `INSERT INTO device (${DEVICE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (hi, lo) DO UPDATE SET type = excluded.type, status = excluded.status, last_event_at = excluded.last_event_at,
         mp1 = excluded.mp1, mp2 = excluded.mp2`,
    ),
    deleteDevice: c.prepare('DELETE FROM device WHERE hi = ? AND lo = ?'),
    insertEvent: c.prepare('INSERT INTO event (id) VALUES (?)'),
    insertChange: c.prepare('INSERT INTO change (run, mp, from_flag, to_flag, eff, event_id, policy) VALUES (?, ?, ?, ?, ?, ?, ?)'),
  }
  cache.set(c, s)
  return s
}
