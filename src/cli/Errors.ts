/**
 * The two ways a command line run fails on the user's side, each with its exit code (docs/contract.md
 * "Command line"): a usage error (exit 2: the command line itself is wrong, nothing was read or
 * written) and an input error (exit 1: an input file or the file system refused). Anything else
 * thrown is a programmer error, which the bin reports as an internal error (exit 70).
 *
 * @since 0.2.0
 */

/** The command line is wrong (unknown option, missing value, bad value): exit 2. @since 0.2.0 @category model */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** A problem with an input file, or a file that cannot be read or written: exit 1. @since 0.2.0 @category model */
export class InputError extends Error {
  override readonly name = 'InputError'
}

/**
 * The Node error code of a failed file operation (`ENOENT`, `EACCES`, …), or the error's text.
 *
 * @example
 * import { errnoOf } from './Errors'
 * errnoOf(Object.assign(new Error('x'), { code: 'ENOENT' })) // 'ENOENT'
 * @since 0.2.0
 * @category destructors
 */
export const errnoOf = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException | null)?.code
  return typeof code === 'string' ? code : e instanceof Error ? e.message : String(e)
}

/**
 * True for an error raised by a system call on a file (it carries `syscall` and an `E…` code): the
 * user's file system said no, which is reported as an input error, never as an internal one.
 *
 * @example
 * import { isSystemError } from './Errors'
 * isSystemError(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'open' })) // true
 * @since 0.2.0
 * @category refinements
 */
export const isSystemError = (e: unknown): e is NodeJS.ErrnoException =>
  e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string' && /^E[A-Z]+$/.test(String((e as NodeJS.ErrnoException).code))
