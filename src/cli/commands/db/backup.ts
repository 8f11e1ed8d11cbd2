/**
 * `dcc-flags backup --db STATE.db --out BACKUP.db`: an online backup of the whole database (state,
 * applied event ids, history, files sent, answers) with SQLite's backup API: a consistent copy
 * while other runs keep using the database, written under a temporary name, checked, and named only
 * when complete (never over an existing file).
 *
 * Exit codes: 0 written; 1 when the destination exists or cannot be written, or the database cannot
 * be used; 2 on usage errors.
 *
 * @since 0.2.0
 */
import { command, EXIT_OK } from '../../Command'
import { Backup } from '../../../sqlite'
import { DB_OPTION, n, orFail, withDb } from './Db'

/**
 * The `backup` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await backup.run(['--db', 'state.db', '--out', 'backups/state-20240401.db'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const backup = command({
  name: 'backup',
  summary: 'copies the whole database (state and history) into a new file, safely while other runs use it',
  options: {
    db: DB_OPTION,
    out: { type: 'string', value: 'BACKUP.db', description: 'the backup file to create (refused if it exists)', required: true },
  },
  run: async ({ values }, io) =>
    withDb(values.db, {}, async (db) => {
      const r = orFail(await Backup.backup(db, values.out))
      io.stderr(`${values.out}: backup of ${values.db} written (${n(r.pages)} pages); restore by copying it back in place of ${values.db} while no run uses it\n`)
      return EXIT_OK
    }),
})
