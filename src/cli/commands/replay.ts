/**
 * `dcc-flags replay`: folds NDJSON events over an inventory and prints the flag changes and the
 * rejected events (API.md).
 *
 * @since 0.1.0
 */
import * as Args from '../Args'
import { EXIT_INVALID, EXIT_OK, type Command } from '../Command'
import { loadInventory, policyOption, replayFile, reportRejections } from '../Inputs'

const spec: Args.Spec = { values: ['inventory', 'events', 'policy'], switches: [] }

/**
 * Prints `{"changes":[…],"rejected":[…]}`; exit 1 when any event was rejected (the output is still
 * complete: every event is either applied or listed as rejected).
 *
 * @since 0.1.0
 * @category commands
 */
export const replay: Command = {
  name: 'replay',
  usage: 'replay --inventory INV.json --events EV.ndjson [--policy mp077|dspAsBuilt|businessRequirements|legacySec]',
  summary: 'prints {"changes":[…],"rejected":[…]}; exit 1 when any event was rejected',
  run: async (argv, io) => {
    const p = Args.parse(argv, spec)
    if (p.positionals.length > 0) throw new Args.UsageError(`unexpected argument ${JSON.stringify(p.positionals[0])}`)
    const inventory = Args.required(p, 'inventory')
    const events = Args.required(p, 'events')
    const policy = policyOption(p)
    const state = await loadInventory(io, inventory)
    const result = await replayFile(io, state, events, policy)
    const out: string[] = ['{"changes":[']
    result.changes.forEach((c, i) => out.push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(c)}`))
    out.push('\n],"rejected":[')
    result.rejected.forEach((r, i) => out.push(`${i === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`))
    out.push('\n]}\n')
    io.stdout(out.join(''))
    reportRejections(io, events, result.rejected)
    io.stderr(`${events}: ${result.changes.length} flag changes, ${result.rejected.length} rejected events (policy ${policy.name})\n`)
    return result.rejected.length > 0 ? EXIT_INVALID : EXIT_OK
  },
}
