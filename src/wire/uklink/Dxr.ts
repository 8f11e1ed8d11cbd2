/**
 * The E46 response file (gas RDP → DCC, accepting or rejecting each E45; SEC Appendix X 3.28(b)(i)):
 * a byte-exact `FileCodec`, declared over the UK Link engine. Its A00 File Type is not public:
 * decoding keeps whatever three letters are there; new files take it from the caller, default
 * `Schema.PROVISIONAL_DXR_FILE_TYPE` (`DXR`).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { CodecOptions, File } from '../FileCodec'
import type { Flag } from '../../identifiers'
import * as Schema from './Schema'
import * as UkLink from './UkLink'

/**
 * `AC` accepted, `RJ` rejected.
 *
 * @example
 * const o: Outcome = 'RJ'
 * @since 0.1.0
 * @category model
 */
export type Outcome = 'AC' | 'RJ'

/**
 * One E46 record: the outcome for one E45 it answers.
 *
 * @example
 * const r: E46Record = { outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }
 * @since 0.1.0
 * @category model
 */
export interface E46Record {
  readonly outcome: Outcome
  /** Meter Point Reference (MPRN), as read. */
  readonly mprn: string
  readonly flag: Flag.Flag
  /** `YYYYMMDD`. */
  readonly effectiveFrom: string
}

/**
 * Short name of {@link E46Record} (the record of this file kind).
 *
 * @example
 * const r: Record = { outcome: 'RJ', mprn: '1234567810', flag: 'I', effectiveFrom: '20211103' }
 * @since 0.1.0
 * @category model
 */
export type Record = E46Record

/**
 * A decoded E46 response file.
 *
 * @example
 * const f: DxrFile = make({ header: { organisationId: '1', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [] })
 * @since 0.1.0
 * @category model
 */
export type DxrFile = File<UkLink.A00Header, E46Record, UkLink.Z99Trailer>

/**
 * A codec over another layout, e.g. with the provisional facts overridden (the field names of the
 * header and records must stay those of `UkLink.A00Header` and {@link E46Record}).
 *
 * @example
 * import * as Schema from './Schema'
 * const counted = fromSchema(Schema.dxrSchema({ recordCount: { includesHeader: true, includesTrailer: true } }))
 * @since 0.1.0
 * @category constructors
 */
export const fromSchema = (schema: Schema.FileSchema, options?: CodecOptions): UkLink.Codec<UkLink.A00Header, E46Record, UkLink.Z99Trailer> =>
  UkLink.codec(schema, options)

/**
 * The codec, built from {@link Schema.dxrSchema}; build another with `fromSchema(Schema.dxrSchema(overrides))`
 * to override the provisional layout facts.
 *
 * @example
 * codec.kind // 'dxr'
 * @since 0.1.0
 * @category codecs
 */
export const codec: UkLink.Codec<UkLink.A00Header, E46Record, UkLink.Z99Trailer> = fromSchema(Schema.dxrSchema())

/**
 * The file kind, as the command line's `--kind` names it.
 *
 * @example
 * kind // 'dxr'
 * @since 0.1.0
 * @category constants
 */
export const kind = 'dxr' as const

/**
 * The codec's type (`UkLink.Codec` of this kind's header, record and trailer).
 *
 * @example
 * const c: Codec = codec
 * @since 0.2.0
 * @category model
 */
export type Codec = UkLink.Codec<UkLink.A00Header, E46Record, UkLink.Z99Trailer>

/**
 * Every diagnostic, and the file when none is an error. Never throws.
 *
 * @example
 * inspect(new TextEncoder().encode('"A00",9876543210,"DXR",20211105,063000,17\n"Z99",0\n')).file?.header.creationTime // '063000'
 * @since 0.1.0
 * @category decoding
 */
export const inspect: Codec['inspect'] = codec.inspect

/**
 * The file, or its errors. Never throws.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decode(new TextEncoder().encode('"A00",9876543210,"DXR",20211105,063000,17\n"Z99",0\n'))) // true
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
 * async function* chunks(): AsyncGenerator<Uint8Array> { yield new TextEncoder().encode('"A00",9876543210,"DXR",20211105,063000,17\n"Z99",0\n') }
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
 * The E46 response file as a kind of the shell (`FileEngine`): its decoder and writer.
 *
 * @example
 * declaration.writer.trailer({ recordCount: 0 }) // '"Z99",0'
 * @since 0.2.0
 * @category instances
 */
export const declaration: Codec['declaration'] = codec.declaration

/**
 * What {@link make} needs: the header, File Type optional.
 *
 * @example
 * const i: MakeInput = { header: { organisationId: '1', fileType: 'GRS', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [] }
 * @since 0.1.0
 * @category model
 */
export type MakeInput = UkLink.MakeInput<E46Record>

/**
 * A new E46 response file value: File Type as given (default `DXR`, provisional), the trailer
 * computed from the records, LF with a final newline unless told. Field values are not checked
 * here (`inspect(encode(file))` does that).
 *
 * @example
 * make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 },
 *   records: [{ outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] }).header.fileType // 'DXR'
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: MakeInput): DxrFile => UkLink.make(codec, input.header.fileType ?? Schema.PROVISIONAL_DXR_FILE_TYPE, input)

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
  record: t.type({
    outcome: t.keyof({ AC: null, RJ: null }),
    mprn: t.string,
    flag: t.keyof({ A: null, I: null, N: null, S: null, W: null }),
    effectiveFrom: t.string,
  }, 'E46') as t.Type<E46Record>,
  trailer: UkLink.trailerJsonCodec,
}

/**
 * io-ts codec of an E46 response file value's JSON shape. It checks shape only; wire rules are
 * checked by {@link inspect} on the encoded bytes.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(jsonCodec.decode(JSON.parse(JSON.stringify(make({ header: { organisationId: '1', creationDate: '20211105', creationTime: '063000', generationNumber: 1 }, records: [] }))))) // true
 * @since 0.1.0
 * @category codecs
 */
export const jsonCodec: t.Type<DxrFile> = UkLink.fileJsonCodec(jsonParts.record, 'DxrFile')
