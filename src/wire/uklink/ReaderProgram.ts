/**
 * A UK Link body record layout as a reader program (`reader/Program`): what the generator needs to
 * write the reader of a layout's clean records. Each field type and refinement maps to the check
 * stating its rule.
 *
 * Internal to the UK Link engine: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import { Chars, MAX_COUNT_DIGITS } from '../Items'
import type { Check, FieldProgram, Program, Value } from '../reader/Program'
import type * as Schema from './Schema'

const COMMA = 44

/** A value the detailed path can match inside quotes: printable ASCII without `"` or `,`. */
const plain = (v: string): boolean => /^[\x20-\x21\x23-\x2b\x2d-\x7e]*$/.test(v)

const finite = (n: unknown): n is number => typeof n === 'number' && !Number.isNaN(n)

/** The check of a field and what its value keeps; null when no reader can take the field. */
const fieldOf = (f: Schema.FieldSpec): { check: Check; value: Value } | null => {
  const r = f.refinement
  if (!finite(f.minLength) || !finite(f.maxLength)) return null
  if (f.type === 'D') {
    // the detailed path checks a real date whatever the refinement
    return { check: { _tag: 'date' }, value: f.holds === 'constant' ? 'none' : f.holds === 'number' ? 'number' : 'date' }
  }
  if (f.type === 'N') {
    const min = Math.max(1, f.minLength)
    const max = f.maxLength
    // a number from more digits would not be exact, and the detailed path's would differ
    if (f.holds === 'number' && max > MAX_COUNT_DIGITS && r._tag !== 'count') return null
    const value: Value = f.holds === 'constant' ? 'none' : f.holds === 'number' ? 'number' : 'slice'
    switch (r._tag) {
      case 'none':
        return { check: { _tag: 'digits', min, max }, value }
      case 'count':
        return { check: { _tag: 'count', min, max }, value }
      case 'mprn':
        return { check: { _tag: 'mprn', min, max }, value }
      case 'timeOfDay':
        return { check: min <= 6 && max >= 6 ? { _tag: 'timeOfDay' } : { _tag: 'never' }, value }
      default:
        return null
    }
  }
  // quoted text
  if (f.holds === 'number') return null
  const value: Value = f.holds === 'constant' ? 'none' : r._tag === 'flag' || r._tag === 'constant' || r._tag === 'oneOf' ? 'literal' : 'slice'
  switch (r._tag) {
    case 'flag':
      return { check: { _tag: 'flag' }, value }
    case 'constant':
      return { check: plain(r.value) ? { _tag: 'oneOf', values: [r.value] } : { _tag: 'never' }, value }
    case 'oneOf': {
      const values = r.values.filter(plain)
      return { check: values.length > 0 ? { _tag: 'oneOf', values } : { _tag: 'never' }, value }
    }
    case 'letters':
      return { check: { _tag: 'chars', cls: Chars.LETTERS, min: f.minLength, max: f.maxLength }, value }
    case 'none':
      return { check: { _tag: 'chars', cls: Chars.QUOTED_TEXT, min: f.minLength, max: f.maxLength }, value }
    default:
      return null
  }
}

/**
 * The reader program of a body record layout: its quoted transaction type, then its fields; null
 * when a field is of a kind no reader takes (the detailed path then reads every record).
 *
 * @example
 * programOf({ transactionType: 'X01', label: 'x', fields: [] }) // null: no transaction type field
 * @since 0.2.0
 * @category constructors
 */
export const programOf = (spec: Schema.RecordSpec): Program | null => {
  const [first, ...rest] = spec.fields
  if (first === undefined || first.type !== 'T' || first.refinement._tag !== 'constant' || first.refinement.value !== spec.transactionType || !plain(first.refinement.value)) return null
  // `__proto__` in an object literal would set the prototype, not a key
  if (rest.some((f) => f.name === '__proto__' || typeof f.name !== 'string')) return null
  const fields: FieldProgram[] = []
  for (let i = 0; i < rest.length; i++) {
    const f = rest[i]!
    const p = fieldOf(f)
    if (p === null) return null
    fields.push({ name: f.name, quoted: f.type === 'T', after: i < rest.length - 1 ? COMMA : null, empty: false, check: p.check, value: p.value })
  }
  const keys = fields.flatMap((f, i) => (f.value === 'none' ? [] : [[f.name, i] as const]))
  return {
    records: [{
      prefix: `"${spec.transactionType}"${fields.length > 0 ? ',' : ''}`,
      id: spec.transactionType,
      level: 1,
      parent: null,
      index: 0,
      never: false,
      fields,
      build: { _tag: 'shape', keys },
    }],
    nested: false,
  }
}
