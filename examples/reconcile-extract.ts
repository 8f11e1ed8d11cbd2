/**
 * Example: reconcile a registry extract (what MPAS or the gas registry says each meter point's flag
 * is) against the inventory, as a supplier or an auditor would.
 *
 *   node scripts/run-ts.mjs examples/reconcile-extract.ts [--derive] [--data DIR]
 *
 * The bundled sample's `registered.csv` was made from its inventory with discrepancies planted on
 * purpose, so the run finds exactly those. With `--derive` the expected flag is what `mp077` derives
 * from the smart meters linked now (what a supplier holding only device data would compute).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import { FromState, Policy, Reconcile, RegistryExtract, State } from '../src/index'

const option = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}

/** One side of a discrepancy: `A from 20231122`, or `none`. */
const side = (s: Reconcile.FlagAt | null): string =>
  s === null || s.flag === null ? 'none' : `${s.flag}${s.effectiveFrom === null ? '' : ` from ${s.effectiveFrom}`}`

/** Reconciles the sample's extract against its inventory; returns the report and what it printed. */
export const main = async (
  args: ReadonlyArray<string>,
  print: (line: string) => void = console.log,
): Promise<{ readonly report: Reconcile.Report; readonly lines: ReadonlyArray<string> }> => {
  const lines: string[] = []
  const say = (s: string): void => {
    lines.push(s)
    print(s)
  }
  const data = option(args, '--data') ?? path.join('examples', 'data')
  const state = State.decode(JSON.parse(fs.readFileSync(path.join(data, 'inventory.json'), 'utf8')))
  if (E.isLeft(state)) throw new Error(`invalid inventory:\n${state.left.join('\n')}`)

  // The extract: bad rows come back as problems (file, line, field), never dropped silently.
  const csv = path.join(data, 'registered.csv')
  const extract = RegistryExtract.parse(new Uint8Array(fs.readFileSync(csv)), { file: csv })
  for (const p of extract.problems) say(RegistryExtract.format(p))
  if (extract.problems.length > 0) throw new Error(`${extract.problems.length} problems in ${csv}`)

  const derive = args.includes('--derive')
  const expected = FromState.expectedOf(state.right, derive ? { derive: Policy.mp077 } : {})
  const report = Reconcile.reconcile(expected, extract.rows)
  say(Reconcile.formatCounts(report.counts))
  // Each discrepancy has both sides and the evidence: the linked smart meters and their statuses.
  for (const k of Reconcile.kinds) {
    const first = report.discrepancies.find((d) => d.kind === k)
    if (first === undefined) continue
    const meters = first.evidence.map((m) => `${m.type} ${m.deviceId} ${m.status ?? '-'}`).join('; ') || 'no smart meter'
    say(`${k}, e.g. ${first.meterPoint}: registry ${side(first.registered)}, inventory ${side(first.expected)} (${meters})`)
  }
  return { report, lines }
}

if (process.argv[1]?.endsWith('reconcile-extract.ts')) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e)
    process.exitCode = 1
  })
}
