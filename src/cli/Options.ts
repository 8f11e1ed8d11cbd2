/**
 * A command's options, declared once in `util.parseArgs` form plus what its help shows, and parsed
 * strictly with Node's `util.parseArgs`: an unknown option, a missing value, a value given to a
 * switch, an option given twice (unless it is `multiple`), an empty value, a missing required option
 * and a wrong number of positionals are all usage errors (exit 2), never ignored.
 *
 * @example
 * import { parse, type OptionSpecs } from './Options'
 * const options = { kind: { type: 'string', value: 'K', description: 'the file kind' }, json: { type: 'boolean', description: 'JSON out' } } as const satisfies OptionSpecs
 * parse(['in.txt', '--kind', 'd0350'], options, { name: 'FILE', min: 1, max: 1 })
 * // { values: { kind: 'd0350', json: false }, positionals: ['in.txt'] }
 * @since 0.2.0
 */
import { parseArgs } from 'node:util'
import { UsageError } from './Errors'

/** An option that takes a value (`--name VALUE` or `--name=VALUE`). @since 0.2.0 @category model */
export interface StringOption {
  readonly type: 'string'
  /** The value's placeholder in the help, e.g. `INV.json`. */
  readonly value: string
  readonly description: string
  readonly required?: boolean
  /** May be given several times; the values come in order. */
  readonly multiple?: boolean
  readonly short?: string
}

/** A switch: present or not. @since 0.2.0 @category model */
export interface BooleanOption {
  readonly type: 'boolean'
  readonly description: string
  readonly short?: string
}

/** @since 0.2.0 @category model */
export type OptionSpec = StringOption | BooleanOption

/** A command's options by long name (without the dashes). @since 0.2.0 @category model */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>

/**
 * What `--help` and the parser know of a command's positional arguments: a placeholder and how many
 * (no entry: the command takes none).
 *
 * @since 0.2.0
 * @category model
 */
export interface PositionalSpec {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly description?: string
}

/**
 * The parsed values of a spec: a switch is a boolean, a `multiple` option an array, a required one
 * a string, any other `string | undefined`.
 *
 * @since 0.2.0
 * @category model
 */
export type Values<O extends OptionSpecs> = {
  readonly [K in keyof O]: O[K] extends BooleanOption
    ? boolean
    : O[K] extends { readonly multiple: true }
      ? ReadonlyArray<string>
      : O[K] extends { readonly required: true }
        ? string
        : string | undefined
}

/** @since 0.2.0 @category model */
export interface Parsed<O extends OptionSpecs> {
  readonly values: Values<O>
  readonly positionals: ReadonlyArray<string>
}

/** `--help` and `-h`, which every command answers (before anything else is checked). */
export const HELP_OPTION = { type: 'boolean', short: 'h', description: 'show this help and exit' } as const satisfies BooleanOption

/**
 * True when the command line asks for help: `--help` or `-h` anywhere before a `--`.
 *
 * @example
 * import { wantsHelp } from './Options'
 * wantsHelp(['--inventory', 'x.json', '--help']) // true
 * wantsHelp(['--', '--help']) // false
 * @since 0.2.0
 * @category refinements
 */
export const wantsHelp = (argv: ReadonlyArray<string>): boolean => {
  for (const a of argv) {
    if (a === '--') return false
    if (a === '--help' || a === '-h') return true
  }
  return false
}

// util.parseArgs reports its errors with codes and a sentence; ours keep the sentence.
const PARSE_ERRORS = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'])

const count = (spec: PositionalSpec): string =>
  spec.min === spec.max ? `${spec.min}` : spec.max === Infinity ? `at least ${spec.min}` : `${spec.min} to ${spec.max}`

/**
 * Parses `argv` (the words after the command name) against the options and positionals.
 *
 * @example
 * import { parse } from './Options'
 * parse(['--out', 'dir'], { out: { type: 'string', value: 'DIR', description: 'where', required: true } }).values.out // 'dir'
 * @since 0.2.0
 * @category parsers
 */
export const parse = <O extends OptionSpecs>(argv: ReadonlyArray<string>, options: O, positionals?: PositionalSpec): Parsed<O> => {
  const nodeOptions: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {}
  for (const [name, o] of Object.entries(options)) {
    nodeOptions[name] = {
      type: o.type,
      ...(o.short === undefined ? {} : { short: o.short }),
      ...(o.type === 'string' && o.multiple === true ? { multiple: true } : {}),
    }
  }
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof nodeOptions; strict: true; allowPositionals: true; tokens: true }>>
  try {
    parsed = parseArgs({ args: [...argv], options: nodeOptions, strict: true, allowPositionals: true, tokens: true })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code !== undefined && PARSE_ERRORS.has(code)) throw new UsageError((e as Error).message)
    throw e
  }
  const seen = new Set<string>()
  for (const t of parsed.tokens) {
    if (t.kind !== 'option') continue
    const o = options[t.name]!
    if (o.type === 'string' && o.multiple !== true && seen.has(t.name)) throw new UsageError(`option --${t.name} given twice`)
    seen.add(t.name)
    if (o.type === 'string' && t.value === '') throw new UsageError(`option --${t.name} needs a value, got an empty one`)
  }
  const values: Record<string, unknown> = {}
  for (const [name, o] of Object.entries(options)) {
    const v = parsed.values[name]
    if (o.type === 'boolean') values[name] = v === true
    else if (o.multiple === true) values[name] = v === undefined ? [] : v
    else values[name] = v
    if (o.type === 'string' && o.required === true && v === undefined) throw new UsageError(`missing required option --${name} ${o.value}`)
  }
  const pos = parsed.positionals
  if (positionals === undefined) {
    if (pos.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(pos[0])}`)
  } else if (pos.length < positionals.min || pos.length > positionals.max) {
    throw new UsageError(`expected ${count(positionals)} ${positionals.name}, got ${pos.length}`)
  }
  return { values: values as Values<O>, positionals: pos }
}
