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

/** @since 0.1.0 @category constants */
export const commands: ReadonlyArray<Command> = [wire.decode, wire.encode, wire.validate, replay, notify, reconcile, impact, demo]
