/**
 * The DTC engine: decodes and encodes any flow described by a {@link Schema.FlowSchema}, in the one
 * file shell (`FileEngine`). Lines come from the shared incremental `LineFramer`, so the
 * whole-buffer decoder and the stream decoder run the same code and are chunk-blind by
 * construction.
 *
 * A record is a group id followed by its items, each item followed by `|`:
 * `DSF|1200023305967|A|20211104|`. The engine reports every problem it finds (up to the cap), in
 * file order: a line's framing problems (non-ASCII bytes, mixed line ends) before its item problems.
 *
 * Two paths read a line: the **detailed path** here, which checks every item and says what is
 * wrong, and a **body reader** generated from the schema (`reader/`), which takes runs of clean
 * records straight from the bytes and stops at the first line it cannot take. Both call the same
 * item rules (`identifiers/`, `Items`); a property shows they agree on damaged bytes in any chunking.
 *
 * The engine is generic in what it builds: a {@link Mapping} turns a clean line's items into the
 * header, record and trailer values. {@link codec} uses plain arrays; `D0350` builds typed values.
 *
 * @since 0.1.0
 */
import { either as E } from 'fp-ts'
import { CalendarDate, Flag, MpanCore } from '../../identifiers'
import * as DateCache from '../DateCache'
import * as Diagnostic from '../Diagnostic'
import * as FileEngine from '../FileEngine'
import * as Items from '../Items'
import { LineFramer, type Eol, type Line } from '../Lines'
import type * as FileCodec from '../FileCodec'
import * as ReaderOutput from '../ReaderOutput'
import { DEPTH, FLOWS, LINES, emptyCounts, type BodyReader, type Program } from '../reader/Program'
import { readerOf } from '../reader/Readers'
import * as Schema from './Schema'
import { charClassOf, programOf, type Shape } from './ReaderProgram'

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
   * hold items as read (`[key, item index]`, in key order); the body reader then builds it in
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
export const CHUNK_SIZE = FileEngine.CHUNK_SIZE

// ---------------------------------------------------------------------------------------------
// what each item kind expects, in words
// ---------------------------------------------------------------------------------------------

const lengthRange = (min: number, max: number): string =>
  min === max ? `${min}` : max >= Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min}–${max}`

const COUNT_EXPECTED = `a decimal count without leading zeros, at most ${Items.MAX_COUNT_DIGITS} digits`

/**
 * What an item of this kind must hold, in words (a diagnostic's `expected`).
 *
 * @example
 * import * as Schema from './Schema'
 * expectedOf(Schema.kind('flag'), false) // 'A, N or I'
 * @since 0.2.0
 * @category destructors
 */
export const expectedOf = (k: Schema.ItemKind, legacyFlags: boolean): string => {
  switch (k._tag) {
    case 'mpanCore':
      return '13 digits with a valid check digit'
    case 'flag':
      return legacyFlags ? 'A, N, I, S or W' : 'A, N or I'
    case 'date':
      return 'a real date YYYYMMDD'
    case 'timestamp':
      return 'a real timestamp YYYYMMDDHHMMSS'
    case 'count':
      return COUNT_EXPECTED
    case 'constant':
      return k.value === '' ? 'an empty item' : k.value
    case 'text':
      return `${lengthRange(k.minLength, k.maxLength)} of ${k.charClass === 'any' ? 'any characters' : Items.describeClass[charClassOf(k.charClass)]}`
  }
}

/** Why a count is not one, for a message (after the item's name and value). */
const countProblem: Readonly<Record<Items.CountProblemCode, string>> = {
  [Items.CountProblem.None]: 'is a count',
  [Items.CountProblem.Empty]: 'is empty',
  [Items.CountProblem.NotDigits]: 'is not a decimal count',
  [Items.CountProblem.LeadingZeros]: 'has leading zeros (counts are written without them)',
  [Items.CountProblem.OutOfRange]: `is out of range (a count has at most ${Items.MAX_COUNT_DIGITS} digits)`,
}

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

const quote = Diagnostic.quote

// each schema's programs by shape (built once: a decoder per file would otherwise rebuild them)
const programs = new WeakMap<ReadonlyArray<Schema.GroupSpec>, Map<string, Program | null>>()

const programFor = (groups: ReadonlyArray<Schema.GroupSpec>, shapes: ReadonlyArray<Shape>): Program | null => {
  let byShape = programs.get(groups)
  if (byShape === undefined) programs.set(groups, (byShape = new Map()))
  const key = JSON.stringify(shapes)
  let p = byShape.get(key)
  if (p === undefined) byShape.set(key, (p = programOf(groups, shapes)))
  return p
}

/**
 * The incremental decoder every path runs: `pushUntil`/`resume` byte chunks (or {@link Decoder.push}),
 * then {@link Decoder.end}. Clean records collect in {@link Decoder.records} (take them with
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
export class Decoder<H, R, T> implements FileEngine.Decoder<H, R, T> {
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
  private readonly reader: BodyReader | null
  private readonly counts = emptyCounts()
  private dateKeys: Int32Array | null = null
  private dateValues: string[] = []

  /**
   * @param reader which body reader reads clean records (`detailed`: none, every line takes the
   *   detailed path; the tests compare them).
   * @param yieldDiagnostics hand diagnostics on as they are found ({@link takeDiagnostics}): reading
   *   then also stops when `limit` of them wait.
   */
  constructor(
    private readonly schema: Schema.FlowSchema,
    private readonly mapping: Mapping<H, R, T>,
    options: FileCodec.DecodeOptions = {},
    reader: FileCodec.ReaderChoice = 'default',
    private readonly yieldDiagnostics = false,
  ) {
    const max = options.maxDiagnostics ?? Diagnostic.DEFAULT_MAX_DIAGNOSTICS
    this.sink = new Diagnostic.Collector(max)
    this.lineSink = new LineSink(Math.min(max, 1 << 20))
    this.framer = new LineFramer(this.lineSink)
    this.legacyFlags = options.legacyFlags === true
    this.checkSeverity = options.checkDigits === 'warning' ? 'warning' : 'error'
    this.groups = schema.groups
    const shape = mapping.recordShape
    this.reader = reader === 'detailed' ? null : readerOf(programFor(schema.groups, schema.groups.map((g) => (shape === undefined ? null : shape(g)))), reader)
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

  /** Feeds a chunk of bytes, read whole. */
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
      if (this.records.length >= limit || (this.yieldDiagnostics && this.sink.list.length >= limit)) return false
      // clean body records skip the line objects and the detailed checks; the first line the
      // reader cannot take goes to the detailed path, which reports its problems
      if (this.reader !== null && this.state === State.Body && fr.eol !== null && fr.raw !== null) {
        const before = this.bodyLines
        const to = this.read(this.reader, fr.raw, fr.text, fr.at, limit)
        if (to !== fr.at) fr.advance(this.bodyLines - before, to)
        if (this.records.length >= limit) return false
      }
      const l = fr.next()
      if (l === null) return true
      this.line(l)
    }
  }

  /** Runs the body reader from `at` (until `limit` records are held) with the engine's nesting state; the offset reached. */
  private read(read: BodyReader, u: Uint8Array, s: string, at: number, limit: number): number {
    if (this.dateKeys === null) {
      const cache = DateCache.emptyDateCache()
      this.dateKeys = cache.keys
      this.dateValues = cache.values
    }
    const counts = this.counts
    counts[LINES] = this.bodyLines
    counts[FLOWS] = this.flows
    counts[DEPTH] = this.depth
    const to = read(u, s, at, u.length, limit, this.framer.eol === '\r\n', this.legacyFlags, this.records as unknown[], counts, this.open, this.fields,
      this.mapping.record as (g: never, items: ReadonlyArray<string>) => unknown, this.groups, this.dateKeys, this.dateValues)
    if (to !== at) {
      this.bodyLines = counts[LINES]!
      this.flows = counts[FLOWS]!
      this.depth = counts[DEPTH]!
    }
    return to
  }

  /** Ends the input: decodes a last line without line end and makes the end-of-file checks. */
  end(): void {
    if (this.ended) return
    this.ended = true
    const lines = this.framer.end()
    for (let i = 0; i < lines.length; i++) this.line(lines[i]!)
    this.drainTo(Number.MAX_SAFE_INTEGER)
    if (this.framer.bytes === 0) {
      this.sink.add(Diagnostic.of({ code: 'empty_file', line: 1, field: null, byteOffset: 0, expected: `a ${Schema.HEADER_ID} header`, found: '', message: 'file is empty' }))
    } else if (this.state !== State.Done) {
      this.sink.add(Diagnostic.of({
        code: 'missing_trailer', line: this.framer.lines + 1, field: null, byteOffset: this.framer.bytes, expected: `a ${Schema.TRAILER_ID} trailer`,
        found: 'the end of the file', message: `file ends without a ${Schema.TRAILER_ID} trailer`,
      }))
    }
  }

  /** Returns the clean records collected since the last call, and forgets them. */
  takeRecords(): R[] {
    const out = this.records
    this.records = ReaderOutput.emptyOut()
    return out
  }

  /** Returns the diagnostics found since the last call, and forgets them. */
  takeDiagnostics(): Diagnostic.Diagnostic[] {
    return this.sink.take()
  }

  /** Every diagnostic not taken, closed with a `too_many_diagnostics` marker when some were dropped. */
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

  private add(code: Diagnostic.DiagnosticCode, l: Line, field: Diagnostic.FieldRef | null, byteOffset: number, expected: string, found: string, message: string,
    severity: Diagnostic.Severity = 'error'): void {
    this.sink.add(Diagnostic.of({ code, line: l.line, field, byteOffset, expected, found, message, severity }))
  }

  /** The file's first line is not its header. */
  private missingHeader(l: Line): void {
    this.add('missing_header', l, null, l.byteOffset, `a ${Schema.HEADER_ID} header`, l.text, `file does not start with a ${Schema.HEADER_ID} header`)
  }

  private line(l: Line): void {
    let errorsBefore = this.sink.errors
    this.drainTo(l.line)
    const s = l.text
    if (l.tooLong === true) {
      // reported by the framer and not read: it still takes its place in the file
      if (this.state === State.Start) {
        this.state = State.Body
        this.missingHeader(l)
      } else if (this.state === State.Body) this.bodyLines++
      return
    }
    if (this.state === State.Done) {
      this.add('trailing_data', l, null, l.byteOffset, 'the end of the file', s, s.length === 0 ? 'empty line after the ZPT trailer' : 'data after the ZPT trailer')
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
      this.missingHeader(l)
      // a file-level problem: the record on this line may still be clean
      errorsBefore++
    }
    if (isTrailer) {
      this.decodeTrailer(l, bar, errorsBefore)
      return
    }
    this.bodyLines++
    const known = `a ${this.groups.map((g) => g.id).concat(Schema.TRAILER_ID).join(', ')} record`
    if (isHeader) {
      this.add('unexpected_record', l, null, l.byteOffset, known, s, `a second ${Schema.HEADER_ID} header`)
      return
    }
    if (group === null) {
      this.add('unexpected_record', l, null, l.byteOffset, known, s,
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
      this.add('unexpected_record', l, null, l.byteOffset, `group ${group.id} after its parent group ${group.parent ?? '(none)'}`, s,
        `group ${group.id} must follow its parent group ${group.parent ?? '(none)'}`)
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
      this.add('file_id_mismatch', l, fieldAt(Schema.TRAILER_FILE_ID), l.byteOffset + this.starts[Schema.TRAILER_FILE_ID]!,
        `${quote(this.headerFileId)}, the ZHV File Identifier`, v,
        `ZPT File Identifier ${quote(v)} differs from the ZHV File Identifier ${quote(this.headerFileId)}`)
    }
    if (n > Schema.TRAILER_GROUP_COUNT && Items.countOf(f[Schema.TRAILER_GROUP_COUNT]!) === Items.CountProblem.None) {
      const v = f[Schema.TRAILER_GROUP_COUNT]!
      if (Number(v) !== this.bodyLines) {
        this.add('group_count_mismatch', l, fieldAt(Schema.TRAILER_GROUP_COUNT), l.byteOffset + this.starts[Schema.TRAILER_GROUP_COUNT]!, String(this.bodyLines), v,
          `ZPT Total Group Count is ${v} but ${this.bodyLines} record${this.bodyLines === 1 ? '' : 's'} lie between ZHV and ZPT`)
      }
    }
    if (n > Schema.TRAILER_FLOW_COUNT && Items.countOf(f[Schema.TRAILER_FLOW_COUNT]!) === Items.CountProblem.None) {
      const v = f[Schema.TRAILER_FLOW_COUNT]!
      if (Number(v) !== this.flows) {
        this.add('flow_count_mismatch', l, fieldAt(Schema.TRAILER_FLOW_COUNT), l.byteOffset + this.starts[Schema.TRAILER_FLOW_COUNT]!, String(this.flows), v,
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
        last >= 0 ? l.byteOffset + st[last]! : l.byteOffset + s.length, last >= 0 ? 'the item followed by "|"' : 'a "|" after the group id', last >= 0 ? f[last]! : s,
        last >= 0
          ? `${id} ${spec?.label ?? `item ${n}`} is not followed by "|" at the end of the line`
          : `${id} record has no "|" after its group id`)
    }
    if (n !== specs.length) {
      this.add('field_count', l, null, l.byteOffset, `${specs.length} item${specs.length === 1 ? '' : 's'}`, s,
        `${id} record has ${n} item${n === 1 ? '' : 's'}, expected ${specs.length}`)
    }
    const m = n < specs.length ? n : specs.length
    for (let i = 0; i < m; i++) this.check(l, id, specs[i]!, i, f[i]!, st[i]!)
    return n
  }

  /** The detailed check of one item: each kind's rule, called as the body reader calls it, and what is wrong said. */
  private check(l: Line, id: string, spec: Schema.ItemSpec, i: number, v: string, at: number): void {
    const k = spec.kind
    const field = { name: spec.name, index: i + 1 }
    const offset = l.byteOffset + at
    if (v.length === 0) {
      if (spec.optional || (k._tag === 'text' && k.minLength === 0) || (k._tag === 'constant' && k.value === '')) return
      this.add('invalid_field', l, field, offset, expectedOf(k, this.legacyFlags), v, `${id} ${spec.label} is mandatory but empty`)
      return
    }
    switch (k._tag) {
      case 'mpanCore': {
        if (!MpanCore.hasShape(v)) {
          this.add('invalid_field', l, field, offset, '13 digits', v, `${id} ${spec.label} ${quote(v)} must be 13 digits`)
        } else if (!MpanCore.isValid(v)) {
          const d = MpanCore.checkDigit(v)
          this.add('bad_check_digit', l, field, offset, `check digit ${d}`, v, `${id} ${spec.label} ${quote(v)} fails its check digit (expected ${d})`, this.checkSeverity)
        }
        return
      }
      case 'flag':
        if (!Flag.isFlag(v, this.legacyFlags)) {
          this.add('invalid_flag', l, field, offset, expectedOf(k, this.legacyFlags), v,
            Flag.isFlag(v, true)
              ? `${id} ${spec.label} ${quote(v)} is a pre-MP077 flag, accepted only with the legacy flags option`
              : `${id} ${spec.label} ${quote(v)} is not A, N or I`)
        }
        return
      case 'date':
        if (!CalendarDate.isDate(v)) {
          this.add('invalid_date', l, field, offset, expectedOf(k, this.legacyFlags), v, `${id} ${spec.label} ${quote(v)} is not a real date YYYYMMDD`)
        }
        return
      case 'timestamp':
        if (!CalendarDate.isTimestamp(v)) {
          this.add('invalid_date', l, field, offset, expectedOf(k, this.legacyFlags), v, `${id} ${spec.label} ${quote(v)} is not a real timestamp YYYYMMDDHHMMSS`)
        }
        return
      case 'count': {
        const problem = Items.countOf(v)
        if (problem !== Items.CountProblem.None) {
          this.add('invalid_field', l, field, offset, COUNT_EXPECTED, v, `${id} ${spec.label} ${quote(v)} ${countProblem[problem]}`)
        }
        return
      }
      case 'constant':
        if (v !== k.value) {
          this.add('invalid_field', l, field, offset, expectedOf(k, this.legacyFlags), v, `${id} ${spec.label} ${quote(v)} must be ${k.value}`)
        }
        return
      case 'text':
        if (v.length < k.minLength || v.length > k.maxLength || (k.charClass !== 'any' && !Items.allAdmittedIn(v, charClassOf(k.charClass)))) {
          const expected = expectedOf(k, this.legacyFlags)
          this.add('invalid_field', l, field, offset, expected, v, `${id} ${spec.label} ${quote(v)} must be ${expected}`)
        }
        return
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the shell
// ---------------------------------------------------------------------------------------------

/**
 * A DTC flow as a file kind for the shell (`FileEngine`): its decoder (over `schema`, building
 * values with `mapping`, reading clean records with the reader `choice` gives) and its writer.
 *
 * @example
 * import * as D0350 from './D0350'
 * const d = declaration(D0350.layout, genericMapping, writerFor(D0350.layout))
 * @since 0.2.0
 * @category constructors
 */
export const declaration = <H, R, T>(
  schema: Schema.FlowSchema,
  mapping: Mapping<H, R, T>,
  writer: Writer<H, R, T>,
  choice: FileCodec.ReaderChoice = 'default',
): FileEngine.Declaration<H, R, T> => ({
  decoder: (options, yieldDiagnostics) => new Decoder(schema, mapping, options, choice, yieldDiagnostics),
  writer,
})

// the writer is not needed to decode: these stand-ins keep the decoding helpers below writer-free
const noWriter: Writer<never, never, never> = { header: () => '', record: () => '', trailer: () => '', isFlow: () => true }

const decoding = <H, R, T>(schema: Schema.FlowSchema, mapping: Mapping<H, R, T>) =>
  FileEngine.codec(declaration(schema, mapping, noWriter as unknown as Writer<H, R, T>))

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
): FileCodec.Inspection<FileCodec.File<H, R, T>> => decoding(schema, mapping).inspect(bytes, options)

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
): E.Either<[Diagnostic.Diagnostic, ...Diagnostic.Diagnostic[]], FileCodec.File<H, R, T>> =>
  decoding(schema, mapping).decode(bytes, options) as E.Either<[Diagnostic.Diagnostic, ...Diagnostic.Diagnostic[]], FileCodec.File<H, R, T>>

/**
 * Decodes a byte stream in batches of `batchSize` clean records, memory bounded by the batch and the
 * chunk size. The header is yielded when its line decodes cleanly; the trailer checks run when the
 * trailer arrives; `end` carries every diagnostic.
 *
 * @example
 * import * as D0350 from './D0350'
 * async function* one() { yield new Uint8Array(0) }
 * decodeStreamWith(D0350.layout, genericMapping, one()) // yields one `end` item, with an `empty_file` diagnostic
 * @since 0.1.0
 * @category decoding
 */
export const decodeStreamWith = <H, R, T>(
  schema: Schema.FlowSchema,
  mapping: Mapping<H, R, T>,
  source: AsyncIterable<Uint8Array>,
  options: FileCodec.StreamOptions = {},
): AsyncGenerator<FileCodec.StreamItem<H, R, T>, void, undefined> => decoding(schema, mapping).decodeStream(source, options)


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
export const encodeChunks = <H, R, T>(writer: Writer<H, R, T>, file: FileCodec.File<H, R, T>): Generator<Uint8Array, void, undefined> =>
  FileEngine.codec({ decoder: () => { throw new TypeError('Dtc.encodeChunks does not decode') }, writer }).encodeChunks(file)

/**
 * Joins chunks into one buffer.
 *
 * @example
 * concat([new Uint8Array([1]), new Uint8Array([2])]) // Uint8Array [1, 2]
 * @since 0.1.0
 * @category encoding
 */
export const concat = FileEngine.concat

/**
 * Encodes a header, a (possibly async) stream of records and the trailer facts to byte chunks of
 * about {@link CHUNK_SIZE}, counting groups and flows on the way; `trailer` builds the trailer
 * value from the counts.
 *
 * @example
 * const chunks = encodeStreamWith(genericWriter, ['1'], [], (groupCount, flowCount) => ['1', String(groupCount), '', String(flowCount), '20211104120000'], {})
 * @since 0.1.0
 * @category encoding
 */
export const encodeStreamWith = <H, R, T>(
  writer: Writer<H, R, T>,
  header: H,
  records: AsyncIterable<R> | Iterable<R>,
  trailer: (groupCount: number, flowCount: number) => T,
  layout: FileEngine.Layout,
): AsyncGenerator<Uint8Array, void, undefined> =>
  FileEngine.codec({ decoder: () => { throw new TypeError('Dtc.encodeStreamWith does not decode') }, writer })
    .encodeStreamWith(header, records, (c) => trailer(c.records, c.flows), layout)

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
 * async function* none(): AsyncGenerator<Uint8Array> {}
 * decodeStream(D0350.layout, none()) // yields one `end` item with an `empty_file` diagnostic
 * @since 0.1.0
 * @category decoding
 */
export const decodeStream = (schema: Schema.FlowSchema, source: AsyncIterable<Uint8Array>, options?: FileCodec.StreamOptions) =>
  decodeStreamWith(schema, genericMapping, source, options)

/**
 * A generic DTC codec for any flow: the way to decode a flow the library does not know, without
 * code changes. Checks the schema first (a bad schema is a programmer error and throws). A flow
 * without a reader generated at build time is read by the detailed path alone, unless
 * `reader` is the run-time compiler of the `dcc-service-flags/compile` entry point (see
 * `FileCodec.ReaderChoice`).
 *
 * @example
 * import * as Schema from './Schema'
 * const myFlow = Schema.flow('D9999', '001', [{ id: 'ABC', label: 'A thing', level: 1, parent: null,
 *   items: [Schema.item('mpanCore', 'MPAN Core', 'J0003', Schema.kind('mpanCore'))] }])
 * const c = codec(myFlow)
 * c.inspect(new TextEncoder().encode('ZHV|1|D9999001|Z|DCCO|P|LOND|20211104120000||||OPER|\nABC|1200023305967|\nZPT|1|1||1|20211104120000|\n')).file?.records
 * // [{ id: 'ABC', items: ['1200023305967'] }]
 * @since 0.1.0
 * @category constructors
 */
export const codec = (schema: Schema.FlowSchema, options: FileCodec.CodecOptions = {}): DtcCodec => {
  const bad = Schema.problems(schema)
  if (bad.length > 0) throw new TypeError(`Dtc.codec: bad schema ${schema.flowId}: ${bad.join('; ')}`)
  const writer = writerFor(schema)
  const engine = FileEngine.codec(declaration(schema, genericMapping, writer, options.reader))
  return {
    schema,
    inspect: engine.inspect,
    decode: engine.decode,
    encode,
    decodeStream: engine.decodeStream,
    encodeStream: (header, groups, info) =>
      engine.encodeStreamWith(header, groups,
        (c) => [header[Schema.HEADER_FILE_ID] ?? '', String(c.records), info.checksum ?? '', String(c.flows), info.completedAt], info),
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
export interface DtcCodec {
  readonly schema: Schema.FlowSchema
  readonly inspect: (bytes: Uint8Array, options?: FileCodec.DecodeOptions) => FileCodec.Inspection<DtcFile>
  readonly decode: FileCodec.FileCodec<ReadonlyArray<string>, Group, ReadonlyArray<string>>['decode']
  readonly encode: (file: DtcFile) => Uint8Array
  readonly decodeStream: FileCodec.DecodeStream<ReadonlyArray<string>, Group, ReadonlyArray<string>>
  /** Encodes header items, groups and trailer facts; the trailer's file id is the header's. */
  readonly encodeStream: (
    header: ReadonlyArray<string>,
    groups: AsyncIterable<Group> | Iterable<Group>,
    info: TrailerInfo,
  ) => AsyncGenerator<Uint8Array, void, undefined>
}
