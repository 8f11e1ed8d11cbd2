/**
 * The SQLite driver (better-sqlite3 12, an optional peer dependency), loaded on first use only: the
 * package root and this entry point can be imported without it, and a command that needs it says
 * how to install it. The driver's surface is described here by the few members the database module
 * uses, so that the published types do not depend on the driver's type package.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import * as DbError from './DbError'

/** A prepared statement (the members used). @since 0.2.0 @category model */
export interface Statement {
  readonly run: (...params: ReadonlyArray<unknown>) => { readonly changes: number; readonly lastInsertRowid: number | bigint }
  readonly get: (...params: ReadonlyArray<unknown>) => unknown
  readonly all: (...params: ReadonlyArray<unknown>) => unknown[]
  readonly iterate: (...params: ReadonlyArray<unknown>) => IterableIterator<unknown>
  readonly raw: (toggle?: boolean) => Statement
  readonly pluck: (toggle?: boolean) => Statement
}

/** An open connection (the members used). @since 0.2.0 @category model */
export interface Connection {
  readonly prepare: (sql: string) => Statement
  readonly exec: (sql: string) => unknown
  readonly pragma: (source: string, options?: { readonly simple?: boolean }) => unknown
  readonly close: () => unknown
  readonly backup: (destination: string, options?: { readonly progress?: (info: { readonly totalPages: number; readonly remainingPages: number }) => number }) => Promise<unknown>
  readonly inTransaction: boolean
  readonly open: boolean
}

/** How to open a file (better-sqlite3's options). @since 0.2.0 @category model */
export interface OpenOptions {
  readonly readonly?: boolean
  readonly fileMustExist?: boolean
  /** Milliseconds to wait for a lock before failing with `SQLITE_BUSY`. */
  readonly timeout?: number
}

/** The driver: opens a connection. @since 0.2.0 @category model */
export type Driver = (file: string, options?: OpenOptions) => Connection

const isNotFound = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
}

let loaded: Promise<E.Either<DbError.DbError, Driver>> | null = null

/**
 * Loads better-sqlite3 once (a dynamic import: nothing is loaded until a database is opened).
 * When it is missing, or installed without a working native module, a `driver_missing` problem
 * says how to install it.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * const driver = await load()
 * if (E.isRight(driver)) driver.right(':memory:')
 * @since 0.2.0
 * @category loaders
 */
export const load = (): Promise<E.Either<DbError.DbError, Driver>> => {
  if (loaded === null) {
    loaded = import('better-sqlite3').then(
      (m: unknown) => {
        const ctor = ((m as { default?: unknown }).default ?? m) as new (file: string, options?: OpenOptions) => Connection
        return E.right((file: string, options?: OpenOptions) => new ctor(file, options))
      },
      (e: unknown) =>
        E.left(
          DbError.make(
            'driver_missing',
            'better-sqlite3',
            isNotFound(e)
              ? `the state database needs better-sqlite3, which is not installed: run \`${DbError.INSTALL}\``
              : `better-sqlite3 is installed but does not load (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): run \`npm rebuild better-sqlite3\` or \`${DbError.INSTALL}\``,
          ),
        ),
    )
  }
  return loaded
}
