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
import * as Args from '../Args'
import { EXIT_INVALID, EXIT_OK, type Command } from '../Command'
import { InputError, progress } from '../Io'
import { loadInventory, readJsonText, reportRejections } from '../Inputs'
import { Policy, Reducer } from '../../engine'
import { FromState, Impact } from '../../reconciliation'

const spec: Args.Spec = { values: ['inventory', 'events', 'policies', 'html'], switches: ['json'] }

/**
 * The policies of `--policies P1,P2[,…]`: at least two, distinct, each a built-in name.
 *
 * @example
 * policiesOption(Args.parse(['--policies', 'legacySec,mp077'], { values: ['policies'], switches: [] })).map((p) => p.name) // ['legacySec', 'mp077']
 * @since 0.1.0
 * @category options
 */
export const policiesOption = (p: Args.Parsed): ReadonlyArray<Policy.Policy> => {
  const names = Args.required(p, 'policies').split(',')
  const out: Policy.Policy[] = []
  for (const name of names) {
    const policy = Policy.fromName(name)
    if (policy === undefined) throw new Args.UsageError(`--policies: ${JSON.stringify(name)} is not one of ${Policy.names.join(', ')}`)
    if (out.includes(policy)) throw new Args.UsageError(`--policies: ${name} given twice`)
    out.push(policy)
  }
  if (out.length < 2) throw new Args.UsageError('--policies needs at least two policies to compare, e.g. legacySec,mp077')
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
 * await impact.run(['--inventory', 'inventory.json', '--events', 'events.ndjson', '--policies', 'legacySec,mp077', '--html', 'impact.html'], nodeIo())
 * @since 0.1.0
 * @category commands
 */
export const impact: Command = {
  name: 'impact',
  usage: 'impact --inventory INV.json --events EV.ndjson --policies P1,P2[,…] [--html FILE] [--json]',
  summary: 'prints the matrix of final flags between policies (a table, or JSON); --html writes a self-contained page',
  run: async (argv, io) => {
    const p = Args.parse(argv, spec)
    if (p.positionals.length > 0) throw new Args.UsageError(`unexpected argument ${JSON.stringify(p.positionals[0])}`)
    const inventory = Args.required(p, 'inventory')
    const events = Args.required(p, 'events')
    const policies = policiesOption(p)
    const html = p.values['html']
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
        throw new InputError(`${html}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
      }
      io.stderr(`wrote ${html}\n`)
    }
    io.stdout(p.switches.has('json') ? JSON.stringify(report, null, 2) + '\n' : Impact.format(report))
    return rejected.length > 0 ? EXIT_INVALID : EXIT_OK
  },
}
