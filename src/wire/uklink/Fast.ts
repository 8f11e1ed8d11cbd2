/**
 * The fast paths of UK Link files: a body record layout ({@link Schema.RecordSpec}) compiled, once
 * per layout, into a reader that takes clean records straight from a chunk's bytes. The layout stays
 * data: the reader's code is generated from it (each field's check unrolled in place, the record
 * built as one object literal with all its keys, so every record has the same shape), and only
 * accepts what the detailed path in `UkLink.ts` would accept without a diagnostic. Anything else —
 * a bad field, an unknown record, a foreign line end, a byte outside printable ASCII, a partial
 * line — stops the reader, and the detailed path reads (and reports) that line.
 *
 * Internal to the UK Link codecs: not exported from the package root.
 *
 * @internal
 * @since 0.1.0
 */
import * as DateCache from '../DateCache'
import { daysInMonth } from '../../identifiers/CalendarDate'
import type * as Schema from './Schema'

/**
 * A compiled body reader: reads clean records of one layout from `u` (the chunk's bytes; `s` is their
 * latin1 text, same offsets) starting at `at`, each ending with the file's line end (`crlf`), pushing
 * their values on `out`; returns the offset reached (just past the last record read; `at` when none).
 * `dateKeys`/`dateValues` are the caller's date string cache ({@link DATE_SLOTS} slots each).
 *
 * @example
 * const read = compile(Schema.E45)!
 * const out: Array<Record<string, string | number>> = []
 * const b = new TextEncoder().encode('"E45",3938424403,"A",20211104\n')
 * read(b, '"E45",3938424403,"A",20211104\n', 0, false, false, out, new Int32Array(DATE_SLOTS).fill(-1), []) // 31
 * @since 0.1.0
 * @category model
 */
export type BodyReader = (
  u: Uint8Array,
  s: string,
  at: number,
  crlf: boolean,
  legacy: boolean,
  out: Array<Record<string, string | number>>,
  dateKeys: Int32Array,
  dateValues: string[],
) => number

/**
 * Slots of a reader's date string cache (see `DateCache`).
 *
 * @example
 * new Int32Array(DATE_SLOTS).fill(-1)
 * @since 0.1.0
 * @category constants
 */
export const DATE_SLOTS = DateCache.DATE_SLOTS

const QUOTE = 34
const COMMA = 44

/** True when the six digits at `a` are a real `HHMMSS` time. */
const timeAt = (u: Uint8Array, a: number): boolean =>
  (u[a]! - 48) * 10 + u[a + 1]! - 48 <= 23 && u[a + 2]! <= 53 && u[a + 4]! <= 53

const HELPERS = { daysInMonth, timeAt }

/** A value the detailed path can match inside quotes: printable ASCII without `"` or `,`. */
const plain = (v: string): boolean => /^[\x20-\x21\x23-\x2b\x2d-\x7e]*$/.test(v)

/** Byte comparisons spelling `v` at `a + offset`, joined with `&&` (`true` for the empty string). */
const spells = (v: string, offset: number): string =>
  v.length === 0 ? 'true' : Array.from(v, (c, j) => `u[a + ${offset + j}] === ${c.charCodeAt(0)}`).join(' && ')

/**
 * The code reading field `i`: starts at `a`, leaves `b` just past the field's content (quotes
 * included) and what the value needs in `a${i}`/`b${i}` (its bounds) or `v${i}` (a value found);
 * `return at` on anything the detailed path would not take cleanly. Null when the field's kind is
 * not one the fast path knows (the whole layout then goes to the detailed path).
 */
const fieldCode = (f: Schema.FieldSpec, i: number): string | null => {
  const r = f.refinement
  const keep = `a${i} = a; b${i} = b;`
  if (f.type === 'D') {
    // the detailed path checks a real date whatever the refinement
    // digits read once, the date's parts as small integers (no divisions), the cache slot beside its
    // value; a value the date cache holds needs no calendar check (the cache holds only dates that
    // passed it, and the value, eight digits, is the date itself)
    const digits = Array.from({ length: 8 }, (_, j) => `d${j} = u[a + ${j}] - 48;`).join(' ')
    const bad = Array.from({ length: 8 }, (_, j) => `d${j} >>> 0 > 9`).join(' || ')
    return `if (a + 8 > len) return at; ${digits} if (${bad}) return at; ` +
      `y = d0 * 1000 + d1 * 100 + d2 * 10 + d3; m = d4 * 10 + d5; n = d6 * 10 + d7; ` +
      `v${i} = (y * 100 + m) * 100 + n; k${i} = ((y * 12 + m) * 31 + n) & ${DATE_SLOTS - 1}; ` +
      `if (dateKeys[k${i}] !== v${i} && (m < 1 || m > 12 || n < 1 || n > daysInMonth(y, m))) return at; b = a + 8; a${i} = a;`
  }
  if (f.type === 'N') {
    const lo = Math.max(1, f.minLength)
    const hi = f.maxLength
    const scan = `b = a; while (b < len && (u[b] - 48) >>> 0 <= 9) b++; n = b - a;`
    switch (r._tag) {
      case 'none':
        return `${scan} if (n < ${lo} || n > ${hi}) return at; ${keep}`
      case 'count':
        return `${scan} if (n < ${lo} || n > ${hi} || (n > 1 && u[a] === 48)) return at; ${keep}`
      case 'mprn':
        // the check summed while scanning: Σ bᵢ·(L−i) is the sum of the first L prefix sums, so the
        // sum of prefix sums two digits back is the body's (L = n − 2)
        return `b = a; p = 0; q = 0; q1 = 0; q2 = 0; ` +
          `while (b < len) { c = u[b] - 48; if (c >>> 0 > 9) break; q2 = q1; q1 = q; p += c; q += p; b++; } n = b - a; ` +
          `if (n < ${Math.max(lo, 6)} || n > ${Math.min(hi, 10)} || q2 % 11 !== (u[b - 2] - 48) * 10 + u[b - 1] - 48) return at; ${keep}`
      case 'timeOfDay':
        return `${scan} if (n !== 6 || ${lo} > 6 || ${hi} < 6 || !timeAt(u, a)) return at; ${keep}`
      default:
        return null
    }
  }
  // quoted text: fixed width when the refinement says so, else up to the closing quote
  const candidates = r._tag === 'constant' ? [r.value] : r._tag === 'oneOf' ? r.values.filter(plain) : r._tag === 'flag' ? ['A'] : null
  if (r._tag === 'constant' && !plain(r.value)) return null
  const width = candidates !== null
    ? (candidates.every((v) => v.length === candidates[0]?.length) ? candidates[0]?.length ?? -1 : -1)
    : f.minLength === f.maxLength ? f.maxLength : -1
  const bounds = width >= 0
    ? `if (a + ${width + 2} > len || u[a] !== ${QUOTE} || u[a + ${width + 1}] !== ${QUOTE}) return at; b = a + ${width + 2}; n = ${width};`
    : `if (a >= len || u[a] !== ${QUOTE}) return at; b = a + 1; while (b < len && u[b] !== ${QUOTE}) b++; if (b >= len) return at; n = b - a - 1; b++;`
  // content bytes at a + 1 .. a + n
  switch (r._tag) {
    case 'flag':
      return `${bounds} c = u[a + 1]; v${i} = c === 65 ? 'A' : c === 78 ? 'N' : c === 73 ? 'I' : legacy && c === 83 ? 'S' : legacy && c === 87 ? 'W' : ''; if (v${i} === '') return at;`
    case 'constant':
    case 'oneOf': {
      if (candidates === null || candidates.length === 0) return null
      const tests = candidates.map((v) => `${width >= 0 ? '' : `n === ${v.length} && `}${spells(v, 1)} ? ${JSON.stringify(v)}`)
      return `${bounds} v${i} = ${tests.join(' : ')} : null; if (v${i} === null) return at;`
    }
    case 'letters':
      return `${bounds} if (n < ${f.minLength} || n > ${f.maxLength}) return at; for (j = a + 1; j <= a + n; j++) if (((u[j] | 32) - 97) >>> 0 > 25) return at; ${keep}`
    case 'none':
      return `${bounds} if (n < ${f.minLength} || n > ${f.maxLength}) return at; for (j = a + 1; j <= a + n; j++) { c = u[j]; if (c < 32 || c > 126 || c === ${QUOTE} || c === ${COMMA}) return at; } ${keep}`
    default:
      return null
  }
}

/** The code of field `i`'s value, once the whole record is known clean; null when the value keeps nothing. */
const valueCode = (f: Schema.FieldSpec, i: number): string | null => {
  if (f.holds === 'constant') return null
  const r = f.refinement
  if (f.type === 'D') {
    if (f.holds === 'number') return `v${i}`
    return `(dateKeys[k${i}] === v${i} ? dateValues[k${i}] : (dateKeys[k${i}] = v${i}, dateValues[k${i}] = s.slice(a${i}, a${i} + 8)))`
  }
  if (f.type === 'T' && (r._tag === 'flag' || r._tag === 'constant' || r._tag === 'oneOf')) return f.holds === 'number' ? `+v${i}` : `v${i}`
  const slice = f.type === 'T' ? `s.slice(a${i} + 1, b${i} - 1)` : `s.slice(a${i}, b${i})`
  if (f.holds === 'string') return slice
  // a number from bare digits (at most 15 are exact): read them without slicing
  return f.type === 'N' && f.maxLength <= 15 ? `num(u, a${i}, b${i})` : `+${slice}`
}

/** The source of a layout's reader, or null when a field is of a kind the fast path does not know. */
const source = (spec: Schema.RecordSpec): string | null => {
  const fields = spec.fields
  // `__proto__` in an object literal would set the prototype, not a key
  if (fields.some((f) => f.name === '__proto__')) return null
  const body: string[] = []
  for (let i = 0; i < fields.length; i++) {
    const code = fieldCode(fields[i]!, i)
    if (code === null) return null
    body.push(`// field ${i + 1}`, code)
    body.push(i < fields.length - 1
      ? `if (b >= len || u[b] !== ${COMMA}) return at; a = b + 1;`
      : `if (crlf) { if (b >= len || u[b] !== 13) return at; b++; } if (b >= len || u[b] !== 10) return at;`)
  }
  const values = fields.flatMap((f, i) => {
    const v = valueCode(f, i)
    return v === null ? [] : [`${JSON.stringify(f.name)}: ${v}`]
  })
  const locals = fields.map((f, i) => `a${i} = 0, b${i} = 0, k${i} = 0, v${i} = ${f.type === 'D' ? '0' : "''"}`).join(', ')
  // Nothing follows the loop but returns: code after a hot loop has no type feedback when the loop
  // is optimised, and would deoptimise it on every exit. Nothing that needs feedback precedes it
  // either: the first call runs before the reader has a feedback vector (it gets one during the
  // loop), so the length read before the loop would have none in the optimised reader, and
  // deoptimise the next call; read in the loop, it costs one load per record.
  return `
const num = (u, a, b) => { let x = 0; for (let j = a; j < b; j++) x = x * 10 + u[j] - 48; return x }
return function read(u, s, at, crlf, legacy, out, dateKeys, dateValues) {
  let len = 0, a = 0, b = 0, n = 0, c = 0, j = 0, y = 0, m = 0, p = 0, q = 0, q1 = 0, q2 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0, ${locals}
  for (;;) {
    len = u.length
    a = at
    ${body.join('\n    ')}
    out.push({ ${values.join(', ')} })
    at = b + 1
  }
}`
}

const compiled = new WeakMap<Schema.RecordSpec, BodyReader | null>()

/**
 * The reader of a body record layout, compiled on first use and kept for the layout (so its
 * optimised code lives as long as the layout does); null when the layout holds a field kind the
 * fast path does not know, or when the platform forbids generating code: the detailed path then
 * reads every record, with the same result.
 *
 * @example
 * compile(Schema.E46) !== null // true
 * @since 0.1.0
 * @category constructors
 */
export const compile = (spec: Schema.RecordSpec): BodyReader | null => {
  const known = compiled.get(spec)
  if (known !== undefined) return known
  const code = source(spec)
  let reader: BodyReader | null = null
  if (code !== null) {
    try {
      const make = new Function('h', `const { daysInMonth, timeAt } = h\n${code}`) as (h: typeof HELPERS) => BodyReader
      reader = make(HELPERS)
    } catch {
      // code generation disallowed (a content security policy): the detailed path reads everything
      reader = null
    }
  }
  compiled.set(spec, reader)
  return reader
}

const writers = new WeakMap<Schema.RecordSpec, ((v: object) => string) | null>()

/**
 * The line writer of a record layout (no line end), compiled on first use into one string
 * concatenation with the layout's names and quotes in place; null when the platform forbids
 * generating code (the caller then writes field by field, with the same text). Field 1 is the
 * transaction type; every other field writes its value, quoted for text fields.
 *
 * @example
 * compileWriter(Schema.E45)?.({ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }) // '"E45",3938424403,"A",20211104'
 * @since 0.1.0
 * @category constructors
 */
export const compileWriter = (spec: Schema.RecordSpec): ((v: object) => string) | null => {
  const known = writers.get(spec)
  if (known !== undefined) return known
  const first = spec.fields[0]!
  const prefix = `"${first.refinement._tag === 'constant' ? first.refinement.value : spec.transactionType}"`
  const parts = [JSON.stringify(prefix)]
  for (const f of spec.fields.slice(1)) {
    const x = `v[${JSON.stringify(f.name)}]`
    parts.push(f.type === 'T' ? `',"' + ${x} + '"'` : `',' + ${x}`)
  }
  let writer: ((v: object) => string) | null = null
  try {
    writer = new Function(`return function write(v) { return ${parts.join(' + ')} }`)() as (v: object) => string
  } catch {
    writer = null
  }
  writers.set(spec, writer)
  return writer
}
