/**
 * `dcc-flags explain --db STATE.db MP [--json]`: one meter point's flag, the pair last sent, its
 * hold, whether it is pending, its linked devices with their statuses, and its history — every
 * flag change with its causing event, every file it was sent in, every E46 answer and release.
 *
 * Exit codes: 0 shown; 1 when the database does not know the meter point or cannot be used; 2 on
 * usage errors.
 *
 * @since 0.2.0
 */
import { command, EXIT_OK } from '../../Command'
import { InputError } from '../../Errors'
import { Explain } from '../../../sqlite'
import { DB_OPTION, withDb } from './Db'

const pair = (flag: string | null, date: string | null): string => (flag === null ? 'none' : `${flag} from ${date ?? '?'}`)

/**
 * The explanation as readable text.
 *
 * @example
 * import { Explain, type Database } from '../../../sqlite'
 * declare const db: Database.StateDb
 * formatExplanation(Explain.explain(db, '1200023305967')!)
 * @since 0.2.0
 * @category printers
 */
export const formatExplanation = (x: Explain.Explanation): string => {
  const lines: string[] = []
  lines.push(`${x.meterPoint} (${x.fuel}): flag ${pair(x.flag, x.effectiveFrom)}`)
  lines.push(`  last sent: ${x.notified === null ? 'nothing' : pair(x.notified.flag, x.notified.effectiveFrom)}`)
  if (x.held !== null) lines.push(`  HELD: ${pair(x.held.flag, x.held.effectiveFrom)} rejected (${x.held.reason}); dcc-flags release lifts it`)
  lines.push(`  pending: ${x.pending ? 'yes, the next notify sends it' : 'no'}`)
  lines.push(x.devices.length === 0 ? '  linked devices: none' : '  linked devices:')
  for (const d of x.devices) {
    lines.push(`    ${d.id} ${d.type} ${d.status ?? '-'}${d.lastEventAt === null ? '' : `, last event at ${d.lastEventAt}`}${d.meterPoints.length > 1 ? ` (serves ${d.meterPoints.join(', ')})` : ''}`)
  }
  lines.push(x.history.length === 0 ? '  history: nothing since init' : '  history:')
  for (const e of x.history) {
    const at = `    run ${e.run}: `
    if (e.kind === 'change') lines.push(`${at}${e.from ?? 'none'} -> ${e.to} from ${e.effectiveFrom}, caused by event ${e.eventId} (${e.policy})`)
    else if (e.kind === 'sent') lines.push(`${at}sent ${e.flag} from ${e.effectiveFrom} in ${e.file} to ${e.registry}${e.now === null ? '' : ` at ${e.now}`}`)
    else if (e.kind === 'answer') lines.push(`${at}E46 ${e.outcome} for ${e.flag} from ${e.effectiveFrom} in ${e.file} (generation ${e.generation}): ${e.result.replace(/_/g, ' ')}`)
    else lines.push(`${at}released the hold on ${e.flag} from ${e.effectiveFrom} (${e.reason})`)
  }
  return lines.join('\n') + '\n'
}

/**
 * The `explain` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await explain.run(['--db', 'state.db', '1200023305967'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const explain = command({
  name: 'explain',
  summary: "shows a meter point's flag, its linked devices and its history (changes with their events, files sent, answers)",
  options: { db: DB_OPTION, json: { type: 'boolean', description: 'print JSON instead of text' } },
  positionals: { name: 'MP', min: 1, max: 1, description: 'a meter point id (MPAN core or MPRN)' },
  run: async ({ values, positionals }, io) =>
    withDb(values.db, {}, async (db) => {
      const id = positionals[0]!
      const x = Explain.explain(db, id)
      if (x === null) throw new InputError(`${id}: not a meter point of ${values.db}`)
      io.stdout(values.json ? JSON.stringify(x, null, 1) + '\n' : formatExplanation(x))
      return EXIT_OK
    }),
})
