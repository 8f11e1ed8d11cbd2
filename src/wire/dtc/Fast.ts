/**
 * The compiled fast path of the DTC engine: a flow's body groups ({@link Schema.GroupSpec}) compiled,
 * once per schema (and record shape), into a reader that takes clean records straight from a chunk's
 * bytes. The schema stays data: the reader's code is generated from it, built only from numbers and
 * escaped names (each item's check unrolled in place, each record built as one object literal with
 * all its keys when the mapping declares its shape), and only accepts what the detailed path in
 * `Dtc.ts` would accept without a diagnostic. Anything else — an unknown group, a group out of
 * place, a bad item, a foreign line end, a byte outside printable ASCII, a partial line — stops the
 * reader, and the detailed path reads (and reports) that line.
 *
 * Internal to the DTC engine: not exported from the package root.
 *
 * @internal
 * @since 0.1.0
 */
import * as DateCache from '../DateCache'
import { daysInMonth } from '../../identifiers/CalendarDate'
import type * as Schema from './Schema'

/**
 * Index in a reader's {@link Counts} of the body lines read.
 *
 * @example
 * const counts = emptyCounts()
 * counts[LINES] // 0
 * @since 0.1.0
 * @category constants
 */
export const LINES = 0
/**
 * Index in a reader's {@link Counts} of the flows (level-1 groups) read.
 *
 * @example
 * emptyCounts()[FLOWS] // 0
 * @since 0.1.0
 * @category constants
 */
export const FLOWS = 1
/**
 * Index in a reader's {@link Counts} of the depth of the open groups (how many ids of `open` are current).
 *
 * @example
 * emptyCounts()[DEPTH] // 0
 * @since 0.1.0
 * @category constants
 */
export const DEPTH = 2

/**
 * The engine's counters the reader keeps up to date ({@link LINES}, {@link FLOWS}, {@link DEPTH}).
 * A typed array, not an object: the reader's optimised code checks the hidden class of every
 * object it touches, and a typed array's lives as long as the program, while a plain object's dies
 * with the last decoder holding one; the garbage collector then throws the reader's optimised code
 * away, and the next decode starts in the interpreter (measured: 2-3 times slower that run).
 *
 * @example
 * const counts: Counts = emptyCounts()
 * @since 0.1.0
 * @category model
 */
export type Counts = Float64Array

/**
 * Counters at zero.
 *
 * @example
 * emptyCounts()[DEPTH] // 0
 * @since 0.1.0
 * @category constructors
 */
export const emptyCounts = (): Counts => new Float64Array(3)

/**
 * How a record is built from a group's items: a plain object whose keys, in order, hold the items
 * at the given indexes; or null when the mapping's own `record` must build it (from the scratch items).
 *
 * @example
 * const s: Shape = [['mpanCore', 0], ['flag', 1], ['effectiveFrom', 2]]
 * @since 0.1.0
 * @category model
 */
export type Shape = ReadonlyArray<readonly [key: string, item: number]> | null

/**
 * A compiled body reader: reads clean records from `u` (the chunk's bytes, read up to `end`; `s` is
 * their latin1 text, same offsets) starting at `at`, each ending with the file's line end (`crlf`),
 * pushing them on `out` until it holds `max`; returns the offset reached (just past the last record
 * read; `at` when none). It keeps the engine's `counts` and `open` (ids of the open groups by level, index level - 1)
 * up to date. `items` is the scratch array handed to `record` (with `specs`) for groups without a
 * shape; `dateKeys`/`dateValues` are the caller's date string cache ({@link DATE_SLOTS} slots each).
 *
 * @example
 * const read = compile(D0350.layout.groups, [[['mpanCore', 0], ['flag', 1], ['effectiveFrom', 2]]])!
 * read(bytes, text, 0, bytes.length, Infinity, false, false, out, emptyCounts(), [], [], mapping.record, D0350.layout.groups, keys, values) // offset past the clean records
 * @since 0.1.0
 * @category model
 */
export type BodyReader = (
  u: Uint8Array,
  s: string,
  at: number,
  end: number,
  max: number,
  crlf: boolean,
  legacy: boolean,
  out: unknown[],
  counts: Counts,
  open: string[],
  items: string[],
  record: (group: Schema.GroupSpec, items: ReadonlyArray<string>) => unknown,
  specs: ReadonlyArray<Schema.GroupSpec>,
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

const BAR = 124
/** Largest count read as a number without losing digits (as the detailed path). */
const MAX_COUNT_DIGITS = 15

const HELPERS = { daysInMonth }

/** A constant the fast path can spell: printable ASCII without `|`. */
const spellable = (v: string): boolean => /^[\x20-\x7b\x7d\x7e]*$/.test(v)

/** Byte comparisons spelling `v` at `a + offset`, joined with `&&` (`true` for the empty string). */
const spells = (v: string, offset: number): string =>
  v.length === 0 ? 'true' : Array.from(v, (c, j) => `u[a + ${offset + j}] === ${c.charCodeAt(0)}`).join(' && ')

/** A length bound the generated code can hold: a number, written as JavaScript reads it back. */
const bound = (n: unknown): string | null => typeof n === 'number' && !Number.isNaN(n) ? String(n) : null

/**
 * The check of a real `YYYYMMDD` at `a`, leaving its value in `v` and its cache slot in `k`. With
 * `cached`, a value the date cache holds needs no calendar check: the cache holds only dates that
 * passed it (and the value, eight digits, is the date itself).
 */
const dateCode = (v: string, k: string, cached: boolean): string => {
  const digits = Array.from({ length: 8 }, (_, j) => `d${j} = u[a + ${j}] - 48;`).join(' ')
  const bad = Array.from({ length: 8 }, (_, j) => `d${j} >>> 0 > 9`).join(' || ')
  const calendar = `m < 1 || m > 12 || n < 1 || n > daysInMonth(y, m)`
  return `${digits} if (${bad}) return at; ` +
    `y = d0 * 1000 + d1 * 100 + d2 * 10 + d3; m = d4 * 10 + d5; n = d6 * 10 + d7; ` +
    `${v} = (y * 100 + m) * 100 + n; ${k} = ((y * 12 + m) * 31 + n) & ${DATE_SLOTS - 1}; ` +
    `if (${cached ? `dateKeys[${k}] !== ${v} && (${calendar})` : calendar}) return at;`
}

/** The class test of byte `c` (printable ASCII without `|` at least), as an expression true when it fails. */
const classFails = (cls: Schema.CharClass): string => {
  const digit = '(c - 48) >>> 0 > 9'
  const upper = '(c - 65) >>> 0 > 25'
  const lower = '(c - 97) >>> 0 > 25'
  switch (cls) {
    case 'digit':
      return digit
    case 'upperAlphanumeric':
      return `(${digit} && ${upper})`
    case 'alphanumeric':
      return `(${digit} && ${upper} && ${lower})`
    default:
      // printable and any: the fast path takes printable ASCII only (the framer reports other bytes)
      return `(c < 32 || c > 126 || c === ${BAR})`
  }
}

/**
 * The code reading non-empty item `i` starting at `a` (not a `|`): leaves `b` at the `|` ending it and
 * what the value needs in `a${i}`/`b${i}` (bounds), `v${i}` (a value found) or `k${i}` (a date's cache
 * slot); `return at` on anything the detailed path would not take cleanly. Null when no non-empty
 * value is ever clean (a constant the fast path cannot spell).
 */
const itemCode = (k: Schema.ItemKind, i: number): string | null => {
  const fixed = (w: number) => `b = a + ${w}; if (b >= len || u[b] !== ${BAR}) return at;`
  const keep = `a${i} = a; b${i} = b;`
  switch (k._tag) {
    case 'mpanCore': {
      const digits = Array.from({ length: 13 }, (_, j) => `d${j} = u[a + ${j}] - 48;`).join(' ')
      const bad = Array.from({ length: 12 }, (_, j) => `d${j} >>> 0 > 9`).join(' || ')
      const weights = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]
      const sum = weights.map((w, j) => `${w} * d${j}`).join(' + ')
      return `${fixed(13)} ${digits} if (${bad} || d12 !== ((${sum}) % 11) % 10) return at; ${keep}`
    }
    case 'flag':
      return `${fixed(1)} c = u[a]; v${i} = c === 65 ? 'A' : c === 78 ? 'N' : c === 73 ? 'I' : legacy && c === 83 ? 'S' : legacy && c === 87 ? 'W' : ''; if (v${i} === '') return at;`
    case 'date':
      return `${fixed(8)} ${dateCode(`t${i}`, `k${i}`, true)} ${keep}`
    case 'timestamp':
      return `${fixed(14)} ${dateCode('x', 'j', false)} ` +
        `for (j = a + 8; j < a + 14; j++) if ((u[j] - 48) >>> 0 > 9) return at; ` +
        `if ((u[a + 8] - 48) * 10 + u[a + 9] - 48 > 23 || u[a + 10] > 53 || u[a + 12] > 53) return at; ${keep}`
    case 'count':
      return `b = a; while (b < len && (u[b] - 48) >>> 0 <= 9) b++; ` +
        `if (b >= len || u[b] !== ${BAR} || b === a || b - a > ${MAX_COUNT_DIGITS} || (b - a > 1 && u[a] === 48)) return at; ${keep}`
    case 'constant':
      if (!spellable(k.value)) return null
      return `${fixed(k.value.length)} if (!(${spells(k.value, 0)})) return at; v${i} = ${JSON.stringify(k.value)};`
    case 'text': {
      const lo = bound(k.minLength)
      const hi = bound(k.maxLength)
      // refusing is always safe: the detailed path then reads the line
      if (lo === null || hi === null) return null
      const check = `for (j = a; j < b; j++) { c = u[j]; if (${classFails(k.charClass)}) return at; }`
      if (k.minLength === k.maxLength && Number.isSafeInteger(k.minLength) && k.minLength > 0) return `${fixed(k.minLength)} ${check} ${keep}`
      return `b = a; while (b < len && u[b] !== ${BAR}) b++; if (b >= len) return at; ` +
        `if (b - a < ${lo} || b - a > ${hi}) return at; ${check} ${keep}`
    }
  }
}

/** Whether an empty item is clean: optional, or of a kind that allows it. */
const emptyIsClean = (item: Schema.ItemSpec): boolean =>
  item.optional || (item.kind._tag === 'text' && item.kind.minLength === 0) || (item.kind._tag === 'constant' && item.kind.value.length === 0)

/** The code of item `i`'s value, once the whole record is known clean. */
const valueCode = (k: Schema.ItemKind, i: number): string => {
  switch (k._tag) {
    case 'flag':
    case 'constant':
      return `(e${i} ? '' : v${i})`
    case 'date':
      return `(e${i} ? '' : dateKeys[k${i}] === t${i} ? dateValues[k${i}] : (dateKeys[k${i}] = t${i}, dateValues[k${i}] = s.slice(a${i}, b${i})))`
    default:
      return `(e${i} ? '' : s.slice(a${i}, b${i}))`
  }
}

/** The block reading one group's record at `at` (the group id already matched), or null when it can never be clean. */
const groupCode = (g: Schema.GroupSpec, index: number, shape: Shape): string | null => {
  const body: string[] = ['a = at + 4;']
  for (let i = 0; i < g.items.length; i++) {
    const item = g.items[i]!
    const code = itemCode(item.kind, i)
    const empty = emptyIsClean(item)
    if (code === null && !empty) return null
    const nonEmpty = code ?? 'return at;'
    // every read stays in bounds (past the end would read undefined and slow the optimised code)
    body.push(`// item ${i + 1}: ${JSON.stringify(item.name)}`, `if (a >= len) return at;`)
    if (empty) body.push(`if (u[a] === ${BAR}) { e${i} = true; b = a; } else { e${i} = false; ${nonEmpty} }`)
    else body.push(`if (u[a] === ${BAR}) return at; e${i} = false; ${nonEmpty}`)
    body.push('a = b + 1;')
  }
  body.push(`if (crlf) { if (a >= len || u[a] !== 13) return at; a++; } if (a >= len || u[a] !== 10) return at;`)
  if (typeof g.level !== 'number') return null
  if (g.level === 1) body.push(`counts[${FLOWS}]++; open[0] = ${JSON.stringify(g.id)}; counts[${DEPTH}] = 1;`)
  else {
    body.push(`if (counts[${DEPTH}] < ${g.level - 1} || open[${g.level - 2}] !== ${JSON.stringify(g.parent)}) return at;`,
      `open[${g.level - 1}] = ${JSON.stringify(g.id)}; counts[${DEPTH}] = ${g.level};`)
  }
  body.push(`counts[${LINES}]++;`)
  if (shape !== null) {
    const values = shape.map(([key, i]) => `${JSON.stringify(key)}: ${valueCode(g.items[i]!.kind, i)}`)
    body.push(`out.push({ ${values.join(', ')} });`)
  } else {
    body.push(`if (items.length !== ${g.items.length}) items.length = ${g.items.length};`)
    g.items.forEach((item, i) => body.push(`items[${i}] = ${valueCode(item.kind, i)};`))
    body.push(`out.push(record(specs[${index}], items));`)
  }
  body.push('at = a + 1;', 'continue;')
  return body.join('\n      ')
}

/** The source of a schema's body reader. */
const source = (groups: ReadonlyArray<Schema.GroupSpec>, shapes: ReadonlyArray<Shape>): string => {
  const blocks: string[] = []
  let most = 0
  groups.forEach((g, index) => {
    // the detailed path matches ids of exactly three characters, the header's and trailer's first;
    // outside latin1 no byte matches
    if (typeof g.id !== 'string' || !/^[\x00-\xff]{3}$/.test(g.id)) return
    const id = `c0 === ${g.id.charCodeAt(0)} && c1 === ${g.id.charCodeAt(1)} && c2 === ${g.id.charCodeAt(2)}`
    let shape = shapes[index] ?? null
    // `__proto__` in an object literal would set the prototype, not a key; a shape naming no item is the mapping's to build
    if (shape !== null && shape.some(([key, i]) => key === '__proto__' || typeof key !== 'string' || !Number.isInteger(i) || i < 0 || i >= g.items.length)) shape = null
    const code = g.id === 'ZHV' || g.id === 'ZPT' ? null : groupCode(g, index, shape)
    // a group never clean here still stops the reader (a later group with the same id is not the detailed path's match)
    if (code === null) blocks.push(`if (${id}) return at`)
    else {
      most = Math.max(most, g.items.length)
      blocks.push(`if (${id}) {\n      ${code}\n    }`)
    }
  })
  const locals = Array.from({ length: most }, (_, i) => `a${i} = 0, b${i} = 0, k${i} = 0, t${i} = 0, v${i} = ''`).join(', ')
  const flags = Array.from({ length: most }, (_, i) => `e${i} = false`).join(', ')
  const digits = Array.from({ length: 13 }, (_, j) => `d${j} = 0`).join(', ')
  // Nothing follows the loop but returns: code after a hot loop has no type feedback when the loop
  // is optimised, and would deoptimise it on every exit. Nothing precedes it either (the length
  // comes as an argument): the first call runs before the reader has a feedback vector, so code
  // before the loop would have none in the optimised reader, and deoptimise the next call.
  return `
return function read(u, s, at, len, max, crlf, legacy, out, counts, open, items, record, specs, dateKeys, dateValues) {
  let a = 0, b = 0, n = 0, c = 0, j = 0, x = 0, y = 0, m = 0, c0 = 0, c1 = 0, c2 = 0, ${digits}${locals === '' ? '' : `, ${locals}`}${flags === '' ? '' : `, ${flags}`}
  for (;;) {
    if (at + 4 > len || u[at + 3] !== ${BAR} || out.length >= max) return at
    c0 = u[at]; c1 = u[at + 1]; c2 = u[at + 2]
    ${blocks.join('\n    ')}
    return at
  }
}`
}

const compiled = new WeakMap<ReadonlyArray<Schema.GroupSpec>, Map<string, BodyReader | null>>()

/**
 * The body reader of a flow's groups, given each group's record shape; compiled once per groups
 * and shapes and kept while the groups live (so its optimised code is shared by every decode);
 * null when the platform forbids generating code: the engine's hand-written fast path then reads,
 * with the same result.
 *
 * @example
 * compile(D0350.layout.groups, [null]) !== null // true
 * @since 0.1.0
 * @category constructors
 */
export const compile = (groups: ReadonlyArray<Schema.GroupSpec>, shapes: ReadonlyArray<Shape>): BodyReader | null => {
  let byShape = compiled.get(groups)
  if (byShape === undefined) compiled.set(groups, byShape = new Map())
  const key = JSON.stringify(shapes)
  const known = byShape.get(key)
  if (known !== undefined) return known
  let reader: BodyReader | null = null
  try {
    const make = new Function('h', `const { daysInMonth } = h\n${source(groups, shapes)}`) as (h: typeof HELPERS) => BodyReader
    reader = make(HELPERS)
  } catch {
    // code generation disallowed (a content security policy): the hand-written fast path reads
    reader = null
  }
  byShape.set(key, reader)
  return reader
}
