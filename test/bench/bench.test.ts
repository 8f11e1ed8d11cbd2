// The bench harness works and measures real work (its two slow tests, every measure run and the
// interleaving of short cases, are in test/slow/bench.test.ts): timing helpers, results shape, the codec measures on
// tiny inputs, the bench's decoders giving the library's results, and the DTC fast path agreeing with
// the detailed path it skips.
import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Lib from '../../bench/lib'
import * as Codecs from '../../bench/measures/codecs'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dtc from '../../src/wire/dtc/Dtc'
import * as Dxi from '../../src/wire/uklink/Dxi'
import { pieces } from '../../src/wire/Lines'
import * as arbDtc from '../arbitraries/dtc'

describe('timing helpers', () => {
  it('median of odd, even and empty lists', () => {
    expect(Lib.median([5, 1, 3])).toBe(3)
    expect(Lib.median([4, 1, 3, 2])).toBe(2.5)
    expect(Lib.median([7])).toBe(7)
    expect(Number.isNaN(Lib.median([]))).toBe(true)
  })

  fcTest.prop([fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 })])('median splits the list in halves', (xs) => {
    const m = Lib.median(xs)
    expect(xs.filter((x) => x < m).length).toBeLessThanOrEqual(xs.length / 2)
    expect(xs.filter((x) => x > m).length).toBeLessThanOrEqual(xs.length / 2)
  })

  it('sideBySide awaits async cases', async () => {
    const ns = await Lib.sideBySide({ wait: () => new Promise((r) => setTimeout(r, 5)) }, { runs: 1, warmup: 0 })
    expect(ns.wait).toBeGreaterThanOrEqual(4e6)
  })

  it('mbPerSecond', () => {
    expect(Lib.mbPerSecond(50_000_000, 1e9)).toBe(50)
    expect(Lib.mbPerSecond(1_000_000, 5e8)).toBe(2)
  })

  it('random is seeded', () => {
    const a = Lib.random(7)
    const b = Lib.random(7)
    const xs = [a(), a(), a()]
    expect([b(), b(), b()]).toEqual(xs)
    expect(new Set(xs).size).toBe(3)
  })
})

describe('results', () => {
  const measure: Lib.Measure = { name: 'm', unit: 'MB/s', goals: [{ peer: 'p', atLeast: 3 }, { peer: 'q', atLeast: 0.5 }], run: async () => ({ ours: 0, peers: {} }) }

  it('entry: ratios ours/peer and goals checked', () => {
    const e = Lib.entry(measure, { ours: 6, peers: { p: 3, q: 4 } })
    expect(e).toMatchObject({ name: 'm', unit: 'MB/s', ours: 6, peers: { p: 3, q: 4 }, ratios: { p: 2, q: 1.5 } })
    expect(e.goals.map((g) => [g.peer, g.met])).toEqual([['p', false], ['q', true]])
  })

  it('results.json shape and the markdown section', () => {
    const results: Lib.Results = { mode: 'quick', machine: Lib.machine(), entries: [Lib.entry(measure, { ours: 6, peers: { p: 1, q: 4 } })] }
    const json = JSON.parse(JSON.stringify(results)) as Lib.Results
    expect(json.entries[0]).toEqual({
      name: 'm', unit: 'MB/s', ours: 6, peers: { p: 1, q: 4 }, ratios: { p: 6, q: 1.5 },
      goals: [{ peer: 'p', atLeast: 3, ratio: 6, met: true }, { peer: 'q', atLeast: 0.5, ratio: 1.5, met: true }],
    })
    expect(json.machine.cores).toBeGreaterThan(0)
    expect(json.machine.commit).toMatch(/^([0-9a-f]{40}(\+dirty)?|unknown)$/)
    const md = Lib.runSection(results, 'a note')
    expect(md).toContain('goals met: 2 of 2')
    expect(md).toContain('a note')
    expect(md).toContain('✓ ≥ 3×')
  })
})

describe('codec measures', () => {
  const tiny: Lib.Context = Lib.context({ quick: true, runs: 1, warmup: 0, bytes: 3000, log: () => undefined })

  it('inputs are valid files of about the asked size, the same for the same seed', () => {
    const d = D0350.encode(Codecs.d0350File(30_000))
    const x = Dxi.encode(Codecs.dxiFile(30_000))
    expect(E.isRight(D0350.decode(d))).toBe(true)
    expect(E.isRight(Dxi.decode(x))).toBe(true)
    expect(Math.abs(d.length - 30_000)).toBeLessThan(200)
    expect(Math.abs(x.length - 30_000)).toBeLessThan(200)
    expect(D0350.encode(Codecs.d0350File(30_000))).toEqual(d)
  })

  it("the bench's decoders give the library's results, and the peers read every line", async () => {
    const file = Codecs.d0350File(3000)
    const bytes = D0350.encode(file)
    const cases = Codecs.decodeCases('d0350', bytes)
    expect(cases.ours!()).toEqual(E.right(file))
    const lines = file.records.length + 2
    expect(Codecs.lineScan(bytes)).toBe(lines)
    expect(cases.split!()).toHaveLength(lines)
    expect((cases.papaparse!() as string[][])[1]).toEqual(['DSF', file.records[0]!.mpanCore, file.records[0]!.flag, file.records[0]!.effectiveFrom, ''])
    expect(await Codecs.streamCases('d0350', bytes).ours!()).toBe(file.records.length)

    const dxi = Codecs.dxiFile(3000)
    const dxiBytes = Dxi.encode(dxi)
    expect(Codecs.decodeCases('dxi', dxiBytes).ours!()).toEqual(E.right(dxi))
    expect(await Codecs.streamCases('dxi', dxiBytes).ours!()).toBe(dxi.records.length)
    expect((Codecs.decodeCases('dxi', dxiBytes).papaparse!() as string[][])[1]).toEqual(['E45', dxi.records[0]!.mprn, dxi.records[0]!.flag, dxi.records[0]!.effectiveFrom])
  })

  it('the naive encoders write the same bytes as the library', () => {
    const d = Codecs.d0350File(3000)
    const x = Codecs.dxiFile(3000)
    expect(new Uint8Array(Codecs.encodeCases({ kind: 'd0350', file: d }).join!() as Uint8Array)).toEqual(D0350.encode(d))
    expect(new Uint8Array(Codecs.joinD0350(d))).toEqual(D0350.encode(d))
    expect(new Uint8Array(Codecs.joinDxi(x))).toEqual(Dxi.encode(x))
  })
})

describe('pieces', () => {
  fcTest.prop([fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), fc.integer({ min: 1, max: 50 })])(
    'regroups chunks into pieces of the size (the last shorter), bytes unchanged',
    async (chunks, size) => {
      async function* src() {
        for (const c of chunks) yield c
      }
      const out: Uint8Array[] = []
      for await (const p of pieces(src(), size)) out.push(p)
      const all = Uint8Array.from(chunks.flatMap((c) => [...c]))
      expect(Uint8Array.from(out.flatMap((p) => [...p]))).toEqual(all)
      out.forEach((p, i) => {
        if (i < out.length - 1) expect(p.length).toBe(size)
        else expect(p.length).toBeGreaterThan(0)
      })
    },
  )
})

describe('DTC generated reader', () => {
  const detailed = (bytes: Uint8Array, fastPath: boolean, legacyFlags: boolean, chunk: number) => {
    const d = new Dtc.Decoder(D0350.layout, Dtc.genericMapping, { legacyFlags }, fastPath ? 'default' : 'detailed')
    for (let i = 0; i < bytes.length; i += chunk) d.push(bytes.subarray(i, i + chunk))
    d.end()
    return { records: d.records, header: d.header, trailer: d.trailer, diagnostics: d.diagnostics(), eol: d.eol, finalNewline: d.finalNewline }
  }

  // lines of valid records, damaged one byte at a time, with other lines mixed in
  const damaged = fc
    .record({ file: arbDtc.d0350File({ legacyFlags: true, maxRecords: 8 }), edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }) })
    .map(({ file, edits }) => {
      const b = D0350.encode(file).slice()
      for (const [at, byte] of edits) if (b.length > 0) b[at % b.length] = byte
      return b
    })

  fcTest.prop([damaged, fc.boolean(), fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 4096 }))])('gives what the detailed path gives, on any bytes and chunking', (bytes, legacyFlags, chunk) => {
    expect(detailed(bytes, true, legacyFlags, chunk)).toEqual(detailed(bytes, false, legacyFlags, chunk))
  })

  it('takes clean records and leaves bad ones to the detailed path', () => {
    const text = 'ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\r\nDSF|1200023305967|A|20211104|\r\nDSF|1200023305968|A|20211104|\r\nDSF|1200010000000|S|20230229|\r\nZPT|1|3||3|20211104120000|\r\n'
    const bytes = new TextEncoder().encode(text)
    const fast = detailed(bytes, true, false, bytes.length)
    expect(fast).toEqual(detailed(bytes, false, false, bytes.length))
    expect(fast.diagnostics.map((d) => d.code)).toEqual(['bad_check_digit', 'invalid_flag', 'invalid_date'])
  })
})
