/**
 * Allowed SMI status changes (docs/rules.md section 3), as one table value. **(provisional)**: public
 * sources do not list the DSP's allowed transitions; {@link strict} is docs/rules.md's table and callers
 * can pass another (the reducer takes it as an option).
 *
 * Rules that are not in the table, because the reducer applies them whatever the table says:
 * a change to the status a device already has is an accepted no-op, and a Decommissioned device
 * accepts no status change at all (only unlinks and deletion).
 *
 * @since 0.1.0
 */
import type { DeviceStatus } from './Model'
import { deviceStatuses } from './Model'

/** For each status, the statuses a device may move to. @since 0.1.0 @category model */
export type Lifecycle = Readonly<Record<DeviceStatus, ReadonlyArray<DeviceStatus>>>

/**
 * docs/rules.md section 3's table: the default. Decommissioned is terminal.
 *
 * @example
 * strict.Commissioned // ['Suspended', 'Recovery', 'Withdrawn', 'Decommissioned']
 * @since 0.1.0
 * @category constants
 */
export const strict: Lifecycle = {
  Pending: ['Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Withdrawn', 'Decommissioned'],
  Whitelisted: ['Pending', 'InstalledNotCommissioned', 'Commissioned', 'Withdrawn', 'Decommissioned'],
  InstalledNotCommissioned: ['Whitelisted', 'Commissioned', 'Withdrawn', 'Decommissioned'],
  Commissioned: ['Suspended', 'Recovery', 'Withdrawn', 'Decommissioned'],
  Suspended: ['Commissioned', 'Withdrawn', 'Decommissioned'],
  Recovery: ['Recovered', 'Commissioned', 'Decommissioned'],
  Recovered: ['Commissioned', 'Decommissioned'],
  Withdrawn: ['Commissioned', 'Decommissioned'],
  Decommissioned: [],
}

/**
 * Every change allowed (for replaying messy historical data); Decommissioned stays terminal because
 * the reducer enforces it.
 *
 * @example
 * allows(permissive, 'Recovered', 'Pending') // true
 * @since 0.1.0
 * @category constants
 */
export const permissive: Lifecycle = Object.fromEntries(
  deviceStatuses.map((from) => [from, from === 'Decommissioned' ? [] : deviceStatuses.filter((to) => to !== from)]),
) as unknown as Lifecycle

/**
 * A table with extra allowed changes added to `base`.
 *
 * @example
 * const lenient = extend(strict, { Recovered: ['Suspended'] })
 * allows(lenient, 'Recovered', 'Suspended') // true
 * @since 0.1.0
 * @category combinators
 */
export const extend = (base: Lifecycle, extra: Partial<Record<DeviceStatus, ReadonlyArray<DeviceStatus>>>): Lifecycle =>
  Object.fromEntries(
    deviceStatuses.map((from) => {
      const more = extra[from] ?? []
      return [from, [...base[from], ...more.filter((to) => !base[from].includes(to))]]
    }),
  ) as unknown as Lifecycle

/**
 * True when `lifecycle` lets a device move from `from` to `to`; the same status is always allowed
 * (an accepted no-op). The reducer's Decommissioned rule is applied separately.
 *
 * @example
 * allows(strict, 'Pending', 'Commissioned') // true
 * allows(strict, 'Commissioned', 'Pending') // false
 * allows(strict, 'Suspended', 'Suspended') // true
 * @since 0.1.0
 * @category checks
 */
export const allows = (lifecycle: Lifecycle, from: DeviceStatus, to: DeviceStatus): boolean =>
  from === to || lifecycle[from].includes(to)

/** Index of each status in {@link deviceStatuses} (for the compiled matrix). */
const statusIndex: Readonly<Record<DeviceStatus, number>> = Object.fromEntries(
  deviceStatuses.map((s, i) => [s, i]),
) as unknown as Record<DeviceStatus, number>

/** A lifecycle as a 9×9 matrix of 0/1, for the reducer's hot loop. @since 0.1.0 @category model */
export interface Compiled {
  readonly allowed: Uint8Array
}

/**
 * Compiles a table into a matrix; {@link allowsCompiled} reads it without allocating.
 *
 * @example
 * allowsCompiled(compile(strict), 'Pending', 'Whitelisted') // true
 * @since 0.1.0
 * @category constructors
 */
export const compile = (lifecycle: Lifecycle): Compiled => {
  const n = deviceStatuses.length
  const allowed = new Uint8Array(n * n)
  for (const from of deviceStatuses) {
    allowed[statusIndex[from] * n + statusIndex[from]] = 1
    for (const to of lifecycle[from] ?? []) {
      const j = statusIndex[to]
      if (j !== undefined) allowed[statusIndex[from] * n + j] = 1
    }
  }
  return { allowed }
}

/**
 * {@link allows} on a compiled table.
 *
 * @example
 * allowsCompiled(compile(strict), 'Recovered', 'Recovery') // false
 * @since 0.1.0
 * @category checks
 */
export const allowsCompiled = (compiled: Compiled, from: DeviceStatus, to: DeviceStatus): boolean =>
  compiled.allowed[statusIndex[from] * deviceStatuses.length + statusIndex[to]] === 1
