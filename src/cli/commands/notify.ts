/**
 * `notify`: replays events over an inventory, then writes the D0350 and DXI files for the pending
 * notifications (docs/rules.md "Notifying the registries") into a folder.
 *
 * Output: one line per written file on stdout, `NAME REGISTRY RECORDS` (e.g.
 * `D0350_LOND_0000000001.txt LOND 2`), in file order. On stderr: each rejected event
 * (`rejected EVENT_ID CODE: MESSAGE`), each unroutable MPAN, each held meter point, and a summary
 * with the next D0350 File Identifier and DXI Generation Number.
 *
 * Two counters (docs/rules.md): `--file-id N` numbers the D0350 files, `--generation N` the DXI
 * files; each rises by one per file. Both are required, with `--gas-org`: every option is checked
 * before any input is read.
 *
 * Files are written by the staged protocol of `dcc-service-flags/node` (`StagedFiles`): all of a
 * run's files appear in DIR or none do; a name that already exists in DIR refuses the run (exit 1,
 * nothing written: a file there may have been sent); a run killed at any instant is finished (when
 * it had committed) or discarded by the next `notify` into DIR, and the same command run again
 * after a kill completes it.
 *
 * Exit codes: 2 for a usage error (nothing read or written); 1 when the inventory cannot be read or
 * decoded, when DIR holds a file of the run's names or cannot be written (nothing written), or when
 * the run completed but the input had problems: an event was rejected or an MPAN could not be
 * routed. Rejections do not stop the run: the files for everything that applied are written, and
 * the exit code is 1 so that a script notices. 0 otherwise (held meter points are an operator's
 * known state, not an error).
 *
 * @since 0.1.0
 */
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import { either as E } from 'fp-ts'
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { InputError, UsageError } from '../Errors'
import type { Io } from '../Io'
import { Distributors, Outbox, Policy } from '../../engine'
import { StagedFiles } from '../../io'
import {
  GAS_ORG_OPTION, MAX_RECORDS_OPTION, NOW_OPTION, POLICY_OPTION, ROUTE_OPTION, SWITCH_OPTION,
  gasOrgOf, instantOfLondonTimestamp, nowOf, policyOf, routingOf, switchesOf, wholeNumberOf,
} from '../CommonOptions'
import type { Values } from '../Options'
import { loadInventory, oneStdin, replayFile } from '../Inputs'

const options = {
  inventory: { type: 'string', value: 'INV.json', description: 'the inventory (JSON)', required: true },
  events: { type: 'string', value: 'EV.ndjson', description: 'the events to replay first, one JSON object a line', required: true },
  out: { type: 'string', value: 'DIR', description: 'the folder the files are written into', required: true },
  now: NOW_OPTION,
  'file-id': { type: 'string', value: 'N', description: 'the File Identifier of the first D0350 file', required: true },
  generation: { type: 'string', value: 'N', description: 'the Generation Number of the first DXI file', required: true },
  switch: SWITCH_OPTION,
  'max-records': MAX_RECORDS_OPTION,
  'gas-org': { ...GAS_ORG_OPTION, required: true },
  policy: POLICY_OPTION,
  route: ROUTE_OPTION,
} as const

/**
 * The options of one `notify` run, validated.
 *
 * @since 0.1.0
 * @category model
 */
export interface NotifyOptions {
  readonly inventory: string
  readonly events: string
  readonly out: string
  readonly now: string
  readonly firstFileId: number
  readonly firstGeneration: number
  readonly switches: Outbox.Switches
  readonly maxRecordsPerFile: number | undefined
  readonly gasOrganisationId: string
  readonly policy: Policy.Policy
  readonly routing: Distributors.Table
}

/** Checks every `notify` option (usage errors throw `UsageError`: exit 2), before any work. */
const optionsOf = (v: Values<typeof options>): NotifyOptions => ({
  inventory: v.inventory,
  events: v.events,
  out: v.out,
  now: nowOf(v.now),
  firstFileId: wholeNumberOf('file-id', v['file-id'], Outbox.MAX_D0350_FILE_ID),
  firstGeneration: wholeNumberOf('generation', v.generation, Outbox.MAX_DXI_GENERATION),
  switches: switchesOf(v.switch),
  maxRecordsPerFile: v['max-records'] === undefined ? undefined : wholeNumberOf('max-records', v['max-records']),
  gasOrganisationId: gasOrgOf(v['gas-org'])!,
  policy: policyOf(v.policy),
  routing: routingOf(v.route),
})

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * `dcc-flags notify --inventory INV.json --events EV.ndjson --out DIR --now YYYYMMDDHHMMSS --file-id N …`
 *
 * @example
 * import { nodeIo } from '../Io'
 * await notify.run(['--inventory', 'inv.json', '--events', 'ev.ndjson', '--out', 'out', '--now', '20211104120000', '--file-id', '1', '--generation', '1', '--gas-org', '1234567890'], nodeIo())
 * @since 0.1.0
 * @category commands
 */
export const notify = command({
  name: 'notify',
  summary: 'writes the D0350 and DXI files for the pending notifications into DIR; prints NAME REGISTRY RECORDS per file',
  options,
  run: async ({ values }, io) => {
    const o = optionsOf(values)
    oneStdin({ inventory: o.inventory, events: o.events })
    checkOutFolder(o.out)
    const state = await loadInventory(io, o.inventory)
    // --now is the clock reading: an event later than it is data from the future (future_event).
    const replayed = await replayFile(io, state, o.events, o.policy, instantOfLondonTimestamp(o.now))
    for (const r of replayed.rejected) io.stderr(`rejected ${r.eventId ?? '-'} ${r.code}: ${r.message}\n`)

    const due = Outbox.pending(replayed.state, o.switches, o.routing)
    const planned = Outbox.plan(due.notifications, { routing: o.routing, maxRecordsPerFile: o.maxRecordsPerFile })
    // Two counters: D0350 File Identifiers from --file-id, DXI Generation Numbers from --generation.
    const built = Outbox.build(planned.files, {
      firstFileId: o.firstFileId,
      firstGeneration: o.firstGeneration,
      now: o.now,
      gasOrganisationId: o.gasOrganisationId,
    })
    if (E.isLeft(built)) throw new UsageError(built.left.join('; '))
    const files = built.right.files

    writeFiles(io, o.out, files)
    for (const f of files) io.stdout(`${f.name} ${f.registry} ${f.recordCount}\n`)

    for (const u of planned.unroutable) {
      const d = u.meterPoint.slice(0, 2)
      io.stderr(`unroutable ${u.meterPoint} ${u.flag} ${u.effectiveFrom}: no MPAS for distributor ${d} (add one with --route ${d}=MPAS)\n`)
    }
    for (const h of due.held) {
      io.stderr(`held ${h.meterPoint} ${h.flag ?? '-'} ${h.effectiveFrom ?? '-'}: ${h.hold.reason}${h.wouldBePending ? '; a change is waiting' : ''}\n`)
    }
    const sent = files.reduce((s, f) => s + f.recordCount, 0)
    io.stderr(
      `notify: ${plural(sent, 'notification')} in ${plural(files.length, 'file')}; ${planned.unroutable.length} unroutable; ${due.held.length} held; ` +
        `${plural(replayed.rejected.length, 'event')} rejected; next file id ${built.right.nextFileId}, next generation ${built.right.nextGeneration}\n`,
    )
    return replayed.rejected.length > 0 || planned.unroutable.length > 0 ? EXIT_INVALID : EXIT_OK
  },
})

/** DIR must be a folder or not exist yet (it is created). */
const checkOutFolder = (out: string): void => {
  let st: fs.Stats
  try {
    st = fs.statSync(out)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
    throw e
  }
  if (!st.isDirectory()) throw new InputError(`${out}: exists and is not a folder; give --out a folder`)
}

const RUN_PREFIX = 'notify-'

/**
 * The run's id, from its files' names and bytes: the same command run again after a kill finds
 * its own staged files.
 */
const runIdOf = (files: ReadonlyArray<Outbox.BuiltFile>): string => {
  const h = createHash('sha256')
  for (const f of files) h.update(f.name).update('\0').update(String(f.bytes.length)).update('\0').update(f.bytes)
  return `${RUN_PREFIX}${h.digest('hex').slice(0, 24)}`
}

/**
 * Writes the run's files into DIR by the staged protocol: first what killed runs left there (this
 * run's own: finished when committed, else staged again; another run's: finished or discarded),
 * then the files, all or none. A name that exists refuses the run.
 */
const writeFiles = (io: Io, out: string, files: ReadonlyArray<Outbox.BuiltFile>): void => {
  const runId = runIdOf(files)
  // Only runs of the stateless notify (ids `notify-…`): another writer's staged runs (the state
  // database's) are that writer's to finish or discard, by its own record of what was sent.
  for (const run of StagedFiles.listStaged(out, RUN_PREFIX)) {
    if (run.committed) {
      StagedFiles.finish(run)
      if (run.runId === runId) {
        io.stderr(`notify: finished this run's files, staged by an earlier run that was stopped after writing them\n`)
        return
      }
      io.stderr(`notify: moved into ${out} the ${plural(run.names.length, 'file')} of an earlier run that was stopped after writing them: ${run.names.join(', ')}\n`)
    } else {
      StagedFiles.discard(run)
      if (run.runId !== runId) io.stderr(`notify: discarded the unfinished files of an earlier run that was stopped before writing them all\n`)
    }
  }
  const r = StagedFiles.writeRun(out, runId, files.map((f) => ({ name: f.name, bytes: f.bytes })))
  if (r._tag === 'Conflict') {
    const shown = r.existing.slice(0, 5).join(', ') + (r.existing.length > 5 ? `, … (${r.existing.length} in all)` : '')
    throw new InputError(`${out} already holds ${shown}: a file there may have been sent, so nothing is written. Move them away, or give other numbers (--file-id, --generation)`)
  }
}
