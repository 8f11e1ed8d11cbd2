/**
 * `dcc-service-flags/compile`: run-time compilation of body readers, the opt-in for a layout a user
 * supplies, for which no reader was generated at build time. It generates code from strings
 * (`new Function`), which a content security policy or `node --disallow-code-generation-from-strings`
 * forbids (it then gives no reader, and the detailed path reads); so it lives in its own entry
 * point, and the main one holds no code generation at all.
 *
 * ```ts
 * import { D0350, DtcSchema } from 'dcc-service-flags'
 * import { compiler } from 'dcc-service-flags/compile'
 * const myLayout: DtcSchema.FlowSchema = { ...D0350.layout, groups: [{ ...D0350.layout.groups[0]!, id: 'XYZ' }] }
 * const codec = D0350.fromLayout(myLayout, { reader: compiler })
 * ```
 *
 * @internal
 * @since 0.2.0
 */
import type { ReaderCompiler } from '../FileCodec'
import { helpers, javaScript } from './Emit'
import type { BodyReader, Program } from './Program'

const bound: Record<string, unknown> = Object.fromEntries(helpers.map((h) => [h.name, h.fn]))

/**
 * The program's reader, compiled now; null when the platform forbids generating code.
 *
 * @example
 * compile({ records: [], nested: false }) // a reader that reads nothing (or null where code generation is forbidden)
 * @since 0.2.0
 * @category constructors
 */
export const compile = (p: Program): BodyReader | null => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the explicit opt-in
    return (new Function('h', javaScript(p)) as (h: Record<string, unknown>) => BodyReader)(bound)
  } catch {
    return null
  }
}

/**
 * The compiler to pass as a codec's `reader` option (`D0350.fromLayout`, `Dtc.codec`,
 * `UkLink.codec`, `Dxi.fromSchema`, `Dxr.fromSchema`).
 *
 * @example
 * import * as D0350 from '../dtc/D0350'
 * const codec = D0350.fromLayout({ ...D0350.layout, groups: [{ ...D0350.layout.groups[0]!, id: 'XYZ' }] }, { reader: compiler })
 * @since 0.2.0
 * @category instances
 */
export const compiler: ReaderCompiler = { _tag: 'ReaderCompiler', compile: compile as (p: never) => unknown }
