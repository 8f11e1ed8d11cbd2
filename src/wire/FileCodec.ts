/**
 * The contract every file kind (D0350, DXI/E45, E46 response) implements, so that the command line,
 * the outbox and the benchmarks treat them alike.
 *
 * Laws (docs/formats.md "What byte-exact means"), for every codec `C`:
 * - lossless: for bytes `b` that `C.decode` accepts, `C.encode(C.decode(b).right) ≡ b`;
 * - faithful: for every valid file value `f`, `C.decode(C.encode(f))` equals `right(f)`;
 * - total: `C.inspect` never throws, on any bytes;
 * - chunk-blind: collecting `C.decodeStream` over any chunking equals `C.inspect` of the whole buffer.
 *
 * @since 0.1.0
 */
import type { either as E, nonEmptyArray as NEA } from 'fp-ts'
import type * as Diagnostic from './Diagnostic'
import type { Eol } from './Lines'

/** @since 0.1.0 @category model */
export type FileKind = 'd0350' | 'dxi' | 'dxr'

/** @since 0.1.0 @category model */
export interface DecodeOptions {
  /** Accept the pre-MP077 flags `S` and `W`. Default false. */
  readonly legacyFlags?: boolean
  /** How a failed MPAN/MPRN check digit is reported: `error` (default) or `warning` (historic data). */
  readonly checkDigits?: 'error' | 'warning'
  /** Diagnostics listed before the rest are counted only. Default {@link Diagnostic.DEFAULT_MAX_DIAGNOSTICS}. */
  readonly maxDiagnostics?: number
}

/** @since 0.1.0 @category model */
export interface StreamOptions extends DecodeOptions {
  /** Records per yielded batch. Default 1000. */
  readonly batchSize?: number
  /**
   * Yield diagnostics as they are found, in `diagnostics` items between the record batches (the
   * `end` item then carries only the cap's marker, if any). With `maxDiagnostics: Infinity` every
   * diagnostic of a file is reported while memory stays bounded by the batch. Default false.
   */
  readonly streamDiagnostics?: boolean
}

/**
 * A run-time compiler of body readers, for a layout a user supplies (no reader was generated for it
 * at build time): `compiler` from the `dcc-service-flags/compile` entry point. It generates code
 * from strings (`new Function`), which a content security policy or
 * `node --disallow-code-generation-from-strings` forbids (it then gives no reader, and the detailed
 * path reads); that is why it lives apart, out of the main entry point.
 *
 * @since 0.2.0
 * @category model
 */
export interface ReaderCompiler {
  readonly _tag: 'ReaderCompiler'
  /** A reader for a reader program (`unknown` here: the program and reader types are internal), or null. */
  readonly compile: (program: never) => unknown
}

/**
 * Which body reader a codec runs: `default`, the reader generated at build time for a built-in
 * layout (any layout that reads like one gets it), else the detailed path alone; a
 * {@link ReaderCompiler}, as `default`, but a layout without a generated reader gets one compiled
 * at run time; `detailed`, the detailed path alone. Every choice gives the same results; only the
 * speed differs.
 *
 * @since 0.2.0
 * @category model
 */
export type ReaderChoice = 'default' | 'detailed' | ReaderCompiler

/** Options of a codec built over a layout. @since 0.2.0 @category model */
export interface CodecOptions {
  /** Default `default`. */
  readonly reader?: ReaderChoice
}

/** A decoded file of any kind: header, body records, trailer, and the layout facts kept for re-encoding. @since 0.1.0 @category model */
export interface File<H, R, T> {
  readonly header: H
  readonly records: ReadonlyArray<R>
  readonly trailer: T
  readonly eol: Eol
  readonly finalNewline: boolean
}

/** Everything a decoder found: the file when there were no errors, and every diagnostic (warnings too). @since 0.1.0 @category model */
export interface Inspection<F> {
  readonly file: F | null
  readonly diagnostics: ReadonlyArray<Diagnostic.Diagnostic>
}

/** What a stream decoder yields. Batches hold records that decoded cleanly; `end` carries every diagnostic. @since 0.1.0 @category model */
export type StreamItem<H, R, T> =
  | { readonly type: 'header'; readonly header: H }
  | { readonly type: 'records'; readonly records: ReadonlyArray<R> }
  | {
      readonly type: 'end'
      readonly trailer: T | null
      readonly eol: Eol
      readonly finalNewline: boolean
      readonly diagnostics: ReadonlyArray<Diagnostic.Diagnostic>
    }

/**
 * Diagnostics a stream decoder yields as it finds them (with `streamDiagnostics: true`), between
 * the record batches, in file order.
 *
 * @since 0.2.0
 * @category model
 */
export interface DiagnosticsItem {
  readonly type: 'diagnostics'
  readonly diagnostics: ReadonlyArray<Diagnostic.Diagnostic>
}

/**
 * A stream decoder: with `streamDiagnostics: true` it also yields {@link DiagnosticsItem}s.
 *
 * @since 0.2.0
 * @category model
 */
export interface DecodeStream<H, R, T> {
  (source: AsyncIterable<Uint8Array>, options: StreamOptions & { readonly streamDiagnostics: true }): AsyncGenerator<StreamItem<H, R, T> | DiagnosticsItem, void, undefined>
  (source: AsyncIterable<Uint8Array>, options?: StreamOptions): AsyncGenerator<StreamItem<H, R, T>, void, undefined>
}

/**
 * A codec's `decode`, named so that declarations which take it from a codec (`UkLink.kindModule`'s
 * members) print this name rather than its expansion, whose `Either` would be printed from fp-ts's
 * internal `lib` folder (a subpath that NodeNext consumers cannot resolve).
 *
 * @since 0.2.0
 * @category model
 */
export type Decode<H, R, T> = (bytes: Uint8Array, options?: DecodeOptions) => E.Either<NEA.NonEmptyArray<Diagnostic.Diagnostic>, File<H, R, T>>

/** @since 0.1.0 @category model */
export interface FileCodec<H, R, T> {
  readonly kind: FileKind
  /** Every diagnostic, and the file when none is an error. Never throws. */
  readonly inspect: (bytes: Uint8Array, options?: DecodeOptions) => Inspection<File<H, R, T>>
  /** The file, or the errors (warnings are dropped: use `inspect` to see them). Never throws. */
  readonly decode: Decode<H, R, T>
  /** The file's bytes. */
  readonly encode: (file: File<H, R, T>) => Uint8Array
  /** Decodes a byte stream in record batches, memory bounded by the batch size. Never throws on bad bytes. */
  readonly decodeStream: DecodeStream<H, R, T>
}
