/**
 * Rejected events (docs/contract.md): every event the reducer cannot apply comes back with a code, never
 * dropped. When several codes apply, the first in {@link rejectionCodes} wins.
 *
 * @since 0.2.0
 */

/** Why an event was rejected (docs/contract.md). @since 0.1.0 @category model */
export type RejectionCode =
  | 'invalid_event'
  | 'duplicate_event'
  | 'future_event'
  | 'duplicate_device'
  | 'unknown_device'
  | 'out_of_order'
  | 'device_decommissioned'
  | 'not_a_smart_meter'
  | 'wrong_fuel_link'
  | 'forbidden_status_change'
  | 'already_linked'
  | 'not_linked'
  | 'too_many_links'

/**
 * Rejection codes in precedence order (docs/contract.md): when several apply, the first wins.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.rejectionCodes.indexOf('invalid_event') // 0: it wins over every other code
 * Model.rejectionCodes.indexOf('future_event') < Model.rejectionCodes.indexOf('unknown_device') // true
 * @since 0.1.0
 * @category constants
 */
export const rejectionCodes: ReadonlyArray<RejectionCode> = [
  'invalid_event', 'duplicate_event', 'future_event', 'duplicate_device', 'unknown_device', 'out_of_order',
  'device_decommissioned', 'not_a_smart_meter', 'wrong_fuel_link', 'forbidden_status_change', 'already_linked',
  'not_linked', 'too_many_links',
]

/** A rejected event: `eventId` is null when none could be read. @since 0.1.0 @category model */
export interface Rejection {
  readonly eventId: string | null
  readonly code: RejectionCode
  readonly message: string
}
