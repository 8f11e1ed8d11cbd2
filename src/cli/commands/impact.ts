/**
 * `dcc-flags impact`: the final flags of the same meter points under several policies, and for each
 * pair of policies the matrix of final flags (docs/rules.md "Impact"): an aligned table, or JSON
 * with `--json`; `--html FILE` also writes a self-contained page (written atomically).
 *
 * Two views, because a replay alone compares policies from the inventory's stored flags, which one
 * set of rules produced:
 * - the **replay** view (default): every policy replays the events from the inventory's stored
 *   flags; the flags no event changed under a policy are counted apart ("carried over"), so a
 *   `legacySec` column's `I` and `N` (flags it never sets) show as the inventory's, not its own;
 * - the **at-rest** view (`--at-rest`): every policy derives every meter point's flag from the smart
 *   meters linked to it now (after the events, when given), from no flag at all: the same starting
 *   point for every policy, nothing carried over. A meter point without a linked smart meter has
 *   no flag under any policy.
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
import { feedEvents, loadInventory, oneStdin, reportRejections } from '../Inputs'
import { Model, Policy, Reducer, State } from '../../engine'
import { FromState, Impact } from '../../reconciliation'
import type { Flag as FlagModule } from '../../identifiers'
type Flag = FlagModule.Flag

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
    events: { type: 'string', value: 'EV.ndjson', description: 'the events every policy replays, one JSON object a line (required unless --at-rest)' },
    policies: { type: 'string', value: 'P1,P2[,…]', description: 'the policies to compare, at least two', required: true },
    'at-rest': { type: 'boolean', description: "each policy derives every meter point's flag from its linked smart meters now, from no flag" },
    html: { type: 'string', value: 'FILE', description: 'also write the report as a self-contained HTML page' },
    json: { type: 'boolean', description: 'print the report as JSON instead of a table' },
  },
  details: [
    'Without --at-rest, every policy replays the events from the stored flags, and the flags no event',
    'changed under a policy are counted apart as carried over from the inventory.',
  ].join('\n'),
  run: async ({ values }, io) => {
    const { inventory, events } = values
    const atRest = values['at-rest']
    if (events === undefined && !atRest) throw new UsageError('give --events EV.ndjson (or --at-rest to compare the policies on the devices as they are)')
    oneStdin({ inventory, events })
    const policies = policiesOf(values.policies)
    const html = values.html
    const state = await loadInventory(io, inventory)
    // One pass over the events feeds every policy's fold (the state is immutable: each starts from it).
    // At rest, one fold is enough: the devices end the same under every policy.
    const folds = (atRest ? [Policy.mp077] : policies).map((policy) => Reducer.begin(state, { policy }))
    if (events !== undefined) await feedEvents(io, events, folds)
    const results = folds.map((f) => f.finish())
    const rejected = results[0]!.rejected
    if (events !== undefined) {
      reportRejections(io, events, rejected)
      if (rejected.length > 0) io.stderr(`${events}: ${rejected.length} rejected events (the same under every policy)\n`)
    }
    const bar = progress(io, 'impact: policies')
    const finals = policies.map((policy, i): Impact.Finals => {
      bar.tick(i + 1, policies.length)
      return atRest
        ? { policy: policy.name, flags: atRestFlagsOf(results[0]!.state, policy) }
        : { policy: policy.name, flags: FromState.finalFlagsOf(results[i]!.state), carried: carriedOf(results[i]!) }
    })
    const report = Impact.impact(finals)
    bar.done()
    if (html !== undefined) {
      try {
        io.writeFileAtomic(html, Impact.toHtml(report, { title: htmlTitle(report.policies) + (atRest ? ' (at rest)' : '') }))
      } catch (e) {
        throw new InputError(`${html}: cannot write (${errnoOf(e)})`)
      }
      io.stderr(`wrote ${html}\n`)
    }
    io.stdout(values.json ? JSON.stringify({ view: atRest ? 'atRest' : 'replay', ...report }, null, 2) + '\n' : Impact.format(report))
    return rejected.length > 0 ? EXIT_INVALID : EXIT_OK
  },
})

/**
 * Counts, by flag, the meter points whose final flag no change of the replay set: carried over from
 * the inventory.
 */
const carriedOf = (result: Reducer.Result): Impact.LabelCounts => {
  const changed = new Set<string>()
  for (const c of result.changes) changed.add(c.meterPoint)
  const counts: Record<Impact.Label, number> = { none: 0, A: 0, I: 0, N: 0, S: 0, W: 0 }
  for (const mp of State.meterPoints(result.state)) if (mp.flag !== null && !changed.has(mp.id)) counts[Impact.labelOf(mp.flag)]++
  return counts
}

/**
 * Each meter point's flag as `policy` derives it from the smart meters linked to it in `state`,
 * starting from no flag (none when no smart meter is linked).
 */
function* atRestFlagsOf(state: State.State, policy: Policy.Policy): IterableIterator<readonly [string, Flag | null]> {
  const derive = FromState.derivationOf(policy)
  for (const mp of State.meterPoints(state)) {
    const meters: Model.DeviceRecord[] = []
    for (const id of mp.meters) {
      const d = State.device(state, id)
      if (d !== undefined && Model.isSmartMeter(d.type)) meters.push(d)
    }
    yield [mp.id, meters.length === 0 ? null : derive({ meterPoint: mp, flag: null, meters })] as const
  }
}
