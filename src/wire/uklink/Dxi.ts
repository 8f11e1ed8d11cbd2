/**
 * The DXI "DCC Status File" (E45 records, DCC → gas RDP; SEC Appendix X 3.29(a) as amended by MP077):
 * a byte-exact `FileCodec` over the UK Link engine (WIRE.md "UK Link files").
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
  readonly flag: Flag
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
 * The codec, built from {@link Schema.dxiSchema}; build another with `fromSchema(Schema.dxiSchema(overrides))`
 * to override the provisional layout facts.
 *
 * @example
 * codec.kind // 'dxi'
 * @since 0.1.0
 * @category codecs
 */
export const codec: UkLink.Codec<UkLink.A00Header, E45Record, UkLink.Z99Trailer> = UkLink.codec(Schema.dxiSchema())

/**
 * A codec over another layout, e.g. with the provisional facts overridden (the field names of the
 * header and records must stay those of `UkLink.A00Header` and {@link E45Record}).
 *
 * @example
 * const counted = fromSchema(Schema.dxiSchema({ recordCount: { includesHeader: true, includesTrailer: true } }))
 * @since 0.1.0
 * @category constructors
 */
export const fromSchema = (schema: Schema.FileSchema): UkLink.Codec<UkLink.A00Header, E45Record, UkLink.Z99Trailer> => UkLink.codec(schema)

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
 * Every diagnostic, and the file when none is an error. Never throws.
 *
 * @example
 * inspect(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n')).file?.records // []
 * @since 0.1.0
 * @category decoding
 */
export const inspect: (bytes: Uint8Array, options?: DecodeOptions) => Inspection<DxiFile> = codec.inspect

/**
 * The file, or its errors. Never throws.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decode(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n'))) // true
 * @since 0.1.0
 * @category decoding
 */
export const decode: (bytes: Uint8Array, options?: DecodeOptions) => E.Either<NEA.NonEmptyArray<Diagnostic.Diagnostic>, DxiFile> = codec.decode

/**
 * The file's bytes (fields written as held: no checks).
 *
 * @example
 * encode(make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }, records: [] }))
 * @since 0.1.0
 * @category encoding
 */
export const encode: (file: DxiFile) => Uint8Array = codec.encode

/**
 * Decodes a byte stream in batches of clean records; the trailer is checked when it arrives.
 *
 * @example
 * for await (const item of decodeStream(fs.createReadStream('DXI.txt'), { batchSize: 500 })) console.log(item.type)
 * @since 0.1.0
 * @category decoding
 */
export const decodeStream: (source: AsyncIterable<Uint8Array>, options?: StreamOptions) => AsyncGenerator<StreamItem<UkLink.A00Header, E45Record, UkLink.Z99Trailer>, void, undefined> =
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
  records: AsyncIterable<E45Record> | Iterable<E45Record>,
  options?: UkLink.EncodeStreamOptions,
) => AsyncGenerator<Uint8Array, void, undefined> = codec.encodeStream

/**
 * What {@link make} needs: the header without its File Type (always `DXI`).
 *
 * @example
 * const i: MakeInput = { header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }, records: [] }
 * @since 0.1.0
 * @category model
 */
export interface MakeInput {
  readonly header: {
    readonly organisationId: string
    readonly creationDate: string
    readonly creationTime: string
    /** A number is written in decimal. */
    readonly generationNumber: string | number
  }
  readonly records: ReadonlyArray<E45Record>
  /** Default LF. */
  readonly eol?: Eol
  /** Default true. */
  readonly finalNewline?: boolean
}

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
export const make = (input: MakeInput): DxiFile =>
  codec.makeFile(
    {
      organisationId: input.header.organisationId,
      fileType: Schema.DXI_FILE_TYPE,
      creationDate: input.header.creationDate,
      creationTime: input.header.creationTime,
      generationNumber: String(input.header.generationNumber),
    },
    input.records,
    input.eol,
    input.finalNewline,
  )

const eolCodec = t.union([t.literal('\n'), t.literal('\r\n')])

/**
 * io-ts codec of the JSON shape of an A00 header (shape only).
 *
 * @example
 * headerJsonCodec.is({ organisationId: '1', fileType: 'DXI', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }) // true
 * @since 0.1.0
 * @category codecs
 */
export const headerJsonCodec: t.Type<UkLink.A00Header> = t.type({
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
 * @since 0.1.0
 * @category codecs
 */
export const trailerJsonCodec: t.Type<UkLink.Z99Trailer> = t.type({ recordCount: t.number }, 'Z99Trailer')

/**
 * io-ts codec of a DXI file value's JSON shape (what `dcc-flags decode` prints and `encode` reads). It
 * checks shape only; wire rules are checked by {@link inspect} on the encoded bytes.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(jsonCodec.decode(JSON.parse(jsonText))) // true for a decoded file printed as JSON
 * @since 0.1.0
 * @category codecs
 */
export const jsonCodec: t.Type<DxiFile> = t.type({
  header: headerJsonCodec,
  records: t.readonlyArray(t.type({ mprn: t.string, flag: t.keyof({ A: null, I: null, N: null, S: null, W: null }), effectiveFrom: t.string }, 'E45')),
  trailer: trailerJsonCodec,
  eol: eolCodec,
  finalNewline: t.boolean,
}, 'DxiFile')
