/**
 * `release`: lifts the holds of named meter points through the outbox's `release` (they become
 * pending again), in one transaction, keeping each lifted hold in the history (`released`).
 *
 * @since 0.2.0
 */
import { Outbox, State, type Model } from 'dcc-service-flags'
import type { either as E } from 'fp-ts'
import * as Database from './Database'
import * as DbError from './DbError'
import * as Records from './Records'
import * as Rows from './Rows'
import { statementsOf } from './Statements'
import * as WriteBack from './WriteBack'

/** What a release did. @since 0.2.0 @category model */
export interface Report {
  readonly run: number
  /** The meter points released, with the hold each had. */
  readonly released: ReadonlyArray<{ readonly meterPoint: string; readonly hold: Model.Hold }>
  /** The ids given that were not held (or not known: those are also in `unknown`). */
  readonly notHeld: ReadonlyArray<string>
  /** The ids given that the database does not know. */
  readonly unknown: ReadonlyArray<string>
}

/**
 * Releases every named meter point that is held; the others are listed in `notHeld`.
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * const r = release(db, ['3938424403'])
 * @since 0.2.0
 * @category commands
 */
export const release = (db: Database.StateDb, meterPoints: ReadonlyArray<string>, options: { readonly recordedAt?: string | null } = {}): E.Either<DbError.DbError, Report> =>
  DbError.guard(db.file, () =>
    Database.write(db, () => {
      const s = statementsOf(db.connection)
      const records: Model.MeterPointRecord[] = []
      const seen = new Set<number>()
      for (const id of meterPoints) {
        const key = Rows.keyOf(id)
        if (key < 0 || seen.has(key)) continue
        seen.add(key)
        const mp = Records.meterPointByKey(s, key)
        // ids are matched as written: a record under another spelling of the key is not this id
        if (mp !== undefined && mp.id === id) records.push(mp)
      }
      const found = new Set(records.map((r) => r.id as string))
      const state = State.fromRecords({ meterPoints: records, devices: [], eventIds: [] })
      const r = Outbox.release(state, [...new Set(meterPoints)])
      const run = Database.startRun(db, 'release', null, options.recordedAt ?? null)
      const insert = db.connection.prepare('INSERT INTO released (mp, run, flag, eff, reason) VALUES (?, ?, ?, ?, ?)')
      const released: Array<{ meterPoint: string; hold: Model.Hold }> = []
      for (const id of r.released) {
        const hold = State.meterPoint(state, id)!.held!
        insert.run(Rows.keyOf(id), run, hold.flag, Rows.dateToInt(hold.effectiveFrom), hold.reason)
        released.push({ meterPoint: id, hold })
      }
      WriteBack.writeDiff(s, r.state)
      Database.finishRun(db, run, { released: released.length, notHeld: r.notHeld.length })
      return { run, released, notHeld: r.notHeld, unknown: r.notHeld.filter((id) => !found.has(id)) }
    }),
  )
