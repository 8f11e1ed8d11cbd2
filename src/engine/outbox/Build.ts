/**
 * The bytes of the planned files (docs/formats.md formats), numbered by two counters: D0350 File
 * Identifiers and DXI Generation Numbers.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import * as CalendarDate from '../../identifiers/CalendarDate'
import { D0350, Dxi } from '../../wire'
import type { Notification } from './Pending'
import type { FilePlan, OutgoingKind } from './Plan'

// -------------------------------------------------------------------------------------------------
// build
// -------------------------------------------------------------------------------------------------

/**
 * What {@link build} needs. Two counters (docs/rules.md section 6), each rising by one per file
 * without gaps: D0350 files are numbered in plan order from `firstFileId` (the File Identifier,
 * zero-padded to 10 digits: `0000000001`), DXI files from `firstGeneration` (the Generation
 * Number, bare: `2`).
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const o: Outbox.BuildOptions = { firstFileId: 1, firstGeneration: 1, now: '20211104120000', gasOrganisationId: '1234567890' }
 * @since 0.1.0
 * @category model
 */
export interface BuildOptions {
  /** The File Identifier of the first D0350 file: a positive integer. */
  readonly firstFileId: number
  /** The Generation Number of the first DXI file: a positive integer, needed only when a DXI is built. */
  readonly firstGeneration?: number
  /** Every timestamp written, `YYYYMMDDHHMMSS`: ZHV creation, ZPT completion, A00 creation date and time. */
  readonly now: string
  /** The A00 Organisation Id of DXI files (1–10 digits; **provisional**: whose id it is is not public). Needed only when a DXI is built. */
  readonly gasOrganisationId?: string
  /** ZHV From Participant Id; default `DCCO`. */
  readonly fromParticipant?: string
  /** ZHV Test Data Flag; default `OPER` (live); `TR01`… for tests. */
  readonly testDataFlag?: string
  /** The D0350 codec to write with (for a corrected layout, see `D0350.fromLayout`); default `D0350.codec`. */
  readonly d0350Codec?: D0350.D0350Codec
}

/**
 * A built file: its suggested name (see {@link fileName}), registry, kind, the identifier written
 * in it (D0350 File Identifier or DXI Generation Number), record count, bytes and the notifications
 * it carries (pass them to {@link recordSent} once the file is sent).
 *
 * @example
 * import { either as E } from 'fp-ts'
 * const r = build([], { firstFileId: 1, firstGeneration: 1, now: '20211104120000' })
 * const files: ReadonlyArray<BuiltFile> = E.isRight(r) ? r.right.files : []
 * @since 0.1.0
 * @category model
 */
export interface BuiltFile {
  readonly name: string
  readonly registry: string
  readonly kind: OutgoingKind
  readonly fileId: string
  readonly recordCount: number
  readonly bytes: Uint8Array
  readonly notifications: ReadonlyArray<Notification>
}

/**
 * What {@link build} returns: the files, and the numbers the next run should start from (the
 * first numbers given, when no file of that kind was built).
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * const built: Outbox.Built = { files: [], nextFileId: 7, nextGeneration: 3 }
 * @since 0.1.0
 * @category model
 */
export interface Built {
  readonly files: ReadonlyArray<BuiltFile>
  readonly nextFileId: number
  readonly nextGeneration: number
}

/**
 * The largest D0350 File Identifier a 10-digit field holds.
 *
 * @example
 * MAX_D0350_FILE_ID // 9999999999
 * @since 0.1.0
 * @category constants
 */
export const MAX_D0350_FILE_ID = 9_999_999_999

/**
 * The largest DXI Generation Number an N≤8 field holds.
 *
 * @example
 * MAX_DXI_GENERATION // 99999999
 * @since 0.1.0
 * @category constants
 */
export const MAX_DXI_GENERATION = 99_999_999

const PARTICIPANT = /^[A-Z0-9]{4}$/
const TEST_DATA_FLAG = /^[A-Z0-9]{1,4}$/
const ORGANISATION = /^[0-9]{1,10}$/

const pad10 = (n: number): string => String(n).padStart(10, '0')

/**
 * The suggested name of an outgoing file: `D0350_<MPAS>_<file id, 10 digits>.txt` or
 * `DXI_<generation number, zero-padded to 10 digits>.txt`, so that a folder listing sorts by kind,
 * registry and number. Only a suggestion: nothing in the files depends on it.
 *
 * @example
 * fileName('d0350', 'LOND', 1) // 'D0350_LOND_0000000001.txt'
 * fileName('dxi', 'UKLINK', 2) // 'DXI_0000000002.txt'
 * @since 0.1.0
 * @category outbox
 */
export const fileName = (kind: OutgoingKind, registry: string, number: number): string =>
  kind === 'd0350' ? `D0350_${registry}_${pad10(number)}.txt` : `DXI_${pad10(number)}.txt`

/**
 * Problems with build options and plans, one readable line each (empty when none).
 *
 * @example
 * buildProblems([], { firstFileId: 0, now: '20211304120000' }) // ['firstFileId must be a positive integer, got 0', 'now must be a real YYYYMMDDHHMMSS timestamp, got "20211304120000"']
 * @since 0.1.0
 * @category checks
 */
export const buildProblems = (plans: ReadonlyArray<FilePlan>, options: BuildOptions): ReadonlyArray<string> => {
  const out: string[] = []
  const first = options.firstFileId
  const firstOk = Number.isSafeInteger(first) && first >= 1
  if (!firstOk) out.push(`firstFileId must be a positive integer, got ${String(first)}`)
  const firstGeneration = options.firstGeneration
  const generationOk = firstGeneration !== undefined && Number.isSafeInteger(firstGeneration) && firstGeneration >= 1
  if (typeof options.now !== 'string' || !CalendarDate.isTimestamp(options.now)) {
    out.push(`now must be a real YYYYMMDDHHMMSS timestamp, got ${JSON.stringify(options.now)}`)
  }
  const from = options.fromParticipant ?? 'DCCO'
  if (!PARTICIPANT.test(from)) out.push(`fromParticipant must be four of A-Z, 0-9, got ${JSON.stringify(from)}`)
  const test = options.testDataFlag ?? 'OPER'
  if (!TEST_DATA_FLAG.test(test)) out.push(`testDataFlag must be one to four of A-Z, 0-9, got ${JSON.stringify(test)}`)
  let hasGas = false
  let d0350s = 0
  let dxis = 0
  plans.forEach((p, i) => {
    if (p.kind === 'dxi') {
      hasGas = true
      const number = (firstGeneration ?? 1) + dxis++
      if (generationOk && number > MAX_DXI_GENERATION) out.push(`file ${i + 1} (DXI) would get generation number ${number}, above ${MAX_DXI_GENERATION}`)
    } else {
      const number = first + d0350s++
      if (!PARTICIPANT.test(p.registry)) out.push(`file ${i + 1} (D0350) registry must be an MPAS participant id (four of A-Z, 0-9), got ${JSON.stringify(p.registry)}`)
      if (firstOk && number > MAX_D0350_FILE_ID) out.push(`file ${i + 1} (D0350) would get file id ${number}, above ${MAX_D0350_FILE_ID}`)
    }
  })
  if (hasGas && !generationOk) out.push(`firstGeneration must be a positive integer when a DXI file is built, got ${String(firstGeneration)}`)
  if (hasGas && (options.gasOrganisationId === undefined || !ORGANISATION.test(options.gasOrganisationId))) {
    out.push(`gasOrganisationId must be 1 to 10 digits when a DXI file is built, got ${JSON.stringify(options.gasOrganisationId)}`)
  }
  return out
}

/**
 * The bytes of each planned file (docs/formats.md formats; LF line ends, final newline), or the problems
 * with the options ({@link buildProblems}). Deterministic: the same plans and options give the same
 * bytes. D0350 files are numbered in plan order from `firstFileId`, DXI files from
 * `firstGeneration`; `now` is every timestamp written. Plans made by {@link plan} from a state's
 * notifications always give valid files.
 *
 * @example
 * import { Outbox, State } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * const state = State.empty
 * const r = Outbox.build(Outbox.plan(Outbox.pending(state).notifications).files, { firstFileId: 1, firstGeneration: 1, now: '20211104120000', gasOrganisationId: '1234567890' })
 * if (E.isRight(r)) for (const f of r.right.files) console.log(f.name, f.registry, f.recordCount)
 * @since 0.1.0
 * @category outbox
 */
export const build = (plans: ReadonlyArray<FilePlan>, options: BuildOptions): E.Either<ReadonlyArray<string>, Built> => {
  const bad = buildProblems(plans, options)
  if (bad.length > 0) return E.left(bad)
  const d0350 = options.d0350Codec ?? D0350.codec
  const now = options.now
  const files: BuiltFile[] = []
  let nextFileId = options.firstFileId
  let nextGeneration = options.firstGeneration ?? 1
  for (const p of plans) {
    const number = p.kind === 'd0350' ? nextFileId++ : nextGeneration++
    const ns = p.notifications
    let bytes: Uint8Array
    let fileId: string
    if (p.kind === 'd0350') {
      fileId = pad10(number)
      const records: D0350.D0350Record[] = new Array(ns.length)
      for (let i = 0; i < ns.length; i++) records[i] = { mpanCore: ns[i]!.meterPoint, flag: ns[i]!.flag, effectiveFrom: ns[i]!.effectiveFrom }
      const header: D0350.HeaderInput = {
        fileId,
        toParticipant: p.registry,
        createdAt: now,
        fromParticipant: options.fromParticipant ?? 'DCCO',
        testDataFlag: options.testDataFlag ?? 'OPER',
      }
      bytes = d0350.encode(d0350.make({ header, records, completedAt: now }))
    } else {
      fileId = String(number)
      const records: Dxi.Record[] = new Array(ns.length)
      for (let i = 0; i < ns.length; i++) records[i] = { mprn: ns[i]!.meterPoint, flag: ns[i]!.flag, effectiveFrom: ns[i]!.effectiveFrom }
      bytes = Dxi.encode(
        Dxi.make({
          header: { organisationId: options.gasOrganisationId!, creationDate: now.slice(0, 8), creationTime: now.slice(8, 14), generationNumber: fileId },
          records,
        }),
      )
    }
    files.push({ name: fileName(p.kind, p.registry, number), registry: p.registry, kind: p.kind, fileId, recordCount: ns.length, bytes, notifications: ns })
  }
  return E.right({ files, nextFileId, nextGeneration })
}
