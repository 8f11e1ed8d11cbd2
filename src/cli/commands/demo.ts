/**
 * `dcc-flags demo [--out DIR]`: a DSP team's daily cycle on the bundled sample data
 * (`examples/data`, shipped with the package), run with the very commands a team types — each is
 * shown (`$ dcc-flags …`) with a short summary of what it did:
 * 1. `init` a state database (DIR/state.db) from the inventory;
 * 2.–4. three days of `apply` (that day's events, cut from the sample month into DIR) and `notify`;
 * 5. the gas registry's answer to the third day's DXI file — every record accepted but one
 *    (DIR/E46_0000000001.txt, written by the demo in the registry's place) — through `respond`;
 * 6. `release` of the held meter point and the next `notify`, which sends it again;
 * 7. `explain` of that meter point: its changes, the files it was sent in, the answer, the release;
 * 8. the rest of the month (`apply` + `notify`), with the check that the rejected events over the
 *    month are exactly the bad lines planted in the sample;
 * 9. every file written, decoded back: valid, carrying exactly what the database says it sent,
 *    re-encoding to the same bytes;
 * 10. reconciliation of the inventory against the bundled registry extract (the planted
 *    discrepancies, exactly), then of the month's state against the extract updated by the files;
 * 11. impact of `legacySec` against `mp077` over the month, also written as DIR/impact.html.
 *
 * Deterministic: file timestamps follow the sample's days and numbers start at 1, so every run
 * writes the same registry files and prints the same text (the database itself records when each
 * run happened). DIR defaults to `dcc-flags-demo` in the current folder; an existing folder is used
 * only when it holds nothing but the demo's own files, which a new run replaces.
 *
 * Exit codes: 0 when every check passed; 1 when one failed, the sample data is missing or invalid,
 * DIR cannot be used, or better-sqlite3 is not installed (the message says how to install it); 2 on
 * usage errors.
 *
 * @since 0.1.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { either as E } from 'fp-ts'
import { command, EXIT_INVALID, EXIT_OK, type Command } from '../Command'
import { InputError } from '../Errors'
import { progress, type Io } from '../Io'
import { loadInventory, readJsonText } from '../Inputs'
import { Model, Policy, Reducer, State } from '../../engine'
import { CalendarDate, Instant } from '../../identifiers'
import { D0350, Detect, Dxi, Dxr, Diagnostic } from '../../wire'
import { RegistryExtract, Reconcile, Impact, FromState } from '../../reconciliation'
import { Database, Driver, Notify, Reconciliation } from '../../sqlite'
import { htmlTitle } from './impact'
import { init } from './db/init'
import { apply } from './db/apply'
import { notifyDb } from './db/notifyDb'
import { respond } from './db/respond'
import { release } from './db/release'
import { explain } from './db/explain'
import { n, plural } from './db/Db'
const { detectKind } = Detect

/** The DXI A00 Organisation Id the demo's database sends with (**provisional**: whose id it is is not public). @since 0.1.0 @category constants */
export const DEMO_GAS_ORGANISATION = '1234567890'

/** The A00 Organisation Id of the gas registry's answer the demo writes in its place. @since 0.2.0 @category constants */
export const DEMO_REGISTRY_ORGANISATION = '9876543210'

/** The default output folder, in the current folder. @since 0.1.0 @category constants */
export const DEFAULT_OUT = 'dcc-flags-demo'

/** The days run one by one before the registry answers. @since 0.2.0 @category constants */
export const DEMO_DAYS = 3

// What the demo writes: anything else in a non-empty DIR makes it someone else's folder.
const OWN_FILE =
  /^(D0350_[A-Z0-9]{4}_[0-9]{10}\.txt|DXI_[0-9]{10}\.txt|E46_[0-9]{10}\.txt|impact\.html|events-([0-9]{8}|rest)\.ndjson|state\.db(-wal|-shm|-journal|\.partial)?|\.dcc-flags-staging|\.[A-Za-z0-9_.-]+\.dcc-flags-partial)$/

/**
 * True for a name the demo writes into its folder (so a folder holding only these is a previous
 * demo's, and a new run replaces them).
 *
 * @example
 * isDemoFile('D0350_LOND_0000000001.txt') // true
 * isDemoFile('state.db') // true
 * isDemoFile('notes.txt') // false
 * isDemoFile('.dcc-flags-staging') // true: a killed run's staged files
 * @since 0.1.0
 * @category utils
 */
export const isDemoFile = (name: string): boolean => OWN_FILE.test(name)

/**
 * The bundled sample data folder: `examples/data` next to the built `dist/` (`dist/cli.js` →
 * `../examples/data`), or next to the sources when run from them; null when neither holds it.
 *
 * @example
 * locateSampleData() // '/…/node_modules/dcc-service-flags/examples/data'
 * @since 0.1.0
 * @category utils
 */
export const locateSampleData = (): string | null => {
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const up of ['..', '../../..']) {
    const dir = path.resolve(here, up, 'examples', 'data')
    if (fs.existsSync(path.join(dir, 'manifest.json'))) return dir
  }
  return null
}

/** The parts of the sample's manifest (examples/generator) the demo checks against. */
interface Manifest {
  readonly summary: { readonly meterPoints: number; readonly devices: number; readonly lines: number }
  readonly options: { readonly startDate: string; readonly days: number }
  readonly planted: ReadonlyArray<{ readonly eventId: string | null; readonly expectedCode: string }>
  readonly registryPlanted: ReadonlyArray<{ readonly kind: string; readonly meterPoint: string }>
}

const isManifest = (u: unknown): u is Manifest => {
  const m = u as Manifest
  return typeof m === 'object' && m !== null && typeof m.summary === 'object' && m.summary !== null &&
    typeof m.options === 'object' && m.options !== null && Array.isArray(m.planted) && Array.isArray(m.registryPlanted)
}

const countBy = <A>(xs: Iterable<A>, key: (a: A) => string): Map<string, number> => {
  const m = new Map<string, number>()
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1)
  return m
}

const sameCounts = (a: Map<string, number>, b: Map<string, number>): boolean =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)

const listCounts = (m: Map<string, number>): string =>
  m.size === 0 ? 'none' : [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k} ${n(v)}`).join(', ')

const padRight = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length))
const padLeft = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s)

/** Checks DIR can take the demo's files (absent, empty, or holding only the demo's own files) and clears the demo's own. */
const prepareOut = (io: Io, dir: string): void => {
  let entries: string[] | null = null
  try {
    const st = fs.statSync(dir)
    if (!st.isDirectory()) throw new InputError(`${dir}: exists and is not a folder; give another --out`)
    entries = fs.readdirSync(dir)
  } catch (e) {
    if (e instanceof InputError) throw e
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`${dir}: cannot use (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
  }
  if (entries !== null) {
    const foreign = entries.filter((f) => !isDemoFile(f))
    if (foreign.length > 0) {
      throw new InputError(
        `${dir}: not empty and not a demo folder (it holds ${foreign.slice(0, 3).map((f) => JSON.stringify(f)).join(', ')}${foreign.length > 3 ? ', …' : ''}); ` +
          'give --out a new or empty folder',
      )
    }
    // a previous demo's files: the new run writes them again (notify never overwrites, init never replaces)
    for (const f of entries) fs.rmSync(path.join(dir, f), { recursive: true, force: true })
  }
  try {
    io.mkdirp(dir)
  } catch (e) {
    throw new InputError(`${dir}: cannot create (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
  }
}

/** Replays NDJSON text line by line so a long replay can show progress. */
const replayWithProgress = (io: Io, state: State.State, text: string, policy: Policy.Policy, label: string): Reducer.Result => {
  const fold = Reducer.begin(state, { policy })
  const bar = progress(io, label)
  Model.forEachLine(text, (line, lineNo) => {
    fold.pushLine(line, lineNo)
    if ((lineNo & 0xfff) === 0) bar.tick(lineNo)
  })
  bar.done()
  return fold.finish()
}

/** The sample month cut by London day, in file order (a line that does not parse stays with the line before). */
const byDay = (text: string): Array<{ readonly date: string; readonly lines: string[] }> => {
  const days: Array<{ date: string; lines: string[] }> = []
  Model.forEachLine(text, (line) => {
    let date: string | null = null
    try {
      const at = (JSON.parse(line) as { at?: unknown }).at
      date = typeof at === 'string' ? Instant.londonDate(at) : null
    } catch {
      date = null
    }
    const last = days[days.length - 1]
    if (last !== undefined && (date === null || date === last.date)) last.lines.push(line)
    else days.push({ date: date ?? '00000000', lines: [line] })
  })
  return days
}

const nextDay = (date: string): string =>
  CalendarDate.civilFromDays(CalendarDate.daysFromCivil(+date.slice(0, 4), +date.slice(4, 6), +date.slice(6, 8)) + 1)

const isoDate = (date: string): string => `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`

/** What a command printed and returned, run in-process with its output captured. */
interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * `dcc-flags demo [--out DIR]`
 *
 * @example
 * import { nodeIo } from '../Io'
 * await demo.run(['--out', 'dcc-flags-demo'], nodeIo()) // 0 when every check passed
 * @since 0.1.0
 * @category commands
 */
export const demo = command({
  name: 'demo',
  summary: 'runs the daily cycle on the bundled sample data (init, apply, notify, respond, release, explain; then reconcile and impact) and shows what it did',
  options: { out: { type: 'string', value: 'DIR', description: `the folder for the database and the files (default ${DEFAULT_OUT})` } },
  run: async ({ values }, io) => {
    const out = values.out ?? DEFAULT_OUT
    const data = locateSampleData()
    if (data === null) throw new InputError('the bundled sample data (examples/data) is missing from this installation')
    const driver = await Driver.load()
    if (E.isLeft(driver)) throw new InputError(`the demo runs the daily cycle on a state database: ${driver.left.message}`)
    const file = (name: string): string => path.join(data, name)
    let manifest: unknown
    try {
      manifest = JSON.parse(await readJsonText(io, file('manifest.json')))
    } catch (e) {
      if (e instanceof InputError) throw e
      throw new InputError(`${file('manifest.json')}: not JSON (${(e as Error).message})`)
    }
    if (!isManifest(manifest)) throw new InputError(`${file('manifest.json')}: not a sample manifest (summary, options, planted, registryPlanted)`)
    prepareOut(io, out)

    const say = (s: string): void => io.stdout(s + '\n')
    const failures: string[] = []
    const check = (ok: boolean, what: string): string => {
      if (!ok) failures.push(what)
      return ok ? 'ok' : 'FAILED'
    }
    const db = path.join(out, 'state.db')
    const inventoryFile = file('inventory.json')

    // Runs a command in-process, shows its command line, and keeps what it printed.
    const run = async (c: Command, args: ReadonlyArray<string>): Promise<Ran> => {
      say(`   $ dcc-flags ${c.name} ${args.join(' ')}`)
      let stdout = ''
      let stderr = ''
      const captured: Io = { ...io, stdout: (s) => { stdout += typeof s === 'string' ? s : Buffer.from(s).toString('latin1') }, stderr: (s) => { stderr += s } }
      let code: number
      try {
        code = await c.run(args, captured)
      } catch (e) {
        if (e instanceof InputError) {
          code = EXIT_INVALID
          stderr += `${e.message}\n`
        } else throw e
      }
      return { code, stdout, stderr }
    }
    const must = (r: Ran, what: string): Ran => {
      if (r.code !== 0) throw new InputError(`demo: ${what} failed (exit ${r.code}): ${r.stderr.trim()}`)
      return r
    }
    const filesOf = (r: Ran): Array<{ name: string; registry: string; records: number }> =>
      r.stdout.split('\n').filter((l) => l !== '').map((l) => {
        const [name, registry, records] = l.split(' ')
        return { name: name!, registry: registry!, records: Number(records) }
      })
    const allRejected: Model.Rejection[] = []
    const sentFiles: Array<{ name: string; registry: string; records: number }> = []
    const applyDay = async (events: string, asOf: string): Promise<void> => {
      const r = await run(apply, ['--db', db, '--events', events, '--as-of', asOf])
      if (r.code !== 0 && r.code !== EXIT_INVALID) must(r, 'apply')
      let result: { changes: Model.Change[]; rejected: Model.Rejection[] }
      try {
        result = JSON.parse(r.stdout) as typeof result
      } catch {
        throw new InputError(`demo: apply failed: ${r.stderr.trim()}`)
      }
      allRejected.push(...result.rejected)
      say(`   ${plural(result.changes.length, 'flag change')} (to ${listCounts(countBy(result.changes, (c) => c.to))}), ` +
        `${plural(result.rejected.length, 'rejected event')}${result.rejected.length > 0 ? ` (${listCounts(countBy(result.rejected, (x) => x.code))})` : ''}`)
    }
    const notifyAt = async (now: string): Promise<Array<{ name: string; registry: string; records: number }>> => {
      const r = must(await run(notifyDb, ['--db', db, '--out', out, '--now', now]), 'notify')
      const files = filesOf(r)
      sentFiles.push(...files)
      const total = files.reduce((s, f) => s + f.records, 0)
      say(`   ${plural(total, 'notification')} in ${plural(files.length, 'file')}${files.length > 0 ? ':' : ''}`)
      const width = Math.max(0, ...files.map((f) => f.name.length))
      for (const f of files) say(`     ${padRight(f.name, width)}  ${padLeft(n(f.records), 6)} record${f.records === 1 ? '' : 's'}`)
      return files
    }

    // states are persistent: the one inventory serves the cycle's count, the reconciliation and the impact
    const inventory0 = await loadInventory(io, inventoryFile)
    const size0 = State.size(inventory0)
    const monthText = await readJsonText(io, file('events.ndjson'))
    const days = byDay(monthText)
    say('dcc-flags demo: the daily cycle of a DSP team, on the sample data bundled with the package (examples/data)')
    say(`  inventory: ${plural(size0.meterPoints, 'meter point')}, ${plural(size0.devices, 'device')}; ` +
      `events: ${plural(manifest.summary.lines, 'line')} over ${manifest.options.days} days from ${manifest.options.startDate}, cut into one file a day in ${out}${path.sep}`)
    say('  (each step shows the command a team would type, then what it did)')
    say('')

    // 1. init
    say('1. Create the state database from the inventory, with the settings later commands use')
    const created = must(await run(init, ['--db', db, '--inventory', inventoryFile, '--gas-org', DEMO_GAS_ORGANISATION]), 'init')
    say(`   ${created.stderr.trim().replace(`${db}: `, '')}`)
    say('')

    // 2.–4. three days
    let step = 2
    for (const day of days.slice(0, DEMO_DAYS)) {
      const events = path.join(out, `events-${day.date}.ndjson`)
      fs.writeFileSync(events, day.lines.join('\n') + '\n')
      say(`${step++}. Day ${isoDate(day.date)}: apply the day's ${plural(day.lines.length, 'event')}, then notify the registries the next morning`)
      await applyDay(events, `${isoDate(nextDay(day.date))}T05:00:00Z`)
      await notifyAt(`${nextDay(day.date)}060000`)
      say('')
    }
    const lastDay = days[DEMO_DAYS - 1]!.date

    // 5. the registry's answer
    const dxis = sentFiles.filter((f) => f.name.startsWith('DXI_'))
    const answered = dxis[dxis.length - 1]!
    const dxi = Dxi.decode(await io.readBytes(path.join(out, answered.name)))
    if (E.isLeft(dxi)) throw new InputError(`demo: ${answered.name} does not decode`)
    const rejected = dxi.right.records[0]!
    const e46Name = 'E46_0000000001.txt'
    const e46 = Dxr.encode(Dxr.make({
      header: { organisationId: DEMO_REGISTRY_ORGANISATION, creationDate: nextDay(lastDay), creationTime: '180000', generationNumber: 1 },
      records: dxi.right.records.map((r, i) => ({ outcome: i === 0 ? 'RJ' as const : 'AC' as const, mprn: r.mprn, flag: r.flag, effectiveFrom: r.effectiveFrom })),
    }))
    io.writeFileAtomic(path.join(out, e46Name), e46)
    say(`${step++}. The gas registry answers ${answered.name} with an E46 file: every record accepted but one, rejected`)
    say(`   (${path.join(out, e46Name)}, written by the demo in the registry's place)`)
    const responded = must(await run(respond, ['--db', db, path.join(out, e46Name)]), 'respond')
    const report = JSON.parse(responded.stdout) as { confirmed: unknown[]; held: Array<{ meterPoint: string; flag: string; effectiveFrom: string }>; unmatched: unknown[] }
    say(`   ${plural(report.confirmed.length, 'record')} confirmed, ${n(report.held.length)} held (${report.held.map((h) => `${h.meterPoint} ${h.flag} from ${h.effectiveFrom}`).join(', ')}), ${n(report.unmatched.length)} unmatched`)
    say(`   held until released: ${check(report.held.length === 1 && report.held[0]!.meterPoint === rejected.mprn, 'the RJ did not hold its meter point')}`)
    say('')

    // 6. release and the next notify
    say(`${step++}. The team sorts it out with the registry, releases the hold, and the next notify sends it again`)
    const released = must(await run(release, ['--db', db, rejected.mprn]), 'release')
    say(`   ${released.stdout.trim()}`)
    const resent = await notifyAt(`${nextDay(lastDay)}190000`)
    const resentOk = resent.length === 1 && resent[0]!.records === 1
    say(`   only the released meter point is sent: ${check(resentOk, 'the next notify did not send exactly the released meter point')}`)
    say('')

    // 7. explain
    say(`${step++}. Its story`)
    const explained = must(await run(explain, ['--db', db, rejected.mprn]), 'explain')
    for (const line of explained.stdout.trimEnd().split('\n')) say(`   ${line}`)
    say('')

    // 8. the rest of the month
    const rest = days.slice(DEMO_DAYS)
    const restFile = path.join(out, 'events-rest.ndjson')
    fs.writeFileSync(restFile, rest.flatMap((d) => d.lines).join('\n') + '\n')
    const monthEnd = rest.length > 0 ? rest[rest.length - 1]!.date : lastDay
    say(`${step++}. The rest of the month (${isoDate(rest[0]?.date ?? monthEnd)} to ${isoDate(monthEnd)}) in one go`)
    await applyDay(restFile, `${isoDate(nextDay(monthEnd))}T05:00:00Z`)
    await notifyAt(`${nextDay(monthEnd)}060000`)
    const plantedCodes = countBy(manifest.planted, (x) => x.expectedCode)
    const plantedIds = countBy(manifest.planted, (x) => `${x.eventId}|${x.expectedCode}`)
    say(`   rejected over the month: ${listCounts(countBy(allRejected, (r) => r.code))}`)
    say(`   exactly the ${n(manifest.planted.length)} bad lines planted in the sample: ` +
      check(sameCounts(plantedCodes, countBy(allRejected, (r) => r.code)) && sameCounts(plantedIds, countBy(allRejected, (r) => `${r.eventId}|${r.code}`)), 'rejected events differ from the planted bad lines'))
    say('')

    // 9. decode back, against what the database says it sent
    const opened = await Database.open(db)
    if (E.isLeft(opened)) throw new InputError(opened.left.message)
    const state = opened.right
    try {
      let valid = 0
      let matching = 0
      let identical = 0
      let records = 0
      for (const f of sentFiles) {
        const bytes = await io.readBytes(path.join(out, f.name))
        const kind = detectKind(bytes)
        const result = kind === 'd0350' ? D0350.inspect(bytes) : kind === 'dxi' ? Dxi.inspect(bytes) : null
        if (result === null || result.file === null || Diagnostic.hasErrors(result.diagnostics)) continue
        valid++
        const got: ReadonlyArray<RegistryExtract.D0350Record | RegistryExtract.E45Record> = result.file.records
        const idOf = (r: RegistryExtract.D0350Record | RegistryExtract.E45Record): string => ('mpanCore' in r ? r.mpanCore : r.mprn)
        const sent = Notify.sentIn(state, f.name)
        records += got.length
        if (got.length === sent.length && got.every((r, j) => idOf(r) === sent[j]!.meterPoint && r.flag === sent[j]!.flag && r.effectiveFrom === sent[j]!.effectiveFrom)) matching++
        const again = kind === 'd0350' ? D0350.encode(result.file as D0350.D0350File) : Dxi.encode(result.file as Dxi.DxiFile)
        if (again.length === bytes.length && again.every((b, j) => b === bytes[j])) identical++
      }
      say(`${step++}. Decode back the ${plural(sentFiles.length, 'file')} sent: ${n(valid)} valid, ${plural(records, 'record')} read: ` +
        check(valid === sentFiles.length, 'a written file does not decode cleanly'))
      say(`   every file carries exactly what the database recorded as sent in it: ${check(matching === sentFiles.length, 'a decoded file differs from what was recorded')}`)
      say(`   every file re-encodes to the same bytes: ${check(identical === sentFiles.length, 'a decoded file does not re-encode to its bytes')}`)
      say('')

      // 10. reconcile
      const extract = RegistryExtract.parse(await io.readBytes(file('registered.csv')), { file: file('registered.csv') })
      if (extract.problems.length > 0) {
        for (const pr of extract.problems.slice(0, 20)) io.stderr(`${RegistryExtract.format(pr)}\n`)
        throw new InputError(`${file('registered.csv')}: ${plural(extract.problems.length, 'problem')} in the bundled registry extract`)
      }
      const before = Reconcile.reconcile(FromState.expectedOf(inventory0), extract.rows)
      const plantedKinds = countBy(manifest.registryPlanted, (x) => x.kind)
      const samePoints = sameCounts(countBy(manifest.registryPlanted, (x) => `${x.kind}|${x.meterPoint}`), countBy(before.discrepancies, (d) => `${d.kind}|${d.meterPoint}`))
      say(`${step++}. Reconcile the inventory against registered.csv (${plural(extract.rows.length, 'row')}): ${Reconcile.formatCounts(before.counts)}`)
      const kindWidth = Math.max(...Reconcile.kinds.map((k) => k.length))
      say(`   ${padRight('kind', kindWidth)}  ${padLeft('found', 6)}  ${padLeft('planted', 7)}`)
      for (const k of Reconcile.kinds) {
        const planted = plantedKinds.get(k) ?? 0
        say(`   ${padRight(k, kindWidth)}  ${padLeft(n(before.counts[k]), 6)}  ${padLeft(n(planted), 7)}  ${check(before.counts[k] === planted, `${k}: found ${before.counts[k]}, planted ${planted}`)}`)
      }
      say(`   the same meter points as planted: ${check(samePoints, 'the discrepancies are not the planted meter points')}`)
      // The registry after the month: the extract, then every record of the files sent, in order (a later record wins).
      const sentRows = RegistryExtract.fromWireRecords(sentFiles.map((f) => ({
        file: f.name,
        records: Notify.sentIn(state, f.name).map((x) => (x.fuel === 'electricity'
          ? { mpanCore: x.meterPoint, flag: x.flag, effectiveFrom: x.effectiveFrom }
          : { mprn: x.meterPoint, flag: x.flag, effectiveFrom: x.effectiveFrom })),
      })))
      const after = Reconcile.reconcile(Reconciliation.expectedOf(state), [...extract.rows, ...sentRows.rows])
      say(`   the database after the month, against the extract updated by the files sent: ${Reconcile.formatCounts(after.counts)}`)
      say('   (sending brings the registry up to date with the month; what remains is mostly the registry\'s own planted errors)')
      say('')
    } finally {
      Database.close(state)
    }

    // 11. impact
    const mp077 = replayWithProgress(io, inventory0, monthText, Policy.mp077, 'impact (mp077): lines')
    const legacy = replayWithProgress(io, inventory0, monthText, Policy.legacySec, 'impact (legacySec): lines')
    const impactReport = Impact.impact([
      { policy: 'legacySec', flags: FromState.finalFlagsOf(legacy.state) },
      { policy: 'mp077', flags: FromState.finalFlagsOf(mp077.state) },
    ])
    const htmlFile = path.join(out, 'impact.html')
    io.writeFileAtomic(htmlFile, Impact.toHtml(impactReport, { title: htmlTitle(impactReport.policies) }))
    const m = impactReport.matrices[0]!
    const shown = Impact.shownLabels(impactReport)
    const same = shown.reduce((acc, l) => acc + m.counts[l][l], 0)
    say(`${step++}. Impact of legacySec against mp077 over the month: ${plural(impactReport.meterPoints, 'meter point')}, ${n(impactReport.meterPoints - same)} with a different final flag`)
    for (const r of shown) for (const c of shown) if (r !== c && m.counts[r][c] > 0) say(`   ${r} under legacySec, ${c} under mp077: ${n(m.counts[r][c])}`)
    say(`   the full matrix: ${htmlFile}`)
    say('')

    if (failures.length > 0) {
      for (const f of failures) io.stderr(`dcc-flags demo: check failed: ${f}\n`)
      say(`Done, with ${plural(failures.length, 'failed check')}: see standard error.`)
      return EXIT_INVALID
    }
    say(`Done: every check passed. In ${out}${path.sep}: the database state.db, ${plural(sentFiles.length, 'registry file')}, the E46 answer, the events files and impact.html.`)
    say(`Look around: dcc-flags status --db ${db}`)
    return EXIT_OK
  },
})
