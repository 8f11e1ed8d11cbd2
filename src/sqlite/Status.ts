/**
 * `status`: what the database holds — meter points by fuel and flag, how many are pending (the
 * outbox's decision) and held, devices by type and status, the last runs, the counters, the
 * settings and the schema version, and any committed files a killed `notify` left to move.
 *
 * Counting by flag and status reads every row (O(inventory): tens of seconds at GB scale); pending
 * and held read only their partial indexes.
 *
 * @since 0.2.0
 */
import { MeterPointKey, Outbox } from 'dcc-service-flags'
import * as Database from './Database'
import * as Notify from './Notify'
import * as Schema from './Schema'
import * as Settings from './Settings'

/** A run as `status` lists it. @since 0.2.0 @category model */
export interface RunSummary {
  readonly run: number
  readonly command: string
  /** The run's `--now` / `--as-of`, when it had one. */
  readonly clock: string | null
  readonly recordedAt: string | null
  readonly summary: Readonly<Record<string, unknown>>
}

/** What status reports. @since 0.2.0 @category model */
export interface Status {
  readonly file: string
  readonly schemaVersion: number
  readonly settings: Settings.Settings
  readonly counters: Settings.Counters
  /** Meter points by fuel, then by flag (`none` for a null flag). */
  readonly meterPoints: Readonly<Record<'electricity' | 'gas', Readonly<Record<string, number>>>>
  /** Notifications the next notify would send (unroutable MPANs included). */
  readonly pending: number
  readonly held: number
  /** Devices by type, then by status (`none` for IHD/CAD). */
  readonly devices: Readonly<Record<string, Readonly<Record<string, number>>>>
  readonly appliedEvents: number
  readonly lastRuns: ReadonlyArray<RunSummary>
  /** Files a killed notify committed but did not move into place (the next notify does). */
  readonly unplacedFiles: ReadonlyArray<string>
}

/**
 * The status of a database (one read snapshot).
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * status(db).pending
 * @since 0.2.0
 * @category readers
 */
export const status = (db: Database.StateDb, options: { readonly runs?: number } = {}): Status => {
  const c = db.connection
  const own = !c.inTransaction
  if (own) c.exec('BEGIN')
  try {
    const meterPoints: Record<'electricity' | 'gas', Record<string, number>> = { electricity: {}, gas: {} }
    type CountRow = [number, string | null, number]
    for (const [electricity, flag, n] of c.prepare(`SELECT key < ${MeterPointKey.FIRST_SHORT_KEY}, flag, count(*) FROM meter_point GROUP BY 1, 2`).raw(true).all() as CountRow[]) {
      meterPoints[electricity === 1 ? 'electricity' : 'gas'][flag ?? 'none'] = n
    }
    const held = Number(c.prepare('SELECT count(*) FROM meter_point WHERE held_flag IS NOT NULL').pluck(true).get())
    const due = Outbox.pending(Notify.candidates(db), db.settings.switches, Settings.routing(db.settings))
    const devices: Record<string, Record<string, number>> = {}
    type DeviceCountRow = [number, number | null, number]
    for (const [type, st, n] of c.prepare('SELECT type, status, count(*) FROM device GROUP BY type, status').raw(true).all() as DeviceCountRow[]) {
      const t = Schema.typeOfCode[type] ?? `type ${type}`
      ;(devices[t] ??= {})[st === null ? 'none' : (Schema.statusOfCode[st] ?? `status ${st}`)] = n
    }
    const appliedEvents = Number(c.prepare('SELECT count(*) FROM event').pluck(true).get())
    type RunRow = [number, string, string | null, string | null, string]
    const lastRuns = (c.prepare('SELECT id, command, clock, recorded_at, summary FROM run ORDER BY id DESC LIMIT ?').raw(true).all(options.runs ?? 10) as RunRow[]).map(
      ([run, command, clock, recordedAt, summary]) => ({ run, command, clock, recordedAt, summary: JSON.parse(summary) as Record<string, unknown> }),
    )
    const unplacedFiles = c.prepare('SELECT name FROM file WHERE placed = 0 ORDER BY id').pluck(true).all() as string[]
    return {
      file: db.file,
      schemaVersion: Schema.VERSION,
      settings: db.settings,
      counters: Database.counters(db),
      meterPoints,
      pending: due.notifications.length,
      held,
      devices,
      appliedEvents,
      lastRuns,
      unplacedFiles,
    }
  } finally {
    if (own && c.inTransaction) c.exec('COMMIT')
  }
}
