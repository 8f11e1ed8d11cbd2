/**
 * `dcc-flags status --db STATE.db [--json]`: meter points by fuel and flag, pending and held,
 * devices by type and status, applied events, the last runs, the counters, the settings and the
 * schema version — and the files a killed notify left to move, if any.
 *
 * Exit codes: 0 shown; 1 when the database cannot be used; 2 on usage errors.
 *
 * @since 0.2.0
 */
import { command, EXIT_OK } from '../../Command'
import { Status } from '../../../sqlite'
import { DB_OPTION, n, withDb } from './Db'

const counts = (m: Readonly<Record<string, number>>): string =>
  Object.entries(m)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ') || 'none'

const total = (m: Readonly<Record<string, number>>): number => Object.values(m).reduce((a, b) => a + b, 0)

/**
 * The status as readable text.
 *
 * @example
 * import { Status, type Database } from '../../../sqlite'
 * declare const db: Database.StateDb
 * formatStatus(Status.status(db))
 * @since 0.2.0
 * @category printers
 */
export const formatStatus = (s: Status.Status): string => {
  const lines: string[] = []
  lines.push(`${s.file} (schema version ${s.schemaVersion})`)
  lines.push(`  settings: policy ${s.settings.policy}; switches electricity=${s.settings.switches.electricity ? 'on' : 'off'},gas=${s.settings.switches.gas ? 'on' : 'off'}; ` +
    `routes ${Object.keys(s.settings.routes).length === 0 ? 'standard' : Object.entries(s.settings.routes).map(([k, v]) => `${k}=${v}`).join(',')}; ` +
    `gas organisation id ${s.settings.gasOrganisationId ?? 'none'}`)
  lines.push(`  counters: next D0350 File Identifier ${s.counters.nextFileId}, next DXI Generation Number ${s.counters.nextGeneration}`)
  lines.push(`  meter points: electricity ${n(total(s.meterPoints.electricity))} (${counts(s.meterPoints.electricity)}); gas ${n(total(s.meterPoints.gas))} (${counts(s.meterPoints.gas)})`)
  lines.push(`  pending: ${n(s.pending)}; held: ${n(s.held)}`)
  lines.push('  devices:')
  for (const [type, byStatus] of Object.entries(s.devices).sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`    ${type} ${n(total(byStatus))}: ${counts(byStatus)}`)
  lines.push(`  applied events: ${n(s.appliedEvents)}`)
  if (s.unplacedFiles.length > 0) lines.push(`  WAITING: ${s.unplacedFiles.length} committed file(s) not yet in place (${s.unplacedFiles.join(', ')}): run notify again to finish them`)
  lines.push('  last runs:')
  for (const r of s.lastRuns) {
    const summary = Object.entries(r.summary).map(([k, v]) => `${k} ${String(v)}`).join(', ')
    lines.push(`    ${r.run} ${r.command}${r.clock === null ? '' : ` (${r.clock})`}${r.recordedAt === null ? '' : ` at ${r.recordedAt}`}: ${summary}`)
  }
  return lines.join('\n') + '\n'
}

/**
 * The `status` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await status.run(['--db', 'state.db', '--json'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const status = command({
  name: 'status',
  summary: 'counts by fuel and flag, pending and held, devices by status, the last runs, the counters and the schema version',
  options: { db: DB_OPTION, json: { type: 'boolean', description: 'print JSON instead of text' } },
  run: async ({ values }, io) =>
    withDb(values.db, {}, async (db) => {
      const s = Status.status(db)
      io.stdout(values.json ? JSON.stringify(s, null, 1) + '\n' : formatStatus(s))
      return EXIT_OK
    }),
})
