/**
 * `dcc-flags notify --db STATE.db --out DIR --now YYYYMMDDHHMMSS [--max-records N]`: writes the D0350
 * and DXI files of everything pending into DIR and records them as sent, in one step that a kill
 * at any instant cannot break (see the state database's `Notify`). File numbers come from the
 * database's two counters; the settings (switches, routes, gas organisation id) from `init`.
 *
 * Output: `NAME REGISTRY RECORDS` per file on stdout (first the files of an earlier, killed run that
 * this run moved into place, if any); on stderr each unroutable MPAN, each held meter point and a
 * summary.
 *
 * Exit codes: 0 done (nothing pending: no file); 1 when the run was refused — a file would
 * overwrite one in DIR, gas files without a gas organisation id — (nothing written, nothing
 * recorded, no number used), when an MPAN could not be routed (the rest was sent), or when the
 * database cannot be used; 2 on usage errors.
 *
 * @since 0.2.0
 */
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import { command, EXIT_INVALID, EXIT_OK } from '../../Command'
import { InputError } from '../../Errors'
import { MAX_RECORDS_OPTION, NOW_OPTION, nowOf, wholeNumberOf } from '../../CommonOptions'
import { Notify } from '../../../sqlite'
import { DB_OPTION, plural, recordedAt, withDb } from './Db'

const options = {
  db: DB_OPTION,
  out: { type: 'string', value: 'DIR', description: 'the folder the files are written into (created when missing)', required: true },
  now: { ...NOW_OPTION, description: "the files' creation timestamp (London wall-clock time); give the same again when rerunning a killed run" },
  'max-records': MAX_RECORDS_OPTION,
} as const

/**
 * The `notify --db` command (the `notify` command's database mode).
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await notifyDb.run(['--db', 'state.db', '--out', 'outbox', '--now', '20240401060000'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const notifyDb = command({
  name: 'notify',
  summary: 'writes the files of everything pending and records them as sent, crash-safe; prints NAME REGISTRY RECORDS per file',
  options,
  details: [
    'Killed at any point, run it again with the same --now: DIR then holds exactly the files an',
    'uninterrupted run would have written, each notification in exactly one file. A completed run',
    'leaves nothing else in DIR (its staging folder is removed).',
  ].join('\n'),
  run: async ({ values }, io) => {
    const now = nowOf(values.now)
    const maxRecordsPerFile = values['max-records'] === undefined ? undefined : wholeNumberOf('max-records', values['max-records'])
    return withDb(values.db, {}, async (db) => {
      const r = await Notify.notify(db, { out: values.out, now, recordedAt: recordedAt(), ...(maxRecordsPerFile === undefined ? {} : { maxRecordsPerFile }) })
      if (E.isLeft(r)) throw new InputError(r.left.message)
      const report = r.right
      for (const f of [...report.recovered, ...report.files]) io.stdout(`${f.name} ${f.registry} ${f.records}\n`)
      if (report.recovered.length > 0) {
        io.stderr(`notify: moved ${plural(report.recovered.length, 'file')} of an earlier run that was stopped after it committed into place (${report.recovered.map((f) => f.name).join(', ')})\n`)
      }
      if (report.discarded > 0) io.stderr(`notify: discarded ${plural(report.discarded, 'staging folder')} of a run that was stopped before it committed\n`)
      for (const u of report.unroutable) {
        const d = u.meterPoint.slice(0, 2)
        io.stderr(`unroutable ${u.meterPoint} ${u.flag} ${u.effectiveFrom}: no MPAS for distributor ${d} (init --route ${d}=MPAS)\n`)
      }
      for (const h of report.held) {
        io.stderr(`held ${h.meterPoint} ${h.flag ?? '-'} ${h.effectiveFrom ?? '-'}: ${h.hold.reason}${h.wouldBePending ? '; a change is waiting' : ''}\n`)
      }
      const sent = report.files.reduce((s, f) => s + f.records, 0)
      io.stderr(
        `notify: ${plural(sent, 'notification')} in ${plural(report.files.length, 'file')} into ${path.join(values.out, '')}; ${report.unroutable.length} unroutable; ${report.held.length} held; ` +
          `next D0350 File Identifier ${report.counters.nextFileId}, next DXI Generation Number ${report.counters.nextGeneration}\n`,
      )
      return report.unroutable.length > 0 ? EXIT_INVALID : EXIT_OK
    })
  },
})
