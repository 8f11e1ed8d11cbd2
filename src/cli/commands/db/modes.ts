/**
 * One command name, two modes: `notify` and `reconcile` work on an inventory file (stateless) or on
 * the state database (`--db`). The mode is chosen by the presence of `--db` before the options are
 * parsed, since the two take different options; `--help` shows both.
 *
 * @since 0.2.0
 */
import { EXIT_OK, type Command } from '../../Command'
import { wantsHelp, type OptionSpecs } from '../../Options'

const wantsDb = (argv: ReadonlyArray<string>): boolean => {
  for (const a of argv) {
    if (a === '--') return false
    if (a === '--db' || a.startsWith('--db=')) return true
  }
  return false
}

const optional = (o: OptionSpecs): OptionSpecs =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.type === 'string' ? { ...v, required: false } : v]))

/**
 * The command that runs `onDb` when `--db` is given, `stateless` otherwise.
 *
 * @example
 * import { notify } from '../notify'
 * import { notifyDb } from './notifyDb'
 * const notifyBoth = withDbMode(notify, notifyDb)
 * @since 0.2.0
 * @category combinators
 */
export const withDbMode = (stateless: Command, onDb: Command): Command => {
  const usage = `${stateless.usage}\n   or: dcc-flags ${onDb.usage}`
  const help = `${stateless.help.replace(`Usage: dcc-flags ${stateless.usage}`, `Usage: dcc-flags ${usage}`)}\n${'-'.repeat(72)}\nWith --db (the state database):\n\n${onDb.help}`
  return {
    name: stateless.name,
    usage,
    // both modes' options (the names they share mean the same: --out, --now, --max-records), none
    // required here: each mode checks its own when it parses
    options: optional({ ...stateless.options, ...onDb.options }),
    positionals: stateless.positionals,
    summary: `${stateless.summary} (with --db: on the state database)`,
    help,
    run: async (argv, io) => {
      if (wantsDb(argv)) return onDb.run(argv, io)
      if (wantsHelp(argv)) {
        io.stdout(help)
        return EXIT_OK
      }
      return stateless.run(argv, io)
    },
  }
}
