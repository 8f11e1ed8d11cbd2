/**
 * The `dcc-flags` command line (API.md "Command line").
 *
 * @since 0.1.0
 */
import { UsageError } from './Args'
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type Command } from './Command'
import { InputError, type Io } from './Io'
import { commands } from './commands'

const help = (cs: ReadonlyArray<Command>): string =>
  [
    'dcc-flags: DCC Service Flags (SEC MP077) — flag engine and D0350 / DXI / E46 files',
    '',
    'Usage:',
    ...cs.map((c) => `  dcc-flags ${c.usage}\n      ${c.summary}`),
    '',
    'Files are read as raw bytes; "-" reads standard input. Exit codes: 0 ok, 1 invalid input, 2 usage error.',
    '',
  ].join('\n')

/**
 * Runs one command line against an `Io`; returns the exit code. Never throws for bad input or usage.
 *
 * @example
 * import { nodeIo } from './Io'
 * await run(['validate', 'file.txt'], nodeIo()) // 0 when the file is valid
 * @since 0.1.0
 * @category entry points
 */
export const run = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    ;(name === undefined ? io.stderr : io.stdout)(help(commands))
    return name === undefined ? EXIT_USAGE : EXIT_OK
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
      io.stderr(`dcc-flags ${name}: ${e.message}\nusage: dcc-flags ${command.usage}\n`)
      return EXIT_USAGE
    }
    if (e instanceof InputError) {
      io.stderr(`dcc-flags ${name}: ${e.message}\n`)
      return EXIT_INVALID
    }
    throw e
  }
}
