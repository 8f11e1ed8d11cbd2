/**
 * The UK Link file engine: comma-separated records with no trailing delimiter, an `A00` header, body
 * records and a `Z99` trailer, driven by a {@link Schema.FileSchema}, in the one file shell
 * (`FileEngine`). Whole buffers and streams go through the same incremental {@link Decoder} fed by
 * the shared `LineFramer`, so decoding is chunk-blind by construction; {@link codec} turns a schema
 * into a `FileCodec`.
 *
 * Two paths read a line: the **detailed path** here, which checks every field and says what is
 * wrong, and a **body reader** generated from the body layout (`reader/`), which takes runs of
 * clean records straight from the bytes. Both call the same rules (`identifiers/`, `Items`).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { CalendarDate, Flag, Mprn } from '../../identifiers'
import * as DateCache from '../DateCache'
import * as Diagnostic from '../Diagnostic'
import * as FileEngine from '../FileEngine'
import * as Items from '../Items'
import { LineFramer, type Eol, type Line } from '../Lines'
import type { CodecOptions, Decode, DecodeOptions, DiagnosticsItem, File, FileCodec, FileKind, Inspection, ReaderChoice, StreamItem } from '../FileCodec'
import * as ReaderOutput from '../ReaderOutput'
import { LINES, emptyCounts, type BodyReader, type Program } from '../reader/Program'
import { readerOf } from '../reader/Readers'
import type * as Schema from './Schema'
import { programOf } from './ReaderProgram'

/**
 * The `A00` header as read: every field is kept as the exact string read.
 *
 * @example
 * const h: A00Header = { organisationId: '1234567890', fileType: 'DXI', creationDate: '20211104', creationTime: '063000', generationNumber: '1' }
 * @since 0.1.0
 * @category model
 */
export interface A00Header {
  readonly organisationId: string
  readonly fileType: string
  readonly creationDate: string
  /** `HHMMSS`, leading zero kept (`063000`). */
  readonly creationTime: string
  /** Bare digits without leading zeros, held as the string read (see `Schema.PROVISIONAL_A00_TAIL`). */
  readonly generationNumber: string
}

/**
 * The `Z99` trailer.
 *
 * @example
 * const t: Z99Trailer = { recordCount: 2 }
 * @since 0.1.0
 * @category model
 */
export interface Z99Trailer {
  readonly recordCount: number
}

/**
 * Options of the stream encoder.
 *
 * @example
 * const o: EncodeStreamOptions = { eol: '\r\n', finalNewline: false }
 * @since 0.1.0
 * @category model
 */
export interface EncodeStreamOptions {
  /** Line end; default LF. */
  readonly eol?: Eol
  /** Whether the trailer ends with a line end; default true. */
  readonly finalNewline?: boolean
}

/**
 * A `FileCodec` plus the stream encoder and the helpers every UK Link kind shares.
 *
 * @example
 * import * as Schema from './Schema'
 * const c: Codec<A00Header, { mprn: string; flag: string; effectiveFrom: string }, Z99Trailer> = codec(Schema.dxiSchema())
 * @since 0.1.0
 * @category model
 */
export interface Codec<H, R, T> extends FileCodec<H, R, T> {
  readonly schema: Schema.FileSchema
  /** The schema as a file kind of the shell (`FileEngine`). */
  readonly declaration: FileEngine.Declaration<H, R, T>
  /** Encodes header, records (counted while streaming) and a computed trailer in chunks of about 64 KiB. */
  readonly encodeStream: (
    header: H,
    records: AsyncIterable<R> | Iterable<R>,
    options?: EncodeStreamOptions,
  ) => AsyncGenerator<Uint8Array, void, undefined>
  /** A file value with its trailer computed from the records; LF and a final newline unless told. */
  readonly makeFile: (header: H, records: ReadonlyArray<R>, eol?: Eol, finalNewline?: boolean) => File<H, R, T>
}

/**
 * Bytes per encoded chunk.
 *
 * @example
 * CHUNK_SIZE // 65536
 * @since 0.1.0
 * @category constants
 */
export const CHUNK_SIZE = FileEngine.CHUNK_SIZE

type Values = Record<string, string | number>

const START = 0
const BODY = 1
const DONE = 2

const QUOTE = 34

const describeField = (f: Schema.FieldSpec, index: number): string => `${f.label} (field ${index})`

const quote = Diagnostic.quote

/** What a field must hold, in words (a diagnostic's `expected`). */
const expectedOf = (f: Schema.FieldSpec, legacy: boolean): string => {
  const r = f.refinement
  const length = f.minLength === f.maxLength ? `${f.maxLength}` : `${f.minLength}–${f.maxLength}`
  if (f.type === 'D') return 'a real date YYYYMMDD, bare'
  switch (r._tag) {
    case 'constant':
      return f.type === 'T' ? `"${r.value}"` : r.value
    case 'oneOf':
      return r.values.length === 0 ? 'no value (the layout allows none)' : r.values.map((x, i) => `${x} (${r.meanings[i] ?? x})`).join(' or ')
    case 'letters':
      return `${length} letters, quoted`
    case 'flag':
      return legacy ? 'A, N, I, S or W, quoted' : 'A, N or I, quoted'
    case 'timeOfDay':
      return 'a real time of day HHMMSS, bare'
    case 'count':
      return `a count of ${length} digits without leading zeros, bare`
    case 'mprn':
      return 'an MPRN: 6 to 10 digits with valid check digits, bare'
    case 'none':
      return f.type === 'T' ? `${length} characters, quoted` : `${length} digits, bare`
  }
}

// each body layout's program (built once: a decoder per file would otherwise rebuild it)
const programs = new WeakMap<Schema.RecordSpec, Program | null>()

const programFor = (spec: Schema.RecordSpec): Program | null => {
  let p = programs.get(spec)
  if (p === undefined) programs.set(spec, (p = programOf(spec)))
  return p
}

/**
 * The incremental decoder behind `inspect` and `decodeStream`: feed chunks with {@link Decoder.push}
 * (or `pushUntil`/`resume`), then call {@link Decoder.end}. Clean body records collect in `records`
 * (the caller takes them away); the header and trailer are set when they decode cleanly.
 * Diagnostics go to `sink` in file order: for each line, the framer's (bytes, line ends) and then
 * the record's, so the cap keeps the same diagnostics whatever the chunking.
 *
 * @example
 * import * as Schema from './Schema'
 * const d = new Decoder(Schema.dxiSchema())
 * d.push(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n'))
 * d.end()
 * d.sink.errors // 0
 * @since 0.1.0
 * @category constructors
 */
export class Decoder implements FileEngine.Decoder<Values, Values, Values> {
  readonly sink: Diagnostic.Collector
  /** Clean body records not yet taken. */
  records: Values[] = ReaderOutput.emptyOut()
  header: Values | null = null
  trailer: Values | null = null
  private readonly framerSink = new Diagnostic.Collector(Number.POSITIVE_INFINITY)
  private readonly framer = new LineFramer(this.framerSink)
  private state = START
  private headerSeen = false
  private bodyCount = 0
  private readonly legacy: boolean
  private readonly checkSeverity: Diagnostic.Severity
  /** Start offsets of the fields of the line being read, and the offset just past each. */
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  /** The body layout's reader (null: every record takes the detailed path). */
  private readonly reader: BodyReader | null
  private readonly counts = emptyCounts()
  private readonly open: string[] = Array.of(String())
  private readonly items: string[] = []
  private readonly dateCache = DateCache.emptyDateCache()
  private readonly dateKeys = this.dateCache.keys
  private readonly dateValues = this.dateCache.values
  private ended = false

  /**
   * @param reader which body reader reads clean records (`detailed`: none, every line takes the
   *   detailed path; the tests compare them).
   * @param yieldDiagnostics hand diagnostics on as they are found ({@link takeDiagnostics}): reading
   *   then also stops when `limit` of them wait.
   */
  constructor(readonly schema: Schema.FileSchema, options: DecodeOptions = {}, reader: ReaderChoice = 'default', private readonly yieldDiagnostics = false) {
    this.sink = new Diagnostic.Collector(options.maxDiagnostics ?? Diagnostic.DEFAULT_MAX_DIAGNOSTICS)
    this.legacy = options.legacyFlags === true
    this.checkSeverity = options.checkDigits === 'warning' ? 'warning' : 'error'
    this.reader = reader === 'detailed' ? null : readerOf(programFor(schema.body), reader)
  }

  /** Errors found so far (warnings excluded, dropped ones included). */
  get errors(): number {
    return this.sink.errors
  }

  /** Reads one chunk whole. */
  push(chunk: Uint8Array): void {
    this.pushUntil(chunk, Number.POSITIVE_INFINITY)
  }

  /** Starts reading a chunk, until `records` holds `limit` records; true when the chunk is read. */
  pushUntil(chunk: Uint8Array, limit: number): boolean {
    this.framer.begin(chunk)
    return this.resume(limit)
  }

  /** Goes on reading the chunk given last, until `records` holds `limit` records; true when it is read. */
  resume(limit: number): boolean {
    const fr = this.framer
    const pending = this.framerSink.list
    for (;;) {
      if (this.records.length >= limit || (this.yieldDiagnostics && this.sink.list.length >= limit)) return false
      // clean body records skip the line objects and the detailed path; the first line the
      // reader does not take goes to the detailed path, which reports its problems
      if (this.state === BODY && this.reader !== null && fr.raw !== null && fr.eol !== null) {
        const counts = this.counts
        counts[LINES] = 0
        const to = this.reader(fr.raw, fr.text, fr.at, fr.raw.length, limit, fr.eol === '\r\n', this.legacy, this.records, counts, this.open, this.items,
          noRecord, noSpecs, this.dateKeys, this.dateValues)
        if (to !== fr.at) {
          const n = counts[LINES]!
          this.bodyCount += n
          fr.advance(n, to)
        }
        if (this.records.length >= limit) return false
      }
      const line = fr.next()
      if (line === null) return true
      // the framer's diagnostics (bytes, line ends) of this line come before the record's
      const errorsBefore = this.sink.errors
      for (let p = 0; p < pending.length; p++) this.sink.add(pending[p]!)
      pending.length = 0
      this.readLine(line, errorsBefore)
    }
  }

  /** Ends the input: reads the last unterminated line and checks that the file was complete. */
  end(): void {
    if (this.ended) return
    this.ended = true
    this.take(this.framer.end())
    const bytes = this.framer.bytes
    if (bytes === 0) {
      this.sink.add(Diagnostic.of({
        code: 'empty_file', line: 1, field: null, byteOffset: 0, expected: 'an A00 header', found: '',
        message: `the ${this.schema.label} file is empty: it needs an A00 header and a Z99 trailer`,
      }))
    } else if (this.state !== DONE) {
      this.sink.add(Diagnostic.of({
        code: 'missing_trailer', line: this.framer.lines + 1, field: null, byteOffset: bytes, expected: 'a Z99 trailer', found: 'the end of the file',
        message: `the ${this.schema.label} file ends without a Z99 trailer`,
      }))
    }
  }

  /** Line end of the file (LF when no line ended). */
  get eol(): Eol {
    return this.framer.eol ?? '\n'
  }

  /** Whether the last line ended with a line end (meaningful after {@link end}). */
  get finalNewline(): boolean {
    return this.framer.finalNewline
  }

  /** The clean records collected since the last call, forgotten here. */
  takeRecords(): Values[] {
    const out = this.records
    this.records = ReaderOutput.emptyOut()
    return out
  }

  /** The diagnostics found since the last call, forgotten here. */
  takeDiagnostics(): Diagnostic.Diagnostic[] {
    return this.sink.take()
  }

  /** Every diagnostic not taken, closed by the cap marker when some were dropped. */
  diagnostics(): Diagnostic.Diagnostic[] {
    return this.sink.finish(Math.max(1, this.framer.lines), this.framer.bytes)
  }

  private take(lines: Line[]): void {
    const pending = this.framerSink.list
    let p = 0
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      const errorsBefore = this.sink.errors
      while (p < pending.length && pending[p]!.line <= line.line) this.sink.add(pending[p++]!)
      this.readLine(line, errorsBefore)
    }
    while (p < pending.length) this.sink.add(pending[p++]!)
    pending.length = 0
  }

  private lineIssue(code: Diagnostic.DiagnosticCode, line: Line, field: Diagnostic.FieldRef | null, expected: string, message: string): void {
    this.sink.add(Diagnostic.of({ code, line: line.line, field, byteOffset: line.byteOffset, expected, found: line.text, message }))
  }

  /** The file's first line is not its A00 header. */
  private missingHeader(line: Line): void {
    this.lineIssue('missing_header', line, null, 'an A00 header', `the ${this.schema.label} file must open with an A00 header record`)
  }

  /** Reads a line; `errorsBefore` counts the errors before its framing ones (a record with those is not clean). */
  private readLine(line: Line, errorsBefore: number): void {
    const s = line.text
    const schema = this.schema
    if (line.tooLong === true) {
      // reported by the framer and not read: it still takes its place in the file
      if (this.state === START) {
        this.state = BODY
        this.missingHeader(line)
      } else if (this.state === BODY) this.bodyCount++
      return
    }
    if (this.state === DONE) {
      this.lineIssue('trailing_data', line, null, 'the end of the file', s.length === 0 ? 'empty line after the Z99 trailer' : 'data after the Z99 trailer')
      return
    }
    const type = transactionTypeOf(s)
    if (this.state === START) {
      this.state = BODY
      if (type === schema.header.transactionType) {
        this.headerSeen = true
        this.header = this.readRecord(schema.header, line)
        return
      }
      this.missingHeader(line)
    }
    const expected = `an ${schema.body.transactionType} or Z99 record`
    if (s.length === 0) {
      this.lineIssue('unexpected_record', line, null, expected, 'empty line where a record was expected')
      return
    }
    if (type === schema.trailer.transactionType) {
      this.state = DONE
      this.readTrailer(line)
      return
    }
    this.bodyCount++
    const typeField = { name: 'transactionType', index: 1 }
    if (type === schema.body.transactionType) {
      const v = this.readRecord(schema.body, line)
      if (v !== null && this.sink.errors === errorsBefore) this.records.push(v)
    } else if (type === schema.header.transactionType) {
      this.lineIssue('unexpected_record', line, null, expected, `second A00 header: a ${schema.label} file has one header, on line 1`)
    } else if (schema.foreign.includes(type)) {
      this.lineIssue('unexpected_record', line, typeField, expected,
        `${type} record does not belong in a ${schema.label} file (expected ${schema.body.transactionType})`)
    } else {
      this.lineIssue('unexpected_record', line, typeField, expected,
        `unknown transaction type ${quote(type)} (a ${schema.label} file holds A00, ${schema.body.transactionType} and Z99 records)`)
    }
  }

  private readTrailer(line: Line): void {
    const spec = this.schema.trailer
    const v = this.readRecord(spec, line)
    if (v === null) return
    this.trailer = v
    const rule = this.schema.recordCount
    const expected = this.bodyCount + (rule.includesHeader && this.headerSeen ? 1 : 0) + (rule.includesTrailer ? 1 : 0)
    const found = v[this.schema.recordCountField]
    if (found !== expected) {
      const index = spec.fields.findIndex((f) => f.name === this.schema.recordCountField)
      const at = index >= 0 ? this.starts[index]! : 0
      this.sink.add(Diagnostic.of({
        code: 'record_count_mismatch', line: line.line, field: { name: this.schema.recordCountField, index: index + 1 }, byteOffset: line.byteOffset + at,
        expected: String(expected), found: String(found),
        message: `Record Count ${String(found)} does not match the ${expected} records counted${describeCountRule(rule)}`,
      }))
    }
  }

  /** Splits and checks one record; the value when every field is clean (warnings allowed), else null. */
  private readRecord(spec: Schema.RecordSpec, line: Line): Values | null {
    const s = line.text
    const starts = this.starts
    const ends = this.ends
    let n = 0
    let start = 0
    for (;;) {
      const comma = s.indexOf(',', start)
      starts[n] = start
      ends[n] = comma === -1 ? s.length : comma
      n++
      if (comma === -1) break
      start = comma + 1
    }
    const fields = spec.fields
    let ok = true
    if (n !== fields.length) {
      ok = false
      this.sink.add(Diagnostic.of({
        code: 'field_count', line: line.line, field: null, byteOffset: line.byteOffset, expected: `${fields.length} field${fields.length === 1 ? '' : 's'}`,
        found: s,
        message: `${spec.transactionType} ${spec.label} has ${n} field${n === 1 ? '' : 's'}, expected ${fields.length} (fields are separated by commas, with none after the last)`,
      }))
    }
    const out: Values = {}
    const m = n < fields.length ? n : fields.length
    for (let i = 0; i < m; i++) {
      const f = fields[i]!
      const v = this.readField(f, i + 1, s, starts[i]!, ends[i]!, line)
      if (v === undefined) ok = false
      else if (f.holds === 'string') out[f.name] = v
      else if (f.holds === 'number') out[f.name] = +v
    }
    return ok ? out : null
  }

  /** Checks one field: each refinement's rule, called as the body reader calls it; its content, or undefined after reporting the problem. */
  private readField(f: Schema.FieldSpec, index: number, s: string, a: number, b: number, line: Line): string | undefined {
    const raw = s.slice(a, b)
    let value: string
    if (f.type === 'T') {
      if (b - a < 2 || s.charCodeAt(a) !== QUOTE || s.charCodeAt(b - 1) !== QUOTE) {
        const quoted = raw.includes('"')
        this.report('bad_quoting', f, index, a, raw, line, quoted
          ? `${describeField(f, index)} ${quote(raw)} has unbalanced double quotes`
          : `${describeField(f, index)} ${raw === '' ? 'is empty' : `${quote(raw)} is not`} enclosed in double quotes (text fields are quoted)`)
        return undefined
      }
      value = raw.slice(1, -1)
      if (value.includes('"')) {
        this.report('bad_quoting', f, index, a, raw, line, `${describeField(f, index)} ${quote(raw)} contains a double quote inside the text`)
        return undefined
      }
    } else {
      if (raw.includes('"')) {
        this.report('bad_quoting', f, index, a, raw, line,
          `${describeField(f, index)} ${quote(raw)} is quoted, but ${f.type === 'N' ? 'numeric' : 'date'} fields are bare`)
        return undefined
      }
      value = raw
    }
    const r = f.refinement
    if (f.type === 'D') {
      if (!CalendarDate.isDate(value)) {
        this.report('invalid_date', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} is not a real date written YYYYMMDD`)
        return undefined
      }
      return value
    }
    if (f.type === 'N') {
      if (value === '' || !Items.allAdmittedIn(value, Items.Chars.DIGIT)) {
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} is not ${value === '' ? 'present (it is mandatory)' : 'bare digits'}`)
        return undefined
      }
      if (value.length > f.maxLength || value.length < f.minLength) {
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} has ${value.length} digits, ${describeLength(f)}`)
        return undefined
      }
    } else if (r._tag === 'none' && (value.length > f.maxLength || value.length < f.minLength)) {
      this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} has ${value.length} characters, ${describeLength(f)}`)
      return undefined
    }
    switch (r._tag) {
      case 'none':
        return value
      case 'constant':
        if (value === r.value) return value
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} should be "${r.value}"`)
        return undefined
      case 'oneOf':
        if (r.values.includes(value)) return value
        this.report('invalid_field', f, index, a, raw, line,
          `${describeField(f, index)} ${quote(value)} is not ${r.values.map((x, i) => `${x} (${r.meanings[i] ?? x})`).join(' or ')}`)
        return undefined
      case 'letters':
        if (value.length >= f.minLength && value.length <= f.maxLength && Items.allAdmittedIn(value, Items.Chars.LETTERS)) return value
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} is not ${describeLength(f).replace('expected ', '')} letters`)
        return undefined
      case 'flag':
        if (Flag.isFlag(value, this.legacy)) return value
        this.report('invalid_flag', f, index, a, raw, line, Flag.isFlag(value, true)
          ? `${describeField(f, index)} ${quote(value)} is a pre-MP077 flag, accepted only with the legacy flags option`
          : `${describeField(f, index)} ${quote(value)} is not A, N or I`)
        return undefined
      case 'timeOfDay':
        if (CalendarDate.isTimeOfDay(value)) return value
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} is not a real time of day written HHMMSS`)
        return undefined
      case 'count': {
        const problem = Items.countOf(value)
        if (problem === Items.CountProblem.None) return value
        this.report('invalid_field', f, index, a, raw, line, problem === Items.CountProblem.LeadingZeros
          ? `${describeField(f, index)} ${quote(value)} has leading zeros (numbers are bare, with no padding)`
          : `${describeField(f, index)} ${quote(value)} is out of range (a count has at most ${Items.MAX_COUNT_DIGITS} digits)`)
        return undefined
      }
      case 'mprn':
        if (!Mprn.hasShape(value)) {
          this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} ${quote(value)} is not an MPRN (6 to 10 digits)`)
          return undefined
        }
        if (Mprn.isValid(value)) return value
        this.report('bad_check_digit', f, index, a, raw, line, `${describeField(f, index)} MPRN ${value} fails its check digits`, this.checkSeverity)
        return this.checkSeverity === 'warning' ? value : undefined
    }
  }

  private report(
    code: Diagnostic.DiagnosticCode,
    f: Schema.FieldSpec,
    index: number,
    at: number,
    found: string,
    line: Line,
    message: string,
    severity: Diagnostic.Severity = 'error',
  ): void {
    const expected = code === 'bad_check_digit' ? 'valid MPRN check digits' : code === 'bad_quoting'
      ? (f.type === 'T' ? 'text in double quotes' : 'a bare value, without quotes') : expectedOf(f, this.legacy)
    this.sink.add(Diagnostic.of({ code, line: line.line, field: { name: f.name, index }, byteOffset: line.byteOffset + at, expected, found, message, severity }))
  }
}

// what UK Link readers are handed for the arguments only DTC records use
const noRecord = (): unknown => null
const noSpecs: ReadonlyArray<unknown> = []

const describeLength = (f: Schema.FieldSpec): string =>
  f.minLength === f.maxLength ? `expected ${f.maxLength}` : `expected ${f.minLength} to ${f.maxLength}`

const describeCountRule = (r: Schema.RecordCountRule): string =>
  r.includesHeader || r.includesTrailer
    ? ` (body records${r.includesHeader ? ' + header' : ''}${r.includesTrailer ? ' + trailer' : ''})`
    : ' (body records, header and trailer not counted)'

/** The transaction type of a line: its first field without quotes. */
const transactionTypeOf = (s: string): string => {
  const comma = s.indexOf(',')
  const first = comma === -1 ? s : s.slice(0, comma)
  return first.length >= 2 && first.charCodeAt(0) === QUOTE && first.charCodeAt(first.length - 1) === QUOTE ? first.slice(1, -1) : first
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/**
 * Writes one record's line (no line end) from its value: field 1 is the transaction type, every
 * other field writes its value, quoted for text fields. Unrolled for up to six fields: each
 * property read then always sees the same key (one inline cache per field, the way a literal
 * `v.mprn` would), which a loop over the names would not.
 *
 * @example
 * import * as Schema from './Schema'
 * lineWriter(Schema.E45)({ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }) // '"E45",3938424403,"A",20211104'
 * @since 0.2.0
 * @category encoding
 */
export const lineWriter = (spec: Schema.RecordSpec): ((v: Values) => string) => {
  const first = spec.fields[0]!
  const prefix = `"${first.refinement._tag === 'constant' ? first.refinement.value : spec.transactionType}"`
  const rest = spec.fields.slice(1)
  const names = rest.map((f) => f.name)
  const open = rest.map((f) => (f.type === 'T' ? ',"' : ','))
  const close = rest.map((f) => (f.type === 'T' ? '"' : ''))
  const [k0, k1, k2, k3, k4, k5] = names as [string, string, string, string, string, string]
  const [o0, o1, o2, o3, o4, o5] = open as [string, string, string, string, string, string]
  const [c0, c1, c2, c3, c4, c5] = close as [string, string, string, string, string, string]
  switch (rest.length) {
    case 0:
      return () => prefix
    case 1:
      return (v) => prefix + o0 + v[k0] + c0
    case 2:
      return (v) => prefix + o0 + v[k0] + c0 + o1 + v[k1] + c1
    case 3:
      return (v) => prefix + o0 + v[k0] + c0 + o1 + v[k1] + c1 + o2 + v[k2] + c2
    case 4:
      return (v) => prefix + o0 + v[k0] + c0 + o1 + v[k1] + c1 + o2 + v[k2] + c2 + o3 + v[k3] + c3
    case 5:
      return (v) => prefix + o0 + v[k0] + c0 + o1 + v[k1] + c1 + o2 + v[k2] + c2 + o3 + v[k3] + c3 + o4 + v[k4] + c4
    case 6:
      return (v) => prefix + o0 + v[k0] + c0 + o1 + v[k1] + c1 + o2 + v[k2] + c2 + o3 + v[k3] + c3 + o4 + v[k4] + c4 + o5 + v[k5] + c5
    default:
      return (v) => {
        let out = prefix
        for (let i = 0; i < names.length; i++) out += open[i]! + v[names[i]!] + close[i]!
        return out
      }
  }
}

// ---------------------------------------------------------------------------------------------
// The codec
// ---------------------------------------------------------------------------------------------

/**
 * Collects a stream decoder's items into the inspection `inspect` would give for the whole buffer.
 *
 * @example
 * import * as Dxi from './Dxi'
 * async function* none(): AsyncGenerator<Uint8Array> {}
 * void collect(Dxi.decodeStream(none())).then((r) => r.diagnostics[0]?.code) // 'empty_file'
 * @since 0.1.0
 * @category destructors
 */
export const collect: <H, R, T>(items: AsyncIterable<StreamItem<H, R, T> | DiagnosticsItem>) => Promise<Inspection<File<H, R, T>>> = FileEngine.collect

/**
 * A UK Link file schema as a file kind of the shell (`FileEngine`): its decoder and writer.
 *
 * @example
 * import * as Schema from './Schema'
 * const d = declaration(Schema.dxiSchema())
 * @since 0.2.0
 * @category constructors
 */
export const declaration = <H, R, T>(schema: Schema.FileSchema, choice: ReaderChoice = 'default'): FileEngine.Declaration<H, R, T> => ({
  decoder: (options, yieldDiagnostics) => new Decoder(schema, options, choice, yieldDiagnostics) as unknown as FileEngine.Decoder<H, R, T>,
  writer: {
    header: lineWriter(schema.header) as (h: H) => string,
    record: lineWriter(schema.body) as (r: R) => string,
    trailer: lineWriter(schema.trailer) as (t: T) => string,
  },
})

/**
 * The file codec of a UK Link file schema (the types `H`, `R`, `T` must match the schema's field
 * names: they are not checked). A body layout without a reader generated at build time is read by
 * the detailed path alone, unless `reader` is the run-time compiler of the `dcc-service-flags/compile`
 * entry point (see `FileCodec.ReaderChoice`).
 *
 * @example
 * import * as Schema from './Schema'
 * const Dxi = codec<A00Header, { mprn: string; flag: string; effectiveFrom: string }, Z99Trailer>(Schema.dxiSchema())
 * Dxi.inspect(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n')).diagnostics // []
 * @since 0.1.0
 * @category constructors
 */
export const codec = <H, R, T>(schema: Schema.FileSchema, options: CodecOptions = {}): Codec<H, R, T> => {
  const rule = schema.recordCount
  const extra = (rule.includesHeader ? 1 : 0) + (rule.includesTrailer ? 1 : 0)
  const trailerFor = (n: number): T => ({ [schema.recordCountField]: n + extra }) as T
  const engine = FileEngine.codec(declaration<H, R, T>(schema, options.reader))
  return {
    kind: schema.kind,
    schema,
    declaration: engine.declaration,
    inspect: engine.inspect,
    decode: engine.decode,
    encode: engine.encode,
    decodeStream: engine.decodeStream,
    encodeStream: (header, records, o = {}) => engine.encodeStreamWith(header, records, (c) => trailerFor(c.records), o),
    makeFile: (header, records, eol = '\n', finalNewline = true) => ({ header, records, trailer: trailerFor(records.length), eol, finalNewline }),
  }
}

// ---------------------------------------------------------------------------------------------
// What every UK Link kind's module shares
// ---------------------------------------------------------------------------------------------

/**
 * What a kind's `make` needs: the header (its File Type as the kind decides) and the records.
 *
 * @example
 * const i: MakeInput<{ mprn: string }> = { header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }
 * @since 0.2.0
 * @category model
 */
export interface MakeInput<R> {
  readonly header: {
    readonly organisationId: string
    /** Three letters; each kind says whether it may be given and its default. */
    readonly fileType?: string
    readonly creationDate: string
    readonly creationTime: string
    /** A number is written in decimal. */
    readonly generationNumber: string | number
  }
  readonly records: ReadonlyArray<R>
  /** Default LF. */
  readonly eol?: Eol
  /** Default true. */
  readonly finalNewline?: boolean
}

/**
 * A new file value of a kind: the header with the File Type given (`fileType`), the trailer
 * computed from the records, LF with a final newline unless told. Field values are not checked
 * here (`inspect(encode(file))` does that).
 *
 * @example
 * import * as Schema from './Schema'
 * const dxi = codec<A00Header, { mprn: string }, Z99Trailer>(Schema.dxiSchema())
 * make(dxi, 'DXI', { header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }).trailer // { recordCount: 0 }
 * @since 0.2.0
 * @category constructors
 */
export const make = <R>(c: Codec<A00Header, R, Z99Trailer>, fileType: string, input: MakeInput<R>): File<A00Header, R, Z99Trailer> =>
  c.makeFile(
    {
      organisationId: input.header.organisationId,
      fileType,
      creationDate: input.header.creationDate,
      creationTime: input.header.creationTime,
      generationNumber: String(input.header.generationNumber),
    },
    input.records,
    input.eol,
    input.finalNewline,
  )

/**
 * io-ts codec of the JSON shape of an A00 header (shape only).
 *
 * @example
 * headerJsonCodec.is({ organisationId: '1', fileType: 'DXI', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }) // true
 * @since 0.2.0
 * @category codecs
 */
export const headerJsonCodec: t.Type<A00Header> = t.type({
  organisationId: t.string,
  fileType: t.string,
  creationDate: t.string,
  creationTime: t.string,
  generationNumber: t.string,
}, 'A00Header')

/**
 * io-ts codec of the JSON shape of a Z99 trailer (shape only).
 *
 * @example
 * trailerJsonCodec.is({ recordCount: 2 }) // true
 * @since 0.2.0
 * @category codecs
 */
export const trailerJsonCodec: t.Type<Z99Trailer> = t.type({ recordCount: t.number }, 'Z99Trailer')

/**
 * io-ts codec of a whole file value's JSON shape (what `dcc-flags decode` prints and `encode` reads),
 * given its records' codec. It checks shape only; wire rules are checked by `inspect` on the
 * encoded bytes.
 *
 * @example
 * import * as t from 'io-ts'
 * const c = fileJsonCodec(t.type({ mprn: t.string }), 'MyFile')
 * c.is({ header: { organisationId: '1', fileType: 'DXI', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }, records: [], trailer: { recordCount: 0 }, eol: '\n', finalNewline: true }) // true
 * @since 0.2.0
 * @category codecs
 */
export const fileJsonCodec = <R>(record: t.Type<R>, name: string): t.Type<File<A00Header, R, Z99Trailer>> =>
  t.type({
    header: headerJsonCodec,
    records: t.readonlyArray(record),
    trailer: trailerJsonCodec,
    eol: t.union([t.literal('\n'), t.literal('\r\n')]),
    finalNewline: t.boolean,
  }, name)

/**
 * What declares a UK Link file kind: its name, its layout, the File Type of the files it makes, and
 * the JSON shape of its records. {@link kindModule} makes the rest, the same for every kind.
 *
 * @example
 * import * as t from 'io-ts'
 * import * as Schema from './Schema'
 * const d: KindDeclaration<'dxi', { mprn: string }> = { kind: 'dxi', schema: Schema.dxiSchema(), fileType: () => 'DXI', record: t.type({ mprn: t.string }), fileName: 'MyFile' }
 * @since 0.2.0
 * @category model
 */
export interface KindDeclaration<K extends FileKind, R> {
  /** The kind's name (the schema's `kind`). */
  readonly kind: K
  /** The kind's layout, as built in (`Schema.dxiSchema()`, `Schema.dxrSchema()`). */
  readonly schema: Schema.FileSchema
  /** The File Type of a file `make` makes, given the one its input names (if any). */
  readonly fileType: (given: string | undefined) => string
  /** io-ts codec of one record's JSON shape (shape only). */
  readonly record: t.Type<R>
  /** The name of the whole file value's JSON codec (`DxiFile`). */
  readonly fileName: string
}

/**
 * What a UK Link kind's module exports (`Dxi`, `Dxr`), made by {@link kindModule} from its
 * {@link KindDeclaration}. `H` is always {@link A00Header} and `T` {@link Z99Trailer}; `R` is the
 * kind's record.
 *
 * @example
 * import * as Dxi from './Dxi'
 * const m: KindModule<'dxi', Dxi.E45Record> = Dxi
 * @since 0.2.0
 * @category model
 */
export interface KindModule<K extends FileKind, R> {
  /**
   * The file kind, as the command line's `--kind` names it.
   */
  readonly kind: K
  /**
   * The codec, built from the kind's layout; build another with `fromSchema` to override the
   * provisional layout facts.
   */
  readonly codec: Codec<A00Header, R, Z99Trailer>
  /**
   * A codec over another layout, e.g. with the provisional facts overridden (the field names of the
   * header and records must stay those of {@link A00Header} and the kind's record).
   */
  readonly fromSchema: (schema: Schema.FileSchema, options?: CodecOptions) => Codec<A00Header, R, Z99Trailer>
  /**
   * The kind as a file kind of the shell (`FileEngine`): its decoder and writer.
   */
  readonly declaration: FileEngine.Declaration<A00Header, R, Z99Trailer>
  /**
   * Every diagnostic, and the file when none is an error. Never throws.
   */
  readonly inspect: Codec<A00Header, R, Z99Trailer>['inspect']
  /**
   * The file, or its errors. Never throws.
   */
  readonly decode: Decode<A00Header, R, Z99Trailer>
  /**
   * The file's bytes (fields written as held: no checks).
   */
  readonly encode: Codec<A00Header, R, Z99Trailer>['encode']
  /**
   * Decodes a byte stream in batches of clean records (`batchSize`, default 1000; with
   * `streamDiagnostics: true` diagnostics too, as found); the trailer is checked when it arrives.
   */
  readonly decodeStream: Codec<A00Header, R, Z99Trailer>['decodeStream']
  /**
   * Encodes a header and a stream of records in chunks of about 64 KiB; the trailer's count is
   * computed while streaming. LF and a final newline unless told.
   */
  readonly encodeStream: Codec<A00Header, R, Z99Trailer>['encodeStream']
  /**
   * A new file value: the File Type as the kind decides (DXI: always `DXI`; E46 response: as given,
   * default `DXR`), the trailer computed from the records, LF with a final newline unless told.
   * Field values are not checked here (`inspect(encode(file))` does that).
   */
  readonly make: (input: MakeInput<R>) => File<A00Header, R, Z99Trailer>
  /**
   * io-ts codec of the JSON shape of an A00 header (shape only), `UkLink.headerJsonCodec`.
   */
  readonly headerJsonCodec: t.Type<A00Header>
  /**
   * io-ts codec of the JSON shape of a Z99 trailer (shape only), `UkLink.trailerJsonCodec`.
   */
  readonly trailerJsonCodec: t.Type<Z99Trailer>
  /**
   * io-ts codecs of the JSON shapes of the file's parts: its header, one record, its trailer (what
   * `dcc-flags decode --ndjson` prints a line each, and `encode --ndjson` reads). Shape only.
   */
  readonly jsonParts: { readonly header: t.Type<A00Header>; readonly record: t.Type<R>; readonly trailer: t.Type<Z99Trailer> }
  /**
   * io-ts codec of a file value's JSON shape (what `dcc-flags decode` prints and `encode` reads). It
   * checks shape only; wire rules are checked by `inspect` on the encoded bytes.
   */
  readonly jsonCodec: t.Type<File<A00Header, R, Z99Trailer>>
}

/**
 * A UK Link kind's module from its declaration: what `Dxi` and `Dxr` export, made the same way
 * for both. The declaration's schema must be of its kind (a programmer error otherwise).
 *
 * @example
 * import * as t from 'io-ts'
 * import * as Schema from './Schema'
 * const dxi = kindModule({ kind: 'dxi', schema: Schema.dxiSchema(), fileType: () => 'DXI', record: t.type({ mprn: t.string, flag: t.string, effectiveFrom: t.string }), fileName: 'MyDxiFile' })
 * dxi.make({ header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }).header.fileType // 'DXI'
 * @since 0.2.0
 * @category constructors
 */
export const kindModule = <K extends FileKind, R>(declared: KindDeclaration<K, R>): KindModule<K, R> => {
  if (declared.schema.kind !== declared.kind) throw new TypeError(`UkLink.kindModule: a schema of kind ${declared.schema.kind} declared as ${declared.kind}`)
  const fromSchema = (schema: Schema.FileSchema, options?: CodecOptions): Codec<A00Header, R, Z99Trailer> =>
    codec<A00Header, R, Z99Trailer>(schema, options)
  const c = fromSchema(declared.schema)
  return {
    kind: declared.kind,
    codec: c,
    fromSchema,
    declaration: c.declaration,
    inspect: c.inspect,
    decode: c.decode,
    encode: c.encode,
    decodeStream: c.decodeStream,
    encodeStream: c.encodeStream,
    make: (input) => make(c, declared.fileType(input.header.fileType), input),
    headerJsonCodec,
    trailerJsonCodec,
    jsonParts: { header: headerJsonCodec, record: declared.record, trailer: trailerJsonCodec },
    jsonCodec: fileJsonCodec(declared.record, declared.fileName),
  }
}
