/**
 * `dcc-flags export --db STATE.db [--out INV.json]`: writes the database's state as an inventory
 * (streamed, any size) with its `counters`, so that `init` from it gives the same state and never
 * reuses a file number. Applied event ids and the history are not exported: back the database file
 * up for those (`dcc-flags backup`).
 *
 * `--out` is written under a temporary name and renamed when complete; without it the inventory
 * goes to standard output.
 *
 * Exit codes: 0 written; 1 when the database cannot be used or the file cannot be written; 2 on
 * usage errors.
 *
 * @since 0.2.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { once } from 'node:events'
import { command, EXIT_OK } from '../../Command'
import { InputError, errnoOf } from '../../Errors'
import { partialOf } from '../../Io'
import { Export } from '../../../sqlite'
import { DB_OPTION, withDb } from './Db'

/** Writes chunks to a file under a temporary name, renamed when complete. */
const writeFileStreamed = async (file: string, chunks: Iterable<string>): Promise<void> => {
  // the name every atomic write of the command uses: a killed export's leftover is replaced, not kept
  const tmp = partialOf(file)
  fs.rmSync(tmp, { force: true })
  const out = fs.createWriteStream(tmp, { flags: 'wx' })
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error))
  failed.catch(() => undefined)
  try {
    await Promise.race([once(out, 'open'), failed])
    for (const chunk of chunks) {
      if (!out.write(chunk, 'utf8')) await Promise.race([once(out, 'drain'), failed])
    }
    out.end()
    await Promise.race([once(out, 'finish'), failed])
    const fd = fs.openSync(tmp, 'r')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fs.renameSync(tmp, file)
  } catch (e) {
    out.destroy()
    fs.rmSync(tmp, { force: true })
    throw new InputError(`${file}: cannot write (${errnoOf(e)}); nothing was left behind`)
  }
}

/**
 * The `export` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await exportCommand.run(['--db', 'state.db', '--out', 'inventory.json'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const exportCommand = command({
  name: 'export',
  summary: 'writes the state as an inventory with its file counters (streamed); init from it gives the same state',
  options: {
    db: DB_OPTION,
    out: { type: 'string', value: 'INV.json', description: 'the file to write (default: standard output)' },
  },
  run: async ({ values }, io) =>
    withDb(values.db, {}, async (db) => {
      const chunks = Export.inventoryJson(db)
      if (values.out === undefined) {
        for (const chunk of chunks) {
          io.stdout(chunk)
          await io.flush()
        }
      } else {
        await writeFileStreamed(values.out, chunks)
        io.stderr(`${values.out}: written\n`)
      }
      return EXIT_OK
    }),
})
