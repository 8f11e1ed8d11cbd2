/**
 * `dcc-flags replay`: folds NDJSON events over an inventory and prints the flag changes and the
 * rejected events (docs/contract.md).
 *
 * @since 0.1.0
 */
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { AS_OF_OPTION, POLICY_OPTION, asOfOf, policyOf } from '../CommonOptions'
import { writeJsonItems } from '../Output'
import { loadInventory, oneStdin, replayFile, reportRejections } from '../Inputs'

/**
 * Prints `{"changes":[…],"rejected":[…]}`; exit 1 when any event was rejected (the output is still
 * complete: every event is either applied or listed as rejected).
 *
 * @since 0.1.0
 * @category commands
 */
export const replay = command({
  name: 'replay',
  summary: 'prints {"changes":[…],"rejected":[…]}; exit 1 when any event was rejected',
  options: {
    inventory: { type: 'string', value: 'INV.json', description: 'the inventory (JSON)', required: true },
    events: { type: 'string', value: 'EV.ndjson', description: 'the events, one JSON object a line', required: true },
    policy: POLICY_OPTION,
    'as-of': AS_OF_OPTION,
  },
  run: async ({ values }, io) => {
    const { inventory, events } = values
    oneStdin({ inventory, events })
    const policy = policyOf(values.policy)
    const asOf = asOfOf(values['as-of'])
    const state = await loadInventory(io, inventory)
    const result = await replayFile(io, state, events, policy, asOf)
    io.stdout('{"changes":')
    await writeJsonItems(io, result.changes)
    io.stdout(',"rejected":')
    await writeJsonItems(io, result.rejected)
    io.stdout('}\n')
    reportRejections(io, events, result.rejected)
    io.stderr(`${events}: ${result.changes.length} flag changes, ${result.rejected.length} rejected events (policy ${policy.name})\n`)
    return result.rejected.length > 0 ? EXIT_INVALID : EXIT_OK
  },
})
