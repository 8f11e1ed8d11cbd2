/**
 * The E46 response file (gas RDP → DCC, accepting or rejecting each E45; SEC Appendix X 3.28(b)(i)):
 * a byte-exact `FileCodec`, declared over the UK Link engine. This module declares what is the E46
 * response's own: its record, its layout (`Schema.dxrSchema`) and the File Type of new files. That
 * File Type is not public: decoding keeps whatever three letters are there; new files take it from
 * the caller, default `Schema.PROVISIONAL_DXR_FILE_TYPE` (`DXR`). Its functions are those every UK
 * Link kind has, made by `UkLink.kindModule` (the members of `UkLink.KindModule`: `inspect`,
 * `decode`, `encode`, `decodeStream`, `encodeStream`, `make`, `codec`, `fromSchema`, `declaration`,
 * `kind`, and the JSON codecs `jsonCodec`, `jsonParts`, `headerJsonCodec` and `trailerJsonCodec`),
 * each exported and documented here.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { File } from '../FileCodec'
import { Flag } from '../../identifiers'
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
 * The codec's type (`UkLink.Codec` of this kind's header, record and trailer).
 *
 * @example
 * const c: Codec = codec
 * @since 0.2.0
 * @category model
 */
export type Codec = UkLink.Codec<UkLink.A00Header, E46Record, UkLink.Z99Trailer>

/**
 * What `make` needs: the header, File Type optional (default `DXR`).
 *
 * @example
 * const i: MakeInput = { header: { organisationId: '1', fileType: 'GRS', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [] }
 * @since 0.1.0
 * @category model
 */
export type MakeInput = UkLink.MakeInput<E46Record>

/**
 * The E46 response kind's functions and codecs (exported one by one below), from its
 * declaration: the E46 response layout, the File Type of a file made as given (default `DXR`,
 * provisional), and the JSON shape of an E46 record. `declaration` and `jsonParts` since 0.2.0;
 * `headerJsonCodec` and `trailerJsonCodec` since 0.2.0 (as in `Dxi`).
 *
 * @example
 * import { either as E } from 'fp-ts'
 * const file = make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 },
 *   records: [{ outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] })
 * file.header.fileType // 'DXR'
 * E.isRight(decode(encode(file))) // true
 * inspect(new TextEncoder().encode('"A00",9876543210,"GRS",20211105,063000,17\n"Z99",0\n')).file?.header.fileType // 'GRS'
 * jsonCodec.is(JSON.parse(JSON.stringify(file))) // true
 * kind // 'dxr'
 * @since 0.1.0
 */
const dxrModule = UkLink.kindModule<'dxr', E46Record>({
  kind: 'dxr',
  schema: Schema.dxrSchema(),
  fileType: (given) => given ?? Schema.PROVISIONAL_DXR_FILE_TYPE,
  record: t.type({ outcome: t.keyof({ AC: null, RJ: null }), mprn: t.string, flag: Flag.codec, effectiveFrom: t.string }, 'E46') as t.Type<E46Record>,
  fileName: 'DxrFile',
})

/**
 * The file kind, as the command line's `--kind` names it.
 *
 * @example
 * kind // 'dxr'
 * @since 0.1.0
 * @category model
 */
export const kind = dxrModule.kind

/**
 * The codec, built from this kind's layout; build another with {@link fromSchema} to override the
 * layout's provisional facts.
 *
 * @example
 * codec.schema.kind // 'dxr'
 * @since 0.1.0
 * @category codecs
 */
export const codec = dxrModule.codec

/**
 * A codec over another layout of this kind, e.g. with the provisional facts overridden (field
 * names stay those of the header and record).
 *
 * @example
 * import * as Schema from './Schema'
 * fromSchema(Schema.dxrSchema()).schema.kind // 'dxr'
 * @since 0.1.0
 * @category codecs
 */
export const fromSchema = dxrModule.fromSchema

/**
 * The kind as a file kind of the shell (`FileEngine`): its decoder and writer.
 *
 * @example
 * declaration.writer.trailer({ recordCount: 0 }) // '"Z99",0'
 * @since 0.2.0
 * @category codecs
 */
export const declaration = dxrModule.declaration

/**
 * Every diagnostic, and the file when none is an error. Never throws.
 *
 * @example
 * inspect(new TextEncoder().encode('"A00",9876543210,"DXR",20211105,063000,17\n"Z99",0\n')).file?.records // []
 * @since 0.1.0
 * @category decoding
 */
export const inspect = dxrModule.inspect

/**
 * The file, or its errors. Never throws.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decode(new TextEncoder().encode('"A00",9876543210,"DXR",20211105,063000,17\n"Z99",0\n'))) // true
 * E.isLeft(decode(new Uint8Array(0))) // true: empty_file
 * @since 0.1.0
 * @category decoding
 */
export const decode = dxrModule.decode

/**
 * The file's bytes, exactly as read when the file came from {@link decode} (fields written as
 * held: no checks).
 *
 * @example
 * encode(make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [] })).length > 0 // true
 * @since 0.1.0
 * @category encoding
 */
export const encode = dxrModule.encode

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
export const decodeStream = dxrModule.decodeStream

/**
 * Encodes a header and a (possibly async) stream of records in chunks of about 64 KiB; the
 * trailer's count is computed on the way. LF and a final newline unless told.
 *
 * @example
 * const header = make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [] }).header
 * encodeStream(header, [{ outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }])
 * @since 0.1.0
 * @category encoding
 */
export const encodeStream = dxrModule.encodeStream

/**
 * A new file value: the File Type as given (default `DXR`, provisional), the trailer computed
 * from the records, LF with a final newline unless told. Field values are not checked here
 * (`inspect(encode(file))` does that).
 *
 * @example
 * make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [{ outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] }).trailer // { recordCount: 1 }
 * @since 0.1.0
 * @category constructors
 */
export const make = dxrModule.make

/**
 * io-ts codec of the JSON shape of an A00 header (shape only).
 *
 * @example
 * headerJsonCodec.is(make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [] }).header) // true
 * @since 0.2.0
 * @category json
 */
export const headerJsonCodec = dxrModule.headerJsonCodec

/**
 * io-ts codec of the JSON shape of a Z99 trailer (shape only).
 *
 * @example
 * trailerJsonCodec.is({ recordCount: 2 }) // true
 * @since 0.2.0
 * @category json
 */
export const trailerJsonCodec = dxrModule.trailerJsonCodec

/**
 * io-ts codecs of the JSON shapes of the file's parts: its header, one record, its trailer (what
 * `dcc-flags decode --ndjson` prints a line each, and `encode --ndjson` reads). Shape only.
 *
 * @example
 * jsonParts.record.is({ outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }) // true
 * @since 0.2.0
 * @category json
 */
export const jsonParts = dxrModule.jsonParts

/**
 * io-ts codec of a file value's JSON shape (what `dcc-flags decode` prints and `encode` reads).
 * Shape only: wire rules are checked by {@link inspect} on the encoded bytes.
 *
 * @example
 * jsonCodec.is(JSON.parse(JSON.stringify(make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records: [{ outcome: 'AC', mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] })))) // true
 * @since 0.1.0
 * @category json
 */
export const jsonCodec = dxrModule.jsonCodec
