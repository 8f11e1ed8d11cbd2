/**
 * `dcc-flags init --db STATE.db --inventory INV.json [--policy P] [--switch …] [--route …] [--gas-org ID]
 * [--first-file-id N] [--first-generation N]`: creates the state database from an inventory of any
 * size (streamed), with the settings later commands use.
 *
 * Exit codes: 0 created; 1 when the file exists (never overwritten), the inventory is unreadable or
 * invalid (every problem listed, no file left behind), or the counters given would reuse numbers the
 * inventory's `counters` say were used; 2 on usage errors.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import { command, EXIT_OK } from '../../Command'
import { InputError } from '../../Errors'
import { progress } from '../../Io'
import { GAS_ORG_OPTION, POLICY_OPTION, ROUTE_OPTION, SWITCH_OPTION, gasOrgOf, policyOf, routingOf, switchesOf, wholeNumberOf } from '../../CommonOptions'
import { InventoryReader } from '../../../io'
import { Distributors, Outbox, Policy } from '../../../engine'
import { Init, type Settings } from '../../../sqlite'
import { DB_OPTION, failure, n, plural, recordedAt } from './Db'

const options = {
  db: { ...DB_OPTION, description: 'the database to create (refused if the file exists)' },
  inventory: { type: 'string', value: 'INV.json', description: 'the inventory (JSON, any size; "-" reads standard input)', required: true },
  policy: POLICY_OPTION,
  switch: SWITCH_OPTION,
  route: ROUTE_OPTION,
  'gas-org': GAS_ORG_OPTION,
  'first-file-id': { type: 'string', value: 'N', description: 'the first D0350 File Identifier (default 1, or the inventory\'s counters)' },
  'first-generation': { type: 'string', value: 'N', description: 'the first DXI Generation Number (default 1, or the inventory\'s counters)' },
} as const

/** The routes given beyond the standard table (what the database stores). */
const extraRoutes = (route: string | undefined): Distributors.Table => {
  const all = routingOf(route)
  const extra: Record<string, string> = {}
  for (const [k, v] of Object.entries(all)) if (Distributors.standard[k] !== v) extra[k] = v
  return extra
}

/**
 * The `init` command.
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await init.run(['--db', 'state.db', '--inventory', 'inventory.json', '--gas-org', '1234567890'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const init = command({
  name: 'init',
  summary: 'creates the state database from an inventory (streamed) and stores the settings later commands use',
  options,
  details: [
    'The settings (policy, switches, routes, gas organisation id) are stored in the database: later',
    'commands read them. The file counters start at 1, at --first-file-id / --first-generation, or',
    'at the "counters" of an inventory written by dcc-flags export (so a restored database never',
    'reuses a file number). The database takes its name only when complete: an invalid inventory',
    'leaves no file behind.',
  ].join('\n'),
  run: async ({ values }, io) => {
    const settings: Settings.Settings = {
      policy: policyOf(values.policy).name as Policy.Name,
      switches: switchesOf(values.switch),
      routes: extraRoutes(values.route),
      gasOrganisationId: gasOrgOf(values['gas-org']) ?? null,
    }
    const firstFileId = values['first-file-id'] === undefined ? undefined : wholeNumberOf('first-file-id', values['first-file-id'], Outbox.MAX_D0350_FILE_ID)
    const firstGeneration = values['first-generation'] === undefined ? undefined : wholeNumberOf('first-generation', values['first-generation'], Outbox.MAX_DXI_GENERATION)
    const loader = await Init.create(values.db, { settings, recordedAt: recordedAt() })
    if (E.isLeft(loader)) throw failure(loader.left)
    const l = loader.right
    const file = values.inventory
    let report: InventoryReader.InventoryReport
    let read: InventoryReader.Counters | null = null
    const bar = progress(io, `${file}: records loaded`)
    try {
      report = await InventoryReader.readInventory(
        io.readStream(file),
        {
          meterPoint: (mp) => {
            l.meterPoint(mp)
            if ((l.counts().meterPoints & 0xffff) === 0) bar.tick(l.counts().meterPoints + l.counts().devices)
          },
          device: (d) => {
            l.device(d)
            if ((l.counts().devices & 0xffff) === 0) bar.tick(l.counts().meterPoints + l.counts().devices)
          },
          counters: (c) => {
            read = c
          },
        },
        { file },
      )
    } catch (e) {
      l.abort()
      throw e
    } finally {
      bar.done()
    }
    for (const w of report.warnings.slice(0, 50)) io.stderr(`warning: ${w}\n`)
    if (report.warningCount > report.warnings.length) io.stderr(`warning: … and ${report.warningCount - report.warnings.length} more meter points linked but not listed\n`)
    if (!report.valid) {
      l.abort()
      for (const p of report.problems) io.stderr(`${p}\n`)
      if (report.problemCount > report.problems.length) io.stderr(`… and ${report.problemCount - report.problems.length} more problems\n`)
      throw new InputError(`${file}: invalid inventory (${plural(report.problemCount, 'problem')}); no database was created`)
    }
    const fromInventory = read as InventoryReader.Counters | null
    const counters = {
      nextFileId: firstFileId ?? fromInventory?.nextFileId ?? 1,
      nextGeneration: firstGeneration ?? fromInventory?.nextGeneration ?? 1,
    }
    if (fromInventory !== null && (counters.nextFileId < fromInventory.nextFileId || counters.nextGeneration < fromInventory.nextGeneration)) {
      l.abort()
      throw new InputError(
        `${file}: its counters say the next D0350 File Identifier is ${fromInventory.nextFileId} and the next DXI Generation Number ${fromInventory.nextGeneration}; ` +
          '--first-file-id / --first-generation may not go back (a registry would see a number twice); no database was created',
      )
    }
    const done = l.finish(counters, { unlistedLinks: report.warningCount > 0 })
    if (E.isLeft(done)) throw failure(done.left)
    const d = done.right
    io.stderr(
      `${values.db}: created with ${plural(d.meterPoints, 'meter point')}${d.blank > 0 ? ` (${n(d.blank)} linked but not listed: created with no flag)` : ''} and ${plural(d.devices, 'device')}; ` +
        `policy ${settings.policy}; switches electricity=${settings.switches.electricity ? 'on' : 'off'},gas=${settings.switches.gas ? 'on' : 'off'}; ` +
        `next D0350 File Identifier ${counters.nextFileId}, next DXI Generation Number ${counters.nextGeneration}` +
        `${settings.gasOrganisationId === null ? '; no gas organisation id (gas files cannot be sent: give --gas-org)' : ''}\n`,
    )
    return EXIT_OK
  },
})
