/**
 * `dcc-flags demo [--out DIR]`: the main job on the bundled sample data (`examples/data`, shipped
 * with the package), step by step, with a short readable summary of each step on stdout:
 * 1. replay the month's events over the inventory under `mp077`, and check the rejected events are
 *    exactly the bad lines planted in the sample;
 * 2. notify: the pending flags as D0350 files (one per MPAS) and a DXI file (gas), written into DIR;
 * 3. decode those files back and check them: valid, carrying exactly what was sent, and re-encoding
 *    to the same bytes;
 * 4. reconcile the inventory against the bundled registry extract, and check the discrepancies are
 *    exactly the ones planted; then the month's state against the extract updated by the files;
 * 5. impact of `legacySec` against `mp077`, also written as `DIR/impact.html`.
 *
 * Deterministic: the files' timestamps and numbers are fixed ({@link DEMO_NOW}, file ids from 1), so
 * every run writes the same bytes. DIR defaults to `dcc-flags-demo` in the current folder; an existing
 * non-empty folder is used only when it holds nothing but the demo's own files.
 *
 * Exit codes: 0 when every check passed; 1 when one failed, the sample data is missing or invalid,
 * or DIR cannot be used; 2 on usage errors.
 *
 * @since 0.1.0
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'
import { either as E } from 'fp-ts'
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { InputError } from '../Errors'
import { progress, type Io } from '../Io'
import { loadInventory, readJsonText } from '../Inputs'
import { Model, Outbox, Policy, Reducer, State } from '../../engine'
import { D0350, Detect, Dxi, Diagnostic } from '../../wire'
import { RegistryExtract, Reconcile, Impact, FromState } from '../../reconciliation'
import { htmlTitle } from './impact'
const { detectKind } = Detect

/** Every timestamp the demo writes: 1 April 2024, 06:00, the morning after the sample month. @since 0.1.0 @category constants */
export const DEMO_NOW = '20240401060000'

/** The DXI A00 Organisation Id the demo writes (**provisional**: whose id it is is not public). @since 0.1.0 @category constants */
export const DEMO_GAS_ORGANISATION = '1234567890'

/** The default output folder, in the current folder. @since 0.1.0 @category constants */
export const DEFAULT_OUT = 'dcc-flags-demo'

// What the demo writes: anything else in a non-empty DIR makes it someone else's folder.
const OWN_FILE = /^(D0350_[A-Z0-9]{4}_[0-9]{10}\.txt|DXI_[0-9]{10}\.txt|impact\.html)$/

/**
 * True for a name the demo writes into its folder (so a folder holding only these is a previous
 * demo's and may be written again).
 *
 * @example
 * isDemoFile('D0350_LOND_0000000001.txt') // true
 * isDemoFile('notes.txt') // false
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

/** Groups digits by thousands (`12,345`), without the locale machinery. */
const n = (x: number): string => String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',')

const plural = (x: number, one: string, many = one + 's'): string => `${n(x)} ${x === 1 ? one : many}`

const countBy = <A>(xs: Iterable<A>, key: (a: A) => string): Map<string, number> => {
  const m = new Map<string, number>()
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1)
  return m
}

const sameCounts = (a: Map<string, number>, b: Map<string, number>): boolean =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v)

const listCounts = (m: Map<string, number>): string =>
  [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k} ${n(v)}`).join(', ')

const padRight = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length))
const padLeft = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s)

/** Checks DIR can take the demo's files: absent, empty, or holding only the demo's own files. */
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
  summary: 'runs the whole pipeline on the bundled sample data (replay, notify, decode, reconcile, impact) and shows what it did',
  options: { out: { type: 'string', value: 'DIR', description: `the folder for the files (default ${DEFAULT_OUT})` } },
  run: async ({ values }, io) => {
    const out = values.out ?? DEFAULT_OUT
    const data = locateSampleData()
    if (data === null) throw new InputError('the bundled sample data (examples/data) is missing from this installation')
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

    const inventory0 = await loadInventory(io, file('inventory.json'))
    const size0 = State.size(inventory0)
    const eventsText = await readJsonText(io, file('events.ndjson'))
    say('dcc-flags demo: the whole pipeline on the sample data bundled with the package (examples/data)')
    say(`  inventory: ${plural(size0.meterPoints, 'meter point')}, ${plural(size0.devices, 'device')}; ` +
      `events: ${plural(manifest.summary.lines, 'line')} over ${manifest.options.days} days from ${manifest.options.startDate}`)
    say('')

    // 1. replay
    const replayed = replayWithProgress(io, inventory0, eventsText, Policy.mp077, 'replay: lines')
    const byTo = countBy(replayed.changes, (c) => c.to)
    const plantedCodes = countBy(manifest.planted, (x) => x.expectedCode)
    const rejectedCodes = countBy(replayed.rejected, (r) => r.code)
    const plantedIds = countBy(manifest.planted, (x) => `${x.eventId}|${x.expectedCode}`)
    const rejectedIds = countBy(replayed.rejected, (r) => `${r.eventId}|${r.code}`)
    say(`1. Replay under mp077: ${plural(replayed.changes.length, 'flag change')} (to ${listCounts(byTo)}), ${plural(replayed.rejected.length, 'rejected event')}`)
    say(`   rejected: ${listCounts(rejectedCodes)}`)
    say(`   the rejected events are exactly the ${n(manifest.planted.length)} bad lines planted in the sample: ` +
      check(sameCounts(plantedCodes, rejectedCodes) && sameCounts(plantedIds, rejectedIds), 'rejected events differ from the planted bad lines'))
    say('')

    // 2. notify
    const pending = Outbox.pending(replayed.state, Outbox.allOn)
    const planned = Outbox.plan(pending.notifications)
    const built = Outbox.build(planned.files, { firstFileId: 1, firstGeneration: 1, now: DEMO_NOW, gasOrganisationId: DEMO_GAS_ORGANISATION })
    if (E.isLeft(built)) throw new Error(`demo: the outbox refused its own plan: ${built.left.join('; ')}`)
    const files = built.right.files
    const written = files.map((f) => path.join(out, f.name))
    files.forEach((f, i) => io.writeFileAtomic(written[i]!, f.bytes))
    const electricity = files.filter((f) => f.kind === 'd0350')
    const gas = files.filter((f) => f.kind === 'dxi')
    say(`2. Notify: ${plural(pending.notifications.length, 'pending flag')} → ${plural(electricity.length, 'D0350 file')} (one per MPAS) and ` +
      `${plural(gas.length, 'DXI file')} (gas), written to ${out}${path.sep}`)
    say(`   (timestamped ${DEMO_NOW} and numbered from 1: the demo's fixed clock and counter, so every run writes the same bytes)`)
    const nameWidth = Math.max(...files.map((f) => f.name.length))
    for (const f of files) say(`   ${padRight(f.name, nameWidth)}  ${padLeft(n(f.recordCount), 6)} record${f.recordCount === 1 ? '' : 's'}`)
    if (planned.unroutable.length > 0) say(`   ${plural(planned.unroutable.length, 'MPAN')} of distributors outside the routing table not sent (unroutable)`)
    say('')

    // 3. decode back
    let valid = 0
    let matching = 0
    let identical = 0
    let records = 0
    for (let i = 0; i < files.length; i++) {
      const sent = files[i]!
      const bytes = await io.readBytes(written[i]!)
      const kind = detectKind(bytes)
      const result = kind === 'd0350' ? D0350.inspect(bytes) : kind === 'dxi' ? Dxi.inspect(bytes) : null
      if (result === null || result.file === null || Diagnostic.hasErrors(result.diagnostics)) continue
      valid++
      const got: ReadonlyArray<RegistryExtract.D0350Record | RegistryExtract.E45Record> = result.file.records
      const idOf = (r: RegistryExtract.D0350Record | RegistryExtract.E45Record): string => ('mpanCore' in r ? r.mpanCore : r.mprn)
      records += got.length
      if (kind === sent.kind && got.length === sent.notifications.length &&
        got.every((r, j) => { const s = sent.notifications[j]!; return idOf(r) === s.meterPoint && r.flag === s.flag && r.effectiveFrom === s.effectiveFrom })) matching++
      const again = kind === 'd0350' ? D0350.encode(result.file as D0350.D0350File) : Dxi.encode(result.file as Dxi.DxiFile)
      if (again.length === bytes.length && again.every((b, j) => b === bytes[j])) identical++
    }
    say(`3. Decode back: ${n(valid)} of ${plural(files.length, 'file')} valid, ${plural(records, 'record')} read: ` +
      check(valid === files.length, 'a written file does not decode cleanly'))
    say(`   every file carries exactly the flags sent: ${check(matching === files.length, 'a decoded file differs from what was sent')}`)
    say(`   every file re-encodes to the same bytes: ${check(identical === files.length, 'a decoded file does not re-encode to its bytes')}`)
    say('')

    // 4. reconcile
    const extract = RegistryExtract.parse(await io.readBytes(file('registered.csv')), { file: file('registered.csv') })
    if (extract.problems.length > 0) {
      for (const pr of extract.problems.slice(0, 20)) io.stderr(`${RegistryExtract.format(pr)}\n`)
      throw new InputError(`${file('registered.csv')}: ${plural(extract.problems.length, 'problem')} in the bundled registry extract`)
    }
    const before = Reconcile.reconcile(FromState.expectedOf(inventory0), extract.rows)
    const plantedKinds = countBy(manifest.registryPlanted, (x) => x.kind)
    const samePoints = sameCounts(countBy(manifest.registryPlanted, (x) => `${x.kind}|${x.meterPoint}`), countBy(before.discrepancies, (d) => `${d.kind}|${d.meterPoint}`))
    say(`4. Reconcile the inventory against registered.csv (${plural(extract.rows.length, 'row')}): ${Reconcile.formatCounts(before.counts)}`)
    const kindWidth = Math.max(...Reconcile.kinds.map((k) => k.length))
    say(`   ${padRight('kind', kindWidth)}  ${padLeft('found', 6)}  ${padLeft('planted', 7)}`)
    for (const k of Reconcile.kinds) {
      const planted = plantedKinds.get(k) ?? 0
      say(`   ${padRight(k, kindWidth)}  ${padLeft(n(before.counts[k]), 6)}  ${padLeft(n(planted), 7)}  ${check(before.counts[k] === planted, `${k}: found ${before.counts[k]}, planted ${planted}`)}`)
    }
    say(`   the same meter points as planted: ${check(samePoints, 'the discrepancies are not the planted meter points')}`)
    // The registry after the month: the extract, then every record of the files above (a later record wins).
    const sentRows = RegistryExtract.fromWireRecords(files.map((f) => ({
      file: f.name,
      records: f.notifications.map((x) => (x.fuel === 'electricity'
        ? { mpanCore: x.meterPoint, flag: x.flag, effectiveFrom: x.effectiveFrom }
        : { mprn: x.meterPoint, flag: x.flag, effectiveFrom: x.effectiveFrom })),
    })))
    const sent = Outbox.recordSent(replayed.state, files.flatMap((f) => f.notifications))
    const after = Reconcile.reconcile(FromState.expectedOf(sent.state), [...extract.rows, ...sentRows.rows])
    say(`   after the month, against the extract updated by the files: ${Reconcile.formatCounts(after.counts)}`)
    say('   (sending brings the registry up to date with the month; what remains is mostly the registry\'s own planted errors)')
    say('')

    // 5. impact
    const legacy = replayWithProgress(io, inventory0, eventsText, Policy.legacySec, 'impact: lines')
    const report = Impact.impact([
      { policy: 'legacySec', flags: FromState.finalFlagsOf(legacy.state) },
      { policy: 'mp077', flags: FromState.finalFlagsOf(replayed.state) },
    ])
    const htmlFile = path.join(out, 'impact.html')
    io.writeFileAtomic(htmlFile, Impact.toHtml(report, { title: htmlTitle(report.policies) }))
    const m = report.matrices[0]!
    const shown = Impact.shownLabels(report)
    const same = shown.reduce((acc, l) => acc + m.counts[l][l], 0)
    say(`5. Impact of legacySec against mp077: ${plural(report.meterPoints, 'meter point')}, ${n(report.meterPoints - same)} with a different final flag`)
    for (const r of shown) for (const c of shown) if (r !== c && m.counts[r][c] > 0) say(`   ${r} under legacySec, ${c} under mp077: ${n(m.counts[r][c])}`)
    say(`   the full matrix: ${htmlFile}`)
    say('')

    if (failures.length > 0) {
      for (const f of failures) io.stderr(`dcc-flags demo: check failed: ${f}\n`)
      say(`Done, with ${plural(failures.length, 'failed check')}: see standard error.`)
      return EXIT_INVALID
    }
    say(`Done: every check passed. Files in ${out}${path.sep}: ${plural(files.length + 1, 'file')} (${plural(files.length, 'registry file')} and impact.html).`)
    return EXIT_OK
  },
})
