/**
 * D0350 "DCC Service Flag to MPAS": the DTC flow by which the DCC tells each electricity meter
 * point's registration service (MPAS) the DCC Service Flag of its MPANs. A typed, byte-exact
 * {@link FileCodec.FileCodec} over the schema-driven `Dtc` engine.
 *
 * The body layout is **provisional** (not confirmed from public sources): it lives in
 * {@link layout}, and {@link fromLayout} builds the same codec over a corrected one.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type * as FileCodec from '../FileCodec'
import * as FileEngine from '../FileEngine'
import type { Eol } from '../Lines'
import { Flag } from '../../identifiers'
import * as Schema from './Schema'
import * as Dtc from './Dtc'

/**
 * The `ZHV` header; optional items are `''` when absent.
 *
 * @example
 * const h: ZhvHeader = make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000' }).header
 * @since 0.1.0
 * @category model
 */
export interface ZhvHeader {
  readonly fileId: string
  readonly flowVersion: string
  readonly fromRole: string
  readonly fromParticipant: string
  readonly toRole: string
  readonly toParticipant: string
  readonly createdAt: string
  readonly sendingApplication: string
  readonly receivingApplication: string
  readonly broadcast: string
  readonly testDataFlag: string
}

/**
 * One `DSF` group: an MPAN's flag and the date it takes effect.
 *
 * @example
 * const r: D0350Record = { mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' }
 * @since 0.1.0
 * @category model
 */
export interface D0350Record {
  readonly mpanCore: string
  readonly flag: Flag.Flag
  readonly effectiveFrom: string
}

/**
 * The `ZPT` trailer.
 *
 * @example
 * const t: ZptTrailer = { fileId: '1', groupCount: 0, checksum: '', flowCount: 0, completedAt: '20211104120000' }
 * @since 0.1.0
 * @category model
 */
export interface ZptTrailer {
  readonly fileId: string
  readonly groupCount: number
  readonly checksum: string
  readonly flowCount: number
  readonly completedAt: string
}

/**
 * A decoded D0350 file.
 *
 * @example
 * const f: D0350File = make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000' })
 * @since 0.1.0
 * @category model
 */
export type D0350File = FileCodec.File<ZhvHeader, D0350Record, ZptTrailer>

/**
 * The D0350 layout. **Provisional**: one level-1 group `DSF` per MPAN with items MPAN Core (J0003),
 * DCC Service Flag (J1833) and DCC Service Flag Effective From Date (J1834); each MPAN is one flow
 * instance, so Flow Count = Total Group Count. Pass a corrected layout to {@link fromLayout}.
 *
 * @example
 * layout.groups[0]!.id // 'DSF'
 * @since 0.1.0
 * @category constants
 */
export const layout: Schema.FlowSchema = Schema.flow('D0350', '001', [
  {
    id: 'DSF',
    label: 'DCC Service Flag',
    level: 1,
    parent: null,
    items: [
      Schema.item('mpanCore', 'MPAN Core', 'J0003', Schema.kind('mpanCore')),
      Schema.item('flag', 'DCC Service Flag', 'J1833', Schema.kind('flag')),
      Schema.item('effectiveFrom', 'DCC Service Flag Effective From Date', 'J1834', Schema.kind('date')),
    ],
  },
])

/**
 * The header of a new file: the DCC's role and id, MPAS's role, live data and no application ids unless given.
 *
 * @example
 * const h: HeaderInput = { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000', testDataFlag: 'TR01' }
 * @since 0.1.0
 * @category model
 */
export type HeaderInput = Pick<ZhvHeader, 'fileId' | 'toParticipant' | 'createdAt'> & Partial<ZhvHeader>

/**
 * What {@link make} needs.
 *
 * @example
 * const i: MakeInput = { header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000', eol: '\r\n' }
 * @since 0.1.0
 * @category model
 */
export interface MakeInput {
  readonly header: HeaderInput
  readonly records: ReadonlyArray<D0350Record>
  /** File Completion Timestamp, `YYYYMMDDHHMMSS`. */
  readonly completedAt: string
  readonly checksum?: string
  /** LF by default. */
  readonly eol?: Eol
  /** True by default. */
  readonly finalNewline?: boolean
}

/**
 * The facts {@link D0350Codec.encodeStream} needs for the trailer; counts are computed.
 *
 * @example
 * const i: TrailerInfo = { completedAt: '20211104120000' }
 * @since 0.1.0
 * @category model
 */
export type TrailerInfo = Dtc.TrailerInfo

/**
 * A D0350 codec: the {@link FileCodec.FileCodec} contract plus streaming encode, `make` and the JSON codec.
 *
 * @example
 * const c: D0350Codec = fromLayout(layout)
 * @since 0.1.0
 * @category model
 */
export interface D0350Codec extends FileCodec.FileCodec<ZhvHeader, D0350Record, ZptTrailer> {
  readonly kind: 'd0350'
  readonly layout: Schema.FlowSchema
  /** The layout as a file kind of the shell (`FileEngine`). */
  readonly declaration: FileEngine.Declaration<ZhvHeader, D0350Record, ZptTrailer>
  readonly encodeStream: (
    header: ZhvHeader,
    records: AsyncIterable<D0350Record> | Iterable<D0350Record>,
    trailerInfo: TrailerInfo,
  ) => AsyncGenerator<Uint8Array, void, undefined>
  readonly make: (input: MakeInput) => D0350File
}

const RECORD_NAMES = ['mpanCore', 'flag', 'effectiveFrom'] as const

/**
 * Where a layout's `DSF` items sit in a record: what the body reader builds in place, as the
 * codec's mapping builds it (`[key, item index]`, in the record's key order).
 *
 * @example
 * recordShape(layout) // [['mpanCore', 0], ['flag', 1], ['effectiveFrom', 2]]
 * @since 0.2.0
 * @category accessors
 */
export const recordShape = (l: Schema.FlowSchema): ReadonlyArray<readonly [key: string, item: number]> => {
  const items = l.groups[0]?.items ?? []
  return RECORD_NAMES.map((name) => [name, items.findIndex((i) => i.name === name)] as const)
}

const sameNames = (specs: ReadonlyArray<Schema.ItemSpec>, names: ReadonlyArray<string>): boolean =>
  specs.length === names.length && names.every((n) => specs.some((s) => s.name === n))

/**
 * The D0350 codec over a layout: the way to correct the provisional body layout without code
 * changes. The layout must have the standard `ZHV`/`ZPT` and one level-1 group whose items are
 * named `mpanCore`, `flag` and `effectiveFrom` (in any order); anything else is a programmer error.
 * A layout that reads like the default one uses its reader generated at build time; another is
 * read by the detailed path alone unless `reader` is the run-time compiler of the
 * `dcc-service-flags/compile` entry point (see `FileCodec.ReaderChoice`).
 *
 * @example
 * const c = fromLayout({ ...layout, groups: [{ ...layout.groups[0]!, id: 'XYZ' }] })
 * c.encode(c.make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000' }))
 * @since 0.1.0
 * @category constructors
 */
export const fromLayout = (l: Schema.FlowSchema, options: FileCodec.CodecOptions = {}): D0350Codec => {
  const bad = [...Schema.problems(l)]
  const group = l.groups[0]
  if (l.groups.length !== 1 || group === undefined || group.level !== 1) bad.push('needs exactly one level-1 group')
  else if (!sameNames(group.items, RECORD_NAMES)) bad.push(`group ${group.id} items must be named ${RECORD_NAMES.join(', ')}`)
  if (!sameNames(l.header, Schema.header('').map((i) => i.name))) bad.push('ZHV items must be the standard ones')
  if (!sameNames(l.trailer, Schema.trailer.map((i) => i.name))) bad.push('ZPT items must be the standard ones')
  if (bad.length > 0 || group === undefined) throw new TypeError(`D0350.fromLayout: ${bad.join('; ')}`)

  const headerNames = l.header.map((i) => i.name)
  const trailerNames = l.trailer.map((i) => i.name)
  const trailerIsCount = l.trailer.map((i) => i.kind._tag === 'count')
  const shape = recordShape(l)
  const [im, iflag, ie] = shape.map(([, i]) => i) as [number, number, number]
  const [k0, k1, k2] = group.items.map((i) => i.name as keyof D0350Record) as [keyof D0350Record, keyof D0350Record, keyof D0350Record]
  const prefix = group.id + '|'

  const mapping: Dtc.Mapping<ZhvHeader, D0350Record, ZptTrailer> = {
    header: (items) => {
      const o: Record<string, string> = {}
      for (let i = 0; i < headerNames.length; i++) o[headerNames[i]!] = items[i]!
      return o as unknown as ZhvHeader
    },
    record: (_, items) => ({ mpanCore: items[im]!, flag: items[iflag] as Flag.Flag, effectiveFrom: items[ie]! }),
    // what `record` builds, for the body reader to build in place
    recordShape: () => shape,
    trailer: (items) => {
      const o: Record<string, string | number> = {}
      for (let i = 0; i < trailerNames.length; i++) o[trailerNames[i]!] = trailerIsCount[i] ? Number(items[i]) : items[i]!
      return o as unknown as ZptTrailer
    },
  }
  const writer: Dtc.Writer<ZhvHeader, D0350Record, ZptTrailer> = {
    header: (h) => {
      let s = Schema.HEADER_ID + '|'
      for (let i = 0; i < headerNames.length; i++) s += (h as unknown as Record<string, string>)[headerNames[i]!] + '|'
      return s
    },
    // unrolled: three items, one property site each
    record: (r) => prefix + r[k0] + '|' + r[k1] + '|' + r[k2] + '|',
    trailer: (tr) => {
      let s = Schema.TRAILER_ID + '|'
      for (let i = 0; i < trailerNames.length; i++) s += String((tr as unknown as Record<string, string | number>)[trailerNames[i]!]) + '|'
      return s
    },
    isFlow: () => true,
  }
  const flowVersion = l.flowId + l.version
  const engine = FileEngine.codec(Dtc.declaration(l, mapping, writer, options.reader))
  return {
    kind: 'd0350',
    layout: l,
    declaration: engine.declaration,
    inspect: engine.inspect,
    decode: engine.decode,
    encode: engine.encode,
    decodeStream: engine.decodeStream,
    encodeStream: (header, records, info) =>
      engine.encodeStreamWith(header, records,
        (c) => ({ fileId: header.fileId, groupCount: c.records, checksum: info.checksum ?? '', flowCount: c.flows, completedAt: info.completedAt }), info),
    make: (input) => ({
      header: {
        fileId: input.header.fileId,
        flowVersion: input.header.flowVersion ?? flowVersion,
        fromRole: input.header.fromRole ?? 'Z',
        fromParticipant: input.header.fromParticipant ?? 'DCCO',
        toRole: input.header.toRole ?? 'P',
        toParticipant: input.header.toParticipant,
        createdAt: input.header.createdAt,
        sendingApplication: input.header.sendingApplication ?? '',
        receivingApplication: input.header.receivingApplication ?? '',
        broadcast: input.header.broadcast ?? '',
        testDataFlag: input.header.testDataFlag ?? 'OPER',
      },
      records: input.records,
      trailer: {
        fileId: input.header.fileId,
        groupCount: input.records.length,
        checksum: input.checksum ?? '',
        flowCount: input.records.length,
        completedAt: input.completedAt,
      },
      eol: input.eol ?? '\n',
      finalNewline: input.finalNewline ?? true,
    }),
  }
}

const defaultCodec = fromLayout(layout)

/**
 * The default layout as a file kind of the shell (`FileEngine`).
 *
 * @example
 * declaration.writer.record({ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' }) // 'DSF|1200023305967|A|20211104|'
 * @since 0.2.0
 * @category instances
 */
export const declaration = defaultCodec.declaration

/**
 * The D0350 codec over the default (provisional) {@link layout}.
 *
 * @example
 * codec.kind // 'd0350'
 * @since 0.1.0
 * @category instances
 */
export const codec: D0350Codec = defaultCodec

/**
 * The file kind, as the command line's `--kind` names it.
 *
 * @example
 * kind // 'd0350'
 * @since 0.1.0
 * @category constants
 */
export const kind = 'd0350' as const

/**
 * Every diagnostic, and the file when none is an error. Never throws.
 *
 * @example
 * const bytes = new TextEncoder().encode('ZHV|0000000001|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nDSF|1200023305967|A|20211104|\nZPT|0000000001|1||1|20211104120000|\n')
 * inspect(bytes).file?.records // [{ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' }]
 * @since 0.1.0
 * @category decoding
 */
export const inspect = defaultCodec.inspect

/**
 * The file, or its errors. Never throws.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isLeft(decode(new Uint8Array(0))) // true: empty_file
 * @since 0.1.0
 * @category decoding
 */
export const decode: D0350Codec['decode'] = defaultCodec.decode

/**
 * The file's bytes, exactly as read when the file came from {@link decode}.
 *
 * @example
 * encode(make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000' }))
 * // bytes of 'ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nZPT|1|0||0|20211104120000|\n'
 * @since 0.1.0
 * @category encoding
 */
export const encode = defaultCodec.encode

/**
 * Decodes a byte stream in batches of clean records (`batchSize`, default 1000); memory is bounded
 * by the batch, not the file. The trailer checks run when the trailer arrives.
 *
 * @example
 * import { createReadStream } from 'node:fs'
 * for await (const item of decodeStream(createReadStream('big.d0350'))) if (item.type === 'records') item.records.length
 * @since 0.1.0
 * @category decoding
 */
export const decodeStream = defaultCodec.decodeStream

/**
 * Encodes a header and a (possibly async) stream of records to byte chunks of about 64 KiB,
 * computing the trailer's counts on the way; the trailer's File Identifier is the header's.
 *
 * @example
 * const h = make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '' }).header
 * encodeStream(h, [{ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' }], { completedAt: '20211104120000' })
 * @since 0.1.0
 * @category encoding
 */
export const encodeStream = defaultCodec.encodeStream

/**
 * A new, valid file value: header defaults filled in, trailer counts computed, LF with a final
 * newline unless told otherwise.
 *
 * @example
 * make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000' }).trailer.groupCount // 0
 * @since 0.1.0
 * @category constructors
 */
export const make = defaultCodec.make

const count = new t.Type<number, number, unknown>(
  'Count',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === 'number' && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c, 'expected a non-negative integer')),
  (n) => n,
)

/**
 * io-ts codecs of the JSON shapes of a D0350 file's parts: its header, one record, its trailer
 * (what `dcc-flags decode --ndjson` prints a line each, and `encode --ndjson` reads). Shape only.
 *
 * @example
 * jsonParts.record.is({ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' }) // true
 * @since 0.2.0
 * @category codecs
 */
export const jsonParts = {
  header: t.exact(
    t.type({
      fileId: t.string,
      flowVersion: t.string,
      fromRole: t.string,
      fromParticipant: t.string,
      toRole: t.string,
      toParticipant: t.string,
      createdAt: t.string,
      sendingApplication: t.string,
      receivingApplication: t.string,
      broadcast: t.string,
      testDataFlag: t.string,
    }),
  ) as t.Type<ZhvHeader, ZhvHeader, unknown>,
  record: t.exact(t.type({ mpanCore: t.string, flag: Flag.codec, effectiveFrom: t.string })) as t.Type<D0350Record, D0350Record, unknown>,
  trailer: t.exact(t.type({ fileId: t.string, groupCount: count, checksum: t.string, flowCount: count, completedAt: t.string })) as t.Type<ZptTrailer, ZptTrailer, unknown>,
}

/**
 * io-ts codec of a D0350 file value's JSON shape (what `dcc-flags decode` prints and
 * `dcc-flags encode FILE.json` reads). It checks shape, not wire rules: encode the result and
 * {@link inspect} it to check those.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(jsonCodec.decode(JSON.parse(JSON.stringify(make({ header: { fileId: '1', toParticipant: 'LOND', createdAt: '20211104120000' }, records: [], completedAt: '20211104120000' }))))) // true
 * @since 0.1.0
 * @category codecs
 */
export const jsonCodec: t.Type<D0350File, D0350File, unknown> = t.exact(
  t.type({
    header: jsonParts.header,
    records: t.readonlyArray(jsonParts.record),
    trailer: jsonParts.trailer,
    eol: t.keyof({ '\n': null, '\r\n': null }),
    finalNewline: t.boolean,
  }),
  'D0350File',
)
