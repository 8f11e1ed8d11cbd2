/**
 * UK Link record layouts as data (docs/formats.md "UK Link files"): field specs (type `T` quoted text, `N`
 * bare digits, `D` bare `YYYYMMDD`, each with a refinement such as a constant, an MPRN or a flag),
 * record specs keyed by transaction type, and file schemas (header, body, trailer). The engine in
 * `UkLink.ts` reads only these values, so a corrected layout is a data change, not a code change.
 *
 * Every fact docs/formats.md marks **provisional** lives in one exported constant named `PROVISIONAL_*`;
 * pass a different value to {@link dxiSchema} / {@link dxrSchema} to override it.
 *
 * @since 0.1.0
 */
import type { FileKind } from '../FileCodec'

/**
 * Field types of UK Link records: quoted text, bare digits, bare `YYYYMMDD`.
 *
 * @example
 * const t: FieldType = 'T'
 * @since 0.1.0
 * @category model
 */
export type FieldType = 'T' | 'N' | 'D'

/**
 * What a field must hold beyond its type and length. Each refinement names the diagnostic its
 * failure raises: `constant`, `oneOf`, `letters`, `timeOfDay`, `count` → `invalid_field`;
 * `mprn` → `invalid_field` (shape) or `bad_check_digit`; `flag` → `invalid_flag`.
 *
 * @example
 * const r: Refinement = { _tag: 'oneOf', values: ['AC', 'RJ'], meanings: ['Accepted', 'Rejected'] }
 * @since 0.1.0
 * @category model
 */
export type Refinement =
  | { readonly _tag: 'none' }
  | { readonly _tag: 'constant'; readonly value: string }
  | { readonly _tag: 'oneOf'; readonly values: ReadonlyArray<string>; readonly meanings: ReadonlyArray<string> }
  | { readonly _tag: 'letters' }
  | { readonly _tag: 'mprn' }
  | { readonly _tag: 'flag' }
  | { readonly _tag: 'timeOfDay' }
  | { readonly _tag: 'count' }

/**
 * One field of a record layout: its name, type, length and refinement.
 *
 * @example
 * const f: FieldSpec = numeric('organisationId', 'Organisation Id', 10)
 * @since 0.1.0
 * @category model
 */
export interface FieldSpec {
  /** camelCase key of the field in decoded values (constants are not kept in values). */
  readonly name: string
  /** The field's name in the specification, used in messages. */
  readonly label: string
  readonly type: FieldType
  /** Shortest accepted content (quotes excluded). */
  readonly minLength: number
  /** Longest accepted content (quotes excluded). */
  readonly maxLength: number
  readonly refinement: Refinement
  /** How the decoded value holds the field: as read (`string`), as a number, or not at all (`constant`). */
  readonly holds: 'string' | 'number' | 'constant'
}

/**
 * A record layout: its transaction type (field 1, a `T3` constant) and its fields in order.
 *
 * @example
 * const r: RecordSpec = E45
 * @since 0.1.0
 * @category model
 */
export interface RecordSpec {
  readonly transactionType: string
  readonly label: string
  readonly fields: ReadonlyArray<FieldSpec>
}

/**
 * What the trailer's record count counts: the body records, plus the header and/or the trailer when
 * the flags say so.
 *
 * @since 0.1.0
 * @category model
 */
export interface RecordCountRule {
  readonly includesHeader: boolean
  readonly includesTrailer: boolean
}

/**
 * A whole file layout: `A00` header, one body record type, `Z99` trailer.
 *
 * @example
 * const s: FileSchema = dxiSchema()
 * @since 0.1.0
 * @category model
 */
export interface FileSchema {
  readonly kind: FileKind
  /** The file's name in messages (`DXI`, `E46 response`). */
  readonly label: string
  readonly header: RecordSpec
  readonly body: RecordSpec
  readonly trailer: RecordSpec
  /** Name of the trailer field holding the record count. */
  readonly recordCountField: string
  readonly recordCount: RecordCountRule
  /** Transaction types of other UK Link records, named in `unexpected_record` messages. */
  readonly foreign: ReadonlyArray<string>
}

/**
 * A quoted text field.
 *
 * @example
 * text('flag', 'DCC Service Flag', 1, 1, { _tag: 'flag' })
 * @since 0.1.0
 * @category constructors
 */
export const text = (name: string, label: string, minLength: number, maxLength: number, refinement: Refinement = { _tag: 'none' }): FieldSpec => ({
  name, label, type: 'T', minLength, maxLength, refinement, holds: 'string',
})

/**
 * A bare numeric field (digits only, at most `maxLength` of them), held as read.
 *
 * @example
 * numeric('organisationId', 'Organisation Id', 10)
 * @since 0.1.0
 * @category constructors
 */
export const numeric = (name: string, label: string, maxLength: number, refinement: Refinement = { _tag: 'none' }): FieldSpec => ({
  name, label, type: 'N', minLength: 1, maxLength, refinement, holds: 'string',
})

/**
 * A bare count (digits, no leading zeros) held as a number: leading zeros are refused because a
 * number cannot remember them, which would break losslessness.
 *
 * @example
 * count('recordCount', 'Record Count', 10)
 * @since 0.1.0
 * @category constructors
 */
export const count = (name: string, label: string, maxLength: number): FieldSpec => ({
  name, label, type: 'N', minLength: 1, maxLength, refinement: { _tag: 'count' }, holds: 'number',
})

/**
 * A bare `YYYYMMDD` date field, which must name a real date.
 *
 * @example
 * date('effectiveFrom', 'DCC Service Effective From Date')
 * @since 0.1.0
 * @category constructors
 */
export const date = (name: string, label: string): FieldSpec => ({
  name, label, type: 'D', minLength: 8, maxLength: 8, refinement: { _tag: 'none' }, holds: 'string',
})

/**
 * The `T3` transaction type constant opening every record.
 *
 * @example
 * transactionType('E45')
 * @since 0.1.0
 * @category constructors
 */
export const transactionType = (value: string): FieldSpec => ({
  name: 'transactionType', label: 'Transaction Type', type: 'T', minLength: 3, maxLength: 3,
  refinement: { _tag: 'constant', value }, holds: 'constant',
})

/**
 * A record layout.
 *
 * @example
 * record('Z99', 'trailer', [count('recordCount', 'Record Count', 10)])
 * @since 0.1.0
 * @category constructors
 */
export const record = (type: string, label: string, fields: ReadonlyArray<FieldSpec>): RecordSpec => ({
  transactionType: type, label, fields: [transactionType(type), ...fields],
})

// ---------------------------------------------------------------------------------------------
// Fields shared by the record layouts
// ---------------------------------------------------------------------------------------------

/**
 * Meter Point Reference, N≤10, an MPRN with its check digits.
 *
 * @example
 * meterPointReference.name
 * @since 0.1.0
 * @category fields
 */
export const meterPointReference: FieldSpec = numeric('mprn', 'Meter Point Reference', 10, { _tag: 'mprn' })

/**
 * DCC Service Flag, T1: `A`, `N`, `I` (`S`, `W` with the legacy option).
 *
 * @example
 * dccServiceFlag.name
 * @since 0.1.0
 * @category fields
 */
export const dccServiceFlag: FieldSpec = text('flag', 'DCC Service Flag', 1, 1, { _tag: 'flag' })

/**
 * DCC Service Effective From Date, D8.
 *
 * @example
 * effectiveFromDate.name
 * @since 0.1.0
 * @category fields
 */
export const effectiveFromDate: FieldSpec = date('effectiveFrom', 'DCC Service Effective From Date')

/**
 * Outcome Code, T2: `AC` accepted, `RJ` rejected.
 *
 * @example
 * outcomeCode.name
 * @since 0.1.0
 * @category fields
 */
export const outcomeCode: FieldSpec = text('outcome', 'Outcome Code', 2, 2, {
  _tag: 'oneOf', values: ['AC', 'RJ'], meanings: ['Accepted', 'Rejected'],
})

// ---------------------------------------------------------------------------------------------
// Provisional facts (docs/formats.md): one overridable constant each
// ---------------------------------------------------------------------------------------------

/**
 * **Provisional.** The `A00` header fields after its first four (Transaction Type, Organisation Id,
 * File Type, Creation Date): Creation Time N6 `HHMMSS` (a real time, so `063000` keeps its leading
 * zero and is held as a string) and Generation Number N≤8. The generation number is held as the
 * string read (digits only, no leading zeros), so re-encoding writes exactly what was read and every
 * valid value survives a round trip.
 *
 * @example
 * PROVISIONAL_A00_TAIL.map((f) => f.name) // ['creationTime', 'generationNumber']
 * @since 0.1.0
 * @category provisional
 */
export const PROVISIONAL_A00_TAIL: ReadonlyArray<FieldSpec> = [
  { ...numeric('creationTime', 'Creation Time', 6, { _tag: 'timeOfDay' }), minLength: 6 },
  { ...numeric('generationNumber', 'Generation Number', 8), refinement: { _tag: 'count' } },
]

/**
 * **Provisional.** The `Z99` Record Count counts the body records only (header and trailer not
 * counted).
 *
 * @example
 * PROVISIONAL_Z99_RECORD_COUNT // { includesHeader: false, includesTrailer: false }
 * @since 0.1.0
 * @category provisional
 */
export const PROVISIONAL_Z99_RECORD_COUNT: RecordCountRule = { includesHeader: false, includesTrailer: false }

/**
 * **Provisional.** The `A00` File Type written on new E46 response files (decoders keep whatever
 * three letters they read).
 *
 * @example
 * PROVISIONAL_DXR_FILE_TYPE // 'DXR'
 * @since 0.1.0
 * @category provisional
 */
export const PROVISIONAL_DXR_FILE_TYPE = 'DXR'

/**
 * The DXI file type (confirmed: the DXI's own name).
 *
 * @example
 * DXI_FILE_TYPE // 'DXI'
 * @since 0.1.0
 * @category constants
 */
export const DXI_FILE_TYPE = 'DXI'

/**
 * The `A00` header layout: the four confirmed fields, then `tail`.
 *
 * @example
 * a00({ _tag: 'oneOf', values: ['DXI'], meanings: ['DCC Status File'] }).fields.length // 7
 * @since 0.1.0
 * @category constructors
 */
export const a00 = (fileType: Refinement, tail: ReadonlyArray<FieldSpec> = PROVISIONAL_A00_TAIL): RecordSpec =>
  record('A00', 'header', [
    numeric('organisationId', 'Organisation Id', 10),
    text('fileType', 'File Type', 3, 3, fileType),
    date('creationDate', 'Creation Date'),
    ...tail,
  ])

/**
 * The `Z99` trailer layout.
 *
 * @example
 * Z99.transactionType // 'Z99'
 * @since 0.1.0
 * @category records
 */
export const Z99: RecordSpec = record('Z99', 'trailer', [count('recordCount', 'Record Count', 10)])

/**
 * The `E45` DXI record (SEC Appendix X 3.29(a) as amended by MP077).
 *
 * @example
 * E45.transactionType // 'E45'
 * @since 0.1.0
 * @category records
 */
export const E45: RecordSpec = record('E45', 'DCC Status record', [meterPointReference, dccServiceFlag, effectiveFromDate])

/**
 * The `E46` response record (Appendix X 3.28(b)(i)).
 *
 * @example
 * E46.transactionType // 'E46'
 * @since 0.1.0
 * @category records
 */
export const E46: RecordSpec = record('E46', 'DCC Status response record', [outcomeCode, meterPointReference, dccServiceFlag, effectiveFromDate])

/**
 * Body record layouts keyed by transaction type.
 *
 * @example
 * Object.keys(bodyRecords) // ['E45', 'E46']
 * @since 0.1.0
 * @category records
 */
export const bodyRecords: Readonly<Record<string, RecordSpec>> = { E45, E46 }

/**
 * Overrides of the provisional layout facts.
 *
 * @example
 * const o: Overrides = { recordCount: { includesHeader: true, includesTrailer: false } }
 * @since 0.1.0
 * @category model
 */
export interface Overrides {
  readonly headerTail?: ReadonlyArray<FieldSpec>
  readonly recordCount?: RecordCountRule
}

/**
 * The DXI (E45) file layout, with the provisional facts optionally overridden.
 *
 * @example
 * dxiSchema().body.transactionType // 'E45'
 * @since 0.1.0
 * @category schemas
 */
export const dxiSchema = (overrides: Overrides = {}): FileSchema => ({
  kind: 'dxi',
  label: 'DXI',
  header: a00({ _tag: 'oneOf', values: [DXI_FILE_TYPE], meanings: ['DCC Status File'] }, overrides.headerTail),
  body: E45,
  trailer: Z99,
  recordCountField: 'recordCount',
  recordCount: overrides.recordCount ?? PROVISIONAL_Z99_RECORD_COUNT,
  foreign: ['E46'],
})

/**
 * The E46 response file layout (any three-letter File Type), with the provisional facts optionally
 * overridden.
 *
 * @example
 * dxrSchema().body.transactionType // 'E46'
 * @since 0.1.0
 * @category schemas
 */
export const dxrSchema = (overrides: Overrides = {}): FileSchema => ({
  kind: 'dxr',
  label: 'E46 response',
  header: a00({ _tag: 'letters' }, overrides.headerTail),
  body: E46,
  trailer: Z99,
  recordCountField: 'recordCount',
  recordCount: overrides.recordCount ?? PROVISIONAL_Z99_RECORD_COUNT,
  foreign: ['E45'],
})
