import { describe, expect, it } from 'vitest'
import { either as E } from 'fp-ts'
import * as Diagnostic from '../../../src/wire/Diagnostic'
import * as Dxi from '../../../src/wire/uklink/Dxi'
import * as Dxr from '../../../src/wire/uklink/Dxr'
import * as Schema from '../../../src/wire/uklink/Schema'
import * as UkLink from '../../../src/wire/uklink/UkLink'
import { bytes } from './helpers'

const HEADER = '"A00",1234567890,"DXI",20211104,120000,1'
const R1 = '"E45",3938424403,"A",20211104'
const R2 = '"E45",1234567810,"I",20211103'
const dxi = (...lines: string[]) => bytes(lines.join('\n') + '\n')
const codesOf = (ds: ReadonlyArray<Diagnostic.Diagnostic>) => ds.map((d) => d.code)
/** Offset of `needle` in the line `lineNo` (1-based) of `lines` joined by LF. */
const offsetOf = (lines: string[], lineNo: number, needle: string) =>
  lines.slice(0, lineNo - 1).reduce((n, l) => n + l.length + 1, 0) + lines[lineNo - 1]!.indexOf(needle)

const only = (input: Uint8Array, options?: Parameters<typeof Dxi.inspect>[1]) => {
  const r = Dxi.inspect(input, options)
  expect(r.diagnostics).toHaveLength(1)
  return r.diagnostics[0]!
}

describe('quoting', () => {
  it('reports an unquoted text field', () => {
    const lines = [HEADER, '"E45",3938424403,A,20211104', '"Z99",1']
    const d = only(dxi(...lines))
    expect(d).toMatchObject({ code: 'bad_quoting', line: 2, field: { name: 'flag', index: 3 }, input: 'A', severity: 'error' })
    expect(d.byteOffset).toBe(offsetOf(lines, 2, 'A,'))
    expect(d.message).toMatch(/DCC Service Flag.*double quotes/)
  })

  it('reports an unquoted transaction type but still reads the record as that type', () => {
    const d = only(dxi(HEADER, 'E45,3938424403,"A",20211104', '"Z99",1'))
    expect(d).toMatchObject({ code: 'bad_quoting', line: 2, field: { name: 'transactionType', index: 1 } })
  })

  it('reports a quoted number and a quoted date', () => {
    const lines = [HEADER, '"E45","3938424403","A","20211104"', '"Z99",1']
    const r = Dxi.inspect(dxi(...lines))
    expect(r.diagnostics.map((d) => [d.code, d.field?.name, d.byteOffset])).toEqual([
      ['bad_quoting', 'mprn', offsetOf(lines, 2, '"3938424403"')],
      ['bad_quoting', 'effectiveFrom', offsetOf(lines, 2, '"20211104"')],
    ])
    expect(r.diagnostics[0]!.message).toMatch(/Meter Point Reference.*numeric fields are bare/)
  })

  it('reports a quote inside text and unbalanced quotes', () => {
    expect(only(dxi(HEADER, '"E45",3938424403,"A"",20211104', '"Z99",1'))).toMatchObject({ code: 'bad_quoting', input: '"A""' })
    expect(only(dxi(HEADER, '"E45",3938424403,"A,20211104', '"Z99",1'))).toMatchObject({ code: 'bad_quoting', input: '"A' })
    // a comma inside quotes splits the field: the count and both halves are reported
    const r = Dxi.inspect(dxi(HEADER, '"E45",3938424403,"A,B",20211104', '"Z99",1'))
    expect(r.diagnostics.map((d) => [d.code, d.field?.name ?? null, d.input])).toEqual([
      ['field_count', null, '"E45",3938424403,"A,B",20211104'],
      ['bad_quoting', 'flag', '"A'],
      ['bad_quoting', 'effectiveFrom', 'B"'],
    ])
    expect(codesOf(Dxi.inspect(dxi(HEADER, '"E45",3938424403,"A,"20211104"', '"Z99",1')).diagnostics)).toEqual(['bad_quoting', 'bad_quoting'])
    expect(Dxi.inspect(dxi(HEADER, '"E45",3938424403,"A', '"Z99",1')).diagnostics.map((d) => [d.code, d.field?.name ?? null])).toEqual([
      ['field_count', null],
      ['bad_quoting', 'flag'],
    ])
  })
})

describe('structure', () => {
  it('reports a wrong field count, including a trailing delimiter', () => {
    const d = only(dxi(HEADER, R1 + ',', '"Z99",1'))
    expect(d).toMatchObject({ code: 'field_count', line: 2, field: null })
    expect(d.message).toMatch(/5 fields, expected 4/)
    expect(only(dxi(HEADER, '"E45",3938424403,"A"', '"Z99",1')).message).toMatch(/3 fields, expected 4/)
  })

  it('reports a record count that does not match the body records', () => {
    const lines = [HEADER, R1, R2, '"Z99",3']
    const d = only(dxi(...lines))
    expect(d).toMatchObject({ code: 'record_count_mismatch', line: 4, field: { name: 'recordCount', index: 2 }, input: '3' })
    expect(d.byteOffset).toBe(offsetOf(lines, 4, '3'))
  })

  it('reports anything after the trailer, empty lines included', () => {
    const r = Dxi.inspect(bytes([HEADER, R1, '"Z99",1', '', R2, ''].join('\n')))
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['trailing_data', 4], ['trailing_data', 5]])
    expect(only(bytes([HEADER, '"Z99",0', '', ''].join('\r\n')))).toMatchObject({ code: 'trailing_data', line: 3 })
  })

  it('reports a missing trailer after the last line', () => {
    const input = dxi(HEADER, R1)
    const d = only(input)
    expect(d).toMatchObject({ code: 'missing_trailer', line: 3, byteOffset: input.length })
  })

  it('reports a missing header on line 1 and still checks the records', () => {
    const r = Dxi.inspect(dxi('"E45",3938424403,"X",20211104', '"Z99",1'))
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['missing_header', 1], ['invalid_flag', 1]])
  })

  it('reports an empty file', () => {
    expect(only(new Uint8Array())).toMatchObject({ code: 'empty_file', line: 1, byteOffset: 0 })
  })

  it('reports an unknown transaction type, a second header and an empty line in the body', () => {
    // the count covers the three non-empty lines between header and trailer
    const r = Dxi.inspect(dxi(HEADER, '"E99",1', HEADER, '', R1, '"Z99",3'))
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['unexpected_record', 2], ['unexpected_record', 3], ['unexpected_record', 4]])
    expect(r.diagnostics[0]!.message).toMatch(/unknown transaction type "E99"/)
    expect(r.diagnostics[1]!.message).toMatch(/second A00/)
  })

  it('reports an E46 record in a DXI file and an E45 record in a response file', () => {
    const e46 = '"E46","AC",3938424403,"A",20211104'
    expect(only(dxi(HEADER, e46, '"Z99",1'))).toMatchObject({ code: 'unexpected_record', line: 2 })
    expect(only(dxi(HEADER, e46, '"Z99",1')).message).toMatch(/E46 record does not belong in a DXI file/)
    const r = Dxr.inspect(bytes(['"A00",9876543210,"DXR",20211105,063000,17', R1, '"Z99",1', ''].join('\n')))
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['unexpected_record', 2]])
    expect(r.diagnostics[0]!.message).toMatch(/E45 record does not belong in a E46 response file/)
  })

  it('passes on the framer diagnostics: bytes outside printable ASCII and mixed line ends', () => {
    const r = Dxi.inspect(bytes(`${HEADER}\n"E45",3938424403,"\u00e9",20211104\r\n"Z99",1\n`))
    expect(codesOf(r.diagnostics)).toEqual(['mixed_line_endings', 'non_ascii', 'invalid_flag'])
  })
})

describe('field values', () => {
  it('rejects an impossible creation time (066000) and keeps a real one with a leading zero (063000)', () => {
    const lines = ['"A00",1234567890,"DXI",20211104,066000,1', '"Z99",0']
    const d = only(dxi(...lines))
    expect(d).toMatchObject({ code: 'invalid_field', line: 1, field: { name: 'creationTime', index: 5 }, input: '066000' })
    expect(d.byteOffset).toBe(lines[0]!.indexOf('066000'))
    const ok = Dxi.decode(dxi('"A00",1234567890,"DXI",20211104,063000,1', '"Z99",0'))
    expect(E.isRight(ok) && ok.right.header.creationTime).toBe('063000')
  })

  it('rejects impossible dates', () => {
    expect(only(dxi(HEADER, '"E45",3938424403,"A",20230229', '"Z99",1'))).toMatchObject({ code: 'invalid_date', field: { name: 'effectiveFrom', index: 4 } })
    expect(only(dxi('"A00",1234567890,"DXI",2021110,120000,1', '"Z99",0'))).toMatchObject({ code: 'invalid_date', field: { name: 'creationDate', index: 4 } })
  })

  it('rejects padded numbers that a number could not give back, and too many digits', () => {
    expect(only(dxi(HEADER, R1, '"Z99",01'))).toMatchObject({ code: 'invalid_field', field: { name: 'recordCount', index: 2 } })
    expect(only(dxi('"A00",1234567890,"DXI",20211104,120000,007', '"Z99",0'))).toMatchObject({ code: 'invalid_field', field: { name: 'generationNumber', index: 6 } })
    expect(only(dxi('"A00",1234567890,"DXI",20211104,120000,123456789', '"Z99",0'))).toMatchObject({ code: 'invalid_field', field: { name: 'generationNumber' } })
    expect(only(dxi('"A00",12345678901,"DXI",20211104,120000,1', '"Z99",0'))).toMatchObject({ code: 'invalid_field', field: { name: 'organisationId', index: 2 } })
  })

  it('rejects MPRNs of the wrong shape', () => {
    expect(only(dxi(HEADER, '"E45",12345,"A",20211104', '"Z99",1'))).toMatchObject({ code: 'invalid_field', field: { name: 'mprn', index: 2 } })
    expect(only(dxi(HEADER, '"E45",39384244O3,"A",20211104', '"Z99",1'))).toMatchObject({ code: 'invalid_field', field: { name: 'mprn' } })
    expect(only(dxi(HEADER, '"E45",,"A",20211104', '"Z99",1')).message).toMatch(/mandatory/)
  })

  it('checks File Type: DXI for a DXI file, any three letters kept as read for a response file', () => {
    expect(only(dxi('"A00",1234567890,"DXR",20211104,120000,1', '"Z99",0'))).toMatchObject({ code: 'invalid_field', field: { name: 'fileType', index: 3 } })
    const r = Dxr.decode(bytes('"A00",9876543210,"Abc",20211105,063000,17\n"Z99",0\n'))
    expect(E.isRight(r) && r.right.header.fileType).toBe('Abc')
    expect(codesOf(Dxr.inspect(bytes('"A00",9876543210,"AB1",20211105,063000,17\n"Z99",0\n')).diagnostics)).toEqual(['invalid_field'])
  })

  it('rejects an unknown outcome code', () => {
    const r = Dxr.inspect(bytes('"A00",9876543210,"DXR",20211105,063000,17\n"E46","OK",3938424403,"A",20211104\n"Z99",1\n'))
    expect(r.diagnostics.map((d) => [d.code, d.field?.name])).toEqual([['invalid_field', 'outcome']])
    expect(r.diagnostics[0]!.message).toMatch(/AC \(Accepted\) or RJ \(Rejected\)/)
  })
})

describe('options', () => {
  it('check digits: an error by default, a warning on request (and the file still decodes)', () => {
    const input = dxi(HEADER, '"E45",3938424404,"A",20211104', '"Z99",1')
    expect(only(input)).toMatchObject({ code: 'bad_check_digit', severity: 'error', field: { name: 'mprn', index: 2 } })
    expect(E.isLeft(Dxi.decode(input))).toBe(true)
    const r = Dxi.inspect(input, { checkDigits: 'warning' })
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['bad_check_digit', 'warning']])
    expect(r.file?.records[0]?.mprn).toBe('3938424404')
    const decoded = Dxi.decode(input, { checkDigits: 'warning' })
    expect(E.isRight(decoded)).toBe(true)
  })

  it('legacy flags S and W only with the option', () => {
    const input = dxi(HEADER, '"E45",3938424403,"S",20211104', '"E45",1234567810,"W",20211103', '"Z99",2')
    const r = Dxi.inspect(input)
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['invalid_flag', 2], ['invalid_flag', 3]])
    expect(r.diagnostics[0]!.message).toMatch(/legacy/)
    const ok = Dxi.decode(input, { legacyFlags: true })
    expect(E.isRight(ok) && ok.right.records.map((x) => x.flag)).toEqual(['S', 'W'])
    expect(only(dxi(HEADER, '"E45",3938424403,"X",20211104', '"Z99",1'), { legacyFlags: true }).code).toBe('invalid_flag')
  })

  it('reports every problem of a file, in file order', () => {
    const input = dxi(
      '"A00",1234567890,DXI,20211132,246000,01',
      '"E45",3938424404,"X",20230229',
      '"E46","AC",3938424403,"A",20211104',
      '"E45",3938424403,"A",20211104,',
      '"Z99",5',
      'junk',
    )
    const r = Dxi.inspect(input)
    expect(r.diagnostics.map((d) => [d.line, d.code, d.field?.name ?? null])).toEqual([
      [1, 'bad_quoting', 'fileType'],
      [1, 'invalid_date', 'creationDate'],
      [1, 'invalid_field', 'creationTime'],
      [1, 'invalid_field', 'generationNumber'],
      [2, 'bad_check_digit', 'mprn'],
      [2, 'invalid_flag', 'flag'],
      [2, 'invalid_date', 'effectiveFrom'],
      [3, 'unexpected_record', 'transactionType'],
      [4, 'field_count', null],
      [5, 'record_count_mismatch', 'recordCount'],
      [6, 'trailing_data', null],
    ])
    expect(r.file).toBeNull()
    const left = Dxi.decode(input)
    expect(E.isLeft(left) && left.left.length).toBe(11)
  })

  it('caps the list and says how many more there were', () => {
    const body = Array.from({ length: 10 }, () => '"E45",3938424403,"X",20211104')
    const input = dxi(HEADER, ...body, '"Z99",10')
    expect(Dxi.inspect(input).diagnostics).toHaveLength(10)
    const r = Dxi.inspect(input, { maxDiagnostics: 3 })
    expect(codesOf(r.diagnostics)).toEqual(['invalid_flag', 'invalid_flag', 'invalid_flag', 'too_many_diagnostics'])
    expect(r.diagnostics[3]!.message).toMatch(/^7 more/)
    expect(Dxi.inspect(input, { maxDiagnostics: 3, checkDigits: 'warning' }).diagnostics).toHaveLength(4)
  })

  it('formats diagnostics for dcc-flags validate', () => {
    const d = only(dxi(HEADER, '"E45",3938424403,"X",20211104', '"Z99",1'))
    expect(Diagnostic.format(d)).toBe(`2:flag invalid_flag ${d.message} (byte ${d.byteOffset})`)
  })
})

describe('layout overrides (provisional facts)', () => {
  it('a record count that includes header and trailer', () => {
    const codec = UkLink.codec<UkLink.A00Header, Dxi.E45Record, UkLink.Z99Trailer>(
      Schema.dxiSchema({ recordCount: { includesHeader: true, includesTrailer: true } }),
    )
    expect(E.isRight(codec.decode(dxi(HEADER, R1, R2, '"Z99",4')))).toBe(true)
    expect(codesOf(codec.inspect(dxi(HEADER, R1, R2, '"Z99",2')).diagnostics)).toEqual(['record_count_mismatch'])
    expect(codec.makeFile(Dxi.make({ header: { organisationId: '1', creationDate: '20211104', creationTime: '120000', generationNumber: 1 }, records: [] }).header, []).trailer).toEqual({ recordCount: 2 })
  })

  it('a different A00 tail', () => {
    const codec = UkLink.codec<Record<string, string>, Dxi.E45Record, UkLink.Z99Trailer>(
      Schema.dxiSchema({ headerTail: [Schema.numeric('sequence', 'Sequence Number', 4)] }),
    )
    const r = codec.decode(dxi('"A00",1234567890,"DXI",20211104,42', '"Z99",0'))
    expect(E.isRight(r) && r.right.header).toEqual({ organisationId: '1234567890', fileType: 'DXI', creationDate: '20211104', sequence: '42' })
    // the default layout reads 42 as a (short) Creation Time and misses the Generation Number
    expect(Dxi.inspect(dxi('"A00",1234567890,"DXI",20211104,42', '"Z99",0')).diagnostics.map((d) => [d.code, d.field?.name ?? null])).toEqual([
      ['field_count', null],
      ['invalid_field', 'creationTime'],
    ])
  })

  it('the provisional constants hold the documented defaults', () => {
    expect(Schema.PROVISIONAL_DXR_FILE_TYPE).toBe('DXR')
    expect(Schema.PROVISIONAL_Z99_RECORD_COUNT).toEqual({ includesHeader: false, includesTrailer: false })
    expect(Schema.PROVISIONAL_A00_TAIL.map((f) => [f.name, f.type, f.maxLength])).toEqual([['creationTime', 'N', 6], ['generationNumber', 'N', 8]])
  })
})

describe('make', () => {
  const header = { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }
  it('DXI: file type DXI, LF, final newline, trailer counted', () => {
    const f = Dxi.make({ header, records: [{ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] })
    expect(f).toMatchObject({ header: { fileType: 'DXI', generationNumber: '17' }, trailer: { recordCount: 1 }, eol: '\n', finalNewline: true })
  })
  it('E46: file type from the caller, default DXR', () => {
    expect(Dxr.make({ header, records: [] }).header.fileType).toBe('DXR')
    expect(Dxr.make({ header: { ...header, fileType: 'GRS' }, records: [], eol: '\r\n', finalNewline: false })).toMatchObject({
      header: { fileType: 'GRS' }, eol: '\r\n', finalNewline: false, trailer: { recordCount: 0 },
    })
  })
  it('exposes the same names as the other file kinds', () => {
    for (const m of [Dxi, Dxr]) {
      for (const name of ['kind', 'inspect', 'decode', 'encode', 'decodeStream', 'encodeStream', 'make', 'jsonCodec'] as const) expect(m[name]).toBeDefined()
    }
    expect([Dxi.kind, Dxr.kind, Dxi.codec.kind, Dxr.codec.kind]).toEqual(['dxi', 'dxr', 'dxi', 'dxr'])
  })
  it('jsonCodec checks shape: wrong eol or missing fields are rejected', () => {
    const f = Dxi.make({ header, records: [] })
    expect(E.isLeft(Dxi.jsonCodec.decode({ ...f, eol: '\r' }))).toBe(true)
    expect(E.isLeft(Dxr.jsonCodec.decode({ ...f, records: [{ mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' }] }))).toBe(true)
  })
})
