/**
 * A policy's reading of a meter point at rest, with no event: what reconciliation derives from
 * the meters linked now (docs/rules.md section 7). It is the policy's `derive` with a null cause,
 * answered from the same compiled table as the reducer's.
 *
 * @since 0.2.0
 */
import type { Flag } from '../../identifiers/Flag'
import type { DeviceStatus } from '../model/Device'
import { flagByCode, flagCode, statusCode } from '../store/Codes'
import { compile } from './Compiled'
import type { Policy } from './Policies'

/**
 * The at-rest reading of `policy`: the flag it derives for a meter point with a current flag and
 * linked smart meters of the given statuses, or null for "leave it".
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.atRest(Policy.mp077)('A', ['Decommissioned']) // 'N'
 * Policy.atRest(Policy.dspAsBuilt)('A', ['Suspended']) // null: a meter still served
 * @since 0.2.0
 * @category derivations
 */
export const atRest = (policy: Policy): ((flag: Flag | null, statuses: ReadonlyArray<DeviceStatus | null>) => Flag | null) => {
  const c = compile(policy)
  return (flag, statuses) => {
    let bits = 0
    for (const s of statuses) {
      const code = statusCode(s)
      if (code > 0) bits |= 1 << (code - 1)
    }
    return flagByCode[c.derive(bits, statuses.length, flagCode(flag), 0)]!
  }
}
