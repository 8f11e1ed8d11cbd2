/**
 * The E46 response file (gas RDP → DCC, accepting or rejecting each E45; SEC Appendix X 3.28(b)(i)):
 * a byte-exact `FileCodec` over the UK Link engine. Its A00 File Type is not public: decoding keeps
 * whatever three letters are there; new files take it from the caller, default
 * `Schema.PROVISIONAL_DXR_FILE_TYPE` (`DXR`).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { either as E, nonEmptyArray as NEA } from 'fp-ts'
import type * as Diagnostic from '../Diagnostic'
import type { DecodeOptions, File, Inspection, StreamItem, StreamOptions } from '../FileCodec'
import type { Eol } from '../Lines'
import type { Flag } from '../../identifiers/Flag'
import * as Schema from './Schema'
import * as UkLink from './UkLink'
import { headerJsonCodec, trailerJsonCodec } from './Dxi'

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
  readonly flag: Flag
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
 * The codec, built from {@link Schema.dxrSchema}; build another with `fromSchema(Schema.dxrSchema(overrides))`
 * to override the provisional layout facts.
 *
 * @example
 * codec.kind // 'dxr'
 * @since 0.1.0
 * @category codecs
 */
export const codec: UkLink.Codec<UkLink.A00Header, E46Record, UkLink.Z99Trailer> = UkLink.codec(Schema.dxrSchema())

/**
 * A codec over another layout, e.g. with the provisional facts overridden (the field names of the
 * header and records must stay those of `UkLink.A00Header` and {@link E46Record}).
 *
 * @example
 * const counted = fromSchema(Schema.dxrSchema({ recordCount: { includesHeader: true, includesTrailer: true } }))
 * @since 0.1.0
 * @category constructors
 */
export const fromSchema = (schema: Schema.FileSchema): UkLink.Codec<UkLink.A00Header, E46Record, UkLink.Z99Trailer> => UkLink.codec(schema)

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
 * Every diagnostic, and the file when none is an error. Never throws.
 *
 * @example
 * inspect(new TextEncoder().encode('"A00",9876543210,"DXR",20211105,063000,17\n"Z99",0\n')).file?.header.creationTime // '063000'
 * @since 0.1.0
 * @category decoding
 */
export const inspect: (bytes: Uint8Array, options?: DecodeOptions) => Inspection<DxrFile> = codec.inspect

/**
 * The file, or its errors. Never throws.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decode(new TextEncoder().encode('"A00",9876543210,"DXR",20211105,063000,17\n"Z99",0\n'))) // true
 * @since 0.1.0
 * @category decoding
 */
export const decode: (bytes: Uint8Array, options?: DecodeOptions) => E.Either<NEA.NonEmptyArray<Diagnostic.Diagnostic>, DxrFile> = codec.decode

/**
 * The file's bytes (fields written as held: no checks).
 *
 * @example
 * encode(make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: '17' }, records: [] }))
 * @since 0.1.0
 * @category encoding
 */
export const encode: (file: DxrFile) => Uint8Array = codec.encode

/**
 * Decodes a byte stream in batches of clean records; the trailer is checked when it arrives.
 *
 * @example
 * for await (const item of decodeStream(fs.createReadStream('DXR.txt'))) console.log(item.type)
 * @since 0.1.0
 * @category decoding
 */
export const decodeStream: (source: AsyncIterable<Uint8Array>, options?: StreamOptions) => AsyncGenerator<StreamItem<UkLink.A00Header, E46Record, UkLink.Z99Trailer>, void, undefined> =
  codec.decodeStream

/**
 * Encodes a header and a stream of records in chunks of about 64 KiB; the trailer's count is computed
 * while streaming. LF and a final newline unless told.
 *
 * @example
 * for await (const chunk of encodeStream(header, records)) out.write(chunk)
 * @since 0.1.0
 * @category encoding
 */
export const encodeStream: (
  header: UkLink.A00Header,
  records: AsyncIterable<E46Record> | Iterable<E46Record>,
  options?: UkLink.EncodeStreamOptions,
) => AsyncGenerator<Uint8Array, void, undefined> = codec.encodeStream

/**
 * What {@link make} needs: the header, File Type optional.
 *
 * @example
 * const i: MakeInput = { header: { organisationId: '1', fileType: 'GRS', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [] }
 * @since 0.1.0
 * @category model
 */
export interface MakeInput {
  readonly header: {
    readonly organisationId: string
    /** Three letters; default {@link Schema.PROVISIONAL_DXR_FILE_TYPE}. */
    readonly fileType?: string
    readonly creationDate: string
    readonly creationTime: string
    /** A number is written in decimal. */
    readonly generationNumber: string | number
  }
  readonly records: ReadonlyArray<E46Record>
  /** Default LF. */
  readonly eol?: Eol
  /** Default true. */
  readonly finalNewline?: boolean
}

/**
 * A new E46 response file value: the trailer computed from the records, LF with a final newline
 * unless told. Field values are not checked here (`inspect(encode(file))` does that).
 *
 * @example
 * make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 },
 *   records: [{ outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] }).header.fileType // 'DXR'
 * @since 0.1.0
 * @category constructors
 */
export const make = (input: MakeInput): DxrFile =>
  codec.makeFile(
    {
      organisationId: input.header.organisationId,
      fileType: input.header.fileType ?? Schema.PROVISIONAL_DXR_FILE_TYPE,
      creationDate: input.header.creationDate,
      creationTime: input.header.creationTime,
      generationNumber: String(input.header.generationNumber),
    },
    input.records,
    input.eol,
    input.finalNewline,
  )

/**
 * io-ts codec of an E46 response file value's JSON shape. It checks shape only; wire rules are
 * checked by {@link inspect} on the encoded bytes.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(jsonCodec.decode(JSON.parse(jsonText))) // true for a decoded file printed as JSON
 * @since 0.1.0
 * @category codecs
 */
export const jsonCodec: t.Type<DxrFile> = t.type({
  header: headerJsonCodec,
  records: t.readonlyArray(t.type({
    outcome: t.keyof({ AC: null, RJ: null }),
    mprn: t.string,
    flag: t.keyof({ A: null, I: null, N: null, S: null, W: null }),
    effectiveFrom: t.string,
  }, 'E46')),
  trailer: trailerJsonCodec,
  eol: t.union([t.literal('\n'), t.literal('\r\n')]),
  finalNewline: t.boolean,
}, 'DxrFile')
