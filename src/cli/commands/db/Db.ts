/**
 * What the state database commands share: the `--db` option, opening the database (every problem
 * — driver missing, file missing, not ours, unknown schema version, locked, read-only — an exit 1
 * with a message saying which, never a stack trace), the busy timeout, and the wall-clock reading a
 * run is recorded with.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import { InputError, UsageError } from '../../Errors'
import type { StringOption } from '../../Options'
import { Database, DbError } from '../../../sqlite'

/** `--db STATE.db`. @since 0.2.0 @category options */
export const DB_OPTION = {
  type: 'string',
  value: 'STATE.db',
  description: 'the state database (an SQLite file made by dcc-flags init)',
  required: true,
} as const satisfies StringOption

/**
 * The environment variable that sets how long a command waits for another run's lock (milliseconds).
 *
 * @example
 * BUSY_TIMEOUT_VARIABLE // 'DCC_FLAGS_BUSY_TIMEOUT_MS'
 * @since 0.2.0
 * @category constants
 */
export const BUSY_TIMEOUT_VARIABLE = 'DCC_FLAGS_BUSY_TIMEOUT_MS'

/**
 * The busy timeout: `DCC_FLAGS_BUSY_TIMEOUT_MS` when set (a whole number), else 5000.
 *
 * @example
 * busyTimeoutMs({ DCC_FLAGS_BUSY_TIMEOUT_MS: '100' }) // 100
 * @since 0.2.0
 * @category parsers
 */
export const busyTimeoutMs = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const v = env[BUSY_TIMEOUT_VARIABLE]
  if (v === undefined || v === '') return Database.DEFAULT_BUSY_TIMEOUT_MS
  if (!/^[0-9]{1,9}$/.test(v)) throw new UsageError(`${BUSY_TIMEOUT_VARIABLE} must be a whole number of milliseconds, got ${JSON.stringify(v)}`)
  return Number(v)
}

/**
 * The message of a database problem, as an input error (exit 1).
 *
 * @example
 * import { DbError } from '../../../sqlite'
 * const e = failure(DbError.make('locked', 'state.db', 'state.db: locked')) // an InputError: exit 1
 * @since 0.2.0
 * @category constructors
 */
export const failure = (e: DbError.DbError): InputError => new InputError(e.message)

/**
 * Opens the database or fails with an input error saying why. The commands that only read open it
 * for writing all the same (SQLite falls back to reading when the file is write-protected): the last
 * connection to close then folds the write-ahead log back into the file and removes `-wal`/`-shm`.
 *
 * @example
 * const db = await openDb('state.db', { readonly: true })
 * @since 0.2.0
 * @category loaders
 */
export const openDb = async (file: string, options: { readonly readonly?: boolean } = {}): Promise<Database.StateDb> => {
  const db = await Database.open(file, { ...options, busyTimeoutMs: busyTimeoutMs() })
  if (E.isLeft(db)) throw failure(db.left)
  return db.right
}

/**
 * Runs `f` on an open database and closes it, whatever happens.
 *
 * @example
 * import { Status } from '../../../sqlite'
 * const s = await withDb('state.db', {}, async (db) => Status.status(db))
 * @since 0.2.0
 * @category combinators
 */
export const withDb = async <A>(file: string, options: { readonly readonly?: boolean }, f: (db: Database.StateDb) => Promise<A>): Promise<A> => {
  const db = await openDb(file, options)
  try {
    return await f(db)
  } finally {
    Database.close(db)
  }
}

/**
 * The wall-clock time a run is recorded with (shown by `status`; never in any output file).
 *
 * @example
 * recordedAt() // '2024-04-01T06:00:03.123Z'
 * @since 0.2.0
 * @category constructors
 */
export const recordedAt = (): string => new Date().toISOString()

/**
 * The value of `Left`, thrown as an input error; the value of `Right`.
 *
 * @example
 * import { Apply, type Database } from '../../../sqlite'
 * declare const db: Database.StateDb
 * declare const items: ReadonlyArray<Apply.Item>
 * const applied = orFail(await Apply.apply(db, items))
 * @since 0.2.0
 * @category destructors
 */
export const orFail = <A>(e: E.Either<DbError.DbError, A>): A => {
  if (E.isLeft(e)) throw failure(e.left)
  return e.right
}

/** Groups digits by thousands (`12,345`). @since 0.2.0 @category printers */
export const n = (x: number): string => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** `1 file`, `2 files`. @since 0.2.0 @category printers */
export const plural = (x: number, one: string, many = `${one}s`): string => `${n(x)} ${x === 1 ? one : many}`
