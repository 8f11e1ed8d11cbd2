/**
 * `dcc-flags respond --db STATE.db FILE…`: applies the gas registry's E46 response files (`AC`
 * confirms the pair last sent, `RJ` holds the meter point), all in one transaction, and prints a
 * JSON report: the files (with the A00 Organisation Id, reported, not checked), the confirmed, held
 * and unmatched records.
 *
 * Exit codes: 0 applied (records that match nothing are reported, not errors; a file already
 * applied is reported and changes nothing); 1 when any file fails to decode (its diagnostics on
 * stderr; nothing applied) or the database cannot be used; 2 on usage errors.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import { command, EXIT_OK } from '../../Command'
import { InputError } from '../../Errors'
import { Diagnostic } from '../../../wire'
import { Respond } from '../../../sqlite'
import { DB_OPTION, failure, plural, recordedAt, withDb } from './Db'

/**
 * The `respond` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await respond.run(['--db', 'state.db', 'E46_0000000017.txt'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const respond = command({
  name: 'respond',
  summary: 'applies E46 response files (AC confirms, RJ holds) in one transaction; prints a JSON report',
  options: { db: DB_OPTION },
  positionals: { name: 'FILE', min: 1, max: Infinity, description: 'E46 response files (DXR), read as bytes' },
  run: async ({ values, positionals }, io) => {
    const inputs: Respond.Input[] = []
    for (const name of positionals) inputs.push({ name, bytes: await io.readBytes(name) })
    return withDb(values.db, {}, async (db) => {
      const r = Respond.respond(db, inputs, { recordedAt: recordedAt() })
      if (E.isLeft(r)) {
        const p = r.left
        if (p._tag === 'DbError') throw failure(p)
        for (const f of p.files) {
          const errors = f.diagnostics.filter((d) => d.severity === 'error')
          for (const d of errors.slice(0, 50)) io.stderr(`${f.name}:${Diagnostic.format(d)}\n`)
          if (errors.length > 50) io.stderr(`${f.name}: … and ${errors.length - 50} more errors\n`)
        }
        throw new InputError(`${plural(p.files.length, 'file')} could not be decoded as an E46 response (${p.files.map((f) => f.name).join(', ')}); nothing was applied`)
      }
      const report = r.right
      const out = { files: report.files, confirmed: report.confirmed, held: report.held, unmatched: report.unmatched }
      io.stdout(JSON.stringify(out, null, 1) + '\n')
      for (const f of report.files) if (f.alreadyApplied) io.stderr(`${f.file}: already applied (the same bytes): nothing changed\n`)
      io.stderr(`respond: ${plural(report.confirmed.length, 'record')} confirmed, ${report.held.length} held, ${report.unmatched.length} unmatched\n`)
      return EXIT_OK
    })
  },
})
