/**
 * `dcc-flags impact`: replays the same inventory and events under several policies and prints, for
 * each pair of policies, the matrix of final flags (DOMAIN.md section 7): an aligned table, or JSON
 * with `--json`; `--html FILE` also writes a self-contained page (written atomically).
 *
 * Exit codes: 0 when every event applied; 1 on invalid input (inventory, or any rejected event:
 * listed once on stderr, the report still printed and written, as rejections do not depend on the
 * policy); 2 on usage errors (unknown or repeated policy, fewer than two).
 *
 * @since 0.1.0
 */
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { InputError, UsageError, errnoOf } from '../Errors'
import { progress } from '../Io'
import { loadInventory, readJsonText, reportRejections } from '../Inputs'
import { Policy, Reducer } from '../../engine'
import { FromState, Impact } from '../../reconciliation'

/**
 * The policies of `--policies P1,P2[,…]`: at least two, distinct, each a built-in name.
 *
 * @example
 * import { policiesOf } from './impact'
 * policiesOf('legacySec,mp077').map((p) => p.name) // ['legacySec', 'mp077']
 * @since 0.2.0
 * @category options
 */
export const policiesOf = (value: string): ReadonlyArray<Policy.Policy> => {
  const names = value.split(',')
  const out: Policy.Policy[] = []
  for (const name of names) {
    const policy = Policy.fromName(name)
    if (policy === undefined) throw new UsageError(`--policies: ${JSON.stringify(name)} is not one of ${Policy.names.join(', ')}`)
    if (out.includes(policy)) throw new UsageError(`--policies: ${name} given twice`)
    out.push(policy)
  }
  if (out.length < 2) throw new UsageError('--policies needs at least two policies to compare, e.g. legacySec,mp077')
  return out
}

/**
 * The page title of an impact report.
 *
 * @example
 * htmlTitle(['legacySec', 'mp077']) // 'DCC Service Flags: impact of legacySec against mp077'
 * @since 0.1.0
 * @category destructors
 */
export const htmlTitle = (policies: ReadonlyArray<string>): string =>
  `DCC Service Flags: impact of ${policies.length === 2 ? `${policies[0]} against ${policies[1]}` : policies.join(', ')}`

/**
 * `dcc-flags impact --inventory INV.json --events EV.ndjson --policies P1,P2[,…] [--html FILE] [--json]`
 *
 * @example
 * import { impact } from './impact'
 * import { nodeIo } from '../Io'
 * await impact.run(['--inventory', 'inventory.json', '--events', 'events.ndjson', '--policies', 'legacySec,mp077', '--html', 'impact.html'], nodeIo())
 * @since 0.1.0
 * @category commands
 */
export const impact = command({
  name: 'impact',
  summary: 'prints the matrix of final flags between policies (a table, or JSON); --html writes a self-contained page',
  options: {
    inventory: { type: 'string', value: 'INV.json', description: 'the inventory (JSON)', required: true },
    events: { type: 'string', value: 'EV.ndjson', description: 'the events every policy replays, one JSON object a line', required: true },
    policies: { type: 'string', value: 'P1,P2[,…]', description: 'the policies to compare, at least two', required: true },
    html: { type: 'string', value: 'FILE', description: 'also write the report as a self-contained HTML page' },
    json: { type: 'boolean', description: 'print the report as JSON instead of a table' },
  },
  run: async ({ values }, io) => {
    const { inventory, events } = values
    const policies = policiesOf(values.policies)
    const html = values.html
    const state = await loadInventory(io, inventory)
    const text = await readJsonText(io, events)
    const bar = progress(io, 'impact: policies replayed')
    // The state is immutable: every policy replays from the same inventory.
    const results = policies.map((policy, i) => {
      const r = Reducer.replayNdjson(state, text, { policy })
      bar.tick(i + 1, policies.length)
      return r
    })
    bar.done()
    const rejected = results[0]!.rejected
    reportRejections(io, events, rejected)
    if (rejected.length > 0) io.stderr(`${events}: ${rejected.length} rejected events (the same under every policy)\n`)
    const report = Impact.impact(policies.map((policy, i) => ({ policy: policy.name, flags: FromState.finalFlagsOf(results[i]!.state) })))
    if (html !== undefined) {
      try {
        io.writeFileAtomic(html, Impact.toHtml(report, { title: htmlTitle(report.policies) }))
      } catch (e) {
        throw new InputError(`${html}: cannot write (${errnoOf(e)})`)
      }
      io.stderr(`wrote ${html}\n`)
    }
    io.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : Impact.format(report))
    return rejected.length > 0 ? EXIT_INVALID : EXIT_OK
  },
})
