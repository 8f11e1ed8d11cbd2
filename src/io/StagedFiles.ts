/**
 * Staged file writes: a run's files appear in their folder all together or not at all, never
 * overwrite a file, and a run killed at any instant is finished or cleaned up by the next one.
 *
 * The protocol, for a run with id `RUN` writing into `DIR`:
 * 1. **check**: none of the run's names may exist in `DIR` (else a {@link Conflict}: nothing written);
 * 2. **stage**: each file is written and synced into `DIR/.dcc-flags-staging/RUN/`;
 * 3. **commit**: a marker `DIR/.dcc-flags-staging/RUN/COMMITTED` listing the names is written and
 *    renamed into place (atomic): from this instant the run counts as written;
 * 4. **move**: each file is hard-linked to `DIR/NAME` (a link never replaces an existing name) and
 *    its staged name removed; then the marker and the staging folders are removed.
 *
 * A run killed before step 3 left only a staging folder without a marker: {@link recover} discards
 * it. Killed after: {@link recover} finishes the moves. Either way `DIR` then holds all of the run's
 * files or none of them, byte for byte as staged. A writer settles its own runs before it writes:
 * the stateless `notify` finishes or discards those with its prefix (`notify-`) as {@link recover}
 * would; a writer with its own record of what was sent (the state database) lists them
 * ({@link listStaged}) and finishes or discards each by that record. Each leaves the other's runs
 * alone. The staging folder is named after the run (`RUN` = [A-Za-z0-9._-], chosen by the caller
 * with a prefix of its own: a database run number, a digest of the files), so a run repeated after
 * a kill finds its own staged files.
 *
 * Staging lives inside `DIR`, so a rename or link never crosses file systems.
 *
 * @since 0.2.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'

/**
 * The hidden folder in `DIR` that holds staged runs.
 *
 * @example
 * import { STAGING } from './StagedFiles'
 * STAGING // '.dcc-flags-staging'
 * @since 0.2.0
 * @category constants
 */
export const STAGING = '.dcc-flags-staging'

/**
 * The marker file that commits a staged run (it lists the run's file names, one a line).
 *
 * @example
 * import { COMMITTED } from './StagedFiles'
 * COMMITTED // 'COMMITTED'
 * @since 0.2.0
 * @category constants
 */
export const COMMITTED = 'COMMITTED'

const RUN_ID = /^[A-Za-z0-9._-]{1,100}$/
const FILE_NAME = /^[^/\\\0]{1,255}$/

/** One file of a run: its name in `DIR` (no folders) and its bytes. @since 0.2.0 @category model */
export interface StagedFile {
  readonly name: string
  readonly bytes: Uint8Array
}

/** A staged run found in a folder. @since 0.2.0 @category model */
export interface StagedRun {
  readonly dir: string
  readonly runId: string
  /** Committed (the marker is there): the run counts as written and must be finished, not discarded. */
  readonly committed: boolean
  /** The names the marker lists (committed), or the files staged so far (not committed). */
  readonly names: ReadonlyArray<string>
}

/** Names that already exist in `DIR`: the run was refused, nothing written. @since 0.2.0 @category model */
export interface Conflict {
  readonly _tag: 'Conflict'
  readonly existing: ReadonlyArray<string>
}

/** The run's files are all in `DIR`. @since 0.2.0 @category model */
export interface Written {
  readonly _tag: 'Written'
  readonly names: ReadonlyArray<string>
}

/**
 * The steps of a run, for tests that kill a run at each one (`onStep` is called after each step
 * completes; production callers leave it out).
 *
 * @since 0.2.0
 * @category model
 */
export type Step = 'staged-file' | 'committed' | 'moved-file' | 'cleaned'

/** @since 0.2.0 @category model */
export interface WriteOptions {
  readonly onStep?: (step: Step, name: string | null) => void
}

const runDir = (dir: string, runId: string): string => path.join(dir, STAGING, runId)

const fsyncPath = (p: string, flags: string): void => {
  let fd: number | null = null
  try {
    fd = fs.openSync(p, flags)
    fs.fsyncSync(fd)
  } catch (e) {
    // Some systems cannot open or sync a folder (EISDIR, EPERM, EINVAL): durability is best effort there.
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw e
  } finally {
    if (fd !== null) fs.closeSync(fd)
  }
}

const syncDir = (dir: string): void => fsyncPath(dir, 'r')

const writeSynced = (file: string, bytes: Uint8Array | string): void => {
  const fd = fs.openSync(file, 'wx')
  try {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes
    let at = 0
    while (at < data.length) at += fs.writeSync(fd, data, at, data.length - at)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

const exists = (p: string): boolean => {
  try {
    fs.lstatSync(p)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}

const readMarker = (dir: string): ReadonlyArray<string> | null => {
  let text: string
  try {
    text = fs.readFileSync(path.join(dir, COMMITTED), 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  return text.split('\n').filter((n) => n !== '')
}

/**
 * Moves one staged file into place without ever replacing another file: a hard link (which fails
 * on an existing name), then the staged name removed. A link already made by a killed move (the
 * same file under both names) is finished; any other file of that name is a conflict.
 */
const moveIntoPlace = (staged: string, target: string): void => {
  try {
    fs.linkSync(staged, target)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    const a = fs.statSync(staged)
    const b = fs.statSync(target)
    if (a.ino !== b.ino || a.dev !== b.dev) {
      throw Object.assign(new Error(`EEXIST: ${target} exists and is not the staged file ${staged}`), { code: 'EEXIST', syscall: 'link', path: target })
    }
  }
  fs.unlinkSync(staged)
}

const removeIfEmpty = (dir: string): void => {
  try {
    fs.rmdirSync(dir)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw e
  }
}

/**
 * The staged runs left in `DIR` by runs that did not finish (none when `DIR` or its staging folder
 * is absent), in run-id order; only those whose id starts with `prefix` when given (a writer's
 * own runs, where several writers share `DIR`).
 *
 * @example
 * import { listStaged } from './StagedFiles'
 * for (const run of listStaged('outbox')) console.log(run.runId, run.committed ? 'to finish' : 'to discard', run.names)
 * listStaged('outbox', 'notify-') // only the runs named notify-…
 * @since 0.2.0
 * @category recovery
 */
export const listStaged = (dir: string, prefix = ''): ReadonlyArray<StagedRun> => {
  let ids: string[]
  try {
    ids = fs.readdirSync(path.join(dir, STAGING))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return []
    throw e
  }
  return ids.filter((runId) => runId.startsWith(prefix)).sort().map((runId) => {
    const rd = runDir(dir, runId)
    const marker = readMarker(rd)
    const names = marker ?? fs.readdirSync(rd).filter((n) => !n.startsWith(`${COMMITTED}.`)).sort()
    return { dir, runId, committed: marker !== null, names }
  })
}

/**
 * Finishes a committed run: moves every staged file still waiting into place, then removes the
 * staging folder. Idempotent: a run killed while finishing is finished by the next call.
 *
 * @example
 * import { finish, listStaged } from './StagedFiles'
 * for (const run of listStaged('outbox')) if (run.committed) finish(run)
 * @since 0.2.0
 * @category recovery
 */
export const finish = (run: StagedRun, options: WriteOptions = {}): void => {
  if (!run.committed) throw new Error(`StagedFiles.finish: run ${run.runId} is not committed (discard it instead)`)
  const rd = runDir(run.dir, run.runId)
  for (const name of run.names) {
    const staged = path.join(rd, name)
    if (!exists(staged)) continue // moved before a kill
    moveIntoPlace(staged, path.join(run.dir, name))
    options.onStep?.('moved-file', name)
  }
  syncDir(run.dir)
  fs.rmSync(path.join(rd, COMMITTED), { force: true })
  fs.rmSync(rd, { recursive: true, force: true })
  removeIfEmpty(path.join(run.dir, STAGING))
  options.onStep?.('cleaned', null)
}

/**
 * Discards a run that was not committed: its staged files are removed; nothing of it was ever in `DIR`.
 *
 * @example
 * import { discard, listStaged } from './StagedFiles'
 * for (const run of listStaged('outbox')) if (!run.committed) discard(run)
 * @since 0.2.0
 * @category recovery
 */
export const discard = (run: StagedRun): void => {
  if (run.committed) throw new Error(`StagedFiles.discard: run ${run.runId} is committed (finish it instead)`)
  fs.rmSync(runDir(run.dir, run.runId), { recursive: true, force: true })
  removeIfEmpty(path.join(run.dir, STAGING))
}

/**
 * Finishes every committed run left in `DIR` and discards every other one (only those whose id
 * starts with `prefix` when given: another writer's runs are left alone); returns what it did.
 *
 * @example
 * import { recover } from './StagedFiles'
 * const { finished, discarded } = recover('outbox', 'notify-')
 * @since 0.2.0
 * @category recovery
 */
export const recover = (dir: string, prefix = ''): { readonly finished: ReadonlyArray<StagedRun>; readonly discarded: ReadonlyArray<StagedRun> } => {
  const finished: StagedRun[] = []
  const discarded: StagedRun[] = []
  for (const run of listStaged(dir, prefix)) {
    if (run.committed) {
      finish(run)
      finished.push(run)
    } else {
      discard(run)
      discarded.push(run)
    }
  }
  return { finished, discarded }
}

/**
 * A run staged but not committed: its files are written and synced in its staging folder (the
 * folder and its parents synced too), nothing is in `DIR` yet. A caller that keeps its own commit
 * record (the state database) commits in that record, then {@link finish}es the run (as committed);
 * {@link writeRun} commits with the marker instead.
 *
 * @since 0.2.0
 * @category model
 */
export interface Staged {
  readonly _tag: 'Staged'
  readonly run: StagedRun
}

/**
 * Steps 1 and 2 of the protocol: a {@link Conflict} when any name already exists in `dir` (nothing
 * written, `dir` not created), else the run {@link Staged} (`dir` created when missing; no staging
 * folder when there are no files). Throws only what the file system throws (a full disk…: the
 * staging folder is then discarded), or for a programmer error (a bad run id or name, a run id
 * already staged).
 *
 * @example
 * import { stage, finish } from './StagedFiles'
 * const r = stage('outbox', 'db-7', [{ name: 'DXI_0000000001.txt', bytes: new Uint8Array([0x41]) }])
 * if (r._tag === 'Staged') {
 *   // … commit the run in the caller's own record, then:
 *   finish({ ...r.run, committed: true })
 * }
 * @since 0.2.0
 * @category writers
 */
export const stage = (dir: string, runId: string, files: ReadonlyArray<StagedFile>, options: WriteOptions = {}): Conflict | Staged => {
  if (!RUN_ID.test(runId)) throw new Error(`StagedFiles.stage: run id must be 1 to 100 of [A-Za-z0-9._-], got ${JSON.stringify(runId)}`)
  const names = files.map((f) => f.name)
  for (const n of names) {
    if (!FILE_NAME.test(n) || n === '.' || n === '..' || n === STAGING) throw new Error(`StagedFiles.stage: bad file name ${JSON.stringify(n)}`)
  }
  if (new Set(names).size !== names.length) throw new Error('StagedFiles.stage: a file name is given twice')
  const existing = names.filter((n) => exists(path.join(dir, n)))
  if (existing.length > 0) return { _tag: 'Conflict', existing }
  const run: StagedRun = { dir, runId, committed: false, names }
  if (files.length === 0) return { _tag: 'Staged', run }

  fs.mkdirSync(dir, { recursive: true })
  const rd = runDir(dir, runId)
  fs.mkdirSync(path.join(dir, STAGING), { recursive: true })
  fs.mkdirSync(rd) // throws EEXIST when this run id is staged already: recover first
  try {
    for (const f of files) {
      writeSynced(path.join(rd, f.name), f.bytes)
      options.onStep?.('staged-file', f.name)
    }
    syncDir(rd)
    syncDir(path.join(dir, STAGING))
    syncDir(dir)
  } catch (e) {
    fs.rmSync(rd, { recursive: true, force: true })
    removeIfEmpty(path.join(dir, STAGING))
    throw e
  }
  return { _tag: 'Staged', run }
}

/**
 * Writes a run's files into `dir` (created when missing) by the protocol above: a
 * {@link Conflict} when any name already exists (nothing written), else {@link Written}. Throws
 * only what the file system throws (a full disk…: the staging folder is then discarded, nothing in
 * `dir` changed), or for a programmer error (a bad run id or name, a run id already staged: call
 * {@link recover} first).
 *
 * @example
 * import { writeRun } from './StagedFiles'
 * const r = writeRun('outbox', 'run-1', [{ name: 'D0350_LOND_0000000001.txt', bytes: new Uint8Array([0x5a]) }])
 * if (r._tag === 'Conflict') console.error(`refused: ${r.existing.join(', ')} already exist`)
 * @since 0.2.0
 * @category writers
 */
export const writeRun = (dir: string, runId: string, files: ReadonlyArray<StagedFile>, options: WriteOptions = {}): Conflict | Written => {
  fs.mkdirSync(dir, { recursive: true })
  const staged = stage(dir, runId, files, options)
  if (staged._tag === 'Conflict') return staged
  const names = staged.run.names
  if (files.length === 0) return { _tag: 'Written', names }
  const rd = runDir(dir, runId)
  try {
    const tmp = path.join(rd, `${COMMITTED}.tmp`)
    writeSynced(tmp, names.join('\n') + '\n')
    fs.renameSync(tmp, path.join(rd, COMMITTED))
    syncDir(rd)
  } catch (e) {
    fs.rmSync(rd, { recursive: true, force: true })
    removeIfEmpty(path.join(dir, STAGING))
    throw e
  }
  options.onStep?.('committed', null)
  finish({ dir, runId, committed: true, names }, options)
  return { _tag: 'Written', names }
}
