/**
 * `apply`: folds a stream of events into the database, in batches, in one transaction. Each batch
 * reads only the records it touches (`Records.touchedBy`), is folded by the engine's reducer under
 * the stored policy, and is written back (`WriteBack`): a day's run costs O(events), and the result
 * equals one fold of the whole stream over the whole state (property-tested for any batch size).
 *
 * Every input item ends up applied or rejected, in input order: decoding failures arrive as
 * rejections and are kept in their place. Rejections go to a temporary table (any number of them,
 * without holding them in memory) and the changes to the history; both are read back after the
 * commit ({@link rejections}, {@link changesOf}), so nothing is reported that was not committed.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import { Reducer, type Model } from 'dcc-service-flags'
import { MeterPointId, type Instant } from 'dcc-service-flags'
import * as Database from './Database'
import type { Statement } from './Driver'
import * as DbError from './DbError'
import * as Records from './Records'
import * as Rows from './Rows'
import * as Settings from './Settings'
import { statementsOf } from './Statements'
import * as WriteBack from './WriteBack'

/** One input item: a decoded event, or the rejection of a line that did not decode. @since 0.2.0 @category model */
export type Item = E.Either<Model.Rejection, Model.Event>

/** How to apply. @since 0.2.0 @category model */
export interface Options {
  /** The `future_event` check's clock reading (`--as-of`). */
  readonly asOf?: Instant.Instant
  /** Items per batch (default 20,000). Any size gives the same result; larger batches read fewer times. */
  readonly batchSize?: number
  /** The caller's wall-clock reading, kept with the run (the library reads no clock). */
  readonly recordedAt?: string | null
  /** Called after each batch with the number of items done. */
  readonly onProgress?: (done: number) => void
}

/** What an apply did. @since 0.2.0 @category model */
export interface Applied {
  /** The run's id (its changes carry it). */
  readonly run: number
  readonly items: number
  readonly applied: number
  readonly changes: number
  readonly rejected: number
}

/**
 * The batch size when none is given.
 *
 * @example
 * DEFAULT_BATCH // 20000
 * @since 0.2.0
 * @category constants
 */
export const DEFAULT_BATCH = 20000

/**
 * Folds one batch (in the caller's transaction): reads what it touches, folds, writes back.
 * Returns the batch's changes and rejections.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * import * as Database from './Database'
 * declare const db: Database.StateDb
 * declare const items: ReadonlyArray<Item>
 * const { changes, rejected } = Database.write(db, () => applyBatch(db, Database.startRun(db, 'apply', null, null), items, { policy: Policy.mp077 }))
 * @since 0.2.0
 * @category combinators
 */
export const applyBatch = (db: Database.StateDb, run: number, items: ReadonlyArray<Item>, options: Reducer.Options): Pick<Reducer.Result, 'changes' | 'rejected'> => {
  const s = statementsOf(db.connection)
  const events: Model.Event[] = []
  for (const it of items) if (E.isRight(it)) events.push(it.right)
  const state = Records.touchedBy(s, Records.namedBy(events))
  const fold = Reducer.begin(state, options)
  for (const it of items) {
    if (E.isRight(it)) fold.push(it.right)
    else fold.reject(it.left)
  }
  const result = fold.finish()
  WriteBack.writeDiff(s, result.state)
  WriteBack.writeChanges(s, run, result.changes)
  return result
}

/** An apply in progress, in its write transaction. @since 0.2.0 @category model */
export interface Session {
  /** Adds the next item; a full batch is folded and written at once. */
  readonly push: (item: Item) => void
  /** Folds what is left and commits; the run's summary. */
  readonly finish: () => Applied
  /** Rolls everything back (a failed run). */
  readonly abort: () => void
}

/**
 * Starts an apply: takes the write lock (`BEGIN IMMEDIATE`) and records the run. Push the items in
 * input order, then `finish` (commit) or `abort`. Throws what the database throws (wrap the whole
 * run in `DbError.guard`); a throw from `push` leaves the transaction for `abort` to roll back.
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * declare const items: ReadonlyArray<Item>
 * const session = begin(db, {})
 * try {
 *   for (const it of items) session.push(it)
 *   session.finish()
 * } catch (e) {
 *   session.abort()
 *   throw e
 * }
 * @since 0.2.0
 * @category constructors
 */
export const begin = (db: Database.StateDb, options: Options = {}): Session => {
  const c = db.connection
  c.exec('BEGIN IMMEDIATE')
  let putRejected: Statement
  let run: number
  try {
    c.exec('CREATE TEMP TABLE IF NOT EXISTS rejected (seq INTEGER PRIMARY KEY, event_id TEXT, code TEXT NOT NULL, message TEXT NOT NULL)')
    c.exec('DELETE FROM temp.rejected')
    putRejected = c.prepare('INSERT INTO temp.rejected (event_id, code, message) VALUES (?, ?, ?)')
    run = Database.startRun(db, 'apply', options.asOf ?? null, options.recordedAt ?? null)
  } catch (e) {
    if (c.inTransaction) c.exec('ROLLBACK')
    throw e
  }
  const reducerOptions: Reducer.Options = { policy: Settings.policyOf(db.settings), ...(options.asOf === undefined ? {} : { asOf: options.asOf }) }
  const size = options.batchSize ?? DEFAULT_BATCH
  let batch: Item[] = []
  let n = 0
  let changes = 0
  let rejected = 0
  let open = true
  const flush = (): void => {
    if (batch.length === 0) return
    const r = applyBatch(db, run, batch, reducerOptions)
    for (const x of r.rejected) putRejected.run(x.eventId, x.code, x.message)
    n += batch.length
    changes += r.changes.length
    rejected += r.rejected.length
    batch = []
    options.onProgress?.(n)
  }
  return {
    push: (item) => {
      if (!open) throw new Error('Apply: this session has ended')
      batch.push(item)
      if (batch.length >= size) flush()
    },
    finish: () => {
      if (!open) throw new Error('Apply: this session has ended')
      flush()
      const summary = { items: n, applied: n - rejected, changes, rejected }
      Database.finishRun(db, run, summary)
      c.exec('COMMIT')
      open = false
      return { run, ...summary }
    },
    abort: () => {
      open = false
      if (c.inTransaction) c.exec('ROLLBACK')
    },
  }
}

/**
 * Applies the items in one transaction: committed whole, or (on a database problem) not at all.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * import type { Instant } from 'dcc-service-flags'
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * declare const items: ReadonlyArray<Item>
 * const r = await apply(db, items, { asOf: '2024-04-01T06:00:00Z' as Instant.Instant })
 * if (E.isRight(r)) for (const c of changesOf(db, r.right.run)) console.log(c)
 * @since 0.2.0
 * @category commands
 */
export const apply = async (db: Database.StateDb, items: Iterable<Item> | AsyncIterable<Item>, options: Options = {}): Promise<E.Either<DbError.DbError, Applied>> => {
  const started = DbError.guard(db.file, () => begin(db, options))
  if (E.isLeft(started)) return started
  const session = started.right
  return DbError.guardAsync(db.file, async () => {
    try {
      if (Symbol.asyncIterator in items) for await (const it of items as AsyncIterable<Item>) session.push(it)
      else for (const it of items as Iterable<Item>) session.push(it)
      return session.finish()
    } catch (e) {
      session.abort()
      throw e
    }
  })
}

/**
 * The flag changes a run made, in the order it made them (read from the history).
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * declare const run: number
 * for (const c of changesOf(db, run)) process.stdout.write(JSON.stringify(c) + '\n')
 * @since 0.2.0
 * @category readers
 */
export function* changesOf(db: Database.StateDb, run: number): IterableIterator<Model.Change> {
  const rows = db.connection.prepare('SELECT mp, from_flag, to_flag, eff, event_id, policy FROM change WHERE run = ? ORDER BY seq').raw(true)
  for (const r of rows.iterate(run) as IterableIterator<[number, string | null, string, number, string, string]>) {
    const meterPoint = Rows.idOf(r[0])
    yield {
      meterPoint,
      fuel: MeterPointId.fuelOf(meterPoint)!,
      from: r[1] as Model.Change['from'],
      to: r[2] as Model.Change['to'],
      effectiveFrom: Rows.intToDate(r[3])!,
      eventId: r[4],
      policy: r[5],
    }
  }
}

/**
 * The rejections of the last {@link apply} on this connection, in input order.
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * for (const r of rejections(db)) process.stderr.write(`${r.eventId} ${r.code}\n`)
 * @since 0.2.0
 * @category readers
 */
export function* rejections(db: Database.StateDb): IterableIterator<Model.Rejection> {
  const rows = db.connection.prepare('SELECT event_id, code, message FROM temp.rejected ORDER BY seq').raw(true)
  for (const r of rows.iterate() as IterableIterator<[string | null, string, string]>) {
    yield { eventId: r[0], code: r[1] as Model.RejectionCode, message: r[2] }
  }
}
