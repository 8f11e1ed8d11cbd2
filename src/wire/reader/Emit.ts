/**
 * The one generator of body readers, for both file engines: a {@link Program.Program} in, the source
 * of its reader out — as a TypeScript module (what `npm run gen:readers` checks in under
 * `src/wire/generated/`) or as a JavaScript function body (what `Compile` turns into a function, for
 * a layout a user supplies and opts in to compile).
 *
 * The code holds no rule of its own: each field's check is a call to the one function that states
 * the rule (listed in `reader/Rules`: `Mprn.endAt`, `CalendarDate.dateAt`, `Items.countAt`, …),
 * which V8 inlines; the MPAN check digit alone is written out, from `MpanCore.WEIGHTS` and
 * `MpanCore.checkDigitOfSum`.
 * What the generated code adds is framing (where a field starts and ends), the comparison of bytes
 * with a layout's constants, and building the record as one object literal (every record of a kind
 * then has the same shape).
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import { MpanCore } from '../../identifiers'
import * as Rules from './Rules'
import { DEPTH, FLOWS, LINES, keyOf, type Check, type FieldProgram, type Program, type RecordProgram } from './Program'

/**
 * The functions a reader calls, by the name the generated code uses: those of `reader/Rules`
 * (the generated modules import them from there; the compiler passes them in).
 *
 * @example
 * helpers.map((h) => h.name).includes('mprnEndAt') // true
 * @since 0.2.0
 * @category constants
 */
export const helpers: ReadonlyArray<{ readonly name: string; readonly fn: unknown }> = Object.entries(Rules)
  // by name: a module namespace's key order differs between loaders, and generated files must not
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([name, fn]) => ({ name, fn }))

const QUOTE = 34
const CR = 13
const LF = 10

/** How the code is written: TypeScript asserts that byte reads are numbers (`u[i]!`); JavaScript does not. */
interface Dialect {
  readonly ts: boolean
}

/** An element read whose value is used as a number (or a string): asserted present in TypeScript. */
const read = (d: Dialect, array: string, at: string): string => (d.ts ? `${array}[${at}]!` : `${array}[${at}]`)

const byte = (d: Dialect, at: string): string => read(d, 'u', at)

/** An MPAN core's digits: the weighted twelve and the check digit. */
const MPAN_DIGITS = MpanCore.WEIGHTS.length + 1

/** The fixed width of a field's content, when its check fixes one; else -1. */
const widthOf = (c: Check): number => {
  switch (c._tag) {
    case 'mpanCore':
      return MPAN_DIGITS
    case 'date':
      return 8
    case 'timestamp':
      return 14
    case 'timeOfDay':
      return 6
    case 'flag':
      return 1
    case 'oneOf': {
      const w = c.values[0]?.length ?? -1
      return c.values.every((v) => v.length === w) ? w : -1
    }
    case 'chars':
      return c.min === c.max && Number.isSafeInteger(c.min) ? c.min : -1
    default:
      return -1
  }
}

/** Whether the content is digits only (scanned as digits, not up to the next delimiter). */
const digitsOnly = (c: Check): boolean => c._tag === 'count' || c._tag === 'digits'

/** A number as JavaScript reads it back (lengths may be `Infinity`). */
const num = (n: number): string => (n === Number.POSITIVE_INFINITY ? 'Infinity' : String(n))

/**
 * The code checking the content `u[a${i}, b${i})` of field `i` (its length in `n`), `return at` when
 * it fails; leaves a date's value in `t${i}` and its cache slot in `k${i}`, a matched constant in `v${i}`.
 */
const checkCode = (d: Dialect, c: Check, i: number): string => {
  const a = `a${i}`
  const b = `b${i}`
  switch (c._tag) {
    case 'mpanCore': {
      // unrolled (a call would not be inlined: the reader's inlining budget is spent), emitted from
      // the rule's one definition (its weights, its sum's check digit); a property checks the
      // readers against the detailed path, which calls MpanCore.checkDigitAt
      const digits = Array.from({ length: MPAN_DIGITS }, (_, j) => `d${j} = ${byte(d, `${a} + ${j}`)} - 48;`).join(' ')
      const bad = Array.from({ length: MPAN_DIGITS }, (_, j) => `d${j} >>> 0 > 9`).join(' || ')
      const sum = MpanCore.WEIGHTS.map((w, j) => `${w} * d${j}`).join(' + ')
      return `${digits} if (${bad} || d${MPAN_DIGITS - 1} !== mpanCheckOfSum(${sum})) return at;`
    }
    case 'mprn':
      // read by Mprn.endAt already (see fieldCode, quoted or not): only the field's own bounds are left
      return `if (n < ${num(c.min)} || n > ${num(c.max)}) return at;`
    case 'date':
      // the date cache holds only dates that passed the rule: a value found there needs no check
      return `t${i} = eightDigitsAt(u, ${a}); if (t${i} < 0) return at; k${i} = dateSlot(t${i}); ` +
        `if (dateKeys[k${i}] !== t${i} && dateAt(u, ${a}) < 0) return at;`
    case 'timestamp':
      return `if (!timestampAt(u, ${a})) return at;`
    case 'timeOfDay':
      return `if (!timeOfDayAt(u, ${a})) return at;`
    case 'count':
      return `if (n < ${num(c.min)} || n > ${num(c.max)} || countAt(u, ${a}, ${b}) !== 0) return at;`
    case 'digits':
      return `if (n < ${num(c.min)} || n > ${num(c.max)}) return at;`
    case 'flag':
      return `v${i} = flagOf(${byte(d, a)}, legacy); if (v${i} === null) return at;`
    case 'oneOf': {
      const fixed = widthOf(c) >= 0
      const tests = c.values.map((v) => {
        const bytes = Array.from(v, (ch, j) => `u[${a} + ${j}] === ${ch.charCodeAt(0)}`)
        const all = [...(fixed ? [] : [`n === ${v.length}`]), ...bytes]
        return `${all.length === 0 ? 'true' : all.join(' && ')} ? ${JSON.stringify(v)}`
      })
      return `v${i} = ${[...tests, 'null'].join(' : ')}; if (v${i} === null) return at;`
    }
    case 'chars': {
      const bounds = widthOf(c) >= 0 ? '' : `n < ${num(c.min)} || n > ${num(c.max)} || `
      return `if (${bounds}!allAdmitted(u, ${a}, ${b}, ${c.cls})) return at;`
    }
    case 'never':
      return 'return at;'
  }
}

/**
 * The code reading field `i` from `a` (the field's first byte, known to be in bounds): leaves its
 * content's bounds in `a${i}`/`b${i}` and `a` on the byte after the field (its delimiter checked and
 * passed), `return at` on anything the detailed path would not take cleanly.
 */
const fieldCode = (d: Dialect, f: FieldProgram, i: number): string => {
  const c = f.check
  const w = widthOf(c)
  const out: string[] = []
  if (f.quoted) {
    out.push(`if (u[a] !== ${QUOTE}) return at; a${i} = a + 1;`)
    if (w >= 0) out.push(`b${i} = a${i} + ${w}; if (b${i} >= len || u[b${i}] !== ${QUOTE}) return at;`)
    else out.push(`b${i} = a${i}; while (b${i} < len && u[b${i}] !== ${QUOTE}) b${i}++; if (b${i} >= len) return at;`)
    out.push(`b = b${i} + 1;`)
    // a quoted MPRN (no built-in layout has one) is checked by the same rule, within its quotes
    if (c._tag === 'mprn') out.push(`if (mprnEndAt(u, a${i}, b${i}) !== b${i}) return at;`)
  } else {
    out.push(`a${i} = a;`)
    if (w >= 0) out.push(`b${i} = a + ${w}; if (b${i} > len) return at;`)
    // the rule reads the run of digits itself, checking as it goes: one pass
    else if (c._tag === 'mprn') out.push(`b${i} = mprnEndAt(u, a, len); if (b${i} < 0) return at;`)
    else if (digitsOnly(c)) out.push(`b${i} = a; while (b${i} < len && (${byte(d, `b${i}`)} - 48) >>> 0 <= 9) b${i}++;`)
    else if (f.after !== null) out.push(`b${i} = a; while (b${i} < len && u[b${i}] !== ${f.after}) b${i}++;`)
    else out.push(`b${i} = a; while (b${i} < len && u[b${i}] !== ${LF} && u[b${i}] !== ${CR}) b${i}++;`)
    out.push(`b = b${i};`)
  }
  out.push(`n = b${i} - a${i};`, checkCode(d, c, i))
  // the delimiter: the next field starts past it; the line end is checked once the fields are read
  if (f.after !== null) out.push(`if (b >= len || u[b] !== ${f.after}) return at; a = b + 1;`)
  else out.push('a = b;')
  return out.join(' ')
}

/** The code of field `i`'s value, once the whole record is known clean. */
const valueCode = (d: Dialect, f: FieldProgram, i: number): string => {
  let v: string
  switch (f.value) {
    case 'date':
      v = `(dateKeys[k${i}] === t${i} ? ${read(d, 'dateValues', `k${i}`)} : (dateKeys[k${i}] = t${i}, dateValues[k${i}] = s.slice(a${i}, b${i})))`
      break
    case 'literal':
      v = d.ts ? `v${i}!` : `v${i}`
      break
    case 'number':
      v = `numberAt(u, a${i}, b${i})`
      break
    default:
      v = `s.slice(a${i}, b${i})`
  }
  return f.empty ? `(e${i} ? '' : ${v})` : v
}

/** The block reading one record kind at `at` (its prefix already matched). */
const recordCode = (d: Dialect, r: RecordProgram, nested: boolean): string => {
  if (r.never) return 'return at;'
  const body: string[] = [`a = at + ${r.prefix.length};`]
  r.fields.forEach((f, i) => {
    // every read stays in bounds (past the end would read undefined and slow the optimised code)
    body.push(`// field ${i + 1}: ${JSON.stringify(f.name)}`, 'if (a >= len) return at;')
    const code = fieldCode(d, f, i)
    if (f.empty && f.after !== null) body.push(`if (u[a] === ${f.after}) { e${i} = true; a${i} = a; b${i} = a; a++; } else { e${i} = false; ${code} }`)
    else body.push(code)
  })
  body.push(`if (crlf) { if (a >= len || u[a] !== ${CR}) return at; a++; } if (a >= len || u[a] !== ${LF}) return at;`)
  const id = JSON.stringify(r.id)
  // without groups to keep, only the lines are counted
  if (nested) {
    if (r.level === 1) body.push(`counts[${FLOWS}] = ${read(d, 'counts', String(FLOWS))} + 1; open[0] = ${id}; counts[${DEPTH}] = 1;`)
    else {
      body.push(`if (${read(d, 'counts', String(DEPTH))} < ${r.level - 1} || open[${r.level - 2}] !== ${JSON.stringify(r.parent)}) return at;`,
        `open[${r.level - 1}] = ${id}; counts[${DEPTH}] = ${r.level};`)
    }
  }
  body.push(`counts[${LINES}] = ${read(d, 'counts', String(LINES))} + 1;`)
  if (r.build._tag === 'shape') {
    body.push(`out.push({ ${r.build.keys.map(([key, i]) => `${JSON.stringify(key)}: ${valueCode(d, r.fields[i]!, i)}`).join(', ')} });`)
  } else {
    body.push(`if (items.length !== ${r.fields.length}) items.length = ${r.fields.length};`)
    r.fields.forEach((f, i) => body.push(`items[${i}] = ${valueCode(d, f, i)};`))
    body.push(`out.push(record(specs[${r.index}]${d.ts ? ' as never' : ''}, items));`)
  }
  body.push('at = a + 1;', 'continue;')
  return body.join('\n      ')
}

/** The test that the line at `at` starts with `prefix`. */
const prefixTest = (prefix: string): string =>
  [`at + ${prefix.length} < len`, ...Array.from(prefix, (ch, j) => `u[at${j === 0 ? '' : ` + ${j}`}] === ${ch.charCodeAt(0)}`)].join(' && ')

/** The reader function's source (a `function` expression named `read`). */
const readerFunction = (d: Dialect, p: Program): string => {
  const most = Math.max(0, ...p.records.map((r) => r.fields.length))
  const locals = Array.from({ length: most }, (_, i) => `a${i} = 0, b${i} = 0, k${i} = 0, t${i} = 0`).join(', ')
  const values = Array.from({ length: most }, (_, i) => (d.ts ? `v${i}: string | null = null` : `v${i} = null`)).join(', ')
  const flags = Array.from({ length: most }, (_, i) => `e${i} = false`).join(', ')
  const digits = p.records.some((r) => r.fields.some((f) => f.check._tag === 'mpanCore')) ? Array.from({ length: MPAN_DIGITS }, (_, j) => `d${j} = 0`).join(', ') : ''
  const blocks = p.records.map((r) => `if (${prefixTest(r.prefix)}) {\n      ${recordCode(d, r, p.nested)}\n    }`)
  const params = 'u, s, at, len, max, crlf, legacy, out, counts, open, items, record, specs, dateKeys, dateValues'
  // Nothing follows the loop but returns: code after a hot loop has no type feedback when the loop
  // is optimised, and would deoptimise it on every exit. Nothing precedes it either: the first call
  // runs before the reader has a feedback vector, so code before the loop would have none in the
  // optimised reader, and deoptimise the next call.
  return `function read(${params}) {
  let a = 0, b = 0, n = 0${locals === '' ? '' : `, ${locals}`}${flags === '' ? '' : `, ${flags}`}${digits === '' ? '' : `, ${digits}`}
  ${values === '' ? '' : `let ${values}`}
  for (;;) {
    if (out.length >= max || at >= len) return at
    ${blocks.join('\n    ')}
    return at
  }
}`
}

/**
 * The body of a JavaScript function that, given the helpers (`h`, by {@link helpers} name), returns
 * the program's reader: what `Compile` hands to `new Function('h', …)`.
 *
 * @example
 * javaScript({ records: [], nested: false }).includes('function read') // true
 * @since 0.2.0
 * @category emitters
 */
export const javaScript = (p: Program): string =>
  `const { ${helpers.map((h) => h.name).join(', ')} } = h\nreturn ${readerFunction({ ts: false }, p)}`

/**
 * A checked-in module's source: the program's reader as TypeScript, with its key, imports and
 * documentation. `from` names the layout in the header comment.
 *
 * @example
 * typeScript({ records: [], nested: false }, 'an empty layout').startsWith('/**') // true
 * @since 0.2.0
 * @category emitters
 */
export const typeScript = (p: Program, from: string): string => {
  const fn = readerFunction({ ts: true }, p)
  return `/**
 * GENERATED by \`npm run gen:readers\` (scripts/gen-readers.ts): do not edit. A test regenerates
 * it and fails when this file is stale.
 *
 * Layout: ${from}.
 *
 * The body reader of that layout, as \`reader/Emit\` writes it: each field's check calls the
 * function stating its rule (see \`reader/Rules\`).
 *
 * Internal to the codecs: not exported from the package root.
 *
 * @internal
 * @since 0.2.0
 */
import { ${helpers.map((h) => h.name).join(', ')} } from '../reader/Rules'
import type { BodyReader } from '../reader/Program'

/**
 * The key of the program this reader was generated from (\`Program.keyOf\`).
 *
 * @example
 * key.startsWith('{') // true
 * @since 0.2.0
 * @category constants
 */
export const key = ${JSON.stringify(keyOf(p))}

/**
 * The reader.
 *
 * @example
 * read(new Uint8Array(0), '', 0, 0, 1, false, false, [], new Float64Array(3), [], [], () => null, [], new Int32Array(0), []) // 0
 * @since 0.2.0
 * @category readers
 */
export const read: BodyReader = ${fn}
`
}
