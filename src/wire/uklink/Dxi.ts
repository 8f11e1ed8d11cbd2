/**
 * The DXI "DCC Status File" (E45 records, DCC → gas RDP; SEC Appendix X 3.29(a) as amended by MP077):
 * a byte-exact `FileCodec`, declared over the UK Link engine. This module declares what is DXI's
 * own: its record, its layout (`Schema.dxiSchema`) and the File Type of new files (always `DXI`).
 * Its functions are those every UK Link kind has, made by `UkLink.kindModule` and documented on
 * `UkLink.KindModule`: `inspect`, `decode`, `encode`, `decodeStream`, `encodeStream`, `make`,
 * `codec`, `fromSchema`, `declaration`, `kind`, and the JSON codecs `jsonCodec`, `jsonParts`,
 * `headerJsonCodec` and `trailerJsonCodec`.
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
 * The DXI kind's functions and codecs (each documented on `UkLink.KindModule`), from its declaration:
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
export const { kind, codec, fromSchema, declaration, inspect, decode, encode, decodeStream, encodeStream, make, headerJsonCodec, trailerJsonCodec, jsonParts, jsonCodec } =
  UkLink.kindModule<'dxi', E45Record>({
    kind: 'dxi',
    schema: Schema.dxiSchema(),
    fileType: () => Schema.DXI_FILE_TYPE,
    record: t.type({ mprn: t.string, flag: Flag.codec, effectiveFrom: t.string }, 'E45') as t.Type<E45Record>,
    fileName: 'DxiFile',
  })
