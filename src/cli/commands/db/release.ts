/**
 * `dcc-flags release --db STATE.db MP…`: lifts the holds of the named meter points (put on hold by
 * an E46 `RJ`): each becomes pending again. Prints `released MP FLAG EFFECTIVE-FROM` per meter
 * point released.
 *
 * Exit codes: 0 every named meter point was held and is released; 1 when any was not held or is
 * unknown (listed on stderr; the others are released), or the database cannot be used; 2 on usage
 * errors.
 *
 * @since 0.2.0
 */
import { command, EXIT_INVALID, EXIT_OK } from '../../Command'
import { Release } from '../../../sqlite'
import { DB_OPTION, orFail, plural, recordedAt, withDb } from './Db'

/**
 * The `release` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await release.run(['--db', 'state.db', '3938424403'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const release = command({
  name: 'release',
  summary: 'releases held meter points (they become pending again); exit 1 when a named one was not held',
  options: { db: DB_OPTION },
  positionals: { name: 'MP', min: 1, max: Infinity, description: 'meter point ids (MPAN cores, MPRNs)' },
  run: async ({ values, positionals }, io) =>
    withDb(values.db, {}, async (db) => {
      const r = orFail(Release.release(db, positionals, { recordedAt: recordedAt() }))
      for (const x of r.released) io.stdout(`released ${x.meterPoint} ${x.hold.flag} ${x.hold.effectiveFrom}\n`)
      const unknown = new Set(r.unknown)
      for (const id of r.notHeld) io.stderr(`release: ${id} ${unknown.has(id) ? 'is not a meter point of this database' : 'is not held'}\n`)
      io.stderr(`release: ${plural(r.released.length, 'meter point')} released${r.notHeld.length > 0 ? `, ${r.notHeld.length} not held` : ''}\n`)
      return r.notHeld.length > 0 ? EXIT_INVALID : EXIT_OK
    }),
})
