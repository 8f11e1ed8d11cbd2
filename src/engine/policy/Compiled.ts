/**
 * A policy compiled into a lookup table: the reducer's one path for every policy. The table is
 * indexed by the summary in numbers — the linked meters' statuses as 9 bits, their count (0–3,
 * saturating), the current flag code and the cause code — and filled lazily: the first time a
 * summary is met, the policy's `derive` is called on it and its answer kept. Any policy (built-in,
 * `mp077With` variant, a user's own) takes the same path; nothing is recognised by identity.
 *
 * Cause codes: 0 at rest; 1 + 9(from − 1) + (to − 1) for a status change (1–81); 82 + status − 1
 * for a link; 91 + status − 1 for an unlink; 100 + status − 1 for a deletion (statuses as codes
 * 1–9).
 *
 * @internal
 * @since 0.2.0
 */
import { flagByCode, flagCode, statusByCode } from '../store/Codes'
import type { DeviceStatus } from '../model/Device'
import type { Policy } from './Policies'
import type { Cause, Summary } from './Summary'

/** Cause codes. */
const CAUSES = 109
const UNKNOWN = 0xff

/**
 * The cause code of a status change (codes 1–9 each).
 *
 * @example
 * statusChangedCause(3, 4) // 21: InstalledNotCommissioned → Commissioned
 * @since 0.2.0
 * @category codes
 */
export const statusChangedCause = (from: number, to: number): number => 1 + 9 * (from - 1) + (to - 1)

/**
 * The cause code of a link of a meter of status `status` (code 1–9).
 *
 * @example
 * linkedCause(4) // 85
 * @since 0.2.0
 * @category codes
 */
export const linkedCause = (status: number): number => 81 + status

/**
 * The cause code of an unlink (or, with `deleted`, a deletion) of a meter of status `status`.
 *
 * @example
 * unlinkedCause(4, false) // 94
 * @since 0.2.0
 * @category codes
 */
export const unlinkedCause = (status: number, deleted: boolean): number => (deleted ? 99 : 90) + status

const causeOf = (code: number): Cause | null => {
  if (code === 0) return null
  if (code <= 81) {
    const k = code - 1
    return { kind: 'statusChanged', from: statusByCode[Math.floor(k / 9) + 1] as DeviceStatus, to: statusByCode[(k % 9) + 1] as DeviceStatus }
  }
  if (code <= 90) return { kind: 'linked', status: statusByCode[code - 81] as DeviceStatus }
  if (code <= 99) return { kind: 'unlinked', status: statusByCode[code - 90] as DeviceStatus, deleted: false }
  return { kind: 'unlinked', status: statusByCode[code - 99] as DeviceStatus, deleted: true }
}

const summaryOf = (bits: number, count: number, flag: number, cause: number): Summary => {
  const statuses = new Set<DeviceStatus>()
  for (let s = 1; s <= 9; s++) if ((bits & (1 << (s - 1))) !== 0) statuses.add(statusByCode[s] as DeviceStatus)
  return { statuses, count: count as Summary['count'], flag: flagByCode[flag]!, cause: causeOf(cause) }
}

/**
 * A compiled policy: {@link Compiled.derive} answers in codes from the table, asking the policy
 * only for summaries not met before.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * const c = compile(Policy.mp077)
 * c.derive(1 << 3, 1, 0, 0) // 1: a Commissioned meter (bit 3) gives A
 * @since 0.2.0
 * @category model
 */
export class Compiled {
  readonly name: string
  private readonly table = new Uint8Array(512 * 4 * 6 * CAUSES).fill(UNKNOWN)

  constructor(private readonly policy: Policy) {
    this.name = policy.name
  }

  /**
   * The flag code the policy derives (0: leave the flag) for meters of statuses `bits` (bit s − 1
   * for status code s), `count` of them (saturated at 3), the current flag code and a cause code.
   */
  derive(bits: number, count: number, flag: number, cause: number): number {
    const i = ((bits * 4 + (count > 3 ? 3 : count)) * 6 + flag) * CAUSES + cause
    const v = this.table[i]!
    return v !== UNKNOWN ? v : this.fill(i, bits, count > 3 ? 3 : count, flag, cause)
  }

  private fill(i: number, bits: number, count: number, flag: number, cause: number): number {
    const p = this.policy
    const got = p.derive(summaryOf(bits, count, flag, cause))
    if (got !== null && !p.flags.includes(got)) {
      throw new TypeError(`policy ${p.name} derived flag ${String(got)}, which is not among its flags (${p.flags.join(', ')})`)
    }
    const code = got === null ? 0 : flagCode(got)
    if (code < 0) throw new TypeError(`policy ${p.name} derived ${String(got)}, which is not a flag`)
    this.table[i] = code
    return code
  }
}

const cache = new WeakMap<Policy, Compiled>()

/**
 * The compiled form of a policy (one per policy value, kept while the policy lives).
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * compile(Policy.mp077) === compile(Policy.mp077) // true
 * @since 0.2.0
 * @category constructors
 */
export const compile = (policy: Policy): Compiled => {
  let c = cache.get(policy)
  if (c === undefined) {
    c = new Compiled(policy)
    cache.set(policy, c)
  }
  return c
}
