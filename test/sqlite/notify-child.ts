// A `notify --db` run in a child process that kills itself (SIGKILL: no cleanup, no exit handlers)
// right after a chosen step of the protocol: `node notify-child.mjs DB OUT NOW STEP INDEX`.
// Bundled by the crash test with esbuild; STEP '-' runs to the end.
import { either as E } from 'fp-ts'
import { Database, Notify } from '../../src/sqlite'

const [file, out, now, step, index] = process.argv.slice(2) as [string, string, string, string, string]
const db = await Database.open(file)
if (E.isLeft(db)) {
  process.stderr.write(`${db.left.message}\n`)
  process.exit(3)
}
const r = await Notify.notify(db.right, {
  out,
  now,
  onStep: (s, i) => {
    if (s === step && String(i ?? '-') === index) process.kill(process.pid, 'SIGKILL')
  },
})
if (E.isLeft(r)) {
  process.stderr.write(`${r.left.message}\n`)
  process.exit(1)
}
process.stdout.write(JSON.stringify(r.right.files.map((f) => f.name)) + '\n')
