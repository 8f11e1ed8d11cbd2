/**
 * `dcc-flags reconcile`: compares what the registries say (a registry extract CSV, or decoded D0350
 * and DXI files) with what the inventory implies (after replaying events, when given), and prints
 * every meter point where they differ (DOMAIN.md section 7).
 *
 * Exit codes: 0 when the comparison ran, discrepancies or not (finding them is the job); 1 when an
 * input is invalid: an unreadable or invalid inventory, a malformed CSV row or an invalid wire file
 * (each reported with file, line and field on stderr, and nothing printed on stdout, since a
 * dropped row would show up as a false `missing_at_registry`), or a rejected event (listed on stderr;
 * the report is still printed, as every event is either applied or listed, like `replay`); 2 on
 * usage errors.
 *
 * @since 0.1.0
 */
import * as Args from '../Args'
import { EXIT_INVALID, EXIT_OK, type Command } from '../Command'
import { InputError, progress, type Io } from '../Io'
import { loadInventory, policyOption, replayFile, reportRejections } from '../Inputs'
import { Diagnostic, D0350, Detect, type FileCodec, Dxi } from '../../wire'
import { RegistryExtract, Reconcile, FromState } from '../../reconciliation'
import { type MeterPointId } from '../../identifiers'
import { Outbox } from '../../engine'
import { parseSwitches } from './notify'
const { detectKind } = Detect
type DecodeOptions = FileCodec.DecodeOptions
type Fuel = MeterPointId.Fuel

const spec: Args.Spec = {
  values: ['inventory', 'events', 'registered', 'registered-files', 'policy', 'switch'],
  switches: ['derive', 'legacy-flags'],
}

/**
 * The MP077 switches of `--switch electricity=on,gas=off` (a fuel left out is on; the same syntax
 * as `notify`), or a usage error.
 *
 * @example
 * switchesOption(Args.parse(['--switch', 'gas=off'], { values: ['switch'], switches: [] })) // { electricity: true, gas: false }
 * @since 0.1.0
 * @category options
 */
export const switchesOption = (p: Args.Parsed): Readonly<Record<Fuel, boolean>> => {
  const v = p.values['switch']
  return v === undefined ? Outbox.allOn : parseSwitches(v)
}

/** The files of `--registered-files F1,F2,…` (commas separate names; empty names are usage errors). */
const fileList = (v: string): string[] => {
  const files = v.split(',')
  if (files.some((f) => f === '')) throw new Args.UsageError(`--registered-files: empty file name in ${JSON.stringify(v)}`)
  return files
}

// Problems and diagnostics beyond this many are counted, not listed.
const SHOWN = 50

const reportProblems = (io: Io, problems: ReadonlyArray<RegistryExtract.Problem>): void => {
  for (const p of problems.slice(0, SHOWN)) io.stderr(`${RegistryExtract.format(p)}\n`)
  if (problems.length > SHOWN) io.stderr(`… and ${problems.length - SHOWN} more problems\n`)
}

/**
 * Reads the registered flags: a registry extract CSV, or D0350 and DXI files (kinds detected from
 * their first record) applied in the order given. Any problem is an {@link InputError} after every
 * problem has been printed.
 */
const loadRegistered = async (
  io: Io,
  csv: string | undefined,
  wireFiles: ReadonlyArray<string> | undefined,
  legacyFlags: boolean,
): Promise<ReadonlyArray<RegistryExtract.Row>> => {
  if (csv !== undefined) {
    const extract = RegistryExtract.parse(await io.readBytes(csv), { file: csv, legacyFlags })
    if (extract.problems.length > 0) {
      reportProblems(io, extract.problems)
      const n = extract.problems.length
      throw new InputError(`${csv}: ${n} problem${n === 1 ? '' : 's'} in the registry extract; nothing compared`)
    }
    return extract.rows
  }
  const options: DecodeOptions = { legacyFlags }
  const decoded: RegistryExtract.WireFile[] = []
  let invalid = 0
  for (const file of wireFiles!) {
    const bytes = await io.readBytes(file)
    const kind = detectKind(bytes)
    if (kind === 'dxr') throw new InputError(`${file}: an E46 response (DXR), not a registry file: give D0350 or DXI files`)
    if (kind === null) throw new InputError(`${file}: neither a D0350 (ZHV header) nor a DXI ("A00" header with File Type "DXI")`)
    const result = kind === 'd0350' ? D0350.inspect(bytes, options) : Dxi.inspect(bytes, options)
    const errors = result.diagnostics.filter((d) => d.severity === 'error')
    if (result.file === null || errors.length > 0) {
      invalid++
      for (const d of errors.slice(0, SHOWN)) io.stderr(`${file}:${Diagnostic.format(d)}\n`)
      if (errors.length > SHOWN) io.stderr(`${file}: … and ${errors.length - SHOWN} more errors\n`)
      continue
    }
    decoded.push({ file, records: result.file.records as ReadonlyArray<RegistryExtract.D0350Record | RegistryExtract.E45Record> })
  }
  if (invalid > 0) throw new InputError(`${invalid} invalid registry file${invalid === 1 ? '' : 's'}; nothing compared`)
  const extract = RegistryExtract.fromWireRecords(decoded, { legacyFlags })
  if (extract.problems.length > 0) {
    reportProblems(io, extract.problems)
    throw new InputError(`${extract.problems.length} invalid record${extract.problems.length === 1 ? '' : 's'} in the registry files; nothing compared`)
  }
  return extract.rows
}

/** Counts items as they stream past, for the progress line. */
function* counted<A>(items: Iterable<A>, tick: (n: number) => void): IterableIterator<A> {
  let n = 0
  for (const a of items) {
    yield a
    if ((++n & 0xffff) === 0) tick(n)
  }
}

/** The discrepancies as a JSON array, one per line, written in slices (GB runs can find millions). */
const printJsonArray = (io: Io, items: ReadonlyArray<unknown>): void => {
  if (items.length === 0) {
    io.stdout('[]\n')
    return
  }
  const SLICE = 10_000
  for (let i = 0; i < items.length; i += SLICE) {
    const part = items.slice(i, i + SLICE).map((x) => JSON.stringify(x))
    io.stdout((i === 0 ? '[\n' : ',\n') + part.join(',\n'))
  }
  io.stdout('\n]\n')
}

/**
 * `dcc-flags reconcile --inventory INV.json [--events EV.ndjson] (--registered REG.csv |
 * --registered-files F1,F2,…) [--derive] [--policy P] [--switch electricity=on,gas=on] [--legacy-flags]`
 *
 * @example
 * await reconcile.run(['--inventory', 'inventory.json', '--registered', 'registered.csv', '--derive'], nodeIo()) // 0, discrepancies on stdout
 * @since 0.1.0
 * @category commands
 */
export const reconcile: Command = {
  name: 'reconcile',
  usage:
    'reconcile --inventory INV.json [--events EV.ndjson] (--registered REG.csv | --registered-files F1,F2,…) ' +
    '[--derive] [--policy mp077|dspAsBuilt|businessRequirements|legacySec] [--switch electricity=on,gas=on] [--legacy-flags]',
  summary: 'prints the discrepancies between the registry and the inventory as JSON, a summary by kind on stderr; exit 0 when compared',
  run: async (argv, io) => {
    const p = Args.parse(argv, spec)
    if (p.positionals.length > 0) throw new Args.UsageError(`unexpected argument ${JSON.stringify(p.positionals[0])}`)
    const inventory = Args.required(p, 'inventory')
    const events = p.values['events']
    const csv = p.values['registered']
    const wire = p.values['registered-files']
    if (csv === undefined && wire === undefined) throw new Args.UsageError('give --registered REG.csv or --registered-files F1,F2,…')
    if (csv !== undefined && wire !== undefined) throw new Args.UsageError('give --registered or --registered-files, not both')
    const wireFiles = wire === undefined ? undefined : fileList(wire)
    const policy = policyOption(p)
    const derive = p.switches.has('derive')
    const exportable = Reconcile.exportableFor(switchesOption(p))
    const legacyFlags = p.switches.has('legacy-flags')

    // Registry first: a bad extract stops the run before the (longer) replay.
    const registered = await loadRegistered(io, csv, wireFiles, legacyFlags)
    const state0 = await loadInventory(io, inventory)
    const replayed = await replayFile(io, state0, events, policy)
    if (events !== undefined) {
      reportRejections(io, events, replayed.rejected)
      io.stderr(`${events}: ${replayed.changes.length} flag changes, ${replayed.rejected.length} rejected events (policy ${policy.name})\n`)
    }
    const bar = progress(io, 'reconcile: meter points')
    const expected = counted(FromState.expectedOf(replayed.state, derive ? { derive: policy } : {}), (n) => bar.tick(n))
    const report = Reconcile.reconcile(expected, registered, { exportable })
    bar.done()
    printJsonArray(io, report.discrepancies)
    io.stderr(`reconcile${derive ? ` (flags derived from the linked meters under ${policy.name})` : ''}: ${Reconcile.formatCounts(report.counts)}\n`)
    return replayed.rejected.length > 0 ? EXIT_INVALID : EXIT_OK
  },
}
