/**
 * A flag change (docs/contract.md "A flag change"): what the reducer emits when a policy moves a meter
 * point's flag.
 *
 * @since 0.2.0
 */
import type { CalendarDate } from '../../identifiers/CalendarDate'
import type { Flag } from '../../identifiers/Flag'
import type { Fuel, MeterPointId } from '../../identifiers/MeterPointId'

/** A flag change. @since 0.2.0 @category model */
export interface Change {
  readonly meterPoint: MeterPointId
  readonly fuel: Fuel
  readonly from: Flag | null
  readonly to: Flag
  /**
   * The Europe/London date of the causing event's `at`, or the meter point's current
   * effective-from date when that is later (a flag never moves back in time).
   */
  readonly effectiveFrom: CalendarDate
  readonly eventId: string
  readonly policy: string
}
