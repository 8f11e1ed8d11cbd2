/**
 * Policies: how a meter point's flag follows its smart meters (docs/rules.md section 5). A policy is a
 * value: a `name` (carried by every change it causes), the `flags` it can produce, and a `derive`
 * function. After each applied event the reducer calls `derive` once for every meter point the
 * event touched; `derive` returns the flag the meter point should have, or null for "leave it".
 * The reducer emits a change only when that flag differs from the current one, so the flag never
 * returns to null. Users can pass their own policies or build on these.
 *
 * @since 0.1.0
 */
import type { Flag } from '../identifiers/Flag'
import type { DeviceRecord, DeviceStatus, MeterPointRecord } from './Model'

/** What the applied event did to the meter point. @since 0.1.0 @category model */
export type Cause =
  | {
      readonly kind: 'statusChanged'
      /** The device after the change (its `status` is `to`). */
      readonly device: DeviceRecord
      readonly from: DeviceStatus
      readonly to: DeviceStatus
    }
  | { readonly kind: 'linked'; readonly device: DeviceRecord }
  | {
      readonly kind: 'unlinked'
      /** The device as it was when unlinked. */
      readonly device: DeviceRecord
      /** True when the unlink came from a `DeviceDeleted`. */
      readonly deleted: boolean
    }

/** What `derive` sees. @since 0.1.0 @category model */
export interface Input {
  /** The meter point after the event's change to links (its flag not yet derived). */
  readonly meterPoint: MeterPointRecord
  /** The current flag, `meterPoint.flag`. */
  readonly flag: Flag | null
  /** The smart meters linked to the meter point now, with their statuses (after the event). */
  readonly meters: ReadonlyArray<DeviceRecord>
  readonly cause: Cause
}

/** A flag policy. @since 0.1.0 @category model */
export interface Policy {
  readonly name: string
  /** Every flag `derive` may return (the reducer refuses others: a programmer error). */
  readonly flags: ReadonlyArray<Flag>
  /** The flag the meter point should now have, or null to leave it as it is. */
  readonly derive: (input: Input) => Flag | null
}

const inService = (s: DeviceStatus | null): boolean =>
  s === 'Commissioned' || s === 'Suspended' || s === 'Recovery' || s === 'Recovered'

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
 * const lenient = mp077With({ whitelistedCountsAsInstalled: true, name: 'mp077-whitelisted' })
 * @since 0.1.0
 * @category constructors
 */
export const mp077With = (options: Mp077Options = {}): Policy => {
  const whitelisted = options.whitelistedCountsAsInstalled === true
  return {
    name: options.name ?? 'mp077',
    flags: ['A', 'I', 'N'],
    derive: ({ flag, meters }) => {
      let installed = false
      for (let i = 0; i < meters.length; i++) {
        const s = meters[i]!.status
        if (inService(s)) return 'A'
        if (s === 'InstalledNotCommissioned' || (whitelisted && s === 'Whitelisted')) installed = true
      }
      if (installed) return 'I'
      return flag === null ? null : 'N'
    },
  }
}

/**
 * `mp077`, the default policy: the rules in force since 4 Nov 2021 (see {@link mp077With};
 * Whitelisted does not count as installed).
 *
 * @example
 * mp077.derive({ meterPoint, flag: 'A', meters: [], cause }) // 'N'
 * @since 0.1.0
 * @category instances
 */
export const mp077: Policy = mp077With()

const stillServed = (meters: ReadonlyArray<DeviceRecord>): boolean => {
  for (let i = 0; i < meters.length; i++) {
    const s = meters[i]!.status
    if (s !== 'Decommissioned' && s !== 'Withdrawn') return true
  }
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
 * @example
 * dspAsBuilt.flags // ['A', 'N']
 * @since 0.1.0
 * @category instances
 */
export const dspAsBuilt: Policy = {
  name: 'dspAsBuilt',
  flags: ['A', 'N'],
  derive: ({ flag, meters, cause }) => {
    switch (cause.kind) {
      case 'statusChanged':
        if (cause.to === 'Commissioned') return 'A'
        if (cause.to === 'Decommissioned' && flag === 'A' && !stillServed(meters)) return 'N'
        return null
      case 'linked':
        return cause.device.status === 'Commissioned' ? 'A' : null
      case 'unlinked':
        return flag === 'A' && cause.device.status === 'Commissioned' && !stillServed(meters) ? 'N' : null
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
 * businessRequirements.flags // ['A', 'N']
 * @since 0.1.0
 * @category instances
 */
export const businessRequirements: Policy = {
  name: 'businessRequirements',
  flags: ['A', 'N'],
  derive: ({ meters }) => {
    if (meters.length === 0) return null
    let allNonActive = true
    for (let i = 0; i < meters.length; i++) {
      const s = meters[i]!.status
      if (s === 'Commissioned') return 'A'
      if (s !== 'InstalledNotCommissioned' && s !== 'Decommissioned' && s !== 'Recovery' && s !== 'Recovered') allNonActive = false
    }
    return allNonActive ? 'N' : null
  },
}

/**
 * `legacySec`: the SEC text before MP077 (Appendix X as quoted in the DCC assessment, section 2.1
 * "SEC Definitions of Service Flags" and 2.4.1–2.4.2, A/S/W): `A` when any linked meter is
 * Commissioned; `S` when at least one meter is linked and all are Suspended; `W` when at least one
 * is linked and all are Withdrawn; otherwise no change. Decommissioning leaves `A` in place: the
 * defect MP077 fixed, kept so impact reports can compare against it.
 *
 * @example
 * legacySec.flags // ['A', 'S', 'W']
 * @since 0.1.0
 * @category instances
 */
export const legacySec: Policy = {
  name: 'legacySec',
  flags: ['A', 'S', 'W'],
  derive: ({ meters }) => {
    if (meters.length === 0) return null
    let allSuspended = true
    let allWithdrawn = true
    for (let i = 0; i < meters.length; i++) {
      const s = meters[i]!.status
      if (s === 'Commissioned') return 'A'
      if (s !== 'Suspended') allSuspended = false
      if (s !== 'Withdrawn') allWithdrawn = false
    }
    return allSuspended ? 'S' : allWithdrawn ? 'W' : null
  },
}

/** The names of the built-in policies (docs/contract.md). @since 0.1.0 @category model */
export type Name = 'mp077' | 'dspAsBuilt' | 'businessRequirements' | 'legacySec'

/**
 * The built-in policies by name.
 *
 * @example
 * builtIn.legacySec.flags // ['A', 'S', 'W']
 * @since 0.1.0
 * @category constants
 */
export const builtIn: Readonly<Record<Name, Policy>> = { mp077, dspAsBuilt, businessRequirements, legacySec }

/**
 * The built-in policy names, default first.
 *
 * @example
 * names.includes('mp077') // true
 * @since 0.1.0
 * @category constants
 */
export const names: ReadonlyArray<Name> = ['mp077', 'dspAsBuilt', 'businessRequirements', 'legacySec']

/**
 * The built-in policy of a name, or undefined.
 *
 * @example
 * fromName('legacySec') === legacySec // true
 * fromName('nope') // undefined
 * @since 0.1.0
 * @category constructors
 */
export const fromName = (name: string): Policy | undefined =>
  Object.prototype.hasOwnProperty.call(builtIn, name) ? builtIn[name as Name] : undefined
