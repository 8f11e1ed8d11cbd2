/**
 * The engine measures.
 *
 * - `engine.replay` (events/s): a month of transitions over a synthetic inventory (1 million meter
 *   points, 1 million events; quick: 100,000 and 100,000), as decoded from NDJSON, folded by
 *   `Reducer.reduce` over a compact state. Peers: `sqlite` (better-sqlite3, in memory: the same inventory and transitions loaded
 *   into indexed tables, loading excluded; the final flag of every meter point derived by one SQL
 *   query) and `mapStore` (the same fold over the `Map` store: the engine before the compact store,
 *   timed once per round because it is slow). Every run checks that the final flags of every meter
 *   point agree between the engine and SQLite, and between both stores.
 * - `engine.bytesPerMeterPoint.1M` / `.5M` (quick: 100k / 500k): heap and array buffers held per
 *   meter point with its meters, after a full GC, for a compact store generated directly. The unit
 *   is meter points per MB (10⁶ ÷ bytes per meter point, so higher is better); the peer `budget` is
 *   the goal of 120 bytes, and `mapStore` the `Map` store (1M only).
 *
 * @since 0.1.0
 */
import Database from 'better-sqlite3'
import * as CompactStore from '../../src/engine/CompactStore'
import type * as Model from '../../src/engine/Model'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as Synthetic from '../../src/engine/Synthetic'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import { fullGc, gbShape, sideBySide, type Context, type Measure } from '../lib'



/** The final flag code of every meter point of a state, keyed by meter point key. */
const flagsOf = (s: State.State): Map<number, number> => {
  const out = new Map<number, number>()
  for (const mp of State.meterPoints(s)) out.set(MeterPointKey.keyOf(mp.id), CompactStore.flagCode(mp.flag))
  return out
}

/** SQLite with the inventory and the transitions loaded; `query()` derives every final flag. */
const sqlite = (inv: Model.Inventory, events: ReadonlyArray<Model.Event>) => {
  const db = new Database(':memory:')
  db.exec(`
    CREATE TABLE mp (id INTEGER PRIMARY KEY, flag INTEGER NOT NULL);
    CREATE TABLE dev (id INTEGER PRIMARY KEY, status INTEGER NOT NULL);
    CREATE TABLE link (dev INTEGER NOT NULL, mp INTEGER NOT NULL, fresh INTEGER NOT NULL);
    CREATE TABLE ev (seq INTEGER PRIMARY KEY, dev INTEGER NOT NULL, status INTEGER NOT NULL);
  `)
  const devNo = new Map<string, number>()
  const insMp = db.prepare('INSERT INTO mp VALUES (?, ?)')
  const insDev = db.prepare('INSERT INTO dev VALUES (?, ?)')
  const insLink = db.prepare('INSERT INTO link VALUES (?, ?, ?)')
  const insEv = db.prepare('INSERT INTO ev VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const mp of inv.meterPoints) insMp.run(MeterPointKey.keyOf(mp.id), CompactStore.flagCode(mp.flag ?? null))
    for (const d of inv.devices) {
      const no = devNo.size
      devNo.set(d.id, no)
      insDev.run(no, CompactStore.statusCode(d.status ?? null))
      for (const m of d.meterPoints ?? []) insLink.run(no, MeterPointKey.keyOf(m), 0)
    }
    let seq = 0
    for (const e of events) {
      if (e.type === 'DeviceRegistered') {
        const no = devNo.size
        devNo.set(e.deviceId, no)
        insDev.run(no, CompactStore.statusCode(e.status ?? 'Pending'))
      } else if (e.type === 'MeterPointLinked') insLink.run(devNo.get(e.deviceId)!, MeterPointKey.keyOf(e.meterPoint), 1)
      else if (e.type === 'StatusChanged') insEv.run(seq++, devNo.get(e.deviceId)!, CompactStore.statusCode(e.status))
      else throw new Error(`the SQL peer takes registrations, links and status changes only, not ${e.type}`)
    }
  })()
  db.exec('CREATE INDEX ev_dev ON ev (dev, seq); CREATE INDEX link_dev ON link (dev); CREATE INDEX link_mp ON link (mp); ANALYZE;')
  // mp077 on the final statuses; "touched" meter points (a linked meter changed, or a new link) are
  // derived, the others keep their flag; N needs a flag before, or one gained during the month
  // (a linked meter was in service or installed at some point: links are never removed here).
  const stmt = db.prepare(`
    WITH final AS (
      SELECT d.id AS dev, COALESCE((SELECT e.status FROM ev e WHERE e.dev = d.id ORDER BY e.seq DESC LIMIT 1), d.status) AS status
      FROM dev d
    ),
    touched AS (
      SELECT DISTINCT l.mp FROM link l WHERE l.fresh = 1 OR EXISTS (SELECT 1 FROM ev e WHERE e.dev = l.dev)
    ),
    ever AS (
      SELECT DISTINCT l.mp FROM link l JOIN ev e ON e.dev = l.dev WHERE e.status BETWEEN 3 AND 7
    ),
    agg AS (
      SELECT l.mp, MAX(f.status BETWEEN 4 AND 7) AS svc, MAX(f.status = 3) AS inc
      FROM link l JOIN final f ON f.dev = l.dev GROUP BY l.mp
    )
    SELECT m.id AS id,
      CASE WHEN t.mp IS NULL THEN m.flag
           WHEN a.svc = 1 THEN 1
           WHEN a.inc = 1 THEN 2
           WHEN m.flag <> 0 OR v.mp IS NOT NULL THEN 3
           ELSE 0 END AS flag
    FROM mp m LEFT JOIN touched t ON t.mp = m.id LEFT JOIN agg a ON a.mp = m.id LEFT JOIN ever v ON v.mp = m.id
  `)
  return {
    query: (): Array<[number, number]> => stmt.raw().all() as Array<[number, number]>,
    close: () => db.close(),
  }
}

const sameFlags = (what: string, a: Map<number, number>, rows: Iterable<[number, number]>): void => {
  let n = 0
  for (const [id, flag] of rows) {
    n++
    if (a.get(id) !== flag) throw new Error(`engine.replay: ${what}: meter point ${MeterPointKey.idOf(id)} has flag ${a.get(id)} vs ${flag}`)
  }
  if (n !== a.size) throw new Error(`engine.replay: ${what}: ${n} meter points vs ${a.size}`)
}

const replay: Measure = {
  name: 'engine.replay',
  unit: 'events/s',
  goals: [{ peer: 'sqlite', atLeast: 3 }, { peer: 'floor (1M events/s)', atLeast: 1 }],
  run: async (ctx: Context) => {
    const n = ctx.quick ? 100_000 : 1_000_000
    const count = ctx.quick ? 100_000 : 1_000_000
    ctx.log(`engine.replay: ${n} meter points, ${count} events`)
    // The events as a service receives them: decoded from NDJSON (flat strings; the generator's
    // concatenated ids would be slower to read than any parsed input). The inventory's records are
    // dropped before timing, as a service holds only the compact state (the Map store peer
    // regenerates them afterwards).
    const { events, compact, sql } = (() => {
      const inv = Synthetic.inventory(gbShape(n))
      const generated = Synthetic.month(inv, { events: count, seed: 2 })
      const events = generated.map((e) => JSON.parse(JSON.stringify(e)) as Model.Event)
      return { events, compact: State.fromStore(CompactStore.fromInventory(inv)), sql: sqlite(inv, events) }
    })()
    let ours: Reducer.Result | null = null
    let rows: Array<[number, number]> = []
    const t = await sideBySide(
      {
        ours: () => (ours = Reducer.reduce(compact, events)),
        sqlite: () => (rows = sql.query()),
      },
      { runs: ctx.runs, warmup: ctx.warmup },
    )
    if (ours === null) throw new Error('unreachable')
    const result: Reducer.Result = ours
    if (result.rejected.length > 0) throw new Error(`engine.replay: ${result.rejected.length} events rejected`)
    const engineFlags = flagsOf(result.state)
    sameFlags('engine vs sqlite', engineFlags, rows)
    sql.close()
    // the engine before: the Map store (slow: timed in fewer rounds)
    const mapState = State.fromInventory(Synthetic.inventory(gbShape(n)))
    let before: Reducer.Result | null = null
    const tm = await sideBySide({ mapStore: () => (before = Reducer.reduce(mapState, events)) }, { runs: ctx.quick ? 3 : 1, warmup: 0 })
    sameFlags('compact vs map store', engineFlags, flagsOf((before as unknown as Reducer.Result).state))
    const rate = (ns: number): number => count / (ns / 1e9)
    ctx.log(`engine.replay: ours ${(t.ours! / 1e6).toFixed(0)} ms, sqlite ${(t.sqlite! / 1e6).toFixed(0)} ms, map store ${(tm.mapStore! / 1e6).toFixed(0)} ms; ${result.changes.length} changes`)
    return { ours: rate(t.ours!), peers: { sqlite: rate(t.sqlite!), mapStore: rate(tm.mapStore!), 'floor (1M events/s)': 1_000_000 } }
  },
}

// Heap and array buffers once they have settled: an ArrayBuffer's memory is released some time
// after the GC that found it dead (a CI run saw the previous measure's buffers go mid-measure and
// a negative size), so collect and wait until two readings agree within 0.5%.
const heapNow = async (): Promise<number> => {
  let last = -1
  for (let i = 0; i < 10; i++) {
    fullGc()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const m = process.memoryUsage()
    const now = m.heapUsed + m.arrayBuffers
    if (last >= 0 && Math.abs(now - last) <= 0.005 * now) return now
    last = now
  }
  return last
}

const bytesPerMeterPoint = (label: string, full: number, quickN: number, withMapStore: boolean): Measure => ({
  name: `engine.bytesPerMeterPoint.${label}`,
  unit: 'meter points/MB',
  goals: [{ peer: 'budget (120 B)', atLeast: 1 }],
  run: async (ctx: Context) => {
    const n = ctx.quick ? quickN : full
    const samples: number[] = []
    let generated: Synthetic.Generated | null = null
    // every store built stays alive until the end, so each difference is one store's worth
    const keep: CompactStore.CompactStore[] = []
    let before = await heapNow()
    for (let r = 0; r < 3; r++) {
      const built = Synthetic.compactStore(gbShape(n))
      keep.push(built.store)
      const after = await heapNow()
      generated = built.generated
      samples.push((after - before) / n)
      before = after
      if (built.store.size.meterPoints !== n) throw new Error('unreachable')
    }
    samples.sort((a, b) => a - b)
    const bytes = samples[samples.length >> 1]!
    if (!(bytes > 0)) throw new Error(`engine.bytesPerMeterPoint.${label}: the heap did not grow by a store (${samples.map((x) => x.toFixed(1)).join(', ')} B per meter point): memory of another measure was released during this one`)
    const peers: Record<string, number> = { 'budget (120 B)': 1e6 / 120 }
    if (withMapStore) {
      const h0 = await heapNow()
      const inv = Synthetic.inventory(gbShape(n))
      const h1 = await heapNow()
      const s = State.fromInventory(inv)
      const h2 = await heapNow()
      // the Map store keeps its records; the inventory's are shared with it, so count both
      const mapBytes = (h2 - h1 + (h1 - h0)) / n
      peers['mapStore'] = 1e6 / mapBytes
      ctx.log(`engine.bytesPerMeterPoint.${label}: map store ${mapBytes.toFixed(0)} B per meter point (${State.size(s).devices} devices)`)
    }
    ctx.log(`engine.bytesPerMeterPoint.${label}: ${bytes.toFixed(1)} B per meter point with its meters (${generated!.meters} meters for ${n} meter points)`)
    return { ours: 1e6 / bytes, peers }
  },
})

/** The engine measures. @since 0.1.0 @category measures */
export const measures: ReadonlyArray<Measure> = [
  replay,
  bytesPerMeterPoint('1M', 1_000_000, 100_000, true),
  bytesPerMeterPoint('5M', 5_000_000, 500_000, false),
]
