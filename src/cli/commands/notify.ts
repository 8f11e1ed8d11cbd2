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
import * as Args from '../Args'
import { EXIT_INVALID, EXIT_OK, type Command } from '../Command'
import { InputError } from '../Io'
import { CalendarDate } from '../../identifiers'
import { Distributors, Outbox, Policy } from '../../engine'
import { loadInventory, replayFile } from '../Inputs'

const spec: Args.Spec = {
  values: ['inventory', 'events', 'out', 'now', 'file-id', 'switch', 'max-records', 'gas-org', 'policy', 'route'],
  switches: [],
}

/**
 * The options of one `notify` run, validated.
 *
 * @example
 * const o: NotifyOptions = parseOptions(['--inventory', 'inv.json', '--events', 'ev.ndjson', '--out', 'out', '--now', '20211104120000', '--file-id', '1'])
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

const positiveInteger = (name: string, s: string, max: number): number => {
  const n = /^[0-9]+$/.test(s) ? Number(s) : Number.NaN
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new Args.UsageError(`--${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(s)}`)
  return n
}

/**
 * Parses `--switch electricity=on,gas=off` (either fuel may be left out: it stays on).
 *
 * @example
 * parseSwitches('gas=off') // { electricity: true, gas: false }
 * @since 0.1.0
 * @category parsers
 */
export const parseSwitches = (s: string): Outbox.Switches => {
  const out: { electricity: boolean; gas: boolean } = { electricity: true, gas: true }
  const seen = new Set<string>()
  for (const part of s.split(',')) {
    const m = /^(electricity|gas)=(on|off)$/.exec(part)
    if (m === null) throw new Args.UsageError(`--switch takes FUEL=on|off for electricity and gas, comma-separated (e.g. electricity=on,gas=off), got ${JSON.stringify(part)}`)
    const fuel = m[1] as 'electricity' | 'gas'
    if (seen.has(fuel)) throw new Args.UsageError(`--switch names ${fuel} twice`)
    seen.add(fuel)
    out[fuel] = m[2] === 'on'
  }
  return out
}

/**
 * Parses `--route 24=IPNL,25=ESPE` into routing entries for independent networks (or corrections).
 *
 * @example
 * parseRoutes('24=IPNL') // { '24': 'IPNL' }
 * @since 0.1.0
 * @category parsers
 */
export const parseRoutes = (s: string): Distributors.Table => {
  const out: Record<string, string> = {}
  for (const part of s.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) throw new Args.UsageError(`--route takes DISTRIBUTOR=MPAS pairs, comma-separated (e.g. 24=IPNL), got ${JSON.stringify(part)}`)
    const id = part.slice(0, eq)
    if (Object.prototype.hasOwnProperty.call(out, id)) throw new Args.UsageError(`--route names distributor ${id} twice`)
    out[id] = part.slice(eq + 1)
  }
  const bad = Distributors.problems(out)
  if (bad.length > 0) throw new Args.UsageError(`--route: ${bad.join('; ')}`)
  return out
}

/**
 * Validates a `notify` command line (usage errors throw `Args.UsageError`: exit 2).
 *
 * @example
 * parseOptions(['--inventory', 'inv.json', '--events', 'ev.ndjson', '--out', 'out', '--now', '20211104120000', '--file-id', '1']).firstFileId // 1
 * @since 0.1.0
 * @category parsers
 */
export const parseOptions = (argv: ReadonlyArray<string>): NotifyOptions => {
  const p = Args.parse(argv, spec)
  if (p.positionals.length > 0) throw new Args.UsageError(`unexpected argument ${JSON.stringify(p.positionals[0])}`)
  const inventory = Args.required(p, 'inventory')
  const events = Args.required(p, 'events')
  const out = Args.required(p, 'out')
  const now = Args.required(p, 'now')
  if (!CalendarDate.isTimestamp(now)) throw new Args.UsageError(`--now must be a real timestamp YYYYMMDDHHMMSS, got ${JSON.stringify(now)}`)
  const firstFileId = positiveInteger('file-id', Args.required(p, 'file-id'), Outbox.MAX_D0350_FILE_ID)
  const sw = p.values['switch']
  const max = p.values['max-records']
  const gasOrg = p.values['gas-org']
  if (gasOrg !== undefined && !/^[0-9]{1,10}$/.test(gasOrg)) throw new Args.UsageError(`--gas-org must be 1 to 10 digits (the DXI A00 Organisation Id), got ${JSON.stringify(gasOrg)}`)
  const policyName = p.values['policy'] ?? 'mp077'
  const policy = Policy.fromName(policyName)
  if (policy === undefined) throw new Args.UsageError(`--policy must be one of ${Policy.names.join(', ')}, got ${JSON.stringify(policyName)}`)
  const route = p.values['route']
  return {
    inventory,
    events,
    out,
    now,
    firstFileId,
    switches: sw === undefined ? Outbox.allOn : parseSwitches(sw),
    maxRecordsPerFile: max === undefined ? undefined : positiveInteger('max-records', max, Number.MAX_SAFE_INTEGER),
    gasOrganisationId: gasOrg,
    policy,
    routing: route === undefined ? Distributors.standard : Distributors.extend(Distributors.standard, parseRoutes(route)),
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * `dcc-flags notify --inventory INV.json --events EV.ndjson --out DIR --now YYYYMMDDHHMMSS --file-id N …`
 *
 * @example
 * await notify.run(['--inventory', 'inv.json', '--events', 'ev.ndjson', '--out', 'out', '--now', '20211104120000', '--file-id', '1'], nodeIo())
 * @since 0.1.0
 * @category commands
 */
export const notify: Command = {
  name: 'notify',
  usage:
    'notify --inventory INV.json --events EV.ndjson --out DIR --now YYYYMMDDHHMMSS --file-id N [--switch electricity=on,gas=on] [--max-records N] [--gas-org ID] [--policy P] [--route 24=MPAS,…]',
  summary: 'writes the D0350 and DXI files for the pending notifications into DIR; prints NAME REGISTRY RECORDS per file',
  run: async (argv, io) => {
    const o = parseOptions(argv)
    const state = await loadInventory(io, o.inventory)
    const replayed = await replayFile(io, state, o.events, o.policy)
    for (const r of replayed.rejected) io.stderr(`rejected ${r.eventId ?? '-'} ${r.code}: ${r.message}\n`)

    const due = Outbox.pending(replayed.state, o.switches, o.routing)
    const planned = Outbox.plan(due.notifications, { routing: o.routing, maxRecordsPerFile: o.maxRecordsPerFile })
    const gasFiles = planned.files.filter((f) => f.kind === 'dxi')
    if (gasFiles.length > 0 && o.gasOrganisationId === undefined) {
      const n = gasFiles.reduce((s, f) => s + f.notifications.length, 0)
      throw new Args.UsageError(`--gas-org ID is needed: ${plural(n, 'gas notification')} to write in DXI files`)
    }
    const built = Outbox.build(planned.files, {
      firstFileId: o.firstFileId,
      now: o.now,
      ...(o.gasOrganisationId === undefined ? {} : { gasOrganisationId: o.gasOrganisationId }),
    })
    if (E.isLeft(built)) throw new Args.UsageError(built.left.join('; '))

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
}
