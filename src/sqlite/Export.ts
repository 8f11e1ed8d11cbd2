/**
 * `export`: the database's state as an inventory (docs/contract.md, the inventory), streamed as JSON text in
 * chunks, read from one snapshot. Besides `meterPoints` and `devices` it carries the two file
 * counters (`"counters": {"nextFileId": N, "nextGeneration": N}`), which `init` reads back, so a
 * database restored from an export never reuses a file number. Applied event ids and the history
 * are not part of an inventory: the database file itself is the backup (see `Backup`).
 *
 * Order: meter points by key (MPAN cores in id order, then MPRNs by length, then id), devices in id
 * order.
 *
 * @since 0.2.0
 */
import type { Model } from 'dcc-service-flags'
import * as Database from './Database'
import * as Rows from './Rows'

/**
 * The inventory JSON of one meter point (the shape `State.toInventory` gives: `held` only when set).
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * declare const record: Model.MeterPointRecord
 * meterPointJson(record) // { id: '1200023305967', flag: 'A', effectiveFrom: '20211104', notified: null }
 * @since 0.2.0
 * @category destructors
 */
export const meterPointJson = (mp: Model.MeterPointRecord): Record<string, unknown> => {
  const j: Record<string, unknown> = { id: mp.id, flag: mp.flag, effectiveFrom: mp.effectiveFrom, notified: mp.notified }
  if (mp.held !== null) j['held'] = mp.held
  return j
}

/**
 * The inventory JSON of one device (no `status` for IHD/CAD, `lastEventAt` only when set).
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * declare const record: Model.DeviceRecord
 * deviceJson(record) // { id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned', meterPoints: ['1200023305967'] }
 * @since 0.2.0
 * @category destructors
 */
export const deviceJson = (d: Model.DeviceRecord): Record<string, unknown> => {
  const j: Record<string, unknown> = { id: d.id, type: d.type }
  if (d.status !== null) j['status'] = d.status
  j['meterPoints'] = d.meterPoints
  if (d.lastEventAt !== null && d.lastEventAt !== undefined) j['lastEventAt'] = d.lastEventAt
  return j
}

/** Text is handed on in chunks of about this many characters. */
const CHUNK = 1 << 20

/**
 * The inventory as chunks of JSON text (about 1 MiB each), from one read snapshot: a GB state
 * never becomes one string. Consume it to the end (or call `return()`), so the snapshot ends.
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * for (const chunk of inventoryJson(db)) process.stdout.write(chunk)
 * @since 0.2.0
 * @category destructors
 */
export function* inventoryJson(db: Database.StateDb): Generator<string, void, undefined> {
  const c = db.connection
  const own = !c.inTransaction
  if (own) c.exec('BEGIN')
  try {
    let buf = '{"meterPoints":['
    let first = true
    const mps = c.prepare(`SELECT ${Rows.METER_POINT_COLUMNS} FROM meter_point ORDER BY key`).raw(true)
    for (const r of mps.iterate() as IterableIterator<Rows.MeterPointRow>) {
      buf += (first ? '\n' : ',\n') + JSON.stringify(meterPointJson(Rows.meterPointOf(r, [])))
      first = false
      if (buf.length >= CHUNK) {
        yield buf
        buf = ''
      }
    }
    buf += '\n],"devices":['
    first = true
    const devs = c.prepare(`SELECT ${Rows.DEVICE_COLUMNS} FROM device ORDER BY hi, lo`).raw(true)
    for (const r of devs.iterate() as IterableIterator<Rows.DeviceRow>) {
      buf += (first ? '\n' : ',\n') + JSON.stringify(deviceJson(Rows.deviceOf(r)))
      first = false
      if (buf.length >= CHUNK) {
        yield buf
        buf = ''
      }
    }
    const counters = Database.counters(db)
    buf += `\n],"counters":${JSON.stringify({ nextFileId: counters.nextFileId, nextGeneration: counters.nextGeneration })}}\n`
    yield buf
  } finally {
    if (own && c.inTransaction) c.exec('COMMIT')
  }
}
