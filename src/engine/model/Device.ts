/**
 * Devices of the Smart Metering Inventory (docs/rules.md section 3): their types, their SMI statuses,
 * and what each type may do (which drive flags, which fuel they serve, how many meter points).
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import type { Fuel } from '../../identifiers/MeterPointId'

/** A device type of the Smart Metering Inventory. @since 0.1.0 @category model */
export type DeviceType = 'ESME' | 'GSME' | 'CHF' | 'GPF' | 'PPMID' | 'HCALCS' | 'IHD' | 'CAD'

/**
 * Every device type.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.deviceTypes.includes('ESME') // true
 * @since 0.1.0
 * @category constants
 */
export const deviceTypes: ReadonlyArray<DeviceType> = ['ESME', 'GSME', 'CHF', 'GPF', 'PPMID', 'HCALCS', 'IHD', 'CAD']

/** An SMI device status (docs/rules.md section 3). @since 0.1.0 @category model */
export type DeviceStatus =
  | 'Pending'
  | 'Whitelisted'
  | 'InstalledNotCommissioned'
  | 'Commissioned'
  | 'Suspended'
  | 'Recovery'
  | 'Recovered'
  | 'Withdrawn'
  | 'Decommissioned'

/**
 * Every SMI status, in the order of docs/rules.md section 3.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.deviceStatuses.length // 9
 * @since 0.1.0
 * @category constants
 */
export const deviceStatuses: ReadonlyArray<DeviceStatus> = [
  'Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Suspended',
  'Recovery', 'Recovered', 'Withdrawn', 'Decommissioned',
]

/**
 * io-ts codec of device types.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isRight(Model.deviceTypeCodec.decode('ESME')) // true
 * @since 0.1.0
 * @category codecs
 */
export const deviceTypeCodec: t.Type<DeviceType> = t.keyof(
  { ESME: null, GSME: null, CHF: null, GPF: null, PPMID: null, HCALCS: null, IHD: null, CAD: null },
  'DeviceType',
)

/**
 * io-ts codec of SMI statuses.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isLeft(Model.deviceStatusCodec.decode('Active')) // true
 * @since 0.1.0
 * @category codecs
 */
export const deviceStatusCodec: t.Type<DeviceStatus> = t.keyof(
  {
    Pending: null, Whitelisted: null, InstalledNotCommissioned: null, Commissioned: null, Suspended: null,
    Recovery: null, Recovered: null, Withdrawn: null, Decommissioned: null,
  },
  'DeviceStatus',
)

/**
 * True for the device types that drive flags: ESME and GSME.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.isSmartMeter('ESME') // true
 * Model.isSmartMeter('CHF') // false
 * @since 0.1.0
 * @category refinements
 */
export const isSmartMeter = (type: DeviceType): type is 'ESME' | 'GSME' => type === 'ESME' || type === 'GSME'

/**
 * The fuel a smart meter serves (ESME electricity, GSME gas), or null for other devices.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.fuelServed('GSME') // 'gas'
 * Model.fuelServed('IHD') // null
 * @since 0.1.0
 * @category accessors
 */
export const fuelServed = (type: DeviceType): Fuel | null =>
  type === 'ESME' ? 'electricity' : type === 'GSME' ? 'gas' : null

/**
 * How many meter points a device may serve: 2 for an ESME (twin element: primary and secondary
 * import), 1 for a GSME, 0 for everything else.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.maxMeterPoints('ESME') // 2
 * @since 0.1.0
 * @category accessors
 */
export const maxMeterPoints = (type: DeviceType): number => (type === 'ESME' ? 2 : type === 'GSME' ? 1 : 0)

/**
 * False for the Type 2 devices (IHD, CAD), which have no SMI status.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.hasStatus('IHD') // false
 * Model.hasStatus('CHF') // true
 * @since 0.1.0
 * @category accessors
 */
export const hasStatus = (type: DeviceType): boolean => type !== 'IHD' && type !== 'CAD'
