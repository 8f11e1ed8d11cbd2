/**
 * The inventory snapshot (docs/contract.md "Inventory"): every meter point with its flag and what was last
 * sent for it, every device with its status and links, and optionally the file counters a database
 * export carries. Field-by-field codecs here; the rules across fields and records are the
 * {@link InventoryChecker}'s, and whole values decode with `decodeInventory`.
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import type { CalendarDate } from '../../identifiers/CalendarDate'
import type { DeviceId } from '../../identifiers/DeviceId'
import type { Flag } from '../../identifiers/Flag'
import type { Instant } from '../../identifiers/Instant'
import type { MeterPointId } from '../../identifiers/MeterPointId'
import type { DeviceStatus, DeviceType } from './Device'
import { dateField, deviceIdCodec, deviceStatusField, deviceTypeField, flagField, instantCodec, meterPointIdCodec, positiveIntegerCodec } from './Fields'
import type { Hold, Notified } from './Records'
import { strictStruct } from './StrictStruct'

/** A meter point of the inventory snapshot. @since 0.1.0 @category model */
export interface InventoryMeterPoint {
  readonly id: MeterPointId
  /** With `effectiveFrom`: both given, or both null/absent. */
  readonly flag?: Flag | null
  readonly effectiveFrom?: CalendarDate | null
  readonly notified?: Notified | null
  /** Set by the outbox after an E46 `RJ`; absent or null when none. */
  readonly held?: Hold | null
}

/** A device of the inventory snapshot. @since 0.1.0 @category model */
export interface InventoryDevice {
  readonly id: DeviceId
  readonly type: DeviceType
  /** Required for every type but IHD and CAD, which must have none. */
  readonly status?: DeviceStatus | null
  readonly meterPoints?: ReadonlyArray<MeterPointId>
  /** The instant of the last event applied to it (docs/rules.md section 4); null or absent: none known. */
  readonly lastEventAt?: Instant | null
}

/**
 * The next numbers of the two outgoing file counters (docs/rules.md section 6): D0350 File
 * Identifiers and DXI Generation Numbers. A database export writes them so that a database
 * created from the export never reuses a number; the engine's state ignores them.
 *
 * @since 0.2.0
 * @category model
 */
export interface Counters {
  readonly nextFileId: number
  readonly nextGeneration: number
}

/** The inventory snapshot. @since 0.1.0 @category model */
export interface Inventory {
  readonly meterPoints: ReadonlyArray<InventoryMeterPoint>
  readonly devices: ReadonlyArray<InventoryDevice>
  readonly counters?: Counters
}

const notifiedCodec = strictStruct<Notified>('Notified', { flag: flagField, effectiveFrom: dateField })
const holdCodec = strictStruct<Hold>('Hold', { flag: flagField, effectiveFrom: dateField, reason: t.string })

/**
 * io-ts codec of one inventory meter point, field by field (unknown fields rejected).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isRight(Model.inventoryMeterPointCodec.decode({ id: '1200023305967', flag: 'A', effectiveFrom: '20240101' })) // true
 * @since 0.2.0
 * @category codecs
 */
export const inventoryMeterPointCodec: t.Type<InventoryMeterPoint, unknown, unknown> = strictStruct<InventoryMeterPoint, unknown>(
  'InventoryMeterPoint',
  { id: meterPointIdCodec },
  { flag: flagField, effectiveFrom: dateField, notified: notifiedCodec, held: holdCodec },
  true,
)

/**
 * io-ts codec of one inventory device, field by field (unknown fields rejected; device ids
 * normalised).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isRight(Model.inventoryDeviceCodec.decode({ id: '000d6f0000000001', type: 'ESME', status: 'Commissioned' })) // true
 * @since 0.2.0
 * @category codecs
 */
export const inventoryDeviceCodec: t.Type<InventoryDevice, unknown, unknown> = strictStruct<InventoryDevice, unknown>(
  'InventoryDevice',
  { id: deviceIdCodec, type: deviceTypeField },
  { status: deviceStatusField, meterPoints: t.array(meterPointIdCodec), lastEventAt: instantCodec },
  true,
)

/**
 * io-ts codec of the inventory's `counters`.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isLeft(Model.countersCodec.decode({ nextFileId: 0, nextGeneration: 1 })) // true: counters start at 1
 * @since 0.2.0
 * @category codecs
 */
export const countersCodec: t.Type<Counters, unknown, unknown> = strictStruct<Counters, unknown>('Counters', {
  nextFileId: positiveIntegerCodec,
  nextGeneration: positiveIntegerCodec,
})

/**
 * io-ts codec of the inventory's shape, field by field. The rules across fields and records (a
 * flag with its date, link rules, duplicate ids) are checked by `decodeInventory`.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isRight(Model.inventoryCodec.decode({ meterPoints: [], devices: [] })) // true
 * @since 0.1.0
 * @category codecs
 */
export const inventoryCodec: t.Type<Inventory, unknown, unknown> = strictStruct<Inventory, unknown>(
  'Inventory',
  { meterPoints: t.array(inventoryMeterPointCodec), devices: t.array(inventoryDeviceCodec) },
  { counters: countersCodec },
)
