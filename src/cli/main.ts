/**
 * The `dcc-flags` command line (docs/contract.md "Command line"): finds the command, answers
 * `--help`, `help COMMAND` and `--version`, and turns the errors a user can cause into exit codes:
 * a usage error is 2, an input error or a file the system refused is 1. Only a programmer error
 * escapes (the bin reports it as an internal error, exit 70).
 *
 * @since 0.1.0
 */
import { version } from '../../package.json'
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Command } from './Command'
import { InputError, UsageError, errnoOf, isSystemError } from './Errors'
import type { Io } from './Io'
import { commands } from './commands'

/** The package version, read from package.json when the bin is built. @since 0.2.0 @category constants */
export const VERSION: string = version

const help = (cs: ReadonlyArray<Command>): string => {
  const width = Math.max(...cs.map((c) => c.name.length))
  return [
    `dcc-flags ${VERSION}: DCC Service Flags (SEC MP077) — flag engine and D0350 / DXI / E46 files`,
    '',
    'Usage: dcc-flags COMMAND [OPTIONS]      dcc-flags COMMAND --help      dcc-flags --version',
    '',
    'Commands:',
    ...cs.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Files are read as raw bytes; "-" reads standard input. Exit codes: 0 ok, 1 invalid input, 2 usage error.',
    '',
  ].join('\n')
}

/**
 * Runs one command line against an `Io`; returns the exit code. Never throws for bad input or usage.
 *
 * @example
 * import { run } from './main'
 * import { nodeIo } from './Io'
 * await run(['validate', 'file.txt'], nodeIo()) // 0 when the file is valid
 * @since 0.1.0
 * @category entry points
 */
export const run = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const [name, ...rest] = argv
  if (name === undefined) {
    io.stderr(help(commands))
    return EXIT_USAGE
  }
  if (name === '--help' || name === '-h') {
    io.stdout(help(commands))
    return EXIT_OK
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`${VERSION}\n`)
    return EXIT_OK
  }
  if (name === 'help') {
    const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0])
    if (rest.length === 0) io.stdout(help(commands))
    else if (target !== undefined && rest.length === 1) io.stdout(target.help)
    else {
      io.stderr(`dcc-flags help: unknown command ${JSON.stringify(rest.join(' '))}\n\n${help(commands)}`)
      return EXIT_USAGE
    }
    return EXIT_OK
  }
  const command = commands.find((c) => c.name === name)
  if (command === undefined) {
    io.stderr(`dcc-flags: unknown command ${JSON.stringify(name)}\n\n${help(commands)}`)
    return EXIT_USAGE
  }
  try {
    return await command.run(rest, io)
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`dcc-flags ${name}: ${e.message}\nusage: dcc-flags ${command.usage}\n(dcc-flags ${name} --help for more)\n`)
      return EXIT_USAGE
    }
    if (e instanceof InputError) {
      io.stderr(`dcc-flags ${name}: ${e.message}\n`)
      return EXIT_INVALID
    }
    if (isSystemError(e)) {
      // The file system refused (a full disk, a folder without rights…): the user's to fix, not ours.
      io.stderr(`dcc-flags ${name}: cannot ${e.syscall}${e.path === undefined ? '' : ` ${e.path}`} (${errnoOf(e)})\n`)
      return EXIT_INVALID
    }
    throw e
  }
}
