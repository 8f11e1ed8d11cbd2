// The runnable examples: each `main` is called in-process and its output checked against the sample
// data's manifest and the codecs; one runs as a user would, through scripts/run-ts.mjs.
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as decodeAndValidate from '../../examples/decode-and-validate'
import * as replayAndEmit from '../../examples/replay-and-emit'
import * as reconcileExtract from '../../examples/reconcile-extract'
import * as comparePolicies from '../../examples/compare-policies'

const ROOT = path.resolve(__dirname, '../..')
const WIRE = path.join(ROOT, 'test/fixtures/wire')
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/data/manifest.json'), 'utf8')) as {
  summary: { meterPoints: number }
  registryPlanted: Array<{ kind: string }>
}
const quiet = (): void => {}

let work: string
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = fs.mkdtempSync(path.join(ROOT, '.tmp', 'examples-'))
})

describe('examples/decode-and-validate.ts', () => {
  it('without a file: the clean sample is valid, the broken one reports bad_check_digit on its line and field', async () => {
    const { checked, lines } = await decodeAndValidate.main([], quiet)
    expect(checked.map((c) => [c.kind, c.valid, c.records])).toEqual([['d0350', true, 1], ['d0350', false, 0]])
    expect(checked[1]!.diagnostics.some((d) => /^2:mpanCore bad_check_digit /.test(d))).toBe(true)
    expect(lines[0]).toBe('sample.d0350: d0350, valid, 1 record')
  })

  it('with files: kind, validity and diagnostic codes of every wire fixture, as its index says', async () => {
    const index = JSON.parse(fs.readFileSync(path.join(WIRE, 'index.json'), 'utf8')) as Array<{ file: string; kind: string; valid: boolean; codes: string[] }>
    const { checked } = await decodeAndValidate.main(index.map((x) => path.join(WIRE, x.file)), quiet)
    index.forEach((x, i) => {
      const c = checked[i]!
      expect([c.kind, c.valid]).toEqual([x.kind, x.valid])
      const codes = new Set(c.diagnostics.map((d) => d.split(' ')[1]))
      for (const code of x.codes) expect(codes).toContain(code)
    })
  })
})

describe('examples/replay-and-emit.ts', () => {
  it("replays the first day, lists that day's changes and writes files that carry each changed meter point's last flag", async () => {
    const out = path.join(work, 'emit')
    const r = await replayAndEmit.main([out], quiet)
    expect(r.day).toBe('20240301')
    expect(r.changes.length).toBeGreaterThan(0)
    for (const c of r.changes) expect(c.effectiveFrom).toBe('20240301')
    const written = fs.readdirSync(out).sort()
    expect(written).toEqual(r.files.map((f) => f.name).sort())
    const sent = new Map<string, string>()
    for (const f of written) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(out, f)))
      if (f.startsWith('D0350')) {
        const d = D0350.decode(bytes)
        expect(E.isRight(d)).toBe(true)
        if (E.isRight(d)) for (const x of d.right.records) sent.set(x.mpanCore, `${x.flag} ${x.effectiveFrom}`)
      } else {
        const d = Dxi.decode(bytes)
        expect(E.isRight(d)).toBe(true)
        if (E.isRight(d)) for (const x of d.right.records) sent.set(x.mprn, `${x.flag} ${x.effectiveFrom}`)
      }
    }
    expect(sent.size).toBe(r.files.reduce((n, f) => n + f.records, 0))
    const last = new Map(r.changes.map((c) => [c.meterPoint as string, `${c.to} ${c.effectiveFrom}`]))
    for (const [mp, pair] of last) expect(sent.get(mp)).toBe(pair)
    expect(r.lines.at(-1)).toMatch(/still pending afterwards: 0$/)
  })

  it('--day takes a later day: its changes are all dated that day', async () => {
    const r = await replayAndEmit.main(['--day', '20240331'], quiet)
    expect(r.changes.length).toBeGreaterThan(0)
    for (const c of r.changes) expect(c.effectiveFrom).toBe('20240331')
  })
})

describe('examples/reconcile-extract.ts', () => {
  const planted = (kind: string): number => manifest.registryPlanted.filter((p) => p.kind === kind).length

  it.each([[[]], [['--derive']]])('finds the planted discrepancies by kind (args %j)', async (args) => {
    const { report, lines } = await reconcileExtract.main(args, quiet)
    for (const kind of ['missing_at_registry', 'flag_mismatch', 'date_mismatch', 'unknown_meter_point'] as const) {
      expect(report.counts[kind]).toBe(planted(kind))
      expect(lines.some((l) => l.startsWith(`${kind}, e.g. `))).toBe(true)
    }
    expect(lines[0]).toContain(`${manifest.registryPlanted.length} differ`)
  })
})

describe('examples/compare-policies.ts', () => {
  it('compares legacySec with mp077 by default: every meter point counted once per policy', async () => {
    const { report, lines } = await comparePolicies.main([], quiet)
    expect(report.policies).toEqual(['legacySec', 'mp077'])
    expect(report.meterPoints).toBe(manifest.summary.meterPoints)
    for (const p of report.flagCounts) expect(Object.values(p.counts).reduce((a, b) => a + b, 0)).toBe(report.meterPoints)
    const mp077 = report.flagCounts[1]!.counts
    expect([mp077.S, mp077.W]).toEqual([0, 0])
    expect(lines).toContain('legacySec (rows) against mp077 (columns)')
  })

  it('takes any list of policies', async () => {
    const { report } = await comparePolicies.main(['mp077,dspAsBuilt,businessRequirements'], quiet)
    expect(report.policies).toEqual(['mp077', 'dspAsBuilt', 'businessRequirements'])
    expect(report.matrices).toHaveLength(6)
    // None of these gives a legacy flag, and the sample's inventory holds none.
    for (const p of report.flagCounts) expect([p.counts.S, p.counts.W]).toEqual([0, 0])
  })
})

describe('an example run as a program', () => {
  it('node scripts/run-ts.mjs examples/reconcile-extract.ts prints what main returns', async () => {
    const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'examples/reconcile-extract.ts'], { cwd: ROOT, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const { lines } = await reconcileExtract.main([], quiet)
    expect(r.stdout).toBe(lines.join('\n') + '\n')
  })
})
