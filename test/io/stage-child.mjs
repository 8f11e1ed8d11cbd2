// A run that stages FILES files into DIR with the BUILT package and kills itself (SIGKILL: no
// clean-up of any kind) right after step number KILL_AT (0-based); -1 runs to the end.
// Usage: node stage-child.mjs DIR RUN_ID FILES KILL_AT
import { StagedFiles } from 'dcc-service-flags/node'

const [dir, runId, files, killAt] = process.argv.slice(2)
let step = 0
const contents = Array.from({ length: Number(files) }, (_, i) => ({ name: `F_${String(i).padStart(3, '0')}.txt`, bytes: Buffer.from(`file ${i} of run ${runId}\n`.repeat(i + 1)) }))
const r = StagedFiles.writeRun(dir, runId, contents, {
  onStep: (name) => {
    process.stdout.write(`${step} ${name}\n`)
    if (step++ === Number(killAt)) process.kill(process.pid, 'SIGKILL')
  },
})
process.stdout.write(`${r._tag}\n`)
