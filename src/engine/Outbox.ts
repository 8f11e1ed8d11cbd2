/**
 * The outbox (docs/rules.md section 6): which flags the registries have not been told yet, the D0350
 * and DXI (E45) files that tell them, and what to record once those files are sent or answered.
 *
 * The cycle, all pure (no clock, no randomness, no I/O: file ids and timestamps come from the caller):
 * 1. {@link pending}: meter points whose current (flag, effective-from) differs from `notified`,
 *    flag not null, flag exportable under the fuel's MP077 switch, not on hold;
 * 2. {@link plan}: one file per MPAS (electricity) and one for the gas registry, split at
 *    `maxRecordsPerFile` when set; MPANs of unknown distributors reported as unroutable;
 * 3. {@link build}: the files' bytes, numbered from the caller's `firstFileId`;
 * 4. {@link recordSent}: `notified` set where the meter point still holds what was sent;
 * 5. {@link applyResponse}: E46 `AC` confirms, E46 `RJ` puts the meter point on hold until
 *    {@link release}.
 *
 * @since 0.1.0
 */
import { either as E } from 'fp-ts'
import * as CalendarDate from '../identifiers/CalendarDate'
import type { Flag } from '../identifiers/Flag'
import type * as MeterPointId from '../identifiers/MeterPointId'
import * as D0350 from '../wire/dtc/D0350'
import * as Dxi from '../wire/uklink/Dxi'
import type * as Dxr from '../wire/uklink/Dxr'
import * as Distributors from './Distributors'
import type { Hold, MeterPointRecord, Notified } from './Model'
import * as State from './State'

type Fuel = MeterPointId.Fuel

// -------------------------------------------------------------------------------------------------
// switches and exportable flags
// -------------------------------------------------------------------------------------------------

/**
 * The MP077 switch of each fuel: on, the registry takes `A`, `N` and `I`; off (before MP077), only `A`.
 *
 * @example
 * const beforeMp077: Switches = { electricity: false, gas: false }
 * @since 0.1.0
 * @category model
 */
export interface Switches {
  readonly electricity: boolean
  readonly gas: boolean
}

/**
 * Both switches on (the rules in force since 4 Nov 2021): the default.
 *
 * @example
 * allOn.gas // true
 * @since 0.1.0
 * @category constants
 */
export const allOn: Switches = Object.freeze({ electricity: true, gas: true })

/**
 * True when a flag of this fuel may be sent to its registry: `A`, `N`, `I` with the fuel's switch
 * on, only `A` with it off. The legacy `S` and `W` are never exported.
 *
 * @example
 * isExportable({ electricity: false, gas: true }, 'electricity', 'N') // false
 * isExportable(allOn, 'gas', 'I') // true
 * @since 0.1.0
 * @category refinements
 */
export const isExportable = (switches: Switches, fuel: Fuel, flag: Flag): boolean =>
  flag === 'A' || ((flag === 'N' || flag === 'I') && switches[fuel])

// -------------------------------------------------------------------------------------------------
// pending
// -------------------------------------------------------------------------------------------------

/**
 * One flag to tell a registry: the meter point, its fuel and the (flag, effective-from) pair.
 *
 * @example
 * const n: Notification = { meterPoint: '1200023305967' as MeterPointId.MeterPointId, fuel: 'electricity', flag: 'A', effectiveFrom: '20211104' as CalendarDate.CalendarDate }
 * @since 0.1.0
 * @category model
 */
export interface Notification {
  readonly meterPoint: MeterPointId.MeterPointId
  readonly fuel: Fuel
  readonly flag: Flag
  readonly effectiveFrom: CalendarDate.CalendarDate
}

/**
 * A pending notification, with what was last notified for the meter point (null when nothing was).
 *
 * @example
 * const p: PendingNotification = { ...n, previous: null }
 * @since 0.1.0
 * @category model
 */
export interface PendingNotification extends Notification {
  readonly previous: Notified | null
}

/**
 * A meter point on hold (after an E46 `RJ`): its current pair, the hold, and whether it would be
 * pending without the hold.
 *
 * @example
 * const h: HeldMeterPoint = { meterPoint: '3938424403' as any, fuel: 'gas', flag: 'A', effectiveFrom: '20211104' as any,
 *   hold: { flag: 'A', effectiveFrom: '20211104' as any, reason: 'E46 RJ' }, wouldBePending: true }
 * @since 0.1.0
 * @category model
 */
export interface HeldMeterPoint {
  readonly meterPoint: MeterPointId.MeterPointId
  readonly fuel: Fuel
  readonly flag: Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
  readonly hold: Hold
  readonly wouldBePending: boolean
}

/**
 * What {@link pending} found: the notifications to send, and every meter point on hold.
 *
 * @example
 * const { notifications, held } = pending(state)
 * @since 0.1.0
 * @category model
 */
export interface PendingReport {
  readonly notifications: ReadonlyArray<PendingNotification>
  readonly held: ReadonlyArray<HeldMeterPoint>
}

/**
 * The registry of the gas meter points: the gas RDP (Xoserve's UK Link). There is only one, so all
 * gas notifications share it.
 *
 * @example
 * GAS_REGISTRY // 'UKLINK'
 * @since 0.1.0
 * @category constants
 */
export const GAS_REGISTRY = 'UKLINK'

const sameNotified = (n: Notified | null, flag: Flag, effectiveFrom: CalendarDate.CalendarDate | null): boolean =>
  n !== null && n.flag === flag && n.effectiveFrom === effectiveFrom

const byMeterPoint = (a: { readonly meterPoint: string }, b: { readonly meterPoint: string }): number =>
  a.meterPoint < b.meterPoint ? -1 : a.meterPoint > b.meterPoint ? 1 : 0

const isSortedByMeterPoint = (xs: ReadonlyArray<{ readonly meterPoint: string }>): boolean => {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]!.meterPoint > xs[i]!.meterPoint) return false
  return true
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Collects items in the outbox's order: electricity first, by registry (MPAS id; unroutable MPANs
 * after every routable one), then gas; within each, meter point id order. Items arrive in meter
 * point id order (the state's), so bucketing keeps that order without a sort.
 */
class Ordered<T extends { readonly meterPoint: string; readonly fuel: Fuel }> {
  private readonly electricity = new Map<string, T[]>()
  private readonly unroutable: T[] = []
  private readonly gas: T[] = []
  constructor(private readonly routing: Distributors.Table) {}

  push(item: T): void {
    if (item.fuel === 'gas') {
      this.gas.push(item)
      return
    }
    const registry = Distributors.participantOf(this.routing, item.meterPoint)
    if (registry === null) {
      this.unroutable.push(item)
      return
    }
    const bucket = this.electricity.get(registry)
    if (bucket === undefined) this.electricity.set(registry, [item])
    else bucket.push(item)
  }

  result(): T[] {
    const out: T[] = []
    for (const registry of Array.from(this.electricity.keys()).sort(byId)) for (const x of this.electricity.get(registry)!) out.push(x)
    for (const x of this.unroutable) out.push(x)
    for (const x of this.gas) out.push(x)
    return out
  }
}

/**
 * What {@link isDue} reads of a meter point: a `MeterPointRecord` has it, and so has a database row.
 *
 * @since 0.2.0
 * @category model
 */
export type DueFields = Pick<MeterPointRecord, 'fuel' | 'flag' | 'effectiveFrom' | 'notified' | 'held'>

/**
 * The pending rule (docs/rules.md section 6), the one place it is written: a meter point is due for
 * notification when it is not on hold, its flag is not null, the flag is exportable for its fuel
 * under `switches`, and its (flag, effective-from) differs from what was last notified. Every path
 * that decides what to send ({@link pending}, a database's candidate rows) asks this.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * import type { CalendarDate } from 'dcc-service-flags'
 * const d = '20240301' as CalendarDate.CalendarDate
 * Outbox.isDue({ fuel: 'gas', flag: 'N', effectiveFrom: d, notified: null, held: null }, Outbox.allOn) // true
 * Outbox.isDue({ fuel: 'gas', flag: 'N', effectiveFrom: d, notified: null, held: null }, { electricity: true, gas: false }) // false
 * Outbox.isDue({ fuel: 'gas', flag: 'N', effectiveFrom: d, notified: { flag: 'N', effectiveFrom: d }, held: null }, Outbox.allOn) // false
 * @since 0.2.0
 * @category outbox
 */
export const isDue = (mp: DueFields, switches: Switches = allOn): boolean => mp.held === null && wouldBeDue(mp, switches)

/** {@link isDue} without the hold: what a held meter point would be. */
const wouldBeDue = (mp: DueFields, switches: Switches): boolean => {
  const flag = mp.flag
  return flag !== null && mp.effectiveFrom !== null && isExportable(switches, mp.fuel, flag) && !sameNotified(mp.notified, flag, mp.effectiveFrom)
}

/**
 * The notifications the registries still need (docs/rules.md section 6), and the meter points on hold.
 * A meter point is pending when {@link isDue} says so: its flag is not null, exportable for its
 * fuel under `switches`, its (flag, effective-from) differs from `notified`, and it is not on hold.
 * Consequences:
 * - a flag that went A→N→A between two runs and ended on the pair last notified is not pending;
 * - turning a fuel's switch on makes every `N`/`I` meter point of that fuel pending unless that
 *   very pair was notified before (the initial catch-up).
 *
 * A hold is on the meter point, whatever its pair: a held meter point is never pending; it is
 * listed in `held` (with `wouldBePending`) until {@link release}.
 *
 * Order (both lists): electricity, then gas; electricity by registry (the MPAS id from `routing`;
 * MPANs of unknown distributors after the rest), then meter point id. One pass over the state
 * (O(meter points)), no sort beyond the registry names.
 *
 * @example
 * const { notifications, held } = pending(state, { electricity: true, gas: false })
 * notifications.map((n) => `${n.meterPoint} ${n.flag} ${n.effectiveFrom}`)
 * @since 0.1.0
 * @category outbox
 */
export const pending = (
  state: State.State,
  switches: Switches = allOn,
  routing: Distributors.Table = Distributors.standard,
): PendingReport => {
  const notifications = new Ordered<PendingNotification>(routing)
  const held = new Ordered<HeldMeterPoint>(routing)
  for (const mp of State.meterPoints(state)) {
    if (mp.held !== null) {
      held.push({ meterPoint: mp.id, fuel: mp.fuel, flag: mp.flag, effectiveFrom: mp.effectiveFrom, hold: mp.held, wouldBePending: wouldBeDue(mp, switches) })
    } else if (isDue(mp, switches)) {
      notifications.push({ meterPoint: mp.id, fuel: mp.fuel, flag: mp.flag!, effectiveFrom: mp.effectiveFrom!, previous: mp.notified })
    }
  }
  return { notifications: notifications.result(), held: held.result() }
}

// -------------------------------------------------------------------------------------------------
// plan
// -------------------------------------------------------------------------------------------------

/**
 * The kind of an outgoing file: D0350 to an MPAS, DXI (E45 records) to the gas registry.
 *
 * @example
 * const k: OutgoingKind = 'dxi'
 * @since 0.1.0
 * @category model
 */
export type OutgoingKind = 'd0350' | 'dxi'

/**
 * One file to build: its kind, its registry (an MPAS participant id, or {@link GAS_REGISTRY}) and
 * its notifications in meter point id order.
 *
 * @example
 * const f: FilePlan = { kind: 'd0350', registry: 'LOND', notifications: [n] }
 * @since 0.1.0
 * @category model
 */
export interface FilePlan {
  readonly kind: OutgoingKind
  readonly registry: string
  readonly notifications: ReadonlyArray<Notification>
}

/**
 * What {@link plan} returns: the files, and the MPANs no table entry routes (never dropped).
 *
 * @example
 * const { files, unroutable } = plan(pending(state).notifications)
 * @since 0.1.0
 * @category model
 */
export interface Plan {
  readonly files: ReadonlyArray<FilePlan>
  readonly unroutable: ReadonlyArray<Notification>
}

/**
 * How to plan: the routing table (default {@link Distributors.standard}) and the largest number of
 * records a file may hold (default none: the MRA confirmed there is no cap).
 *
 * @example
 * const o: PlanOptions = { routing: Distributors.extend(Distributors.standard, { '24': 'IPNL' }), maxRecordsPerFile: 20000 }
 * @since 0.1.0
 * @category model
 */
export interface PlanOptions {
  readonly routing?: Distributors.Table
  readonly maxRecordsPerFile?: number
}

const chunks = <A>(xs: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  if (xs.length <= size) return [xs]
  const out: A[][] = []
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size))
  return out
}

const sortedByMeterPoint = <A extends { readonly meterPoint: string }>(xs: A[]): A[] =>
  isSortedByMeterPoint(xs) ? xs : xs.sort(byMeterPoint)

/**
 * Groups notifications into files: one D0350 per MPAS (files in MPAS id order), then the DXI for
 * the gas registry; each split into consecutive chunks of at most `maxRecordsPerFile` records when
 * set. Within a file, meter point id order. Every notification ends up in exactly one file or in
 * `unroutable` (in input multiplicity: duplicates in the input are kept). No empty files.
 * A `maxRecordsPerFile` that is not a positive integer is a programmer error and throws.
 *
 * @example
 * const { files, unroutable } = plan(pending(state).notifications, { maxRecordsPerFile: 20000 })
 * files.map((f) => `${f.kind} ${f.registry} ${f.notifications.length}`) // ['d0350 LOND 2', 'dxi UKLINK 1']
 * @since 0.1.0
 * @category outbox
 */
export const plan = (notifications: ReadonlyArray<Notification>, options: PlanOptions = {}): Plan => {
  const max = options.maxRecordsPerFile ?? Number.POSITIVE_INFINITY
  if (max !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(max) && max >= 1)) {
    throw new RangeError(`Outbox.plan: maxRecordsPerFile must be a positive integer, got ${String(options.maxRecordsPerFile)}`)
  }
  const routing = options.routing ?? Distributors.standard
  const electricity = new Map<string, Notification[]>()
  const gas: Notification[] = []
  const unroutable: Notification[] = []
  for (let i = 0; i < notifications.length; i++) {
    const n = notifications[i]!
    if (n.fuel === 'gas') {
      gas.push(n)
      continue
    }
    const registry = Distributors.participantOf(routing, n.meterPoint)
    if (registry === null) {
      unroutable.push(n)
      continue
    }
    const bucket = electricity.get(registry)
    if (bucket === undefined) electricity.set(registry, [n])
    else bucket.push(n)
  }
  const files: FilePlan[] = []
  for (const registry of Array.from(electricity.keys()).sort(byId)) {
    for (const c of chunks(sortedByMeterPoint(electricity.get(registry)!), max)) files.push({ kind: 'd0350', registry, notifications: c })
  }
  if (gas.length > 0) for (const c of chunks(sortedByMeterPoint(gas), max)) files.push({ kind: 'dxi', registry: GAS_REGISTRY, notifications: c })
  return { files, unroutable: sortedByMeterPoint(unroutable) }
}

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
 * const f: BuiltFile = build(p.files, options).right.files[0]
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

// -------------------------------------------------------------------------------------------------
// recording what was sent, and the gas registry's answers
// -------------------------------------------------------------------------------------------------

/**
 * The current (flag, effective-from) of a meter point, as reports show it.
 *
 * @example
 * const c: Current = { flag: 'N', effectiveFrom: '20211201' as CalendarDate.CalendarDate }
 * @since 0.1.0
 * @category model
 */
export interface Current {
  readonly flag: Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
}

/**
 * A sent notification that was not recorded: its meter point is unknown to the state, or no
 * longer holds the pair that was sent (it changed after the plan; it stays pending).
 *
 * @example
 * const s: StaleNotification = { notification: n, reason: 'changed', current: { flag: 'N', effectiveFrom: '20211201' as any } }
 * @since 0.1.0
 * @category model
 */
export interface StaleNotification {
  readonly notification: Notification
  readonly reason: 'changed' | 'unknown_meter_point'
  readonly current: Current | null
}

/**
 * What {@link recordSent} returns: the new state, how many notifications were recorded, and those
 * that were not.
 *
 * @example
 * const { state: next, recorded, stale } = recordSent(state, sent)
 * @since 0.1.0
 * @category model
 */
export interface Recorded {
  readonly state: State.State
  readonly recorded: number
  readonly stale: ReadonlyArray<StaleNotification>
}

/** Reads through the records changed so far in this call, then the state. */
const overlayReader = (state: State.State, changed: Map<string, MeterPointRecord>) => (id: string): MeterPointRecord | undefined =>
  changed.get(id) ?? State.meterPoint(state, id)

const withNotified = (mp: MeterPointRecord, notified: Notified | null): MeterPointRecord => withHeld(mp, mp.held, notified)

const withHeld = (mp: MeterPointRecord, held: Hold | null, notified: Notified | null): MeterPointRecord => ({
  id: mp.id,
  fuel: mp.fuel,
  flag: mp.flag,
  effectiveFrom: mp.effectiveFrom,
  meters: mp.meters,
  notified,
  held,
})

const holdsPair = (mp: MeterPointRecord, flag: string, effectiveFrom: string): boolean => mp.flag === flag && mp.effectiveFrom === effectiveFrom

/**
 * Records that the notifications were sent: `notified` becomes the sent pair only where the meter
 * point still holds that pair (its flag and effective-from unchanged since the plan); the others
 * are reported as stale and stay pending. Idempotent: recording twice gives the same state as
 * once. Holds are left as they are. The input state is not changed. After recording a large
 * batch (a catch-up), `State.compact` the result: it keeps later full scans, like {@link pending}, fast.
 *
 * @example
 * const r = recordSent(state, built.files.flatMap((f) => f.notifications))
 * pending(r.state).notifications.length // 0, unless something changed since the plan
 * @since 0.1.0
 * @category outbox
 */
export const recordSent = (state: State.State, sent: Iterable<Notification>): Recorded => {
  // Reads go to the input state: recording changes only `notified`, which decides nothing here
  // but whether to write, so a meter point sent twice is written twice with the same record.
  const changed: MeterPointRecord[] = []
  const stale: StaleNotification[] = []
  let recorded = 0
  for (const n of sent) {
    const mp = State.meterPoint(state, n.meterPoint)
    if (mp === undefined) {
      stale.push({ notification: n, reason: 'unknown_meter_point', current: null })
      continue
    }
    if (!holdsPair(mp, n.flag, n.effectiveFrom)) {
      stale.push({ notification: n, reason: 'changed', current: { flag: mp.flag, effectiveFrom: mp.effectiveFrom } })
      continue
    }
    recorded++
    if (!sameNotified(mp.notified, n.flag, n.effectiveFrom)) {
      changed.push(withNotified(mp, { flag: n.flag, effectiveFrom: n.effectiveFrom }))
    }
  }
  return { state: changed.length === 0 ? state : State.withMeterPoints(state, changed), recorded, stale }
}

/**
 * An E46 record that did not apply: its (flag, effective-from) is not the pair last sent for the
 * meter point (`notified`, shown here; null when nothing was recorded as sent). It changes nothing.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * import type { CalendarDate } from 'dcc-service-flags'
 * const u: Outbox.UnmatchedResponse = { record: { outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }, notified: { flag: 'N', effectiveFrom: '20211201' as CalendarDate.CalendarDate } }
 * @since 0.2.0
 * @category model
 */
export interface UnmatchedResponse {
  readonly record: Dxr.Record
  readonly notified: Notified | null
}

/**
 * What {@link applyResponse} returns: the new state and where each E46 record went. Every record
 * of the response is in exactly one list.
 *
 * @example
 * import { Outbox, State } from 'dcc-service-flags'
 * const report: Outbox.ResponseReport = Outbox.applyResponse(State.empty, { header: { generationNumber: '1' }, records: [] })
 * @since 0.1.0
 * @category model
 */
export interface ResponseReport {
  readonly state: State.State
  /** `AC` records for the pair last sent: the registry took it; nothing changes. */
  readonly confirmed: ReadonlyArray<Dxr.Record>
  /** `RJ` records for the pair last sent: the meter point is on hold now. */
  readonly held: ReadonlyArray<Dxr.Record>
  /** Records for a meter point the state does not know (or that is not gas). */
  readonly unknown: ReadonlyArray<Dxr.Record>
  /** Records whose pair is not the one last sent: nothing changed. */
  readonly unmatched: ReadonlyArray<UnmatchedResponse>
}

/**
 * The `reason` a hold records for an E46 `RJ`, naming the response file by its Generation Number.
 *
 * @example
 * import { Outbox } from 'dcc-service-flags'
 * Outbox.rejectionReason('17') // 'E46 RJ (response generation 17)'
 * @since 0.1.0
 * @category outbox
 */
export const rejectionReason = (generationNumber: string): string => `E46 RJ (response generation ${generationNumber})`

/**
 * Applies the gas registry's E46 response, record by record in file order. Each record is matched
 * against the pair last sent for its meter point (`notified`, set by {@link recordSent}; docs/contract.md
 * `respond`), not against the meter point's current pair, which may have moved on since:
 * - `AC` for the pair last sent confirms it (reported; nothing to change);
 * - `RJ` for the pair last sent puts the meter point on hold ({@link rejectionReason}): it is
 *   reported by {@link pending} and not sent again until {@link release};
 * - a record for an unknown (or non-gas) meter point, or for any other pair, changes nothing and is
 *   reported (`unknown`, `unmatched`).
 * An `AC` does not lift a hold (only {@link release} does). Applying the same response twice
 * changes nothing the second time. The input state is not changed.
 *
 * @example
 * import { Dxr, Outbox, State } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * const bytes = new Uint8Array(0)
 * const response = Dxr.decode(bytes)
 * if (E.isRight(response)) {
 *   const { state: next, held, unmatched } = Outbox.applyResponse(State.empty, response.right)
 * }
 * @since 0.1.0
 * @category outbox
 */
export const applyResponse = (
  state: State.State,
  response: { readonly header: { readonly generationNumber: string }; readonly records: ReadonlyArray<Dxr.Record> },
): ResponseReport => {
  const changed = new Map<string, MeterPointRecord>()
  const read = overlayReader(state, changed)
  const confirmed: Dxr.Record[] = []
  const held: Dxr.Record[] = []
  const unknown: Dxr.Record[] = []
  const unmatched: UnmatchedResponse[] = []
  const reason = rejectionReason(response.header.generationNumber)
  for (const r of response.records) {
    const mp = read(r.mprn)
    if (mp === undefined || mp.fuel !== 'gas') {
      unknown.push(r)
      continue
    }
    const sent = mp.notified
    if (sent === null || sent.flag !== r.flag || sent.effectiveFrom !== r.effectiveFrom) {
      unmatched.push({ record: r, notified: sent })
      continue
    }
    if (r.outcome === 'AC') {
      confirmed.push(r)
    } else {
      held.push(r)
      const h = mp.held
      if (h === null || h.flag !== sent.flag || h.effectiveFrom !== sent.effectiveFrom) {
        changed.set(mp.id, withHeld(mp, { flag: sent.flag, effectiveFrom: sent.effectiveFrom, reason }, mp.notified))
      }
    }
  }
  return { state: changed.size === 0 ? state : State.withMeterPoints(state, changed.values()), confirmed, held, unknown, unmatched }
}

/**
 * What {@link release} returns: the new state, the meter points released, and the ids given that
 * were not on hold (or not known).
 *
 * @example
 * const { state: next, released, notHeld } = release(state, ['3938424403'])
 * @since 0.1.0
 * @category model
 */
export interface Released {
  readonly state: State.State
  readonly released: ReadonlyArray<string>
  readonly notHeld: ReadonlyArray<string>
}

/**
 * Lifts the hold of each given meter point. If `notified` is the very pair the registry rejected
 * (it was recorded as sent), it is cleared, so that pair is pending again: a released meter point
 * is sent again unless its pair is not exportable. The input state is not changed.
 *
 * @example
 * const { state: next } = release(state, ['3938424403'])
 * pending(next).notifications.some((n) => n.meterPoint === '3938424403') // true
 * @since 0.1.0
 * @category outbox
 */
export const release = (state: State.State, meterPoints: Iterable<string>): Released => {
  const changed = new Map<string, MeterPointRecord>()
  const read = overlayReader(state, changed)
  const released: string[] = []
  const notHeld: string[] = []
  for (const id of meterPoints) {
    const mp = read(id)
    if (mp === undefined || mp.held === null) {
      notHeld.push(id)
      continue
    }
    released.push(id)
    const h = mp.held
    changed.set(mp.id, withHeld(mp, null, sameNotified(mp.notified, h.flag, h.effectiveFrom) ? null : mp.notified))
  }
  return { state: changed.size === 0 ? state : State.withMeterPoints(state, changed.values()), released, notHeld }
}
