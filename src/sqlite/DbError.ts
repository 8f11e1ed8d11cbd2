/**
 * What can go wrong with the state database, as data: a tagged union with a readable message.
 * Nothing the database module returns for a user's situation (a locked, read-only, full, foreign or
 * too new database, a missing driver, a file already there) is an exception; exceptions are left
 * for programmer errors.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'

/** The kinds of database problem. @since 0.2.0 @category model */
export type Code =
  /** better-sqlite3 is not installed (or its native module does not load). */
  | 'driver_missing'
  /** The file to open does not exist. */
  | 'not_found'
  /** `init` was asked to create a file that already exists. */
  | 'exists'
  /** The file is not an SQLite database at all. */
  | 'not_a_database'
  /** An SQLite database, but not one of ours (another application's). */
  | 'not_ours'
  /** One of ours, of a schema version this version of the library does not know. */
  | 'unknown_schema'
  /** Another run holds the database (it stayed locked for the whole busy timeout). */
  | 'locked'
  /** The database file (or its folder) cannot be written. */
  | 'read_only'
  /** The disk (or the database's page limit) is full. */
  | 'full'
  /** The database is damaged. */
  | 'corrupt'
  /** Any other I/O failure of the file or its folder. */
  | 'io'

/** A database problem: its code, the file and a sentence saying what to do. @since 0.2.0 @category model */
export interface DbError {
  readonly _tag: 'DbError'
  readonly code: Code
  readonly file: string
  readonly message: string
}

/**
 * A database problem.
 *
 * @example
 * make('locked', 'state.db', 'another run is using it').code // 'locked'
 * @since 0.2.0
 * @category constructors
 */
export const make = (code: Code, file: string, message: string): DbError => ({ _tag: 'DbError', code, file, message })

/**
 * True for a {@link DbError} value.
 *
 * @example
 * is(make('full', 'state.db', 'the disk is full')) // true
 * is(new Error('x')) // false
 * @since 0.2.0
 * @category refinements
 */
export const is = (u: unknown): u is DbError =>
  typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'DbError'

/**
 * The command to install the driver, as the messages give it.
 *
 * @example
 * INSTALL // 'npm install better-sqlite3@12'
 * @since 0.2.0
 * @category constants
 */
export const INSTALL = 'npm install better-sqlite3@12'

/**
 * The database problem an SQLite error stands for (by its `code`, `SQLITE_BUSY`…), or null when it
 * is not one a user can meet (a programmer error: a bad statement, a constraint the code should
 * have kept).
 *
 * @example
 * fromSqlite({ code: 'SQLITE_FULL', message: 'database or disk is full' }, 'state.db')?.code // 'full'
 * fromSqlite({ code: 'SQLITE_ERROR', message: 'no such column: x' }, 'state.db') // null
 * @since 0.2.0
 * @category constructors
 */
export const fromSqlite = (e: unknown, file: string): DbError | null => {
  if (typeof e !== 'object' || e === null) return null
  const code = String((e as { code?: unknown }).code ?? '')
  const what = String((e as { message?: unknown }).message ?? '')
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return make('locked', file, `${file}: the database is locked by another run (${what}); wait for it to finish and run again`)
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return make('read_only', file, `${file}: the database is read-only (${what}); it needs write access to the file and its folder`)
  }
  if (code.startsWith('SQLITE_FULL')) return make('full', file, `${file}: the database or its disk is full (${what}); nothing was changed`)
  if (code === 'SQLITE_NOTADB') return make('not_a_database', file, `${file}: not an SQLite database (${what}); it was left untouched`)
  if (code.startsWith('SQLITE_CORRUPT')) return make('corrupt', file, `${file}: the database is damaged (${what}); restore it from a backup`)
  if (code.startsWith('SQLITE_CANTOPEN')) return make('io', file, `${file}: cannot open the database (${what})`)
  if (code.startsWith('SQLITE_IOERR')) return make('io', file, `${file}: an I/O error on the database (${what}); nothing was changed`)
  return null
}

/**
 * The database problem of a file-system error (`ENOSPC`, `EACCES`…) met while working on `file`,
 * or null for anything else.
 *
 * @example
 * fromFs({ code: 'ENOSPC', message: 'no space left on device' }, 'out/D0350_LOND_0000000001.txt')?.code // 'full'
 * @since 0.2.0
 * @category constructors
 */
export const fromFs = (e: unknown, file: string): DbError | null => {
  if (typeof e !== 'object' || e === null) return null
  const code = String((e as { code?: unknown }).code ?? '')
  if (code === 'ENOSPC' || code === 'EDQUOT') return make('full', file, `${file}: the disk is full (${code})`)
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return make('read_only', file, `${file}: cannot write (${code})`)
  if (code === 'ENOENT') return make('not_found', file, `${file}: not found (${code})`)
  if (code.startsWith('E')) return make('io', file, `${file}: ${code}`)
  return null
}

/**
 * Runs `f`; an SQLite or file-system error a user can meet (or a {@link DbError} thrown to abort a
 * transaction) comes back as a `Left`; anything else is rethrown (a programmer error).
 *
 * @example
 * guard('state.db', () => 1) // right(1)
 * @since 0.2.0
 * @category combinators
 */
export const guard = <A>(file: string, f: () => A): E.Either<DbError, A> => {
  try {
    return E.right(f())
  } catch (e) {
    const d = is(e) ? e : (fromSqlite(e, file) ?? fromFs(e, file))
    if (d === null) throw e
    return E.left(d)
  }
}

/**
 * {@link guard} for an asynchronous `f`.
 *
 * @example
 * await guardAsync('state.db', async () => 1) // right(1)
 * @since 0.2.0
 * @category combinators
 */
export const guardAsync = async <A>(file: string, f: () => Promise<A>): Promise<E.Either<DbError, A>> => {
  try {
    return E.right(await f())
  } catch (e) {
    const d = is(e) ? e : (fromSqlite(e, file) ?? fromFs(e, file))
    if (d === null) throw e
    return E.left(d)
  }
}
