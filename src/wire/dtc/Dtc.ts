/**
 * The DTC engine: decodes and encodes any flow described by a {@link Schema.FlowSchema}. Lines come
 * from the shared incremental `LineFramer`, so the whole-buffer decoder and the stream decoder run
 * the same code and are chunk-blind by construction.
 *
 * A record is a group id followed by its items, each item followed by `|`:
 * `DSF|1200023305967|A|20211104|`. The engine reports every problem it finds (up to the cap), in
 * file order: a line's framing problems (non-ASCII bytes, mixed line ends) before its item problems.
 *
 * The engine is generic in what it builds: a {@link Mapping} turns a clean line's items into the
 * header, record and trailer values. {@link codec} uses plain arrays; `D0350` builds typed values.
 *
 * @since 0.1.0
 */
import * as DateCache from '../DateCache'
import { either as E } from 'fp-ts'
import * as Diagnostic from '../Diagnostic'
import { LineFramer, PIECE_SIZE, pieces, type Eol, type Line } from '../Lines'
import { fromLatin1 } from '../Bytes'
import type * as FileCodec from '../FileCodec'
import * as CalendarDate from '../../identifiers/CalendarDate'
import * as Flag from '../../identifiers/Flag'
import * as Schema from './Schema'
import * as Fast from './Fast'
import * as ReaderOutput from '../ReaderOutput'

// ---------------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------------

/**
 * Builds values from the items of a clean line. `items` is a scratch array the engine reuses: copy
 * what you keep. It has exactly as many items as the record's spec.
 *
 * @example
 * const m: Mapping<number, string, null> = { header: (items) => items.length, record: (g) => g.id, trailer: () => null }
 * @since 0.1.0
 * @category model
 */
export interface Mapping<H, R, T> {
  readonly header: (items: ReadonlyArray<string>) => H
  readonly record: (group: Schema.GroupSpec, items: ReadonlyArray<string>) => R
  readonly trailer: (items: ReadonlyArray<string>) => T
  /**
   * Optional: the shape of what `record` builds for a group, when it is a plain object whose keys
   * hold items as read (`[key, item index]`, in key order); the compiled fast path then builds it in
   * place. It must describe `record` exactly. Null or absent: `record` builds every record.
   */
  readonly recordShape?: (group: Schema.GroupSpec) => ReadonlyArray<readonly [key: string, item: number]> | null
}

/**
 * Writes values back to line text (without the line end); `isFlow` tells whether a record is a
 * level-1 group, for the trailer's Flow Count.
 *
 * @example
 * const w: Writer<ReadonlyArray<string>, Group, ReadonlyArray<string>> = genericWriter
 * @since 0.1.0
 * @category model
 */
export interface Writer<H, R, T> {
  readonly header: (header: H) => string
  readonly record: (record: R) => string
  readonly trailer: (trailer: T) => string
  readonly isFlow: (record: R) => boolean
}

/**
 * A body record of a generic DTC file: its group id and its items as read.
 *
 * @example
 * const g: Group = { id: 'DSF', items: ['1200023305967', 'A', '20211104'] }
 * @since 0.1.0
 * @category model
 */
export interface Group {
  readonly id: string
  readonly items: ReadonlyArray<string>
}

/**
 * A generic DTC file: header items, body groups, trailer items.
 *
 * @example
 * const f: DtcFile = { header: ['1'], records: [], trailer: ['1'], eol: '\n', finalNewline: true }
 * @since 0.1.0
 * @category model
 */
export type DtcFile = FileCodec.File<ReadonlyArray<string>, Group, ReadonlyArray<string>>

/**
 * What a new file's trailer needs beyond the counts, and its layout.
 *
 * @example
 * const i: TrailerInfo = { completedAt: '20211104120000', eol: '\r\n', finalNewline: false }
 * @since 0.1.0
 * @category model
 */
export interface TrailerInfo {
  /** File Completion Timestamp, `YYYYMMDDHHMMSS`. */
  readonly completedAt: string
  /** Checksum item; empty by default. */
  readonly checksum?: string
  /** Line end; LF by default. */
  readonly eol?: Eol
  /** Whether the last line ends with a line end; true by default. */
  readonly finalNewline?: boolean
}

/**
 * Bytes per encoded chunk (a chunk ends at the first line end past this).
 *
 * @example
 * CHUNK_SIZE // 65536
 * @since 0.1.0
 * @category constants
 */
export const CHUNK_SIZE = 65536

// Whole buffers are framed in pieces (a buffer's text in one string could exceed the engine's string limit).
const PIECE = PIECE_SIZE

// ---------------------------------------------------------------------------------------------
// decoding
// ---------------------------------------------------------------------------------------------

/**
 * Holds the framer's diagnostics until the engine reaches their line, so each line's framing
 * problems are listed just before its item problems whatever the chunking. Keeps at most `max`
 * (the rest would be dropped by the main collector anyway) and counts the others per line.
 */
class LineSink extends Diagnostic.Collector {
  pending: Diagnostic.Diagnostic[] = []
  overflow: Array<{ line: number; count: number; sample: Diagnostic.Diagnostic }> = []
  override add(d: Diagnostic.Diagnostic): void {
    if (this.pending.length < this.max) {
      this.pending.push(d)
      return
    }
    const last = this.overflow[this.overflow.length - 1]
    if (last !== undefined && last.line === d.line) last.count++
    else this.overflow.push({ line: d.line, count: 1, sample: d })
  }
}

const State = { Start: 0, Body: 1, Done: 2 } as const

const describeClass: Record<Schema.CharClass, string> = {
  digit: '[0-9]',
  upperAlphanumeric: '[A-Z0-9]',
  alphanumeric: '[A-Za-z0-9]',
  printable: 'printable ASCII',
  any: 'any characters',
}

const inClass = (s: string, cls: Schema.CharClass): boolean => {
  if (cls === 'any') return true
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) continue
    if (cls === 'digit') return false
    if (c >= 65 && c <= 90) continue
    if (cls === 'upperAlphanumeric') return false
    if (c >= 97 && c <= 122) continue
    if (cls === 'alphanumeric') return false
    if (c < 0x20 || c > 0x7e || c === 124) return false
  }
  return true
}

const MPAN_WEIGHTS = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43, 0]

/** The check digit an MPAN core should have, or -1 when it is not 13 digits: one pass for both (hot path). */
const mpanCheck = (s: string): number => {
  if (s.length !== 13) return -1
  let sum = 0
  for (let i = 0; i < 13; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    sum += d * MPAN_WEIGHTS[i]!
  }
  return (sum % 11) % 10
}

/** Largest count read as a number without losing digits. */
const MAX_COUNT_DIGITS = 15

const isCount = (s: string): boolean => {
  if (s.length === 0 || s.length > MAX_COUNT_DIGITS) return false
  if (s.charCodeAt(0) === 48) return s.length === 1
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

const lengthRange = (min: number, max: number): string =>
  min === max ? `${min}` : max >= Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}–${max}`

const quote = (s: string): string => JSON.stringify(s)

// ---------------------------------------------------------------------------------------------
// the fast path
// ---------------------------------------------------------------------------------------------

// How the fast path reads an item.
const F_TEXT = 0
const F_COUNT = 1
const F_DATE = 2
const F_TIMESTAMP = 3
const F_MPAN = 4
const F_FLAG = 5
const F_CONSTANT = 6
// an item the fast path leaves to the detailed path (a constant the detailed path could never match)
const F_NEVER = 7

const C_DIGIT = 0
const C_UPPER_ALPHANUMERIC = 1
const C_ALPHANUMERIC = 2
// printable and any: the fast path takes printable ASCII only (the framer reports other bytes)
const C_PRINTABLE = 3

const BAR = 124
const LF = 10
const CR = 13

/**
 * A body group compiled for the fast path: each item's reader, its width when fixed (else -1),
 * whether it may be empty, its length bounds and character class (text) or value (constant).
 */
interface FastGroup {
  readonly spec: Schema.GroupSpec
  readonly c0: number
  readonly c1: number
  readonly c2: number
  readonly kinds: Int8Array
  readonly widths: Int32Array
  readonly optional: Uint8Array
  readonly minLengths: Int32Array
  readonly maxLengths: Int32Array
  readonly classes: Int8Array
  readonly constants: ReadonlyArray<string>
}

const fastGroup = (g: Schema.GroupSpec): FastGroup => {
  const n = g.items.length
  const kinds = new Int8Array(n)
  const widths = new Int32Array(n).fill(-1)
  const optional = new Uint8Array(n)
  const minLengths = new Int32Array(n)
  const maxLengths = new Int32Array(n)
  const classes = new Int8Array(n)
  const constants: string[] = new Array<string>(n).fill('')
  g.items.forEach((item, i) => {
    const k = item.kind
    optional[i] = item.optional ? 1 : 0
    switch (k._tag) {
      case 'text':
        kinds[i] = F_TEXT
        minLengths[i] = k.minLength
        maxLengths[i] = Math.min(k.maxLength, 0x7fffffff)
        classes[i] = k.charClass === 'digit' ? C_DIGIT : k.charClass === 'upperAlphanumeric' ? C_UPPER_ALPHANUMERIC
          : k.charClass === 'alphanumeric' ? C_ALPHANUMERIC : C_PRINTABLE
        if (k.minLength === k.maxLength && k.minLength > 0) widths[i] = k.minLength
        break
      case 'count':
        kinds[i] = F_COUNT
        break
      case 'date':
        kinds[i] = F_DATE
        widths[i] = 8
        break
      case 'timestamp':
        kinds[i] = F_TIMESTAMP
        widths[i] = 14
        break
      case 'mpanCore':
        kinds[i] = F_MPAN
        widths[i] = 13
        break
      case 'flag':
        kinds[i] = F_FLAG
        widths[i] = 1
        break
      case 'constant':
        kinds[i] = /^[\x20-\x7b\x7d\x7e]*$/.test(k.value) ? F_CONSTANT : F_NEVER
        constants[i] = k.value
        widths[i] = k.value.length
        break
    }
  })
  return { spec: g, c0: g.id.charCodeAt(0), c1: g.id.charCodeAt(1), c2: g.id.charCodeAt(2), kinds, widths, optional, minLengths, maxLengths, classes, constants }
}

/** True when the bytes `u[a, b)` are all digits. */
const digitsIn = (u: Uint8Array, a: number, b: number): boolean => {
  for (let i = a; i < b; i++) {
    if ((u[i]! - 48) >>> 0 > 9) return false
  }
  return true
}

const two = (u: Uint8Array, at: number): number => (u[at]! - 48) * 10 + u[at + 1]! - 48

/** The `YYYYMMDD` at `a` as the number yyyymmdd when it is a real date, else -1. */
const dateValueAt = (u: Uint8Array, a: number): number => {
  let v = 0
  for (let i = a; i < a + 8; i++) {
    const d = u[i]! - 48
    if (d >>> 0 > 9) return -1
    v = v * 10 + d
  }
  const y = (v / 10000) | 0
  const m = ((v / 100) | 0) % 100
  const d = v % 100
  return m >= 1 && m <= 12 && d >= 1 && d <= CalendarDate.daysInMonth(y, m) ? v : -1
}

/** True when the 13 digits at `a` are an MPAN core with a correct check digit. */
const mpanAt = (u: Uint8Array, a: number): boolean => {
  // unrolled with the weights as constants: the hottest check of D0350
  const d0 = u[a]! - 48
  const d1 = u[a + 1]! - 48
  const d2 = u[a + 2]! - 48
  const d3 = u[a + 3]! - 48
  const d4 = u[a + 4]! - 48
  const d5 = u[a + 5]! - 48
  const d6 = u[a + 6]! - 48
  const d7 = u[a + 7]! - 48
  const d8 = u[a + 8]! - 48
  const d9 = u[a + 9]! - 48
  const d10 = u[a + 10]! - 48
  const d11 = u[a + 11]! - 48
  if ((d0 >>> 0) > 9 || (d1 >>> 0) > 9 || (d2 >>> 0) > 9 || (d3 >>> 0) > 9 || (d4 >>> 0) > 9 || (d5 >>> 0) > 9 ||
    (d6 >>> 0) > 9 || (d7 >>> 0) > 9 || (d8 >>> 0) > 9 || (d9 >>> 0) > 9 || (d10 >>> 0) > 9 || (d11 >>> 0) > 9) return false
  const sum = 3 * d0 + 5 * d1 + 7 * d2 + 13 * d3 + 17 * d4 + 19 * d5 + 23 * d6 + 29 * d7 + 31 * d8 + 37 * d9 + 41 * d10 + 43 * d11
  return u[a + 12]! - 48 === (sum % 11) % 10
}

/** The bytes `u[a, b)` are in the fast path's character class (printable ASCII without `|` at least). */
const classIn = (u: Uint8Array, a: number, b: number, cls: number): boolean => {
  for (let i = a; i < b; i++) {
    const c = u[i]!
    if (c >= 48 && c <= 57) continue
    if (cls === C_DIGIT) return false
    if (c >= 65 && c <= 90) continue
    if (cls === C_UPPER_ALPHANUMERIC) return false
    if (c >= 97 && c <= 122) continue
    if (cls === C_ALPHANUMERIC) return false
    if (c < 0x20 || c > 0x7e || c === BAR) return false
  }
  return true
}

/** True when the bytes at `a` spell `k` (an ASCII constant). */
const spells = (u: Uint8Array, a: number, k: string): boolean => {
  for (let i = 0; i < k.length; i++) if (u[a + i] !== k.charCodeAt(i)) return false
  return true
}

// Effective dates repeat (a file's records share a few dates): a small cache of date strings by
// value spares one string per record. The slot counts days, so any ~11 years of dates map to
// distinct slots; a miss just slices.
const { dateSlot } = DateCache

/**
 * The incremental decoder every path runs: {@link Decoder.push} byte chunks, then
 * {@link Decoder.end}. Clean records collect in {@link Decoder.records} (take them with
 * {@link Decoder.takeRecords}); the header appears in {@link Decoder.header} as soon as its line
 * decodes cleanly. Never throws on bad bytes.
 *
 * @example
 * import * as D0350 from './D0350'
 * const d = new Decoder(D0350.layout, genericMapping)
 * d.push(new TextEncoder().encode('ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nZPT|1|0||0|20211104120000|\n'))
 * d.end()
 * d.diagnostics() // []
 * @since 0.1.0
 * @category constructors
 */
export class Decoder<H, R, T> {
  header: H | null = null
  trailer: T | null = null
  records: R[] = ReaderOutput.emptyOut()
  private state: number = State.Start
  private readonly sink: Diagnostic.Collector
  private readonly lineSink: LineSink
  private readonly framer: LineFramer
  private readonly legacyFlags: boolean
  private readonly checkSeverity: Diagnostic.Severity
  private readonly groups: ReadonlyArray<Schema.GroupSpec>
  private readonly fields: string[] = []
  private readonly starts: number[] = []
  private headerFileId: string | null = null
  private bodyLines = 0
  private flows = 0
  // ids of the open groups by level (index level - 1), the first `depth` of them current; one
  // kind of array whatever it holds (see `ReaderOutput.emptyOut`), and not from a literal (whose elements
  // would be copy-on-write, and change at the reader's first store)
  private readonly open: string[] = Array.of(String())
  private depth = 0
  private ended = false
  private readonly fastGroups: ReadonlyArray<FastGroup>
  private readonly fastPath: boolean
  private readonly reader: Fast.BodyReader | null
  private readonly counts: Fast.Counts = Fast.emptyCounts()
  private dateKeys: Int32Array | null = null
  private dateValues: string[] = []

  constructor(
    private readonly schema: Schema.FlowSchema,
    private readonly mapping: Mapping<H, R, T>,
    options: FileCodec.DecodeOptions = {},
    /**
     * `fastPath: false` sends every line through the detailed path; `compiled: false` uses the
     * hand-written fast path instead of the compiled reader (for tests comparing them).
     */
    internal: { readonly fastPath?: boolean; readonly compiled?: boolean } = {},
  ) {
    const max = options.maxDiagnostics ?? Diagnostic.DEFAULT_MAX_DIAGNOSTICS
    this.sink = new Diagnostic.Collector(max)
    this.lineSink = new LineSink(max)
    this.framer = new LineFramer(this.lineSink)
    this.legacyFlags = options.legacyFlags === true
    this.checkSeverity = options.checkDigits === 'warning' ? 'warning' : 'error'
    this.groups = schema.groups
    this.fastGroups = schema.groups.map(fastGroup)
    this.fastPath = internal.fastPath !== false
    const shape = mapping.recordShape
    this.reader = this.fastPath && internal.compiled !== false
      ? Fast.compile(schema.groups, schema.groups.map((g) => shape === undefined ? null : shape(g)))
      : null
  }

  /** Errors found so far (warnings excluded, dropped ones included). */
  get errors(): number {
    return this.sink.errors
  }

  /** The file's line end (LF until one is seen). */
  get eol(): Eol {
    return this.framer.eol ?? '\n'
  }

  /** After {@link end}: whether the last line ends with a line end. */
  get finalNewline(): boolean {
    return this.framer.finalNewline
  }

  /** Feeds a chunk of bytes. */
  push(chunk: Uint8Array): void {
    this.framer.begin(chunk)
    this.resume(Number.POSITIVE_INFINITY)
  }

  /**
   * Feeds a chunk of bytes, but reads it only until {@link records} holds `limit` records (or a few
   * more); true when the chunk is read, false when it stopped there: take the records, then
   * {@link resume}. The stream decoder reads big chunks this way, so that records are handed on
   * (and, when the caller drops them, die young) a batch at a time.
   */
  pushUntil(chunk: Uint8Array, limit: number): boolean {
    this.framer.begin(chunk)
    return this.resume(limit)
  }

  /** Goes on reading the chunk given last, until {@link records} holds `limit` records; true when the chunk is read. */
  resume(limit: number): boolean {
    const fr = this.framer
    for (;;) {
      if (this.records.length >= limit) return false
      // clean body records skip the line objects and the detailed checks; the first line the fast
      // path cannot take goes to the detailed path, which reports its problems
      if (this.state === State.Body && fr.eol !== null && this.fastPath && fr.raw !== null) {
        const before = this.bodyLines
        const to = this.reader !== null ? this.compiled(this.reader, fr.raw, fr.text, fr.at, limit) : this.fast(fr.raw, fr.text, fr.at)
        if (to !== fr.at) fr.advance(this.bodyLines - before, to)
        if (this.records.length >= limit) return false
      }
      const l = fr.next()
      if (l === null) return true
      this.line(l)
    }
  }

  /** Runs the compiled reader from `at` (until `limit` records are held) with the engine's nesting state; the offset reached. */
  private compiled(read: Fast.BodyReader, u: Uint8Array, s: string, at: number, limit: number): number {
    if (this.dateKeys === null) {
      const cache = DateCache.emptyDateCache()
      this.dateKeys = cache.keys
      this.dateValues = cache.values
    }
    const counts = this.counts
    counts[Fast.LINES] = this.bodyLines
    counts[Fast.FLOWS] = this.flows
    counts[Fast.DEPTH] = this.depth
    const to = read(u, s, at, u.length, limit, this.framer.eol === '\r\n', this.legacyFlags, this.records as unknown[], counts, this.open, this.fields,
      this.mapping.record as (g: Schema.GroupSpec, items: ReadonlyArray<string>) => unknown, this.groups, this.dateKeys, this.dateValues)
    if (to !== at) {
      this.bodyLines = counts[Fast.LINES]!
      this.flows = counts[Fast.FLOWS]!
      this.depth = counts[Fast.DEPTH]!
    }
    return to
  }

  /**
   * Reads clean body records from the framer's text, as many as follow each other: a known group,
   * every item valid, the file's line end. Checks read the chunk's bytes in place; the only strings
   * made are the values kept (sliced from the text, same offsets). Stops, consuming nothing, at the
   * first line that is not such a record (or is not complete), leaving it to the detailed path.
   * Returns the offset reached. (Nothing follows the loop but the return: code after a hot loop
   * has no type feedback when the loop is optimised, and would deoptimise it on every exit.)
   */
  private fast(u: Uint8Array, s: string, at: number): number {
    const crlf = this.framer.eol === '\r\n'
    const groups = this.fastGroups
    const single = groups.length === 1 ? groups[0]! : null
    const len = u.length
    const records = this.records
    const fields = this.fields
    for (;;) {
      if (at + 4 > len || u[at + 3] !== BAR) return at
      const c0 = u[at]!
      const c1 = u[at + 1]!
      const c2 = u[at + 2]!
      let g: FastGroup | null = null
      if (single !== null) {
        if (single.c0 === c0 && single.c1 === c1 && single.c2 === c2) g = single
      } else {
        for (let i = 0; i < groups.length; i++) {
          const x = groups[i]!
          if (x.c0 === c0 && x.c1 === c1 && x.c2 === c2) {
            g = x
            break
          }
        }
      }
      if (g === null) return at
      let end = this.fastItems(g, u, s, at + 4, fields)
      if (end < 0) return at
      if (crlf) {
        if (end >= len || u[end] !== CR) return at
        end++
      }
      if (end >= len || u[end] !== LF) return at
      const spec = g.spec
      if (spec.level === 1) {
        this.flows++
        this.open[0] = spec.id
        this.depth = 1
      } else if (this.depth >= spec.level - 1 && this.open[spec.level - 2] === spec.parent) {
        this.open[spec.level - 1] = spec.id
        this.depth = spec.level
      } else return at
      this.bodyLines++
      records.push(this.mapping.record(spec, fields))
      at = end + 1
    }
    return at
  }

  /** Reads and checks a group's items from `a` into the scratch fields; the offset past the last `|`, or -1. */
  private fastItems(g: FastGroup, u: Uint8Array, s: string, a: number, f: string[]): number {
    const kinds = g.kinds
    const widths = g.widths
    const n = kinds.length
    const len = u.length
    if (f.length !== n) f.length = n
    for (let i = 0; i < n; i++) {
      // every read stays in bounds (past the end would read undefined and slow the optimised code)
      if (a >= len) return -1
      const w = widths[i]!
      const k = kinds[i]!
      if (u[a] === BAR) {
        // an empty item: fine when optional, or when its kind allows it
        if (g.optional[i] === 0 && !(k === F_TEXT && g.minLengths[i] === 0) && !(k === F_CONSTANT && w === 0)) return -1
        f[i] = ''
        a++
        continue
      }
      let b: number
      if (w >= 0) {
        b = a + w
        if (b >= len || u[b] !== BAR) return -1
      } else {
        b = u.indexOf(BAR, a)
        if (b === -1) return -1
      }
      switch (k) {
        case F_MPAN:
          if (!mpanAt(u, a)) return -1
          f[i] = s.slice(a, b)
          break
        case F_FLAG: {
          const c = u[a]
          if (c === 65) f[i] = 'A'
          else if (c === 78) f[i] = 'N'
          else if (c === 73) f[i] = 'I'
          else if (this.legacyFlags && c === 83) f[i] = 'S'
          else if (this.legacyFlags && c === 87) f[i] = 'W'
          else return -1
          break
        }
        case F_DATE: {
          const v = dateValueAt(u, a)
          if (v < 0) return -1
          f[i] = this.date(v, s, a)
          break
        }
        case F_TIMESTAMP:
          if (dateValueAt(u, a) < 0 || !digitsIn(u, a + 8, b) || two(u, a + 8) > 23 || two(u, a + 10) > 59 || two(u, a + 12) > 59) return -1
          f[i] = s.slice(a, b)
          break
        case F_COUNT:
          if (b - a > MAX_COUNT_DIGITS || !digitsIn(u, a, b) || (b - a > 1 && u[a] === 48)) return -1
          f[i] = s.slice(a, b)
          break
        case F_CONSTANT: {
          const c = g.constants[i]!
          if (!spells(u, a, c)) return -1
          f[i] = c
          break
        }
        case F_NEVER:
          return -1
        default:
          if (b - a < g.minLengths[i]! || b - a > g.maxLengths[i]! || !classIn(u, a, b, g.classes[i]!)) return -1
          f[i] = s.slice(a, b)
      }
      a = b + 1
    }
    return a
  }

  /** The string of a date whose value `v` is read at `a`, from the cache when it holds it. */
  private date(v: number, s: string, a: number): string {
    let keys = this.dateKeys
    if (keys === null) {
      const cache = DateCache.emptyDateCache()
      keys = this.dateKeys = cache.keys
      this.dateValues = cache.values
    }
    const slot = dateSlot(v)
    if (keys[slot] === v) return this.dateValues[slot]!
    const d = s.slice(a, a + 8)
    keys[slot] = v
    this.dateValues[slot] = d
    return d
  }

  /** Ends the input: decodes a last line without line end and makes the end-of-file checks. */
  end(): void {
    if (this.ended) return
    this.ended = true
    const lines = this.framer.end()
    for (let i = 0; i < lines.length; i++) this.line(lines[i]!)
    this.drainTo(Number.MAX_SAFE_INTEGER)
    if (this.framer.bytes === 0) {
      this.sink.add(Diagnostic.make('empty_file', 1, null, 0, '', 'file is empty'))
    } else if (this.state !== State.Done) {
      this.sink.add(Diagnostic.make('missing_trailer', this.framer.lines + 1, null, this.framer.bytes, '',
        `file ends without a ${Schema.TRAILER_ID} trailer`))
    }
  }

  /** Returns the clean records collected since the last call, and forgets them. */
  takeRecords(): R[] {
    const out = this.records
    this.records = ReaderOutput.emptyOut()
    return out
  }

  /** Every diagnostic so far, closed with a `too_many_diagnostics` marker when some were dropped. */
  diagnostics(): Diagnostic.Diagnostic[] {
    return this.sink.finish(Math.max(1, this.framer.lines), this.framer.bytes)
  }

  private drainTo(line: number): void {
    const ls = this.lineSink
    if (ls.pending.length === 0 && ls.overflow.length === 0) return
    let i = 0
    while (i < ls.pending.length && ls.pending[i]!.line <= line) this.sink.add(ls.pending[i++]!)
    ls.pending = i === ls.pending.length ? [] : ls.pending.slice(i)
    let j = 0
    while (j < ls.overflow.length && ls.overflow[j]!.line <= line) {
      const o = ls.overflow[j++]!
      for (let k = 0; k < o.count; k++) this.sink.add(o.sample)
    }
    ls.overflow = j === ls.overflow.length ? [] : ls.overflow.slice(j)
  }

  private add(code: Diagnostic.DiagnosticCode, l: Line, field: Diagnostic.FieldRef | null, byteOffset: number, input: string, message: string,
    severity: Diagnostic.Severity = 'error'): void {
    this.sink.add(Diagnostic.make(code, l.line, field, byteOffset, input, message, severity))
  }

  private line(l: Line): void {
    let errorsBefore = this.sink.errors
    this.drainTo(l.line)
    const s = l.text
    if (this.state === State.Done) {
      this.add('trailing_data', l, null, l.byteOffset, s, s.length === 0 ? 'empty line after the ZPT trailer' : 'data after the ZPT trailer')
      return
    }
    const bar = s.indexOf('|')
    const idLength = bar === -1 ? s.length : bar
    let group: Schema.GroupSpec | null = null
    let isHeader = false
    let isTrailer = false
    if (idLength === 3) {
      if (s.startsWith(Schema.HEADER_ID)) isHeader = true
      else if (s.startsWith(Schema.TRAILER_ID)) isTrailer = true
      else {
        for (let i = 0; i < this.groups.length; i++) {
          if (s.startsWith(this.groups[i]!.id)) {
            group = this.groups[i]!
            break
          }
        }
      }
    }
    if (this.state === State.Start) {
      this.state = State.Body
      if (isHeader) {
        this.decodeHeader(l, bar, errorsBefore)
        return
      }
      this.add('missing_header', l, null, l.byteOffset, s, `file does not start with a ${Schema.HEADER_ID} header`)
      // a file-level problem: the record on this line may still be clean
      errorsBefore++
    }
    if (isTrailer) {
      this.decodeTrailer(l, bar, errorsBefore)
      return
    }
    this.bodyLines++
    if (isHeader) {
      this.add('unexpected_record', l, null, l.byteOffset, s, `a second ${Schema.HEADER_ID} header`)
      return
    }
    if (group === null) {
      this.add('unexpected_record', l, null, l.byteOffset, s,
        s.length === 0 ? 'empty line' : `unknown group id ${quote(s.slice(0, idLength))} in flow ${this.schema.flowId}`)
      return
    }
    if (group.level === 1) {
      this.flows++
      this.open[0] = group.id
      this.depth = 1
    } else if (this.depth >= group.level - 1 && this.open[group.level - 2] === group.parent) {
      this.open[group.level - 1] = group.id
      this.depth = group.level
    } else {
      this.add('unexpected_record', l, null, l.byteOffset, s, `group ${group.id} must follow its parent group ${group.parent ?? '(none)'}`)
    }
    const n = this.split(l, bar, group.id, group.items)
    if (this.sink.errors === errorsBefore && n === group.items.length) this.records.push(this.mapping.record(group, this.fields))
  }

  private decodeHeader(l: Line, bar: number, errorsBefore: number): void {
    const n = this.split(l, bar, Schema.HEADER_ID, this.schema.header)
    if (n > Schema.HEADER_FILE_ID) this.headerFileId = this.fields[Schema.HEADER_FILE_ID]!
    if (this.sink.errors === errorsBefore && n === this.schema.header.length) this.header = this.mapping.header(this.fields)
  }

  private decodeTrailer(l: Line, bar: number, errorsBefore: number): void {
    this.state = State.Done
    const specs = this.schema.trailer
    const n = this.split(l, bar, Schema.TRAILER_ID, specs)
    const clean = this.sink.errors === errorsBefore && n === specs.length
    const f = this.fields
    const fieldAt = (i: number): Diagnostic.FieldRef => ({ name: specs[i]!.name, index: i + 1 })
    if (n > Schema.TRAILER_FILE_ID && this.headerFileId !== null && f[Schema.TRAILER_FILE_ID] !== this.headerFileId) {
      const v = f[Schema.TRAILER_FILE_ID]!
      this.add('file_id_mismatch', l, fieldAt(Schema.TRAILER_FILE_ID), l.byteOffset + this.starts[Schema.TRAILER_FILE_ID]!, v,
        `ZPT File Identifier ${quote(v)} differs from the ZHV File Identifier ${quote(this.headerFileId)}`)
    }
    if (n > Schema.TRAILER_GROUP_COUNT && isCount(f[Schema.TRAILER_GROUP_COUNT]!)) {
      const v = f[Schema.TRAILER_GROUP_COUNT]!
      if (Number(v) !== this.bodyLines) {
        this.add('group_count_mismatch', l, fieldAt(Schema.TRAILER_GROUP_COUNT), l.byteOffset + this.starts[Schema.TRAILER_GROUP_COUNT]!, v,
          `ZPT Total Group Count is ${v} but ${this.bodyLines} record${this.bodyLines === 1 ? '' : 's'} lie between ZHV and ZPT`)
      }
    }
    if (n > Schema.TRAILER_FLOW_COUNT && isCount(f[Schema.TRAILER_FLOW_COUNT]!)) {
      const v = f[Schema.TRAILER_FLOW_COUNT]!
      if (Number(v) !== this.flows) {
        this.add('flow_count_mismatch', l, fieldAt(Schema.TRAILER_FLOW_COUNT), l.byteOffset + this.starts[Schema.TRAILER_FLOW_COUNT]!, v,
          `ZPT Flow Count is ${v} but the file holds ${this.flows} level-1 group${this.flows === 1 ? '' : 's'}`)
      }
    }
    if (clean) this.trailer = this.mapping.trailer(f)
  }

  /** Splits a known record's items into the scratch arrays, checks them; returns how many there are. */
  private split(l: Line, bar: number, id: string, specs: ReadonlyArray<Schema.ItemSpec>): number {
    const s = l.text
    const f = this.fields
    const st = this.starts
    // the scratch arrays keep their capacity: truncating them each line would reallocate
    let n = 0
    let unterminated = bar === -1
    if (bar !== -1) {
      let a = bar + 1
      for (;;) {
        const b = s.indexOf('|', a)
        if (b === -1) {
          if (a < s.length) {
            f[n] = s.slice(a)
            st[n++] = a
            unterminated = true
          }
          break
        }
        f[n] = s.slice(a, b)
        st[n++] = a
        a = b + 1
      }
    }
    if (f.length > n) f.length = n
    if (unterminated) {
      const last = n - 1
      const spec = last >= 0 ? specs[last] : undefined
      this.add('unterminated_item', l, last >= 0 ? { name: spec?.name ?? `item${n}`, index: n } : null,
        last >= 0 ? l.byteOffset + st[last]! : l.byteOffset + s.length, last >= 0 ? f[last]! : s,
        last >= 0
          ? `${id} ${spec?.label ?? `item ${n}`} is not followed by "|" at the end of the line`
          : `${id} record has no "|" after its group id`)
    }
    if (n !== specs.length) {
      this.add('field_count', l, null, l.byteOffset, s, `${id} record has ${n} item${n === 1 ? '' : 's'}, expected ${specs.length}`)
    }
    const m = n < specs.length ? n : specs.length
    for (let i = 0; i < m; i++) this.check(l, id, specs[i]!, i, f[i]!, st[i]!)
    return n
  }

  private check(l: Line, id: string, spec: Schema.ItemSpec, i: number, v: string, at: number): void {
    const k = spec.kind
    if (v.length === 0) {
      if (spec.optional || (k._tag === 'text' && k.minLength === 0) || (k._tag === 'constant' && k.value === '')) return
      this.add('invalid_field', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v, `${id} ${spec.label} is mandatory but empty`)
      return
    }
    switch (k._tag) {
      case 'mpanCore': {
        const d = mpanCheck(v)
        if (d === -1) {
          this.add('invalid_field', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v, `${id} ${spec.label} ${quote(v)} must be 13 digits`)
        } else {
          if (d !== v.charCodeAt(12) - 48) {
            this.add('bad_check_digit', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v,
              `${id} ${spec.label} ${quote(v)} fails its check digit (expected ${d})`, this.checkSeverity)
          }
        }
        return
      }
      case 'flag':
        if (!Flag.isFlag(v, this.legacyFlags)) {
          this.add('invalid_flag', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v,
            v === 'S' || v === 'W'
              ? `${id} ${spec.label} ${quote(v)} is a pre-MP077 flag, accepted only with the legacy flags option`
              : `${id} ${spec.label} ${quote(v)} is not A, N or I`)
        }
        return
      case 'date':
        if (!CalendarDate.isDate(v)) {
          this.add('invalid_date', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v, `${id} ${spec.label} ${quote(v)} is not a real date YYYYMMDD`)
        }
        return
      case 'timestamp':
        if (!CalendarDate.isTimestamp(v)) {
          this.add('invalid_date', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v,
            `${id} ${spec.label} ${quote(v)} is not a real timestamp YYYYMMDDHHMMSS`)
        }
        return
      case 'count':
        if (!isCount(v)) {
          this.add('invalid_field', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v,
            `${id} ${spec.label} ${quote(v)} must be a decimal count without leading zeros`)
        }
        return
      case 'constant':
        if (v !== k.value) {
          this.add('invalid_field', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v, `${id} ${spec.label} ${quote(v)} must be ${k.value}`)
        }
        return
      case 'text':
        if (v.length < k.minLength || v.length > k.maxLength || !inClass(v, k.charClass)) {
          this.add('invalid_field', l, { name: spec.name, index: i + 1 }, l.byteOffset + at, v,
            `${id} ${spec.label} ${quote(v)} must be ${lengthRange(k.minLength, k.maxLength)} of ${describeClass[k.charClass]}`)
        }
        return
    }
  }
}

/**
 * Every diagnostic, and the file when none is an error, decoding `bytes` with `schema` into the
 * values `mapping` builds.
 *
 * @example
 * import * as D0350 from './D0350'
 * inspectWith(D0350.layout, genericMapping, new Uint8Array(0)).diagnostics[0]!.code // 'empty_file'
 * @since 0.1.0
 * @category decoding
 */
export const inspectWith = <H, R, T>(
  schema: Schema.FlowSchema,
  mapping: Mapping<H, R, T>,
  bytes: Uint8Array,
  options?: FileCodec.DecodeOptions,
): FileCodec.Inspection<FileCodec.File<H, R, T>> => {
  const d = new Decoder(schema, mapping, options)
  for (let i = 0; i < bytes.length; i += PIECE) {
    d.push(bytes.subarray(i, i + PIECE))
    // the file will be null: stop holding records
    if (d.errors > 0 && d.records.length > 0) d.records = ReaderOutput.emptyOut()
  }
  d.end()
  const diagnostics = d.diagnostics()
  if (d.errors > 0 || d.header === null || d.trailer === null) return { file: null, diagnostics }
  return { file: { header: d.header, records: d.records, trailer: d.trailer, eol: d.eol, finalNewline: d.finalNewline }, diagnostics }
}

/**
 * The file, or its errors (warnings dropped).
 *
 * @example
 * import * as D0350 from './D0350'
 * import { either as E } from 'fp-ts'
 * E.isLeft(decodeWith(D0350.layout, genericMapping, new Uint8Array(0))) // true
 * @since 0.1.0
 * @category decoding
 */
export const decodeWith = <H, R, T>(
  schema: Schema.FlowSchema,
  mapping: Mapping<H, R, T>,
  bytes: Uint8Array,
  options?: FileCodec.DecodeOptions,
): E.Either<[Diagnostic.Diagnostic, ...Diagnostic.Diagnostic[]], FileCodec.File<H, R, T>> => {
  const r = inspectWith(schema, mapping, bytes, options)
  if (r.file !== null) return E.right(r.file)
  const errors = r.diagnostics.filter((x) => x.severity === 'error')
  // a null file always comes with an error; the fallback only keeps the type honest
  const [first, ...rest] = errors.length > 0 ? errors : [Diagnostic.make('missing_trailer', 1, null, 0, '', 'file did not decode')]
  return E.left([first!, ...rest])
}

/**
 * Appends the records `got` to the batch `held` (fewer than `size` records), pushing each batch
 * that fills on `full`; returns the batch not yet full. Whole batches are cut from `got` in one
 * copy each (or taken as they are), not record by record.
 */
const cut = <R>(held: R[], got: R[], size: number, full: R[][]): R[] => {
  let at = 0
  if (held.length > 0) {
    const need = size - held.length
    const take = got.length < need ? got.length : need
    for (; at < take; at++) held.push(got[at]!)
    if (held.length < size) return held
    full.push(held)
  } else if (got.length === size) {
    full.push(got)
    return []
  }
  for (; at + size <= got.length; at += size) full.push(got.slice(at, at + size))
  return at === 0 ? got : got.slice(at)
}

/**
 * Decodes a byte stream in batches of `batchSize` clean records, memory bounded by the batch and the
 * chunk size. The header is yielded when its line decodes cleanly; the trailer checks run when the
 * trailer arrives; `end` carries every diagnostic.
 *
 * @example
 * import * as D0350 from './D0350'
 * async function* one() { yield new Uint8Array(0) }
 * for await (const item of decodeStreamWith(D0350.layout, genericMapping, one())) item.type // 'end'
 * @since 0.1.0
 * @category decoding
 */
export async function* decodeStreamWith<H, R, T>(
  schema: Schema.FlowSchema,
  mapping: Mapping<H, R, T>,
  source: AsyncIterable<Uint8Array>,
  options: FileCodec.StreamOptions = {},
): AsyncGenerator<FileCodec.StreamItem<H, R, T>, void, undefined> {
  const d = new Decoder(schema, mapping, options)
  const size = Math.max(1, Math.floor(options.batchSize ?? 1000))
  let headerSent = false
  // the records of a batch not yet full
  let held: R[] = []
  const full: R[][] = []
  for await (const piece of pieces(source)) {
    // a piece holds many batches: read it a batch at a time, so that the records a caller drops die young
    let done = d.pushUntil(piece, size - held.length)
    for (;;) {
      if (!headerSent && d.header !== null) {
        headerSent = true
        yield { type: 'header', header: d.header }
      }
      held = cut(held, d.takeRecords(), size, full)
      for (let i = 0; i < full.length; i++) yield { type: 'records', records: full[i]! }
      full.length = 0
      if (done) break
      done = d.resume(size - held.length)
    }
  }
  d.end()
  if (!headerSent && d.header !== null) yield { type: 'header', header: d.header }
  held = cut(held, d.takeRecords(), size, full)
  for (let i = 0; i < full.length; i++) yield { type: 'records', records: full[i]! }
  if (held.length > 0) yield { type: 'records', records: held }
  yield { type: 'end', trailer: d.trailer, eol: d.eol, finalNewline: d.finalNewline, diagnostics: d.diagnostics() }
}

// ---------------------------------------------------------------------------------------------
// encoding
// ---------------------------------------------------------------------------------------------

/**
 * The text of a record line: its id, then each item followed by `|`.
 *
 * @example
 * line('DSF', ['1200023305967', 'A', '20211104']) // 'DSF|1200023305967|A|20211104|'
 * @since 0.1.0
 * @category encoding
 */
export const line = (id: string, items: ReadonlyArray<string>): string => {
  let s = id + '|'
  for (let i = 0; i < items.length; i++) s += items[i] + '|'
  return s
}

/**
 * A file's bytes in chunks of about {@link CHUNK_SIZE}.
 *
 * @example
 * [...encodeChunks(genericWriter, { header: [], records: [], trailer: [], eol: '\n', finalNewline: true })].length // 1
 * @since 0.1.0
 * @category encoding
 */
export function* encodeChunks<H, R, T>(writer: Writer<H, R, T>, file: FileCodec.File<H, R, T>): Generator<Uint8Array, void, undefined> {
  const eol = file.eol
  const rs = file.records
  let s = writer.header(file.header)
  for (let i = 0; i < rs.length; i++) {
    s += eol + writer.record(rs[i]!)
    if (s.length >= CHUNK_SIZE) {
      yield fromLatin1(s)
      s = ''
    }
  }
  s += eol + writer.trailer(file.trailer)
  if (file.finalNewline) s += eol
  yield fromLatin1(s)
}

/**
 * Joins chunks into one buffer.
 *
 * @example
 * concat([new Uint8Array([1]), new Uint8Array([2])]) // Uint8Array [1, 2]
 * @since 0.1.0
 * @category encoding
 */
export const concat = (chunks: Iterable<Uint8Array>): Uint8Array => {
  const parts: Uint8Array[] = []
  let total = 0
  for (const c of chunks) {
    parts.push(c)
    total += c.length
  }
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/**
 * Encodes a header, a (possibly async) stream of records and the trailer facts to byte chunks of
 * about {@link CHUNK_SIZE}, counting groups and flows on the way; `trailer` builds the trailer
 * value from the counts.
 *
 * @example
 * import * as D0350 from './D0350'
 * const chunks = encodeStreamWith(genericWriter, ['1'], [], (groupCount, flowCount) => ['1', String(groupCount), '', String(flowCount), '20211104120000'], {})
 * @since 0.1.0
 * @category encoding
 */
export async function* encodeStreamWith<H, R, T>(
  writer: Writer<H, R, T>,
  header: H,
  records: AsyncIterable<R> | Iterable<R>,
  trailer: (groupCount: number, flowCount: number) => T,
  layout: { readonly eol?: Eol; readonly finalNewline?: boolean },
): AsyncGenerator<Uint8Array, void, undefined> {
  const eol = layout.eol ?? '\n'
  let s = writer.header(header)
  let groups = 0
  let flows = 0
  const chunks: Uint8Array[] = []
  const take = (r: R): void => {
    s += eol + writer.record(r)
    groups++
    if (writer.isFlow(r)) flows++
    if (s.length >= CHUNK_SIZE) {
      chunks.push(fromLatin1(s))
      s = ''
    }
  }
  if (Symbol.iterator in records) {
    // a sync source needs no await per record
    for (const r of records as Iterable<R>) {
      take(r)
      if (chunks.length > 0) yield chunks.pop()!
    }
  } else {
    for await (const r of records) {
      take(r)
      if (chunks.length > 0) yield chunks.pop()!
    }
  }
  s += eol + writer.trailer(trailer(groups, flows))
  if (layout.finalNewline ?? true) s += eol
  yield fromLatin1(s)
}

// ---------------------------------------------------------------------------------------------
// the generic DTC codec
// ---------------------------------------------------------------------------------------------

/**
 * Keeps items as arrays of strings and groups as `{ id, items }`.
 *
 * @example
 * genericMapping.trailer(['1', '0', '', '0', '20211104120000']) // a copy of the items
 * @since 0.1.0
 * @category instances
 */
export const genericMapping: Mapping<ReadonlyArray<string>, Group, ReadonlyArray<string>> = {
  header: (items) => items.slice(),
  record: (group, items) => ({ id: group.id, items: items.slice() }),
  trailer: (items) => items.slice(),
}

/**
 * Writes generic DTC values; every group counts as a flow (use {@link writerFor} to count level-1
 * groups only).
 *
 * @example
 * genericWriter.record({ id: 'DSF', items: ['1200023305967', 'A', '20211104'] }) // 'DSF|1200023305967|A|20211104|'
 * @since 0.1.0
 * @category instances
 */
export const genericWriter: Writer<ReadonlyArray<string>, Group, ReadonlyArray<string>> = {
  header: (items) => line(Schema.HEADER_ID, items),
  record: (g) => line(g.id, g.items),
  trailer: (items) => line(Schema.TRAILER_ID, items),
  isFlow: () => true,
}

/**
 * The generic writer of a schema: a group is a flow when the schema gives it level 1.
 *
 * @example
 * import * as D0350 from './D0350'
 * writerFor(D0350.layout).isFlow({ id: 'DSF', items: [] }) // true
 * @since 0.1.0
 * @category instances
 */
export const writerFor = (schema: Schema.FlowSchema): Writer<ReadonlyArray<string>, Group, ReadonlyArray<string>> => {
  const levelOne = new Set(schema.groups.filter((g) => g.level === 1).map((g) => g.id))
  return { ...genericWriter, isFlow: (g) => levelOne.has(g.id) }
}

/**
 * The bytes of a generic DTC file.
 *
 * @example
 * encode({ header: ['1'], records: [], trailer: ['1'], eol: '\n', finalNewline: true }) // bytes of 'ZHV|1|\nZPT|1|\n'
 * @since 0.1.0
 * @category encoding
 */
export const encode = (file: DtcFile): Uint8Array => concat(encodeChunks(genericWriter, file))

/**
 * Inspects bytes as a generic DTC file of `schema`.
 *
 * @example
 * import * as D0350 from './D0350'
 * inspect(D0350.layout, new TextEncoder().encode('ZHV|')).diagnostics.length > 0 // true
 * @since 0.1.0
 * @category decoding
 */
export const inspect = (schema: Schema.FlowSchema, bytes: Uint8Array, options?: FileCodec.DecodeOptions): FileCodec.Inspection<DtcFile> =>
  inspectWith(schema, genericMapping, bytes, options)

/**
 * Decodes bytes as a generic DTC file of `schema`.
 *
 * @example
 * import * as D0350 from './D0350'
 * import { either as E } from 'fp-ts'
 * E.isLeft(decode(D0350.layout, new Uint8Array(0))) // true
 * @since 0.1.0
 * @category decoding
 */
export const decode = (schema: Schema.FlowSchema, bytes: Uint8Array, options?: FileCodec.DecodeOptions) =>
  decodeWith(schema, genericMapping, bytes, options)

/**
 * Stream-decodes a generic DTC file of `schema`.
 *
 * @example
 * import * as D0350 from './D0350'
 * async function* none() {}
 * decodeStream(D0350.layout, none()) // yields one `end` item with an `empty_file` diagnostic
 * @since 0.1.0
 * @category decoding
 */
export const decodeStream = (schema: Schema.FlowSchema, source: AsyncIterable<Uint8Array>, options?: FileCodec.StreamOptions) =>
  decodeStreamWith(schema, genericMapping, source, options)

/**
 * A generic DTC codec for any flow: the way to decode a flow the library does not know, without
 * code changes. Checks the schema first (a bad schema is a programmer error and throws).
 *
 * @example
 * const myFlow = Schema.flow('D9999', '001', [{ id: 'ABC', label: 'A thing', level: 1, parent: null,
 *   items: [Schema.item('mpanCore', 'MPAN Core', 'J0003', Schema.kind('mpanCore'))] }])
 * const c = codec(myFlow)
 * c.inspect(new TextEncoder().encode('ZHV|1|D9999001|Z|DCCO|P|LOND|20211104120000||||OPER|\nABC|1200023305967|\nZPT|1|1||1|20211104120000|\n')).file?.records
 * // [{ id: 'ABC', items: ['1200023305967'] }]
 * @since 0.1.0
 * @category constructors
 */
export const codec = (schema: Schema.FlowSchema) => {
  const bad = Schema.problems(schema)
  if (bad.length > 0) throw new TypeError(`Dtc.codec: bad schema ${schema.flowId}: ${bad.join('; ')}`)
  const writer = writerFor(schema)
  return {
    schema,
    inspect: (bytes: Uint8Array, options?: FileCodec.DecodeOptions) => inspect(schema, bytes, options),
    decode: (bytes: Uint8Array, options?: FileCodec.DecodeOptions) => decode(schema, bytes, options),
    encode,
    decodeStream: (source: AsyncIterable<Uint8Array>, options?: FileCodec.StreamOptions) => decodeStream(schema, source, options),
    /** Encodes header items, groups and trailer facts; the trailer's file id is the header's. */
    encodeStream: (header: ReadonlyArray<string>, groups: AsyncIterable<Group> | Iterable<Group>, info: TrailerInfo) =>
      encodeStreamWith(writer, header, groups,
        (g, f) => [header[Schema.HEADER_FILE_ID] ?? '', String(g), info.checksum ?? '', String(f), info.completedAt], info),
  }
}

/**
 * A generic DTC codec built by {@link codec}.
 *
 * @example
 * import * as D0350 from './D0350'
 * const c: DtcCodec = codec(D0350.layout)
 * @since 0.1.0
 * @category model
 */
export type DtcCodec = ReturnType<typeof codec>
