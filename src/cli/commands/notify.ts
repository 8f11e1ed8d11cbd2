/**
 * `notify`: replays events over an inventory, then writes the D0350 and DXI files for the pending
 * notifications (DOMAIN.md section 6) into a folder.
 *
 * Output: one line per written file on stdout, `NAME REGISTRY RECORDS` (e.g.
 * `D0350_LOND_0000000001.txt LOND 2`), in file order. On stderr: each rejected event
 * (`rejected EVENT_ID CODE: MESSAGE`), each unroutable MPAN, each held meter point, and a summary.
 *
 * Exit codes: 2 for a usage error (nothing is written; a missing `--gas-org` is found once the gas
 * notifications are known); 1 when the inventory cannot be read
 * or decoded (nothing written), when a file cannot be written (files written before it are listed;
 * none is left partial: each is written to a temporary name and renamed), or when the run completed
 * but the input had problems: an event was rejected or an MPAN could not be routed. Rejections do
 * not stop the run: the files for everything that applied are written, and the exit code is 1 so
 * that a script notices. 0 otherwise (held meter points are an operator's known state, not an error).
 *
 * @since 0.1.0
 */
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import { command, EXIT_INVALID, EXIT_OK } from '../Command'
import { InputError, UsageError } from '../Errors'
import { Distributors, Outbox, Policy } from '../../engine'
import {
  GAS_ORG_OPTION, MAX_RECORDS_OPTION, NOW_OPTION, POLICY_OPTION, ROUTE_OPTION, SWITCH_OPTION,
  gasOrgOf, nowOf, policyOf, routingOf, switchesOf, wholeNumberOf,
} from '../CommonOptions'
import type { Values } from '../Options'
import { loadInventory, replayFile } from '../Inputs'

const options = {
  inventory: { type: 'string', value: 'INV.json', description: 'the inventory (JSON)', required: true },
  events: { type: 'string', value: 'EV.ndjson', description: 'the events to replay first, one JSON object a line', required: true },
  out: { type: 'string', value: 'DIR', description: 'the folder the files are written into', required: true },
  now: NOW_OPTION,
  'file-id': { type: 'string', value: 'N', description: 'the File Identifier of the first D0350 file', required: true },
  switch: SWITCH_OPTION,
  'max-records': MAX_RECORDS_OPTION,
  'gas-org': GAS_ORG_OPTION,
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
  readonly switches: Outbox.Switches
  readonly maxRecordsPerFile: number | undefined
  readonly gasOrganisationId: string | undefined
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
  switches: switchesOf(v.switch),
  maxRecordsPerFile: v['max-records'] === undefined ? undefined : wholeNumberOf('max-records', v['max-records']),
  gasOrganisationId: gasOrgOf(v['gas-org']),
  policy: policyOf(v.policy),
  routing: routingOf(v.route),
})

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * `dcc-flags notify --inventory INV.json --events EV.ndjson --out DIR --now YYYYMMDDHHMMSS --file-id N …`
 *
 * @example
 * await notify.run(['--inventory', 'inv.json', '--events', 'ev.ndjson', '--out', 'out', '--now', '20211104120000', '--file-id', '1'], nodeIo())
 * @since 0.1.0
 * @category commands
 */
export const notify = command({
  name: 'notify',
  summary: 'writes the D0350 and DXI files for the pending notifications into DIR; prints NAME REGISTRY RECORDS per file',
  options,
  run: async ({ values }, io) => {
    const o = optionsOf(values)
    const state = await loadInventory(io, o.inventory)
    const replayed = await replayFile(io, state, o.events, o.policy)
    for (const r of replayed.rejected) io.stderr(`rejected ${r.eventId ?? '-'} ${r.code}: ${r.message}\n`)

    const due = Outbox.pending(replayed.state, o.switches, o.routing)
    const planned = Outbox.plan(due.notifications, { routing: o.routing, maxRecordsPerFile: o.maxRecordsPerFile })
    const gasFiles = planned.files.filter((f) => f.kind === 'dxi')
    if (gasFiles.length > 0 && o.gasOrganisationId === undefined) {
      const n = gasFiles.reduce((s, f) => s + f.notifications.length, 0)
      throw new UsageError(`--gas-org ID is needed: ${plural(n, 'gas notification')} to write in DXI files`)
    }
    const built = Outbox.build(planned.files, {
      firstFileId: o.firstFileId,
      // without a database, both counters start at --file-id (the engine numbers D0350 and DXI files separately)
      firstGeneration: o.firstFileId,
      now: o.now,
      ...(o.gasOrganisationId === undefined ? {} : { gasOrganisationId: o.gasOrganisationId }),
    })
    if (E.isLeft(built)) throw new UsageError(built.left.join('; '))

    try {
      io.mkdirp(o.out)
    } catch (e) {
      throw new InputError(`${o.out}: cannot create the output folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
    }
    const written: string[] = []
    for (const f of built.right.files) {
      const target = path.join(o.out, f.name)
      try {
        io.writeFileAtomic(target, f.bytes)
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code ?? String(e)
        io.stderr(`dcc-flags notify: cannot write ${target} (${why}); nothing partial is left. ${written.length === 0 ? 'No file was written.' : `Written before the failure: ${written.join(', ')}.`}\n`)
        return EXIT_INVALID
      }
      written.push(f.name)
      io.stdout(`${f.name} ${f.registry} ${f.recordCount}\n`)
    }

    for (const u of planned.unroutable) {
      const d = u.meterPoint.slice(0, 2)
      io.stderr(`unroutable ${u.meterPoint} ${u.flag} ${u.effectiveFrom}: no MPAS for distributor ${d} (add one with --route ${d}=MPAS)\n`)
    }
    for (const h of due.held) {
      io.stderr(`held ${h.meterPoint} ${h.flag ?? '-'} ${h.effectiveFrom ?? '-'}: ${h.hold.reason}${h.wouldBePending ? '; a change is waiting' : ''}\n`)
    }
    const sent = built.right.files.reduce((s, f) => s + f.recordCount, 0)
    io.stderr(
      `notify: ${plural(sent, 'notification')} in ${plural(built.right.files.length, 'file')}; ${planned.unroutable.length} unroutable; ${due.held.length} held; ` +
        `${plural(replayed.rejected.length, 'event')} rejected; next file id ${built.right.nextFileId}\n`,
    )
    return replayed.rejected.length > 0 || planned.unroutable.length > 0 ? EXIT_INVALID : EXIT_OK
  },
})
