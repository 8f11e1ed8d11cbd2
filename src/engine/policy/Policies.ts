/**
 * Policies: how a meter point's flag follows its smart meters (docs/rules.md section 5). A policy is a
 * value: a `name` (carried by every change it causes), the `flags` it can produce, and `derive`,
 * a pure function of a {@link Summary}: the flag the meter point should have, or null for "leave
 * it". After each applied event the reducer derives every meter point the event touched and emits
 * a change when the flag differs from the current one, so the flag never returns to null.
 *
 * Because `derive` sees only the summary, the reducer compiles any policy (built-in, `mp077With`
 * variant or a user's own) into a lookup table and calls `derive` once per distinct summary: every
 * policy takes the same fast path. `derive` must therefore be pure (same summary, same answer).
 *
 * @since 0.1.0
 */
import type { Flag } from '../../identifiers/Flag'
import type { DeviceStatus } from '../model/Device'
import type { Summary } from './Summary'

/** A flag policy. @since 0.1.0 @category model */
export interface Policy {
  readonly name: string
  /** Every flag `derive` may return (the reducer refuses others: a programmer error). */
  readonly flags: ReadonlyArray<Flag>
  /** The flag the meter point should now have, or null to leave it as it is. Pure. */
  readonly derive: (summary: Summary) => Flag | null
}

/** The "in service" statuses of MP077 (suspension and recovery deliberately left out of the flag). */
const IN_SERVICE: ReadonlyArray<DeviceStatus> = ['Commissioned', 'Suspended', 'Recovery', 'Recovered']

/**
 * True when any linked meter has one of the given statuses.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.anyOf({ statuses: new Set(['Commissioned']), count: 1, flag: null, cause: null }, ['Commissioned', 'Suspended']) // true
 * @since 0.2.0
 * @category utils
 */
export const anyOf = (summary: Summary, statuses: ReadonlyArray<DeviceStatus>): boolean => {
  for (const s of statuses) if (summary.statuses.has(s)) return true
  return false
}

/**
 * True when at least one meter is linked and every linked meter has one of the given statuses.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.allOf({ statuses: new Set(['Withdrawn']), count: 2, flag: 'A', cause: null }, ['Withdrawn']) // true
 * Policy.allOf({ statuses: new Set(), count: 0, flag: 'A', cause: null }, ['Withdrawn']) // false
 * @since 0.2.0
 * @category utils
 */
export const allOf = (summary: Summary, statuses: ReadonlyArray<DeviceStatus>): boolean => {
  if (summary.count === 0) return false
  for (const s of summary.statuses) if (!statuses.includes(s)) return false
  return true
}

/** Options of {@link mp077With}. @since 0.1.0 @category model */
export interface Mp077Options {
  /** Count Whitelisted meters as installed (`I`); off by default. */
  readonly whitelistedCountsAsInstalled?: boolean
  /** The name changes carry; `mp077` by default. */
  readonly name?: string
}

/**
 * The MP077 rules with options. Follows the modification's Proposed Solution (report section 3,
 * "'N' and an 'I' Flag") as docs/rules.md section 5 states it:
 * 1. any linked meter in service (Commissioned, Suspended, Recovery, Recovered) → `A`;
 * 2. else any linked meter InstalledNotCommissioned (and Whitelisted, with the option) → `I`;
 * 3. else, when the meter point has a flag → `N`;
 * 4. else no change (a meter point that never had one stays null).
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * const lenient = Policy.mp077With({ whitelistedCountsAsInstalled: true, name: 'mp077-whitelisted' })
 * lenient.derive({ statuses: new Set(['Whitelisted']), count: 1, flag: null, cause: null }) // 'I'
 * @since 0.1.0
 * @category constructors
 */
export const mp077With = (options: Mp077Options = {}): Policy => {
  const installed: ReadonlyArray<DeviceStatus> = options.whitelistedCountsAsInstalled === true ? ['InstalledNotCommissioned', 'Whitelisted'] : ['InstalledNotCommissioned']
  return {
    name: options.name ?? 'mp077',
    flags: ['A', 'I', 'N'],
    derive: (s) => (anyOf(s, IN_SERVICE) ? 'A' : anyOf(s, installed) ? 'I' : s.flag === null ? null : 'N'),
  }
}

/**
 * `mp077`, the default policy: the rules in force since 4 Nov 2021 (see {@link mp077With};
 * Whitelisted does not count as installed).
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.mp077.derive({ statuses: new Set(), count: 0, flag: 'A', cause: null }) // 'N'
 * @since 0.1.0
 * @category instances
 */
export const mp077: Policy = mp077With()

/** A meter still served: linked and neither Decommissioned nor Withdrawn. */
const stillServed = (s: Summary): boolean => {
  for (const st of s.statuses) if (st !== 'Decommissioned' && st !== 'Withdrawn') return true
  return false
}

/**
 * `dspAsBuilt`: the DSP's internal rules before MP077, as the DCC's preliminary assessment states
 * them in section 3.1.2 "DCC Service Status Rules" (A/N, event-driven):
 * - → `A` when a linked meter becomes Commissioned (SRV 8.1.1), or when a Commissioned meter is
 *   linked (SRV 8.4) and the flag is not `A`;
 * - `A` → `N` (only from `A`) when a linked meter is decommissioned (SRV 8.3), or a **Commissioned**
 *   smart meter is unlinked (SRV 8.4) or deleted, unless the meter point is still linked to another
 *   smart meter that is not Decommissioned or Withdrawn. The assessment names only commissioned
 *   devices for the unlink: unlinking a meter in any other status leaves the flag as it is;
 * - never `I`.
 *
 * At rest (no cause: reconciliation's reading) it gives the flag its events would have left: `A`
 * when any linked meter is Commissioned, `N` when the flag is `A` and no linked meter is still
 * served, otherwise no change. **(provisional)**
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.dspAsBuilt.derive({ statuses: new Set(), count: 0, flag: 'A', cause: { kind: 'unlinked', status: 'Suspended', deleted: false } }) // null
 * @since 0.1.0
 * @category instances
 */
export const dspAsBuilt: Policy = {
  name: 'dspAsBuilt',
  flags: ['A', 'N'],
  derive: (s) => {
    const c = s.cause
    if (c === null) return s.statuses.has('Commissioned') ? 'A' : s.flag === 'A' && !stillServed(s) ? 'N' : null
    switch (c.kind) {
      case 'statusChanged':
        if (c.to === 'Commissioned') return 'A'
        return c.to === 'Decommissioned' && s.flag === 'A' && !stillServed(s) ? 'N' : null
      case 'linked':
        return c.status === 'Commissioned' ? 'A' : null
      case 'unlinked':
        return s.flag === 'A' && c.status === 'Commissioned' && !stillServed(s) ? 'N' : null
    }
  },
}

/**
 * `businessRequirements`: MP077's original business requirements v0.4 (Annex A, section 2.4
 * "Requirement 3", A/N): `A` when any linked meter is Commissioned; `N` when at least one meter is
 * linked and every linked meter is InstalledNotCommissioned, Decommissioned, Recovery or Recovered
 * (so a first install gives null → `N`); otherwise no change.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.businessRequirements.derive({ statuses: new Set(['InstalledNotCommissioned']), count: 1, flag: null, cause: null }) // 'N'
 * @since 0.1.0
 * @category instances
 */
export const businessRequirements: Policy = {
  name: 'businessRequirements',
  flags: ['A', 'N'],
  derive: (s) =>
    s.statuses.has('Commissioned') ? 'A' : allOf(s, ['InstalledNotCommissioned', 'Decommissioned', 'Recovery', 'Recovered']) ? 'N' : null,
}

/**
 * `legacySec`: the SEC text before MP077 (Appendix X as quoted in the DCC assessment, section 2.1
 * "SEC Definitions of Service Flags" and 2.4.1–2.4.2, A/S/W): `A` when any linked meter is
 * Commissioned; `S` when at least one meter is linked and all are Suspended; `W` when at least one
 * is linked and all are Withdrawn; otherwise no change. Decommissioning leaves `A` in place: the
 * defect MP077 fixed, kept so impact reports can compare against it.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.legacySec.flags // ['A', 'S', 'W']
 * @since 0.1.0
 * @category instances
 */
export const legacySec: Policy = {
  name: 'legacySec',
  flags: ['A', 'S', 'W'],
  derive: (s) => (s.statuses.has('Commissioned') ? 'A' : allOf(s, ['Suspended']) ? 'S' : allOf(s, ['Withdrawn']) ? 'W' : null),
}

/** The names of the built-in policies (docs/contract.md). @since 0.1.0 @category model */
export type Name = 'mp077' | 'dspAsBuilt' | 'businessRequirements' | 'legacySec'

/**
 * The built-in policies by name.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.builtIn.legacySec.flags // ['A', 'S', 'W']
 * @since 0.1.0
 * @category constants
 */
export const builtIn: Readonly<Record<Name, Policy>> = { mp077, dspAsBuilt, businessRequirements, legacySec }

/**
 * The built-in policy names, default first.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.names.includes('mp077') // true
 * @since 0.1.0
 * @category constants
 */
export const names: ReadonlyArray<Name> = ['mp077', 'dspAsBuilt', 'businessRequirements', 'legacySec']

/**
 * The built-in policy of a name, or undefined.
 *
 * @example
 * import { Policy } from 'dcc-service-flags'
 * Policy.fromName('legacySec') === Policy.legacySec // true
 * Policy.fromName('nope') // undefined
 * @since 0.1.0
 * @category constructors
 */
export const fromName = (name: string): Policy | undefined =>
  Object.prototype.hasOwnProperty.call(builtIn, name) ? builtIn[name as Name] : undefined
