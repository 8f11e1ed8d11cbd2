/**
 * The options several commands share, declared once with their parsers: `--policy`, `--switch`,
 * `--route`, `--gas-org`, `--now`, `--max-records`, and whole-number options. A command spreads the
 * spec into its own options (`policy: POLICY_OPTION`) and reads the value with the parser, which
 * throws a `UsageError` naming the option (exit 2) — always before the command does any work.
 *
 * @since 0.2.0
 */
import { CalendarDate, Instant } from '../identifiers'
import { Distributors, Outbox, Policy } from '../engine'
import { UsageError } from './Errors'
import type { StringOption } from './Options'

/** `--policy P`. @since 0.2.0 @category options */
export const POLICY_OPTION = {
  type: 'string',
  value: 'P',
  description: `the flag rules: ${Policy.names.join(', ')} (default mp077)`,
} as const satisfies StringOption

/**
 * The policy named by `--policy` (absent: `mp077`), or a usage error listing the names.
 *
 * @example
 * import { policyOf } from './CommonOptions'
 * policyOf('legacySec').name // 'legacySec'
 * @since 0.2.0
 * @category parsers
 */
export const policyOf = (value: string | undefined, option = 'policy'): Policy.Policy => {
  const v = value ?? 'mp077'
  const policy = Policy.fromName(v)
  if (policy === undefined) throw new UsageError(`--${option} must be one of ${Policy.names.join(', ')}, got ${JSON.stringify(v)}`)
  return policy
}

/** `--switch electricity=on,gas=on`. @since 0.2.0 @category options */
export const SWITCH_OPTION = {
  type: 'string',
  value: 'FUEL=on|off,…',
  description: "each fuel's MP077 switch: on exports A, N and I; off (before MP077) only A (default both on)",
} as const satisfies StringOption

/**
 * Parses `--switch electricity=on,gas=off` (either fuel may be left out: it stays on; absent: both on).
 *
 * @example
 * import { switchesOf } from './CommonOptions'
 * switchesOf('gas=off') // { electricity: true, gas: false }
 * @since 0.2.0
 * @category parsers
 */
export const switchesOf = (s: string | undefined): Outbox.Switches => {
  if (s === undefined) return Outbox.allOn
  const out: { electricity: boolean; gas: boolean } = { electricity: true, gas: true }
  const seen = new Set<string>()
  for (const part of s.split(',')) {
    const m = /^(electricity|gas)=(on|off)$/.exec(part)
    if (m === null) throw new UsageError(`--switch takes FUEL=on|off for electricity and gas, comma-separated (e.g. electricity=on,gas=off), got ${JSON.stringify(part)}`)
    const fuel = m[1] as 'electricity' | 'gas'
    if (seen.has(fuel)) throw new UsageError(`--switch names ${fuel} twice`)
    seen.add(fuel)
    out[fuel] = m[2] === 'on'
  }
  return out
}

/** `--route 24=IPNL,…`. @since 0.2.0 @category options */
export const ROUTE_OPTION = {
  type: 'string',
  value: 'NN=MPAS,…',
  description: 'extra or corrected distributor → MPAS routes, e.g. 24=IPNL (independent networks 24–38)',
} as const satisfies StringOption

/**
 * The routing table: the standard distributors, extended by `--route 24=IPNL,25=ESPE` when given.
 *
 * @example
 * import { routingOf } from './CommonOptions'
 * routingOf('24=IPNL')['24'] // 'IPNL'
 * @since 0.2.0
 * @category parsers
 */
export const routingOf = (s: string | undefined): Distributors.Table => {
  if (s === undefined) return Distributors.standard
  const out: Record<string, string> = {}
  for (const part of s.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) throw new UsageError(`--route takes DISTRIBUTOR=MPAS pairs, comma-separated (e.g. 24=IPNL), got ${JSON.stringify(part)}`)
    const id = part.slice(0, eq)
    if (Object.prototype.hasOwnProperty.call(out, id)) throw new UsageError(`--route names distributor ${id} twice`)
    out[id] = part.slice(eq + 1)
  }
  const bad = Distributors.problems(out)
  if (bad.length > 0) throw new UsageError(`--route: ${bad.join('; ')}`)
  return Distributors.extend(Distributors.standard, out)
}

/** `--gas-org ID`. @since 0.2.0 @category options */
export const GAS_ORG_OPTION = {
  type: 'string',
  value: 'ID',
  description: "the DXI header's Organisation Id, 1 to 10 digits (needed when gas files are written)",
} as const satisfies StringOption

/**
 * The `--gas-org` value checked: 1 to 10 digits (the DXI A00 Organisation Id), or absent.
 *
 * @example
 * import { gasOrgOf } from './CommonOptions'
 * gasOrgOf('1234567890') // '1234567890'
 * @since 0.2.0
 * @category parsers
 */
export const gasOrgOf = (s: string | undefined): string | undefined => {
  if (s !== undefined && !/^[0-9]{1,10}$/.test(s)) throw new UsageError(`--gas-org must be 1 to 10 digits (the DXI A00 Organisation Id), got ${JSON.stringify(s)}`)
  return s
}

/** `--now YYYYMMDDHHMMSS`. @since 0.2.0 @category options */
export const NOW_OPTION = {
  type: 'string',
  value: 'YYYYMMDDHHMMSS',
  description: "the files' creation timestamp (London wall-clock time); later events are rejected future_event",
  required: true,
} as const satisfies StringOption

/**
 * The `--now` value checked: a real `YYYYMMDDHHMMSS` timestamp.
 *
 * @example
 * import { nowOf } from './CommonOptions'
 * nowOf('20211104120000') // '20211104120000'
 * @since 0.2.0
 * @category parsers
 */
export const nowOf = (s: string): string => {
  if (!CalendarDate.isTimestamp(s)) throw new UsageError(`--now must be a real timestamp YYYYMMDDHHMMSS, got ${JSON.stringify(s)}`)
  return s
}

/**
 * The instant of a London wall-clock timestamp `YYYYMMDDHHMMSS` (`--now`), for the fold's `asOf`.
 * In the hour the clocks go back, which London lives twice, the first; in the hour they skip, the
 * time an hour later (the same reading as a clock that was not changed).
 *
 * @example
 * import { instantOfLondonTimestamp } from './CommonOptions'
 * instantOfLondonTimestamp('20240701120000') // '2024-07-01T11:00:00Z' (BST)
 * instantOfLondonTimestamp('20240101120000') // '2024-01-01T12:00:00Z' (GMT)
 * @since 0.2.0
 * @category parsers
 */
export const instantOfLondonTimestamp = (ts: string): Instant.Instant => {
  const n = (from: number, to: number): number => Number(ts.slice(from, to))
  const wall = CalendarDate.daysFromCivil(n(0, 4), n(4, 6), n(6, 8)) * 86400 + n(8, 10) * 3600 + n(10, 12) * 60 + n(12, 14)
  // Summer time is an hour ahead: the wall clock less an hour, if that instant is in summer time.
  const utc = Instant.isBritishSummerTime(wall - 3600) ? wall - 3600 : wall
  return Instant.ofEpochMicros(utc * 1e6)
}

/** `--as-of INSTANT`. @since 0.2.0 @category options */
export const AS_OF_OPTION = {
  type: 'string',
  value: 'INSTANT',
  description: 'the clock reading: an event later than it is rejected future_event (ISO-8601 with an offset, e.g. 2024-04-01T06:00:00Z)',
} as const satisfies StringOption

/**
 * The `--as-of` value checked: an ISO-8601 instant with an offset, or absent.
 *
 * @example
 * import { asOfOf } from './CommonOptions'
 * asOfOf('2024-04-01T06:00:00Z') // '2024-04-01T06:00:00Z'
 * @since 0.2.0
 * @category parsers
 */
export const asOfOf = (s: string | undefined): Instant.Instant | undefined => {
  if (s === undefined) return undefined
  if (!Instant.isValid(s)) throw new UsageError(`--as-of must be an ISO-8601 instant with an offset (e.g. 2024-04-01T06:00:00Z), got ${JSON.stringify(s)}`)
  return s as Instant.Instant
}

/** `--max-records N`. @since 0.2.0 @category options */
export const MAX_RECORDS_OPTION = {
  type: 'string',
  value: 'N',
  description: 'at most N records a file (default: no cap)',
} as const satisfies StringOption

/**
 * A whole number from 1 to `max`, or a usage error naming the option.
 *
 * @example
 * import { wholeNumberOf } from './CommonOptions'
 * wholeNumberOf('file-id', '12', 9_999_999_999) // 12
 * @since 0.2.0
 * @category parsers
 */
export const wholeNumberOf = (option: string, s: string, max: number = Number.MAX_SAFE_INTEGER): number => {
  const n = /^[0-9]+$/.test(s) ? Number(s) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`--${option} must be a whole number from 1 to ${max}, got ${JSON.stringify(s)}`)
  return n
}
