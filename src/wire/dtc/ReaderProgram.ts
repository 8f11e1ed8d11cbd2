/**
 * A DTC flow's body groups as a reader program (`reader/Program`): what the generator needs to
 * write the reader of a schema's clean records. Each item kind maps to the check stating its rule.
 *
 * Internal to the DTC engine: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import { Chars, type CharClass } from '../Items'
import type { Build, Check, FieldProgram, Program, Value } from '../reader/Program'
import * as Schema from './Schema'

const BAR = 124

/**
 * How a record is built from a group's items: a plain object whose keys, in order, hold the items
 * at the given indexes; or null when the mapping's own `record` builds it (from the scratch items).
 *
 * @example
 * const s: Shape = [['mpanCore', 0], ['flag', 1], ['effectiveFrom', 2]]
 * @since 0.2.0
 * @category model
 */
export type Shape = ReadonlyArray<readonly [key: string, item: number]> | null

/**
 * The reader's class of a DTC text class: `printable` and `any` take printable ASCII only (the
 * framer reports other bytes, on the detailed path), never `|`.
 *
 * @example
 * import { Chars } from '../Items'
 * charClassOf('upperAlphanumeric') === Chars.UPPER_ALPHANUMERIC // true
 * @since 0.2.0
 * @category conversions
 */
export const charClassOf = (c: Schema.CharClass): CharClass =>
  c === 'digit' ? Chars.DIGIT : c === 'upperAlphanumeric' ? Chars.UPPER_ALPHANUMERIC : c === 'alphanumeric' ? Chars.ALPHANUMERIC : Chars.DTC_TEXT

/** A constant a clean line can hold: printable ASCII without `|`. */
const spellable = (v: string): boolean => /^[\x20-\x7b\x7d\x7e]*$/.test(v)

const checkOf = (k: Schema.ItemKind): Check | null => {
  switch (k._tag) {
    case 'text':
      // bounds the generated code cannot hold: no reader (the detailed path reads)
      if (typeof k.minLength !== 'number' || typeof k.maxLength !== 'number' || Number.isNaN(k.minLength) || Number.isNaN(k.maxLength)) return null
      return { _tag: 'chars', cls: charClassOf(k.charClass), min: k.minLength, max: k.maxLength }
    case 'count':
      return { _tag: 'count', min: 1, max: Number.POSITIVE_INFINITY }
    case 'date':
      return { _tag: 'date' }
    case 'timestamp':
      return { _tag: 'timestamp' }
    case 'mpanCore':
      return { _tag: 'mpanCore' }
    case 'flag':
      return { _tag: 'flag' }
    case 'constant':
      return typeof k.value === 'string' && spellable(k.value) ? { _tag: 'oneOf', values: [k.value] } : { _tag: 'never' }
    default:
      return null
  }
}

const valueOf = (k: Schema.ItemKind): Value => (k._tag === 'date' ? 'date' : k._tag === 'flag' || k._tag === 'constant' ? 'literal' : 'slice')

/** Whether an empty item is clean: optional, or of a kind that allows it. */
const emptyIsClean = (item: Schema.ItemSpec): boolean =>
  item.optional || (item.kind._tag === 'text' && item.kind.minLength === 0) || (item.kind._tag === 'constant' && item.kind.value === '')

const buildOf = (g: Schema.GroupSpec, shape: Shape): Build => {
  // `__proto__` in an object literal would set the prototype, not a key; a shape naming no item is the mapping's to build
  const usable = shape !== null && shape.every(([key, i]) => typeof key === 'string' && key !== '__proto__' && Number.isInteger(i) && i >= 0 && i < g.items.length)
  return usable ? { _tag: 'shape', keys: shape.map(([key, i]) => [key, i] as const) } : { _tag: 'items' }
}

/**
 * The reader program of a flow's body groups, each built by its shape (null: by the mapping's
 * `record`); null when the groups are not ones a reader can take (an id not of three latin1
 * characters, a level that is not a number, a kind unknown): the detailed path then reads.
 *
 * @example
 * import * as Schema from './Schema'
 * programOf(Schema.flow('D9999', '001', []).groups, []) // { records: [], nested: true }
 * @since 0.2.0
 * @category constructors
 */
export const programOf = (groups: ReadonlyArray<Schema.GroupSpec>, shapes: ReadonlyArray<Shape>): Program | null => {
  const records: Program['records'][number][] = []
  for (let index = 0; index < groups.length; index++) {
    const g = groups[index]!
    if (typeof g.id !== 'string' || !/^[\x00-\xff]{3}$/.test(g.id) || typeof g.level !== 'number' || !Number.isInteger(g.level) || g.level < 1) return null
    const fields: FieldProgram[] = []
    for (const item of g.items) {
      const check = checkOf(item.kind)
      if (check === null) return null
      fields.push({ name: String(item.name), quoted: false, after: BAR, empty: emptyIsClean(item), check, value: valueOf(item.kind) })
    }
    records.push({
      prefix: `${g.id}|`,
      id: g.id,
      level: g.level,
      parent: g.parent,
      index,
      // the header and trailer are the detailed path's
      never: g.id === Schema.HEADER_ID || g.id === Schema.TRAILER_ID,
      fields,
      build: buildOf(g, shapes[index] ?? null),
    })
  }
  return { records, nested: true }
}
