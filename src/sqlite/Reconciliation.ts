/**
 * `reconcile --db`: the database's meter points as reconciliation inputs, streamed a key range at
 * a time (each range's meter points and their linked meters read together, from one snapshot), and
 * turned into expected flags by the reconciliation's own `FromState.expectedOfRecords` — the same
 * reading, with or without a derivation policy, as `reconcile --inventory`.
 *
 * @since 0.2.0
 */
import type { Model } from 'dcc-service-flags'
import { FromState, type Reconcile } from 'dcc-service-flags'
import * as Database from './Database'
import * as Rows from './Rows'

/** Meter points read per range. */
const RANGE = 20000

/**
 * Every meter point of the database as a `Reconcile.Expected` (in key order, range by range).
 * Consume it to the end (or call `return()`), so the snapshot ends.
 *
 * @example
 * import { Policy, Reconcile, type RegistryExtract } from 'dcc-service-flags'
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * declare const registeredRows: ReadonlyArray<RegistryExtract.Row>
 * const report = Reconcile.reconcile(expectedOf(db, { derive: Policy.mp077 }), registeredRows)
 * @since 0.2.0
 * @category readers
 */
export function* expectedOf(db: Database.StateDb, options: FromState.Options = {}): Generator<Reconcile.Expected, void, undefined> {
  const c = db.connection
  const own = !c.inTransaction
  if (own) c.exec('BEGIN')
  try {
    const page = c.prepare(`SELECT ${Rows.METER_POINT_COLUMNS} FROM meter_point WHERE key > ? ORDER BY key LIMIT ${RANGE}`).raw(true)
    const meters = c
      .prepare(`SELECT ${Rows.DEVICE_COLUMNS} FROM device WHERE mp1 BETWEEN @first AND @last UNION ALL SELECT ${Rows.DEVICE_COLUMNS} FROM device WHERE mp2 BETWEEN @first AND @last`)
      .raw(true)
    let after = -1
    for (;;) {
      const rows = page.all(after) as Rows.MeterPointRow[]
      if (rows.length === 0) break
      const first = rows[0]![0]
      const last = rows[rows.length - 1]![0]
      // a twin ESME with both MPANs in the range comes twice: once per link column
      const devices = new Map<string, Model.DeviceRecord>()
      for (const row of meters.all({ first, last }) as Rows.DeviceRow[]) {
        const d = Rows.deviceOf(row)
        devices.set(d.id, d)
      }
      const linked = new Map<string, Model.DeviceRecord[]>()
      for (const d of devices.values()) {
        for (const mp of d.meterPoints) {
          const list = linked.get(mp)
          if (list === undefined) linked.set(mp, [d])
          else list.push(d)
        }
      }
      const pairs = rows.map((r): readonly [Model.MeterPointRecord, ReadonlyArray<Model.DeviceRecord>] => {
        const served = (linked.get(Rows.idOf(r[0])) ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        return [Rows.meterPointOf(r, served.map((d) => d.id)), served]
      })
      yield* FromState.expectedOfRecords(pairs, options)
      after = last
    }
  } finally {
    if (own && c.inTransaction) c.exec('COMMIT')
  }
}
