/**
 * The engine measures.
 *
 * - `engine.replay` (events/s): a month of transitions over a synthetic inventory (1 million meter
 *   points, 1 million events; quick: 100,000 and 100,000), replayed from its NDJSON as a service
 *   reads it from a file, UTF-8 bytes (`Reducer.replayNdjson`: every line read into codes, every
 *   change and rejection kept). Peers, loading excluded for both: `sqlite` (better-sqlite3, in memory) and
 *   `duckdb` (@duckdb/node-api, in memory): the same inventory and transitions in the same indexed
 *   tables, the final flag of every meter point derived by one SQL query (the same text for both).
 *   `decodedEvents`: the same fold from events already decoded into objects (`Reducer.reduce`),
 *   for reference. Every run checks that the final flags of every meter point agree between the
 *   engine, SQLite and DuckDB.
 * - `engine.replay.userPolicy` (events/s): the same replay under `Policy.mp077With({ name: 'x' })`
 *   (a policy value the engine does not know) against the built-in `mp077`: every policy is
 *   compiled into the same table.
 * - `engine.bytesPerMeterPoint.1M` / `.5M` (quick: 100k / 500k): heap and array buffers held per
 *   meter point with its meters, after a full GC, for a state generated straight into the store.
 *   The unit is meter points per MB (10⁶ ÷ bytes per meter point, so higher is better); the peer
 *   `budget` is the goal of 60 bytes.
 *
 * @since 0.1.0
 */
import Database from 'better-sqlite3'
import { DuckDBInstance } from '@duckdb/node-api'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import type * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as Codes from '../../src/engine/store/Codes'
import * as Synthetic from '../Synthetic'
import { fullGc, gbShape, sideBySide, type Context, type Measure } from '../lib'

/** The final flag code of every meter point of a state, keyed by meter point key. */
const flagsOf = (s: State.State): Map<number, number> => {
  const out = new Map<number, number>()
  for (const mp of State.meterPoints(s)) out.set(MeterPointKey.keyOf(mp.id), Codes.flagCode(mp.flag))
  return out
}

/**
 * The inventory and transitions as table rows: meter points, devices, links and status changes.
 *
 * @example
 * // rowsOf(inventory, events).mp.length === inventory.meterPoints.length
 * @since 0.2.0
 * @category peers
 */
export const rowsOf = (inv: Model.Inventory, events: ReadonlyArray<Model.Event>) => {
  const mp: Array<[number, number]> = []
  const dev: Array<[number, number]> = []
  const link: Array<[number, number, number]> = []
  const ev: Array<[number, number, number]> = []
  const devNo = new Map<string, number>()
  for (const m of inv.meterPoints) mp.push([MeterPointKey.keyOf(m.id), Codes.flagCode(m.flag ?? null)])
  for (const d of inv.devices) {
    const no = devNo.size
    devNo.set(d.id, no)
    dev.push([no, Codes.statusCode(d.status ?? null)])
    for (const m of d.meterPoints ?? []) link.push([no, MeterPointKey.keyOf(m), 0])
  }
  let seq = 0
  for (const e of events) {
    if (e.type === 'DeviceRegistered') {
      const no = devNo.size
      devNo.set(e.deviceId, no)
      dev.push([no, Codes.statusCode(e.status ?? 'Pending')])
    } else if (e.type === 'MeterPointLinked') link.push([devNo.get(e.deviceId)!, MeterPointKey.keyOf(e.meterPoint), 1])
    else if (e.type === 'StatusChanged') ev.push([seq++, devNo.get(e.deviceId)!, Codes.statusCode(e.status)])
    else throw new Error(`the SQL peers take registrations, links and status changes only, not ${e.type}`)
  }
  return { mp, dev, link, ev }
}

const TABLES = `
  CREATE TABLE mp (id BIGINT PRIMARY KEY, flag INTEGER NOT NULL);
  CREATE TABLE dev (id INTEGER PRIMARY KEY, status INTEGER NOT NULL);
  CREATE TABLE link (dev INTEGER NOT NULL, mp BIGINT NOT NULL, fresh INTEGER NOT NULL);
  CREATE TABLE ev (seq INTEGER PRIMARY KEY, dev INTEGER NOT NULL, status INTEGER NOT NULL);
`
const INDEXES = 'CREATE INDEX ev_dev ON ev (dev, seq); CREATE INDEX link_dev ON link (dev); CREATE INDEX link_mp ON link (mp);'

// mp077 on the final statuses; "touched" meter points (a linked meter changed, or a new link) are
// derived, the others keep their flag; N needs a flag before, or one gained during the month
// (a linked meter was in service or installed at some point: links are never removed here).
const QUERY = `
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
    SELECT l.mp,
      MAX(CASE WHEN f.status BETWEEN 4 AND 7 THEN 1 ELSE 0 END) AS svc,
      MAX(CASE WHEN f.status = 3 THEN 1 ELSE 0 END) AS inc
    FROM link l JOIN final f ON f.dev = l.dev GROUP BY l.mp
  )
  SELECT m.id AS id,
    CASE WHEN t.mp IS NULL THEN m.flag
         WHEN a.svc = 1 THEN 1
         WHEN a.inc = 1 THEN 2
         WHEN m.flag <> 0 OR v.mp IS NOT NULL THEN 3
         ELSE 0 END AS flag
  FROM mp m LEFT JOIN touched t ON t.mp = m.id LEFT JOIN agg a ON a.mp = m.id LEFT JOIN ever v ON v.mp = m.id
`

/**
 * SQLite with the tables loaded; `query()` derives every final flag.
 *
 * @example
 * // sqlite(rowsOf(inventory, events)).query()
 * @since 0.2.0
 * @category peers
 */
export const sqlite = (rows: ReturnType<typeof rowsOf>): { readonly query: () => Array<[number, number]>; readonly close: () => void } => {
  const db = new Database(':memory:')
  db.exec(TABLES)
  const ins = (table: string, n: number) => db.prepare(`INSERT INTO ${table} VALUES (${Array(n).fill('?').join(', ')})`)
  const [insMp, insDev, insLink, insEv] = [ins('mp', 2), ins('dev', 2), ins('link', 3), ins('ev', 3)]
  db.transaction(() => {
    for (const r of rows.mp) insMp.run(...r)
    for (const r of rows.dev) insDev.run(...r)
    for (const r of rows.link) insLink.run(...r)
    for (const r of rows.ev) insEv.run(...r)
  })()
  db.exec(INDEXES + ' ANALYZE;')
  const stmt = db.prepare(QUERY)
  return {
    query: (): Array<[number, number]> => stmt.raw().all() as Array<[number, number]>,
    close: () => db.close(),
  }
}

/**
 * DuckDB (in memory) with the same tables loaded by appenders; `query()` derives every final flag.
 *
 * @example
 * // await (await duckdb(rowsOf(inventory, events))).query()
 * @since 0.2.0
 * @category peers
 */
export const duckdb = async (rows: ReturnType<typeof rowsOf>) => {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  await connection.run(TABLES)
  const append = async (table: string, data: ReadonlyArray<ReadonlyArray<number>>, bigFirst: boolean, bigSecond: boolean): Promise<void> => {
    const a = await connection.createAppender(table)
    for (const r of data) {
      r.forEach((v, k) => ((k === 0 && bigFirst) || (k === 1 && bigSecond) ? a.appendBigInt(BigInt(v)) : a.appendInteger(v)))
      a.endRow()
    }
    a.closeSync()
  }
  await append('mp', rows.mp, true, false)
  await append('dev', rows.dev, false, false)
  await append('link', rows.link, false, true)
  await append('ev', rows.ev, false, false)
  await connection.run(INDEXES)
  return {
    query: async (): Promise<Array<[number, number]>> => {
      const reader = await connection.runAndReadAll(QUERY)
      return reader.getRows().map((r) => [Number(r[0]), Number(r[1])] as [number, number])
    },
    close: () => connection.closeSync(),
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

/**
 * The month of a size: inventory, the state, the events as NDJSON text, bytes and decoded objects.
 *
 * @example
 * // monthOf(context({ quick: true })).count // 100000
 * @since 0.2.0
 * @category inputs
 */
export const monthOf = (ctx: Context) => {
  const n = ctx.quick ? 100_000 : 1_000_000
  const count = ctx.quick ? 100_000 : 1_000_000
  const inv = Synthetic.inventory(gbShape(n))
  const generated = Synthetic.month(inv, { events: count, seed: 2 })
  const text = generated.map((e) => JSON.stringify(e)).join('\n') + '\n'
  const bytes = new TextEncoder().encode(text)
  // decoded as a service would get them from NDJSON: flat objects and strings
  const events = text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Model.Event)
  return { n, count, inv, text, bytes, events, state: State.fromInventory(inv) }
}

const replay: Measure = {
  name: 'engine.replay',
  unit: 'events/s',
  goals: [{ peer: 'target rate', atLeast: 1 }, { peer: 'sqlite', atLeast: 3 }, { peer: 'duckdb', atLeast: 1 }],
  run: async (ctx: Context) => {
    const m = monthOf(ctx)
    // the goal: 1,000,000 events/s at the quick size, 500,000 at 1M meter points (full)
    const target = ctx.quick ? 1_000_000 : 500_000
    ctx.log(`engine.replay: ${m.n} meter points, ${m.count} events (NDJSON, ${(m.text.length / 1e6).toFixed(1)} MB)`)
    const rows = rowsOf(m.inv, m.events)
    const sql = sqlite(rows)
    const duck = await duckdb(rows)
    let ours: Reducer.Result | null = null
    let rowsSql: Array<[number, number]> = []
    let rowsDuck: Array<[number, number]> = []
    const t = await sideBySide(
      {
        ours: () => (ours = Reducer.replayNdjson(m.state, m.bytes)),
        decodedEvents: () => Reducer.reduce(m.state, m.events),
        sqlite: () => (rowsSql = sql.query()),
        duckdb: async () => (rowsDuck = await duck.query()),
      },
      { runs: ctx.runs, warmup: ctx.warmup },
    )
    if (ours === null) throw new Error('unreachable')
    const result: Reducer.Result = ours
    if (result.rejected.length > 0) throw new Error(`engine.replay: ${result.rejected.length} events rejected`)
    const engineFlags = flagsOf(result.state)
    sameFlags('engine vs sqlite', engineFlags, rowsSql)
    sameFlags('engine vs duckdb', engineFlags, rowsDuck)
    sql.close()
    duck.close()
    const rate = (ns: number): number => m.count / (ns / 1e9)
    ctx.log(`engine.replay: ours ${(t.ours! / 1e6).toFixed(0)} ms, decoded events ${(t.decodedEvents! / 1e6).toFixed(0)} ms, sqlite ${(t.sqlite! / 1e6).toFixed(0)} ms, duckdb ${(t.duckdb! / 1e6).toFixed(0)} ms; ${result.changes.length} changes`)
    return { ours: rate(t.ours!), peers: { sqlite: rate(t.sqlite!), duckdb: rate(t.duckdb!), decodedEvents: rate(t.decodedEvents!), 'target rate': target } }
  },
}

const userPolicy: Measure = {
  name: 'engine.replay.userPolicy',
  unit: 'events/s',
  goals: [{ peer: 'builtIn', atLeast: 0.9 }],
  run: async (ctx: Context) => {
    const m = monthOf(ctx)
    const x = Policy.mp077With({ name: 'x' })
    let a: Reducer.Result | null = null
    let b: Reducer.Result | null = null
    const t = await sideBySide(
      {
        ours: () => (a = Reducer.replayNdjson(m.state, m.bytes, { policy: x })),
        builtIn: () => (b = Reducer.replayNdjson(m.state, m.bytes, { policy: Policy.mp077 })),
      },
      { runs: ctx.runs, warmup: ctx.warmup },
    )
    const ra = a as unknown as Reducer.Result
    const rb = b as unknown as Reducer.Result
    if (ra.changes.length !== rb.changes.length || ra.changes.some((c, k) => c.to !== rb.changes[k]!.to || c.meterPoint !== rb.changes[k]!.meterPoint)) {
      throw new Error('engine.replay.userPolicy: mp077With({ name: x }) gives other changes than mp077')
    }
    const rate = (ns: number): number => m.count / (ns / 1e9)
    return { ours: rate(t.ours!), peers: { builtIn: rate(t.builtIn!) } }
  },
}

// Heap and array buffers once they have settled: an ArrayBuffer's memory is released some time
// after the GC that found it dead, so collect and wait until two readings agree within 0.5%.
const heapNow = async (): Promise<number> => {
  let last = -1
  for (let i = 0; i < 10; i++) {
    fullGc()
    await new Promise((resolve) => setTimeout(resolve, 20))
    const mu = process.memoryUsage()
    const now = mu.heapUsed + mu.arrayBuffers
    if (last >= 0 && Math.abs(now - last) <= 0.005 * now) return now
    last = now
  }
  return last
}

const bytesPerMeterPoint = (label: string, full: number, quickN: number): Measure => ({
  name: `engine.bytesPerMeterPoint.${label}`,
  unit: 'meter points/MB',
  goals: [{ peer: 'budget (60 B)', atLeast: 1 }],
  run: async (ctx: Context) => {
    const n = ctx.quick ? quickN : full
    const samples: number[] = []
    let generated: Synthetic.Generated | null = null
    // every state built stays alive until the end, so each difference is one store's worth
    const keep: State.State[] = []
    let before = await heapNow()
    for (let r = 0; r < 3; r++) {
      const built = Synthetic.compactStore(gbShape(n))
      keep.push(built.state)
      const after = await heapNow()
      generated = built.generated
      samples.push((after - before) / n)
      before = after
      if (State.size(built.state).meterPoints !== n) throw new Error('unreachable')
    }
    samples.sort((a, b) => a - b)
    const bytes = samples[samples.length >> 1]!
    if (!(bytes > 0)) throw new Error(`engine.bytesPerMeterPoint.${label}: the heap did not grow by a store (${samples.map((x) => x.toFixed(1)).join(', ')} B per meter point): memory of another measure was released during this one`)
    ctx.log(`engine.bytesPerMeterPoint.${label}: ${bytes.toFixed(1)} B per meter point with its meters (${generated!.meters} meters for ${n} meter points)`)
    return { ours: 1e6 / bytes, peers: { 'budget (60 B)': 1e6 / 60 } }
  },
})

/** The engine measures. @since 0.1.0 @category measures */
export const measures: ReadonlyArray<Measure> = [
  replay,
  userPolicy,
  bytesPerMeterPoint('1M', 1_000_000, 100_000),
  bytesPerMeterPoint('5M', 5_000_000, 500_000),
]
