/**
 * `engine.parallelReplay` (events/s): the month of `engine.replay` folded by `Parallel` over two
 * worker threads (partitioned by meter point, device events fanned out), each worker reading its
 * partition's NDJSON lines into codes as the single thread does and sending its changes back as
 * plain arrays; wall time from "go" to the merged changes and rejections (splitting and loading the
 * workers excluded, like a consumer group that already holds its partitions; changes made into
 * objects only when read, on both sides). Peer `singleThread`: `Reducer.replayNdjson` of the whole
 * month on the same state. Each run checks the merged changes and rejections equal the
 * single-thread ones.
 *
 * The worker is bundled with esbuild into `.tmp/run-ts/` on first use.
 *
 * @since 0.1.0
 */
import { build } from 'esbuild'
import * as path from 'node:path'
import { Worker } from 'node:worker_threads'
import * as Parallel from '../../src/engine/Parallel'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import type * as Model from '../../src/engine/Model'
import * as Synthetic from '../Synthetic'
import { gbShape, sideBySide, type Context, type Measure } from '../lib'

// The worker folds its partition's lines (Parallel.run reads them into codes) and sends its changes
// back as plain arrays, transferred, not copied.
const WORKER_SOURCE = `
import { parentPort } from 'node:worker_threads'
import * as Parallel from './src/engine/Parallel'
let part = null
parentPort.on('message', (m) => {
  if (m.kind === 'load') {
    part = Parallel.fromData(m.data)
    parentPort.postMessage({ kind: 'loaded' })
  } else if (m.kind === 'run') {
    const out = Parallel.run(part, undefined, false)
    const c = out.changes
    parentPort.postMessage(out, [c.events.buffer, c.keys.buffer, c.flags.buffer, c.days.buffer, out.rejectedEvents.buffer])
  } else process.exit(0)
})
`

let workerFile: string | null = null
const workerPath = async (): Promise<string> => {
  if (workerFile !== null) return workerFile
  const out = path.resolve('.tmp/run-ts/engine-parallel-worker.mjs')
  await build({ stdin: { contents: WORKER_SOURCE, resolveDir: path.resolve('.'), loader: 'ts', sourcefile: 'engine-parallel-worker.ts' }, outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
  return (workerFile = out)
}

const once = <T>(w: Worker): Promise<T> => new Promise((resolve, reject) => {
  w.once('message', resolve)
  w.once('error', reject)
})

const parallelReplay: Measure = {
  name: 'engine.parallelReplay',
  unit: 'events/s',
  goals: [{ peer: 'singleThread', atLeast: 1.2 }],
  run: async (ctx: Context) => {
    const n = ctx.quick ? 100_000 : 1_000_000
    const count = ctx.quick ? 100_000 : 1_000_000
    const inv = Synthetic.inventory(gbShape(n))
    const lines = Synthetic.month(inv, { events: count, seed: 2 }).map((e) => JSON.stringify(e))
    const text = lines.join('\n') + '\n'
    const events = lines.map((l) => JSON.parse(l) as Model.Event)
    const state = State.fromInventory(inv)
    const parts = Parallel.split(state, events, 2, lines)
    ctx.log(`engine.parallelReplay: partitions of ${parts.map((p) => p.events.length).join(' + ')} events (${count} in the batch)`)
    const file = await workerPath()
    const workers = parts.map(() => new Worker(file))
    await Promise.all(workers.map(async (w, p) => {
      const part = parts[p]!
      const loaded = once(w)
      w.postMessage({ kind: 'load', data: Parallel.toData(part) })
      await loaded
    }))
    let merged: ReturnType<typeof Parallel.merge> | null = null
    let single: Reducer.Result | null = null
    const t = await sideBySide(
      {
        ours: async () => {
          const outs = await Promise.all(workers.map((w) => {
            const done = once<Parallel.PartitionOutput>(w)
            w.postMessage({ kind: 'run' })
            return done
          }))
          merged = Parallel.merge(parts, outs, events.length)
        },
        singleThread: () => (single = Reducer.replayNdjson(state, text)),
      },
      { runs: ctx.runs, warmup: ctx.warmup },
    )
    for (const w of workers) await w.terminate()
    const m = merged as unknown as ReturnType<typeof Parallel.merge>
    const s = single as unknown as Reducer.Result
    if (m.changes.length !== s.changes.length || m.rejected.length !== s.rejected.length) throw new Error('engine.parallelReplay: merged result differs from the single thread')
    for (let k = 0; k < s.changes.length; k++) {
      const a = m.changes[k]!
      const b = s.changes[k]!
      if (a.meterPoint !== b.meterPoint || a.eventId !== b.eventId || a.to !== b.to || a.from !== b.from || a.effectiveFrom !== b.effectiveFrom) {
        throw new Error(`engine.parallelReplay: change ${k} differs`)
      }
    }
    const rate = (ns: number): number => count / (ns / 1e9)
    ctx.log(`engine.parallelReplay: 2 workers ${(t.ours! / 1e6).toFixed(0)} ms, single thread ${(t.singleThread! / 1e6).toFixed(0)} ms`)
    return { ours: rate(t.ours!), peers: { singleThread: rate(t.singleThread!) } }
  },
}

/** The parallel engine measure. @since 0.1.0 @category measures */
export const measures: ReadonlyArray<Measure> = [parallelReplay]
