/**
 * `dcc-flags reconcile`: compares what the registries say with what the inventory implies (after
 * replaying events, when given), and prints every meter point where they differ (docs/rules.md
 * "Reconciliation").
 *
 * What the registries say is a registry extract (`--registered REG.csv`, a snapshot of every
 * registered flag), or that extract updated by D0350 and DXI files (`--baseline REG.csv
 * --registered-files F1,F2,…`): those files carry changes, one record per meter point whose flag
 * was sent, so each is applied over the snapshot in the order given (a later record wins). Files
 * alone are refused: read as a snapshot they would make every meter point they do not name a false
 * `missing_at_registry`.
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
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { InputError, UsageError } from '../Errors'
import { progress, type Io } from '../Io'
import { POLICY_OPTION, SWITCH_OPTION, policyOf, switchesOf } from '../CommonOptions'
import { writeJsonItems } from '../Output'
import { loadInventory, oneStdin, replayFile, reportRejections } from '../Inputs'
import { Diagnostic, D0350, Detect, type FileCodec, Dxi } from '../../wire'
import { RegistryExtract, Reconcile, FromState } from '../../reconciliation'
const { detectKind } = Detect
type DecodeOptions = FileCodec.DecodeOptions

/** The files of `--registered-files F1,F2,…` (commas separate names; empty names are usage errors). */
const fileList = (v: string): string[] => {
  const files = v.split(',')
  if (files.some((f) => f === '')) throw new UsageError(`--registered-files: empty file name in ${JSON.stringify(v)}`)
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
export const loadRegistered = async (
  io: Io,
  csv: string,
  wireFiles: ReadonlyArray<string> | undefined,
  legacyFlags: boolean,
): Promise<ReadonlyArray<RegistryExtract.Row>> => {
  const extract = RegistryExtract.parse(await io.readBytes(csv), { file: csv, legacyFlags })
  if (extract.problems.length > 0) {
    reportProblems(io, extract.problems)
    const n = extract.problems.length
    throw new InputError(`${csv}: ${n} problem${n === 1 ? '' : 's'} in the registry extract; nothing compared`)
  }
  if (wireFiles === undefined) return extract.rows
  return [...extract.rows, ...(await loadUpdates(io, wireFiles, legacyFlags))]
}

/** The records of D0350 and DXI files, in the order given: updates to apply over a snapshot. */
const loadUpdates = async (io: Io, wireFiles: ReadonlyArray<string>, legacyFlags: boolean): Promise<ReadonlyArray<RegistryExtract.Row>> => {
  const options: DecodeOptions = { legacyFlags }
  const decoded: RegistryExtract.WireFile[] = []
  let invalid = 0
  for (const file of wireFiles) {
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
  const updates = RegistryExtract.fromWireRecords(decoded, { legacyFlags })
  if (updates.problems.length > 0) {
    reportProblems(io, updates.problems)
    throw new InputError(`${updates.problems.length} invalid record${updates.problems.length === 1 ? '' : 's'} in the registry files; nothing compared`)
  }
  return updates.rows
}

/** Counts items as they stream past, for the progress line. */
function* counted<A>(items: Iterable<A>, tick: (n: number) => void): IterableIterator<A> {
  let n = 0
  for (const a of items) {
    yield a
    if ((++n & 0xffff) === 0) tick(n)
  }
}

/** Where the registered flags come from, checked (usage errors first). @since 0.2.0 @category model */
export interface RegistrySource {
  readonly csv: string
  readonly wireFiles: ReadonlyArray<string> | undefined
  readonly legacyFlags: boolean
}

/**
 * The registry options of `reconcile` (with or without `--db`) checked: `--registered REG.csv`, or
 * `--baseline REG.csv` with `--registered-files F1,F2,…`; usage errors otherwise.
 *
 * @example
 * registrySourceOf({ registered: 'extract.csv', baseline: undefined, 'registered-files': undefined, 'legacy-flags': false }).csv // 'extract.csv'
 * @since 0.2.0
 * @category parsers
 */
export const registrySourceOf = (values: {
  readonly registered: string | undefined
  readonly baseline: string | undefined
  readonly 'registered-files': string | undefined
  readonly 'legacy-flags': boolean
}): RegistrySource => {
  const wire = values['registered-files']
  if (values.registered !== undefined && (wire !== undefined || values.baseline !== undefined)) {
    throw new UsageError('give --registered REG.csv, or --baseline REG.csv with --registered-files F1,F2,…, not both')
  }
  if (wire !== undefined && values.baseline === undefined) {
    throw new UsageError(
      'D0350 and DXI files carry changes, not a snapshot of the registry: a meter point they do not name would be reported ' +
        'missing_at_registry. Give --baseline REG.csv, the registry extract they update',
    )
  }
  if (values.baseline !== undefined && wire === undefined) throw new UsageError('--baseline REG.csv goes with --registered-files F1,F2,… (the files it is updated by)')
  const csv = values.registered ?? values.baseline
  if (csv === undefined) throw new UsageError('give --registered REG.csv, or --baseline REG.csv with --registered-files F1,F2,…')
  return { csv, wireFiles: wire === undefined ? undefined : fileList(wire), legacyFlags: values['legacy-flags'] }
}

/** The registry options, declared once for both modes of `reconcile`. @since 0.2.0 @category options */
export const REGISTRY_OPTIONS = {
  registered: { type: 'string', value: 'REG.csv', description: 'the registry extract: a CSV with the header meterPoint,flag,effectiveFrom' },
  baseline: { type: 'string', value: 'REG.csv', description: 'with --registered-files: the registry extract the files update' },
  'registered-files': { type: 'string', value: 'F1,F2,…', description: 'D0350 and DXI files (changes), applied over --baseline in the order given' },
  'legacy-flags': { type: 'boolean', description: 'accept the legacy flags S and W in the registry files' },
} as const

/**
 * `dcc-flags reconcile --inventory INV.json [--events EV.ndjson] (--registered REG.csv |
 * --registered-files F1,F2,…) [--derive] [--policy P] [--switch electricity=on,gas=on] [--legacy-flags]`
 *
 * @example
 * import { nodeIo } from '../Io'
 * await reconcile.run(['--inventory', 'inventory.json', '--registered', 'registered.csv', '--derive'], nodeIo()) // 0, discrepancies on stdout
 * @since 0.1.0
 * @category commands
 */
export const reconcile = command({
  name: 'reconcile',
  usage:
    'reconcile --inventory INV.json [--events EV.ndjson] (--registered REG.csv | --baseline REG.csv --registered-files F1,F2,…) ' +
    '[--derive] [--policy P] [--switch electricity=on,gas=on] [--legacy-flags]',
  summary: 'prints the discrepancies between the registry and the inventory as JSON, a summary by kind on stderr; exit 0 when compared',
  options: {
    inventory: { type: 'string', value: 'INV.json', description: 'the inventory (JSON)', required: true },
    events: { type: 'string', value: 'EV.ndjson', description: 'events to replay over the inventory first' },
    registered: REGISTRY_OPTIONS.registered,
    baseline: REGISTRY_OPTIONS.baseline,
    'registered-files': REGISTRY_OPTIONS['registered-files'],
    derive: { type: 'boolean', description: "expect what the policy derives from each meter point's linked meters now, not its stored flag" },
    policy: { ...POLICY_OPTION, description: `with --events or --derive: ${POLICY_OPTION.description}` },
    switch: SWITCH_OPTION,
    'legacy-flags': REGISTRY_OPTIONS['legacy-flags'],
  },
  run: async ({ values }, io) => {
    const { inventory, events, derive } = values
    const source = registrySourceOf(values)
    if (values.policy !== undefined && !derive && events === undefined) {
      throw new UsageError('--policy has nothing to apply to: it rules the replay of --events and the derivation of --derive; without either the expected flag is the stored one')
    }
    const policy = policyOf(values.policy)
    const exportable = Reconcile.exportableFor(switchesOf(values.switch))

    // Registry first: a bad extract stops the run before the (longer) replay.
    oneStdin({ inventory, events, registered: source.csv })
    const registered = await loadRegistered(io, source.csv, source.wireFiles, source.legacyFlags)
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
    await writeJsonItems(io, report.discrepancies)
    io.stdout('\n')
    io.stderr(`reconcile${derive ? ` (flags derived from the linked meters under ${policy.name})` : ''}: ${Reconcile.formatCounts(report.counts)}\n`)
    return replayed.rejected.length > 0 ? EXIT_INVALID : EXIT_OK
  },
})
