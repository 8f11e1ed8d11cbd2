/**
 * `dcc-flags reconcile --db STATE.db (--registered REG.csv | --baseline REG.csv --registered-files
 * F1,F2,…) [--derive] [--policy P] [--switch …] [--legacy-flags]`: `reconcile` against the state
 * database — what the registries say compared with the database's flags (or, with `--derive`, with
 * what the policy derives from each meter point's linked meters now). The meter points stream from
 * the database a key range at a time; the registry rows are read as `reconcile` reads them.
 *
 * The policy and the switches default to the database's settings.
 *
 * Exit codes: 0 when the comparison ran, discrepancies or not; 1 when a registry input is invalid
 * (each problem on stderr, nothing on stdout) or the database cannot be used; 2 on usage errors.
 *
 * @since 0.2.0
 */
import { command, EXIT_OK } from '../../Command'
import { UsageError } from '../../Errors'
import { progress } from '../../Io'
import { POLICY_OPTION, SWITCH_OPTION, policyOf, switchesOf } from '../../CommonOptions'
import { writeJsonItems } from '../../Output'
import { Reconcile } from '../../../reconciliation'
import { Reconciliation, Settings } from '../../../sqlite'
import { REGISTRY_OPTIONS, loadRegistered, registrySourceOf } from '../reconcile'
import { DB_OPTION, withDb } from './Db'

/**
 * The `reconcile --db` command (the `reconcile` command's database mode).
 *
 * @example
 * import { nodeIo } from '../../Io'
 * await reconcileDb.run(['--db', 'state.db', '--registered', 'extract.csv', '--derive'], nodeIo())
 * @since 0.2.0
 * @category commands
 */
export const reconcileDb = command({
  name: 'reconcile',
  summary: "prints the discrepancies between the registry and the database's state as JSON, a summary by kind on stderr",
  options: {
    db: DB_OPTION,
    registered: REGISTRY_OPTIONS.registered,
    baseline: REGISTRY_OPTIONS.baseline,
    'registered-files': REGISTRY_OPTIONS['registered-files'],
    derive: { type: 'boolean', description: "expect what the policy derives from each meter point's linked meters now, not its stored flag" },
    policy: { ...POLICY_OPTION, description: `with --derive: the flag rules (default the database's policy)` },
    switch: { ...SWITCH_OPTION, description: "each fuel's MP077 switch, for what counts as missing at the registry (default the database's)" },
    'legacy-flags': REGISTRY_OPTIONS['legacy-flags'],
  },
  run: async ({ values }, io) => {
    const source = registrySourceOf(values)
    if (values.policy !== undefined && !values.derive) {
      throw new UsageError('--policy has nothing to apply to: it rules the derivation of --derive; without it the expected flag is the stored one')
    }
    const policyOption = values.policy === undefined ? undefined : policyOf(values.policy)
    const switchesOption = values.switch === undefined ? undefined : switchesOf(values.switch)
    const registered = await loadRegistered(io, source.csv, source.wireFiles, source.legacyFlags)
    return withDb(values.db, {}, async (db) => {
      const policy = policyOption ?? Settings.policyOf(db.settings)
      const exportable = Reconcile.exportableFor(switchesOption ?? db.settings.switches)
      const bar = progress(io, 'reconcile: meter points')
      let n = 0
      const expected = (function* () {
        for (const e of Reconciliation.expectedOf(db, values.derive ? { derive: policy } : {})) {
          yield e
          if ((++n & 0xffff) === 0) bar.tick(n)
        }
      })()
      const report = Reconcile.reconcile(expected, registered, { exportable })
      bar.done()
      await writeJsonItems(io, report.discrepancies)
      io.stdout('\n')
      io.stderr(`reconcile${values.derive ? ` (flags derived from the linked meters under ${policy.name})` : ''}: ${Reconcile.formatCounts(report.counts)}\n`)
      return EXIT_OK
    })
  },
})
