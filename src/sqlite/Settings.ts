/**
 * What `init` stores so that later commands need not repeat it: the policy, the MP077 switches, the
 * extra MPAS routes, the gas organisation id, and the two file counters (docs/rules.md, the outbox: D0350
 * File Identifiers and DXI Generation Numbers, each rising by one per file without gaps).
 *
 * @since 0.2.0
 */
import { Distributors, Outbox, Policy } from 'dcc-service-flags'
import type { Connection } from './Driver'

/** The settings of a state database. @since 0.2.0 @category model */
export interface Settings {
  /** The policy every `apply` folds under. */
  readonly policy: Policy.Name
  readonly switches: Outbox.Switches
  /** Routes added to the standard table (independent networks, corrections). */
  readonly routes: Distributors.Table
  /** The DXI A00 Organisation Id; null when none was given (then a gas notification cannot be sent). */
  readonly gasOrganisationId: string | null
}

/** The next number of each file counter. @since 0.2.0 @category model */
export interface Counters {
  readonly nextFileId: number
  readonly nextGeneration: number
}

/**
 * The settings `init` stores when given nothing: `mp077`, both switches on, the standard routes,
 * no gas organisation id.
 *
 * @example
 * defaults.policy // 'mp077'
 * @since 0.2.0
 * @category constants
 */
export const defaults: Settings = { policy: 'mp077', switches: Outbox.allOn, routes: {}, gasOrganisationId: null }

/**
 * The routing table of the settings: the standard one extended by the stored routes.
 *
 * @example
 * routing({ ...defaults, routes: { '24': 'IPNL' } })['24'] // 'IPNL'
 * @since 0.2.0
 * @category accessors
 */
export const routing = (s: Settings): Distributors.Table => Distributors.extend(Distributors.standard, s.routes)

/**
 * The policy value of the settings.
 *
 * @example
 * policyOf(defaults).name // 'mp077'
 * @since 0.2.0
 * @category accessors
 */
export const policyOf = (s: Settings): Policy.Policy => Policy.builtIn[s.policy]

const read = (db: Connection): Map<string, string> => {
  const rows = db.prepare('SELECT name, value FROM setting').raw().all() as Array<[string, string]>
  return new Map(rows)
}

/**
 * Writes the settings and counters (at `init`).
 *
 * @example
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * write(connection, defaults, { nextFileId: 1, nextGeneration: 1 }, 'a1b2c3d4')
 * @since 0.2.0
 * @category writers
 */
export const write = (db: Connection, s: Settings, counters: Counters, id: string): void => {
  const put = db.prepare('INSERT OR REPLACE INTO setting (name, value) VALUES (?, ?)')
  put.run('policy', s.policy)
  put.run('switch.electricity', s.switches.electricity ? 'on' : 'off')
  put.run('switch.gas', s.switches.gas ? 'on' : 'off')
  put.run('routes', JSON.stringify(s.routes))
  if (s.gasOrganisationId !== null) put.run('gas_organisation_id', s.gasOrganisationId)
  put.run('next_file_id', String(counters.nextFileId))
  put.run('next_generation', String(counters.nextGeneration))
  put.run('database_id', id)
}

/**
 * Stores new counters (in the caller's transaction).
 *
 * @example
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * writeCounters(connection, { nextFileId: 3, nextGeneration: 2 })
 * @since 0.2.0
 * @category writers
 */
export const writeCounters = (db: Connection, counters: Counters): void => {
  const put = db.prepare('UPDATE setting SET value = ? WHERE name = ?')
  put.run(String(counters.nextFileId), 'next_file_id')
  put.run(String(counters.nextGeneration), 'next_generation')
}

/** What {@link load} read, or the problem with it. @since 0.2.0 @category model */
export type Loaded =
  | { readonly ok: true; readonly settings: Settings; readonly counters: Counters; readonly id: string }
  | { readonly ok: false; readonly problem: string }

const counter = (v: string | undefined): number | null => {
  const n = v !== undefined && /^[0-9]{1,15}$/.test(v) ? Number(v) : Number.NaN
  return Number.isSafeInteger(n) && n >= 1 ? n : null
}

/**
 * Reads the settings and counters; a missing or malformed one is a problem (a damaged or hand-edited
 * database), named.
 *
 * @example
 * import type { Connection } from './Driver'
 * declare const connection: Connection
 * const s = load(connection)
 * if (s.ok) s.settings.policy
 * @since 0.2.0
 * @category readers
 */
export const load = (db: Connection): Loaded => {
  const m = read(db)
  const policy = m.get('policy')
  if (policy === undefined || Policy.fromName(policy) === undefined) return { ok: false, problem: `setting "policy" is ${JSON.stringify(policy ?? null)}` }
  const sw = (fuel: string): boolean | null => {
    const v = m.get(`switch.${fuel}`)
    return v === 'on' ? true : v === 'off' ? false : null
  }
  const electricity = sw('electricity')
  const gas = sw('gas')
  if (electricity === null || gas === null) return { ok: false, problem: 'settings "switch.electricity" / "switch.gas" must be on or off' }
  let routes: Distributors.Table
  try {
    routes = JSON.parse(m.get('routes') ?? 'null') as Distributors.Table
  } catch {
    return { ok: false, problem: 'setting "routes" is not JSON' }
  }
  if (typeof routes !== 'object' || routes === null || Distributors.problems(routes).length > 0) {
    return { ok: false, problem: `setting "routes" is not a routing table (${Distributors.problems(routes ?? {}).join('; ')})` }
  }
  const nextFileId = counter(m.get('next_file_id'))
  const nextGeneration = counter(m.get('next_generation'))
  if (nextFileId === null || nextGeneration === null) return { ok: false, problem: 'counters "next_file_id" / "next_generation" must be positive integers' }
  const id = m.get('database_id')
  if (id === undefined || !/^[0-9a-f]{8,32}$/.test(id)) return { ok: false, problem: 'setting "database_id" is missing' }
  return {
    ok: true,
    settings: { policy: policy as Policy.Name, switches: { electricity, gas }, routes, gasOrganisationId: m.get('gas_organisation_id') ?? null },
    counters: { nextFileId, nextGeneration },
    id,
  }
}
