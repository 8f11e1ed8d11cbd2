// The SEC's own tables, one test per row. The E45 and E46 rows are copied from the legal text of SEC
// modification MP077 ("DCC Service Flagging", legal text v0.1, drafted against SEC v6.25): Appendix X
// "Registration Data Interface Specification", Section 3.28(b)(i) (the E46 record, as amended) and
// Section 3.29(a) (the DCC Status File, DXI, of E45 records, as amended). The D0350 rows are the items
// as the project's wire-format rules state them (the DTC layout itself is provisional).
//
// Each test asserts what the schema declares for the row, and what the codec does at and just past
// each of the row's bounds; what it accepts must also re-encode to the same bytes.
import { describe, expect, it } from 'vitest'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as DtcSchema from '../../src/wire/dtc/Schema'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as Dxr from '../../src/wire/uklink/Dxr'
import * as UkLinkSchema from '../../src/wire/uklink/Schema'
import type { DecodeOptions, FileCodec } from '../../src/wire/FileCodec'

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1')

/**
 * A case: with the row's field holding `value`, the file decodes (`ok`; with warnings, `warn`) or
 * does not (`bad`), with exactly these diagnostic codes.
 */
interface Case {
  readonly value: string
  readonly decodes: boolean
  readonly codes: ReadonlyArray<string>
  readonly options?: DecodeOptions
  readonly why: string
}
const ok = (value: string, why: string, options?: DecodeOptions): Case => ({ value, decodes: true, codes: [], why, ...(options === undefined ? {} : { options }) })
const warn = (value: string, codes: ReadonlyArray<string>, why: string, options?: DecodeOptions): Case =>
  ({ value, decodes: true, codes, why, ...(options === undefined ? {} : { options }) })
const bad = (value: string, codes: ReadonlyArray<string>, why: string, options?: DecodeOptions): Case =>
  ({ value, decodes: false, codes, why, ...(options === undefined ? {} : { options }) })

/** Decodes a file, checks the codes; a file that decodes must re-encode to its bytes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any kind
const check = (codec: FileCodec<any, any, any>, file: string, c: Case) => {
  const b = bytes(file)
  const r = codec.inspect(b, c.options)
  expect(r.diagnostics.map((d) => d.code), `${c.why}: ${JSON.stringify(c.value)}`).toEqual(c.codes)
  if (c.decodes) expect(text(codec.encode(r.file!)), c.why).toBe(file)
  else expect(r.file, c.why).toBeNull()
}

// ---------------------------------------------------------------------------------------------
// Appendix X 3.29(a): E45 (DXI)
// ---------------------------------------------------------------------------------------------

/** A row of a UK Link record table, as the legal text prints it. */
interface UkLinkRow {
  readonly field: string
  readonly optionality: 'Mandatory'
  readonly type: 'Text' | 'Number' | 'Date'
  readonly length: number
  readonly description: string
}

// SEC Appendix X, Section 3.29(a), as amended by MP077 (legal text v0.1): "The format of an E45 record is as follows"
const E45_TABLE: ReadonlyArray<UkLinkRow> = [
  { field: 'Transaction Type', optionality: 'Mandatory', type: 'Text', length: 3, description: 'Value: E45' },
  { field: 'Meter Point Reference', optionality: 'Mandatory', type: 'Number', length: 10, description: 'SEC reference: Section E2.4 (b)' },
  {
    field: 'DCC Service Flag', optionality: 'Mandatory', type: 'Text', length: 1,
    description: 'Service flag provided by the DCC. The allowable values are: A Active, N Non-Active, I InstalledNotCommissioned (S Suspended and W Withdrawn struck out)',
  },
  { field: 'DCC Service Effective From Date', optionality: 'Mandatory', type: 'Date', length: 8, description: 'The date the DCC Service Flag (provided above) is effective from. Format: YYYYMMDD' },
]

// SEC Appendix X, Section 3.28(b)(i), as amended by MP077 (legal text v0.1): "The format of an E46 record is as follows"
const E46_TABLE: ReadonlyArray<UkLinkRow> = [
  { field: 'Transaction Type', optionality: 'Mandatory', type: 'Text', length: 3, description: 'Value: E46' },
  { field: 'Outcome Code', optionality: 'Mandatory', type: 'Text', length: 2, description: 'Details whether the request has been accepted or rejected. AC — Accepted, RJ — Rejected.' },
  { field: 'Meter Point Reference', optionality: 'Mandatory', type: 'Number', length: 10, description: '' },
  {
    field: 'DCC Service Flag', optionality: 'Mandatory', type: 'Text', length: 1,
    description: 'Service flag provided by the DCC. The allowable values are: A Active, N Non-Active, I InstalledNotCommissioned (S Suspended and W Withdrawn struck out)',
  },
  { field: 'DCC Service Effective From Date', optionality: 'Mandatory', type: 'Date', length: 8, description: 'The date the DCC Service Flag (provided above) is effective from. Format: YYYYMMDD' },
]

const TYPE: Readonly<Record<UkLinkRow['type'], UkLinkSchema.FieldType>> = { Text: 'T', Number: 'N', Date: 'D' }

/** What the schema must declare for a row: label, type, maximum length, mandatory. */
const declares = (spec: UkLinkSchema.RecordSpec, index: number, row: UkLinkRow) => {
  const f = spec.fields[index]!
  expect(f.label).toBe(row.field)
  expect(f.type).toBe(TYPE[row.type])
  expect(f.maxLength).toBe(row.length)
  // mandatory: no field may be empty (text needs its quotes and a value of its length, numbers a digit)
  expect(f.minLength).toBeGreaterThanOrEqual(1)
  return f
}

const DXI_HEADER = '"A00",1234567890,"DXI",20211104,120000,1'
const DXR_HEADER = '"A00",1234567890,"DXR",20211104,120000,1'

/** An E45 DXI file whose record has `fields` (already quoted as written). */
const e45File = (fields: ReadonlyArray<string>) => [DXI_HEADER, fields.join(','), '"Z99",1'].join('\n') + '\n'
const E45_VALID = ['"E45"', '3938424403', '"A"', '20211104']
const e45With = (i: number, written: string) => e45File(E45_VALID.map((v, j) => (j === i ? written : v)))

const e46File = (fields: ReadonlyArray<string>) => [DXR_HEADER, fields.join(','), '"Z99",1'].join('\n') + '\n'
const E46_VALID = ['"E46"', '"AC"', '3938424403', '"A"', '20211104']
const e46With = (i: number, written: string) => e46File(E46_VALID.map((v, j) => (j === i ? written : v)))

// the cases of rows that E45 and E46 share, with how the value is written in the file
const mprnCases: ReadonlyArray<Case> = [
  ok('3938424403', '10 digits, valid check: the row\'s length'),
  ok('123456707', 'fewer digits (an MPRN has 6 to 10)'),
  ok('100004', '6 digits, the shortest MPRN'),
  bad('39384244030', ['invalid_field'], '11 digits: past Number 10'),
  bad('10001', ['invalid_field'], '5 digits: no MPRN'),
  bad('3938424404', ['bad_check_digit'], 'a wrong check'),
  warn('3938424404', ['bad_check_digit'], 'a wrong check is a warning for historic data', { checkDigits: 'warning' }),
  bad('"3938424403"', ['bad_quoting'], 'quoted: a Number is bare'),
  bad('', ['invalid_field'], 'empty: Mandatory'),
]
const flagCases: ReadonlyArray<Case> = [
  ok('"A"', 'A Active'),
  ok('"N"', 'N Non-Active'),
  ok('"I"', 'I InstalledNotCommissioned'),
  bad('"S"', ['invalid_flag'], 'S is struck out by MP077'),
  bad('"W"', ['invalid_flag'], 'W is struck out by MP077'),
  ok('"S"', 'S for historic files, with legacyFlags', { legacyFlags: true }),
  ok('"W"', 'W for historic files, with legacyFlags', { legacyFlags: true }),
  bad('"AN"', ['invalid_flag'], 'two characters: past Text 1'),
  bad('"X"', ['invalid_flag'], 'not an allowable value'),
  bad('""', ['invalid_flag'], 'empty: Mandatory'),
  bad('A', ['bad_quoting'], 'unquoted: Text is quoted'),
]
const dateCases: ReadonlyArray<Case> = [
  ok('20240229', 'a leap day'),
  bad('20240230', ['invalid_date'], 'no such day'),
  bad('20230229', ['invalid_date'], 'not a leap year'),
  bad('2024022', ['invalid_date'], '7 digits: short of Date 8'),
  bad('202402290', ['invalid_date'], '9 digits: past Date 8'),
  bad('2024-02-29', ['invalid_date'], 'not YYYYMMDD'),
  bad('"20240229"', ['bad_quoting'], 'quoted: a Date is bare'),
]

describe('SEC Appendix X 3.29(a): the E45 record (DXI)', () => {
  const spec = Dxi.codec.schema.body
  it('has the table\'s fields, in order', () => {
    expect(spec.fields.map((f) => f.label)).toEqual(E45_TABLE.map((r) => r.field))
  })

  it(`row 1: ${E45_TABLE[0]!.field}, ${E45_TABLE[0]!.optionality}, Text 3, "${E45_TABLE[0]!.description}"`, () => {
    const f = declares(spec, 0, E45_TABLE[0]!)
    expect(f.refinement).toEqual({ _tag: 'constant', value: 'E45' })
    for (const c of [
      ok('"E45"', 'the value'),
      bad('"E450"', ['unexpected_record'], 'four characters: another transaction type'),
      bad('"E4"', ['unexpected_record'], 'two characters: another transaction type'),
      bad('"E46"', ['unexpected_record'], 'an E46 does not belong in a DXI'),
      bad('E45', ['bad_quoting'], 'unquoted: Text is quoted'),
    ]) check(Dxi.codec, e45With(0, c.value), c)
  })

  it(`row 2: ${E45_TABLE[1]!.field}, ${E45_TABLE[1]!.optionality}, Number 10 (${E45_TABLE[1]!.description})`, () => {
    const f = declares(spec, 1, E45_TABLE[1]!)
    expect(f.refinement).toEqual({ _tag: 'mprn' })
    for (const c of mprnCases) check(Dxi.codec, e45With(1, c.value), c)
  })

  it(`row 3: ${E45_TABLE[2]!.field}, ${E45_TABLE[2]!.optionality}, Text 1: A, N, I (S, W struck out)`, () => {
    const f = declares(spec, 2, E45_TABLE[2]!)
    expect(f.refinement).toEqual({ _tag: 'flag' })
    for (const c of flagCases) check(Dxi.codec, e45With(2, c.value), c)
  })

  it(`row 4: ${E45_TABLE[3]!.field}, ${E45_TABLE[3]!.optionality}, Date 8, YYYYMMDD`, () => {
    declares(spec, 3, E45_TABLE[3]!)
    for (const c of dateCases) check(Dxi.codec, e45With(3, c.value), c)
  })

  it('a fifth field is past the table', () => {
    check(Dxi.codec, e45File([...E45_VALID, '1']), bad('', ['field_count'], 'five fields'))
  })
})

describe('SEC Appendix X 3.28(b)(i): the E46 record (the response)', () => {
  const spec = Dxr.codec.schema.body
  it('has the table\'s fields, in order', () => {
    expect(spec.fields.map((f) => f.label)).toEqual(E46_TABLE.map((r) => r.field))
  })

  it(`row 1: ${E46_TABLE[0]!.field}, ${E46_TABLE[0]!.optionality}, Text 3, "${E46_TABLE[0]!.description}"`, () => {
    const f = declares(spec, 0, E46_TABLE[0]!)
    expect(f.refinement).toEqual({ _tag: 'constant', value: 'E46' })
    for (const c of [
      ok('"E46"', 'the value'),
      bad('"E460"', ['unexpected_record'], 'four characters: another transaction type'),
      bad('"E45"', ['unexpected_record'], 'an E45 does not belong in a response'),
      bad('E46', ['bad_quoting'], 'unquoted: Text is quoted'),
    ]) check(Dxr.codec, e46With(0, c.value), c)
  })

  it(`row 2: ${E46_TABLE[1]!.field}, ${E46_TABLE[1]!.optionality}, Text 2: AC Accepted, RJ Rejected`, () => {
    const f = declares(spec, 1, E46_TABLE[1]!)
    expect(f.refinement).toEqual({ _tag: 'oneOf', values: ['AC', 'RJ'], meanings: ['Accepted', 'Rejected'] })
    for (const c of [
      ok('"AC"', 'AC Accepted'),
      ok('"RJ"', 'RJ Rejected'),
      bad('"ACC"', ['invalid_field'], 'three letters: past Text 2'),
      bad('"A"', ['invalid_field'], 'one letter: short of Text 2'),
      bad('"ac"', ['invalid_field'], 'lower case: not a listed value'),
      bad('"XX"', ['invalid_field'], 'not a listed value'),
      bad('AC', ['bad_quoting'], 'unquoted: Text is quoted'),
    ]) check(Dxr.codec, e46With(1, c.value), c)
  })

  it(`row 3: ${E46_TABLE[2]!.field}, ${E46_TABLE[2]!.optionality}, Number 10`, () => {
    const f = declares(spec, 2, E46_TABLE[2]!)
    expect(f.refinement).toEqual({ _tag: 'mprn' })
    for (const c of mprnCases) check(Dxr.codec, e46With(2, c.value), c)
  })

  it(`row 4: ${E46_TABLE[3]!.field}, ${E46_TABLE[3]!.optionality}, Text 1: A, N, I (S, W struck out)`, () => {
    const f = declares(spec, 3, E46_TABLE[3]!)
    expect(f.refinement).toEqual({ _tag: 'flag' })
    for (const c of flagCases) check(Dxr.codec, e46With(3, c.value), c)
  })

  it(`row 5: ${E46_TABLE[4]!.field}, ${E46_TABLE[4]!.optionality}, Date 8, YYYYMMDD`, () => {
    declares(spec, 4, E46_TABLE[4]!)
    for (const c of dateCases) check(Dxr.codec, e46With(4, c.value), c)
  })

  it('a sixth field is past the table', () => {
    check(Dxr.codec, e46File([...E46_VALID, '1']), bad('', ['field_count'], 'six fields'))
  })
})

// ---------------------------------------------------------------------------------------------
// D0350: the items as the wire-format rules state them
// ---------------------------------------------------------------------------------------------

/** A row of the D0350 item tables: the item, its kind in the schema, optionality. */
interface DtcRow {
  readonly record: 'ZHV' | 'DSF' | 'ZPT'
  readonly index: number
  readonly item: string
  readonly kind: DtcSchema.ItemKind
  readonly optional: boolean
  readonly cases: ReadonlyArray<Case>
}

const ZHV_VALID = ['0000000001', 'D0350001', 'Z', 'DCCO', 'P', 'LOND', '20211104120000', '', '', '', 'OPER']
const DSF_VALID = ['1200023305967', 'A', '20211104']
const ZPT_VALID = ['0000000001', '1', '', '1', '20211104120000']
const line = (id: string, items: ReadonlyArray<string>) => `${id}|${items.map((i) => `${i}|`).join('')}`
const d0350With = (record: DtcRow['record'], index: number, value: string) => {
  const put = (items: ReadonlyArray<string>, r: DtcRow['record']) => items.map((v, j) => (r === record && j === index ? value : v))
  return [line('ZHV', put(ZHV_VALID, 'ZHV')), line('DSF', put(DSF_VALID, 'DSF')), line('ZPT', put(ZPT_VALID, 'ZPT'))].join('\n') + '\n'
}

const D0350_TABLE: ReadonlyArray<DtcRow> = [
  {
    record: 'ZHV', index: 0, item: 'File Identifier: 1–10 of [A-Za-z0-9], mandatory', kind: DtcSchema.text('alphanumeric', 1, 10), optional: false,
    // the ZPT repeats it: a changed header id is also a mismatch
    cases: [ok('0000000001', 'ten characters'), bad('00000000011', ['invalid_field', 'file_id_mismatch'], 'eleven characters'),
      bad('', ['invalid_field', 'file_id_mismatch'], 'empty: mandatory'), bad('00-1', ['invalid_field', 'file_id_mismatch'], 'a hyphen')],
  },
  {
    record: 'ZHV', index: 1, item: 'Data Flow and Version: D0350001', kind: DtcSchema.constant('D0350001'), optional: false,
    cases: [ok('D0350001', 'the value'), bad('D0350002', ['invalid_field'], 'another version'), bad('D035000', ['invalid_field'], 'cut short')],
  },
  {
    record: 'ZHV', index: 2, item: 'From Role Code: 1 of [A-Z0-9] (the DCC is Z)', kind: DtcSchema.text('upperAlphanumeric', 1, 1), optional: false,
    cases: [ok('Z', 'one character'), bad('ZZ', ['invalid_field'], 'two characters'), bad('z', ['invalid_field'], 'lower case'), bad('', ['invalid_field'], 'empty')],
  },
  {
    record: 'ZHV', index: 3, item: 'From Participant Id: 4 of [A-Z0-9] (the DCC is DCCO)', kind: DtcSchema.text('upperAlphanumeric', 4, 4), optional: false,
    cases: [ok('DCCO', 'four characters'), bad('DCC', ['invalid_field'], 'three'), bad('DCCOO', ['invalid_field'], 'five')],
  },
  {
    record: 'ZHV', index: 4, item: 'To Role Code: 1 of [A-Z0-9] (MPAS is P)', kind: DtcSchema.text('upperAlphanumeric', 1, 1), optional: false,
    cases: [ok('P', 'one character'), bad('PP', ['invalid_field'], 'two characters')],
  },
  {
    record: 'ZHV', index: 5, item: 'To Participant Id: 4 of [A-Z0-9]', kind: DtcSchema.text('upperAlphanumeric', 4, 4), optional: false,
    cases: [ok('LOND', 'four characters'), bad('LON', ['invalid_field'], 'three'), bad('LONDO', ['invalid_field'], 'five'), bad('lond', ['invalid_field'], 'lower case')],
  },
  {
    record: 'ZHV', index: 6, item: 'File Creation Timestamp: YYYYMMDDHHMMSS', kind: DtcSchema.kind('timestamp'), optional: false,
    cases: [ok('20240229235959', 'the last second of a leap day'), bad('20211104240000', ['invalid_date'], 'hour 24'),
      bad('20240230120000', ['invalid_date'], 'no such day'), bad('2021110412000', ['invalid_date'], '13 digits'), bad('202111041200000', ['invalid_date'], '15 digits')],
  },
  {
    record: 'ZHV', index: 7, item: 'Sending Application Id: 0–5 of [A-Za-z0-9], optional', kind: DtcSchema.text('alphanumeric', 1, 5), optional: true,
    cases: [ok('', 'absent'), ok('Ab123', 'five characters'), bad('Ab1234', ['invalid_field'], 'six characters')],
  },
  {
    record: 'ZHV', index: 8, item: 'Receiving Application Id: 0–5 of [A-Za-z0-9], optional', kind: DtcSchema.text('alphanumeric', 1, 5), optional: true,
    cases: [ok('', 'absent'), ok('X', 'one character'), bad('ABCDEF', ['invalid_field'], 'six characters')],
  },
  {
    record: 'ZHV', index: 9, item: 'Broadcast: 0–1 of [A-Z0-9], optional', kind: DtcSchema.text('upperAlphanumeric', 1, 1), optional: true,
    cases: [ok('', 'absent'), ok('Y', 'one character'), bad('YY', ['invalid_field'], 'two characters')],
  },
  {
    record: 'ZHV', index: 10, item: 'Test Data Flag: 1–4 of [A-Z0-9] (OPER live, TR01… test)', kind: DtcSchema.text('upperAlphanumeric', 1, 4), optional: false,
    cases: [ok('OPER', 'live'), ok('TR01', 'test'), bad('OPERA', ['invalid_field'], 'five characters'), bad('', ['invalid_field'], 'empty: mandatory')],
  },
  {
    record: 'DSF', index: 0, item: 'MPAN Core (J0003): 13 digits, check digit', kind: DtcSchema.kind('mpanCore'), optional: false,
    cases: [ok('1200023305967', 'valid'), ok('1200010000000', 'a remainder of 10 gives 0'), bad('120002330596', ['invalid_field'], '12 digits'),
      bad('12000233059670', ['invalid_field'], '14 digits'), bad('1200023305968', ['bad_check_digit'], 'a wrong check digit'),
      warn('1200023305968', ['bad_check_digit'], 'a wrong check digit is a warning for historic data', { checkDigits: 'warning' })],
  },
  {
    record: 'DSF', index: 1, item: 'DCC Service Flag (J1833): A, N, I; S and W only with the legacy option', kind: DtcSchema.kind('flag'), optional: false,
    cases: [ok('A', 'A'), ok('N', 'N'), ok('I', 'I'), bad('S', ['invalid_flag'], 'S without legacyFlags'), ok('S', 'S with legacyFlags', { legacyFlags: true }),
      ok('W', 'W with legacyFlags', { legacyFlags: true }), bad('AN', ['invalid_flag'], 'two characters'), bad('', ['invalid_field'], 'empty: mandatory')],
  },
  {
    record: 'DSF', index: 2, item: 'DCC Service Flag Effective From Date (J1834): YYYYMMDD', kind: DtcSchema.kind('date'), optional: false,
    cases: [ok('20240229', 'a leap day'), bad('20240230', ['invalid_date'], 'no such day'), bad('2024022', ['invalid_date'], '7 digits'),
      bad('202402290', ['invalid_date'], '9 digits')],
  },
  {
    record: 'ZPT', index: 0, item: 'File Identifier: equals the ZHV File Identifier', kind: DtcSchema.text('alphanumeric', 1, 10), optional: false,
    cases: [ok('0000000001', 'the header\'s'), bad('0000000002', ['file_id_mismatch'], 'another id')],
  },
  {
    record: 'ZPT', index: 1, item: 'Total Group Count: decimal, no leading zeros, = records between ZHV and ZPT', kind: DtcSchema.kind('count'), optional: false,
    cases: [ok('1', 'the count'), bad('2', ['group_count_mismatch'], 'one more'), bad('0', ['group_count_mismatch'], 'one less'),
      bad('01', ['invalid_field'], 'a leading zero'), bad('99999999999999999999', ['invalid_field'], 'out of range (20 digits)')],
  },
  {
    record: 'ZPT', index: 2, item: 'Checksum: kept as read, not verified', kind: DtcSchema.text('any', 0, Number.MAX_SAFE_INTEGER), optional: true,
    cases: [ok('', 'empty in practice'), ok('ABC 123', 'anything printable is kept')],
  },
  {
    record: 'ZPT', index: 3, item: 'Flow Count: decimal, = level-1 groups', kind: DtcSchema.kind('count'), optional: false,
    cases: [ok('1', 'the count'), bad('2', ['flow_count_mismatch'], 'one more'), bad('1a', ['invalid_field'], 'not decimal')],
  },
  {
    record: 'ZPT', index: 4, item: 'File Completion Timestamp: YYYYMMDDHHMMSS', kind: DtcSchema.kind('timestamp'), optional: false,
    cases: [ok('20211104120500', 'a timestamp'), bad('20211104126000', ['invalid_date'], 'minute 60')],
  },
]

describe('D0350 items (ZHV, DSF, ZPT)', () => {
  const specsOf = (r: DtcRow['record']) => (r === 'ZHV' ? D0350.layout.header : r === 'ZPT' ? D0350.layout.trailer : D0350.layout.groups[0]!.items)
  it('the tables cover every item of the layout', () => {
    for (const r of ['ZHV', 'DSF', 'ZPT'] as const) expect(D0350_TABLE.filter((row) => row.record === r).map((row) => row.index)).toEqual(specsOf(r).map((_, i) => i))
  })
  for (const row of D0350_TABLE) {
    it(`${row.record} item ${row.index + 1}: ${row.item}`, () => {
      const spec = specsOf(row.record)[row.index]!
      expect(spec.kind).toEqual(row.kind)
      expect(spec.optional).toBe(row.optional)
      for (const c of row.cases) check(D0350.codec, d0350With(row.record, row.index, c.value), c)
    })
  }
})
