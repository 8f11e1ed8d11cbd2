/**
 * `dcc-service-flags/sqlite`: the daily cycle on a durable state (docs/contract.md "The daily cycle"),
 * in an embedded SQLite database (better-sqlite3 12, an optional peer dependency loaded only when a
 * database is opened). The package root never loads it.
 *
 * A day: {@link Apply.apply} the day's events, {@link Notify.notify} the registries, then
 * {@link Respond.respond} with their E46 answers and {@link Release.release} held meter points. The
 * engine's reducer and outbox decide everything; this module reads the records a run touches, hands
 * them to the engine, and writes back what it changed, in one transaction per run.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * import { Database, Apply } from 'dcc-service-flags/sqlite'
 * const db = await Database.open('state.db')
 * if (E.isRight(db)) {
 *   const r = await Apply.apply(db.right, [])
 *   Database.close(db.right)
 * }
 * @since 0.2.0
 */
export * as DbError from './DbError'
export * as Driver from './Driver'
export * as Schema from './Schema'
export * as Settings from './Settings'
export * as Database from './Database'
export * as Rows from './Rows'
export * as Statements from './Statements'
export * as Records from './Records'
export * as WriteBack from './WriteBack'
export * as Init from './Init'
export * as Apply from './Apply'
export * as Digest from './Digest'
export * as Notify from './Notify'
export * as Respond from './Respond'
export * as Release from './Release'
export * as Export from './Export'
export * as Explain from './Explain'
export * as Status from './Status'
export * as Reconciliation from './Reconciliation'
export * as Backup from './Backup'
