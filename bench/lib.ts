/**
 * The benchmark harness: timing (warm-up, interleaved runs, median), the measure contract every
 * module in `bench/measures/` implements, and the writers of `bench/results.json` and
 * `bench/RESULTS.md`.
 *
 * The bench sits at the edge of the library: it may read the clock, the machine and git.
 * Ratios are what the goals check, so every measure times its own code and its peers side by side,
 * in the same process, interleaved round by round (a burst of load from other processes then
 * slows every case of that round rather than one case), and reports medians.
 *
 * @since 0.1.0
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import * as v8 from 'node:v8'
import * as vm from 'node:vm'
import * as Synthetic from './Synthetic'

// ---------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------

/**
 * What a measure's `run` is given.
 *
 * @example
 * const ctx: Context = context({ quick: true })
 * @since 0.1.0
 * @category model
 */
export interface Context {
  /** The quick mode of CI: small inputs, few runs. */
  readonly quick: boolean
  /** Timed runs per case (after the warm-up); the median is reported. */
  readonly runs: number
  /** Untimed runs per case before the timed ones (lets the JIT settle). */
  readonly warmup: number
  /** Input size a measure should aim at, in bytes. */
  readonly bytes: number
  /** Progress lines (stderr), so a long run shows where it is. */
  readonly log: (message: string) => void
}

/**
 * A goal on one ratio: `ours / peers[peer]` must be at least `atLeast`.
 *
 * @example
 * const g: Goal = { peer: 'split', atLeast: 4 }
 * @since 0.1.0
 * @category model
 */
export interface Goal {
  readonly peer: string
  readonly atLeast: number
}

/**
 * What a measure's run returns: our figure and each peer's, in the measure's unit (higher is better).
 *
 * @example
 * const o: Outcome = { ours: 250, peers: { split: 60 } }
 * @since 0.1.0
 * @category model
 */
export interface Outcome {
  readonly ours: number
  readonly peers: Readonly<Record<string, number>>
}

/**
 * One measure: every module in `bench/measures/` exports `measures: ReadonlyArray<Measure>`.
 *
 * @example
 * export const measures: ReadonlyArray<Measure> = [{
 *   name: 'sum', unit: 'Mops/s', goals: [{ peer: 'reduce', atLeast: 1 }],
 *   run: async (ctx) => ({ ours: 1, peers: { reduce: 1 } }),
 * }]
 * @since 0.1.0
 * @category model
 */
export interface Measure {
  readonly name: string
  /** Unit of `ours` and of the peers' figures; higher must be better (a rate, not a time). */
  readonly unit: string
  readonly goals?: ReadonlyArray<Goal>
  readonly run: (ctx: Context) => Promise<Outcome>
}

/**
 * A goal as checked in a run.
 *
 * @example
 * const g: GoalResult = { peer: 'split', atLeast: 4, ratio: 5.1, met: true }
 * @since 0.1.0
 * @category model
 */
export interface GoalResult extends Goal {
  readonly ratio: number
  readonly met: boolean
}

/**
 * One entry of `bench/results.json`: a measure's figures, its ratios to each peer and its goals.
 *
 * @example
 * const e: Entry = entry({ name: 'x', unit: 'MB/s', run: async () => ({ ours: 2, peers: { p: 1 } }) }, { ours: 2, peers: { p: 1 } })
 * e.ratios // { p: 2 }
 * @since 0.1.0
 * @category model
 */
export interface Entry {
  readonly name: string
  readonly unit: string
  readonly ours: number
  readonly peers: Readonly<Record<string, number>>
  /** `ours / peer` for each peer. */
  readonly ratios: Readonly<Record<string, number>>
  readonly goals: ReadonlyArray<GoalResult>
}

/**
 * Where and when a run happened.
 *
 * @example
 * const m: Machine = machine()
 * @since 0.1.0
 * @category model
 */
export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly node: string
  readonly platform: string
  readonly date: string
  readonly commit: string
  /** 1-minute load average at the start and the end of the run: how busy the machine was. */
  readonly loadBefore: number
  readonly loadAfter: number
}

/**
 * The whole of `bench/results.json`.
 *
 * @example
 * const r: Results = { mode: 'quick', machine: machine(), entries: [] }
 * @since 0.1.0
 * @category model
 */
export interface Results {
  readonly mode: 'quick' | 'full'
  readonly machine: Machine
  readonly entries: ReadonlyArray<Entry>
}

// ---------------------------------------------------------------------------------------------
// timing
// ---------------------------------------------------------------------------------------------

/**
 * The median of some numbers (the mean of the middle two for an even count); NaN for none.
 *
 * @example
 * median([3, 1, 2]) // 2
 * median([4, 1, 3, 2]) // 2.5
 * @since 0.1.0
 * @category timing
 */
export const median = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

// A full collection before each timed run, so that no case pays for the garbage of the one before.
let collect: (() => void) | null | undefined
/** A full GC, where the runtime allows one. */
export const fullGc = (): void => {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc')
      collect = vm.runInNewContext('gc') as () => void
    } catch {
      collect = null
    }
  }
  collect?.()
}

/**
 * Nanoseconds one call of `f` takes (awaited when it returns a promise), by `process.hrtime.bigint`.
 *
 * @example
 * await timeOnce(() => [1, 2, 3].sort()) // e.g. 2100
 * @since 0.1.0
 * @category timing
 */
export const timeOnce = async (f: () => unknown): Promise<number> => {
  const t0 = process.hrtime.bigint()
  const r = f()
  if (r instanceof Promise) await r
  return Number(process.hrtime.bigint() - t0)
}

/** Cases timed side by side: each returns something the timing keeps alive until the run ends. */
export type Cases = Readonly<Record<string, () => unknown>>

/**
 * The shortest sample: a case faster than this runs several times within one sample (the mean of
 * those runs is the sample). On a shared machine a 3 ms case is rarely preempted while a 30 ms one
 * often is; samples of about the same length see the same share of interference.
 *
 * @since 0.1.0
 * @category timing
 */
export const MIN_SAMPLE_NS = 30e6

/**
 * The engine measures' inventory shape: `n` meter points split as GB's 30M MPANs to 24M MPRNs,
 * seed 1.
 *
 * @example
 * gbShape(1_000_000) // { mpans: 555556, mprns: 444444, seed: 1 }
 * @since 0.1.0
 * @category inputs
 */
export const gbShape = (n: number): Synthetic.Shape => ({ mpans: Math.round((n * 30) / 54), mprns: n - Math.round((n * 30) / 54), seed: 1 })

/**
 * Times cases side by side: `warmup` untimed rounds, then `runs` rounds; each round runs every case
 * once, the order rotating from round to round, with a full GC before each run (where available).
 * A case whose last warm-up run took less than {@link MIN_SAMPLE_NS} repeats within each sample.
 * Returns each case's median nanoseconds per call.
 *
 * @example
 * await sideBySide({ a: () => 1, b: () => 2 }, { runs: 3, warmup: 1 }) // { a: 120, b: 95 }
 * @since 0.1.0
 * @category timing
 */
export const sideBySide = async (cases: Cases, options: { readonly runs: number; readonly warmup: number }): Promise<Record<string, number>> => {
  const names = Object.keys(cases)
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]))
  const repeats: Record<string, number> = Object.fromEntries(names.map((n) => [n, 1]))
  const rounds = options.warmup + options.runs
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!
      const times = round < options.warmup ? 1 : repeats[name]!
      fullGc()
      let ns = 0
      for (let i = 0; i < times; i++) ns += await timeOnce(cases[name]!)
      if (round >= options.warmup) samples[name]!.push(ns / times)
      else if (round === options.warmup - 1) repeats[name] = Math.min(64, Math.max(1, Math.ceil(MIN_SAMPLE_NS / Math.max(ns, 1))))
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples[n]!)]))
}

/**
 * Megabytes (10⁶ bytes) per second.
 *
 * @example
 * mbPerSecond(50_000_000, 1e9) // 50
 * @since 0.1.0
 * @category timing
 */
export const mbPerSecond = (bytes: number, ns: number): number => bytes / 1e6 / (ns / 1e9)

/**
 * A context with the defaults of a mode: full runs aim at ~50 MB inputs with 7 runs; quick runs at
 * ~5 MB with 5 runs.
 *
 * @example
 * context({ quick: true }).bytes // 5_000_000
 * @since 0.1.0
 * @category constructors
 */
export const context = (o: { readonly quick: boolean } & Partial<Context>): Context => ({
  runs: o.quick ? 5 : 7,
  warmup: o.quick ? 1 : 2,
  bytes: o.quick ? 5_000_000 : 50_000_000,
  log: (m) => process.stderr.write(m + '\n'),
  ...o,
})

// ---------------------------------------------------------------------------------------------
// deterministic inputs
// ---------------------------------------------------------------------------------------------

/**
 * A seeded generator of unsigned 32-bit integers (mulberry32): the same seed gives the same inputs
 * on every run, so runs compare.
 *
 * @example
 * const r = random(1); r() === random(1)() // true
 * @since 0.1.0
 * @category inputs
 */
export const random = (seed: number): (() => number) => {
  const unit = Synthetic.prng(seed) // the same mulberry32 stream, scaled back to uint32 (exact)
  return () => unit() * 4294967296
}

// ---------------------------------------------------------------------------------------------
// results
// ---------------------------------------------------------------------------------------------

/**
 * A measure's entry from its outcome: ratios to every peer, goals checked.
 *
 * @example
 * entry({ name: 'x', unit: 'MB/s', goals: [{ peer: 'p', atLeast: 3 }], run: async () => ({ ours: 2, peers: { p: 1 } }) }, { ours: 2, peers: { p: 1 } }).goals[0]!.met // false
 * @since 0.1.0
 * @category results
 */
export const entry = (m: Measure, o: Outcome): Entry => {
  const ratios: Record<string, number> = {}
  for (const [peer, value] of Object.entries(o.peers)) ratios[peer] = o.ours / value
  const goals = (m.goals ?? []).map((g) => {
    const ratio = ratios[g.peer] ?? Number.NaN
    return { ...g, ratio, met: ratio >= g.atLeast }
  })
  return { name: m.name, unit: m.unit, ours: o.ours, peers: o.peers, ratios, goals }
}

const sh = (cmd: string, args: ReadonlyArray<string>): string => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'unknown'
  }
}

/**
 * The machine, date and commit of a run (`git rev-parse HEAD`, with `+dirty` when the tree has
 * uncommitted changes to tracked files).
 *
 * @example
 * machine().cores // 2
 * @since 0.1.0
 * @category results
 */
export const machine = (loadBefore = os.loadavg()[0]!): Machine => {
  const head = sh('git', ['rev-parse', 'HEAD'])
  const dirty = head !== 'unknown' && sh('git', ['status', '--porcelain', '--untracked-files=no']) !== ''
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
    commit: dirty ? `${head}+dirty` : head,
    loadBefore,
    loadAfter: os.loadavg()[0]!,
  }
}

/**
 * A figure with three significant digits (two decimals below 10).
 *
 * @example
 * figure(1234.5) // '1235'
 * figure(0.1234) // '0.12'
 * @since 0.1.0
 * @category results
 */
export const figure = (x: number): string =>
  !Number.isFinite(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)

/**
 * The text table of a run: one line per measure and peer, with the ratio and the goal it meets or misses.
 *
 * @example
 * table([]) // the header lines only
 * @since 0.1.0
 * @category results
 */
export const table = (entries: ReadonlyArray<Entry>): string => {
  const rows: string[][] = [['measure', 'unit', 'ours', 'peer', 'peer value', 'ours/peer', 'goal']]
  for (const e of entries) {
    const peers = Object.keys(e.peers)
    if (peers.length === 0) rows.push([e.name, e.unit, figure(e.ours), '', '', '', ''])
    peers.forEach((p, i) => {
      const g = e.goals.find((x) => x.peer === p)
      rows.push([i === 0 ? e.name : '', i === 0 ? e.unit : '', i === 0 ? figure(e.ours) : '', p, figure(e.peers[p]!), `${figure(e.ratios[p]!)}×`,
        g === undefined ? '' : `${g.met ? '✓' : '✗'} ≥ ${g.atLeast}×`])
    })
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  const line = (r: ReadonlyArray<string>): string => '| ' + r.map((x, c) => x.padEnd(widths[c]!)).join(' | ') + ' |'
  return [line(rows[0]!), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.slice(1).map(line)].join('\n')
}

/**
 * Writes `results.json` (pretty-printed, newline-terminated), keeping the entries other
 * benchmarks wrote there (`daily`).
 *
 * @example
 * writeResults('bench/results.json', { mode: 'quick', machine: machine(), entries: [] })
 * @since 0.1.0
 * @category results
 */
export const writeResults = (path: string, results: Results): void => {
  // other benchmarks' entries (bench:daily writes `daily`) are kept
  let kept: Record<string, unknown> = {}
  if (existsSync(path)) {
    try {
      const { mode: _m, machine: _c, entries: _e, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
      kept = rest
    } catch {
      kept = {}
    }
  }
  writeFileSync(path, JSON.stringify({ ...results, ...kept }, null, 2) + '\n')
}

/**
 * The markdown section of one run: machine, date, commit, load, the table and the goals' tally.
 *
 * @example
 * runSection({ mode: 'quick', machine: machine(), entries: [] }).startsWith('## ') // true
 * @since 0.1.0
 * @category results
 */
export const runSection = (results: Results, note?: string): string => {
  const m = results.machine
  const goals = results.entries.flatMap((e) => e.goals)
  const met = goals.filter((g) => g.met).length
  return [
    `## ${m.date} — ${results.mode} run`,
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}`,
    `- commit: \`${m.commit}\``,
    `- load average (1 min): ${m.loadBefore.toFixed(2)} before, ${m.loadAfter.toFixed(2)} after`,
    ...(note === undefined ? [] : [`- note: ${note}`]),
    `- goals met: ${met} of ${goals.length}`,
    '',
    table(results.entries),
    '',
  ].join('\n')
}

/**
 * Appends a run's section to `RESULTS.md` (creating it with a title when missing).
 *
 * @example
 * appendRun('bench/RESULTS.md', { mode: 'quick', machine: machine(), entries: [] })
 * @since 0.1.0
 * @category results
 */
export const appendRun = (path: string, results: Results, note?: string): void => {
  if (!existsSync(path)) {
    writeFileSync(path, '# Benchmark results\n\nOne section per run of `npm run bench` / `npm run bench:quick`, newest last. ' +
      'Figures are medians; ratios are ours ÷ peer, measured side by side in the same run.\n\n')
  }
  appendFileSync(path, '\n' + runSection(results, note))
}
