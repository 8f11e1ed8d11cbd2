/**
 * An open state database: opening (with the checks that leave a foreign, damaged or too new file
 * untouched), closing, and the write transaction every command runs in.
 *
 * Every change happens in a transaction taken with `BEGIN IMMEDIATE` (the write lock first, so two
 * runs never interleave: the second waits up to the busy timeout, then fails as `locked`); a run
 * killed at any instant leaves the previous state or the next one. The file is in WAL mode (readers,
 * like `status`, see the last committed state while a run writes) with `synchronous = FULL` (a
 * commit is on disk when it returns: `notify` moves its files only after that).
 *
 * @since 0.2.0
 */
import * as fs from 'node:fs'
import { either as E } from 'fp-ts'
import * as DbError from './DbError'
import * as Driver from './Driver'
import * as Schema from './Schema'
import * as Settings from './Settings'

/** An open state database. @since 0.2.0 @category model */
export interface StateDb {
  readonly file: string
  readonly connection: Driver.Connection
  readonly settings: Settings.Settings
  /** The database's own id (set at `init`), naming its staging folders. */
  readonly id: string
  readonly readonly: boolean
}

/** How to open. @since 0.2.0 @category model */
export interface OpenOptions {
  /** Open for reading only (`status`, `explain`, `export`, `reconcile`). */
  readonly readonly?: boolean
  /** How long to wait for another run's lock, in milliseconds (default 5000). */
  readonly busyTimeoutMs?: number
  /** SQLite's page cache, in MiB (default 256: a day's run reads a few hundred thousand pages). */
  readonly cacheMiB?: number
}

/**
 * The busy timeout when none is given, in milliseconds.
 *
 * @example
 * DEFAULT_BUSY_TIMEOUT_MS // 5000
 * @since 0.2.0
 * @category constants
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000

const isNativeFailure = (e: unknown): boolean => {
  const m = e instanceof Error ? e.message : ''
  const code = (e as { code?: unknown } | null)?.code
  return code === 'ERR_DLOPEN_FAILED' || /bindings file|better_sqlite3\.node|NODE_MODULE_VERSION/.test(m)
}

/**
 * Opens a connection through the driver (loaded on first use), turning a driver or SQLite failure
 * into a problem; no check of what the file holds (see {@link open}).
 *
 * @example
 * const c = await connect('state.db.partial', {})
 * @since 0.2.0
 * @category constructors
 */
export const connect = async (file: string, options: Driver.OpenOptions): Promise<E.Either<DbError.DbError, Driver.Connection>> => {
  const driver = await Driver.load()
  if (E.isLeft(driver)) return driver
  try {
    return E.right(driver.right(file, options))
  } catch (e) {
    if (isNativeFailure(e)) {
      return E.left(DbError.make('driver_missing', file, `better-sqlite3 is installed but its native module does not load (${(e as Error).message.split('\n')[0]}): run \`npm rebuild better-sqlite3\` or \`${DbError.INSTALL}\``))
    }
    const d = DbError.fromSqlite(e, file) ?? DbError.fromFs(e, file)
    if (d === null) throw e
    return E.left(d)
  }
}

const configure = (c: Driver.Connection, cacheMiB: number, readonly: boolean): void => {
  c.pragma(`cache_size = -${cacheMiB * 1024}`)
  if (!readonly) c.pragma('synchronous = FULL')
  c.pragma('temp_store = FILE')
}

/**
 * Opens an existing state database. Refused (and left untouched) when the file is missing, not an
 * SQLite database, not one of ours, or of a schema version this library does not know.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * const db = await open('state.db')
 * if (E.isRight(db)) close(db.right)
 * @since 0.2.0
 * @category constructors
 */
export const open = async (file: string, options: OpenOptions = {}): Promise<E.Either<DbError.DbError, StateDb>> => {
  if (!fs.existsSync(file)) return E.left(DbError.make('not_found', file, `${file}: no such database (create one with dcc-flags init)`))
  const readonly = options.readonly === true
  const c = await connect(file, { fileMustExist: true, readonly, timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS })
  if (E.isLeft(c)) return c
  const connection = c.right
  const fail = (d: DbError.DbError): E.Either<DbError.DbError, StateDb> => {
    connection.close()
    return E.left(d)
  }
  const checked = DbError.guard(file, () => Schema.check(connection))
  if (E.isLeft(checked)) return fail(checked.left)
  if (!checked.right.ok) {
    const empty = checked.right.code === 'not_ours' && fs.statSync(file).size === 0
    return fail(DbError.make(checked.right.code, file, `${file}: ${empty ? 'an empty file, not a dcc-flags state database; it was left untouched' : checked.right.message}`))
  }
  const loaded = DbError.guard(file, () => Settings.load(connection))
  if (E.isLeft(loaded)) return fail(loaded.left)
  if (!loaded.right.ok) return fail(DbError.make('corrupt', file, `${file}: ${loaded.right.problem}; restore the database from a backup`))
  const configured = DbError.guard(file, () => configure(connection, options.cacheMiB ?? 256, readonly))
  if (E.isLeft(configured)) return fail(configured.left)
  return E.right({ file, connection, settings: loaded.right.settings, id: loaded.right.id, readonly })
}

/**
 * Closes the database (a no-op when already closed).
 *
 * @example
 * declare const db: StateDb
 * close(db)
 * @since 0.2.0
 * @category destructors
 */
export const close = (db: StateDb): void => {
  if (db.connection.open) db.connection.close()
}

/**
 * The counters as committed now (read inside a transaction to see its own writes).
 *
 * @example
 * declare const db: StateDb
 * counters(db).nextFileId // 1
 * @since 0.2.0
 * @category accessors
 */
export const counters = (db: StateDb): Settings.Counters => {
  const loaded = Settings.load(db.connection)
  if (!loaded.ok) throw DbError.make('corrupt', db.file, `${db.file}: ${loaded.problem}`)
  return loaded.counters
}

/**
 * Runs `f` in a write transaction (`BEGIN IMMEDIATE`): committed when `f` returns, rolled back when
 * it throws (a thrown {@link DbError.DbError} aborts the run as data; see {@link DbError.guard}).
 *
 * @example
 * import * as DbError from './DbError'
 * declare const db: StateDb
 * const r = DbError.guard(db.file, () => write(db, () => 42)) // right(42), committed
 * @since 0.2.0
 * @category combinators
 */
export const write = <A>(db: StateDb, f: () => A): A => {
  const c = db.connection
  c.exec('BEGIN IMMEDIATE')
  try {
    const a = f()
    c.exec('COMMIT')
    return a
  } catch (e) {
    if (c.inTransaction) c.exec('ROLLBACK')
    throw e
  }
}

/**
 * {@link write} for an asynchronous `f` (a run that reads a stream between batches): the
 * transaction stays open across the awaits; nothing else can use the connection meanwhile.
 *
 * @example
 * declare const db: StateDb
 * declare const lines: AsyncIterable<string>
 * await writeAsync(db, async () => {
 *   for await (const line of lines) db.connection.prepare('INSERT INTO event (id) VALUES (?)').run(line)
 * })
 * @since 0.2.0
 * @category combinators
 */
export const writeAsync = async <A>(db: StateDb, f: () => Promise<A>): Promise<A> => {
  const c = db.connection
  c.exec('BEGIN IMMEDIATE')
  try {
    const a = await f()
    c.exec('COMMIT')
    return a
  } catch (e) {
    if (c.inTransaction) c.exec('ROLLBACK')
    throw e
  }
}

/**
 * Starts a run: a row in `run` (in the caller's transaction) whose id tags what the run writes.
 * `recordedAt` is the caller's wall-clock reading (the library reads no clock).
 *
 * @example
 * declare const db: StateDb
 * const run = write(db, () => startRun(db, 'apply', '2024-04-01T06:00:00Z', null))
 * @since 0.2.0
 * @category writers
 */
export const startRun = (db: StateDb, command: string, clock: string | null, recordedAt: string | null): number =>
  Number(db.connection.prepare("INSERT INTO run (command, clock, recorded_at, summary) VALUES (?, ?, ?, '{}')").run(command, clock, recordedAt).lastInsertRowid)

/**
 * Stores a run's summary (JSON), shown by `status`.
 *
 * @example
 * declare const db: StateDb
 * write(db, () => finishRun(db, startRun(db, 'apply', null, null), { changes: 3, rejected: 1 }))
 * @since 0.2.0
 * @category writers
 */
export const finishRun = (db: StateDb, run: number, summary: Readonly<Record<string, unknown>>): void => {
  db.connection.prepare('UPDATE run SET summary = ? WHERE id = ?').run(JSON.stringify(summary), run)
}
