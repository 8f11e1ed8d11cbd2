/**
 * The daily cycle at GB scale (`npm run bench:daily`, not a test; slow by nature: run it under
 * `nice` on a quiet machine):
 *
 * 1. **init**: a seeded synthetic GB state (30M MPANs, 24M MPRNs, ~35M smart meters and a comms hub
 *    per home) generated straight into a new state database through the loader `init` uses;
 *    goal ≤ 15 min. The seed leaves 10% of flagged meter points never sent: one catch-up `notify`
 *    (timed apart) sends them, as a team's first day would.
 * 2. **a day**: 100,000 transitions (status changes along the lifecycle, new installs registered and
 *    linked to unserved meter points) run through the built `dcc-flags` as a team runs it —
 *    `apply`, `notify --db`, then `respond` with the gas registry's E46 answer (1% rejected) —
 *    each in its own process; goal ≤ 15 s for the three, peak RSS ≤ 2 GB for each (the day must not
 *    load the inventory).
 * 3. **a month at 1M meter points**: 31 daily `apply` + `notify` runs on a database against the
 *    engine in memory (the same events folded day by day, the outbox run on the result): the same
 *    files, byte for byte, and the same final flags; both timed.
 *
 * Options: `--scale F` (a fraction of GB for the first two steps, e.g. 0.1), `--events N` (a day's
 * transitions), `--month-meter-points N` (default 1,000,000), `--skip-gb`, `--skip-month`,
 * `--keep` (leave the databases in `.tmp/bench-daily`), `--note TEXT`, `--no-record`.
 *
 * Figures go to `bench/results.json` (its `daily` entry; the other measures' entries are kept) and
 * a section of `bench/RESULTS.md`.
 *
 * @since 0.2.0
 */
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import Sqlite from 'better-sqlite3'
import * as Synthetic from './Synthetic'
import * as Codes from '../src/engine/store/Codes'
import * as Model from '../src/engine/Model'
import * as State from '../src/engine/State'
import * as Reducer from '../src/engine/Reducer'
import * as Outbox from '../src/engine/Outbox'
import * as CalendarDate from '../src/identifiers/CalendarDate'
import * as Instant from '../src/identifiers/Instant'
import * as MeterPointKey from '../src/identifiers/MeterPointKey'
import * as DeviceKey from '../src/identifiers/DeviceKey'
import * as Dxi from '../src/wire/uklink/Dxi'
import * as Dxr from '../src/wire/uklink/Dxr'
import { Apply, Database, Export, Init, Notify, Schema, Settings } from '../src/sqlite'
import { machine } from './lib'

// scripts/run-ts.mjs sets argv[1] to this file's path (the bundle itself runs from .tmp/)
const ROOT = path.resolve(path.dirname(process.argv[1]!), '..')
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const has = (name: string): boolean => process.argv.includes(name)
const scale = Number(arg('--scale') ?? '1')
const dayEvents = Number(arg('--events') ?? '100000')
const monthMeterPoints = Number(arg('--month-meter-points') ?? '1000000')
const WORK = path.join(ROOT, '.tmp', 'bench-daily')
const BIN = path.join(ROOT, 'dist', 'cli.js')
const RSS_HOOK = path.join(WORK, 'rss.cjs')

const log = (m: string): void => {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${m} (rss ${(process.memoryUsage.rss() / 2 ** 30).toFixed(2)} GiB)\n`)
}
const secs = (t0: number): number => (performance.now() - t0) / 1000
const gib = (bytes: number): number => bytes / 2 ** 30

const SETTINGS: Settings.Settings = { policy: 'mp077', switches: Outbox.allOn, routes: {}, gasOrganisationId: '1234567890' }

// ---------------------------------------------------------------------------------------------
// generating straight into the database
// ---------------------------------------------------------------------------------------------

const typeOfCompact: number[] = []
for (const t of Model.deviceTypes) typeOfCompact[Codes.typeCode(t)] = Schema.typeCodes[t]
const statusOfCompact: number[] = []
for (const s of Model.deviceStatuses) statusOfCompact[Codes.statusCode(s)] = Schema.statusCodes[s]

/** A synthetic state generated into a loader: the generator's rows, links put on their device. */
const generateInto = (loader: Init.Loader, shape: Synthetic.Shape): Synthetic.Generated => {
  const dateInt = new Map<number, number>()
  const dateOf = (code: number): number | null => {
    if (code === Codes.NO_DATE) return null
    let d = dateInt.get(code)
    if (d === undefined) {
      d = Number(CalendarDate.civilFromDays(code))
      dateInt.set(code, d)
    }
    return d
  }
  // the generator links a device to the meter points just made: keep the last few keys
  const recent: number[] = []
  let mpCount = 0
  let pending: [number, number, number, number | null, null, number | null, number | null] | null = null
  const flush = (): void => {
    if (pending !== null) loader.deviceRow(pending)
    pending = null
  }
  const generated = Synthetic.generate(shape, {
    meterPoint: (key, flag, date, notified) => {
      // no flush here: a twin ESME's second MPAN comes after its device
      const f = Codes.flagByCode[flag] ?? null
      const d = dateOf(date)
      loader.meterPointRow([key, f, d, notified && f !== null ? f : null, notified && f !== null ? d : null, null, null, null])
      recent[mpCount & 7] = key
      return mpCount++
    },
    device: (hi, lo, type, status) => {
      flush()
      pending = [hi, lo, typeOfCompact[type]!, statusOfCompact[status] ?? null, null, null, null]
      return 0
    },
    link: (_d, m) => {
      const key = recent[m & 7]!
      if (pending![5] === null) pending![5] = key
      else pending![6] = key
    },
  })
  flush()
  return generated
}

// ---------------------------------------------------------------------------------------------
// commands as a team runs them, each in its own process, with its peak RSS
// ---------------------------------------------------------------------------------------------

interface Ran {
  readonly seconds: number
  readonly peakRssGiB: number
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const runCli = (args: ReadonlyArray<string>): Ran => {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--require', RSS_HOOK, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
  const seconds = secs(t0)
  const m = /\[max-rss-kib (\d+)\]/.exec(r.stderr)
  return { seconds, peakRssGiB: m === null ? NaN : (Number(m[1]) * 1024) / 2 ** 30, code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// ---------------------------------------------------------------------------------------------
// 1. GB init
// ---------------------------------------------------------------------------------------------

interface GbFigures {
  readonly meterPoints: number
  readonly meters: number
  readonly hubs: number
  readonly initSeconds: number
  readonly databaseGiB: number
  readonly catchUp: { readonly seconds: number; readonly notifications: number; readonly files: number; readonly peakRssGiB: number }
  readonly day: {
    readonly events: number
    readonly apply: Ran & { readonly changes: number; readonly rejected: number }
    readonly notify: Ran & { readonly notifications: number; readonly files: number }
    readonly respond: Ran & { readonly records: number; readonly held: number }
    readonly seconds: number
    readonly peakRssGiB: number
  }
}

const gb = async (): Promise<GbFigures> => {
  const mpans = Math.round(30_000_000 * scale)
  const mprns = Math.round(24_000_000 * scale)
  const file = path.join(WORK, 'gb.db')
  for (const f of fs.readdirSync(WORK)) if (f.startsWith('gb.db') || f.startsWith('gb-out') || f.startsWith('gb-day')) fs.rmSync(path.join(WORK, f), { recursive: true, force: true })
  log(`init: generating ${mpans} MPANs, ${mprns} MPRNs with meters and hubs into ${file}`)
  const t0 = performance.now()
  const l = await Init.create(file, { settings: SETTINGS })
  if (E.isLeft(l)) throw new Error(l.left.message)
  const generated = generateInto(l.right, { mpans, mprns, hubs: true, seed: 1 })
  log(`init: ${generated.meterPoints} meter points, ${generated.meters} meters, ${generated.hubs} hubs written in ${secs(t0).toFixed(1)} s; building indexes`)
  // the generator links only meter points it made
  const done = l.right.finish(undefined, { unlistedLinks: false })
  if (E.isLeft(done)) throw new Error(done.left.message)
  const initSeconds = secs(t0)
  const databaseGiB = gib(fs.statSync(file).size)
  log(`init: ${initSeconds.toFixed(1)} s, ${databaseGiB.toFixed(2)} GiB`)

  // the first day's catch-up: what the seed left unsent
  const out = path.join(WORK, 'gb-out')
  const catchUpRun = runCli(['notify', '--db', file, '--out', out, '--now', '20240601050000'])
  if (catchUpRun.code !== 0) throw new Error(`catch-up notify failed: ${catchUpRun.stderr}`)
  const catchUpFiles = catchUpRun.stdout.split('\n').filter((x) => x !== '')
  const catchUp = { seconds: catchUpRun.seconds, files: catchUpFiles.length, notifications: catchUpFiles.reduce((s, x) => s + Number(x.split(' ')[2]), 0), peakRssGiB: catchUpRun.peakRssGiB }
  log(`catch-up notify: ${catchUp.notifications} notifications in ${catchUp.files} files, ${catchUp.seconds.toFixed(1)} s, peak RSS ${catchUp.peakRssGiB.toFixed(2)} GiB`)

  // the day's events, drawn against the database (setup, not timed): status changes along the
  // usual life, and new installs on meter points no meter serves
  const events = dayOfEvents(file, generated, dayEvents)
  const dayFile = path.join(WORK, 'gb-day.ndjson')
  fs.writeFileSync(dayFile, events.map((e) => JSON.stringify(e)).join('\n') + '\n')
  log(`day: ${events.length} events in ${dayFile}`)

  const a = runCli(['apply', '--db', file, '--events', dayFile, '--as-of', '2024-06-02T05:00:00Z'])
  if (a.code !== 0 && a.code !== 1) throw new Error(`apply failed: ${a.stderr.slice(0, 2000)}`)
  const applied = /(\d+) flag changes, (\d+) rejected events/.exec(a.stderr)
  log(`apply: ${a.seconds.toFixed(2)} s, peak RSS ${a.peakRssGiB.toFixed(2)} GiB: ${applied?.[0] ?? a.stderr.slice(-300)}`)
  const n = runCli(['notify', '--db', file, '--out', out, '--now', '20240602060000'])
  if (n.code !== 0) throw new Error(`notify failed: ${n.stderr.slice(0, 2000)}`)
  const nFiles = n.stdout.split('\n').filter((x) => x !== '')
  log(`notify: ${n.seconds.toFixed(2)} s, peak RSS ${n.peakRssGiB.toFixed(2)} GiB: ${nFiles.length} files`)
  const dxiName = nFiles.map((x) => x.split(' ')[0]!).filter((x) => x.startsWith('DXI_')).pop()
  if (dxiName === undefined) throw new Error('the day sent no DXI file')
  const dxi = Dxi.decode(fs.readFileSync(path.join(out, dxiName)))
  if (E.isLeft(dxi)) throw new Error(`${dxiName} does not decode`)
  const e46 = path.join(WORK, 'gb-day-e46.txt')
  fs.writeFileSync(e46, Dxr.encode(Dxr.make({
    header: { organisationId: '9876543210', creationDate: '20240602', creationTime: '180000', generationNumber: 1 },
    records: dxi.right.records.map((r, i) => ({ outcome: i % 100 === 0 ? 'RJ' as const : 'AC' as const, mprn: r.mprn, flag: r.flag, effectiveFrom: r.effectiveFrom })),
  })))
  const r = runCli(['respond', '--db', file, e46])
  if (r.code !== 0) throw new Error(`respond failed: ${r.stderr.slice(0, 2000)}`)
  const report = JSON.parse(r.stdout) as { held: unknown[] }
  log(`respond: ${r.seconds.toFixed(2)} s, peak RSS ${r.peakRssGiB.toFixed(2)} GiB: ${dxi.right.records.length} records, ${report.held.length} held`)
  return {
    meterPoints: generated.meterPoints,
    meters: generated.meters,
    hubs: generated.hubs,
    initSeconds,
    databaseGiB,
    catchUp,
    day: {
      events: events.length,
      apply: { ...a, changes: Number(applied?.[1] ?? NaN), rejected: Number(applied?.[2] ?? NaN) },
      notify: { ...n, files: nFiles.length, notifications: nFiles.reduce((s, x) => s + Number(x.split(' ')[2]), 0) },
      respond: { ...r, records: dxi.right.records.length, held: report.held.length },
      seconds: a.seconds + n.seconds + r.seconds,
      peakRssGiB: Math.max(a.peakRssGiB, n.peakRssGiB, r.peakRssGiB),
    },
  }
}

/** A day of valid transitions over the database (read for the drawing only). */
const dayOfEvents = (file: string, generated: Synthetic.Generated, count: number): Model.Event[] => {
  // better-sqlite3 directly: the bench draws, the commands under test do the work
  const db = new Sqlite(file, { readonly: true, fileMustExist: true })
  const statusOf = db.prepare('SELECT status FROM device WHERE hi = ? AND lo = ?').raw(true)
  const servedBy = db.prepare('SELECT 1 FROM device WHERE mp1 = ? UNION ALL SELECT 1 FROM device WHERE mp2 = ?').raw(true)
  const rnd = Synthetic.prng(9)
  const next: Record<string, Model.DeviceStatus | null> = {
    Pending: 'Whitelisted', Whitelisted: 'InstalledNotCommissioned', InstalledNotCommissioned: 'Commissioned', Commissioned: 'Suspended',
    Suspended: 'Commissioned', Recovery: 'Recovered', Recovered: 'Commissioned', Withdrawn: 'Commissioned', Decommissioned: null,
  }
  const planned = new Map<number, Model.DeviceStatus>()
  const events: Model.Event[] = []
  const dayStart = Date.UTC(2024, 5, 1) / 1000
  const at = (k: number): Instant.Instant => new Date((dayStart + Math.floor((k / count) * 86000)) * 1000).toISOString().slice(0, 19) + 'Z' as Instant.Instant
  let fresh = 0
  const total = Math.round(scale * 30_000_000)
  while (events.length < count) {
    const k = events.length
    if (rnd() < 0.05 && events.length + 2 <= count) {
      // a new install on an MPAN no meter serves
      const key = Synthetic.mpanKey(Math.floor(rnd() * total))
      if ((servedBy.get(key, key) as unknown) !== undefined) continue
      const id = DeviceKey.idOf(Synthetic.NEW_HI, fresh++)
      events.push({ eventId: `day-${k}`, at: at(k), type: 'DeviceRegistered', deviceId: id, deviceType: 'ESME' })
      events.push({ eventId: `day-${k + 1}`, at: at(k + 1), type: 'MeterPointLinked', deviceId: id, meterPoint: MeterPointKey.idOf(key) as never })
      continue
    }
    const d = Math.floor(rnd() * generated.meters)
    const row = statusOf.get(Synthetic.METER_HI, d) as [number | null] | undefined
    if (row === undefined || row[0] === null) continue
    const from = planned.get(d) ?? Schema.statusOfCode[row[0]]!
    const to = next[from]
    if (to === null || to === undefined) continue
    planned.set(d, to)
    events.push({ eventId: `day-${k}`, at: at(k), type: 'StatusChanged', deviceId: DeviceKey.idOf(Synthetic.METER_HI, d), status: to })
  }
  db.close()
  return events
}

// ---------------------------------------------------------------------------------------------
// 3. a month at 1M meter points: the database against the engine in memory
// ---------------------------------------------------------------------------------------------

interface MonthFigures {
  readonly meterPoints: number
  readonly events: number
  readonly days: number
  readonly notifications: number
  readonly files: number
  readonly sameFiles: boolean
  readonly sameFlags: boolean
  readonly databaseSeconds: number
  readonly memorySeconds: number
}

const nextDay = (date: string): string => {
  const d = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8) + 1))
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
}

const month = async (): Promise<MonthFigures> => {
  const mpans = Math.round((monthMeterPoints * 30) / 54)
  const inventory = Synthetic.inventory({ mpans, mprns: monthMeterPoints - mpans, seed: 4 })
  const events = Synthetic.month(inventory, { events: Math.round(monthMeterPoints / 10), days: 31, start: '20240102' as CalendarDate.CalendarDate, seed: 6 })
  const byDay = new Map<string, Model.Event[]>()
  for (const e of events) {
    const d = Instant.londonDate(e.at)!
    const list = byDay.get(d) ?? []
    list.push(e)
    byDay.set(d, list)
  }
  const days = [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1))
  log(`month: ${inventory.meterPoints.length} meter points, ${events.length} events over ${days.length} days`)
  const file = path.join(WORK, 'month.db')
  for (const f of fs.readdirSync(WORK)) if (f.startsWith('month')) fs.rmSync(path.join(WORK, f), { recursive: true, force: true })
  const l = await Init.create(file, { settings: SETTINGS })
  if (E.isLeft(l)) throw new Error(l.left.message)
  for (const mp of inventory.meterPoints) l.right.meterPoint(mp)
  for (const d of inventory.devices) l.right.device(d)
  const done = l.right.finish()
  if (E.isLeft(done)) throw new Error(done.left.message)
  const opened = await Database.open(file)
  if (E.isLeft(opened)) throw new Error(opened.left.message)
  const db = opened.right
  let memory = State.fromInventory(inventory)
  let counters = { nextFileId: 1, nextGeneration: 1 }
  let databaseSeconds = 0
  let memorySeconds = 0
  let sameFiles = true
  let notifications = 0
  let fileCount = 0
  for (const [date, list] of days) {
    const now = `${nextDay(date)}060000`
    const asOf = `${nextDay(date).slice(0, 4)}-${nextDay(date).slice(4, 6)}-${nextDay(date).slice(6, 8)}T05:00:00Z` as Instant.Instant
    const out = path.join(WORK, `month-out-${date}`)
    const t0 = performance.now()
    const a = await Apply.apply(db, list.map((e) => E.right(e)), { asOf })
    if (E.isLeft(a)) throw new Error(a.left.message)
    const n = await Notify.notify(db, { out, now })
    if (E.isLeft(n)) throw new Error(n.left.message)
    databaseSeconds += secs(t0)
    const t1 = performance.now()
    const r = Reducer.reduce(memory, list, { asOf })
    const due = Outbox.pending(r.state, SETTINGS.switches)
    const built = Outbox.build(Outbox.plan(due.notifications).files, { firstFileId: counters.nextFileId, firstGeneration: counters.nextGeneration, now, gasOrganisationId: SETTINGS.gasOrganisationId! })
    if (E.isLeft(built)) throw new Error(built.left.join('; '))
    counters = { nextFileId: built.right.nextFileId, nextGeneration: built.right.nextGeneration }
    memory = Outbox.recordSent(r.state, built.right.files.flatMap((f) => f.notifications)).state
    memorySeconds += secs(t1)
    const names = n.right.files.map((f) => f.name)
    if (names.join() !== built.right.files.map((f) => f.name).join()) sameFiles = false
    for (const f of built.right.files) if (!fs.readFileSync(path.join(out, f.name)).equals(Buffer.from(f.bytes))) sameFiles = false
    notifications += built.right.files.reduce((s, f) => s + f.recordCount, 0)
    fileCount += built.right.files.length
    fs.rmSync(out, { recursive: true, force: true })
  }
  const flags = (inv: { meterPoints: ReadonlyArray<{ id: string; flag: unknown; effectiveFrom: unknown }> }): Map<string, string> =>
    new Map(inv.meterPoints.map((m) => [m.id, `${String(m.flag)} ${String(m.effectiveFrom)}`]))
  const fromDb = flags(JSON.parse([...Export.inventoryJson(db)].join('')) as { meterPoints: Array<{ id: string; flag: unknown; effectiveFrom: unknown }> })
  const once = flags(State.toInventory(Reducer.reduce(State.fromInventory(inventory), events).state))
  let sameFlags = fromDb.size === once.size
  for (const [id, v] of once) if (fromDb.get(id) !== v) sameFlags = false
  Database.close(db)
  log(`month: database ${databaseSeconds.toFixed(1)} s, in memory ${memorySeconds.toFixed(1)} s; ${notifications} notifications in ${fileCount} files; same files ${sameFiles}, same flags ${sameFlags}`)
  return { meterPoints: inventory.meterPoints.length, events: events.length, days: days.length, notifications, files: fileCount, sameFiles, sameFlags, databaseSeconds, memorySeconds }
}

// ---------------------------------------------------------------------------------------------
// run and record
// ---------------------------------------------------------------------------------------------

const main = async (): Promise<void> => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`)
  fs.mkdirSync(WORK, { recursive: true })
  fs.writeFileSync(RSS_HOOK, "process.on('exit', () => process.stderr.write(`[max-rss-kib ${process.resourceUsage().maxRSS}]\\n`))\n")
  const loadBefore = os.loadavg()[0]!
  const t0 = performance.now()
  const gbFigures = has('--skip-gb') ? null : await gb()
  const monthFigures = has('--skip-month') ? null : await month()
  const m = { ...machine(loadBefore) }
  const verdict = (ok: boolean): string => (ok ? '✓' : '✗')
  const lines: string[] = [
    `## ${m.date} — daily run${scale === 1 ? '' : ` (scale ${scale})`}`,
    '',
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}`,
    `- commit: \`${m.commit}\``,
    `- load average (1 min): ${m.loadBefore.toFixed(2)} before, ${m.loadAfter.toFixed(2)} after`,
    ...(arg('--note') === undefined ? [] : [`- note: ${arg('--note')}`]),
    `- ${secs(t0).toFixed(0)} s in all`,
    '',
    '| figure | measured | goal |',
    '|---|---|---|',
  ]
  if (gbFigures !== null) {
    const g = gbFigures
    lines.push(
      `| init: ${g.meterPoints.toLocaleString('en-GB')} meter points, ${g.meters.toLocaleString('en-GB')} meters, ${g.hubs.toLocaleString('en-GB')} hubs (database ${g.databaseGiB.toFixed(1)} GiB) | ${(g.initSeconds / 60).toFixed(1)} min | ${verdict(g.initSeconds <= 900)} ≤ 15 min |`,
      `| catch-up notify (${g.catchUp.notifications.toLocaleString('en-GB')} notifications never sent, ${g.catchUp.files} files) | ${g.catchUp.seconds.toFixed(1)} s, peak RSS ${g.catchUp.peakRssGiB.toFixed(2)} GiB | |`,
      `| a day: apply ${g.day.events.toLocaleString('en-GB')} transitions (${g.day.apply.changes.toLocaleString('en-GB')} changes) | ${g.day.apply.seconds.toFixed(2)} s, peak RSS ${g.day.apply.peakRssGiB.toFixed(2)} GiB | |`,
      `| a day: notify (${g.day.notify.notifications.toLocaleString('en-GB')} notifications, ${g.day.notify.files} files) | ${g.day.notify.seconds.toFixed(2)} s, peak RSS ${g.day.notify.peakRssGiB.toFixed(2)} GiB | |`,
      `| a day: respond (${g.day.respond.records.toLocaleString('en-GB')} E46 records, ${g.day.respond.held} held) | ${g.day.respond.seconds.toFixed(2)} s, peak RSS ${g.day.respond.peakRssGiB.toFixed(2)} GiB | |`,
      `| a day: apply + notify + respond | ${g.day.seconds.toFixed(2)} s | ${verdict(g.day.seconds <= 15)} ≤ 15 s |`,
      `| a day: peak RSS of any of the three | ${g.day.peakRssGiB.toFixed(2)} GiB | ${verdict(g.day.peakRssGiB <= 2)} ≤ 2 GB |`,
    )
  }
  if (monthFigures !== null) {
    const x = monthFigures
    lines.push(
      `| a month at ${x.meterPoints.toLocaleString('en-GB')} meter points: ${x.days} daily apply + notify (${x.events.toLocaleString('en-GB')} events, ${x.notifications.toLocaleString('en-GB')} notifications in ${x.files} files) = the engine in memory | files ${x.sameFiles ? 'identical' : 'DIFFER'}, flags ${x.sameFlags ? 'identical' : 'DIFFER'} | ${verdict(x.sameFiles && x.sameFlags)} identical |`,
      `| that month's time: database / in memory | ${x.databaseSeconds.toFixed(1)} s / ${x.memorySeconds.toFixed(1)} s | |`,
    )
  }
  lines.push('')
  const section = lines.join('\n')
  process.stdout.write(section + '\n')
  if (!has('--no-record')) {
    const resultsFile = path.join(ROOT, 'bench', 'results.json')
    const results = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {}
    results['daily'] = { machine: m, scale, gb: gbFigures, month: monthFigures }
    fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n')
    fs.appendFileSync(path.join(ROOT, 'bench', 'RESULTS.md'), '\n' + section)
  }
  if (!has('--keep')) for (const f of fs.readdirSync(WORK)) fs.rmSync(path.join(WORK, f), { recursive: true, force: true })
}

await main()
