/**
 * The E46 response file (gas RDP → DCC, accepting or rejecting each E45; SEC Appendix X 3.28(b)(i)):
 * a byte-exact `FileCodec`, declared over the UK Link engine. This module declares what is the E46
 * response's own: its record, its layout (`Schema.dxrSchema`) and the File Type of new files. That
 * File Type is not public: decoding keeps whatever three letters are there; new files take it from
 * the caller, default `Schema.PROVISIONAL_DXR_FILE_TYPE` (`DXR`). Its functions are those every UK
 * Link kind has, made by `UkLink.kindModule` and documented on `UkLink.KindModule`: `inspect`,
 * `decode`, `encode`, `decodeStream`, `encodeStream`, `make`, `codec`, `fromSchema`, `declaration`,
 * `kind`, and the JSON codecs `jsonCodec`, `jsonParts`, `headerJsonCodec` and `trailerJsonCodec`.
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
 * The E46 response kind's functions and codecs (each documented on `UkLink.KindModule`), from its
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
export const { kind, codec, fromSchema, declaration, inspect, decode, encode, decodeStream, encodeStream, make, headerJsonCodec, trailerJsonCodec, jsonParts, jsonCodec } =
  UkLink.kindModule<'dxr', E46Record>({
    kind: 'dxr',
    schema: Schema.dxrSchema(),
    fileType: (given) => given ?? Schema.PROVISIONAL_DXR_FILE_TYPE,
    record: t.type({ outcome: t.keyof({ AC: null, RJ: null }), mprn: t.string, flag: Flag.codec, effectiveFrom: t.string }, 'E46') as t.Type<E46Record>,
    fileName: 'DxrFile',
  })
