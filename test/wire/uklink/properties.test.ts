import { describe, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Diagnostic from '../../../src/wire/Diagnostic'
import * as Dxi from '../../../src/wire/uklink/Dxi'
import * as Dxr from '../../../src/wire/uklink/Dxr'
import * as UkLink from '../../../src/wire/uklink/UkLink'
import * as arb from '../../arbitraries/uklink'
import { collectBytes, inspectChunks, text } from './helpers'

const kinds = [
  { name: 'DXI', codec: Dxi.codec, file: arb.dxiFile, make: Dxi.make },
  { name: 'E46 response', codec: Dxr.codec, file: arb.dxrFile, make: Dxr.make },
] as const

const known = new Set<string>(Diagnostic.codes)

const checkDiagnostics = (input: Uint8Array, ds: ReadonlyArray<Diagnostic.Diagnostic>) => {
  for (const d of ds) {
    expect(known.has(d.code)).toBe(true)
    expect(d.line).toBeGreaterThanOrEqual(1)
    expect(d.byteOffset).toBeGreaterThanOrEqual(0)
    expect(d.byteOffset).toBeLessThanOrEqual(input.length)
    expect(typeof d.message).toBe('string')
    expect(d.message.length).toBeGreaterThan(0)
    if (d.field !== null) expect(d.field.index).toBeGreaterThanOrEqual(1)
  }
}

for (const k of kinds) {
  const codec = k.codec as typeof Dxi.codec
  const file = k.file as typeof arb.dxiFile
  const validBytes = file().map((f) => codec.encode(f))

  describe(`${k.name}: byte-exact laws`, () => {
    fcTest.prop([file()])('faithful: decode(encode(f)) equals f (LF/CRLF, with and without final newline)', (f) => {
      expect(codec.decode(codec.encode(f))).toEqual(E.right(f))
    })

    fcTest.prop([file(true)])('faithful with legacy flags when the option is on', (f) => {
      expect(codec.decode(codec.encode(f), { legacyFlags: true })).toEqual(E.right(f))
    })

    fcTest.prop([file()])('the record count is the number of body records and every line ends as the file says', (f) => {
      const s = text(codec.encode(f))
      const lines = s.split(f.eol)
      expect(f.trailer.recordCount).toBe(f.records.length)
      expect(lines.length).toBe(f.records.length + 2 + (f.finalNewline ? 1 : 0))
      expect(s.endsWith(f.eol)).toBe(f.finalNewline)
    })

    fcTest.prop([fc.oneof(validBytes, arb.mutated(validBytes))], { numRuns: 300 })('lossless: encode(decode(b)) === b for every accepted b', (b) => {
      const r = codec.decode(b)
      if (E.isRight(r)) {
        expect(text(codec.encode(r.right))).toBe(text(b))
      } else {
        expect(r.left.length).toBeGreaterThan(0)
      }
    })

    fcTest.prop([fc.uint8Array({ maxLength: 300 })])('total: inspect never throws on arbitrary bytes; diagnostics are well formed', (b) => {
      const r = codec.inspect(b)
      checkDiagnostics(b, r.diagnostics)
      expect(r.file === null).toBe(Diagnostic.hasErrors(r.diagnostics))
    })

    fcTest.prop([arb.mutated(validBytes)], { numRuns: 300 })('total: mutated valid files give well-formed diagnostics', (b) => {
      const r = codec.inspect(b)
      checkDiagnostics(b, r.diagnostics)
      expect(r.file === null).toBe(Diagnostic.hasErrors(r.diagnostics))
    })

    fcTest.prop([fc.oneof(validBytes, arb.mutated(validBytes), fc.uint8Array({ maxLength: 200 })), arb.cuts, fc.integer({ min: 1, max: 7 })])(
      'chunk-blind: decodeStream over random chunkings equals inspect of the whole buffer',
      async (b, cuts, batchSize) => {
        const streamed = await inspectChunks(codec, arb.split(b, cuts), { batchSize })
        expect(streamed).toEqual(codec.inspect(b))
      },
    )

    fcTest.prop([fc.oneof(validBytes, arb.mutated(validBytes))], { numRuns: 50 })('chunk-blind: 1-byte chunks', async (b) => {
      const chunks = Array.from(b, (_, i) => b.subarray(i, i + 1))
      expect(await inspectChunks(codec, chunks, { batchSize: 2 })).toEqual(codec.inspect(b))
    })

    fcTest.prop([file().map((f) => codec.encode({ ...f, eol: '\r\n' }))], { numRuns: 50 })('chunk-blind: chunks split between CR and LF', async (b) => {
      const cuts: number[] = []
      for (let i = 0; i < b.length; i++) if (b[i] === 13) cuts.push(i + 1)
      expect(cuts.length).toBeGreaterThan(0)
      expect(await inspectChunks(codec, arb.split(b, cuts))).toEqual(codec.inspect(b))
    })

    fcTest.prop([fc.oneof(arb.mutated(validBytes), validBytes), arb.cuts, fc.integer({ min: 1, max: 5 })], { numRuns: 100 })(
      'chunk-blind under a small diagnostics cap',
      async (b, cuts, max) => {
        const streamed = await inspectChunks(codec, arb.split(b, cuts), { maxDiagnostics: max, batchSize: 3 })
        expect(streamed).toEqual(codec.inspect(b, { maxDiagnostics: max }))
      },
    )

    fcTest.prop([file(), fc.boolean()])('encodeStream bytes equal encode bytes (sync and async record sources)', async (f, asAsync) => {
      async function* records() {
        for (const r of f.records) yield r
      }
      const streamed = await collectBytes(codec.encodeStream(f.header, asAsync ? records() : f.records, { eol: f.eol, finalNewline: f.finalNewline }))
      expect(text(streamed)).toBe(text(codec.encode(f)))
    })

    fcTest.prop([file(false, 3000)], { numRuns: 5 })('encodeStream cuts big files into ~64 KiB chunks', async (f) => {
      const sizes: number[] = []
      for await (const c of codec.encodeStream(f.header, f.records)) sizes.push(c.length)
      for (const s of sizes.slice(0, -1)) {
        expect(s).toBeGreaterThanOrEqual(64 * 1024)
        expect(s).toBeLessThan(64 * 1024 + 200)
      }
    })

    fcTest.prop([file(), fc.integer({ min: 1, max: 4 })])('decodeStream yields the header first and batches of at most batchSize', async (f, batchSize) => {
      const b = codec.encode(f)
      const items = []
      for await (const item of codec.decodeStream((async function* () { yield b })(), { batchSize })) items.push(item)
      expect(items[0]?.type).toBe('header')
      expect(items.at(-1)?.type).toBe('end')
      const batches = items.filter((i) => i.type === 'records')
      for (const batch of batches) {
        if (batch.type !== 'records') continue
        expect(batch.records.length).toBeGreaterThan(0)
        expect(batch.records.length).toBeLessThanOrEqual(batchSize)
      }
      expect(batches.length).toBe(Math.ceil(f.records.length / batchSize))
    })

    fcTest.prop([file()])('jsonCodec accepts the JSON of every decoded file and gives it back', (f) => {
      const json: unknown = JSON.parse(JSON.stringify(f))
      const back = (k.codec.kind === 'dxi' ? Dxi.jsonCodec : Dxr.jsonCodec).decode(json)
      expect(back).toEqual(E.right(f))
    })
  })
}

describe('generated readers', () => {
  const run = (codec: typeof Dxi.codec, b: Uint8Array, fast: boolean, options: Parameters<typeof Dxi.inspect>[1]) => {
    const d = new UkLink.Decoder(codec.schema, options, fast ? 'default' : 'detailed')
    d.push(b)
    d.end()
    return { records: d.records, header: d.header, trailer: d.trailer, diagnostics: d.diagnostics() }
  }
  for (const k of kinds) {
    const codec = k.codec as typeof Dxi.codec
    const validBytes = (k.file as typeof arb.dxiFile)(true).map((f) => codec.encode(f))
    fcTest.prop([fc.oneof(validBytes, arb.mutated(validBytes)), fc.boolean(), fc.boolean()], { numRuns: 300 })(
      `${k.name}: the generated reader gives what the detailed path gives`,
      (b, legacyFlags, warn) => {
        const options = { legacyFlags, checkDigits: warn ? ('warning' as const) : ('error' as const) }
        expect(run(codec, b, true, options)).toEqual(run(codec, b, false, options))
      },
    )
  }
})
