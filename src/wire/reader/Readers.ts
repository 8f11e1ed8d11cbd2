/**
 * Which reader a decoder runs for its layout: the one generated at build time for a built-in layout
 * (found by its program's key, so any layout that reads like a built-in one gets it), else — only
 * when the caller passed a run-time compiler (`dcc-service-flags/compile`) — one compiled now, else
 * none (the detailed path reads every line, with the same results, only slower).
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import type { ReaderChoice, ReaderCompiler } from '../FileCodec'
import { readers as generated } from '../generated/readers'
import { keyOf, type BodyReader, type Program } from './Program'

const byKey = new Map<string, BodyReader>(generated.map((g) => [g.key, g.read]))
// one compiled reader per compiler and program, shared by every decoder (its optimised code with it)
const compiled = new WeakMap<ReaderCompiler, Map<string, BodyReader | null>>()

/**
 * True when a reader was generated at build time for this program.
 *
 * @example
 * isGenerated({ records: [], nested: false }) // false
 * @since 0.2.0
 * @category checks
 */
export const isGenerated = (p: Program): boolean => byKey.has(keyOf(p))

/**
 * The reader of a program under a choice: `detailed` none; `default` the generated one, if any; a
 * compiler, the generated one, else one it compiles (null where code generation is forbidden). A
 * null program (a layout no reader can read) has none.
 *
 * @example
 * readerOf(null, 'default') // null
 * @since 0.2.0
 * @category constructors
 */
export const readerOf = (p: Program | null, choice: ReaderChoice = 'default'): BodyReader | null => {
  if (p === null || choice === 'detailed') return null
  const key = keyOf(p)
  const built = byKey.get(key)
  if (built !== undefined || choice === 'default') return built ?? null
  let byProgram = compiled.get(choice)
  if (byProgram === undefined) compiled.set(choice, (byProgram = new Map()))
  let reader = byProgram.get(key)
  if (reader === undefined) byProgram.set(key, (reader = (choice.compile as (p: Program) => BodyReader | null)(p)))
  return reader
}
