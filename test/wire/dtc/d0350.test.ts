import { describe, it, expect } from 'vitest'
import { readFileSync } from 'node:fs'
import { either as E } from 'fp-ts'
import * as D0350 from '../../../src/wire/dtc/D0350'
import * as Diagnostic from '../../../src/wire/Diagnostic'
import { bytes, text, collect, collectBytes, source, asyncOf, codesOf } from './helpers'

const FIXTURES = new URL('../../fixtures/wire/', import.meta.url)
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)))

interface Vector {
  file: string
  kind: string
  valid: boolean
  codes: string[]
  note: string
}
const vectors = (JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as Vector[]).filter((v) => v.kind === 'd0350')

const ZHV = 'ZHV|0000000001|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|'
const DSF1 = 'DSF|1200023305967|A|20211104|'
const DSF2 = 'DSF|1200010000000|N|20211103|'
const ZPT = 'ZPT|0000000001|2||2|20211104120000|'
const lf = (...lines: string[]): string => lines.map((l) => l + '\n').join('')

describe('D0350: the docs/formats.md example', () => {
  const example = lf(ZHV, DSF1, DSF2, ZPT)

  it('decodes to the header, two records and the trailer', () => {
    const r = D0350.decode(bytes(example))
    expect(r).toEqual(
      E.right({
        header: {
          fileId: '0000000001', flowVersion: 'D0350001', fromRole: 'Z', fromParticipant: 'DCCO', toRole: 'P', toParticipant: 'LOND',
          createdAt: '20211104120000', sendingApplication: '', receivingApplication: '', broadcast: '', testDataFlag: 'OPER',
        },
        records: [
          { mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' },
          { mpanCore: '1200010000000', flag: 'N', effectiveFrom: '20211103' },
        ],
        trailer: { fileId: '0000000001', groupCount: 2, checksum: '', flowCount: 2, completedAt: '20211104120000' },
        eol: '\n',
        finalNewline: true,
      }),
    )
  })

  it('re-encodes byte for byte', () => {
    const r = D0350.inspect(bytes(example))
    expect(r.diagnostics).toEqual([])
    expect(text(D0350.encode(r.file!))).toBe(example)
  })

  it('is what make builds from the same facts (new files: LF, final newline)', () => {
    const f = D0350.make({
      header: { fileId: '0000000001', toParticipant: 'LOND', createdAt: '20211104120000' },
      records: [
        { mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' },
        { mpanCore: '1200010000000', flag: 'N', effectiveFrom: '20211103' },
      ],
      completedAt: '20211104120000',
    })
    expect(text(D0350.encode(f))).toBe(example)
  })
})

describe('D0350: the wire vectors in test/fixtures/wire/index.json', () => {
  it('has D0350 vectors to run', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(6)
  })

  for (const v of vectors) {
    if (v.valid) {
      it(`${v.file} decodes and re-encodes byte for byte (${v.note || 'valid'})`, () => {
        const b = fixture(v.file)
        const r = D0350.inspect(b)
        expect(r.diagnostics).toEqual([])
        expect(r.file).not.toBeNull()
        expect(Buffer.from(D0350.encode(r.file!)).equals(Buffer.from(b))).toBe(true)
      })
    } else {
      it(`${v.file} gives exactly ${v.codes.join(', ')}`, () => {
        const r = D0350.inspect(fixture(v.file))
        expect(r.file).toBeNull()
        // exactly the listed codes: no extra diagnostics appear for these vectors
        expect([...new Set(codesOf(r.diagnostics))].sort()).toEqual([...v.codes].sort())
        expect(r.diagnostics).toHaveLength(v.codes.length)
      })
    }
  }

  it('keeps CRLF and the missing final newline', () => {
    const f = D0350.inspect(fixture('d0350-crlf-no-final-newline.txt')).file!
    expect(f.eol).toBe('\r\n')
    expect(f.finalNewline).toBe(false)
  })

  it('locates the bad check digit, flag and date', () => {
    const check = fixture('d0350-bad-check-digit.txt')
    const [d] = D0350.inspect(check).diagnostics
    expect(d).toMatchObject({ code: 'bad_check_digit', line: 2, field: { name: 'mpanCore', index: 1 }, input: '1200023305968', severity: 'error' })
    expect(d!.byteOffset).toBe(text(check).indexOf('1200023305968'))

    const flagDate = fixture('d0350-bad-flag-and-date.txt')
    const ds = D0350.inspect(flagDate).diagnostics
    expect(ds[0]).toMatchObject({ code: 'invalid_flag', line: 3, field: { name: 'flag', index: 2 }, input: 'X', byteOffset: text(flagDate).indexOf('|X|') + 1 })
    expect(ds[1]).toMatchObject({ code: 'invalid_date', line: 3, field: { name: 'effectiveFrom', index: 3 }, input: '20211131', byteOffset: text(flagDate).indexOf('20211131') })
  })

  it('names the group count field and its value', () => {
    const b = fixture('d0350-bad-group-count.txt')
    const [d] = D0350.inspect(b).diagnostics
    expect(d).toMatchObject({ code: 'group_count_mismatch', line: 4, field: { name: 'groupCount', index: 2 }, input: '3' })
    expect(d!.message).toMatch(/Total Group Count/)
  })
})

const one = (s: string, options?: Parameters<typeof D0350.inspect>[1]) => D0350.inspect(bytes(s), options)

describe('D0350: specific diagnostics', () => {
  it('empty file', () => {
    expect(codesOf(one('').diagnostics)).toEqual(['empty_file'])
  })

  it('unterminated item: the last item must be followed by "|"', () => {
    const s = lf(ZHV, 'DSF|1200023305967|A|20211104', DSF2, ZPT)
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['unterminated_item'])
    expect(r.diagnostics[0]).toMatchObject({ line: 2, field: { name: 'effectiveFrom', index: 3 }, input: '20211104', byteOffset: s.indexOf('20211104\n') })
    expect(r.diagnostics[0]!.message).toMatch(/Effective From Date/)
  })

  it('field count: too few and too many items', () => {
    const s = lf(ZHV, 'DSF|1200023305967|A|', 'DSF|1200010000000|N|20211103|X|', ZPT)
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['field_count', 'field_count'])
    expect(r.diagnostics.map((d) => d.line)).toEqual([2, 3])
    expect(r.diagnostics[0]!.byteOffset).toBe(s.indexOf('DSF'))
    expect(r.diagnostics[0]!.message).toMatch(/2 items, expected 3/)
  })

  it('trailing data: anything after ZPT, empty lines included', () => {
    const s = lf(ZHV, DSF1, DSF2, ZPT, '', DSF1)
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['trailing_data', 'trailing_data'])
    expect(r.diagnostics.map((d) => d.line)).toEqual([5, 6])
    expect(r.diagnostics[0]!.byteOffset).toBe(lf(ZHV, DSF1, DSF2, ZPT).length)
  })

  it('a second trailer is trailing data', () => {
    expect(codesOf(one(lf(ZHV, DSF1, DSF2, ZPT, ZPT)).diagnostics)).toEqual(['trailing_data'])
  })

  it('missing trailer: reported after the last line, at the end of the file', () => {
    const s = lf(ZHV, DSF1, DSF2)
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['missing_trailer'])
    expect(r.diagnostics[0]).toMatchObject({ line: 4, byteOffset: s.length })
  })

  it('missing header: reported once, on line 1; the rest still decodes', () => {
    const r = one(lf(DSF1, DSF2, ZPT))
    expect(codesOf(r.diagnostics)).toEqual(['missing_header'])
    expect(r.diagnostics[0]!.line).toBe(1)
  })

  it('a second ZHV, an unknown group and an empty line are unexpected records', () => {
    const s = lf(ZHV, DSF1, ZHV, 'XYZ|1|', '', ZPT.replace('|2||2|', '|4||1|'))
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['unexpected_record', 'unexpected_record', 'unexpected_record'])
    expect(r.diagnostics.map((d) => d.line)).toEqual([3, 4, 5])
  })

  it('mixed line endings', () => {
    const s = ZHV + '\n' + DSF1 + '\r\n' + DSF2 + '\n' + ZPT + '\n'
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['mixed_line_endings'])
    expect(r.diagnostics[0]!.line).toBe(2)
  })

  it('non-ASCII byte: found at its exact offset, never decoded as UTF-8', () => {
    // in the checksum (kept as read) the byte is the only problem
    const s = lf(ZHV, DSF1, DSF2, 'ZPT|0000000001|2|\u00e9|2|20211104120000|')
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['non_ascii'])
    expect(r.diagnostics[0]).toMatchObject({ line: 4, byteOffset: s.indexOf('\u00e9'), input: '\u00e9' })
    // in an MPAN core it also makes the item invalid
    const t = lf(ZHV, 'DSF|120002330596\u00e9|A|20211104|', DSF2, ZPT)
    expect(codesOf(one(t).diagnostics)).toEqual(['non_ascii', 'invalid_field'])
  })

  it('check digit as a warning: the file still decodes, the warning is kept', () => {
    const b = fixture('d0350-bad-check-digit.txt')
    const r = D0350.inspect(b, { checkDigits: 'warning' })
    expect(r.file).not.toBeNull()
    expect(r.diagnostics).toHaveLength(1)
    expect(r.diagnostics[0]).toMatchObject({ code: 'bad_check_digit', severity: 'warning' })
    expect(Diagnostic.format(r.diagnostics[0]!)).toMatch(/\(warning\)$/)
    expect(E.isRight(D0350.decode(b, { checkDigits: 'warning' }))).toBe(true)
    expect(Buffer.from(D0350.encode(r.file!)).equals(Buffer.from(b))).toBe(true)
    expect(E.isLeft(D0350.decode(b))).toBe(true)
  })

  it('legacy flags S and W only with the option', () => {
    const s = lf(ZHV, 'DSF|1200023305967|S|20211104|', 'DSF|1200010000000|W|20211103|', ZPT)
    const strict = one(s)
    expect(codesOf(strict.diagnostics)).toEqual(['invalid_flag', 'invalid_flag'])
    expect(strict.diagnostics[0]!.message).toMatch(/legacy/)
    const legacy = one(s, { legacyFlags: true })
    expect(legacy.diagnostics).toEqual([])
    expect(legacy.file!.records.map((r) => r.flag)).toEqual(['S', 'W'])
    expect(text(D0350.encode(legacy.file!))).toBe(s)
    // other letters stay invalid with the option
    expect(codesOf(one(lf(ZHV, 'DSF|1200023305967|X|20211104|', DSF2, ZPT), { legacyFlags: true }).diagnostics)).toEqual(['invalid_flag'])
  })

  it('file id mismatch', () => {
    const s = lf(ZHV, DSF1, DSF2, 'ZPT|0000000002|2||2|20211104120000|')
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['file_id_mismatch'])
    expect(r.diagnostics[0]).toMatchObject({ line: 4, field: { name: 'fileId', index: 1 }, input: '0000000002', byteOffset: s.indexOf('0000000002') })
  })

  it('flow count mismatch', () => {
    const s = lf(ZHV, DSF1, DSF2, 'ZPT|0000000001|2||3|20211104120000|')
    const r = one(s)
    expect(codesOf(r.diagnostics)).toEqual(['flow_count_mismatch'])
    expect(r.diagnostics[0]).toMatchObject({ field: { name: 'flowCount', index: 4 }, input: '3' })
  })

  it('counts must be decimal without leading zeros (checked as invalid, not compared)', () => {
    expect(codesOf(one(lf(ZHV, DSF1, DSF2, 'ZPT|0000000001|02||2|20211104120000|')).diagnostics)).toEqual(['invalid_field'])
  })

  it('header items follow docs/formats.md: constant flow version, classes, lengths, real timestamp', () => {
    const bad = 'ZHV|00000000011|D0350002|z|DCC|P|LOND|20211104240000|ABCDEF|x-y|AB|OPERA|'
    const r = one(lf(bad, DSF1, DSF2, ZPT))
    expect(r.diagnostics.map((d) => `${d.code}:${d.field?.name}`)).toEqual([
      'invalid_field:fileId', 'invalid_field:flowVersion', 'invalid_field:fromRole', 'invalid_field:fromParticipant',
      'invalid_date:createdAt', 'invalid_field:sendingApplication', 'invalid_field:receivingApplication',
      'invalid_field:broadcast', 'invalid_field:testDataFlag',
      // the trailer's file id is compared with the header's as read
      'file_id_mismatch:fileId',
    ])
    expect(r.diagnostics.map((d) => d.field?.index)).toEqual([1, 2, 3, 4, 7, 8, 9, 10, 11, 1])
  })

  it('mandatory items may not be empty; optional ones may', () => {
    const r = one(lf('ZHV||D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|', 'DSF|1200023305967||20211104|', DSF2, 'ZPT||2||2|20211104120000|'))
    expect(r.diagnostics.map((d) => `${d.line}:${d.code}:${d.field?.name}`)).toEqual([
      '1:invalid_field:fileId', '2:invalid_field:flag', '4:invalid_field:fileId',
    ])
  })

  it('values are never trimmed', () => {
    const r = one(lf(ZHV, 'DSF| 1200023305967|A|20211104 |', DSF2, ZPT))
    expect(r.diagnostics.map((d) => `${d.code}:${d.input}`)).toEqual(['invalid_field: 1200023305967', 'invalid_date:20211104 '])
    const kept = one(lf(ZHV, DSF1, DSF2, 'ZPT|0000000001|2| a b |2|20211104120000|'))
    expect(kept.file!.trailer.checksum).toBe(' a b ')
  })

  it('reports every problem of a file, in file order', () => {
    const s = lf('ZHV|0000000001|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER', 'DSF|1200023305968|X|20211131|', 'DSF|12|A|20211104|', 'ABC|', 'ZPT|0000000009|7||9|20211104120000|', 'junk')
    const r = one(s)
    expect(r.diagnostics.map((d) => `${d.line}:${d.code}`)).toEqual([
      '1:unterminated_item',
      '2:bad_check_digit', '2:invalid_flag', '2:invalid_date',
      '3:invalid_field',
      '4:unexpected_record',
      '5:file_id_mismatch', '5:group_count_mismatch', '5:flow_count_mismatch',
      '6:trailing_data',
    ])
    for (const d of r.diagnostics) expect(d.message.length).toBeGreaterThan(0)
  })

  it('caps the diagnostics and says how many more there were', () => {
    const n = 300
    const bad = Array.from({ length: n }, () => 'DSF|1200023305967|X|20211104|')
    const s = lf(ZHV, ...bad, `ZPT|0000000001|${n}||${n}|20211104120000|`)
    const capped = one(s, { maxDiagnostics: 10 })
    expect(capped.diagnostics).toHaveLength(11)
    expect(codesOf(capped.diagnostics.slice(0, 10))).toEqual(Array(10).fill('invalid_flag'))
    expect(capped.diagnostics[10]).toMatchObject({ code: 'too_many_diagnostics' })
    expect(capped.diagnostics[10]!.message).toMatch(/^290 more/)
    const byDefault = one(s)
    expect(byDefault.diagnostics).toHaveLength(Diagnostic.DEFAULT_MAX_DIAGNOSTICS + 1)
    const left = D0350.decode(bytes(s), { maxDiagnostics: 3 })
    expect(E.isLeft(left) && left.left.length).toBe(4)
  })
})

describe('D0350: streams', () => {
  const example = lf(ZHV, DSF1, DSF2, ZPT)

  it('decodeStream yields the header, record batches of batchSize, then the end', async () => {
    const c = await collect(D0350.decodeStream(source([bytes(example)]), { batchSize: 1 }))
    expect(c.order).toEqual(['header', 'records', 'records', 'end'])
    expect(c.batchSizes).toEqual([1, 1])
    expect(c.trailer).toEqual(D0350.inspect(bytes(example)).file!.trailer)
    expect(c.diagnostics).toEqual([])
  })

  it('decodeStream yields only the clean records and reports the rest at the end', async () => {
    const b = fixture('d0350-bad-flag-and-date.txt')
    const c = await collect(D0350.decodeStream(source([b])))
    expect(c.records).toEqual([{ mpanCore: '1200023305967', flag: 'A', effectiveFrom: '20211104' }])
    expect(c.diagnostics).toEqual(D0350.inspect(b).diagnostics)
  })

  it('decodeStream keeps memory to the batch: batches never exceed batchSize on a big file', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => ({ mpanCore: '1200023305967', flag: (['A', 'N', 'I'] as const)[i % 3]!, effectiveFrom: '20211104' }))
    const f = D0350.make({ header: { fileId: '7', toParticipant: 'LOND', createdAt: '20211104120000' }, records, completedAt: '20211104120000' })
    const c = await collect(D0350.decodeStream(source([D0350.encode(f)]), { batchSize: 700 }))
    expect(Math.max(...c.batchSizes)).toBeLessThanOrEqual(700)
    expect(c.records).toEqual(records)
  })

  it('encodeStream writes chunks of about 64 KiB with the counts computed, from an async source', async () => {
    const records = Array.from({ length: 10000 }, () => ({ mpanCore: '1200010000000', flag: 'N' as const, effectiveFrom: '20211103' }))
    const f = D0350.make({ header: { fileId: '9', toParticipant: 'LOND', createdAt: '20211104120000' }, records, completedAt: '20211104130000', eol: '\r\n' })
    const { all, sizes } = await collectBytes(D0350.encodeStream(f.header, asyncOf(records), { completedAt: '20211104130000', eol: '\r\n' }))
    expect(Buffer.from(all).equals(Buffer.from(D0350.encode(f)))).toBe(true)
    expect(sizes.length).toBeGreaterThan(3)
    for (const size of sizes.slice(0, -1)) {
      expect(size).toBeGreaterThanOrEqual(65536)
      expect(size).toBeLessThan(65536 + 64)
    }
    expect(D0350.inspect(all).file!.trailer).toMatchObject({ groupCount: 10000, flowCount: 10000 })
  })
})

describe('D0350: jsonCodec', () => {
  const f = D0350.make({
    header: { fileId: 'A12', toParticipant: 'EELC', createdAt: '20220101000000', testDataFlag: 'TR01' },
    records: [{ mpanCore: '1400000000010', flag: 'I', effectiveFrom: '20220101' }],
    completedAt: '20220101000001',
  })

  it('round-trips a file value through JSON', () => {
    const back = D0350.jsonCodec.decode(JSON.parse(JSON.stringify(f)))
    expect(back).toEqual(E.right(f))
    expect(text(D0350.encode(E.isRight(back) ? back.right : f))).toBe(text(D0350.encode(f)))
  })

  it('rejects wrong shapes, not wire rules', () => {
    expect(E.isLeft(D0350.jsonCodec.decode({ ...f, eol: '\r' }))).toBe(true)
    expect(E.isLeft(D0350.jsonCodec.decode({ ...f, trailer: { ...f.trailer, groupCount: '1' } }))).toBe(true)
    expect(E.isLeft(D0350.jsonCodec.decode({ ...f, records: [{ mpanCore: '1', flag: 'X', effectiveFrom: '' }] }))).toBe(true)
    // a bad check digit is a wire rule: the shape is fine
    expect(E.isRight(D0350.jsonCodec.decode({ ...f, records: [{ mpanCore: '1200023305968', flag: 'A', effectiveFrom: '20211104' }] }))).toBe(true)
  })
})
