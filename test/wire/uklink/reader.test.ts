import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Dxi from '../../../src/wire/uklink/Dxi'
import * as Dxr from '../../../src/wire/uklink/Dxr'
import * as ReaderProgram from '../../../src/wire/uklink/ReaderProgram'
import * as Program from '../../../src/wire/reader/Program'
import { compile, compiler } from '../../../src/wire/reader/Compile'
import { isGenerated, readerOf } from '../../../src/wire/reader/Readers'
import * as DateCache from '../../../src/wire/DateCache'
import type { ReaderChoice } from '../../../src/wire/FileCodec'
import * as Schema from '../../../src/wire/uklink/Schema'
import * as UkLink from '../../../src/wire/uklink/UkLink'
import type { DecodeOptions } from '../../../src/wire/FileCodec'
import * as arbId from '../../arbitraries/identifiers'
import * as arb from '../../arbitraries/uklink'
import { bytes } from './helpers'

/** Everything a decoder ends with, the input fed in the given chunks. */
const run = (schema: Schema.FileSchema, chunks: ReadonlyArray<Uint8Array>, reader: ReaderChoice, options: DecodeOptions) => {
  const d = new UkLink.Decoder(schema, options, reader)
  for (const c of chunks) d.push(c)
  d.end()
  return { records: d.records, header: d.header, trailer: d.trailer, diagnostics: d.diagnostics(), eol: d.eol, finalNewline: d.finalNewline }
}

const options = fc.record({ legacyFlags: fc.boolean(), checkDigits: fc.constantFrom('error' as const, 'warning' as const) })

// A layout with every field kind the compiled reader knows, mid-record constants and unequal oneOf values included.
const mixed: Schema.RecordSpec = Schema.record('X01', 'mixed test record', [
  Schema.numeric('org', 'Organisation', 10),
  Schema.text('kind', 'Kind', 3, 3, { _tag: 'letters' }),
  Schema.text('note', 'Note', 0, 12),
  Schema.text('code', 'Code', 1, 2, { _tag: 'oneOf', values: ['A', 'BB'], meanings: ['a', 'bb'] }),
  Schema.count('n', 'Count', 5),
  { ...Schema.numeric('time', 'Time', 6, { _tag: 'timeOfDay' }), minLength: 6 },
  Schema.date('day', 'Day'),
  Schema.meterPointReference,
  Schema.text('fixed', 'Fixed', 4, 4),
  Schema.dccServiceFlag,
])
const mixedSchema: Schema.FileSchema = { ...Schema.dxrSchema(), label: 'mixed', body: mixed, foreign: [] }

const chars = (alphabet: string, min: number, max: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength: min, maxLength: max })
const DIGITS = '0123456789'
/** Any digits, often with a valid value's length: shapes right, values often wrong. */
const anyDigits = (min: number, max: number) => chars(DIGITS, min, max)

/**
 * Lines from valid field values; when `loose`, one field (picked at random) takes a value of the
 * right shape but often wrong (bad check digits, unreal dates, stray commas or quotes, …), so the
 * line fails on that field alone: the fast path must refuse exactly what the checking path refuses.
 */
const linesOf = (type: string, fields: ReadonlyArray<{ readonly valid: fc.Arbitrary<string>; readonly wrong: fc.Arbitrary<string>; readonly quoted: boolean }>, loose: boolean) =>
  fc
    .tuple(fc.tuple(...fields.map((f) => f.valid)), fc.nat(fields.length - 1), fc.tuple(...fields.map((f) => f.wrong)))
    .map(([valid, which, wrong]) =>
      [`"${type}"`, ...fields.map((f, i) => (f.quoted ? `"${loose && i === which ? wrong[i] : valid[i]}"` : loose && i === which ? wrong[i] : valid[i]))].join(','))

const T = (valid: fc.Arbitrary<string>, wrong: fc.Arbitrary<string>) => ({ valid, wrong, quoted: true })
const N = (valid: fc.Arbitrary<string>, wrong: fc.Arbitrary<string>) => ({ valid, wrong, quoted: false })
const mprnField = N(arbId.mprn, anyDigits(4, 11))
const flagField = T(arbId.anyFlag, chars('ABINSWZ",', 0, 2))
const dayField = N(arbId.calendarDate, fc.oneof(anyDigits(7, 9), chars('0123"', 8, 8)))

const mixedLine = (loose: boolean) =>
  linesOf('X01', [
    N(anyDigits(1, 10), chars('0123456789"a', 0, 11)),
    T(arb.threeLetters, chars('aZ9 @[', 2, 4)),
    T(chars('ab Z-.;!#', 0, 12), chars('ab,"', 0, 14)),
    T(fc.constantFrom('A', 'BB'), fc.constantFrom('', 'B', 'AB', 'BBB', 'A,')),
    N(fc.nat(99999).map(String), fc.oneof(anyDigits(0, 7), fc.nat(9999).map((x) => `0${x}`))),
    N(arbId.timeOfDay, anyDigits(5, 7)),
    dayField,
    mprnField,
    T(chars('xy 9', 4, 4), chars('xy,', 3, 5)),
    flagField,
  ], loose)
const e45Line = fc.oneof(linesOf('E45', [mprnField, flagField, dayField], false), linesOf('E45', [mprnField, flagField, dayField], true))
const e46Fields = [T(fc.constantFrom('AC', 'RJ'), chars('ACRJ', 0, 3)), mprnField, flagField, dayField]
const e46Line = fc.oneof(linesOf('E46', e46Fields, false), linesOf('E46', e46Fields, true))

/** A file of the given body lines: header, lines, trailer counting them. */
const fileOf = (line: fc.Arbitrary<string>, fileType: string) =>
  fc
    .record({ lines: fc.array(line, { maxLength: 8 }), eol: arb.eol, finalNewline: fc.boolean() })
    .map(({ lines, eol, finalNewline }) =>
      bytes([`"A00",1,"${fileType}",20211104,120000,1`, ...lines, `"Z99",${lines.length}`].join(eol) + (finalNewline ? eol : '')))
const mixedFile = fileOf(mixedLine(false), 'ABC')

const kinds = [
  { name: 'DXI', schema: Dxi.codec.schema, valid: arb.dxiFile(true, 8).map((f) => Dxi.encode(f)), loose: fileOf(e45Line, 'DXI') },
  { name: 'E46 response', schema: Dxr.codec.schema, valid: arb.dxrFile(true, 8).map((f) => Dxr.encode(f)), loose: fileOf(e46Line, 'DXR') },
  { name: 'a layout of every field kind', schema: mixedSchema, valid: mixedFile, loose: fileOf(fc.oneof(mixedLine(false), mixedLine(true)), 'ABC') },
] as const

/** A reader's arguments around the bytes: no DTC nesting, a fresh date cache. */
const call = (read: Program.BodyReader, s: string, at: number, crlf: boolean, legacy: boolean, out: unknown[], cache = DateCache.emptyDateCache()) =>
  read(bytes(s), s, at, s.length, Number.POSITIVE_INFINITY, crlf, legacy, out, Program.emptyCounts(), [], [], () => null, [], cache.keys, cache.values)

describe('UK Link body readers', () => {
  it('E45 and E46 have generated readers; the layout of every field kind has none', () => {
    expect(isGenerated(ReaderProgram.programOf(Schema.E45)!)).toBe(true)
    expect(isGenerated(ReaderProgram.programOf(Schema.E46)!)).toBe(true)
    expect(isGenerated(ReaderProgram.programOf(mixed)!)).toBe(false)
  })

  for (const k of kinds) {
    // DXI and E46 take their generated readers by default; the mixed layout needs compiling
    const reader: ReaderChoice = k.schema === mixedSchema ? compiler : 'default'
    fcTest.prop([fc.oneof(k.valid, k.loose, arb.mutated(k.valid), arb.mutated(k.loose)), arb.cuts, options], { numRuns: 300 })(
      `${k.name}: on damaged bytes and wrong values in any chunking, the reader gives what the detailed path gives on the whole buffer`,
      (b, cuts, o) => {
        expect(run(k.schema, arb.split(b, cuts), reader, o)).toEqual(run(k.schema, [b], 'detailed', o))
      },
    )
  }

  fcTest.prop([mixedFile])('a layout of every field kind decodes its valid files cleanly, and every body line through the reader', (b) => {
    const read = compile(ReaderProgram.programOf(mixed)!)
    expect(read).not.toBeNull()
    const r = run(mixedSchema, [b], compiler, { legacyFlags: true })
    expect(r.diagnostics).toEqual([])
    // the reader alone takes every body line: from just past the header to the trailer
    const s = Buffer.from(b).toString('latin1')
    const from = s.indexOf('\n') + 1
    const out: unknown[] = []
    const to = call(read!, s, from, r.eol === '\r\n', true, out)
    expect(to).toBe(s.indexOf('"Z99"'))
    expect(out).toEqual(r.records)
  })

  it('reads clean records and stops, consuming nothing more, at the first it cannot take', () => {
    const read = readerOf(ReaderProgram.programOf(Schema.E45))!
    const good = '"E45",3938424403,"A",20211104\n"E45",123456707,"N",20240229\n'
    for (const bad of ['"E45",3938424404,"A",20211104\n', '"E45",3938424403,"S",20211104\n', '"E45",3938424403,"A",20230229\n',
      '"E45",3938424403,"A",20211104\r\n', '"E45",3938424403,A,20211104\n', '"E45",3938424403,"A",20211104', '"Z99",2\n']) {
      const s = good + bad
      const out: unknown[] = []
      expect(call(read, s, 0, false, false, out)).toBe(good.length)
      expect(out).toEqual([
        { mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' },
        { mprn: '123456707', flag: 'N', effectiveFrom: '20240229' },
      ])
    }
  })

  it('takes legacy flags only when told', () => {
    const read = readerOf(ReaderProgram.programOf(Schema.E46))!
    const s = '"E46","RJ",7300000101,"W",20211104\r\n'
    expect(call(read, s, 0, true, false, [])).toBe(0)
    const out: unknown[] = []
    expect(call(read, s, 0, true, true, out)).toBe(s.length)
    expect(out).toEqual([{ outcome: 'RJ', mprn: '7300000101', flag: 'W', effectiveFrom: '20211104' }])
  })

  it('leaves layouts with a field kind it does not know to the detailed path', () => {
    const odd = Schema.record('X02', 'odd', [{ ...Schema.numeric('x', 'X', 3), refinement: { _tag: 'flag' } }])
    expect(ReaderProgram.programOf(odd)).toBeNull()
    expect(readerOf(ReaderProgram.programOf(odd), compiler)).toBeNull()
  })

  fcTest.prop([arb.dxrRecord(true)])('the line writer writes each field in order, text quoted', (r) => {
    expect(UkLink.lineWriter(Schema.E46)(r as unknown as Record<string, string>)).toBe(`"E46","${r.outcome}",${r.mprn},"${r.flag}",${r.effectiveFrom}`)
  })

  fcTest.prop([fc.integer({ min: 0, max: 9 }), fc.boolean()])('the line writer of any number of fields, text or numeric', (n, text) => {
    const fields = Array.from({ length: n }, (_, i) => (text ? Schema.text(`f${i}`, `F${i}`, 0, 9) : Schema.numeric(`f${i}`, `F${i}`, 9)))
    const v = Object.fromEntries(fields.map((f, i) => [f.name, String(i)]))
    expect(UkLink.lineWriter(Schema.record('X03', 'x', fields))(v)).toBe(['"X03"', ...fields.map((_, i) => (text ? `"${i}"` : String(i)))].join(','))
  })
})
