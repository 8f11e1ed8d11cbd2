import { describe, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as D0350 from '../../../src/wire/dtc/D0350'
import * as Diagnostic from '../../../src/wire/Diagnostic'
import * as arb from '../../arbitraries/dtc'
import { collect, collectBytes, source, asyncOf, text } from './helpers'

const known = new Set<string>(Diagnostic.codes)

const expectWellFormed = (ds: ReadonlyArray<Diagnostic.Diagnostic>, length: number): void => {
  for (const d of ds) {
    expect(known.has(d.code)).toBe(true)
    expect(d.line).toBeGreaterThanOrEqual(1)
    expect(Number.isInteger(d.line)).toBe(true)
    expect(d.byteOffset).toBeGreaterThanOrEqual(0)
    expect(d.byteOffset).toBeLessThanOrEqual(length)
    expect(d.message.length).toBeGreaterThan(0)
    if (d.field !== null) {
      expect(d.field.index).toBeGreaterThanOrEqual(1)
      expect(d.field.name.length).toBeGreaterThan(0)
    }
  }
}

// valid files, and the same files after random damage
const validBytes = arb.d0350File().map((f) => D0350.encode(f))
const damagedBytes = validBytes.chain(arb.mutate)
const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.array(fc.constantFrom(...'ZHVDSPT|0123456789AN\r\n'), { maxLength: 200 }).map((cs) => Uint8Array.from(cs.join(''), (c) => c.charCodeAt(0))),
)

describe('D0350 laws (docs/formats.md "byte-exact")', () => {
  fcTest.prop([arb.d0350File()])('faithful: decode(encode(f)) equals f (LF/CRLF, with and without final newline)', (f) => {
    expect(D0350.decode(D0350.encode(f))).toEqual(E.right(f))
  })

  fcTest.prop([arb.d0350File({ legacyFlags: true })])('faithful with legacy flags when the option is on', (f) => {
    expect(D0350.decode(D0350.encode(f), { legacyFlags: true })).toEqual(E.right(f))
  })

  fcTest.prop([fc.oneof(validBytes, damagedBytes)])('lossless: encode(decode(b)) === b for every accepted b', (b) => {
    const r = D0350.inspect(b, { legacyFlags: true, checkDigits: 'warning' })
    if (r.file !== null) expect(text(D0350.encode(r.file))).toBe(text(b))
    else expect(Diagnostic.hasErrors(r.diagnostics)).toBe(true)
  })

  fcTest.prop([fc.oneof(anyBytes, damagedBytes)])('total: inspect never throws; every diagnostic is well formed', (b) => {
    const r = D0350.inspect(b)
    expectWellFormed(r.diagnostics, b.length)
    // the file is there exactly when no diagnostic is an error
    expect(r.file === null).toBe(Diagnostic.hasErrors(r.diagnostics))
    expect(E.isRight(D0350.decode(b))).toBe(r.file !== null)
  })

  fcTest.prop([
    fc.oneof(validBytes, damagedBytes).chain((b) => fc.tuple(fc.constant(b), arb.chunking(b))),
    fc.integer({ min: 1, max: 4 }),
    fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  ])('chunk-blind: decodeStream over any chunking equals inspect of the whole buffer', async ([b, chunks], batchSize, maxDiagnostics) => {
    const options = { batchSize, maxDiagnostics }
    const whole = D0350.inspect(b, options)
    const streamed = await collect(D0350.decodeStream(source(chunks), options))
    const oneChunk = await collect(D0350.decodeStream(source([b]), options))
    expect(streamed.diagnostics).toEqual(whole.diagnostics)
    expect(streamed.header).toEqual(oneChunk.header)
    expect(streamed.records).toEqual(oneChunk.records)
    expect(streamed.trailer).toEqual(oneChunk.trailer)
    expect(streamed.eol).toEqual(oneChunk.eol)
    expect(streamed.finalNewline).toEqual(oneChunk.finalNewline)
    for (const n of streamed.batchSizes) expect(n).toBeLessThanOrEqual(batchSize)
    if (whole.file !== null) {
      expect(streamed.header).toEqual(whole.file.header)
      expect(streamed.records).toEqual(whole.file.records)
      expect(streamed.trailer).toEqual(whole.file.trailer)
      expect(streamed.eol).toBe(whole.file.eol)
      expect(streamed.finalNewline).toBe(whole.file.finalNewline)
    }
  })

  fcTest.prop([arb.d0350File(), fc.boolean()])('encodeStream bytes equal encode bytes (sync or async records)', async (f, viaAsync) => {
    const info = { completedAt: f.trailer.completedAt, checksum: f.trailer.checksum, eol: f.eol, finalNewline: f.finalNewline }
    const { all } = await collectBytes(D0350.encodeStream(f.header, viaAsync ? asyncOf(f.records) : f.records, info))
    expect(text(all)).toBe(text(D0350.encode(f)))
  })
})
