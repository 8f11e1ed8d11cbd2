// The `dcc-flags` executable: the process edge around `run`.
import { run } from './main'
import { nodeIo } from './Io'

run(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`dcc-flags: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exitCode = 70
  },
)
