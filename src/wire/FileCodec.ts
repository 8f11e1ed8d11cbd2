/**
 * The contract every file kind (D0350, DXI/E45, E46 response) implements, so that the command line,
 * the outbox and the benchmarks treat them alike.
 *
 * Laws (WIRE.md "byte-exact"), for every codec `C`:
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

/** @since 0.1.0 @category model */
export interface FileCodec<H, R, T> {
  readonly kind: FileKind
  /** Every diagnostic, and the file when none is an error. Never throws. */
  readonly inspect: (bytes: Uint8Array, options?: DecodeOptions) => Inspection<File<H, R, T>>
  /** The file, or the errors (warnings are dropped: use `inspect` to see them). Never throws. */
  readonly decode: (bytes: Uint8Array, options?: DecodeOptions) => E.Either<NEA.NonEmptyArray<Diagnostic.Diagnostic>, File<H, R, T>>
  /** The file's bytes. */
  readonly encode: (file: File<H, R, T>) => Uint8Array
  /** Decodes a byte stream in record batches, memory bounded by the batch size. Never throws on bad bytes. */
  readonly decodeStream: (source: AsyncIterable<Uint8Array>, options?: StreamOptions) => AsyncGenerator<StreamItem<H, R, T>, void, undefined>
}
