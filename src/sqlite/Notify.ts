/**
 * `notify --db`: writes the D0350 and DXI files of everything pending and records them as sent, in
 * one step that a kill at any instant cannot break (docs/rules.md, the outbox; docs/contract.md, `notify --db`).
 *
 * The protocol (the staged writes of `dcc-service-flags/node`'s `StagedFiles`, with the database
 * as the commit record):
 * 1. finish an earlier run that committed but was killed before its files were all in place (move
 *    them from its staging folder; the database says which files and their SHA-256), and discard
 *    the staging folders of runs that never committed;
 * 2. in one write transaction: read the candidates (the partial index of rows whose pair differs
 *    from the pair last sent, and the held rows), let the outbox decide what is due, plan and build
 *    the files numbered from the two counters; refuse (nothing written, nothing recorded, no number
 *    used) when a file would overwrite one in the folder or a gas file has no organisation id;
 * 3. stage the files in the run's staging folder (`DIR/.dcc-flags-staging/<database id>-<run>/`),
 *    written and synced;
 * 4. commit: the files (names, numbers, SHA-256), what each carried, `notified`, the counters;
 * 5. move the files into place (never over a file), remove the staging folder, mark them placed.
 *
 * A kill before 4 leaves the database as it was and a staging folder the next run discards; a kill
 * after 4 leaves a committed run whose files the next run moves into place. Either way, after the
 * next run the folder holds exactly the files an uninterrupted run would have written (the same
 * `--now`: the bytes depend on nothing else), each notification in exactly one file.
 *
 * @since 0.2.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import { Outbox, State } from 'dcc-service-flags'
import { MeterPointId } from 'dcc-service-flags'
import { StagedFiles } from 'dcc-service-flags/node'
import * as Database from './Database'
import * as DbError from './DbError'
import * as Rows from './Rows'
import * as Schema from './Schema'
import * as Settings from './Settings'
import * as Digest from './Digest'
import { statementsOf } from './Statements'
import * as WriteBack from './WriteBack'

/** A step of the protocol, reported to {@link Options.onStep} as it completes. @since 0.2.0 @category model */
export type Step =
  | 'recovered'
  | 'planned'
  | 'staged-file'
  | 'staged'
  | 'committed'
  | 'moved-file'
  | 'cleaned'
  | 'marked'

/** How to notify. @since 0.2.0 @category model */
export interface Options {
  /** The folder the files go into (created when missing). */
  readonly out: string
  /** Every timestamp written, `YYYYMMDDHHMMSS` (London wall-clock time). */
  readonly now: string
  readonly maxRecordsPerFile?: number
  /** The caller's wall-clock reading, kept with the run. */
  readonly recordedAt?: string | null
  /** Called after each step completes (with the file's index for per-file steps): fault injection in tests. */
  readonly onStep?: (step: Step, index?: number) => void
}

/** A file written (or moved into place). @since 0.2.0 @category model */
export interface WrittenFile {
  readonly name: string
  readonly registry: string
  readonly kind: Outbox.OutgoingKind
  /** The D0350 File Identifier or the DXI Generation Number. */
  readonly number: number
  readonly records: number
}

/** What a notify did. @since 0.2.0 @category model */
export interface Report {
  /** Files of an earlier, killed run that this run moved into place. */
  readonly recovered: ReadonlyArray<WrittenFile>
  /** Uncommitted staging folders discarded. */
  readonly discarded: number
  readonly run: number
  readonly files: ReadonlyArray<WrittenFile>
  readonly unroutable: ReadonlyArray<Outbox.Notification>
  readonly held: ReadonlyArray<Outbox.HeldMeterPoint>
  readonly counters: Settings.Counters
}

/** Why a run was refused (nothing written, nothing recorded). @since 0.2.0 @category model */
export interface Refused {
  readonly _tag: 'Refused'
  readonly code: 'would_overwrite' | 'no_gas_organisation' | 'not_a_folder' | 'build' | 'conflict'
  readonly message: string
}

/** A notify problem. @since 0.2.0 @category model */
export type Problem = DbError.DbError | Refused

const refused = (code: Refused['code'], message: string): Refused => ({ _tag: 'Refused', code, message })

const isRefused = (u: unknown): u is Refused => typeof u === 'object' && u !== null && (u as { _tag?: unknown })._tag === 'Refused'

type FileRow = [id: number, run: number, name: string, kind: string, registry: string, number: number, records: number, sha: string, dir: string, staging: string]

const written = (r: FileRow): WrittenFile => ({ name: r[2], registry: r[4], kind: r[3] as Outbox.OutgoingKind, number: r[5], records: r[6] })

/** The staging run id of a run of this database: `<database id>-<run>`. */
const runIdOf = (db: Database.StateDb, run: number): string => `${db.id}-${run}`

const isSystemError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string'

/** Step 1: finish the moves of committed runs; discard this database's uncommitted staging folders in `out`. */
const recover = (db: Database.StateDb, out: string, step: (s: Step, index?: number) => void): { recovered: WrittenFile[]; discarded: number } =>
  Database.write(db, () => {
    const c = db.connection
    const rows = c.prepare('SELECT id, run, name, kind, registry, number, records, sha256, dir, staging FROM file WHERE placed = 0 ORDER BY id').raw(true).all() as FileRow[]
    const runs = new Map<string, FileRow[]>()
    for (const r of rows) {
      const k = JSON.stringify([r[8], r[9]])
      const list = runs.get(k)
      if (list === undefined) runs.set(k, [r])
      else list.push(r)
    }
    const recovered: WrittenFile[] = []
    for (const list of runs.values()) {
      const [dir, runId] = [list[0]![8], list[0]![9]]
      try {
        StagedFiles.finish({ dir, runId, committed: true, names: list.map((r) => r[2]) })
      } catch (e) {
        if (isSystemError(e) && e.code === 'EEXIST') {
          throw refused('conflict', `${e.message}: run ${list[0]![1]} committed that name; the committed copy is kept in ${path.join(dir, StagedFiles.STAGING, runId)}`)
        }
        throw e
      }
      for (const r of list) {
        const target = path.join(dir, r[2])
        const hash = Digest.sha256OfFile(target)
        if (hash !== r[7]) {
          throw refused('conflict', `${target}: run ${r[1]} committed this file (SHA-256 ${r[7]}) but it is ${hash === null ? 'neither in place nor staged' : 'not the file in place'}; restore it from a backup of the folder`)
        }
        recovered.push(written(r))
      }
    }
    if (rows.length > 0) c.prepare('UPDATE file SET placed = 1 WHERE placed = 0').run()
    // every committed run is in place now: a staging folder of this database left in `out` never committed
    let discarded = 0
    const mine = `${db.id}-`
    for (const run of StagedFiles.listStaged(out, mine)) {
      if (run.committed) continue
      StagedFiles.discard(run)
      discarded++
    }
    step('recovered')
    return { recovered, discarded }
  })

/**
 * The state the outbox plans from: the meter points whose pair differs from the pair last sent, and
 * the held ones (`notify` sends from it; `status` counts what is pending in it).
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * import * as Database from './Database'
 * declare const db: Database.StateDb
 * Outbox.pending(candidates(db)).notifications.length
 * @since 0.2.0
 * @category readers
 */
export const candidates = (db: Database.StateDb): State.State => {
  const c = db.connection
  const byKey = new Map<number, Rows.MeterPointRow>()
  for (const r of c.prepare(`SELECT ${Rows.METER_POINT_COLUMNS} FROM meter_point WHERE ${Schema.UNSENT}`).raw(true).iterate() as IterableIterator<Rows.MeterPointRow>) byKey.set(r[0], r)
  for (const r of c.prepare(`SELECT ${Rows.METER_POINT_COLUMNS} FROM meter_point WHERE held_flag IS NOT NULL`).raw(true).iterate() as IterableIterator<Rows.MeterPointRow>) byKey.set(r[0], r)
  const records = Array.from(byKey.values(), (r) => Rows.meterPointOf(r, []))
  return State.fromRecords({ meterPoints: records, devices: [], eventIds: [] })
}

const tryOrUndo = <A>(f: () => A, undo: () => void): A => {
  try {
    return f()
  } catch (e) {
    try {
      undo()
    } catch {
      /* the next run discards what is left; the first error is the one to report */
    }
    throw e
  }
}

/**
 * Runs notify (see the module notes). `Left` when the database cannot be used or the run was
 * refused; a kill at any point is finished or undone by the next run.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * const r = await notify(db, { out: 'outbox', now: '20240401060000' })
 * if (E.isRight(r)) for (const f of r.right.files) console.log(f.name, f.registry, f.records)
 * @since 0.2.0
 * @category commands
 */
export const notify = async (db: Database.StateDb, options: Options): Promise<E.Either<Problem, Report>> => {
  const out = path.resolve(options.out)
  const step = options.onStep ?? (() => undefined)
  try {
    const st = fs.statSync(out, { throwIfNoEntry: false })
    if (st !== undefined && !st.isDirectory()) return E.left(refused('not_a_folder', `${options.out}: exists and is not a folder`))
    const { recovered, discarded } = recover(db, out, step)

    const settings = db.settings
    const routing = Settings.routing(settings)
    const existed = fs.existsSync(out)
    let staged: StagedFiles.StagedRun | null = null
    let files: Outbox.BuiltFile[] = []
    const result = tryOrUndo(
      () =>
        Database.write(db, () => {
          const c = db.connection
          const counters = Database.counters(db)
          const state = candidates(db)
          const due = Outbox.pending(state, settings.switches, routing)
          const planned = Outbox.plan(due.notifications, { routing, ...(options.maxRecordsPerFile === undefined ? {} : { maxRecordsPerFile: options.maxRecordsPerFile }) })
          const gas = planned.files.filter((f) => f.kind === 'dxi')
          if (gas.length > 0 && settings.gasOrganisationId === null) {
            const n = gas.reduce((s, f) => s + f.notifications.length, 0)
            throw refused('no_gas_organisation', `${n} gas notification${n === 1 ? '' : 's'} to send, but the database has no gas organisation id (the DXI A00 Organisation Id): set it with init --gas-org`)
          }
          const built = Outbox.build(planned.files, {
            firstFileId: counters.nextFileId,
            firstGeneration: counters.nextGeneration,
            now: options.now,
            ...(settings.gasOrganisationId === null ? {} : { gasOrganisationId: settings.gasOrganisationId }),
          })
          if (E.isLeft(built)) throw refused('build', built.left.join('; '))
          files = built.right.files.slice()
          const run = Database.startRun(db, 'notify', options.now, options.recordedAt ?? null)
          step('planned')

          // 3. stage (a name taken in `out` refuses the run: rolled back, nothing written)
          const runId = runIdOf(db, run)
          const index = new Map(files.map((f, i) => [f.name, i]))
          const r = StagedFiles.stage(out, runId, files.map((f) => ({ name: f.name, bytes: f.bytes })), {
            onStep: (_s, name) => step('staged-file', index.get(name ?? '')),
          })
          if (r._tag === 'Conflict') {
            throw refused('would_overwrite', `${r.existing.map((n) => path.join(options.out, n)).join(', ')}: already exist${r.existing.length === 1 ? 's' : ''}; notify never overwrites a file (nothing was written or recorded)`)
          }
          staged = r.run
          step('staged')

          // 4. record: committed when this function returns
          const s = statementsOf(c)
          const sent = Outbox.recordSent(state, files.flatMap((f) => f.notifications))
          WriteBack.writeDiff(s, sent.state)
          const insertFile = c.prepare('INSERT INTO file (run, name, kind, registry, number, records, bytes, sha256, dir, staging, placed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)')
          const insertNotification = c.prepare('INSERT INTO notification (mp, file, flag, eff) VALUES (?, ?, ?, ?)')
          for (const f of files) {
            const id = Number(insertFile.run(run, f.name, f.kind, f.registry, Number(f.fileId), f.recordCount, f.bytes.length, Digest.sha256(f.bytes), out, runId).lastInsertRowid)
            for (const n of f.notifications) insertNotification.run(Rows.keyOf(n.meterPoint), id, n.flag, Rows.dateToInt(n.effectiveFrom))
          }
          const next = { nextFileId: built.right.nextFileId, nextGeneration: built.right.nextGeneration }
          Settings.writeCounters(c, next)
          Database.finishRun(db, run, {
            files: files.length,
            notifications: files.reduce((n, f) => n + f.recordCount, 0),
            unroutable: planned.unroutable.length,
            held: due.held.length,
            ...next,
          })
          return { run, planned, due, next }
        }),
      () => {
        // a failure before the commit (a full disk…) rolled the run back: leave nothing of it
        if (staged !== null && staged.names.length > 0) StagedFiles.discard(staged)
        if (!existed && fs.existsSync(out) && fs.readdirSync(out).length === 0) fs.rmdirSync(out)
      },
    )
    step('committed')

    // 5. move into place, then mark placed (a kill in between: the next run finds them in place)
    if (files.length > 0 && staged !== null) {
      const run: StagedFiles.StagedRun = staged
      const index = new Map(files.map((f, i) => [f.name, i]))
      try {
        StagedFiles.finish({ ...run, committed: true }, { onStep: (s, name) => step(s === 'cleaned' ? 'cleaned' : 'moved-file', s === 'cleaned' ? undefined : index.get(name ?? '')) })
      } catch (e) {
        if (isSystemError(e) && e.code === 'EEXIST') {
          throw refused('conflict', `${e.message}: a file of that name appeared while notify ran; the committed files are kept in ${path.join(out, StagedFiles.STAGING, run.runId)} and the next notify moves them when the names are free`)
        }
        throw e
      }
      Database.write(db, () => db.connection.prepare('UPDATE file SET placed = 1 WHERE run = ?').run(result.run))
    }
    step('marked')
    return E.right({
      recovered,
      discarded,
      run: result.run,
      files: files.map((f) => ({ name: f.name, registry: f.registry, kind: f.kind, number: Number(f.fileId), records: f.recordCount })),
      unroutable: result.planned.unroutable,
      held: result.due.held,
      counters: result.next,
    })
  } catch (e) {
    if (isRefused(e)) return E.left(e)
    const d = DbError.is(e) ? e : (DbError.fromSqlite(e, db.file) ?? DbError.fromFs(e, options.out))
    if (d === null) throw e
    return E.left(d)
  }
}

/**
 * What a file the database sent contained, in file order (meter point id order); empty when no file
 * of that name was sent.
 *
 * @example
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * sentIn(db, 'DXI_0000000001.txt').map((n) => `${n.meterPoint} ${n.flag} ${n.effectiveFrom}`)
 * @since 0.2.0
 * @category readers
 */
export const sentIn = (db: Database.StateDb, name: string): ReadonlyArray<Outbox.Notification> => {
  const rows = db.connection
    .prepare('SELECT n.mp, n.flag, n.eff FROM notification n JOIN file f ON f.id = n.file WHERE f.name = ?')
    .raw(true)
    .all(name) as Array<[number, string, number]>
  const out = rows.map(([key, flag, eff]): Outbox.Notification => {
    const meterPoint = Rows.idOf(key)
    return { meterPoint, fuel: MeterPointId.fuelOf(meterPoint)!, flag: flag as Outbox.Notification['flag'], effectiveFrom: Rows.intToDate(eff)! }
  })
  return out.sort((a, b) => (a.meterPoint < b.meterPoint ? -1 : a.meterPoint > b.meterPoint ? 1 : 0))
}
