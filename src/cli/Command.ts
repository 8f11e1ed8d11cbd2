/**
 * What a `dcc-flags` command is: a name, a one-line summary, its usage line and a `run` that returns
 * the exit code (0 success, 1 invalid input, 2 usage error).
 *
 * @since 0.1.0
 */
import type { Io } from './Io'

/** @since 0.1.0 @category model */
export interface Command {
  readonly name: string
  readonly usage: string
  readonly summary: string
  readonly run: (argv: ReadonlyArray<string>, io: Io) => Promise<number>
}

/** @since 0.1.0 @category constants */
export const EXIT_OK = 0
/** @since 0.1.0 @category constants */
export const EXIT_INVALID = 1
/** @since 0.1.0 @category constants */
export const EXIT_USAGE = 2
