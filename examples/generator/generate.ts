/**
 * A seeded, deterministic generator of realistic sample data in the JSON shapes of docs/contract.md: an
 * inventory snapshot (meter points with their flags, devices with their statuses and links) and a
 * period of transitions (NDJSON events) in time order, with a few bad events planted on purpose.
 *
 * The snapshot is a set of homes. Each home has an electricity MPAN (a few twin-element homes have two)
 * and usually a gas MPRN; about 60% of homes have a smart metering system (CHF, ESME, usually GSME and
 * GPF, often an IHD), a few had one and lost it (flag `N`), the rest never had one (flag null). Every
 * flag in the snapshot is the one the `mp077` policy derives from the meters linked to it, so a
 * reconciliation of the snapshot against itself finds nothing.
 *
 * The events are scenarios started on random homes (new installs, install-and-leave, meter exchanges
 * both ways round, removals, clean-ups, suspensions, recoveries, withdrawals, hub exchanges, PPMID
 * joins), each a valid sequence given the state the home is in when it starts; a home runs one scenario
 * at a time. Bad events (about 0.5%) are listed in `planted` with the rejection code they should get.
 *
 * Everything is a function of the options: no clock, no `Math.random`. Homes are derived one by one
 * from `(seed, home index)`, so the inventory can be written in passes without holding it, and the
 * event state is kept in typed arrays (about 50 bytes a home).
 *
 * @since 0.1.0
 */
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import { civilFromDays, daysFromCivil, daysInMonth } from '../../src/identifiers/CalendarDate'
import * as Instant from '../../src/identifiers/Instant'
import * as Random from './Random'

// ---------------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------------

/** Device types and SMI statuses: the engine's own (`src/engine/Model.ts`). @since 0.1.0 @category model */
export type { DeviceType, DeviceStatus } from '../../src/engine/Model'
import type { DeviceType, DeviceStatus } from '../../src/engine/Model'

/** A flag and its effective-from date, as notified. @since 0.1.0 @category model */
export interface FlagAndDate {
  readonly flag: 'A' | 'I' | 'N'
  readonly effectiveFrom: string
}

/** A meter point of the inventory (docs/contract.md). @since 0.1.0 @category model */
export interface MeterPointRecord {
  readonly id: string
  readonly flag: 'A' | 'I' | 'N' | null
  readonly effectiveFrom?: string
  readonly notified?: FlagAndDate | null
}

/** A device of the inventory (docs/contract.md); IHD and CAD have no status. @since 0.1.0 @category model */
export interface DeviceRecord {
  readonly id: string
  readonly type: DeviceType
  readonly status?: DeviceStatus
  readonly meterPoints: ReadonlyArray<string>
}

/** The inventory snapshot (docs/contract.md). @since 0.1.0 @category model */
export interface Inventory {
  readonly meterPoints: ReadonlyArray<MeterPointRecord>
  readonly devices: ReadonlyArray<DeviceRecord>
}

/** One transition (docs/contract.md NDJSON events). Planted bad events use the same shape. @since 0.1.0 @category model */
export type SampleEvent =
  | {
      readonly eventId: string
      readonly at: string
      readonly type: 'DeviceRegistered'
      readonly deviceId: string
      readonly deviceType: DeviceType
      readonly status?: DeviceStatus
      readonly srv?: string
    }
  | {
      readonly eventId: string
      readonly at: string
      readonly type: 'StatusChanged'
      readonly deviceId: string
      readonly status: DeviceStatus
      readonly srv?: string
    }
  | {
      readonly eventId: string
      readonly at: string
      readonly type: 'MeterPointLinked' | 'MeterPointUnlinked'
      readonly deviceId: string
      readonly meterPoint: string
      readonly srv?: string
    }
  | { readonly eventId: string; readonly at: string; readonly type: 'DeviceDeleted'; readonly deviceId: string; readonly srv?: string }

/** A planted line that is not JSON at all: written to NDJSON as `text`, as is. @since 0.1.0 @category model */
export interface MalformedLine {
  readonly malformed: string
}

/** One line of the events file. @since 0.1.0 @category model */
export type SampleLine = SampleEvent | MalformedLine

/** The kinds of bad event planted on purpose. @since 0.1.0 @category model */
export type BadKind =
  | 'unknown_device'
  | 'duplicate_event'
  | 'forbidden_status_change'
  | 'wrong_fuel_link'
  | 'too_many_links'
  | 'malformed_line'
  | 'bad_check_digit'
  | 'missing_offset'

/** Every planted kind, in a fixed order. @since 0.1.0 @category constants */
export const badKinds: ReadonlyArray<BadKind> = [
  'unknown_device',
  'duplicate_event',
  'forbidden_status_change',
  'wrong_fuel_link',
  'too_many_links',
  'malformed_line',
  'bad_check_digit',
  'missing_offset',
]

/**
 * The rejection code (docs/contract.md) each planted kind should get from the reducer. A malformed MPAN and a
 * missing offset are malformed fields, hence `invalid_event` (provisional: the reducer's reading).
 *
 * @example
 * expectedCode.duplicate_event // 'duplicate_event'
 * @since 0.1.0
 * @category constants
 */
export const expectedCode: Readonly<Record<BadKind, string>> = {
  unknown_device: 'unknown_device',
  duplicate_event: 'duplicate_event',
  forbidden_status_change: 'forbidden_status_change',
  wrong_fuel_link: 'wrong_fuel_link',
  too_many_links: 'too_many_links',
  malformed_line: 'invalid_event',
  bad_check_digit: 'invalid_event',
  missing_offset: 'invalid_event',
}

/** Where a bad event was planted: 1-based line of the events file, its event id (null for the malformed line). @since 0.1.0 @category model */
export interface Planted {
  readonly kind: BadKind
  readonly line: number
  readonly eventId: string | null
  readonly expectedCode: string
}

/** The scenarios the event stream is made of. @since 0.1.0 @category model */
export type ScenarioKind =
  | 'newInstall'
  | 'installAndLeave'
  | 'commissionLeftover'
  | 'exchangeDecommissionFirst'
  | 'exchangeCommissionFirst'
  | 'removal'
  | 'cleanup'
  | 'suspension'
  | 'recovery'
  | 'withdrawal'
  | 'hubExchange'
  | 'ppmidJoin'

/** @since 0.1.0 @category model */
export interface Options {
  /** Seed of every random draw. */
  readonly seed: Random.Seed
  /** About how many meter points the inventory holds (both fuels). */
  readonly meterPoints: number
  /** First day of the events, `YYYY-MM-DD` (days run from 00:00 UTC). */
  readonly startDate: string
  /** How many days of events. */
  readonly days: number
  /** Share of electricity among meter points. Default 0.55. */
  readonly electricityShare?: number
  /** Share of homes with a twin-element meter (two MPANs). Default 0.015. */
  readonly twinElementShare?: number
  /** Share of homes with a smart metering system in the snapshot. Default 0.62, or what `devicesPerHome` implies. */
  readonly smartShare?: number
  /** Average devices per home wanted in the snapshot; sets `smartShare` (when that is not given). */
  readonly devicesPerHome?: number
  /** Of smart homes with gas, the share whose gas is smart too. Default 0.85. */
  readonly smartGasShare?: number
  /** Share of meter points of each fuel that lost their smart meter before the snapshot (flag `N`). Default 0.04. */
  readonly formerSmartShare?: number
  /** Of smart homes, the share with an IHD (also the chance that a new install leaves one). Default 0.9. */
  readonly ihdShare?: number
  /** Of smart homes, the share with a PPMID. Default 0.08. */
  readonly ppmidShare?: number
  /** Of smart homes, the share with a CAD. Default 0.03. */
  readonly cadShare?: number
  /** Of smart homes, the share with an HCALCS. Default 0.005. */
  readonly hcalcsShare?: number
  /** Of snapshot meter points with a flag, the share whose `notified` lags the flag (pending). Default 0.05. */
  readonly pendingShare?: number
  /** Scenarios started per home per day. Default 0.006. */
  readonly dailyActivity?: number
  /** Share of bad events among all lines. Default 0.005. */
  readonly badEventRate?: number
  /** Relative weights of the scenarios. */
  readonly scenarioWeights?: Partial<Readonly<Record<ScenarioKind, number>>>
}

/** Options with every default filled in (what a data set records to be regenerated). @since 0.1.0 @category model */
export interface ResolvedOptions extends Required<Omit<Options, 'scenarioWeights' | 'devicesPerHome'>> {
  readonly scenarioWeights: Readonly<Record<ScenarioKind, number>>
}

/** Counts describing a generated sample. @since 0.1.0 @category model */
export interface Summary {
  readonly homes: number
  readonly meterPoints: number
  readonly electricity: number
  readonly gas: number
  readonly flags: Readonly<Record<'A' | 'I' | 'N' | 'null', number>>
  readonly devices: number
  readonly devicesByType: Readonly<Partial<Record<DeviceType, number>>>
  readonly lines: number
  readonly eventsByType: Readonly<Record<string, number>>
  readonly scenarios: Readonly<Partial<Record<ScenarioKind, number>>>
  readonly planted: Readonly<Partial<Record<BadKind, number>>>
}

/** A generated sample held in memory. @since 0.1.0 @category model */
export interface Sample {
  readonly options: ResolvedOptions
  readonly inventory: Inventory
  readonly events: ReadonlyArray<SampleLine>
  readonly planted: ReadonlyArray<Planted>
  readonly summary: Summary
}

// ---------------------------------------------------------------------------------------------------
// constants
// ---------------------------------------------------------------------------------------------------

/** Default scenario weights. @since 0.1.0 @category constants */
export const defaultScenarioWeights: Readonly<Record<ScenarioKind, number>> = {
  newInstall: 30,
  installAndLeave: 6,
  commissionLeftover: 8,
  exchangeDecommissionFirst: 7,
  exchangeCommissionFirst: 7,
  removal: 2,
  cleanup: 3,
  suspension: 5,
  recovery: 2,
  withdrawal: 1,
  hubExchange: 2,
  ppmidJoin: 3,
}

/**
 * Resolves the defaults of a set of options.
 *
 * @example
 * resolve({ seed: 1, meterPoints: 100, startDate: '2024-03-01', days: 31 }).electricityShare // 0.55
 * @since 0.1.0
 * @category constructors
 */
export const resolve = (o: Options): ResolvedOptions => {
  const r0: ResolvedOptions = {
    seed: o.seed,
    meterPoints: o.meterPoints,
    startDate: o.startDate,
    days: o.days,
    electricityShare: o.electricityShare ?? 0.55,
    twinElementShare: o.twinElementShare ?? 0.015,
    smartShare: o.smartShare ?? 0.62,
    smartGasShare: o.smartGasShare ?? 0.85,
    formerSmartShare: o.formerSmartShare ?? 0.04,
    ihdShare: o.ihdShare ?? 0.9,
    ppmidShare: o.ppmidShare ?? 0.08,
    cadShare: o.cadShare ?? 0.03,
    hcalcsShare: o.hcalcsShare ?? 0.005,
    pendingShare: o.pendingShare ?? 0.05,
    dailyActivity: o.dailyActivity ?? 0.006,
    badEventRate: o.badEventRate ?? 0.005,
    scenarioWeights: { ...defaultScenarioWeights, ...o.scenarioWeights },
  }
  const r = o.devicesPerHome === undefined || o.smartShare !== undefined ? r0 : { ...r0, smartShare: smartShareFor(r0, o.devicesPerHome) }
  if (!Number.isInteger(r.meterPoints) || r.meterPoints < 2) throw new RangeError(`generate: meterPoints must be an integer ≥ 2, got ${r.meterPoints}`)
  if (!Number.isInteger(r.days) || r.days < 1) throw new RangeError(`generate: days must be an integer ≥ 1, got ${r.days}`)
  if (parseIsoDate(r.startDate) === null) throw new RangeError(`generate: startDate must be YYYY-MM-DD, got ${JSON.stringify(r.startDate)}`)
  if (!(r.electricityShare > 0.3 && r.electricityShare <= 1)) throw new RangeError(`generate: electricityShare must be in (0.3, 1]`)
  if (!(r.badEventRate >= 0 && r.badEventRate < 0.5)) throw new RangeError(`generate: badEventRate must be in [0, 0.5)`)
  return r
}

// Expected devices of a smart home, and of any home from old meters left in the inventory, give the
// smart share that makes `devicesPerHome` on average (clamped to [0, 0.95]).
const smartShareFor = (o: ResolvedOptions, devicesPerHome: number): number => {
  const gas = gasShareOf(o)
  const perSmartHome = 2 + gas * o.smartGasShare * 2 + o.ihdShare + o.ppmidShare + o.cadShare + o.hcalcsShare
  const oldMeters = o.formerSmartShare * 0.3 * (1 + gas)
  return Math.min(0.95, Math.max(0, (devicesPerHome - oldMeters) / perSmartHome))
}

// Per home: 1 MPAN (+ twin share), gas with probability g; electricity share s = (1 + t) / (1 + t + g).
const gasShareOf = (o: Pick<ResolvedOptions, 'twinElementShare' | 'electricityShare'>): number =>
  Math.min(1, ((1 + o.twinElementShare) * (1 - o.electricityShare)) / o.electricityShare)

// Distributor ids 10–23 weighted by their approximate number of customers (millions).
const DISTRIBUTORS = Random.weighted<number>([
  [10, 3.6], [11, 2.6], [12, 2.3], [13, 1.5], [14, 2.5], [15, 1.6], [16, 2.4],
  [17, 0.8], [18, 2.0], [19, 2.3], [20, 3.0], [21, 1.1], [22, 1.6], [23, 2.3],
])

// Status codes kept in typed arrays.
const NONE = 0, PENDING = 1, WHITELISTED = 2, INC = 3, COMMISSIONED = 4, SUSPENDED = 5, RECOVERY = 6, RECOVERED = 7, WITHDRAWN = 8, DECOMMISSIONED = 9
const STATUS: ReadonlyArray<DeviceStatus> = [
  'Pending', 'Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned',
  'Suspended', 'Recovery', 'Recovered', 'Withdrawn', 'Decommissioned',
]
const inService = (s: number): boolean => s === COMMISSIONED || s === SUSPENDED || s === RECOVERY || s === RECOVERED

const ESME_STATUS = Random.weighted<number>([[COMMISSIONED, 0.9], [INC, 0.06], [SUSPENDED, 0.02], [RECOVERED, 0.01], [RECOVERY, 0.003], [WITHDRAWN, 0.007]])
const GSME_STATUS = Random.weighted<number>([[COMMISSIONED, 0.8], [INC, 0.16], [SUSPENDED, 0.02], [RECOVERED, 0.01], [WITHDRAWN, 0.01]])

// Device number slots of a snapshot home: device number = home × SLOTS + slot.
const CHF = 0, ESME = 1, GSME = 2, GPF = 3, IHD = 4, PPMID = 5, CAD = 6, HCALCS = 7, OLD_ESME = 8, OLD_GSME = 9
const SLOTS = 10

const MP077_DAY = daysFromCivil(2021, 11, 4)
const FIRST_A_DAY = daysFromCivil(2017, 6, 1)
const DAY = 86400, HOUR = 3600, MINUTE = 60

// ---------------------------------------------------------------------------------------------------
// identifiers and times
// ---------------------------------------------------------------------------------------------------

const parseIsoDate = (s: string): number | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return null
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null
  return daysFromCivil(y, mo, d)
}

const HEX: ReadonlyArray<string> = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16).toUpperCase())

const isBst = Instant.isBritishSummerTime

const two = (n: number): string => (n < 10 ? '0' : '') + String(n)

interface Ctx {
  readonly o: ResolvedOptions
  readonly seed: number
  readonly homes: number
  readonly gasShare: number
  readonly startDay: number
  readonly startSecs: number
  readonly endSecs: number
  readonly keys: ReadonlyArray<number>
}

const context = (o: ResolvedOptions): Ctx => {
  const seed = Random.seedNumber(o.seed)
  const gasShare = gasShareOf(o)
  const homes = Math.max(1, Math.round(o.meterPoints / (1 + o.twinElementShare + gasShare)))
  if (homes > 40_000_000) throw new RangeError('generate: at most about 70 million meter points')
  const startDay = parseIsoDate(o.startDate)!
  const kr = Random.derive(seed, 'device-ids')
  return {
    o, seed, homes, gasShare, startDay,
    startSecs: startDay * DAY,
    endSecs: (startDay + o.days) * DAY,
    keys: [kr.next(), kr.next(), kr.next(), kr.next()],
  }
}

// MPAN bodies: an affine bijection of the index onto 10 digits (multiplier coprime to 10), so every
// MPAN core is distinct and looks random. Multiplication split in two to stay below 2^53.
const MPAN_MUL_HI = 82934, MPAN_MUL_LO = 89513, MPAN_ADD = 4_728_301_967
const mpanBody = (index: number): string => {
  const hi = (index * MPAN_MUL_HI) % 1e10
  const v = ((hi * 1e5) % 1e10 + index * MPAN_MUL_LO + MPAN_ADD) % 1e10
  return String(v).padStart(10, '0')
}
const mpanOf = (c: Ctx, home: number, distributor: number, second: boolean): string =>
  MpanCore.complete(String(distributor) + mpanBody(second ? c.homes + home : home))

// MPRN bodies: 8 digits from 10000000 (multiplier coprime to 90,000,000 = 2^7·3^2·5^7).
const mprnOf = (home: number): string => Mprn.complete(String(10_000_000 + ((home * 7_654_321 + 31_337_113) % 90_000_000)))

/** A device id for a device number: a 40-bit Feistel permutation keyed by the seed, after the 00-0D-6F OUI. */
const deviceIdOf = (c: Ctx, n: number): string => {
  let l = Math.floor(n / 1048576) & 0xfffff
  let r = n & 0xfffff
  for (let i = 0; i < 4; i++) {
    const f = (Math.imul((r ^ c.keys[i]!) | 0, 0x9e3779b1) ^ (r << 7)) >>> 12
    const nl = r
    r = (l ^ f) & 0xfffff
    l = nl
  }
  return '00-0D-6F-' + HEX[l >>> 12] + '-' + HEX[(l >>> 4) & 255] + '-' + HEX[((l & 15) << 4) | (r >>> 16)] + '-' + HEX[(r >>> 8) & 255] + '-' + HEX[r & 255]
}

// ---------------------------------------------------------------------------------------------------
// the snapshot, one home at a time
// ---------------------------------------------------------------------------------------------------

type FlagCode = 0 | 1 | 2 | 3 // null, A, I, N
const FLAGS = [null, 'A', 'I', 'N'] as const

interface PointState {
  readonly flag: FlagCode
  readonly day: number
  readonly notified: FlagAndDate | null
}

interface Home {
  readonly distributor: number
  readonly twin: boolean
  readonly gas: boolean
  /** Status code per slot; NONE when the home has no such device (IHD and CAD: COMMISSIONED = present). */
  readonly slots: Array<number>
  readonly elec: PointState
  readonly gasPoint: PointState
}

const flagOf = (meter: number, former: boolean): FlagCode =>
  meter === NONE ? (former ? 3 : 0) : inService(meter) ? 1 : meter === INC ? 2 : meter === DECOMMISSIONED || meter === WITHDRAWN ? 3 : 0

const pointState = (c: Ctx, r: Random.Random, flag: FlagCode): PointState => {
  if (flag === 0) return { flag, day: 0, notified: null }
  const last = c.startDay - 1
  const lo = flag === 1 ? FIRST_A_DAY : flag === 2 ? Math.max(MP077_DAY, c.startDay - 180) : MP077_DAY
  const day = Random.int(r, Math.min(lo, last), last)
  const u = Random.float(r)
  const self = { flag: FLAGS[flag]!, effectiveFrom: civilFromDays(day) }
  if (u >= c.o.pendingShare) return { flag, day, notified: self }
  // Pending: never notified, or notified an older pair.
  if (u < c.o.pendingShare / 2) return { flag, day, notified: null }
  const older = flag === 1 ? 'I' : flag === 2 ? 'N' : 'A'
  return { flag, day, notified: { flag: older, effectiveFrom: civilFromDays(day - Random.int(r, 1, 60)) } }
}

const homeAt = (c: Ctx, i: number): Home => {
  const r = Random.derive(c.seed, i)
  const o = c.o
  const distributor = Random.draw(r, DISTRIBUTORS)
  const twin = Random.chance(r, o.twinElementShare)
  const gas = Random.chance(r, c.gasShare)
  const slots = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  const smart = Random.chance(r, o.smartShare)
  let elecFormer = false, gasFormer = false
  if (smart) {
    slots[CHF] = COMMISSIONED
    slots[ESME] = Random.draw(r, ESME_STATUS)
    if (Random.chance(r, o.ihdShare)) slots[IHD] = COMMISSIONED
    if (Random.chance(r, o.ppmidShare)) slots[PPMID] = COMMISSIONED
    if (Random.chance(r, o.cadShare)) slots[CAD] = COMMISSIONED
    if (Random.chance(r, o.hcalcsShare)) slots[HCALCS] = COMMISSIONED
    if (gas && Random.chance(r, o.smartGasShare)) {
      const g = Random.draw(r, GSME_STATUS)
      slots[GSME] = g
      // The GPF is commissioned before its GSME can be; an uncommissioned GSME may still wait for it.
      slots[GPF] = g === INC && Random.chance(r, 0.5) ? INC : COMMISSIONED
    } else if (gas) gasFormer = Random.chance(r, o.formerSmartShare)
  } else {
    elecFormer = Random.chance(r, o.formerSmartShare / (1 - o.smartShare))
    gasFormer = gas && Random.chance(r, o.formerSmartShare / (1 - o.smartShare * o.smartGasShare))
    // Some old decommissioned meters are still in the inventory, linked: clean-ups to come.
    if (elecFormer && Random.chance(r, 0.3)) slots[OLD_ESME] = DECOMMISSIONED
    if (gasFormer && Random.chance(r, 0.3)) slots[OLD_GSME] = DECOMMISSIONED
  }
  const elec = pointState(c, r, flagOf(slots[ESME]!, elecFormer))
  const gasPoint = gas ? pointState(c, r, flagOf(slots[GSME]!, gasFormer)) : { flag: 0 as const, day: 0, notified: null }
  return { distributor, twin, gas, slots, elec, gasPoint }
}

const meterPointRecord = (id: string, p: PointState): MeterPointRecord =>
  p.flag === 0 ? { id, flag: null } : { id, flag: FLAGS[p.flag]!, effectiveFrom: civilFromDays(p.day), notified: p.notified }

// The same records as text, built directly (the streaming writer's hot path); equal to JSON.stringify of the records.
const meterPointText = (id: string, p: PointState): string => {
  if (p.flag === 0) return '{"id":"' + id + '","flag":null}'
  const head = '{"id":"' + id + '","flag":"' + FLAGS[p.flag] + '","effectiveFrom":"' + civilFromDays(p.day) + '","notified":'
  const n = p.notified
  return head + (n === null ? 'null}' : '{"flag":"' + n.flag + '","effectiveFrom":"' + n.effectiveFrom + '"}}')
}

const meterPointTexts = (c: Ctx, i: number, h: Home): string => {
  let out = meterPointText(mpanOf(c, i, h.distributor, false), h.elec)
  if (h.twin) out += ',\n' + meterPointText(mpanOf(c, i, h.distributor, true), h.elec)
  if (h.gas) out += ',\n' + meterPointText(mprnOf(i), h.gasPoint)
  return out
}

const deviceTexts = (c: Ctx, i: number, h: Home): string => {
  let out = ''
  let mpanList = ''
  for (let s = 0; s < SLOTS; s++) {
    const st = h.slots[s]!
    if (st === NONE) continue
    const type = SLOT_TYPES[s]!
    let mps = ''
    if (s === ESME || s === OLD_ESME) {
      if (mpanList === '') {
        mpanList = '"' + mpanOf(c, i, h.distributor, false) + '"'
        if (h.twin) mpanList += ',"' + mpanOf(c, i, h.distributor, true) + '"'
      }
      mps = mpanList
    } else if (s === GSME || s === OLD_GSME) mps = '"' + mprnOf(i) + '"'
    const status = type === 'IHD' || type === 'CAD' ? '' : ',"status":"' + STATUS[st] + '"'
    out += (out === '' ? '' : ',\n') + '{"id":"' + deviceIdOf(c, i * SLOTS + s) + '","type":"' + type + '"' + status + ',"meterPoints":[' + mps + ']}'
  }
  return out
}

const meterPointsOf = (c: Ctx, i: number, h: Home): Array<MeterPointRecord> => {
  const out = [meterPointRecord(mpanOf(c, i, h.distributor, false), h.elec)]
  if (h.twin) out.push(meterPointRecord(mpanOf(c, i, h.distributor, true), h.elec))
  if (h.gas) out.push(meterPointRecord(mprnOf(i), h.gasPoint))
  return out
}

const SLOT_TYPES: ReadonlyArray<DeviceType> = ['CHF', 'ESME', 'GSME', 'GPF', 'IHD', 'PPMID', 'CAD', 'HCALCS', 'ESME', 'GSME']

const devicesOf = (c: Ctx, i: number, h: Home): Array<DeviceRecord> => {
  const out: Array<DeviceRecord> = []
  const mpans = (): Array<string> =>
    h.twin ? [mpanOf(c, i, h.distributor, false), mpanOf(c, i, h.distributor, true)] : [mpanOf(c, i, h.distributor, false)]
  for (let s = 0; s < SLOTS; s++) {
    const st = h.slots[s]!
    if (st === NONE) continue
    const id = deviceIdOf(c, i * SLOTS + s)
    const type = SLOT_TYPES[s]!
    const meterPoints = s === ESME || s === OLD_ESME ? mpans() : s === GSME || s === OLD_GSME ? [mprnOf(i)] : []
    out.push(type === 'IHD' || type === 'CAD' ? { id, type, meterPoints } : { id, type, status: STATUS[st]!, meterPoints })
  }
  return out
}

/**
 * The inventory as JSON text chunks, one meter point or device a line, without holding it: homes are
 * derived twice (meter points, then devices). Joined, the chunks parse to {@link generate}'s inventory.
 *
 * @example
 * const text = [...inventoryChunks({ seed: 1, meterPoints: 10, startDate: '2024-03-01', days: 1 })].join('')
 * Array.isArray(JSON.parse(text).meterPoints) // true
 * @since 0.1.0
 * @category streams
 */
export function* inventoryChunks(options: Options): Generator<string, void, undefined> {
  const c = context(resolve(options))
  const CHUNK = 1 << 16 // small: pieces of a chunk die young (a large rope gets promoted, and GC dominates)
  let buf = '{"meterPoints":['
  let first = true
  for (let i = 0; i < c.homes; i++) {
    buf += (first ? '\n' : ',\n') + meterPointTexts(c, i, homeAt(c, i))
    first = false
    if (buf.length > CHUNK) (yield buf, (buf = ''))
  }
  buf += '\n],"devices":['
  first = true
  for (let i = 0; i < c.homes; i++) {
    const text = deviceTexts(c, i, homeAt(c, i))
    if (text === '') continue
    buf += (first ? '\n' : ',\n') + text
    first = false
    if (buf.length > CHUNK) (yield buf, (buf = ''))
  }
  yield buf + '\n]}\n'
}

/**
 * The inventory's meter points one by one, without holding them (for registry extracts of large samples).
 *
 * @example
 * const first = meterPointRecords({ seed: 1, meterPoints: 10, startDate: '2024-03-01', days: 1 }).next()
 * first.done // false
 * @since 0.1.0
 * @category streams
 */
export function* meterPointRecords(options: Options): Generator<MeterPointRecord, void, undefined> {
  const c = context(resolve(options))
  for (let i = 0; i < c.homes; i++) yield* meterPointsOf(c, i, homeAt(c, i))
}

/**
 * The inventory's devices one by one, without holding them.
 *
 * @example
 * const first = deviceRecords({ seed: 1, meterPoints: 100, startDate: '2024-03-01', days: 1 }).next()
 * first.done // false
 * @since 0.1.0
 * @category streams
 */
export function* deviceRecords(options: Options): Generator<DeviceRecord, void, undefined> {
  const c = context(resolve(options))
  for (let i = 0; i < c.homes; i++) yield* devicesOf(c, i, homeAt(c, i))
}

/**
 * The counts of {@link inventorySummary} for the inventory of a set of options, computed from the homes
 * without building a record (one cheap pass, for the summaries of large samples).
 *
 * @example
 * snapshotCounts({ seed: 1, meterPoints: 100, startDate: '2024-03-01', days: 1 }).meterPoints > 0 // true
 * @since 0.1.0
 * @category accessors
 */
export const snapshotCounts = (options: Options): ReturnType<typeof inventorySummary> => {
  const c = context(resolve(options))
  const flags = { A: 0, I: 0, N: 0, null: 0 }
  const devicesByType: Partial<Record<DeviceType, number>> = {}
  let electricity = 0, gas = 0, devices = 0
  for (let i = 0; i < c.homes; i++) {
    const h = homeAt(c, i)
    const e = h.twin ? 2 : 1
    electricity += e
    flags[FLAGS[h.elec.flag] ?? 'null'] += e
    if (h.gas) gas++, flags[FLAGS[h.gasPoint.flag] ?? 'null']++
    for (let slot = 0; slot < SLOTS; slot++) {
      if (h.slots[slot] === NONE) continue
      devices++
      const type = SLOT_TYPES[slot]!
      devicesByType[type] = (devicesByType[type] ?? 0) + 1
    }
  }
  // Same key order as inventorySummary (first seen in inventory order: by slot within a home).
  const ordered: Partial<Record<DeviceType, number>> = {}
  for (const type of ['CHF', 'ESME', 'GSME', 'GPF', 'IHD', 'PPMID', 'CAD', 'HCALCS'] as const) if (devicesByType[type] !== undefined) ordered[type] = devicesByType[type]
  return { meterPoints: electricity + gas, electricity, gas, flags, devices, devicesByType: ordered }
}

// ---------------------------------------------------------------------------------------------------
// events
// ---------------------------------------------------------------------------------------------------

/** An event before it gets its id and time text. `dev` is a device number. */
interface Draft {
  readonly type: SampleEvent['type']
  readonly dev: number
  readonly deviceType?: DeviceType
  readonly status?: number
  readonly meterPoint?: string
  readonly srv?: string
  readonly bad?: BadKind
}

interface Scheduled {
  readonly t: number
  readonly seq: number
  readonly draft: Draft
}

/**
 * Scheduled events in one bucket per day of the period. A day is sorted (by time, then insertion
 * order) and emitted once every scenario that can reach it has been planned: scenarios start on their
 * own day and only look forward, so day `d` is complete once days `0..d` are planned.
 */
class Agenda {
  private readonly buckets: Array<Array<Scheduled> | undefined>
  private seq = 0
  constructor(private readonly start: number, days: number) {
    this.buckets = new Array(days)
  }
  push(t: number, draft: Draft): void {
    const d = Math.floor((t - this.start) / DAY)
    const b = this.buckets[d] ?? (this.buckets[d] = [])
    b.push({ t, seq: this.seq++, draft })
  }
  take(day: number): Array<Scheduled> {
    const b = this.buckets[day] ?? []
    this.buckets[day] = undefined
    return b.sort((x, y) => x.t - y.t || x.seq - y.seq)
  }
}

/** The mutable state of every home that the scenarios need, in typed arrays. */
interface State {
  readonly distributor: Uint8Array
  readonly twin: Uint8Array
  readonly gas: Uint8Array
  /** Device numbers by role, -1 when none. */
  readonly esme: Int32Array
  readonly gsme: Int32Array
  readonly chf: Int32Array
  readonly gpf: Int32Array
  readonly ppmid: Int32Array
  readonly oldEsme: Int32Array
  readonly oldGsme: Int32Array
  readonly esmeSt: Uint8Array
  readonly gsmeSt: Uint8Array
  readonly chfSt: Uint8Array
  readonly gpfSt: Uint8Array
  /** Epoch second until which a scenario or a planted event holds the home. */
  readonly busyUntil: Float64Array
  /** Homes with two MPANs (for third-link attempts). */
  readonly twins: Int32Array
}

const initialState = (c: Ctx): State => {
  const H = c.homes
  const st: State = {
    distributor: new Uint8Array(H), twin: new Uint8Array(H), gas: new Uint8Array(H),
    esme: new Int32Array(H).fill(-1), gsme: new Int32Array(H).fill(-1), chf: new Int32Array(H).fill(-1),
    gpf: new Int32Array(H).fill(-1), ppmid: new Int32Array(H).fill(-1),
    oldEsme: new Int32Array(H).fill(-1), oldGsme: new Int32Array(H).fill(-1),
    esmeSt: new Uint8Array(H), gsmeSt: new Uint8Array(H), chfSt: new Uint8Array(H), gpfSt: new Uint8Array(H),
    busyUntil: new Float64Array(H),
    twins: new Int32Array(0),
  }
  const twins: Array<number> = []
  for (let i = 0; i < H; i++) {
    const h = homeAt(c, i)
    st.distributor[i] = h.distributor
    st.twin[i] = h.twin ? 1 : 0
    st.gas[i] = h.gas ? 1 : 0
    if (h.twin) twins.push(i)
    const base = i * SLOTS
    const s = h.slots
    if (s[ESME] !== NONE) (st.esme[i] = base + ESME), (st.esmeSt[i] = s[ESME]!)
    if (s[GSME] !== NONE) (st.gsme[i] = base + GSME), (st.gsmeSt[i] = s[GSME]!)
    if (s[CHF] !== NONE) (st.chf[i] = base + CHF), (st.chfSt[i] = s[CHF]!)
    if (s[GPF] !== NONE) (st.gpf[i] = base + GPF), (st.gpfSt[i] = s[GPF]!)
    if (s[PPMID] !== NONE) st.ppmid[i] = base + PPMID
    if (s[OLD_ESME] !== NONE) st.oldEsme[i] = base + OLD_ESME
    if (s[OLD_GSME] !== NONE) st.oldGsme[i] = base + OLD_GSME
  }
  return { ...st, twins: Int32Array.from(twins) }
}

let cachedDay = NaN
let cachedDayText = ''
const dayText = (day: number): string => {
  if (day !== cachedDay) {
    const d = civilFromDays(day)
    cachedDay = day
    cachedDayText = d.slice(0, 4) + '-' + d.slice(4, 6) + '-' + d.slice(6, 8) + 'T'
  }
  return cachedDayText
}

/** Text of an epoch second: `Z`, or `+01:00` local time (only chosen in summer), or no offset at all. */
const formatAt = (secs: number, style: 'Z' | 'offset' | 'none', bst: boolean): string => {
  const local = style === 'Z' || !bst ? secs : secs + HOUR
  const day = Math.floor(local / DAY)
  const s = local - day * DAY
  const date = dayText(day) + two(Math.floor(s / HOUR)) + ':' + two(Math.floor((s % HOUR) / MINUTE)) + ':' + two(s % MINUTE)
  return style === 'Z' ? date + 'Z' : style === 'offset' ? date + (bst ? '+01:00' : '+00:00') : date
}

const toEvent = (c: Ctx, draft: Draft, eventId: string, at: string): SampleEvent => {
  const deviceId = deviceIdOf(c, draft.dev)
  const srv = draft.srv
  switch (draft.type) {
    case 'DeviceRegistered': {
      const deviceType = draft.deviceType!
      if (draft.status === undefined)
        return srv === undefined ? { eventId, at, type: draft.type, deviceId, deviceType } : { eventId, at, type: draft.type, deviceId, deviceType, srv }
      const status = STATUS[draft.status]!
      return srv === undefined ? { eventId, at, type: draft.type, deviceId, deviceType, status } : { eventId, at, type: draft.type, deviceId, deviceType, status, srv }
    }
    case 'StatusChanged': {
      const status = STATUS[draft.status!]!
      return srv === undefined ? { eventId, at, type: draft.type, deviceId, status } : { eventId, at, type: draft.type, deviceId, status, srv }
    }
    case 'MeterPointLinked':
    case 'MeterPointUnlinked': {
      const meterPoint = draft.meterPoint!
      return srv === undefined ? { eventId, at, type: draft.type, deviceId, meterPoint } : { eventId, at, type: draft.type, deviceId, meterPoint, srv }
    }
    case 'DeviceDeleted':
      return srv === undefined ? { eventId, at, type: draft.type, deviceId } : { eventId, at, type: draft.type, deviceId, srv }
  }
}

/**
 * Serialises one line of the events file (without its line end).
 *
 * @example
 * toLine({ malformed: '{"eventId":' }) // '{"eventId":'
 * @since 0.1.0
 * @category destructors
 */
export const toLine = (line: SampleLine): string => ('malformed' in line ? line.malformed : JSON.stringify(line))

/** Receives what {@link lines} plants and does, as it goes. @since 0.1.0 @category model */
export interface LinesObserver {
  readonly planted?: (p: Planted) => void
  readonly scenario?: (kind: ScenarioKind) => void
}

/**
 * The events, lazily, in time order: memory holds the homes' state (typed arrays) and the events
 * scheduled but not yet due, never the whole stream.
 *
 * @example
 * const first = lines({ seed: 1, meterPoints: 1000, startDate: '2024-03-01', days: 2 }).next()
 * first.done // false
 * @since 0.1.0
 * @category streams
 */
export function* lines(options: Options, observer: LinesObserver = {}): Generator<SampleLine, void, undefined> {
  const c = context(resolve(options))
  const o = c.o
  const S = initialState(c)
  const H = c.homes
  const r = Random.derive(c.seed, 'events')
  const fmt = Random.derive(c.seed, 'format')
  const agenda = new Agenda(c.startSecs, o.days)
  let nextDevice = H * SLOTS
  let lineNo = 0
  let idNo = 0
  let lastGood: SampleEvent | null = null
  let scheduled = 0
  const kinds = Random.weighted(Object.entries(o.scenarioWeights) as Array<[ScenarioKind, number]>)
  let badCycle: Array<BadKind> = []
  let badCredit = 0

  const nextId = (): string => 'ev-' + String(++idNo).padStart(6, '0')
  const push = (t: number, draft: Draft): boolean => {
    if (t >= c.endSecs) return false
    agenda.push(t, draft)
    return true
  }
  const mpans = (i: number): Array<string> => {
    const d = S.distributor[i]!
    return S.twin[i] === 1 ? [mpanOf(c, i, d, false), mpanOf(c, i, d, true)] : [mpanOf(c, i, d, false)]
  }
  const free = (i: number, t: number): boolean => S.busyUntil[i]! <= t
  const findHome = (t: number, ok: (i: number) => boolean): number => {
    for (let tries = 0; tries < 40; tries++) {
      const i = Random.int(r, 0, H - 1)
      if (free(i, t) && ok(i)) return i
    }
    return -1
  }

  /** Builds a scenario's steps from `t0`, each after the previous one; keeps the home busy until the last. */
  class Plan {
    private t: number
    private count = 0
    constructor(private readonly home: number, t0: number) {
      this.t = t0
    }
    wait(delay: number): void {
      this.t += delay
    }
    step(delay: number, draft: Draft): void {
      this.t += delay
      if (push(this.t, draft)) this.count++
    }
    done(): void {
      S.busyUntil[this.home] = Math.max(S.busyUntil[this.home]!, this.t + 1)
      scheduled += this.count
    }
  }
  const plan = (home: number, t0: number): Plan => new Plan(home, t0)

  const reg = (dev: number, deviceType: DeviceType, status: number | undefined, srv?: string): Draft =>
    status === undefined ? { type: 'DeviceRegistered', dev, deviceType, ...(srv === undefined ? {} : { srv }) } : { type: 'DeviceRegistered', dev, deviceType, status, ...(srv === undefined ? {} : { srv }) }
  const status = (dev: number, s: number, srv?: string): Draft => ({ type: 'StatusChanged', dev, status: s, ...(srv === undefined ? {} : { srv }) })
  const link = (dev: number, meterPoint: string): Draft => ({ type: 'MeterPointLinked', dev, meterPoint, srv: '8.11' })
  const unlink = (dev: number, meterPoint: string): Draft => ({ type: 'MeterPointUnlinked', dev, meterPoint, srv: '8.4' })
  const del = (dev: number): Draft => ({ type: 'DeviceDeleted', dev })
  const minutes = (a: number, b: number) => Random.int(r, a * MINUTE, b * MINUTE)
  const seconds = (a: number, b: number) => Random.int(r, a, b)

  /** Registers, links and commissions a new smart meter (or stops at InstalledNotCommissioned). */
  const installMeter = (p: Plan, dev: number, points: ReadonlyArray<string>, commission: boolean) => {
    for (const mp of points) p.step(seconds(20, 180), link(dev, mp))
    p.step(seconds(5, 90), status(dev, WHITELISTED, '8.11'))
    p.step(minutes(2, 15), status(dev, INC))
    if (commission) p.step(minutes(3, 40), status(dev, COMMISSIONED, '8.1.1'))
  }

  const scenario = (kind: ScenarioKind, t0: number): boolean => {
    switch (kind) {
      case 'newInstall':
      case 'installAndLeave': {
        const i = findHome(t0, (h) => S.esme[h]! < 0 && S.gsme[h]! < 0)
        if (i < 0) return false
        const leave = kind === 'installAndLeave'
        const gasToo = S.gas[i] === 1 && Random.chance(r, o.smartGasShare)
        // Left uncommissioned: the electricity meter (and gas with it), or only the gas meter.
        const elecLeft = leave && (!gasToo || Random.chance(r, 0.6))
        const gasLeft = leave && gasToo
        const p = plan(i, t0)
        const newChf = S.chf[i]! < 0
        const chf = newChf ? nextDevice++ : S.chf[i]!
        const esme = nextDevice++
        const gsme = gasToo ? nextDevice++ : -1
        const gpf = gasToo ? nextDevice++ : -1
        // Pre-notification (12.2), then the visit the same day or a few days later.
        if (newChf) p.step(0, reg(chf, 'CHF', PENDING, '12.2'))
        p.step(seconds(1, 20), reg(esme, 'ESME', PENDING, '12.2'))
        if (gasToo) p.step(seconds(1, 20), reg(gsme, 'GSME', PENDING, '12.2')), p.step(seconds(1, 20), reg(gpf, 'GPF', PENDING, '12.2'))
        const visit = Random.chance(r, 0.4) ? minutes(10, 90) : Random.int(r, 1, 5) * DAY + minutes(-60, 60)
        if (newChf) p.step(visit, status(chf, INC)), p.step(minutes(1, 5), status(chf, COMMISSIONED))
        else p.wait(visit)
        installMeter(p, esme, mpans(i), !elecLeft)
        if (gasToo) {
          p.step(minutes(1, 5), status(gpf, WHITELISTED, '8.11'))
          p.step(minutes(1, 5), status(gpf, INC))
          p.step(minutes(1, 5), status(gpf, COMMISSIONED))
          installMeter(p, gsme, [mprnOf(i)], !gasLeft)
        }
        if (Random.chance(r, o.ihdShare)) p.step(minutes(1, 10), reg(nextDevice++, 'IHD', undefined, '8.11'))
        p.done()
        S.chf[i] = chf, S.chfSt[i] = COMMISSIONED
        S.esme[i] = esme, S.esmeSt[i] = elecLeft ? INC : COMMISSIONED
        if (gasToo) (S.gsme[i] = gsme), (S.gsmeSt[i] = gasLeft ? INC : COMMISSIONED), (S.gpf[i] = gpf), (S.gpfSt[i] = COMMISSIONED)
        return true
      }
      case 'commissionLeftover': {
        const i = findHome(t0, (h) => S.esmeSt[h] === INC || S.gsmeSt[h] === INC)
        if (i < 0) return false
        const p = plan(i, t0)
        if (S.esmeSt[i] === INC) p.step(0, status(S.esme[i]!, COMMISSIONED, '8.1.1')), (S.esmeSt[i] = COMMISSIONED)
        if (S.gsmeSt[i] === INC) {
          if (S.gpfSt[i] !== COMMISSIONED) p.step(minutes(1, 10), status(S.gpf[i]!, COMMISSIONED)), (S.gpfSt[i] = COMMISSIONED)
          p.step(minutes(1, 20), status(S.gsme[i]!, COMMISSIONED, '8.1.1'))
          S.gsmeSt[i] = COMMISSIONED
        }
        p.done()
        return true
      }
      case 'exchangeDecommissionFirst':
      case 'exchangeCommissionFirst': {
        const gasFirst = Random.chance(r, 0.35)
        const gasOk = (h: number) => S.gsmeSt[h] === COMMISSIONED
        const elecOk = (h: number) => S.esmeSt[h] === COMMISSIONED
        const i = findHome(t0, gasFirst ? gasOk : elecOk)
        if (i < 0) return false
        const gas = gasFirst
        const old = gas ? S.gsme[i]! : S.esme[i]!
        const type = gas ? 'GSME' : 'ESME'
        const points = gas ? [mprnOf(i)] : mpans(i)
        const fresh = nextDevice++
        const p = plan(i, t0)
        const later = () => (Random.chance(r, 0.15) ? DAY + minutes(-120, 120) : minutes(5, 40))
        if (kind === 'exchangeDecommissionFirst') {
          p.step(0, status(old, DECOMMISSIONED, '8.3'))
          p.step(minutes(2, 10), reg(fresh, type, PENDING, '12.2'))
          installMeter(p, fresh, points, false)
          p.step(later(), status(fresh, COMMISSIONED, '8.1.1'))
          for (const mp of points) p.step(minutes(1, 20), unlink(old, mp))
        } else {
          p.step(0, reg(fresh, type, PENDING, '12.2'))
          installMeter(p, fresh, points, false)
          p.step(later(), status(fresh, COMMISSIONED, '8.1.1'))
          p.step(minutes(2, 20), status(old, DECOMMISSIONED, '8.3'))
          for (const mp of points) p.step(minutes(1, 5), unlink(old, mp))
        }
        if (Random.chance(r, 0.5)) p.step(Random.int(r, 1, 10) * DAY + minutes(0, 120), del(old))
        p.done()
        if (gas) (S.gsme[i] = fresh), (S.gsmeSt[i] = COMMISSIONED)
        else (S.esme[i] = fresh), (S.esmeSt[i] = COMMISSIONED)
        return true
      }
      case 'removal': {
        const gasFirst = Random.chance(r, 0.4)
        const i = findHome(t0, (h) =>
          gasFirst ? S.gsme[h]! >= 0 : S.esme[h]! >= 0 && S.gsme[h]! < 0 && S.esmeSt[h] !== DECOMMISSIONED)
        if (i < 0) return false
        const p = plan(i, t0)
        const deleteLater = Random.chance(r, 0.6)
        const gone: Array<number> = []
        if (gasFirst) {
          p.step(0, status(S.gsme[i]!, DECOMMISSIONED, '8.3'))
          p.step(minutes(1, 15), unlink(S.gsme[i]!, mprnOf(i)))
          gone.push(S.gsme[i]!)
          if (S.gpf[i]! >= 0) p.step(minutes(1, 5), status(S.gpf[i]!, DECOMMISSIONED)), gone.push(S.gpf[i]!)
          S.gsme[i] = -1, S.gsmeSt[i] = NONE, S.gpf[i] = -1, S.gpfSt[i] = NONE
        } else {
          // The whole system goes: meter, hub and any PPMID.
          p.step(0, status(S.esme[i]!, DECOMMISSIONED, '8.3'))
          for (const mp of mpans(i)) p.step(minutes(1, 15), unlink(S.esme[i]!, mp))
          gone.push(S.esme[i]!)
          if (S.ppmid[i]! >= 0) p.step(minutes(1, 5), status(S.ppmid[i]!, DECOMMISSIONED)), gone.push(S.ppmid[i]!)
          if (S.chf[i]! >= 0) p.step(minutes(1, 5), status(S.chf[i]!, DECOMMISSIONED)), gone.push(S.chf[i]!)
          S.esme[i] = -1, S.esmeSt[i] = NONE, S.chf[i] = -1, S.chfSt[i] = NONE, S.ppmid[i] = -1
        }
        if (deleteLater) {
          p.step(Random.int(r, 1, 7) * DAY, del(gone[0]!))
          for (let k = 1; k < gone.length; k++) p.step(seconds(1, 30), del(gone[k]!))
        }
        p.done()
        return true
      }
      case 'cleanup': {
        const i = findHome(t0, (h) => S.oldEsme[h]! >= 0 || S.oldGsme[h]! >= 0)
        if (i < 0) return false
        const p = plan(i, t0)
        if (S.oldEsme[i]! >= 0) {
          for (const mp of mpans(i)) p.step(seconds(0, 60), unlink(S.oldEsme[i]!, mp))
          p.step(minutes(1, 30), del(S.oldEsme[i]!))
          S.oldEsme[i] = -1
        }
        if (S.oldGsme[i]! >= 0) {
          p.step(seconds(0, 60), unlink(S.oldGsme[i]!, mprnOf(i)))
          p.step(minutes(1, 30), del(S.oldGsme[i]!))
          S.oldGsme[i] = -1
        }
        p.done()
        return true
      }
      case 'suspension':
      case 'recovery':
      case 'withdrawal': {
        const gas = Random.chance(r, 0.35)
        const stArr = gas ? S.gsmeSt : S.esmeSt
        const from = kind === 'suspension' ? SUSPENDED : kind === 'recovery' ? RECOVERED : WITHDRAWN
        // Either start the episode on a commissioned meter, or end one found in the snapshot.
        const i = findHome(t0, (h) => stArr[h] === COMMISSIONED || stArr[h] === from)
        if (i < 0) return false
        const dev = gas ? S.gsme[i]! : S.esme[i]!
        const p = plan(i, t0)
        let end = COMMISSIONED
        if (stArr[i] === from) p.step(0, status(dev, COMMISSIONED))
        else if (kind === 'suspension') {
          p.step(0, status(dev, SUSPENDED))
          if (Random.chance(r, 0.7)) p.step(Random.int(r, 1, 7) * DAY + minutes(0, 240), status(dev, COMMISSIONED))
          else end = SUSPENDED
        } else if (kind === 'recovery') {
          p.step(0, status(dev, RECOVERY))
          if (Random.chance(r, 0.8)) {
            p.step(Random.int(r, 1, 48) * HOUR, status(dev, RECOVERED))
            p.step(minutes(5, 60), status(dev, COMMISSIONED))
          } else p.step(Random.int(r, 1, 12) * HOUR, status(dev, COMMISSIONED))
        } else {
          p.step(0, status(dev, WITHDRAWN))
          if (Random.chance(r, 0.5)) p.step(Random.int(r, 1, 10) * DAY, status(dev, COMMISSIONED))
          else end = WITHDRAWN
        }
        p.done()
        stArr[i] = end
        return true
      }
      case 'hubExchange': {
        const i = findHome(t0, (h) => S.chfSt[h] === COMMISSIONED)
        if (i < 0) return false
        const old = S.chf[i]!
        const fresh = nextDevice++
        const p = plan(i, t0)
        p.step(0, reg(fresh, 'CHF', PENDING, '12.2'))
        p.step(minutes(20, 120), status(fresh, INC))
        p.step(minutes(1, 10), status(fresh, COMMISSIONED))
        p.step(minutes(1, 10), status(old, DECOMMISSIONED, '8.3'))
        if (Random.chance(r, 0.5)) p.step(Random.int(r, 1, 10) * DAY, del(old))
        p.done()
        S.chf[i] = fresh
        return true
      }
      case 'ppmidJoin': {
        const i = findHome(t0, (h) => S.chfSt[h] === COMMISSIONED && S.ppmid[h]! < 0)
        if (i < 0) return false
        const dev = nextDevice++
        const p = plan(i, t0)
        p.step(0, reg(dev, 'PPMID', PENDING, '12.2'))
        p.step(Random.int(r, 0, 3) * DAY + minutes(10, 120), status(dev, WHITELISTED, '8.11'))
        p.step(minutes(1, 10), status(dev, COMMISSIONED))
        p.done()
        S.ppmid[i] = dev
        return true
      }
    }
  }

  /** Plants one bad event of the given kind at `t`; false when no home suits it now. */
  const plant = (kind: BadKind, t: number): boolean => {
    const hold = (i: number) => {
      S.busyUntil[i] = Math.max(S.busyUntil[i]!, t + 1)
    }
    switch (kind) {
      case 'unknown_device':
        return push(t, { ...status(nextDevice++, COMMISSIONED, '8.1.1'), bad: kind })
      case 'duplicate_event':
        return push(t, { type: 'StatusChanged', dev: 0, bad: kind })
      case 'malformed_line': {
        const i = findHome(t, (h) => S.esme[h]! >= 0)
        if (i < 0) return false
        hold(i)
        return push(t, { ...status(S.esme[i]!, COMMISSIONED), bad: kind })
      }
      case 'forbidden_status_change':
      case 'missing_offset': {
        const i = findHome(t, (h) => S.esmeSt[h] === COMMISSIONED)
        if (i < 0) return false
        hold(i)
        // Commissioned → Pending is not in the table; the no-offset one would be an accepted no-op.
        return push(t, { ...status(S.esme[i]!, kind === 'forbidden_status_change' ? PENDING : COMMISSIONED), bad: kind })
      }
      case 'wrong_fuel_link':
      case 'bad_check_digit': {
        const i = findHome(t, (h) => S.esme[h]! >= 0 && S.esmeSt[h] !== DECOMMISSIONED)
        if (i < 0) return false
        hold(i)
        if (kind === 'wrong_fuel_link') return push(t, { ...link(S.esme[i]!, mprnOf(i)), bad: kind })
        const good = mpans(i)[0]!
        const wrong = good.slice(0, 12) + String((+good[12]! + 1 + Random.int(r, 0, 8)) % 10)
        return push(t, { ...link(S.esme[i]!, wrong), bad: kind })
      }
      case 'too_many_links': {
        for (let tries = 0; tries < 40 && S.twins.length > 0; tries++) {
          const i = S.twins[Random.int(r, 0, S.twins.length - 1)]!
          if (!free(i, t) || S.esme[i]! < 0 || S.esmeSt[i] === DECOMMISSIONED) continue
          hold(i)
          const other = (i + 1) % H
          return push(t, { ...link(S.esme[i]!, mpanOf(c, other, S.distributor[other]!, false)), bad: kind })
        }
        return false
      }
    }
  }

  const startTime = (dayStart: number): number => {
    const u = Random.float(r)
    // A few starts late in the UTC evening, where the Europe/London date is the next day in summer.
    if (u < 0.03) return dayStart + 23 * HOUR + Random.int(r, 0, HOUR - 1)
    const offset = isBst(dayStart + 12 * HOUR) ? HOUR : 0
    const local = u < 0.1 ? Random.int(r, 17 * HOUR, 22 * HOUR) : Random.int(r, 8 * HOUR, 17 * HOUR)
    return dayStart + local - offset
  }

  const emit = (item: Scheduled): SampleLine => {
    const d = item.draft
    lineNo++
    if (d.bad === 'duplicate_event') {
      if (lastGood === null) {
        // Nothing to duplicate yet: a harmless unknown-device line stands in (still planted as such).
        const e = toEvent(c, { ...status(nextDevice++, COMMISSIONED), bad: 'unknown_device' }, nextId(), formatAt(item.t, 'Z', false))
        observer.planted?.({ kind: 'unknown_device', line: lineNo, eventId: e.eventId, expectedCode: expectedCode.unknown_device })
        return e
      }
      observer.planted?.({ kind: d.bad, line: lineNo, eventId: lastGood.eventId, expectedCode: expectedCode[d.bad] })
      return { ...lastGood }
    }
    const id = nextId()
    const bst = isBst(item.t)
    const style = d.bad === 'missing_offset' ? 'none' : bst && Random.chance(fmt, 0.5) ? 'offset' : 'Z'
    const e = toEvent(c, d, id, formatAt(item.t, style, bst))
    if (d.bad === undefined) {
      lastGood = e
      return e
    }
    if (d.bad === 'malformed_line') {
      // A line cut short, as by a truncated write.
      const text = JSON.stringify(e)
      observer.planted?.({ kind: d.bad, line: lineNo, eventId: null, expectedCode: expectedCode[d.bad] })
      return { malformed: text.slice(0, Math.max(20, Math.floor(text.length * 0.6))) }
    }
    observer.planted?.({ kind: d.bad, line: lineNo, eventId: id, expectedCode: expectedCode[d.bad] })
    return e
  }

  for (let day = 0; day < o.days; day++) {
    const dayStart = c.startSecs + day * DAY
    const expected = H * o.dailyActivity
    const n = Math.floor(expected) + (Random.chance(r, expected - Math.floor(expected)) ? 1 : 0)
    const starts: Array<number> = []
    for (let k = 0; k < n; k++) starts.push(startTime(dayStart))
    starts.sort((a, b) => a - b)
    const before = scheduled
    for (const t0 of starts) {
      const kind = Random.draw(r, kinds)
      if (scenario(kind, t0)) observer.scenario?.(kind)
    }
    // Bad events in proportion to the good ones scheduled today, kinds in shuffled rounds so that
    // every kind shows up early even in a small sample.
    badCredit += ((scheduled - before) * o.badEventRate) / (1 - o.badEventRate)
    while (badCredit >= 1) {
      badCredit -= 1
      const t = startTime(dayStart)
      for (let attempt = 0; attempt < badKinds.length; attempt++) {
        if (badCycle.length === 0) badCycle = Random.shuffle(r, badKinds)
        const kind = badCycle.shift()!
        if (plant(kind, t)) break
      }
    }
    for (const item of agenda.take(day)) yield emit(item)
  }
}

// ---------------------------------------------------------------------------------------------------
// in memory
// ---------------------------------------------------------------------------------------------------

const count = <K extends string>(m: Partial<Record<K, number>>, k: K): void => {
  m[k] = (m[k] ?? 0) + 1
}

/**
 * Counts of an inventory (meter points by fuel and flag, devices by type), for summaries.
 *
 * @example
 * inventorySummary([{ id: '1200023305967', flag: 'A' }], []).electricity // 1
 * @since 0.1.0
 * @category accessors
 */
export const inventorySummary = (
  meterPoints: Iterable<MeterPointRecord>,
  devices: Iterable<DeviceRecord>,
): Pick<Summary, 'meterPoints' | 'electricity' | 'gas' | 'flags' | 'devices' | 'devicesByType'> => {
  const flags = { A: 0, I: 0, N: 0, null: 0 }
  let total = 0, electricity = 0
  for (const mp of meterPoints) {
    total++
    if (mp.id.length === 13) electricity++
    flags[mp.flag ?? 'null']++
  }
  const devicesByType: Partial<Record<DeviceType, number>> = {}
  let n = 0
  for (const d of devices) n++, count(devicesByType, d.type)
  return { meterPoints: total, electricity, gas: total - electricity, flags, devices: n, devicesByType }
}

/**
 * Generates a whole sample in memory: the inventory, every line of the events, the planted bad events
 * and a summary. Same options, same output. For large sizes use {@link inventoryChunks} and
 * {@link lines}, or `writeSample` (cli.ts), which hold neither.
 *
 * @example
 * const s = generate({ seed: 'demo', meterPoints: 1000, startDate: '2024-03-01', days: 31 })
 * s.inventory.meterPoints.length > 900 // true
 * @since 0.1.0
 * @category constructors
 */
export const generate = (options: Options): Sample => {
  const resolved = resolve(options)
  const c = context(resolved)
  const meterPoints: Array<MeterPointRecord> = []
  const devices: Array<DeviceRecord> = []
  for (let i = 0; i < c.homes; i++) {
    const h = homeAt(c, i)
    for (const mp of meterPointsOf(c, i, h)) meterPoints.push(mp)
    for (const d of devicesOf(c, i, h)) devices.push(d)
  }
  const planted: Array<Planted> = []
  const scenarios: Partial<Record<ScenarioKind, number>> = {}
  const events = [...lines(resolved, { planted: (p) => planted.push(p), scenario: (k) => count(scenarios, k) })]
  return { options: resolved, inventory: { meterPoints, devices }, events, planted, summary: summarise(c.homes, meterPoints, devices, events, planted, scenarios) }
}

/**
 * The {@link Summary} of a generated sample.
 *
 * @example
 * summarise(0, [], [], [], [], {}).lines // 0
 * @since 0.1.0
 * @category accessors
 */
export const summarise = (
  homes: number,
  meterPoints: Iterable<MeterPointRecord>,
  devices: Iterable<DeviceRecord>,
  events: Iterable<SampleLine>,
  planted: ReadonlyArray<Planted>,
  scenarios: Partial<Record<ScenarioKind, number>>,
): Summary => {
  const eventsByType: Record<string, number> = {}
  let n = 0
  for (const e of events) n++, count(eventsByType, 'malformed' in e ? 'malformed' : e.type)
  const plantedByKind: Partial<Record<BadKind, number>> = {}
  for (const p of planted) count(plantedByKind, p.kind)
  return { homes, ...inventorySummary(meterPoints, devices), lines: n, eventsByType, scenarios, planted: plantedByKind }
}

/**
 * How many homes a set of options makes (each home: one or two MPANs, maybe an MPRN).
 *
 * @example
 * homesFor({ seed: 1, meterPoints: 1845, startDate: '2024-03-01', days: 1 }) // 1000
 * @since 0.1.0
 * @category accessors
 */
export const homesFor = (options: Options): number => context(resolve(options)).homes
