/**
 * The DXI "DCC Status File" (E45 records, DCC → gas RDP; SEC Appendix X 3.29(a) as amended by MP077):
 * a byte-exact `FileCodec`, declared over the UK Link engine. This module declares what is DXI's
 * own: its record, its layout (`Schema.dxiSchema`) and the File Type of new files (always `DXI`).
 * Its functions are those every UK Link kind has, made by `UkLink.kindModule` (the members of
 * `UkLink.KindModule`: `inspect`, `decode`, `encode`, `decodeStream`, `encodeStream`, `make`,
 * `codec`, `fromSchema`, `declaration`, `kind`, and the JSON codecs `jsonCodec`, `jsonParts`,
 * `headerJsonCodec` and `trailerJsonCodec`), each exported and documented here.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { File } from '../FileCodec'
import { Flag } from '../../identifiers'
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
 * The codec's type (`UkLink.Codec` of this kind's header, record and trailer).
 *
 * @example
 * const c: Codec = codec
 * @since 0.2.0
 * @category model
 */
export type Codec = UkLink.Codec<UkLink.A00Header, E45Record, UkLink.Z99Trailer>

/**
 * What `make` needs: the header without its File Type (always `DXI`: one given is not used).
 *
 * @example
 * const i: MakeInput = { header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: '1' }, records: [] }
 * @since 0.1.0
 * @category model
 */
export type MakeInput = UkLink.MakeInput<E45Record>

/**
 * The DXI kind's functions and codecs (exported one by one below), from its declaration:
 * the DXI layout, File Type `DXI` for every file made, and the JSON shape of an E45 record.
 * `declaration` and `jsonParts` since 0.2.0.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * const file = make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 },
 *   records: [{ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] })
 * file.trailer // { recordCount: 1 }
 * E.isRight(decode(encode(file))) // true
 * inspect(encode(file)).file?.header.fileType // 'DXI'
 * jsonCodec.is(JSON.parse(JSON.stringify(file))) // true
 * kind // 'dxi'
 * @since 0.1.0
 */
const dxiModule = UkLink.kindModule<'dxi', E45Record>({
  kind: 'dxi',
  schema: Schema.dxiSchema(),
  fileType: () => Schema.DXI_FILE_TYPE,
  record: t.type({ mprn: t.string, flag: Flag.codec, effectiveFrom: t.string }, 'E45') as t.Type<E45Record>,
  fileName: 'DxiFile',
})

/**
 * The file kind, as the command line's `--kind` names it.
 *
 * @example
 * kind // 'dxi'
 * @since 0.1.0
 * @category model
 */
export const kind = dxiModule.kind

/**
 * The codec, built from this kind's layout; build another with {@link fromSchema} to override the
 * layout's provisional facts.
 *
 * @example
 * codec.schema.kind // 'dxi'
 * @since 0.1.0
 * @category codecs
 */
export const codec = dxiModule.codec

/**
 * A codec over another layout of this kind, e.g. with the provisional facts overridden (field
 * names stay those of the header and record).
 *
 * @example
 * import * as Schema from './Schema'
 * fromSchema(Schema.dxiSchema()).schema.kind // 'dxi'
 * @since 0.1.0
 * @category codecs
 */
export const fromSchema = dxiModule.fromSchema

/**
 * The kind as a file kind of the shell (`FileEngine`): its decoder and writer.
 *
 * @example
 * declaration.writer.trailer({ recordCount: 0 }) // '"Z99",0'
 * @since 0.2.0
 * @category codecs
 */
export const declaration = dxiModule.declaration

/**
 * Every diagnostic, and the file when none is an error. Never throws.
 *
 * @example
 * inspect(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n')).file?.records // []
 * @since 0.1.0
 * @category decoding
 */
export const inspect = dxiModule.inspect

/**
 * The file, or its errors. Never throws.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decode(new TextEncoder().encode('"A00",1234567890,"DXI",20211104,120000,1\n"Z99",0\n'))) // true
 * E.isLeft(decode(new Uint8Array(0))) // true: empty_file
 * @since 0.1.0
 * @category decoding
 */
export const decode = dxiModule.decode

/**
 * The file's bytes, exactly as read when the file came from {@link decode} (fields written as
 * held: no checks).
 *
 * @example
 * encode(make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] })).length > 0 // true
 * @since 0.1.0
 * @category encoding
 */
export const encode = dxiModule.encode

/**
 * Decodes a byte stream in batches of clean records (`batchSize`, default 1000; with
 * `streamDiagnostics: true` diagnostics too, as found); memory is bounded by the batch, and the
 * trailer is checked when it arrives.
 *
 * @example
 * import { createReadStream } from 'node:fs'
 * void (async () => { for await (const item of decodeStream(createReadStream('big.file'), { batchSize: 500 })) item.type })()
 * @since 0.1.0
 * @category decoding
 */
export const decodeStream = dxiModule.decodeStream

/**
 * Encodes a header and a (possibly async) stream of records in chunks of about 64 KiB; the
 * trailer's count is computed on the way. LF and a final newline unless told.
 *
 * @example
 * const header = make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }).header
 * encodeStream(header, [{ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }])
 * @since 0.1.0
 * @category encoding
 */
export const encodeStream = dxiModule.encodeStream

/**
 * A new file value: File Type `DXI` (one given is not used), the trailer computed from the
 * records, LF with a final newline unless told. Field values are not checked here
 * (`inspect(encode(file))` does that).
 *
 * @example
 * make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [{ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] }).trailer // { recordCount: 1 }
 * @since 0.1.0
 * @category constructors
 */
export const make = dxiModule.make

/**
 * io-ts codec of the JSON shape of an A00 header (shape only).
 *
 * @example
 * headerJsonCodec.is(make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }).header) // true
 * @since 0.1.0
 * @category json
 */
export const headerJsonCodec = dxiModule.headerJsonCodec

/**
 * io-ts codec of the JSON shape of a Z99 trailer (shape only).
 *
 * @example
 * trailerJsonCodec.is({ recordCount: 2 }) // true
 * @since 0.1.0
 * @category json
 */
export const trailerJsonCodec = dxiModule.trailerJsonCodec

/**
 * io-ts codecs of the JSON shapes of the file's parts: its header, one record, its trailer (what
 * `dcc-flags decode --ndjson` prints a line each, and `encode --ndjson` reads). Shape only.
 *
 * @example
 * jsonParts.record.is({ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }) // true
 * @since 0.2.0
 * @category json
 */
export const jsonParts = dxiModule.jsonParts

/**
 * io-ts codec of a file value's JSON shape (what `dcc-flags decode` prints and `encode` reads).
 * Shape only: wire rules are checked by {@link inspect} on the encoded bytes.
 *
 * @example
 * jsonCodec.is(JSON.parse(JSON.stringify(make({ header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [{ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] })))) // true
 * @since 0.1.0
 * @category json
 */
export const jsonCodec = dxiModule.jsonCodec
