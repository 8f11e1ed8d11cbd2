/**
 * Every `dcc-flags` command, in the order `help` lists them.
 *
 * @since 0.1.0
 */
import type { Command } from './Command'
import * as wire from './commands/wire'
import { replay } from './commands/replay'
import { notify } from './commands/notify'
import { reconcile } from './commands/reconcile'
import { impact } from './commands/impact'
import { demo } from './commands/demo'
import { init } from './commands/db/init'
import { apply } from './commands/db/apply'
import { notifyDb } from './commands/db/notifyDb'
import { respond } from './commands/db/respond'
import { release } from './commands/db/release'
import { exportCommand } from './commands/db/export'
import { explain } from './commands/db/explain'
import { status } from './commands/db/status'
import { backup } from './commands/db/backup'
import { reconcileDb } from './commands/db/reconcileDb'
import { withDbMode } from './commands/db/modes'

/** @since 0.1.0 @category constants */
export const commands: ReadonlyArray<Command> = [
  wire.decode, wire.encode, wire.validate, replay, withDbMode(notify, notifyDb), withDbMode(reconcile, reconcileDb), impact, demo,
  init, apply, respond, release, exportCommand, explain, status, backup,
]
