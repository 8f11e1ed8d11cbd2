/**
 * `respond`: applies the gas registry's E46 answers (docs/rules.md, the outbox) through the outbox's
 * `applyResponse`: an `AC` for the pair last sent confirms it, an `RJ` for it puts the meter point on
 * hold; a record for any other pair, or for a meter point the database does not know, is unmatched
 * and changes nothing.
 *
 * All the files of one call are applied in one transaction, or none: every file is decoded first,
 * and one that fails to decode refuses the whole call. A file is known by the SHA-256 of its bytes:
 * one applied before changes nothing and is reported as already applied. Every record of every file
 * is kept (`answer`), with what became of it, for `explain`.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import { Outbox, State, type Model } from 'dcc-service-flags'
import { Diagnostic, Dxr } from 'dcc-service-flags'
import * as Database from './Database'
import * as DbError from './DbError'
import * as Records from './Records'
import * as Rows from './Rows'
import * as Digest from './Digest'
import { statementsOf } from './Statements'
import * as WriteBack from './WriteBack'

/** A response file to apply: its name (for reports) and bytes. @since 0.2.0 @category model */
export interface Input {
  readonly name: string
  readonly bytes: Uint8Array
}

/** A file that does not decode, with its diagnostics. @since 0.2.0 @category model */
export interface Undecodable {
  readonly name: string
  readonly diagnostics: ReadonlyArray<Diagnostic.Diagnostic>
}

/** Why nothing was applied: files that do not decode. @since 0.2.0 @category model */
export interface Refused {
  readonly _tag: 'Refused'
  readonly files: ReadonlyArray<Undecodable>
}

/** One record of a response, as reported. @since 0.2.0 @category model */
export interface Line {
  readonly file: string
  /** 1-based position of the record in its file. */
  readonly record: number
  readonly meterPoint: string
  readonly outcome: Dxr.Outcome
  readonly flag: string
  readonly effectiveFrom: string
}

/** A record that changed nothing, and why. @since 0.2.0 @category model */
export interface Unmatched extends Line {
  readonly reason: 'unknown_meter_point' | 'not_last_sent'
  /** The pair last sent for the meter point (null when none, or unknown). */
  readonly lastSent: Model.Notified | null
}

/** One file's summary. @since 0.2.0 @category model */
export interface FileReport {
  readonly file: string
  readonly sha256: string
  readonly generation: string
  /** The A00 Organisation Id, reported, not checked. */
  readonly organisation: string
  readonly records: number
  readonly alreadyApplied: boolean
}

/** What a respond did. @since 0.2.0 @category model */
export interface Report {
  readonly run: number
  readonly files: ReadonlyArray<FileReport>
  readonly confirmed: ReadonlyArray<Line>
  readonly held: ReadonlyArray<Line & { readonly reason: string }>
  readonly unmatched: ReadonlyArray<Unmatched>
}

/** A respond problem. @since 0.2.0 @category model */
export type Problem = DbError.DbError | Refused

/**
 * Decodes every file; all of them, or the ones that fail.
 *
 * @example
 * decodeAll([{ name: 'e46.txt', bytes }])
 * @since 0.2.0
 * @category decoders
 */
export const decodeAll = (inputs: ReadonlyArray<Input>): E.Either<Refused, ReadonlyArray<Dxr.DxrFile>> => {
  const files: Dxr.DxrFile[] = []
  const bad: Undecodable[] = []
  for (const i of inputs) {
    const r = Dxr.decode(i.bytes)
    if (E.isLeft(r)) bad.push({ name: i.name, diagnostics: r.left })
    else files.push(r.right)
  }
  return bad.length > 0 ? E.left({ _tag: 'Refused', files: bad }) : E.right(files)
}

const lineOf = (file: string, index: number, r: Dxr.Record): Line => ({
  file,
  record: index + 1,
  meterPoint: r.mprn,
  outcome: r.outcome,
  flag: r.flag,
  effectiveFrom: r.effectiveFrom,
})

/**
 * Applies the response files (see the module notes).
 *
 * @example
 * import { either as E } from 'fp-ts'
 * import type { StateDb } from './Database'
 * declare const db: StateDb
 * const r = respond(db, [{ name: 'E46_17.txt', bytes }])
 * if (E.isRight(r)) console.log(r.right.held.length)
 * @since 0.2.0
 * @category commands
 */
export const respond = (db: Database.StateDb, inputs: ReadonlyArray<Input>, options: { readonly recordedAt?: string | null } = {}): E.Either<Problem, Report> => {
  const decoded = decodeAll(inputs)
  if (E.isLeft(decoded)) return decoded
  return DbError.guard(db.file, () =>
    Database.write(db, () => {
      const c = db.connection
      const s = statementsOf(c)
      const run = Database.startRun(db, 'respond', null, options.recordedAt ?? null)
      const known = c.prepare('SELECT 1 FROM response WHERE sha256 = ?').pluck(true)
      const insertResponse = c.prepare('INSERT INTO response (run, sha256, name, generation, organisation, records) VALUES (?, ?, ?, ?, ?, ?)')
      const insertAnswer = c.prepare('INSERT INTO answer (response, record, mp, mprn, outcome, flag, eff, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      const files: FileReport[] = []
      const confirmed: Line[] = []
      const held: Array<Line & { reason: string }> = []
      const unmatched: Unmatched[] = []
      decoded.right.forEach((file, i) => {
        const name = inputs[i]!.name
        const sha = Digest.sha256(inputs[i]!.bytes)
        const header = file.header
        const alreadyApplied = known.get(sha) !== undefined
        files.push({ file: name, sha256: sha, generation: header.generationNumber, organisation: header.organisationId, records: file.records.length, alreadyApplied })
        if (alreadyApplied) return
        const meterPoints: Model.MeterPointRecord[] = []
        const seen = new Set<number>()
        for (const r of file.records) {
          const key = Rows.keyOf(r.mprn)
          if (key < 0 || seen.has(key)) continue
          seen.add(key)
          const mp = Records.meterPointByKey(s, key)
          if (mp !== undefined) meterPoints.push(mp)
        }
        const state = State.fromRecords({ meterPoints, devices: [], eventIds: [] })
        const report = Outbox.applyResponse(state, file)
        WriteBack.writeDiff(s, report.state)
        const result = new Map<Dxr.Record, string>()
        for (const r of report.confirmed) result.set(r, 'confirmed')
        for (const r of report.held) result.set(r, 'held')
        for (const r of report.unknown) result.set(r, 'unknown_meter_point')
        for (const m of report.unmatched) result.set(m.record, 'not_last_sent')
        const responseId = Number(insertResponse.run(run, sha, name, header.generationNumber, header.organisationId, file.records.length).lastInsertRowid)
        file.records.forEach((r, j) => {
          const key = Rows.keyOf(r.mprn)
          const what = result.get(r) ?? 'not_last_sent'
          insertAnswer.run(responseId, j + 1, key < 0 ? null : key, r.mprn, r.outcome, r.flag, r.effectiveFrom, what)
          const line = lineOf(name, j, r)
          if (what === 'confirmed') confirmed.push(line)
          else if (what === 'held') held.push({ ...line, reason: Outbox.rejectionReason(header.generationNumber) })
          else {
            const mp = key < 0 ? undefined : State.meterPoint(state, r.mprn)
            unmatched.push({ ...line, reason: what as Unmatched['reason'], lastSent: mp?.notified ?? null })
          }
        })
      })
      Database.finishRun(db, run, {
        files: files.length,
        alreadyApplied: files.filter((f) => f.alreadyApplied).length,
        confirmed: confirmed.length,
        held: held.length,
        unmatched: unmatched.length,
      })
      return { run, files, confirmed, held, unmatched }
    }),
  )
}
