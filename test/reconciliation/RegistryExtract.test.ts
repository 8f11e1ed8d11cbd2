import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { fromLatin1 } from '../../src/wire/Bytes'
import * as RegistryExtract from '../../src/reconciliation/RegistryExtract'
import type { Flag } from '../../src/identifiers/Flag'
import * as arb from '../arbitraries/identifiers'
import { meterPointIds } from '../arbitraries/reconciliation'

const MPAN = '1200023305967'
const MPAN2 = '1200010000000'
const MPRN = '3938424403'
const MPRN2 = '123456707'
const HEADER = 'meterPoint,flag,effectiveFrom'

const parse = (text: string, options?: RegistryExtract.Options) => RegistryExtract.parse(fromLatin1(text), options)

// Test-local writer: the inverse of the parser for valid rows.
const writeCsv = (rows: ReadonlyArray<{ meterPoint: string; flag: Flag | null; effectiveFrom: string | null }>, eol: string, finalNewline: boolean): string => {
  const lines = [HEADER, ...rows.map((r) => `${r.meterPoint},${r.flag ?? ''},${r.effectiveFrom ?? ''}`)]
  return lines.join(eol) + (finalNewline ? eol : '')
}

describe('RegistryExtract.parse: valid input', () => {
  it('reads rows with their lines, files and positions (LF)', () => {
    const { rows, problems } = parse(`${HEADER}\n${MPAN},A,20211104\n${MPRN},N,20220301\n`, { file: 'reg.csv' })
    expect(problems).toEqual([])
    expect(rows).toEqual([
      { meterPoint: MPAN, flag: 'A', effectiveFrom: '20211104', file: 'reg.csv', line: 2, record: 1 },
      { meterPoint: MPRN, flag: 'N', effectiveFrom: '20220301', file: 'reg.csv', line: 3, record: 2 },
    ])
  })

  it('reads CRLF and a last line without a line end the same way', () => {
    const lf = parse(`${HEADER}\n${MPAN},I,20211104\n${MPRN},A,20211105\n`)
    const crlf = parse(`${HEADER}\r\n${MPAN},I,20211104\r\n${MPRN},A,20211105`)
    expect(crlf.problems).toEqual([])
    expect(crlf.rows).toEqual(lf.rows)
    expect(crlf.rows.map((r) => r.effectiveFrom)).toEqual(['20211104', '20211105'])
  })

  it('an empty flag cell means no flag; a date may then be empty', () => {
    const { rows, problems } = parse(`${HEADER}\n${MPAN},,\n${MPRN},,20200101\n`)
    expect(problems).toEqual([])
    expect(rows.map((r) => [r.flag, r.effectiveFrom])).toEqual([[null, null], [null, '20200101']])
  })

  it('a header alone gives no rows and no problems', () => {
    expect(parse(`${HEADER}\n`)).toEqual({ rows: [], problems: [] })
    expect(parse(HEADER)).toEqual({ rows: [], problems: [] })
  })

  it('legacy flags S and W only with the legacy option', () => {
    const text = `${HEADER}\n${MPAN},S,20200101\n${MPRN},W,20200101\n`
    const strict = parse(text)
    expect(strict.rows).toEqual([])
    expect(strict.problems.map((p) => [p.code, p.line, p.field, p.input])).toEqual([
      ['invalid_flag', 2, 'flag', 'S'],
      ['invalid_flag', 3, 'flag', 'W'],
    ])
    expect(strict.problems[0]!.message).toContain('legacy')
    const legacy = parse(text, { legacyFlags: true })
    expect(legacy.problems).toEqual([])
    expect(legacy.rows.map((r) => r.flag)).toEqual(['S', 'W'])
  })
})

describe('RegistryExtract.parse: problems', () => {
  it('never trims: spaces make a value invalid, and the input keeps them', () => {
    const { rows, problems } = parse(`${HEADER}\n${MPAN}, A,20211104\n ${MPRN},A,20211104\n${MPAN2},A,20211104 \n`)
    expect(rows).toEqual([])
    expect(problems.map((p) => [p.code, p.line, p.field, p.input])).toEqual([
      ['invalid_flag', 2, 'flag', ' A'],
      ['invalid_meter_point', 3, 'meterPoint', ` ${MPRN}`],
      ['invalid_date', 4, 'effectiveFrom', '20211104 '],
    ])
  })

  it('invalid_meter_point for a bad shape and for a bad check digit', () => {
    const { problems } = parse(`${HEADER}\n120002330596,A,20211104\n1200023305968,A,20211104\n3938424404,A,20211104\n`)
    expect(problems.map((p) => [p.code, p.line, p.input])).toEqual([
      ['invalid_meter_point', 2, '120002330596'],
      ['invalid_meter_point', 3, '1200023305968'],
      ['invalid_meter_point', 4, '3938424404'],
    ])
    expect(problems[0]!.message).toContain('neither')
    expect(problems[1]!.message).toContain('check digit')
  })

  it('invalid_date for an unreal date, a wrong format, and a flag without a date', () => {
    const { rows, problems } = parse(`${HEADER}\n${MPAN},A,20230229\n${MPRN},A,2021-11-04\n${MPAN2},N,\n`)
    expect(rows).toEqual([])
    expect(problems.map((p) => [p.code, p.line, p.field, p.input])).toEqual([
      ['invalid_date', 2, 'effectiveFrom', '20230229'],
      ['invalid_date', 3, 'effectiveFrom', '2021-11-04'],
      ['invalid_date', 4, 'effectiveFrom', ''],
    ])
  })

  it('invalid_flag for anything but A/N/I (or empty), input read as latin1', () => {
    const bytes = new Uint8Array([...fromLatin1(`${HEADER}\n${MPAN},`), 0xe9, ...fromLatin1(',20211104\n')])
    const { problems } = RegistryExtract.parse(bytes)
    expect(problems).toHaveLength(1)
    expect(problems[0]!.code).toBe('invalid_flag')
    expect(problems[0]!.input).toBe('\u00e9')
    const lower = parse(`${HEADER}\n${MPAN},a,20211104\n${MPRN},AN,20211104\n${MPAN2},"A",20211104\n`)
    expect(lower.problems.map((p) => [p.code, p.input])).toEqual([['invalid_flag', 'a'], ['invalid_flag', 'AN'], ['invalid_flag', '"A"']])
  })

  it('field_count for too few, too many and empty lines, with the right line numbers', () => {
    const { rows, problems } = parse(`${HEADER}\n${MPAN},A\n\n${MPRN},A,20211104,x\n${MPAN2},A,20211104\n`)
    expect(problems.map((p) => [p.code, p.line, p.record, p.field])).toEqual([
      ['field_count', 2, 1, null],
      ['field_count', 3, 2, null],
      ['field_count', 4, 3, null],
    ])
    expect(problems[0]!.message).toContain('2 fields')
    expect(problems[1]!.message).toContain('empty line')
    expect(problems[2]!.message).toContain('4 fields')
    expect(rows.map((r) => [r.meterPoint, r.line, r.record])).toEqual([[MPAN2, 5, 4]])
  })

  it('CRLF line numbers count lines, and a lone CR stays in the value', () => {
    const { rows, problems } = parse(`${HEADER}\r\n${MPAN},A,20211104\r\n${MPRN},X,20211104\r\n${MPAN2},A,20211104\r`)
    expect(rows.map((r) => r.line)).toEqual([2])
    expect(problems.map((p) => [p.code, p.line, p.input])).toEqual([
      ['invalid_flag', 3, 'X'],
      ['invalid_date', 4, '20211104\r'],
    ])
  })

  it('duplicate_meter_point names the first line and keeps the first row', () => {
    const { rows, problems } = parse(`${HEADER}\n${MPAN},A,20211104\n${MPRN},A,20211104\n${MPAN},N,20211201\n`)
    expect(rows.map((r) => [r.meterPoint, r.flag])).toEqual([[MPAN, 'A'], [MPRN, 'A']])
    expect(problems.map((p) => [p.code, p.line, p.field, p.input])).toEqual([['duplicate_meter_point', 4, 'meterPoint', MPAN]])
    expect(problems[0]!.message).toContain('line 2')
  })

  it('a row repeating an invalid row\'s meter point is still a duplicate', () => {
    const { rows, problems } = parse(`${HEADER}\n${MPAN},X,20211104\n${MPAN},A,20211104\n`)
    expect(rows).toEqual([])
    expect(problems.map((p) => p.code)).toEqual(['invalid_flag', 'duplicate_meter_point'])
  })

  it('reports every bad field of a row', () => {
    const { problems } = parse(`${HEADER}\n12,Q,2021\n`, { file: 'x.csv' })
    expect(problems.map((p) => [p.code, p.field, p.file, p.line])).toEqual([
      ['invalid_meter_point', 'meterPoint', 'x.csv', 2],
      ['invalid_flag', 'flag', 'x.csv', 2],
      ['invalid_date', 'effectiveFrom', 'x.csv', 2],
    ])
  })

  it.each([
    ['wrong names', 'mpan,flag,effectiveFrom'],
    ['wrong case', 'meterpoint,flag,effectiveFrom'],
    ['extra column', 'meterPoint,flag,effectiveFrom,x'],
    ['padded', 'meterPoint, flag,effectiveFrom'],
    ['byte order mark', '\u00ef\u00bb\u00bfmeterPoint,flag,effectiveFrom'],
  ])('bad_header (%s) stops the read and says how many lines were not read', (_, header) => {
    const { rows, problems } = parse(`${header}\n${MPAN},A,20211104\n${MPRN},A,20211104\n`)
    expect(rows).toEqual([])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ code: 'bad_header', line: 1, record: 0, field: null, input: header })
    expect(problems[0]!.message).toContain('2 lines after it not read')
  })

  it('bad_header names the byte order mark', () => {
    const { problems } = parse(`\u00ef\u00bb\u00bf${HEADER}\n`)
    expect(problems[0]!.message).toContain('byte order mark')
  })

  it('bad_header for an empty file', () => {
    const { rows, problems } = parse('')
    expect(rows).toEqual([])
    expect(problems.map((p) => [p.code, p.line])).toEqual([['bad_header', 1]])
    expect(problems[0]!.message).toContain('empty')
  })

  it('every problem code is produced by some input above', () => {
    const seen = new Set<string>()
    for (const text of [
      'nope\n',
      `${HEADER}\n${MPAN},A\n`,
      `${HEADER}\n1,A,20211104\n`,
      `${HEADER}\n${MPAN},X,20211104\n`,
      `${HEADER}\n${MPAN},A,2021\n`,
      `${HEADER}\n${MPAN},A,20211104\n${MPAN},A,20211104\n`,
    ]) for (const p of parse(text).problems) seen.add(p.code)
    expect([...seen].sort()).toEqual([...RegistryExtract.problemCodes].sort())
  })

  it('format renders FILE:LINE:FIELD CODE MESSAGE', () => {
    const [p] = parse(`${HEADER}\n${MPAN},X,20211104\n`, { file: 'r.csv' }).problems
    expect(RegistryExtract.format(p!)).toBe(`r.csv:2:flag invalid_flag ${p!.message}`)
    const [q] = parse(`${HEADER}\n${MPAN},A\n`).problems
    expect(RegistryExtract.format(q!)).toBe(`2:- field_count ${q!.message}`)
  })
})

const rowArb = (ids: string[]) =>
  fc.tuple(...ids.map((meterPoint) =>
    fc.record({
      meterPoint: fc.constant(meterPoint),
      flag: fc.constantFrom<Flag | null>(null, 'A', 'I', 'N'),
      effectiveFrom: fc.option(arb.calendarDate as fc.Arbitrary<string>, { nil: null }),
    }).map((r) => (r.flag !== null && r.effectiveFrom === null ? { ...r, effectiveFrom: '20211104' } : r)),
  )).map((xs) => [...xs])

describe('RegistryExtract.parse: write then parse', () => {
  fcTest.prop([meterPointIds({ maxLength: 30 }).chain(rowArb), fc.constantFrom('\n', '\r\n'), fc.boolean()])(
    'parsing a written extract gives back its rows, lines counted from 2',
    (rows, eol, finalNewline) => {
      const parsed = parse(writeCsv(rows, eol, finalNewline))
      expect(parsed.problems).toEqual([])
      expect(parsed.rows.map((r) => ({ meterPoint: r.meterPoint, flag: r.flag, effectiveFrom: r.effectiveFrom }))).toEqual(rows)
      expect(parsed.rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2))
    },
  )

  fcTest.prop([meterPointIds({ minLength: 1, maxLength: 20 }).chain(rowArb), fc.nat(), fc.constantFrom(' ', '\t', 'x')])(
    'corrupting one row reports exactly that row and keeps the others',
    (rows, pick, junk) => {
      const i = pick % rows.length
      const lines = writeCsv(rows, '\n', true).split('\n')
      lines[i + 1] = lines[i + 1] + junk
      const parsed = parse(lines.join('\n'))
      expect(parsed.problems.map((p) => p.line)).toEqual([i + 2])
      expect(parsed.rows.map((r) => r.meterPoint)).toEqual(rows.filter((_, j) => j !== i).map((r) => r.meterPoint))
    },
  )
})

describe('RegistryExtract.fromWireRecords', () => {
  it('applies files in order: a later record for a meter point replaces an earlier one', () => {
    const { rows, problems } = RegistryExtract.fromWireRecords([
      { file: 'a.d0350', records: [{ mpanCore: MPAN, flag: 'A', effectiveFrom: '20211104', line: 3 }, { mpanCore: MPAN2, flag: 'I', effectiveFrom: '20211104' }] },
      { file: 'b.dxi', records: [{ mprn: MPRN, flag: 'N', effectiveFrom: '20211110', line: 2 }] },
      { file: 'c.d0350', records: [{ mpanCore: MPAN, flag: 'N', effectiveFrom: '20211201', line: 7 }] },
    ])
    expect(problems).toEqual([])
    expect(rows).toEqual([
      { meterPoint: MPAN, flag: 'N', effectiveFrom: '20211201', file: 'c.d0350', line: 7, record: 1 },
      { meterPoint: MPAN2, flag: 'I', effectiveFrom: '20211104', file: 'a.d0350', line: null, record: 2 },
      { meterPoint: MPRN, flag: 'N', effectiveFrom: '20211110', file: 'b.dxi', line: 2, record: 1 },
    ])
  })

  it('a later record in the same file replaces an earlier one', () => {
    const { rows } = RegistryExtract.fromWireRecords([
      { file: 'g.dxi', records: [{ mprn: MPRN2, flag: 'I', effectiveFrom: '20220101' }, { mprn: MPRN2, flag: 'A', effectiveFrom: '20220105' }] },
    ])
    expect(rows.map((r) => [r.flag, r.effectiveFrom, r.record])).toEqual([['A', '20220105', 2]])
  })

  it('reports bad values and wrong-fuel ids with the file, and does not apply them', () => {
    const { rows, problems } = RegistryExtract.fromWireRecords([
      { file: 'a.d0350', records: [
        { mpanCore: MPAN, flag: 'A', effectiveFrom: '20211104' },
        { mpanCore: MPAN, flag: 'S', effectiveFrom: '20211201', line: 9 },
        { mpanCore: MPRN, flag: 'A', effectiveFrom: '20211104' },
      ] },
      { file: 'b.dxi', records: [{ mprn: MPAN2, flag: 'A', effectiveFrom: '20211104' }, { mprn: MPRN, flag: 'A', effectiveFrom: '20211331' }] },
    ])
    expect(rows.map((r) => [r.meterPoint, r.flag])).toEqual([[MPAN, 'A']])
    expect(problems.map((p) => [p.code, p.file, p.line, p.record, p.field])).toEqual([
      ['invalid_flag', 'a.d0350', 9, 2, 'flag'],
      ['invalid_meter_point', 'a.d0350', null, 3, 'meterPoint'],
      ['invalid_meter_point', 'b.dxi', null, 1, 'meterPoint'],
      ['invalid_date', 'b.dxi', null, 2, 'effectiveFrom'],
    ])
  })

  it('accepts legacy flags with the option', () => {
    const files = [{ file: 'a.d0350', records: [{ mpanCore: MPAN, flag: 'W', effectiveFrom: '20200101' }] }]
    expect(RegistryExtract.fromWireRecords(files).rows).toEqual([])
    expect(RegistryExtract.fromWireRecords(files, { legacyFlags: true }).rows.map((r) => r.flag)).toEqual(['W'])
  })

  fcTest.prop([fc.array(fc.tuple(fc.constantFrom(MPAN, MPAN2, MPRN, MPRN2), fc.constantFrom<Flag>('A', 'I', 'N'), arb.calendarDate), { maxLength: 30 }), fc.nat({ max: 30 })])(
    'the result is the last record per meter point, however the records are split into files',
    (records, cut) => {
      const asWire = records.map(([id, flag, effectiveFrom]) => (id.length === 13 ? { mpanCore: id, flag, effectiveFrom } : { mprn: id, flag, effectiveFrom }))
      const k = Math.min(cut, asWire.length)
      const { rows } = RegistryExtract.fromWireRecords([{ file: 'one', records: asWire.slice(0, k) }, { file: 'two', records: asWire.slice(k) }])
      const last = new Map<string, [string, string]>()
      for (const [id, flag, date] of records) last.set(id, [flag, date])
      expect(rows.map((r) => [r.meterPoint, [r.flag, r.effectiveFrom]])).toEqual([...last.entries()].sort((a, b) => records.findIndex((x) => x[0] === a[0]) - records.findIndex((x) => x[0] === b[0])))
    },
  )
})
