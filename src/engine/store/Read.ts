/**
 * Records read from rows: the `MeterPointRecord` and `DeviceRecord` values the `State` API hands
 * out, built on read, and the rows in id order.
 *
 * @internal
 * @since 0.2.0
 */
import type { DeviceId } from '../../identifiers/DeviceId'
import * as DeviceKey from '../../identifiers/DeviceKey'
import * as Instant from '../../identifiers/Instant'
import type { MeterPointId } from '../../identifiers/MeterPointId'
import * as MeterPointKey from '../../identifiers/MeterPointKey'
import type { DeviceRecord, MeterPointRecord } from '../model/Records'
import { dateOfCode, flagByCode, statusByCode, typeByCode } from './Codes'
import { DEV, LINK, MP } from './Layout'
import type { Family, Version } from './Store'

/**
 * The id of device row `r`.
 *
 * @example
 * deviceIdAt(new Int32Array([0x000d6f00, 1, 0, 0, 0, 0, 0, 0]), 0) // '00-0D-6F-00-00-00-00-01'
 * @since 0.2.0
 * @category reads
 */
export const deviceIdAt = (dev: Int32Array, r: number): DeviceId => DeviceKey.idOf(dev[r * DEV.stride]! >>> 0, dev[r * DEV.stride + 1]! >>> 0)

/**
 * The id of meter point row `r`.
 *
 * @example
 * meterPointIdAt(Float64Array.of(1200023305967, 0, 0), 0) // '1200023305967'
 * @since 0.2.0
 * @category reads
 */
export const meterPointIdAt = (mpF: Float64Array, r: number): MeterPointId => MeterPointKey.idOf(mpF[r * 3]!) as MeterPointId

/**
 * The next meter after device row `d` in the list of meter point row `m` (a row, or -1).
 *
 * @example
 * // nextMeter(f, d, m)
 * @since 0.2.0
 * @category reads
 */
export const nextMeter = (dev: Int32Array, link: Int32Array, d: number, m: number): number => {
  const w = d * DEV.stride
  if (dev[w + DEV.mp0] === m + 1) return dev[w + DEV.next0]! - 1
  return link[(dev[w + DEV.link2]! - 1) * LINK.stride + LINK.next]! - 1
}

/**
 * The device rows of the meters linked to meter point row `m`, in list order.
 *
 * @example
 * // metersOf(f, m)
 * @since 0.2.0
 * @category reads
 */
export const metersOf = (f: Family, m: number): number[] => {
  const out: number[] = []
  for (let d = f.mp[m * MP.stride + MP.first]! - 1; d >= 0; d = nextMeter(f.dev, f.link, d, m)) out.push(d)
  return out
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The record of meter point row `m`.
 *
 * @example
 * // meterPointAt(f, m)
 * @since 0.2.0
 * @category reads
 */
export const meterPointAt = (f: Family, m: number): MeterPointRecord => {
  const w = m * MP.stride
  const meta = f.mp[w + MP.meta]!
  const id = meterPointIdAt(f.mpF, m)
  const meters = metersOf(f, m).map((d) => deviceIdAt(f.dev, d))
  if (meters.length > 1) meters.sort(byString)
  const nf = (meta >>> 3) & 7
  return {
    id,
    fuel: id.length === 13 ? 'electricity' : 'gas',
    flag: flagByCode[meta & 7]!,
    effectiveFrom: dateOfCode(f.mp[w + MP.date]!),
    meters,
    notified: nf === 0 ? null : { flag: flagByCode[nf]!, effectiveFrom: dateOfCode(f.mp[w + MP.notifiedDate]!)! },
    held: f.holds.get(m) ?? null,
  }
}

/**
 * True when device row `d` is deleted.
 *
 * @example
 * isDeleted(new Int32Array([0, 0, 128, 0, 0, 0, 0, 0]), 0) // true
 * @since 0.2.0
 * @category reads
 */
export const isDeleted = (dev: Int32Array, d: number): boolean => (dev[d * DEV.stride + DEV.meta]! & 128) !== 0

/**
 * The meter point rows device row `d` serves, in link order (primary first).
 *
 * @example
 * // servedBy(f, d)
 * @since 0.2.0
 * @category reads
 */
export const servedBy = (f: Family, d: number): number[] => {
  const w = d * DEV.stride
  const out: number[] = []
  const m0 = f.dev[w + DEV.mp0]!
  if (m0 !== 0) out.push(m0 - 1)
  const l = f.dev[w + DEV.link2]!
  if (l !== 0) {
    const m1 = f.link[(l - 1) * LINK.stride + LINK.mp]!
    if (m1 !== 0) out.push(m1 - 1)
  }
  return out
}

/**
 * The record of device row `d` (deleted or not: check {@link isDeleted}).
 *
 * @example
 * // deviceAt(f, d)
 * @since 0.2.0
 * @category reads
 */
export const deviceAt = (f: Family, d: number): DeviceRecord => {
  const w = d * DEV.stride
  const meta = f.dev[w + DEV.meta]!
  const at = f.devF[(w + DEV.at) >> 1]!
  return {
    id: deviceIdAt(f.dev, d),
    type: typeByCode[(meta >>> 4) & 7]!,
    status: statusByCode[meta & 15]!,
    meterPoints: servedBy(f, d).map((m) => meterPointIdAt(f.mpF, m)),
    lastEventAt: Number.isNaN(at) ? null : Instant.ofEpochMicros(at),
  }
}

/** A meter point key in the order of ids as strings: base 11, a digit d as d + 1, the end as 0. */
const lexKey = (key: number): number => {
  const id = MeterPointKey.idOf(key)
  let v = 0
  for (let i = 0; i < 13; i++) v = v * 11 + (i < id.length ? id.charCodeAt(i) - 47 : 0)
  return v
}

/**
 * The meter point rows of a version in id order (cached on the version).
 *
 * @example
 * // meterPointOrder(v, f)
 * @since 0.2.0
 * @category reads
 */
export const meterPointOrder = (v: Version, f: Family): Int32Array => {
  if (v.mpOrder !== null) return v.mpOrder
  const n = v.contents.mpCount
  const keys = new Float64Array(n)
  for (let r = 0; r < n; r++) keys[r] = lexKey(f.mpF[r * 3]!)
  const order = Int32Array.from(MeterPointKey.sortedOrder(keys, n))
  v.mpOrder = order
  return order
}

/**
 * The live (not deleted) device rows of a version in id order (cached on the version).
 *
 * @example
 * // deviceOrder(v, f)
 * @since 0.2.0
 * @category reads
 */
export const deviceOrder = (v: Version, f: Family): Int32Array => {
  if (v.devOrder !== null) return v.devOrder
  const n = v.contents.devCount
  const live: number[] = []
  for (let r = 0; r < n; r++) if (!isDeleted(f.dev, r)) live.push(r)
  const m = live.length
  // stable LSD: by the low half, then by the high half (unsigned)
  const lo = new Float64Array(m)
  for (let k = 0; k < m; k++) lo[k] = f.dev[live[k]! * DEV.stride + 1]! >>> 0
  const byLo = MeterPointKey.sortedOrder(lo, m)
  const hi = new Float64Array(m)
  for (let k = 0; k < m; k++) hi[k] = f.dev[live[byLo[k]!]! * DEV.stride]! >>> 0
  const byHi = MeterPointKey.sortedOrder(hi, m)
  const order = new Int32Array(m)
  for (let k = 0; k < m; k++) order[k] = live[byLo[byHi[k]!]!]!
  v.devOrder = order
  return order
}
