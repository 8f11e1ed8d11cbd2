/**
 * Between the engine's records and the database's rows: meter point keys, device id halves, dates
 * as `YYYYMMDD` integers, type and status codes. Rows are read "raw" (arrays, in the column order
 * of the `SELECT`s below), the cheapest shape better-sqlite3 returns.
 *
 * @since 0.2.0
 */
import type { CalendarDate, DeviceId, Flag, MeterPointId } from 'dcc-service-flags'
import { DeviceKey, Instant, MeterPointId as MeterPointIds, MeterPointKey } from 'dcc-service-flags'
import type { Model } from 'dcc-service-flags'
import * as Schema from './Schema'

/**
 * The columns of a meter point row, in the order {@link meterPointOf} reads them.
 *
 * @example
 * `SELECT ${METER_POINT_COLUMNS} FROM meter_point WHERE key = ?`
 * @since 0.2.0
 * @category constants
 */
export const METER_POINT_COLUMNS = 'key, flag, eff, sent_flag, sent_eff, held_flag, held_eff, held_reason'

/** A meter point row, raw. @since 0.2.0 @category model */
export type MeterPointRow = readonly [
  key: number,
  flag: string | null,
  eff: number | null,
  sentFlag: string | null,
  sentEff: number | null,
  heldFlag: string | null,
  heldEff: number | null,
  heldReason: string | null,
]

/**
 * The columns of a device row, in the order {@link deviceOf} reads them.
 *
 * @example
 * `SELECT ${DEVICE_COLUMNS} FROM device WHERE hi = ? AND lo = ?`
 * @since 0.2.0
 * @category constants
 */
export const DEVICE_COLUMNS = 'hi, lo, type, status, last_event_at, mp1, mp2'

/** A device row, raw. @since 0.2.0 @category model */
export type DeviceRow = readonly [
  hi: number,
  lo: number,
  type: number,
  status: number | null,
  lastEventAtMicros: number | null,
  mp1: number | null,
  mp2: number | null,
]

/**
 * The key of a meter point id (its `MeterPointKey`).
 *
 * @example
 * keyOf('1200023305967') // 1200023305967
 * @since 0.2.0
 * @category conversions
 */
export const keyOf = (id: string): number => MeterPointKey.keyOf(id)

/**
 * The meter point id of a key.
 *
 * @example
 * idOf(1200023305967) // '1200023305967'
 * @since 0.2.0
 * @category conversions
 */
export const idOf = (key: number): MeterPointId.MeterPointId => MeterPointKey.idOf(key) as MeterPointId.MeterPointId

/**
 * A date as stored: `YYYYMMDD` as an integer (null stays null).
 *
 * @example
 * import type { CalendarDate } from 'dcc-service-flags'
 * dateToInt('20211104' as CalendarDate.CalendarDate) // 20211104
 * @since 0.2.0
 * @category conversions
 */
export const dateToInt = (d: CalendarDate.CalendarDate | null): number | null => (d === null ? null : Number(d))

/**
 * A stored date back as `YYYYMMDD`.
 *
 * @example
 * intToDate(20211104) // '20211104'
 * @since 0.2.0
 * @category conversions
 */
export const intToDate = (n: number | null): CalendarDate.CalendarDate | null => (n === null ? null : (String(n) as CalendarDate.CalendarDate))

/**
 * The two 32-bit halves of a canonical device id (high first).
 *
 * @example
 * import type { DeviceId } from 'dcc-service-flags'
 * halvesOf('00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId) // [880384, 1]
 * @since 0.2.0
 * @category conversions
 */
export const halvesOf = (id: DeviceId.DeviceId): readonly [number, number] => [DeviceKey.hi(id), DeviceKey.lo(id)]

/**
 * A meter point record from its row and its linked smart meters (in device id order).
 *
 * @example
 * meterPointOf([1200023305967, 'A', 20211104, null, null, null, null, null], [])
 * @since 0.2.0
 * @category conversions
 */
export const meterPointOf = (row: MeterPointRow, meters: ReadonlyArray<DeviceId.DeviceId>): Model.MeterPointRecord => {
  const id = idOf(row[0])
  return {
    id,
    fuel: MeterPointIds.fuelOf(id)!,
    flag: row[1] as Flag.Flag | null,
    effectiveFrom: intToDate(row[2]),
    meters,
    notified: row[3] === null ? null : { flag: row[3] as Flag.Flag, effectiveFrom: intToDate(row[4])! },
    held: row[5] === null ? null : { flag: row[5] as Flag.Flag, effectiveFrom: intToDate(row[6])!, reason: row[7] ?? '' },
  }
}

/**
 * The row of a meter point record (without its meters: links live on devices).
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * declare const record: Model.MeterPointRecord
 * meterPointRow(record) // [key, flag, eff, sent_flag, sent_eff, held_flag, held_eff, held_reason]
 * @since 0.2.0
 * @category conversions
 */
export const meterPointRow = (mp: {
  readonly id: string
  readonly flag: Flag.Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
  readonly notified: Model.Notified | null
  readonly held: Model.Hold | null
}): MeterPointRow => [
  keyOf(mp.id),
  mp.flag,
  dateToInt(mp.effectiveFrom),
  mp.notified === null ? null : mp.notified.flag,
  mp.notified === null ? null : dateToInt(mp.notified.effectiveFrom),
  mp.held === null ? null : mp.held.flag,
  mp.held === null ? null : dateToInt(mp.held.effectiveFrom),
  mp.held === null ? null : mp.held.reason,
]

/**
 * A device record from its row.
 *
 * @example
 * deviceOf([880384, 1, 1, 4, null, 1200023305967, null]).status // 'Commissioned'
 * @since 0.2.0
 * @category conversions
 */
export const deviceOf = (row: DeviceRow): Model.DeviceRecord => {
  const meterPoints: MeterPointId.MeterPointId[] = []
  if (row[5] !== null) meterPoints.push(idOf(row[5]))
  if (row[6] !== null) meterPoints.push(idOf(row[6]))
  return {
    id: DeviceKey.idOf(row[0], row[1]),
    type: Schema.typeOfCode[row[2]]!,
    status: row[3] === null ? null : Schema.statusOfCode[row[3]]!,
    lastEventAt: row[4] === null ? null : Instant.ofEpochMicros(row[4]),
    meterPoints,
  }
}

/**
 * The row of a device record. A device serves at most two meter points (an ESME's two MPANs): more
 * is a programmer error (the engine never makes one).
 *
 * @example
 * import type { Model } from 'dcc-service-flags'
 * declare const record: Model.DeviceRecord
 * deviceRow(record) // [hi, lo, type, status, last_event_at, mp1, mp2]
 * @since 0.2.0
 * @category conversions
 */
export const deviceRow = (d: {
  readonly id: DeviceId.DeviceId
  readonly type: Model.DeviceType
  readonly status?: Model.DeviceStatus | null
  readonly lastEventAt?: Instant.Instant | null
  readonly meterPoints?: ReadonlyArray<string>
}): DeviceRow => {
  const links = d.meterPoints ?? []
  if (links.length > 2) throw new RangeError(`device ${d.id} serves ${links.length} meter points; the database holds at most two per device`)
  const [hi, lo] = halvesOf(d.id)
  return [
    hi,
    lo,
    Schema.typeCodes[d.type],
    d.status === undefined || d.status === null ? null : Schema.statusCodes[d.status],
    d.lastEventAt === undefined || d.lastEventAt === null ? null : Instant.epochMicros(d.lastEventAt),
    links.length > 0 ? keyOf(links[0]!) : null,
    links.length > 1 ? keyOf(links[1]!) : null,
  ]
}
