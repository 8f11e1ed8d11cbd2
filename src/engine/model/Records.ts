/**
 * The records a state holds: one per meter point, one per device. Records are immutable values:
 * the reducer replaces them, never changes them.
 *
 * @since 0.2.0
 */
import type { CalendarDate } from '../../identifiers/CalendarDate'
import type { DeviceId } from '../../identifiers/DeviceId'
import type { Flag } from '../../identifiers/Flag'
import type { Instant } from '../../identifiers/Instant'
import type { Fuel, MeterPointId } from '../../identifiers/MeterPointId'
import type { DeviceStatus, DeviceType } from './Device'

/** A (flag, effective-from) pair, as last sent to a registry. @since 0.1.0 @category model */
export interface Notified {
  readonly flag: Flag
  readonly effectiveFrom: CalendarDate
}

/**
 * Why a meter point is held back from notification (set by the outbox after an E46 `RJ`): the
 * pair the registry rejected and its reason.
 *
 * @since 0.1.0
 * @category model
 */
export interface Hold {
  readonly flag: Flag
  readonly effectiveFrom: CalendarDate
  readonly reason: string
}

/** A meter point as the state holds it. @since 0.1.0 @category model */
export interface MeterPointRecord {
  readonly id: MeterPointId
  readonly fuel: Fuel
  readonly flag: Flag | null
  readonly effectiveFrom: CalendarDate | null
  /** The smart meters linked to it now, in device id order. */
  readonly meters: ReadonlyArray<DeviceId>
  readonly notified: Notified | null
  readonly held: Hold | null
}

/** A device as the state holds it. @since 0.1.0 @category model */
export interface DeviceRecord {
  readonly id: DeviceId
  readonly type: DeviceType
  /** Null for IHD and CAD, which have no SMI status. */
  readonly status: DeviceStatus | null
  /** The meter points it serves, in the order they were linked (primary import first). */
  readonly meterPoints: ReadonlyArray<MeterPointId>
  /**
   * The instant of the last event applied to it (docs/rules.md section 4), in canonical form
   * (`Instant.ofEpochMicros`: UTC, `Z`), or null when none is known. An event on this device
   * earlier than it is rejected `out_of_order`.
   */
  readonly lastEventAt: Instant | null
}
