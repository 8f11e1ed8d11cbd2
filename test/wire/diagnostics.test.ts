// Diagnostics as zod gives them: every one says what was expected and what was found, `found` cut to
// a bounded length (a 5 MB field must not make a 5 MB diagnostic); and a stream decoder can hand them
// on as it finds them, in file order, memory bounded even when every line is bad.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Diagnostic from '../../src/wire/Diagnostic'
import * as FileEngine from '../../src/wire/FileEngine'
import * as Lines from '../../src/wire/Lines'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as Dxr from '../../src/wire/uklink/Dxr'
import type { FileCodec } from '../../src/wire/FileCodec'
import * as arbDtc from '../arbitraries/dtc'
import * as arbUk from '../arbitraries/uklink'

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'))

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any kind
const codecs: ReadonlyArray<readonly [string, FileCodec<any, any, any>, fc.Arbitrary<Uint8Array>]> = [
  ['D0350', D0350.codec, arbDtc.d0350File({ legacyFlags: true, maxRecords: 6 }).map((f) => D0350.encode(f))],
  ['DXI', Dxi.codec, arbUk.dxiFile(true, 6).map((f) => Dxi.encode(f))],
  ['E46', Dxr.codec, arbUk.dxrFile(true, 6).map((f) => Dxr.encode(f))],
]

async function* chunks(b: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size)
}

describe('expected and found', () => {
  for (const [name, codec, valid] of codecs) {
    const damaged = valid.chain((b) => fc.oneof(arbDtc.mutate(b), arbUk.mutated(fc.constant(b))))
    fcTest.prop([damaged, fc.boolean()])(`${name}: every diagnostic says what was expected and what was found, both bounded`, (b, legacyFlags) => {
      for (const d of codec.inspect(b, { legacyFlags, maxDiagnostics: 1000 }).diagnostics) {
        expect(d.expected.length, `${d.code} ${d.message}`).toBeGreaterThan(0)
        expect(typeof d.found).toBe('string')
        expect(d.found.length).toBeLessThanOrEqual(Diagnostic.MAX_FOUND + 1)
        expect(d.input).toBe(d.found)
      }
    })
  }

  it('a 5 MB field makes a small diagnostic: found and message cut', () => {
    const huge = 'A'.repeat(5_000_000)
    const r = D0350.inspect(bytes(`ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||${huge}|\nZPT|1|0||0|20211104120000|\n`))
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid_field'])
    const d = r.diagnostics[0]!
    expect(d).toMatchObject({ expected: '1–4 of [A-Z0-9]', found: 'A'.repeat(Diagnostic.MAX_FOUND) + '\u2026' })
    expect(d.message.length).toBeLessThan(400)
    const x = Dxi.inspect(bytes(`"A00",1234567890,"DXI",20211104,120000,1\n"E45",3938424403,"${huge}",20211104\n"Z99",1\n`))
    expect(x.diagnostics.map((e) => [e.code, e.found.length, e.message.length < 400])).toEqual([['invalid_flag', Diagnostic.MAX_FOUND + 1, true]])
  })

  it('names the rule: check digits, flags, dates, counts out of range', () => {
    const one = (s: string) => D0350.inspect(bytes(s)).diagnostics.map((d) => [d.code, d.expected, d.found])
    const zhv = 'ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|'
    expect(one(`${zhv}\nDSF|1200023305968|A|20211104|\nZPT|1|1||1|20211104120000|\n`)).toEqual([['bad_check_digit', 'check digit 7', '1200023305968']])
    expect(one(`${zhv}\nDSF|1200023305967|S|20240230|\nZPT|1|1||1|20211104120000|\n`)).toEqual([
      ['invalid_flag', 'A, N or I', 'S'], ['invalid_date', 'a real date YYYYMMDD', '20240230']])
    const huge = D0350.inspect(bytes(`${zhv}\nZPT|1|99999999999999999999||0|20211104120000|\n`)).diagnostics
    expect(huge.map((d) => d.code)).toEqual(['invalid_field'])
    expect(huge[0]!.message).toMatch(/out of range/)
    expect(huge[0]!.message).not.toMatch(/leading zeros/)
  })

  it('prints the byte offset, and as JSON the fields `validate --json` prints', () => {
    const text = 'ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nDSF|1200023305967|X|20211104|\nZPT|1|1||1|20211104120000|\n'
    const d = D0350.inspect(bytes(text)).diagnostics[0]!
    const at = text.indexOf('|X|') + 1
    expect(Diagnostic.format(d)).toBe(`2:flag invalid_flag DSF DCC Service Flag "X" is not A, N or I (byte ${at})`)
    expect(Diagnostic.toJson(d)).toEqual({
      line: 2, field: 'flag', fieldIndex: 2, byteOffset: at, code: 'invalid_flag', severity: 'error', expected: 'A, N or I', found: 'X', message: d.message,
    })
  })
})

describe('diagnostics streamed as found', () => {
  for (const [name, codec, valid] of codecs) {
    const damaged = valid.chain((b) => fc.oneof(fc.constant(b), arbDtc.mutate(b), arbUk.mutated(fc.constant(b))))
    fcTest.prop([damaged, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 })])(
      `${name}: in any chunking and batch size, they are inspect's, in the same order`,
      async (b, chunk, batchSize, max) => {
        const got = await FileEngine.collect(codec.decodeStream(chunks(b, chunk), { streamDiagnostics: true, batchSize, maxDiagnostics: max }))
        expect(got).toEqual(codec.inspect(b, { maxDiagnostics: max }))
      },
    )
  }

  it('every line bad, no cap: all reported, a batch at a time (memory bounded by the batch)', async () => {
    const n = 20_000
    const body = Array.from({ length: n }, () => 'DSF|1200023305968|X|20240230|').join('\n')
    const b = bytes(`ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\n${body}\nZPT|1|${n}||${n}|20211104120000|\n`)
    let seen = 0
    let largest = 0
    let items = 0
    for await (const item of D0350.decodeStream(chunks(b, 65536), { streamDiagnostics: true, maxDiagnostics: Number.POSITIVE_INFINITY, batchSize: 500 })) {
      if (item.type === 'diagnostics') {
        items++
        seen += item.diagnostics.length
        largest = Math.max(largest, item.diagnostics.length)
      } else if (item.type === 'end') expect(item.diagnostics).toEqual([])
    }
    expect(seen).toBe(3 * n)
    // a line adds up to three diagnostics past the limit
    expect(largest).toBeLessThanOrEqual(500 + 3)
    expect(items).toBeGreaterThanOrEqual((3 * n) / 503)
  })
})

describe('lines too long to hold', () => {
  const long = 'DSF|' + '1'.repeat(Lines.MAX_LINE_BYTES) + '|'
  const zhv = 'ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|'
  const file = bytes(`${zhv}\nDSF|1200023305967|A|20211104|\n${long}\nDSF|1200010000000|N|20211103|\nZPT|1|3||2|20211104120000|\n`)

  it('are reported line_too_long at their offset, not held, and keep their place in the group count (not as a flow)', async () => {
    const r = D0350.inspect(file)
    expect(r.diagnostics.map((d) => [d.code, d.line, d.byteOffset])).toEqual([['line_too_long', 3, zhv.length + 1 + 30]])
    expect(r.diagnostics[0]!.found).toBe(long.slice(0, 200))
    // the same in any chunking
    for (const size of [1 << 20, 3 << 20, (16 << 20) + 5]) {
      expect(await FileEngine.collect(D0350.decodeStream(chunks(file, size)))).toEqual({ file: null, diagnostics: r.diagnostics })
    }
  })

  it('a file of one endless line: line_too_long, no header, no trailer; a UK Link file alike', () => {
    const endless = bytes('x'.repeat(Lines.MAX_LINE_BYTES + 10))
    expect(D0350.inspect(endless).diagnostics.map((d) => d.code)).toEqual(['line_too_long', 'missing_header', 'missing_trailer'])
    expect(Dxi.inspect(endless).diagnostics.map((d) => d.code)).toEqual(['line_too_long', 'missing_header', 'missing_trailer'])
    const dxi = bytes(`"A00",1234567890,"DXI",20211104,120000,1\n"E45",${'1'.repeat(Lines.MAX_LINE_BYTES)}\n"E45",3938424403,"A",20211104\n"Z99",2\n`)
    expect(Dxi.inspect(dxi).diagnostics.map((d) => [d.code, d.line])).toEqual([['line_too_long', 2]])
  })
})
