/**
 * The numeric codes every store and the compiled tables share: flags, SMI statuses, device types
 * and calendar dates as small integers.
 *
 * @internal
 * @since 0.2.0
 */
import * as CalendarDate from '../../identifiers/CalendarDate'
import type { Flag } from '../../identifiers/Flag'
import type { DeviceStatus, DeviceType } from '../model/Device'
import { deviceStatuses, deviceTypes, fuelServed, hasStatus, maxMeterPoints } from '../model/Device'

/**
 * Flag codes: 0 is null, then A, I, N, S, W.
 *
 * @example
 * flagByCode[1] // 'A'
 * @since 0.2.0
 * @category codes
 */
export const flagByCode: ReadonlyArray<Flag | null> = [null, 'A', 'I', 'N', 'S', 'W']

/**
 * The code of a flag (0 for null).
 *
 * @example
 * flagCode('A') // 1
 * @since 0.2.0
 * @category codes
 */
export const flagCode = (flag: Flag | null): number =>
  flag === null ? 0 : flag === 'A' ? 1 : flag === 'I' ? 2 : flag === 'N' ? 3 : flag === 'S' ? 4 : flag === 'W' ? 5 : -1

/**
 * Status codes: 0 is null (IHD, CAD), then `Model.deviceStatuses` from 1.
 *
 * @example
 * statusByCode[4] // 'Commissioned'
 * @since 0.2.0
 * @category codes
 */
export const statusByCode: ReadonlyArray<DeviceStatus | null> = [null, ...deviceStatuses]

/**
 * The code of an SMI status (0 for null; -1 for a string that is not a status).
 *
 * @example
 * statusCode('Commissioned') // 4
 * @since 0.2.0
 * @category codes
 */
export const statusCode = (status: DeviceStatus | null): number => {
  // a switch, not a keyed lookup: it runs once per replayed event (order as Model.deviceStatuses)
  switch (status) {
    case null:
      return 0
    case 'Pending':
      return 1
    case 'Whitelisted':
      return 2
    case 'InstalledNotCommissioned':
      return 3
    case 'Commissioned':
      return 4
    case 'Suspended':
      return 5
    case 'Recovery':
      return 6
    case 'Recovered':
      return 7
    case 'Withdrawn':
      return 8
    case 'Decommissioned':
      return 9
    default:
      return -1
  }
}

/**
 * Type codes: the index in `Model.deviceTypes` (ESME 0, GSME 1, CHF 2, …).
 *
 * @example
 * typeCode('GSME') // 1
 * @since 0.2.0
 * @category codes
 */
export const typeCode = (type: DeviceType): number => {
  switch (type) {
    case 'ESME':
      return 0
    case 'GSME':
      return 1
    case 'CHF':
      return 2
    case 'GPF':
      return 3
    case 'PPMID':
      return 4
    case 'HCALCS':
      return 5
    case 'IHD':
      return 6
    case 'CAD':
      return 7
    default:
      return -1
  }
}

/**
 * The device type of a code.
 *
 * @example
 * typeByCode[0] // 'ESME'
 * @since 0.2.0
 * @category codes
 */
export const typeByCode: ReadonlyArray<DeviceType> = deviceTypes

/**
 * By type code, what `Model.hasStatus` says of the type (1: it has an SMI status), read as a table
 * in the reducer's loop.
 *
 * @example
 * hasStatusByType[typeCode('IHD')] // 0
 * @since 0.2.0
 * @category codes
 */
export const hasStatusByType: Uint8Array = Uint8Array.from(deviceTypes, (t) => (hasStatus(t) ? 1 : 0))

/**
 * By type code, what `Model.maxMeterPoints` says of the type (ESME 2, GSME 1, others 0).
 *
 * @example
 * maxMeterPointsByType[typeCode('ESME')] // 2
 * @since 0.2.0
 * @category codes
 */
export const maxMeterPointsByType: Uint8Array = Uint8Array.from(deviceTypes, maxMeterPoints)

/**
 * By type code, 1 when `Model.fuelServed` says the type serves electricity (ESME).
 *
 * @example
 * servesElectricityByType[typeCode('GSME')] // 0
 * @since 0.2.0
 * @category codes
 */
export const servesElectricityByType: Uint8Array = Uint8Array.from(deviceTypes, (t) => (fuelServed(t) === 'electricity' ? 1 : 0))

/**
 * The date code of no date.
 *
 * @example
 * dateOfCode(NO_DATE) // null
 * @since 0.2.0
 * @category codes
 */
export const NO_DATE = -0x80000000

/**
 * The code of a date: days since 1970-01-01, or {@link NO_DATE}.
 *
 * @example
 * import type { CalendarDate } from 'dcc-service-flags'
 * dateCode('19700102' as CalendarDate.CalendarDate) // 1
 * @since 0.2.0
 * @category codes
 */
export const dateCode = (date: CalendarDate.CalendarDate | null): number =>
  date === null
    ? NO_DATE
    : CalendarDate.daysFromCivil(
        (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48),
        (date.charCodeAt(4) - 48) * 10 + (date.charCodeAt(5) - 48),
        (date.charCodeAt(6) - 48) * 10 + (date.charCodeAt(7) - 48),
      )

// dates come in runs (a replay's events are in time order): the last one's string is kept
let lastCode = NaN
let lastDate: CalendarDate.CalendarDate | null = null

/**
 * The date of a code (inverse of {@link dateCode}).
 *
 * @example
 * dateOfCode(1) // '19700102'
 * @since 0.2.0
 * @category codes
 */
export const dateOfCode = (code: number): CalendarDate.CalendarDate | null => {
  if (code === NO_DATE) return null
  if (code !== lastCode) {
    lastDate = CalendarDate.civilFromDays(code)
    lastCode = code
  }
  return lastDate
}
