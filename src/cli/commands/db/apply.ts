/**
 * `dcc-flags apply --db STATE.db --events EV.ndjson [--as-of INSTANT]`: applies a file of events (any
 * size, streamed by line) to the state database in one transaction, under the stored policy, and
 * prints `{"changes":[…],"rejected":[…]}` as `replay` does.
 *
 * Every line ends up applied or rejected with its code (a bad line does not stop the run). The
 * output is printed only after the commit, so it never shows a change that was not stored.
 *
 * Exit codes: 0 every event applied; 1 when any was rejected (the output is complete), or the
 * database cannot be used (locked, read-only, full…: nothing applied); 2 on usage errors.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import { command, EXIT_INVALID, EXIT_OK } from '../../Command'
import { progress } from '../../Io'
import { AS_OF_OPTION, asOfOf } from '../../CommonOptions'
import { writeJsonItems } from '../../Output'
import { NdjsonLines } from '../../../io'
import { Model } from '../../../engine'
import { Apply, DbError } from '../../../sqlite'
import { DB_OPTION, failure, recordedAt, withDb } from './Db'

const options = {
  db: DB_OPTION,
  events: { type: 'string', value: 'EV.ndjson', description: 'the events, one JSON object a line ("-" reads standard input)', required: true },
  'as-of': AS_OF_OPTION,
} as const

/**
 * The `apply` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await apply.run(['--db', 'state.db', '--events', 'day.ndjson', '--as-of', '2024-04-02T06:00:00Z'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const apply = command({
  name: 'apply',
  summary: 'applies the events to the state database in one transaction; prints {"changes":[…],"rejected":[…]}; exit 1 when any was rejected',
  options,
  run: async ({ values }, io) => {
    const asOf = asOfOf(values['as-of'])
    const file = values.events
    return withDb(values.db, {}, async (db) => {
      const started = DbError.guard(db.file, () => Apply.begin(db, { recordedAt: recordedAt(), ...(asOf === undefined ? {} : { asOf }) }))
      if (E.isLeft(started)) throw failure(started.left)
      const session = started.right
      const bar = progress(io, `${file}: lines applied`)
      let lines = 0
      const done = await DbError.guardAsync(db.file, async () => {
        try {
          await NdjsonLines.forEachLine(io.readStream(file), {
            line: (text, lineNo) => {
              session.push(Model.parseEventLine(text, lineNo))
              if ((++lines & 0x3fff) === 0) bar.tick(lines)
            },
            invalid: (_lineNo, message) => session.push(E.left({ eventId: null, code: 'invalid_event', message })),
          })
          return session.finish()
        } catch (e) {
          session.abort()
          throw e
        } finally {
          bar.done()
        }
      })
      if (E.isLeft(done)) throw failure(done.left)
      const r = done.right
      io.stdout('{"changes":')
      await writeJsonItems(io, Apply.changesOf(db, r.run))
      io.stdout(',"rejected":')
      await writeJsonItems(io, Apply.rejections(db))
      io.stdout('}\n')
      let shown = 0
      for (const x of Apply.rejections(db)) {
        if (shown++ === 50) break
        io.stderr(`${file}: ${x.eventId ?? '(no eventId)'} ${x.code} ${x.message}\n`)
      }
      if (r.rejected > 50) io.stderr(`${file}: … and ${r.rejected - 50} more rejected events\n`)
      io.stderr(`${file}: ${r.applied} events applied, ${r.changes} flag changes, ${r.rejected} rejected events (policy ${db.settings.policy}); committed to ${values.db}\n`)
      return r.rejected > 0 ? EXIT_INVALID : EXIT_OK
    })
  },
})
