/**
 * `init`: a new state database from an inventory, of any size. Records are written as they come
 * (from a streamed inventory reader, or straight from a generator), into a file under a temporary
 * name, with the secondary indexes built once at the end; the file takes its name only when
 * complete (never over an existing file), so an invalid inventory or a killed run leaves no
 * database behind.
 *
 * The records must have passed the engine's inventory checks (duplicates, links, flag dates): the
 * loader decides nothing about them. A meter point named by a device but absent from the inventory's
 * meter points is created blank (null flag), as the engine's state does.
 *
 * @since 0.2.0
 */
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import { either as E } from 'fp-ts'
import type { Model } from 'dcc-service-flags'
import * as Database from './Database'
import * as DbError from './DbError'
import type { Connection, Statement } from './Driver'
import * as Rows from './Rows'
import * as Schema from './Schema'
import * as Settings from './Settings'

/** How to create. @since 0.2.0 @category model */
export interface Options {
  readonly settings?: Settings.Settings
  /** The counters to start from (default 1 and 1). */
  readonly counters?: Settings.Counters
  /** SQLite's page cache while loading, in MiB (default 1024). */
  readonly cacheMiB?: number
  /** The caller's wall-clock reading, kept with the `init` run. */
  readonly recordedAt?: string | null
}

/** A database being loaded. @since 0.2.0 @category model */
export interface Loader {
  /** The final file name. */
  readonly file: string
  /** The temporary file being written. */
  readonly partial: string
  /** Adds a meter point (as the engine decoded it). */
  readonly meterPoint: (mp: Model.InventoryMeterPoint) => void
  /** Adds a device (as the engine decoded it). */
  readonly device: (d: Model.InventoryDevice) => void
  /** Adds a meter point row directly (bulk generators). */
  readonly meterPointRow: (row: Rows.MeterPointRow) => void
  /** Adds a device row directly (bulk generators). */
  readonly deviceRow: (row: Rows.DeviceRow) => void
  /** Counts so far. */
  readonly counts: () => { readonly meterPoints: number; readonly devices: number }
  /**
   * Builds the indexes, creates the blank meter points named only by links, and gives the file its
   * name. `counters`, when given, replace those of the options (an exported inventory's).
   * `unlistedLinks: false` says no device links a meter point missing from the meter points (the
   * inventory reader counted none): the search for them, a pass over every link, is skipped.
   */
  readonly finish: (
    counters?: Settings.Counters,
    options?: { readonly unlistedLinks?: boolean },
  ) => E.Either<DbError.DbError, { readonly meterPoints: number; readonly devices: number; readonly blank: number }>
  /** Discards the temporary file (an invalid inventory). */
  readonly abort: () => void
}

/**
 * The temporary name a database is loaded under: `FILE.partial`.
 *
 * @example
 * partialName('state.db') // 'state.db.partial'
 * @since 0.2.0
 * @category constants
 */
export const partialName = (file: string): string => `${file}.partial`

const removeQuietly = (file: string): void => {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.rmSync(f, { force: true })
    } catch {
      /* best effort: reported by the next init if it matters */
    }
  }
}

/**
 * Starts loading a new database at `file`: refused when the file exists (`exists`). A temporary
 * file left by a killed `init` is replaced.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * import type { CalendarDate, MeterPointId } from 'dcc-service-flags'
 * const l = await create('state.db')
 * if (E.isRight(l)) {
 *   l.right.meterPoint({ id: '1200023305967' as MeterPointId.MeterPointId, flag: 'A', effectiveFrom: '20211104' as CalendarDate.CalendarDate })
 *   l.right.finish()
 * }
 * @since 0.2.0
 * @category constructors
 */
export const create = async (file: string, options: Options = {}): Promise<E.Either<DbError.DbError, Loader>> => {
  if (fs.existsSync(file)) return E.left(DbError.make('exists', file, `${file}: already exists; init never overwrites a database (give another name, or remove it first)`))
  const partial = partialName(file)
  removeQuietly(partial)
  const c = await Database.connect(partial, {})
  if (E.isLeft(c)) return c
  const db: Connection = c.right
  const started = DbError.guard(file, () => {
    db.pragma('journal_mode = OFF')
    db.pragma('synchronous = OFF')
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma(`cache_size = -${(options.cacheMiB ?? 1024) * 1024}`)
    db.exec('BEGIN')
    Schema.create(db)
    return {
      mp: db.prepare('INSERT OR IGNORE INTO meter_point (key, flag, eff, sent_flag, sent_eff, held_flag, held_eff, held_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      dev: db.prepare('INSERT OR IGNORE INTO device (hi, lo, type, status, last_event_at, mp1, mp2) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    }
  })
  if (E.isLeft(started)) {
    db.close()
    removeQuietly(partial)
    return started
  }
  const insertMp: Statement = started.right.mp
  const insertDev: Statement = started.right.dev
  let meterPoints = 0
  let devices = 0
  let done = false
  const meterPointRow = (row: Rows.MeterPointRow): void => {
    insertMp.run(...row)
    meterPoints++
  }
  const deviceRow = (row: Rows.DeviceRow): void => {
    insertDev.run(...row)
    devices++
  }
  const abort = (): void => {
    if (done) return
    done = true
    try {
      db.close()
    } finally {
      removeQuietly(partial)
    }
  }
  const finish = (
    counters?: Settings.Counters,
    finishing: { readonly unlistedLinks?: boolean } = {},
  ): E.Either<DbError.DbError, { meterPoints: number; devices: number; blank: number }> => {
    if (done) throw new Error('Init: this loader has finished')
    const r = DbError.guard(file, () => {
      db.exec(Schema.INDEXES)
      // through the link indexes just built: each link's meter point in key order, a rowid probe each
      let blank = 0
      if (finishing.unlistedLinks !== false) {
        for (const column of ['mp1', 'mp2']) {
          blank += Number(
            db
              .prepare(`INSERT INTO meter_point (key) SELECT DISTINCT ${column} FROM device WHERE ${column} IS NOT NULL AND ${column} NOT IN (SELECT key FROM meter_point)`)
              .run().changes,
          )
        }
      }
      db.prepare("INSERT INTO run (command, clock, recorded_at, summary) VALUES ('init', NULL, ?, ?)").run(
        options.recordedAt ?? null,
        JSON.stringify({ meterPoints: meterPoints + blank, devices, blank }),
      )
      Settings.write(db, options.settings ?? Settings.defaults, counters ?? options.counters ?? { nextFileId: 1, nextGeneration: 1 }, randomBytes(8).toString('hex'))
      db.exec('COMMIT')
      db.pragma('journal_mode = WAL')
      db.close()
      // the file takes its name only complete, and never over one that appeared meanwhile
      const fd = fs.openSync(partial, 'r+')
      fs.fsyncSync(fd)
      fs.closeSync(fd)
      fs.linkSync(partial, file)
      fs.rmSync(partial)
      return { meterPoints: meterPoints + blank, devices, blank }
    })
    done = true
    if (E.isLeft(r)) {
      if (db.open) db.close()
      removeQuietly(partial)
      if (r.left.code === 'io' && fs.existsSync(file)) {
        return E.left(DbError.make('exists', file, `${file}: appeared while init ran; init never overwrites a database`))
      }
    }
    return r
  }
  return E.right({
    file,
    partial,
    meterPoint: (mp) => meterPointRow(Rows.meterPointRow({ id: mp.id, flag: mp.flag ?? null, effectiveFrom: mp.effectiveFrom ?? null, notified: mp.notified ?? null, held: mp.held ?? null })),
    device: (d) => deviceRow(Rows.deviceRow(d)),
    meterPointRow,
    deviceRow,
    counts: () => ({ meterPoints, devices }),
    finish,
    abort,
  })
}
