/**
 * What a `dcc-flags` command is, and how one is declared: a name, a one-line summary, its options in
 * `util.parseArgs` form (see `Options`), its positionals, and a `run` that receives the parsed,
 * checked values and returns the exit code. The framework answers `--help` (exit 0) before anything
 * else, and turns every parse problem into a usage error (exit 2) before `run` is called, so a
 * command checks all its options before any work.
 *
 * Exit codes (docs/contract.md "Command line"): 0 success, 1 invalid input (diagnostics or
 * rejections printed, or a file that cannot be read or written), 2 usage error. A command reports
 * the last two by throwing `UsageError` or `InputError` (from `Errors`) or by returning the code.
 *
 * @example
 * import { command, EXIT_OK } from './Command'
 * export const hello = command({
 *   name: 'hello',
 *   summary: 'greets',
 *   options: { name: { type: 'string', value: 'NAME', description: 'who to greet', required: true } },
 *   run: async ({ values }, io) => {
 *     io.stdout(`hello ${values.name}\n`)
 *     return EXIT_OK
 *   },
 * })
 * @since 0.1.0
 */
import type { Io } from './Io'
import { HELP_OPTION, parse, wantsHelp, type OptionSpecs, type Parsed, type PositionalSpec } from './Options'

/** @since 0.1.0 @category model */
export interface Command {
  readonly name: string
  /** The usage line, without `dcc-flags`. */
  readonly usage: string
  readonly summary: string
  /** The full `--help` text. */
  readonly help: string
  /** Its options and positionals, as declared (for help, docs and tests). */
  readonly options: OptionSpecs
  readonly positionals: PositionalSpec | undefined
  /** Runs the command on the words after its name; returns the exit code. */
  readonly run: (argv: ReadonlyArray<string>, io: Io) => Promise<number>
}

/** How a command is declared. @since 0.2.0 @category model */
export interface Declaration<O extends OptionSpecs> {
  readonly name: string
  readonly summary: string
  readonly options: O
  readonly positionals?: PositionalSpec
  /** The usage line when the derived one cannot say it (e.g. one of two options). */
  readonly usage?: string
  /** Paragraphs after the options in `--help`: what is printed, exit codes, examples. */
  readonly details?: string
  readonly run: (args: Parsed<O>, io: Io) => Promise<number>
}

/** @since 0.1.0 @category constants */
export const EXIT_OK = 0
/** @since 0.1.0 @category constants */
export const EXIT_INVALID = 1
/** @since 0.1.0 @category constants */
export const EXIT_USAGE = 2

const optionWords = (name: string, o: OptionSpecs[string]): string => `--${name}${o.type === 'string' ? ` ${o.value}` : ''}`

/**
 * The usage line derived from a declaration: positionals, required options, then `[optional]` ones.
 *
 * @example
 * import { usageOf } from './Command'
 * usageOf({ name: 'x', summary: '', options: { out: { type: 'string', value: 'DIR', description: '', required: true } }, run: async () => 0 })
 * // 'x --out DIR'
 * @since 0.2.0
 * @category destructors
 */
export const usageOf = <O extends OptionSpecs>(d: Declaration<O>): string => {
  const words: string[] = [d.name]
  if (d.positionals !== undefined) {
    const p = d.positionals
    words.push(p.min === 0 ? `[${p.name}${p.max > 1 ? '…' : ''}]` : `${p.name}${p.max > 1 ? '…' : ''}`)
  }
  const entries = Object.entries(d.options)
  for (const [name, o] of entries) if (o.type === 'string' && o.required === true) words.push(optionWords(name, o))
  for (const [name, o] of entries) if (!(o.type === 'string' && o.required === true)) words.push(`[${optionWords(name, o)}]`)
  return words.join(' ')
}

const helpText = <O extends OptionSpecs>(d: Declaration<O>, usage: string): string => {
  const rows: Array<[string, string]> = []
  if (d.positionals?.description !== undefined) rows.push([d.positionals.name, d.positionals.description])
  for (const [name, o] of Object.entries({ ...d.options, help: HELP_OPTION })) {
    const short = o.short === undefined ? '' : `-${o.short}, `
    const tags = [o.type === 'string' && o.required === true ? 'required' : '', o.type === 'string' && o.multiple === true ? 'repeatable' : '']
      .filter((x) => x !== '')
    rows.push([`${short}${optionWords(name, o)}`, `${o.description}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`])
  }
  const width = Math.min(34, Math.max(...rows.map(([l]) => l.length)))
  const lines = rows.map(([l, r]) => (l.length > width ? `  ${l}\n  ${' '.repeat(width)}  ${r}` : `  ${l.padEnd(width)}  ${r}`))
  return [
    `dcc-flags ${d.name}: ${d.summary}`,
    '',
    `Usage: dcc-flags ${usage}`,
    '',
    'Options:',
    ...lines,
    ...(d.details === undefined ? [] : ['', d.details.trim()]),
    '',
    'Files are read as raw bytes; "-" reads standard input. Exit codes: 0 ok, 1 invalid input, 2 usage error.',
    '',
  ].join('\n')
}

/**
 * Declares a command: `--help` answered from the declaration, options parsed and checked before
 * `run` sees them.
 *
 * @example
 * import { command, EXIT_OK } from './Command'
 * const echo = command({
 *   name: 'echo',
 *   summary: 'prints its arguments',
 *   options: { upper: { type: 'boolean', description: 'in capitals' } },
 *   positionals: { name: 'WORD', min: 1, max: Infinity },
 *   run: async ({ values, positionals }, io) => {
 *     const s = positionals.join(' ')
 *     io.stdout((values.upper ? s.toUpperCase() : s) + '\n')
 *     return EXIT_OK
 *   },
 * })
 * @since 0.2.0
 * @category constructors
 */
export const command = <const O extends OptionSpecs>(d: Declaration<O>): Command => {
  const usage = d.usage ?? usageOf(d)
  const help = helpText(d, usage)
  return {
    name: d.name,
    usage,
    summary: d.summary,
    help,
    options: d.options,
    positionals: d.positionals,
    run: async (argv, io) => {
      if (wantsHelp(argv)) {
        io.stdout(help)
        return EXIT_OK
      }
      return d.run(parse(argv, d.options, d.positionals), io)
    },
  }
}
