/**
 * Backups: SQLite's online backup copies the database page by page while other runs keep using it
 * (a consistent snapshot, WAL included), into a new file that takes its name only when complete.
 * This is the backup of everything (state, applied event ids, history, files sent, answers); an
 * `export` is a portable inventory without the history.
 *
 * @since 0.2.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import * as Database from './Database'
import * as DbError from './DbError'

/**
 * Copies the database into `destination` (refused when it exists), checks the copy opens as a
 * state database, and returns the number of pages copied.
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * const r = await backup(db, 'backups/state-2024-04-01.db')
 * @since 0.2.0
 * @category commands
 */
export const backup = async (db: Database.StateDb, destination: string): Promise<E.Either<DbError.DbError, { readonly pages: number }>> => {
  if (fs.existsSync(destination)) return E.left(DbError.make('exists', destination, `${destination}: already exists; a backup never overwrites a file`))
  if (!fs.existsSync(path.dirname(path.resolve(destination)))) {
    return E.left(DbError.make('not_found', destination, `${destination}: its folder does not exist`))
  }
  const partial = `${destination}.partial`
  fs.rmSync(partial, { force: true })
  let pages = 0
  const copied = await DbError.guardAsync(destination, async () => {
    const done = (await db.connection.backup(partial, { progress: () => 1024 })) as { readonly totalPages?: number }
    pages = done.totalPages ?? 0
  })
  const removePartial = (): void => {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) fs.rmSync(f, { force: true })
  }
  if (E.isLeft(copied)) {
    removePartial()
    return copied
  }
  const check = await Database.open(partial)
  if (E.isLeft(check)) {
    removePartial()
    return check
  }
  Database.close(check.right)
  return DbError.guard(destination, () => {
    fs.linkSync(partial, destination)
    fs.rmSync(partial)
    return { pages }
  })
}
