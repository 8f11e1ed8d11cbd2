/**
 * The one shell every file kind runs in. A kind declares how to read it (an incremental
 * {@link Decoder}) and how to write it (a {@link LineWriter}); {@link codec} gives it the whole
 * {@link FileCodec.FileCodec}: `inspect`, `decode` to an `Either`, `decodeStream` in batches,
 * `encode` (through `encodeChunks` and {@link concat}) and `encodeStream`. D0350, DXI and the E46
 * response are such declarations (over the DTC and UK Link engines).
 *
 * Whole buffers and streams run the same decoder, fed pieces of the same size, so decoding is
 * chunk-blind by construction.
 *
 * @since 0.2.0
 */
import { either as E, type nonEmptyArray as NEA } from 'fp-ts'
import * as Diagnostic from './Diagnostic'
import { fromLatin1 } from './Bytes'
import { PIECE_SIZE, pieces, type Eol } from './Lines'
import type * as FileCodec from './FileCodec'

/**
 * An incremental decoder: feed it chunks ({@link Decoder.pushUntil}, {@link Decoder.resume}), then
 * {@link Decoder.end}. Clean records collect in `records`; the header and trailer appear when their
 * lines decode cleanly. Never throws on bad bytes.
 *
 * @example
 * import * as D0350 from './dtc/D0350'
 * const d: Decoder<unknown, unknown, unknown> = D0350.declaration.decoder({}, false)
 * @since 0.2.0
 * @category model
 */
export interface Decoder<H, R, T> {
  readonly header: H | null
  readonly trailer: T | null
  readonly records: ReadonlyArray<R>
  /** Errors found so far (warnings excluded, dropped ones included). */
  readonly errors: number
  /** The file's line end (LF until one is seen). */
  readonly eol: Eol
  /** After `end`: whether the last line ends with a line end. */
  readonly finalNewline: boolean
  /**
   * Starts reading a chunk, but only until `records` holds `limit` records (or, when the decoder
   * yields diagnostics, until it holds `limit` of them); true when the chunk is read, false when
   * it stopped: take the records, then {@link Decoder.resume}.
   */
  pushUntil(chunk: Uint8Array, limit: number): boolean
  /** Goes on reading the chunk given last; true when it is read. */
  resume(limit: number): boolean
  /** Ends the input: reads a last line without line end and makes the end-of-file checks. */
  end(): void
  /** The clean records collected since the last call, forgotten here. */
  takeRecords(): R[]
  /** The diagnostics found since the last call (when the decoder yields them), forgotten here. */
  takeDiagnostics(): Diagnostic.Diagnostic[]
  /** Every diagnostic not taken, closed with a `too_many_diagnostics` marker when some were dropped. */
  diagnostics(): Diagnostic.Diagnostic[]
}

/**
 * Writes a kind's values back to line text (without the line end). `isFlow` tells whether a record
 * counts as a flow (DTC trailers count level-1 groups); absent, every record does.
 *
 * @example
 * const w: LineWriter<string, string, string> = { header: (h) => h, record: (r) => r, trailer: (t) => t }
 * @since 0.2.0
 * @category model
 */
export interface LineWriter<H, R, T> {
  readonly header: (header: H) => string
  readonly record: (record: R) => string
  readonly trailer: (trailer: T) => string
  readonly isFlow?: (record: R) => boolean
}

/**
 * A file kind, declared: how to make a decoder (given the decode options, and whether it
 * should hand its diagnostics on as it finds them) and how to write it.
 *
 * @example
 * import * as Dxi from './uklink/Dxi'
 * const d = Dxi.declaration
 * d.writer.trailer({ recordCount: 0 }) // '"Z99",0'
 * @since 0.2.0
 * @category model
 */
export interface Declaration<H, R, T> {
  readonly decoder: (options: FileCodec.DecodeOptions, yieldDiagnostics: boolean) => Decoder<H, R, T>
  readonly writer: LineWriter<H, R, T>
}

/**
 * What a trailer is computed from when a file is encoded as a stream: the records written and the
 * flows among them.
 *
 * @example
 * const c: Counts = { records: 2, flows: 2 }
 * @since 0.2.0
 * @category model
 */
export interface Counts {
  readonly records: number
  readonly flows: number
}

/**
 * The line layout of a file written as a stream.
 *
 * @example
 * const l: Layout = { eol: '\r\n', finalNewline: false }
 * @since 0.2.0
 * @category model
 */
export interface Layout {
  /** Default LF. */
  readonly eol?: Eol
  /** Whether the trailer ends with a line end; default true. */
  readonly finalNewline?: boolean
}

/**
 * A kind's codec: the {@link FileCodec.FileCodec} contract (its kind's name aside), plus the encoder's chunks and the stream
 * encoder from which each kind builds its own.
 *
 * @example
 * import * as Dxi from './uklink/Dxi'
 * const c = codec(Dxi.declaration)
 * c.inspect(new Uint8Array(0)).file // null
 * @since 0.2.0
 * @category model
 */
export interface Codec<H, R, T> extends Omit<FileCodec.FileCodec<H, R, T>, 'kind'> {
  readonly declaration: Declaration<H, R, T>
  /** A file's bytes in chunks of about {@link CHUNK_SIZE}. */
  readonly encodeChunks: (file: FileCodec.File<H, R, T>) => Generator<Uint8Array, void, undefined>
  /**
   * A header, a (possibly async) stream of records and a trailer computed from their counts, as
   * byte chunks of about {@link CHUNK_SIZE}.
   */
  readonly encodeStreamWith: (
    header: H,
    records: AsyncIterable<R> | Iterable<R>,
    trailer: (counts: Counts) => T,
    layout?: Layout,
  ) => AsyncGenerator<Uint8Array, void, undefined>
}

/**
 * Bytes per encoded chunk (a chunk ends at the first line end past this).
 *
 * @example
 * CHUNK_SIZE // 65536
 * @since 0.2.0
 * @category constants
 */
export const CHUNK_SIZE = 65536

/**
 * Joins chunks into one buffer (the one chunk itself when there is one).
 *
 * @example
 * concat([new Uint8Array([1]), new Uint8Array([2])]) // Uint8Array [1, 2]
 * @since 0.2.0
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
 * Collects a stream decoder's items into the inspection `inspect` would give for the whole buffer
 * (diagnostics yielded as found are gathered too).
 *
 * @example
 * import * as Dxi from './uklink/Dxi'
 * async function* none(): AsyncGenerator<Uint8Array> {}
 * void collect(Dxi.decodeStream(none())).then((r) => r.diagnostics[0]?.code) // 'empty_file'
 * @since 0.2.0
 * @category destructors
 */
export const collect = async <H, R, T>(items: AsyncIterable<FileCodec.StreamItem<H, R, T> | FileCodec.DiagnosticsItem>): Promise<FileCodec.Inspection<FileCodec.File<H, R, T>>> => {
  let header: H | null = null
  const records: R[] = []
  const diagnostics: Diagnostic.Diagnostic[] = []
  for await (const item of items) {
    if (item.type === 'header') header = item.header
    else if (item.type === 'records') for (const r of item.records) records.push(r)
    else if (item.type === 'diagnostics') for (const d of item.diagnostics) diagnostics.push(d)
    else {
      for (const d of item.diagnostics) diagnostics.push(d)
      const valid = !Diagnostic.hasErrors(diagnostics) && header !== null && item.trailer !== null
      return {
        file: valid ? { header: header!, records, trailer: item.trailer!, eol: item.eol, finalNewline: item.finalNewline } : null,
        diagnostics,
      }
    }
  }
  return { file: null, diagnostics }
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

const isAsyncIterable = <A>(u: AsyncIterable<A> | Iterable<A>): u is AsyncIterable<A> =>
  typeof (u as AsyncIterable<A>)[Symbol.asyncIterator] === 'function'

/**
 * The codec of a declared file kind.
 *
 * @example
 * import * as Dxi from './uklink/Dxi'
 * codec(Dxi.declaration).inspect(new Uint8Array(0)).diagnostics[0]?.code // 'empty_file'
 * @since 0.2.0
 * @category constructors
 */
export const codec = <H, R, T>(declaration: Declaration<H, R, T>): Codec<H, R, T> => {
  const writer = declaration.writer

  const inspect = (bytes: Uint8Array, options: FileCodec.DecodeOptions = {}): FileCodec.Inspection<FileCodec.File<H, R, T>> => {
    const d = declaration.decoder(options, false)
    // big pieces: values sliced from many small texts cost the garbage collector more (see Lines.PIECE_SIZE)
    for (let at = 0; at < bytes.length; at += PIECE_SIZE) {
      d.pushUntil(bytes.subarray(at, at + PIECE_SIZE), Number.POSITIVE_INFINITY)
      // the file will be null: stop holding records
      if (d.errors > 0 && d.records.length > 0) d.takeRecords()
    }
    d.end()
    const diagnostics = d.diagnostics()
    if (d.errors > 0 || d.header === null || d.trailer === null) return { file: null, diagnostics }
    return { file: { header: d.header, records: d.takeRecords(), trailer: d.trailer, eol: d.eol, finalNewline: d.finalNewline }, diagnostics }
  }

  const decode = (bytes: Uint8Array, options?: FileCodec.DecodeOptions): E.Either<NEA.NonEmptyArray<Diagnostic.Diagnostic>, FileCodec.File<H, R, T>> => {
    const r = inspect(bytes, options)
    if (r.file !== null) return E.right(r.file)
    const errors = r.diagnostics.filter((x) => x.severity === 'error')
    // a null file always comes with an error; the fallback only keeps the type honest
    const [first, ...rest] = errors.length > 0
      ? errors
      : [Diagnostic.of({ code: 'missing_trailer', line: 1, field: null, byteOffset: 0, expected: 'a complete file', found: '', message: 'file did not decode' })]
    return E.left([first!, ...rest])
  }

  async function* decodeStream(
    source: AsyncIterable<Uint8Array>,
    options: FileCodec.StreamOptions = {},
  ): AsyncGenerator<FileCodec.StreamItem<H, R, T> | FileCodec.DiagnosticsItem, void, undefined> {
    const streaming = options.streamDiagnostics === true
    const d = declaration.decoder(options, streaming)
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
        if (streaming) {
          const ds = d.takeDiagnostics()
          if (ds.length > 0) {
            // the records before those diagnostics' lines go first
            held = cut(held, d.takeRecords(), size, full)
            for (let i = 0; i < full.length; i++) yield { type: 'records', records: full[i]! }
            full.length = 0
            yield { type: 'diagnostics', diagnostics: ds }
          }
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
    if (streaming) {
      const ds = d.takeDiagnostics()
      if (ds.length > 0) yield { type: 'diagnostics', diagnostics: ds }
    }
    yield { type: 'end', trailer: d.trailer, eol: d.eol, finalNewline: d.finalNewline, diagnostics: d.diagnostics() }
  }

  function* encodeChunks(file: FileCodec.File<H, R, T>): Generator<Uint8Array, void, undefined> {
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

  async function* encodeStreamWith(
    header: H,
    records: AsyncIterable<R> | Iterable<R>,
    trailer: (counts: Counts) => T,
    layout: Layout = {},
  ): AsyncGenerator<Uint8Array, void, undefined> {
    const eol = layout.eol ?? '\n'
    const isFlow = writer.isFlow
    let s = writer.header(header)
    let count = 0
    let flows = 0
    /** Writes a record; a chunk when enough text has gathered, else null. */
    const take = (r: R): Uint8Array | null => {
      s += eol + writer.record(r)
      count++
      if (isFlow === undefined || isFlow(r)) flows++
      if (s.length < CHUNK_SIZE) return null
      const chunk = fromLatin1(s)
      s = ''
      return chunk
    }
    if (isAsyncIterable(records)) {
      for await (const r of records) {
        const chunk = take(r)
        if (chunk !== null) yield chunk
      }
    } else {
      // a sync source needs no await per record
      for (const r of records) {
        const chunk = take(r)
        if (chunk !== null) yield chunk
      }
    }
    s += eol + writer.trailer(trailer({ records: count, flows }))
    if (layout.finalNewline ?? true) s += eol
    yield fromLatin1(s)
  }

  return {
    declaration,
    inspect,
    decode,
    decodeStream: decodeStream as FileCodec.DecodeStream<H, R, T>,
    encode: (file) => concat(encodeChunks(file)),
    encodeChunks,
    encodeStreamWith,
  }
}
