/**
 * The benchmark runner: `node scripts/run-ts.mjs bench/run.ts [--quick] [--only PREFIX] [--no-record] [--note TEXT]`.
 *
 * Loads every module of `bench/measures/`, runs their measures (all of them, or those whose name
 * starts with a `--only` prefix), prints a table of figures, ratios and goals (✓ met, ✗ missed),
 * writes `bench/results.json` and appends the run to `bench/RESULTS.md` (unless `--no-record`).
 * `--quick` (CI) uses ~5 MB inputs and 5 runs; the full run ~50 MB and 7 runs.
 * Exits 0 whether goals are met or not: the table says which are.
 *
 * @since 0.1.0
 */
import { readdirSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { appendRun, context, entry, machine, table, writeResults, type Entry, type Measure } from './lib'

const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(name)
const option = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

const quick = flag('--quick')
const only = option('--only')
const note = option('--note')
const record = !flag('--no-record')
const benchDir = path.resolve('bench')
const loadBefore = os.loadavg()[0]!
const ctx = context({ quick })

// The template keeps the import visible to the bundler, which then includes every measure module.
const modules = readdirSync(path.join(benchDir, 'measures')).filter((f) => f.endsWith('.ts')).sort().map((f) => f.slice(0, -3))
const measures: Measure[] = []
for (const name of modules) {
  const m = (await import(`./measures/${name}.ts`)) as { measures?: ReadonlyArray<Measure> }
  if (m.measures === undefined) ctx.log(`bench/measures/${name}.ts exports no measures: skipped`)
  else measures.push(...m.measures)
}

const started = process.hrtime.bigint()
const entries: Entry[] = []
for (const m of measures) {
  if (only !== undefined && !m.name.startsWith(only)) continue
  ctx.log(`${m.name} …`)
  const t0 = process.hrtime.bigint()
  entries.push(entry(m, await m.run(ctx)))
  ctx.log(`${m.name} done in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9

const results = { mode: quick ? ('quick' as const) : ('full' as const), machine: machine(loadBefore), entries }
process.stdout.write(`${table(entries)}\n\n`)
const goals = entries.flatMap((e) => e.goals)
process.stdout.write(`goals met: ${goals.filter((g) => g.met).length} of ${goals.length}; ${seconds.toFixed(1)} s; ` +
  `load average ${results.machine.loadBefore.toFixed(2)} → ${results.machine.loadAfter.toFixed(2)} on ${results.machine.cores} cores\n`)
if (record) {
  writeResults(path.join(benchDir, 'results.json'), results)
  appendRun(path.join(benchDir, 'RESULTS.md'), results, [note, only === undefined ? undefined : `only measures starting with ${only}`, `${seconds.toFixed(1)} s`]
    .filter((x) => x !== undefined).join('; '))
}
