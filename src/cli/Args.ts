/**
 * A small, strict argument parser for `dcc-flags`: positionals, `--name value`, `--name=value` and
 * boolean switches. Unknown options are usage errors (exit 2), never ignored.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 @category model */
export interface Spec {
  /** Options that take a value. */
  readonly values: ReadonlyArray<string>
  /** Options that take none. */
  readonly switches: ReadonlyArray<string>
}

/** @since 0.1.0 @category model */
export interface Parsed {
  readonly positionals: ReadonlyArray<string>
  readonly values: Readonly<Record<string, string>>
  readonly switches: ReadonlySet<string>
}

/** A usage error: reported with exit code 2. @since 0.1.0 @category model */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/**
 * Parses `argv` (without the command name) against a spec.
 *
 * @example
 * parse(['in.txt', '--kind', 'd0350'], { values: ['kind'], switches: [] })
 * // { positionals: ['in.txt'], values: { kind: 'd0350' }, switches: Set {} }
 * @since 0.1.0
 * @category parsers
 */
export const parse = (argv: ReadonlyArray<string>, spec: Spec): Parsed => {
  const positionals: string[] = []
  const values: Record<string, string> = {}
  const switches = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '-' || !a.startsWith('--')) {
      positionals.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const name = a.slice(2, eq === -1 ? undefined : eq)
    if (spec.switches.includes(name)) {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value`)
      switches.add(name)
    } else if (spec.values.includes(name)) {
      const v = eq !== -1 ? a.slice(eq + 1) : argv[++i]
      if (v === undefined || (eq === -1 && v.startsWith('--'))) throw new UsageError(`option --${name} needs a value`)
      if (name in values) throw new UsageError(`option --${name} given twice`)
      values[name] = v
    } else {
      throw new UsageError(`unknown option --${name}`)
    }
  }
  return { positionals, values, switches }
}

/**
 * The value of a required option, or a usage error naming it.
 *
 * @example
 * required(parse(['--out', 'x'], { values: ['out'], switches: [] }), 'out') // 'x'
 * @since 0.1.0
 * @category accessors
 */
export const required = (p: Parsed, name: string): string => {
  const v = p.values[name]
  if (v === undefined) throw new UsageError(`missing required option --${name}`)
  return v
}
