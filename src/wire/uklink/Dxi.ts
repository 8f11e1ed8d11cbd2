/**
 * The DXI "DCC Status File" (E45 records, DCC → gas RDP; SEC Appendix X 3.29(a) as amended by MP077):
 * a byte-exact `FileCodec`, declared over the UK Link engine.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { CodecOptions, File } from '../FileCodec'
import type { Flag } from '../../identifiers'
import * as Schema from './Schema'
import * as UkLink from './UkLink'

/**
 * One E45 record: the MPRN, its DCC Service Flag and the date it applies from.
 *
 * @example
 * const r: E45Record = { mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }
 * @since 0.1.0
 * @category model
 */
export interface E45Record {
  /** Meter Point Reference (MPRN), as read. */
  readonly mprn: string
  readonly flag: Flag.Flag
  /** `YYYYMMDD`. */
  readonly effectiveFrom: string
}

/**
 * Short name of {@link E45Record} (the record of this file kind).
 *
 * @example
 * const r: Record = { mprn: '1234567810', flag: 'I', effectiveFrom: '20211103' }
 * @since 0.1.0
 * @category model
 */
export type Record = E45Record

/**
 * A decoded DXI file.
 *
 * @example
 * const f: DxiFile = make({ header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] })
 * @since 0.1.0
 * @category model
 */
export type DxiFile = File<UkLink.A00Header, E45Record, UkLink.Z99Trailer>

/**
 * A codec over another layout, e.g. with the provisional facts overridden (the field names of the
 * header and records must stay those of `UkLink.A00Header` and {@link E45Record}).
 *
 * @example
 * import * as Schema from './Schema'
 * const counted = fromSchema(Schema.dxiSchema({ recordCount: { includesHeader: true, includesTrailer: true } }))
 * @since 0.1.0
 * @category constructors
 */
export const fromSchema = (schema: Schema.FileSchema, options?: CodecOptions): UkLink.Codec<UkLink.A00Header, E45Record, UkLink.Z99Trailer> =>
  UkLink.codec(schema, options)

/**
 * The codec, built from {@link Schema.dxiSchema}; build another with `fromSchema(Schema.dxiSchema(overrides))`
 * to override the provisional layout facts.
 *
 * @example
 * codec.kind // 'dxi'
 * @since 0.1.0
 * @category codecs
 */
export const codec: UkLink.Codec<UkLink.A00Header, E45Record, UkLink.Z99Trailer> = fromSchema(Schema.dxiSchema())

/**
 * The file kind, as the command line's `--kind` names it.
 *
 * @example
 * kind // 'dxi'
 * @since 0.1.0
 * @category constants
 */
export const kind = 'dxi' as const

/**
 * The codec's type (`UkLink.Codec` of this kind's header, record and trailer).
 *
 * @example
 * const c: Codec = codec
 * @since 0.2.0
 * @category model
 */
export type Codec = UkLink.Codec<UkLink.A00Header, E45Record, UkLink.Z99Trailer>

/**
 * Every diagnostic, and the file when none is an error. Never throws.
 *
 * @example
 * inspect(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n')).file?.records // []
 * @since 0.1.0
 * @category decoding
 */
export const inspect: Codec['inspect'] = codec.inspect

/**
 * The file, or its errors. Never throws.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decode(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n'))) // true
 * @since 0.1.0
 * @category decoding
 */
export const decode: Codec['decode'] = codec.decode

/**
 * The file's bytes (fields written as held: no checks).
 *
 * @example
 * encode(make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }, records: [] }))
 * @since 0.1.0
 * @category encoding
 */
export const encode: Codec['encode'] = codec.encode

/**
 * Decodes a byte stream in batches of clean records (`batchSize`, default 1000; with
 * `streamDiagnostics: true` diagnostics too, as found); the trailer is checked when it arrives.
 *
 * @example
 * async function* chunks(): AsyncGenerator<Uint8Array> { yield new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n') }
 * void (async () => { for await (const item of decodeStream(chunks(), { batchSize: 500 })) item.type })()
 * @since 0.1.0
 * @category decoding
 */
export const decodeStream: Codec['decodeStream'] = codec.decodeStream

/**
 * Encodes a header and a stream of records in chunks of about 64 KiB; the trailer's count is computed
 * while streaming. LF and a final newline unless told.
 *
 * @example
 * const header = make({ header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }).header
 * encodeStream(header, [])
 * @since 0.1.0
 * @category encoding
 */
export const encodeStream: Codec['encodeStream'] = codec.encodeStream

/**
 * The DXI file as a kind of the shell (`FileEngine`): its decoder and writer.
 *
 * @example
 * declaration.writer.trailer({ recordCount: 0 }) // '"Z99",0'
 * @since 0.2.0
 * @category instances
 */
export const declaration: Codec['declaration'] = codec.declaration

/**
 * What {@link make} needs: the header without its File Type (always `DXI`).
 *
 * @example
 * const i: MakeInput = { header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }, records: [] }
 * @since 0.1.0
 * @category model
 */
export type MakeInput = UkLink.MakeInput<E45Record>

/**
 * A new DXI file value: File Type `DXI`, the trailer computed from the records, LF with a final
 * newline unless told. Field values are not checked here (`inspect(encode(file))` does that).
 *
 * @example
 * make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 },
 *   records: [{ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] }).trailer // { recordCount: 1 }
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: MakeInput): DxiFile => UkLink.make(codec, Schema.DXI_FILE_TYPE, input)

/**
 * io-ts codec of the JSON shape of an A00 header (shape only).
 *
 * @example
 * headerJsonCodec.is({ organisationId: '1', fileType: 'DXI', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }) // true
 * @since 0.1.0
 * @category codecs
 */
export const headerJsonCodec: t.Type<UkLink.A00Header> = UkLink.headerJsonCodec

/**
 * io-ts codec of the JSON shape of a Z99 trailer (shape only).
 *
 * @example
 * trailerJsonCodec.is({ recordCount: 2 }) // true
 * @since 0.1.0
 * @category codecs
 */
export const trailerJsonCodec: t.Type<UkLink.Z99Trailer> = UkLink.trailerJsonCodec

/**
 * io-ts codecs of the JSON shapes of the file's parts: its header, one record, its trailer (what
 * `dcc-flags decode --ndjson` prints a line each, and `encode --ndjson` reads). Shape only.
 *
 * @example
 * jsonParts.trailer.is({ recordCount: 2 }) // true
 * @since 0.2.0
 * @category codecs
 */
export const jsonParts = {
  header: UkLink.headerJsonCodec,
  record: t.type({ mprn: t.string, flag: t.keyof({ A: null, I: null, N: null, S: null, W: null }), effectiveFrom: t.string }, 'E45') as t.Type<E45Record>,
  trailer: UkLink.trailerJsonCodec,
}

/**
 * io-ts codec of a DXI file value's JSON shape (what `dcc-flags decode` prints and `encode` reads). It
 * checks shape only; wire rules are checked by {@link inspect} on the encoded bytes.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(jsonCodec.decode(JSON.parse(JSON.stringify(make({ header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }))))) // true
 * @since 0.1.0
 * @category codecs
 */
export const jsonCodec: t.Type<DxiFile> = UkLink.fileJsonCodec(jsonParts.record, 'DxiFile')
