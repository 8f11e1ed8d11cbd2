/**
 * Example: compare flag policies on the same inventory and events: how many meter points end with a
 * different flag under the SEC text before MP077 (`legacySec`) than under MP077 (`mp077`), and so on
 * for any list of policies. This is how the SEC legal-text tables can be tested.
 *
 *   node scripts/run-ts.mjs examples/compare-policies.ts [legacySec,mp077,…] [--data DIR]
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import { FromState, Impact, Policy, Reducer, State } from '../src/index'

const option = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}

/** Replays the sample under each policy and prints the matrices; returns the report and what it printed. */
export const main = async (
  args: ReadonlyArray<string>,
  print: (line: string) => void = console.log,
): Promise<{ readonly report: Impact.Report; readonly lines: ReadonlyArray<string> }> => {
  const data = option(args, '--data') ?? path.join('examples', 'data')
  const names = (args.find((a, i) => !a.startsWith('--') && (i === 0 || args[i - 1] !== '--data')) ?? 'legacySec,mp077').split(',')
  const policies = names.map((name) => {
    const p = Policy.fromName(name)
    if (p === undefined) throw new Error(`unknown policy ${name}: one of ${Policy.names.join(', ')}`)
    return p
  })
  const start = State.decode(JSON.parse(fs.readFileSync(path.join(data, 'inventory.json'), 'utf8')))
  if (E.isLeft(start)) throw new Error(`invalid inventory:\n${start.left.join('\n')}`)
  const events = fs.readFileSync(path.join(data, 'events.ndjson'), 'utf8')

  // States are immutable: every policy replays from the same starting state.
  const finals = policies.map((policy) => ({
    policy: policy.name,
    flags: FromState.finalFlagsOf(Reducer.replayNdjson(start.right, events, { policy }).state),
  }))
  const report = Impact.impact(finals)
  const text = Impact.format(report) // or Impact.toHtml(report, { title }) for a self-contained page
  const lines = text.trimEnd().split('\n')
  for (const line of lines) print(line)
  return { report, lines }
}

if (process.argv[1]?.endsWith('compare-policies.ts')) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e)
    process.exitCode = 1
  })
}
