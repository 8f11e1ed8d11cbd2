/**
 * `engine.replay`'s cases run many times, interleaved, reporting each case's best (least disturbed)
 * run beside its median, and the ratios of both: on a machine shared with other work the medians
 * move with the load; the best runs show what the machine does undisturbed.
 *
 * Run with `node scripts/run-ts.mjs bench/best.ts [--full] [RUNS]` (quick size and 15 runs by default).
 *
 * @since 0.2.0
 */
import * as Reducer from '../src/engine/Reducer'
import { context } from './lib'
import { duckdb, monthOf, rowsOf, sqlite } from './measures/engine'

const full = process.argv.includes('--full')
const runs = Number(process.argv.filter((a) => /^\d+$/.test(a))[0] ?? 15)
const m = monthOf(context({ quick: !full }))
const rows = rowsOf(m.inv, m.events)
const sql = sqlite(rows)
const duck = await duckdb(rows)
const cases: Array<readonly [string, () => unknown]> = [
  ['engine (NDJSON bytes)', () => Reducer.replayNdjson(m.state, m.bytes)],
  ['engine (decoded events)', () => Reducer.reduce(m.state, m.events)],
  ['sqlite', () => sql.query()],
  ['duckdb', () => duck.query()],
]
const times: Record<string, number[]> = {}
for (let r = 0; r < runs; r++) {
  for (const [name, f] of cases) {
    const t0 = process.hrtime.bigint()
    await f()
    ;(times[name] ??= []).push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
}
const best = (xs: number[]): number => Math.min(...xs)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
const rate = (ms: number): string => Math.round(m.count / (ms / 1000)).toLocaleString('en-GB')
process.stdout.write(`${m.n} meter points, ${m.count} events, ${runs} runs\n\n| case | best | events/s (best) | median | × sqlite (best / median) | × duckdb (best / median) |\n|---|---|---|---|---|---|\n`)
for (const [name] of cases) {
  const t = times[name]!
  const ratio = (peer: string, f: (xs: number[]) => number): string => (f(times[peer]!) / f(t)).toFixed(2)
  process.stdout.write(`| ${name} | ${best(t).toFixed(0)} ms | ${rate(best(t))} | ${median(t).toFixed(0)} ms | ${ratio('sqlite', best)}× / ${ratio('sqlite', median)}× | ${ratio('duckdb', best)}× / ${ratio('duckdb', median)}× |\n`)
}
sql.close()
duck.close()
