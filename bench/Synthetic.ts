/**
 * Seeded synthetic inventories and event streams for benchmarks and scale tests: deterministic
 * (same seed, same output), valid ids (check digits included), and shaped like GB (docs/rules.md
 * section 8): 30 MPANs to 24 MPRNs, about 65% of meter points served by a smart meter, 1% of ESMEs
 * twin-element, mostly Commissioned. Initial flags are what `mp077` gives the initial inventory.
 *
 * Generation goes through a {@link Sink} so a GB inventory can go straight into a
 * store builder without building records; {@link inventory} collects records instead. It lives with
 * the benchmarks (not in the library): bench code imports it from `bench/Synthetic.ts`.
 *
 * @since 0.1.0
 */
import * as CalendarDate from '../src/identifiers/CalendarDate'
import type * as DeviceIdModule from '../src/identifiers/DeviceId'
import * as DeviceKey from '../src/identifiers/DeviceKey'
import type * as Instant from '../src/identifiers/Instant'
import type * as MeterPointIdModule from '../src/identifiers/MeterPointId'
import * as MeterPointKey from '../src/identifiers/MeterPointKey'
import * as MpanCore from '../src/identifiers/MpanCore'
import * as Mprn from '../src/identifiers/Mprn'
import * as Lifecycle from '../src/engine/Lifecycle'
import type { DeviceStatus, Event, Inventory, InventoryDevice, InventoryMeterPoint } from '../src/engine/Model'
import * as State from '../src/engine/State'
import { Builder } from '../src/engine/store/Builder'
import * as Codes from '../src/engine/store/Codes'
import { ofRef } from '../src/engine/store/Handle'

/**
 * A small, fast, seeded PRNG (mulberry32): floats in [0, 1).
 *
 * @example
 * prng(1)() === prng(1)() // true
 * @since 0.1.0
 * @category utils
 */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// the ids' digits as bytes, for the check digit rules (MpanCore.checkDigitAt, Mprn.checkValueAt),
// each written once in src/identifiers and read from bytes
const digits = new Uint8Array(12)

/** Writes the `n` digits of `v` (an int32 below 10^n, leading zeros included) into `digits` at `at`. */
const writeDigits = (v: number, at: number, n: number): void => {
  for (let k = at + n - 1; k >= at; k--) {
    const q = (v / 10) | 0
    digits[k] = 48 + v - q * 10
    v = q
  }
}

/**
 * The key of the `i`-th synthetic MPAN core (distinct for distinct `i` < 10^10, valid check digit).
 *
 * @example
 * MeterPointKey.idOf(mpanKey(0)).length // 13
 * @since 0.1.0
 * @category constructors
 */
export const mpanKey = (i: number): number => {
  // distributor 10–23, then ten digits: i scrambled by an odd multiplier mod 10^10 (a bijection)
  const body = (i * 7919 + 12345) % 1e10
  const distributor = 10 + (i % 14)
  // the ten digits as two int32 halves of five (no floating-point remainders)
  const high = Math.floor(body / 1e5) | 0
  writeDigits(distributor, 0, 2)
  writeDigits(high, 2, 5)
  writeDigits((body - high * 1e5) | 0, 7, 5)
  return (distributor * 1e10 + body) * 10 + MpanCore.checkDigitAt(digits, 0)
}

/**
 * The key of the `i`-th synthetic MPRN: 10 digits, or for one in 50 a short one with leading zeros
 * (a 4-digit body `0xxx`, 6 digits in all) while they last. Distinct for distinct `i` < 8·10^7.
 *
 * @example
 * MeterPointKey.idOf(mprnKey(1)).length // 10
 * @since 0.1.0
 * @category constructors
 */
export const mprnKey = (i: number): number => {
  // numeric throughout (no strings): a 4-digit body (leading zero) or an 8-digit one, then the check
  const short = i % 50 === 0 && i / 50 < 1000
  const body = short ? i / 50 : 10000000 + ((i * 7919) % 80000000)
  const len = short ? 4 : 8
  writeDigits(body, 0, len)
  return 1e13 + (len + 2) * 1e12 + body * 100 + Mprn.checkValueAt(digits, 0, len)
}

/** Where {@link generate} puts what it makes. @since 0.1.0 @category model */
export interface Sink {
  /** A meter point: key, flag code, date code (notified = the same pair when notified). Returns its number. */
  readonly meterPoint: (key: number, flag: number, date: number, notified: boolean) => number
  /** A device: halves, type and status codes. Returns its number. */
  readonly device: (hi: number, lo: number, type: number, status: number) => number
  /** A link between numbers from the two calls above. */
  readonly link: (device: number, meterPoint: number) => void
}

/** Sizes of a synthetic inventory. @since 0.1.0 @category model */
export interface Shape {
  readonly mpans: number
  readonly mprns: number
  /** Fraction of meter points served by a smart meter (0.65 by default). */
  readonly served?: number
  /** One comms hub (CHF) per home with a smart meter; off by default. */
  readonly hubs?: boolean
  readonly seed?: number
}

/** The statuses of meters in the initial inventory, with weights (mostly Commissioned). */
const INITIAL: ReadonlyArray<readonly [DeviceStatus, number]> = [
  ['Commissioned', 0.9], ['InstalledNotCommissioned', 0.04], ['Pending', 0.01], ['Decommissioned', 0.03],
  ['Suspended', 0.01], ['Withdrawn', 0.01],
]

// the cumulative weights (summed in order, as a running total would) and the codes of INITIAL
const INITIAL_UPTO: ReadonlyArray<number> = INITIAL.reduce<number[]>((acc, [, w]) => [...acc, (acc.length === 0 ? 0 : acc[acc.length - 1]!) + w], [])
const INITIAL_CODES: ReadonlyArray<number> = INITIAL.map(([s]) => Codes.statusCode(s))

const pickStatus = (r: number): number => {
  for (let k = 0; k < INITIAL_UPTO.length; k++) if (r < INITIAL_UPTO[k]!) return INITIAL_CODES[k]!
  return Codes.statusCode('Commissioned')
}

const COMMISSIONED = Codes.statusCode('Commissioned')
const INC = Codes.statusCode('InstalledNotCommissioned')
const PENDING = Codes.statusCode('Pending')
const inServiceCode = (s: number): boolean => s >= 4 && s <= 7 // Commissioned, Suspended, Recovery, Recovered

/**
 * The high half of synthetic smart meter ids (00-0D-6F-01-…).
 *
 * @example
 * DeviceKey.idOf(METER_HI, 0) // '00-0D-6F-01-00-00-00-00'
 * @since 0.1.0
 * @category constants
 */
export const METER_HI = 0x000d6f01
/**
 * The high half of synthetic hub ids (00-0D-6F-02-…).
 *
 * @example
 * DeviceKey.idOf(HUB_HI, 0) // '00-0D-6F-02-00-00-00-00'
 * @since 0.1.0
 * @category constants
 */
export const HUB_HI = 0x000d6f02
/**
 * The high half of devices new in a synthetic event stream (00-0D-6F-03-…).
 *
 * @example
 * DeviceKey.idOf(NEW_HI, 0) // '00-0D-6F-03-00-00-00-00'
 * @since 0.1.0
 * @category constants
 */
export const NEW_HI = 0x000d6f03

/** Counts of what {@link generate} made. @since 0.1.0 @category model */
export interface Generated {
  readonly meterPoints: number
  readonly meters: number
  readonly hubs: number
}

/**
 * Generates a synthetic inventory into a sink: MPANs then MPRNs, each served by a meter with
 * probability `served`, a twin ESME for 1% of MPAN meters (serving the next MPAN too), a hub per
 * home when asked. Flags follow `mp077` on the initial statuses; a third of unserved meter points
 * carry an `N` (a meter was removed before); dates fall in 2022–2024; 90% of flagged meter points
 * are notified.
 *
 * @example
 * const b = new Builder()
 * generate({ mpans: 100, mprns: 80 }, { meterPoint: (k, f, d, n) => b.addMeterPoint(k, f, d, n ? f : 0, n ? d : Codes.NO_DATE), device: (h, l, t, s) => b.addDevice(h, l, t, s), link: (d, m) => b.link(d, m) })
 * @since 0.1.0
 * @category constructors
 */
export const generate = (shape: Shape, sink: Sink): Generated => {
  const rnd = prng(shape.seed ?? 1)
  const served = shape.served ?? 0.65
  const day0 = CalendarDate.daysFromCivil(2022, 1, 1)
  const ESME = Codes.typeCode('ESME')
  const GSME = Codes.typeCode('GSME')
  const CHF = Codes.typeCode('CHF')
  let meters = 0
  let hubs = 0
  const add = (key: number, type: number, twin: number): number => {
    // returns how many keys it used (2 for a twin: MPAN number `twin`, -1 for none)
    if (rnd() >= served) {
      const flagged = rnd() < 1 / 3
      sink.meterPoint(key, flagged ? 3 : 0, flagged ? day0 + Math.floor(rnd() * 1000) : Codes.NO_DATE, flagged && rnd() < 0.9)
      return 1
    }
    const status = pickStatus(rnd())
    const flag = inServiceCode(status) ? 1 : status === INC ? 2 : status === PENDING ? 0 : 3
    const date = flag === 0 ? Codes.NO_DATE : day0 + Math.floor(rnd() * 1000)
    const notified = flag !== 0 && rnd() < 0.9
    const m = sink.meterPoint(key, flag, date, notified)
    const d = sink.device(METER_HI, meters++, type, status)
    sink.link(d, m)
    let used = 1
    if (twin >= 0 && rnd() < 0.01) {
      const m2 = sink.meterPoint(mpanKey(twin), flag, date, notified)
      sink.link(d, m2)
      used = 2
    }
    if (shape.hubs === true) sink.device(HUB_HI, hubs++, CHF, COMMISSIONED)
    return used
  }
  for (let i = 0; i < shape.mpans; ) i += add(mpanKey(i), ESME, i + 1 < shape.mpans ? i + 1 : -1)
  for (let i = 0; i < shape.mprns; i++) add(mprnKey(i), GSME, -1)
  return { meterPoints: shape.mpans + shape.mprns, meters, hubs }
}

/**
 * A synthetic inventory as records (`Model.Inventory`), for `State.fromInventory` and for tests.
 *
 * @example
 * const inv = inventory({ mpans: 550, mprns: 450, seed: 7 })
 * inv.meterPoints.length // 1000
 * @since 0.1.0
 * @category constructors
 */
export const inventory = (shape: Shape): Inventory => {
  const mps: InventoryMeterPoint[] = []
  const devs: Array<{ -readonly [K in keyof InventoryDevice]: InventoryDevice[K] }> = []
  generate(shape, {
    meterPoint: (key, flag, date, notified) => {
      const f = Codes.flagByCode[flag]!
      const d = Codes.dateOfCode(date)
      mps.push({
        id: MeterPointKey.idOf(key) as MeterPointIdModule.MeterPointId,
        flag: f,
        effectiveFrom: d,
        notified: notified && f !== null ? { flag: f, effectiveFrom: d! } : null,
      })
      return mps.length - 1
    },
    device: (hi, lo, type, status) => {
      devs.push({ id: DeviceKey.idOf(hi, lo), type: ['ESME', 'GSME', 'CHF', 'GPF', 'PPMID', 'HCALCS', 'IHD', 'CAD'][type] as InventoryDevice['type'], status: Codes.statusByCode[status]!, meterPoints: [] })
      return devs.length - 1
    },
    link: (d, m) => {
      devs[d]!.meterPoints = [...(devs[d]!.meterPoints ?? []), mps[m]!.id]
    },
  })
  return { meterPoints: mps, devices: devs }
}

/** Options of {@link month}. @since 0.1.0 @category model */
export interface MonthOptions {
  /** How many events. */
  readonly events: number
  /** Days the events span (30 by default), from `start`. */
  readonly days?: number
  /** The first day, `YYYYMMDD` (20240315 by default: the span crosses the clocks going forward). */
  readonly start?: CalendarDate.CalendarDate
  readonly seed?: number
  /** The id of the first event (`e0` by default is `${prefix}0`). */
  readonly prefix?: string
}

const two = (n: number): string => (n < 10 ? '0' : '') + String(n)

/**
 * A month of valid transitions over an inventory (every event applies under the strict lifecycle):
 * 85% status changes of existing meters along allowed changes (never out of Decommissioned), 15%
 * new installs (a Pending meter registered and linked to an unserved meter point of its fuel; its
 * status changes come later). No unlinks or deletions, so the final flags follow from the final
 * statuses and links alone (what the SQL comparison derives). Instants increase.
 *
 * @example
 * const events = month(inventory({ mpans: 550, mprns: 450 }), { events: 1000 })
 * @since 0.1.0
 * @category constructors
 */
export const month = (inv: Inventory, options: MonthOptions): ReadonlyArray<Event> => {
  const rnd = prng(options.seed ?? 2)
  const prefix = options.prefix ?? 'e'
  const days = options.days ?? 30
  const start = options.start ?? ('20240315' as CalendarDate.CalendarDate)
  const startSecs = CalendarDate.daysFromCivil(+start.slice(0, 4), +start.slice(4, 6), +start.slice(6, 8)) * 86400
  const step = (days * 86400) / Math.max(1, options.events)
  const strict = Lifecycle.strict
  // meters we may change: id, current status, linked
  const ids: string[] = []
  const statuses: DeviceStatus[] = []
  for (const d of inv.devices) {
    if (d.type !== 'ESME' && d.type !== 'GSME') continue
    ids.push(d.id)
    statuses.push(d.status ?? 'Pending')
  }
  const served = new Set<string>()
  for (const d of inv.devices) for (const m of d.meterPoints ?? []) served.add(m)
  const free: { electricity: string[]; gas: string[] } = { electricity: [], gas: [] }
  for (const mp of inv.meterPoints) if (!served.has(mp.id)) (mp.id.length === 13 ? free.electricity : free.gas).push(mp.id)
  const out: Event[] = []
  let n = 0
  let fresh = 0
  const at = (): Instant.Instant => {
    const secs = Math.floor(startSecs + n * step)
    const day = Math.floor(secs / 86400)
    const sod = secs - day * 86400
    const d = CalendarDate.civilFromDays(day)
    return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${two(Math.floor(sod / 3600))}:${two(Math.floor((sod % 3600) / 60))}:${two(sod % 60)}Z` as Instant.Instant
  }
  while (out.length < options.events) {
    const r = rnd()
    if (r < 0.15 && out.length + 2 <= options.events) {
      const gas = rnd() < 0.45
      const pool = gas ? free.gas : free.electricity
      if (pool.length === 0) continue
      const j = Math.floor(rnd() * pool.length)
      const mp = pool[j]! as MeterPointIdModule.MeterPointId
      pool[j] = pool[pool.length - 1]!
      pool.pop()
      const id = DeviceKey.idOf(NEW_HI, fresh++)
      out.push({ eventId: `${prefix}${n}`, at: at(), type: 'DeviceRegistered', deviceId: id, deviceType: gas ? 'GSME' : 'ESME' })
      n++
      out.push({ eventId: `${prefix}${n}`, at: at(), type: 'MeterPointLinked', deviceId: id, meterPoint: mp })
      n++
      ids.push(id)
      statuses.push('Pending')
      continue
    }
    if (ids.length === 0) break
    const k = Math.floor(rnd() * ids.length)
    const from = statuses[k]!
    const options2 = strict[from]
    if (options2.length === 0) continue
    // prefer the usual life: towards Commissioned, rarely away
    const to = options2.includes('Commissioned') && rnd() < 0.6 ? 'Commissioned' : options2[Math.floor(rnd() * options2.length)]!
    statuses[k] = to
    out.push({ eventId: `${prefix}${n}`, at: at(), type: 'StatusChanged', deviceId: ids[k]! as DeviceIdModule.DeviceId, status: to })
    n++
  }
  return out
}

/**
 * A synthetic inventory generated straight into a compact store (no records): what GB-scale loads
 * use. Capacity is reserved up front.
 *
 * @example
 * const { state } = compactStore({ mpans: 30_000_000, mprns: 24_000_000, hubs: true })
 * @since 0.1.0
 * @category constructors
 */
export const compactStore = (shape: Shape): { readonly state: State.State; readonly generated: Generated } => {
  const served = shape.served ?? 0.65
  const mps = shape.mpans + shape.mprns
  const b = new Builder({ meterPoints: mps, devices: Math.ceil(mps * served * (shape.hubs === true ? 2 : 1) * 1.01) + 16 })
  const generated = generate(shape, {
    meterPoint: (key, flag, date, notified) => b.addMeterPoint(key, flag, date, notified ? flag : 0, notified ? date : Codes.NO_DATE),
    device: (hi, lo, type, status) => b.addDevice(hi, lo, type, status),
    link: (d, m) => b.link(d, m),
  })
  return { state: ofRef(b.build()), generated }
}
