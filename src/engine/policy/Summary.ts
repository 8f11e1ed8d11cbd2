/**
 * What a policy sees (docs/rules.md section 5): a small summary of the smart meters linked to a meter
 * point, its current flag, and what caused the derivation. Everything a policy may depend on is
 * here, so that every store can compute it cheaply and a policy can be compiled into a table
 * ({@link Compiled}).
 *
 * @since 0.2.0
 */
import type { Flag } from '../../identifiers/Flag'
import type { DeviceStatus } from '../model/Device'

/**
 * What an applied event did to the meter point, with the causing device's status:
 * - `statusChanged`: a linked meter went from `from` to `to` (never equal: a change to the same
 *   status is a no-op and derives nothing);
 * - `linked`: a meter of status `status` was linked;
 * - `unlinked`: a meter of status `status` was unlinked, or deleted (`deleted`), which removes
 *   each of its links.
 *
 * @since 0.1.0
 * @category model
 */
export type Cause =
  | { readonly kind: 'statusChanged'; readonly from: DeviceStatus; readonly to: DeviceStatus }
  | { readonly kind: 'linked'; readonly status: DeviceStatus }
  | { readonly kind: 'unlinked'; readonly status: DeviceStatus; readonly deleted: boolean }

/**
 * A meter point's situation as a policy sees it.
 *
 * @since 0.2.0
 * @category model
 */
export interface Summary {
  /** The statuses of the smart meters linked to the meter point now (after the event). */
  readonly statuses: ReadonlySet<DeviceStatus>
  /** How many smart meters are linked now: 0, 1, 2, or 3 for three or more (saturating). */
  readonly count: 0 | 1 | 2 | 3
  /** The meter point's current flag. */
  readonly flag: Flag | null
  /** What caused the derivation; null for a state at rest (no event: reconciliation's reading). */
  readonly cause: Cause | null
}
