/**
 * The UK Link file engine: comma-separated records with no trailing delimiter, an `A00` header, body
 * records and a `Z99` trailer, driven by a {@link Schema.FileSchema}. Whole buffers and streams go
 * through the same incremental {@link Decoder} fed by the shared `LineFramer`, so decoding is
 * chunk-blind by construction; {@link codec} turns a schema into a `FileCodec`.
 *
 * @since 0.1.0
 */
import * as DateCache from '../DateCache'
import { either as E, type nonEmptyArray as NEA } from 'fp-ts'
import * as Diagnostic from '../Diagnostic'
import { fromLatin1 } from '../Bytes'
import { LineFramer, PIECE_SIZE, pieces, type Eol, type Line } from '../Lines'
import type { DecodeOptions, File, FileCodec, Inspection, StreamItem, StreamOptions } from '../FileCodec'
import { isDate, isTimeOfDay } from '../../identifiers/CalendarDate'
import { isFlag } from '../../identifiers/Flag'
import * as Mprn from '../../identifiers/Mprn'
import type * as Schema from './Schema'
import * as Fast from './Fast'
import * as ReaderOutput from '../ReaderOutput'

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
 * const c: Codec<A00Header, { mprn: string; flag: string; effectiveFrom: string }, Z99Trailer> = codec(Schema.dxiSchema())
 * @since 0.1.0
 * @category model
 */
export interface Codec<H, R, T> extends FileCodec<H, R, T> {
  readonly schema: Schema.FileSchema
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
 * Bytes per encoded chunk (and per slice fed to the line framer by `inspect`).
 *
 * @example
 * CHUNK_SIZE // 65536
 * @since 0.1.0
 * @category constants
 */
export const CHUNK_SIZE = 64 * 1024

type Values = Record<string, string | number>

const START = 0
const BODY = 1
const DONE = 2

const QUOTE = 34
const COMMA = 44

const describeField = (f: Schema.FieldSpec, index: number): string => `${f.label} (field ${index})`

/**
 * The incremental decoder behind `inspect` and `decodeStream`: feed chunks with {@link Decoder.push},
 * then call {@link Decoder.end}. Clean body records collect in `batch` (the caller takes them away);
 * the header and trailer are set when they decode cleanly. Diagnostics go to `sink` in file order:
 * for each line, the framer's (bytes, line ends) and then the record's, so the cap keeps the same
 * diagnostics whatever the chunking.
 *
 * @example
 * const d = new Decoder(Schema.dxiSchema())
 * d.push(bytes)
 * d.end()
 * d.sink.errors // 0 for a valid file
 * @since 0.1.0
 * @category constructors
 */
export class Decoder {
  readonly sink: Diagnostic.Collector
  /** Clean body records not yet taken. */
  batch: Values[] = ReaderOutput.emptyOut()
  header: Values | null = null
  trailer: Values | null = null
  private readonly framerSink = new Diagnostic.Collector(Number.POSITIVE_INFINITY)
  private readonly framer = new LineFramer(this.framerSink)
  private state = START
  private headerSeen = false
  private bodyCount = 0
  private readonly legacy: boolean
  private readonly checkSeverity: Diagnostic.Severity
  /** Start offsets of the fields of the line being read, and the offset just past the last one. */
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  /** The body layout's compiled reader (null: every record takes the checking path). */
  private readonly reader: Fast.BodyReader | null
  private readonly dateCache = DateCache.emptyDateCache()
  private readonly dateKeys = this.dateCache.keys
  private readonly dateValues = this.dateCache.values
  private ended = false

  /**
   * @param fastPath read clean body records through the fast path (default); `false` sends every
   * record through the checking path, which must give the same result (the tests compare them).
   */
  constructor(readonly schema: Schema.FileSchema, options: DecodeOptions = {}, fastPath = true) {
    this.sink = new Diagnostic.Collector(options.maxDiagnostics ?? Diagnostic.DEFAULT_MAX_DIAGNOSTICS)
    this.legacy = options.legacyFlags === true
    this.checkSeverity = options.checkDigits === 'warning' ? 'warning' : 'error'
    this.reader = fastPath ? Fast.compile(schema.body) : null
  }

  /** Reads one chunk. */
  push(chunk: Uint8Array): void {
    const fr = this.framer
    const pending = this.framerSink.list
    fr.begin(chunk)
    for (;;) {
      // clean body records skip the line objects and the checking path; the first line the
      // compiled reader does not take goes to the checking path, which reports its problems
      if (this.state === BODY && this.reader !== null && fr.raw !== null && fr.eol !== null) {
        const before = this.batch.length
        const to = this.reader(fr.raw, fr.text, fr.at, fr.eol === '\r\n', this.legacy, this.batch, this.dateKeys, this.dateValues)
        if (to !== fr.at) {
          const n = this.batch.length - before
          this.bodyCount += n
          fr.advance(n, to)
        }
      }
      const line = fr.next()
      if (line === null) return
      // the framer's diagnostics (bytes, line ends) of this line come before the record's
      for (let p = 0; p < pending.length; p++) this.sink.add(pending[p]!)
      pending.length = 0
      this.readLine(line)
    }
  }

  /** Ends the input: reads the last unterminated line and checks that the file was complete. */
  end(): void {
    if (this.ended) return
    this.ended = true
    this.take(this.framer.end())
    const bytes = this.framer.bytes
    if (bytes === 0) {
      this.sink.add(Diagnostic.make('empty_file', 1, null, 0, '', `the ${this.schema.label} file is empty: it needs an A00 header and a Z99 trailer`))
    } else if (this.state !== DONE) {
      this.sink.add(Diagnostic.make('missing_trailer', this.framer.lines + 1, null, bytes, '',
        `the ${this.schema.label} file ends without a Z99 trailer`))
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

  /** Every diagnostic so far, closed by the cap marker when some were dropped. */
  diagnostics(): Diagnostic.Diagnostic[] {
    return this.sink.finish(Math.max(1, this.framer.lines), this.framer.bytes)
  }

  private take(lines: Line[]): void {
    const pending = this.framerSink.list
    let p = 0
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      while (p < pending.length && pending[p]!.line <= line.line) this.sink.add(pending[p++]!)
      this.readLine(line)
    }
    while (p < pending.length) this.sink.add(pending[p++]!)
    pending.length = 0
  }

  private readLine(line: Line): void {
    const s = line.text
    if (this.state === DONE) {
      this.sink.add(Diagnostic.make('trailing_data', line.line, null, line.byteOffset, s,
        s.length === 0 ? 'empty line after the Z99 trailer' : 'data after the Z99 trailer'))
      return
    }
    const type = transactionTypeOf(s)
    if (this.state === START) {
      this.state = BODY
      if (type === this.schema.header.transactionType) {
        this.headerSeen = true
        this.header = this.readRecord(this.schema.header, line)
        return
      }
      this.sink.add(Diagnostic.make('missing_header', line.line, null, line.byteOffset, s,
        `the ${this.schema.label} file must open with an A00 header record`))
    }
    if (s.length === 0) {
      this.sink.add(Diagnostic.make('unexpected_record', line.line, null, line.byteOffset, s, 'empty line where a record was expected'))
      return
    }
    if (type === this.schema.trailer.transactionType) {
      this.state = DONE
      this.readTrailer(line)
      return
    }
    this.bodyCount++
    if (type === this.schema.body.transactionType) {
      const v = this.readRecord(this.schema.body, line)
      if (v !== null) this.batch.push(v)
    } else if (type === this.schema.header.transactionType) {
      this.sink.add(Diagnostic.make('unexpected_record', line.line, null, line.byteOffset, s,
        `second A00 header: a ${this.schema.label} file has one header, on line 1`))
    } else if (this.schema.foreign.includes(type)) {
      this.sink.add(Diagnostic.make('unexpected_record', line.line, { name: 'transactionType', index: 1 }, line.byteOffset, s,
        `${type} record does not belong in a ${this.schema.label} file (expected ${this.schema.body.transactionType})`))
    } else {
      this.sink.add(Diagnostic.make('unexpected_record', line.line, { name: 'transactionType', index: 1 }, line.byteOffset, s,
        `unknown transaction type ${JSON.stringify(type)} (a ${this.schema.label} file holds A00, ${this.schema.body.transactionType} and Z99 records)`))
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
      this.sink.add(Diagnostic.make('record_count_mismatch', line.line, { name: this.schema.recordCountField, index: index + 1 },
        line.byteOffset + at, String(found),
        `Record Count ${String(found)} does not match the ${expected} records counted${describeCountRule(rule)}`))
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
      this.sink.add(Diagnostic.make('field_count', line.line, null, line.byteOffset, s,
        `${spec.transactionType} ${spec.label} has ${n} field${n === 1 ? '' : 's'}, expected ${fields.length} (fields are separated by commas, with none after the last)`))
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

  /** Checks one field; its content, or undefined after reporting the problem. */
  private readField(f: Schema.FieldSpec, index: number, s: string, a: number, b: number, line: Line): string | undefined {
    const raw = s.slice(a, b)
    let value: string
    if (f.type === 'T') {
      if (b - a < 2 || s.charCodeAt(a) !== QUOTE || s.charCodeAt(b - 1) !== QUOTE) {
        const quoted = raw.includes('"')
        this.report('bad_quoting', f, index, a, raw, line, quoted
          ? `${describeField(f, index)} ${raw} has unbalanced double quotes`
          : `${describeField(f, index)} ${raw === '' ? 'is empty' : `"${raw}" is not`} enclosed in double quotes (text fields are quoted)`)
        return undefined
      }
      value = raw.slice(1, -1)
      if (value.includes('"')) {
        this.report('bad_quoting', f, index, a, raw, line, `${describeField(f, index)} ${raw} contains a double quote inside the text`)
        return undefined
      }
    } else {
      if (raw.includes('"')) {
        this.report('bad_quoting', f, index, a, raw, line,
          `${describeField(f, index)} ${raw} is quoted, but ${f.type === 'N' ? 'numeric' : 'date'} fields are bare`)
        return undefined
      }
      value = raw
    }
    const r = f.refinement
    if (f.type === 'D') {
      if (!isDate(value)) {
        this.report('invalid_date', f, index, a, raw, line, `${describeField(f, index)} "${value}" is not a real date written YYYYMMDD`)
        return undefined
      }
      return value
    }
    if (f.type === 'N') {
      if (!allDigits(value)) {
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" is not ${value === '' ? 'present (it is mandatory)' : 'bare digits'}`)
        return undefined
      }
      if (value.length > f.maxLength || value.length < f.minLength) {
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" has ${value.length} digits, ${describeLength(f)}`)
        return undefined
      }
    } else if (r._tag === 'none' && (value.length > f.maxLength || value.length < f.minLength)) {
      this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" has ${value.length} characters, ${describeLength(f)}`)
      return undefined
    }
    switch (r._tag) {
      case 'none':
        return value
      case 'constant':
        if (value === r.value) return value
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" should be "${r.value}"`)
        return undefined
      case 'oneOf':
        if (r.values.includes(value)) return value
        this.report('invalid_field', f, index, a, raw, line,
          `${describeField(f, index)} "${value}" is not ${r.values.map((x, i) => `${x} (${r.meanings[i] ?? x})`).join(' or ')}`)
        return undefined
      case 'letters':
        if (value.length >= f.minLength && value.length <= f.maxLength && /^[A-Za-z]*$/.test(value)) return value
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" is not ${describeLength(f).replace('expected ', '')} letters`)
        return undefined
      case 'flag':
        if (isFlag(value, this.legacy)) return value
        this.report('invalid_flag', f, index, a, raw, line, isFlag(value, true)
          ? `${describeField(f, index)} "${value}" is a pre-MP077 flag, accepted only with the legacy flags option`
          : `${describeField(f, index)} "${value}" is not A, N or I`)
        return undefined
      case 'timeOfDay':
        if (isTimeOfDay(value)) return value
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" is not a real time of day written HHMMSS`)
        return undefined
      case 'count':
        if (value.length === 1 || value.charCodeAt(0) !== 48) return value
        this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" has leading zeros (numbers are bare, with no padding)`)
        return undefined
      case 'mprn':
        if (!Mprn.hasShape(value)) {
          this.report('invalid_field', f, index, a, raw, line, `${describeField(f, index)} "${value}" is not an MPRN (6 to 10 digits)`)
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
    input: string,
    line: Line,
    message: string,
    severity: Diagnostic.Severity = 'error',
  ): void {
    this.sink.add(Diagnostic.make(code, line.line, { name: f.name, index }, line.byteOffset + at, input, message, severity))
  }
}

const allDigits = (s: string): boolean => {
  if (s.length === 0) return false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

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

/** Writes one record's line (no line end) from its value. */
const lineWriter = (spec: Schema.RecordSpec): ((v: Values) => string) => {
  const compiled = Fast.compileWriter(spec)
  if (compiled !== null) return compiled
  const first = spec.fields[0]!
  const prefix = `"${first.refinement._tag === 'constant' ? first.refinement.value : spec.transactionType}"`
  const rest = spec.fields.slice(1)
  const names = rest.map((f) => f.name)
  const quoted = rest.map((f) => f.type === 'T')
  const n = rest.length
  return (v) => {
    let out = prefix
    for (let i = 0; i < n; i++) {
      const x = v[names[i]!]
      out += quoted[i] ? ',"' + x + '"' : ',' + x
    }
    return out
  }
}

/** Accumulates lines and cuts them into byte chunks of about {@link CHUNK_SIZE}. */
class Writer {
  private text = ''
  count = 0
  private readonly header: (v: Values) => string
  private readonly body: (v: Values) => string
  private readonly trailer: (v: Values) => string
  constructor(schema: Schema.FileSchema, private readonly eol: Eol) {
    this.header = lineWriter(schema.header)
    this.body = lineWriter(schema.body)
    this.trailer = lineWriter(schema.trailer)
  }
  writeHeader(h: Values): void {
    this.text += this.header(h) + this.eol
  }
  /** Adds a record; a chunk when enough text has gathered. */
  writeRecord(r: Values): Uint8Array | null {
    this.text += this.body(r) + this.eol
    this.count++
    if (this.text.length < CHUNK_SIZE) return null
    const out = fromLatin1(this.text)
    this.text = ''
    return out
  }
  /** Adds the trailer; the last chunk. */
  writeTrailer(t: Values, finalNewline: boolean): Uint8Array {
    this.text += this.trailer(t) + (finalNewline ? this.eol : '')
    const out = fromLatin1(this.text)
    this.text = ''
    return out
  }
}

const concat = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  if (chunks.length === 1) return chunks[0]!
  let n = 0
  for (const c of chunks) n += c.length
  const out = new Uint8Array(n)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

const isAsyncIterable = <A>(u: AsyncIterable<A> | Iterable<A>): u is AsyncIterable<A> =>
  typeof (u as AsyncIterable<A>)[Symbol.asyncIterator] === 'function'

// ---------------------------------------------------------------------------------------------
// The codec
// ---------------------------------------------------------------------------------------------

/**
 * Collects a stream decoder's items into the inspection `inspect` would give for the whole buffer.
 *
 * @example
 * const inspection = await collect(Dxi.decodeStream(chunks))
 * @since 0.1.0
 * @category destructors
 */
export const collect = async <H, R, T>(items: AsyncIterable<StreamItem<H, R, T>>): Promise<Inspection<File<H, R, T>>> => {
  let header: H | null = null
  const records: R[] = []
  for await (const item of items) {
    if (item.type === 'header') header = item.header
    else if (item.type === 'records') for (const r of item.records) records.push(r)
    else {
      const valid = !Diagnostic.hasErrors(item.diagnostics) && header !== null && item.trailer !== null
      return {
        file: valid ? { header: header!, records, trailer: item.trailer!, eol: item.eol, finalNewline: item.finalNewline } : null,
        diagnostics: item.diagnostics,
      }
    }
  }
  return { file: null, diagnostics: [] }
}

/**
 * The file codec of a UK Link file schema (the types `H`, `R`, `T` must match the schema's field
 * names: they are not checked).
 *
 * @example
 * const Dxi = codec<A00Header, { mprn: string; flag: string; effectiveFrom: string }, Z99Trailer>(Schema.dxiSchema())
 * Dxi.inspect(bytes).diagnostics
 * @since 0.1.0
 * @category constructors
 */
export const codec = <H, R, T>(schema: Schema.FileSchema): Codec<H, R, T> => {
  const rule = schema.recordCount
  const extra = (rule.includesHeader ? 1 : 0) + (rule.includesTrailer ? 1 : 0)
  const trailerFor = (n: number): T => ({ [schema.recordCountField]: n + extra }) as T

  const inspect = (bytes: Uint8Array, options?: DecodeOptions): Inspection<File<H, R, T>> => {
    const d = new Decoder(schema, options)
    // big pieces: values sliced from many small texts cost the garbage collector more (see Lines.PIECE_SIZE)
    for (let at = 0; at < bytes.length; at += PIECE_SIZE) d.push(bytes.subarray(at, at + PIECE_SIZE))
    d.end()
    const diagnostics = d.diagnostics()
    const file = d.sink.errors === 0 && d.header !== null && d.trailer !== null
      ? { header: d.header as H, records: d.batch as R[], trailer: d.trailer as T, eol: d.eol, finalNewline: d.finalNewline }
      : null
    return { file, diagnostics }
  }

  const decode = (bytes: Uint8Array, options?: DecodeOptions): E.Either<NEA.NonEmptyArray<Diagnostic.Diagnostic>, File<H, R, T>> => {
    const { file, diagnostics } = inspect(bytes, options)
    if (file !== null) return E.right(file)
    const errors = diagnostics.filter((x) => x.severity === 'error')
    return E.left((errors.length > 0 ? errors : diagnostics) as NEA.NonEmptyArray<Diagnostic.Diagnostic>)
  }

  async function* decodeStream(source: AsyncIterable<Uint8Array>, options: StreamOptions = {}): AsyncGenerator<StreamItem<H, R, T>, void, undefined> {
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000))
    const d = new Decoder(schema, options)
    let headerSent = false
    for await (const chunk of pieces(source)) {
      d.push(chunk)
      if (!headerSent && d.header !== null) {
        headerSent = true
        yield { type: 'header', header: d.header as H }
      }
      if (d.batch.length >= batchSize) {
        const all = d.batch
        d.batch = ReaderOutput.emptyOut()
        let at = 0
        for (; at + batchSize <= all.length; at += batchSize) yield { type: 'records', records: all.slice(at, at + batchSize) as R[] }
        if (at < all.length) d.batch = all.slice(at)
      }
    }
    d.end()
    if (!headerSent && d.header !== null) yield { type: 'header', header: d.header as H }
    const rest = d.batch
    d.batch = []
    for (let at = 0; at < rest.length; at += batchSize) yield { type: 'records', records: rest.slice(at, at + batchSize) as R[] }
    yield { type: 'end', trailer: d.trailer as T | null, eol: d.eol, finalNewline: d.finalNewline, diagnostics: d.diagnostics() }
  }

  const encode = (file: File<H, R, T>): Uint8Array => {
    const w = new Writer(schema, file.eol)
    const chunks: Uint8Array[] = []
    w.writeHeader(file.header as Values)
    const records = file.records as ReadonlyArray<Values>
    for (let i = 0; i < records.length; i++) {
      const c = w.writeRecord(records[i]!)
      if (c !== null) chunks.push(c)
    }
    chunks.push(w.writeTrailer(file.trailer as Values, file.finalNewline))
    return concat(chunks)
  }

  async function* encodeStream(header: H, records: AsyncIterable<R> | Iterable<R>, options: EncodeStreamOptions = {}): AsyncGenerator<Uint8Array, void, undefined> {
    const w = new Writer(schema, options.eol ?? '\n')
    w.writeHeader(header as Values)
    if (isAsyncIterable(records)) {
      for await (const r of records) {
        const c = w.writeRecord(r as Values)
        if (c !== null) yield c
      }
    } else {
      for (const r of records) {
        const c = w.writeRecord(r as Values)
        if (c !== null) yield c
      }
    }
    yield w.writeTrailer(trailerFor(w.count) as Values, options.finalNewline ?? true)
  }

  const makeFile = (header: H, records: ReadonlyArray<R>, eol: Eol = '\n', finalNewline = true): File<H, R, T> => ({
    header, records, trailer: trailerFor(records.length), eol, finalNewline,
  })

  return { kind: schema.kind, schema, inspect, decode, encode, decodeStream, encodeStream, makeFile }
}
