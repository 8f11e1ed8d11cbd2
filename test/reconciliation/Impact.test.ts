import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Impact from '../../src/reconciliation/Impact'
import type { Flag } from '../../src/identifiers/Flag'
import { meterPointIds } from '../arbitraries/reconciliation'

const MPAN = '1200023305967'
const MPAN2 = '1200010000000'
const MPAN3 = '1000000000003'
const MPRN = '3938424403'

// legacySec keeps A after decommissioning; mp077 moves to N; MPRN is new (I under mp077, none under legacySec)
const sample = (): Impact.Report =>
  Impact.impact([
    { policy: 'legacySec', flags: [[MPAN, 'A'], [MPAN2, 'A'], [MPAN3, 'A'], [MPRN, null]] },
    { policy: 'mp077', flags: [[MPAN, 'N'], [MPAN2, 'N'], [MPAN3, 'A'], [MPRN, 'I']] },
  ])

const cellsOf = (m: Impact.Matrix) => Impact.labels.flatMap((r) => Impact.labels.map((c) => m.counts[r][c]))
const sum = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0)

describe('Impact.impact', () => {
  it('counts each policy\'s flags and the matrix of both orders', () => {
    const r = sample()
    expect(r.policies).toEqual(['legacySec', 'mp077'])
    expect(r.meterPoints).toBe(4)
    expect(r.flagCounts).toEqual([
      { policy: 'legacySec', counts: { none: 1, A: 3, I: 0, N: 0, S: 0, W: 0 } },
      { policy: 'mp077', counts: { none: 0, A: 1, I: 1, N: 2, S: 0, W: 0 } },
    ])
    expect(r.matrices.map((m) => [m.first, m.second])).toEqual([['legacySec', 'mp077'], ['mp077', 'legacySec']])
    const [ab, ba] = r.matrices
    expect(ab!.counts.A.N).toBe(2)
    expect(ab!.counts.A.A).toBe(1)
    expect(ab!.counts.none.I).toBe(1)
    expect(sum(cellsOf(ab!))).toBe(4)
    expect(ba!.counts.N.A).toBe(2)
    expect(ba!.counts.I.none).toBe(1)
  })

  it('a meter point missing from one policy\'s finals counts as none there', () => {
    const r = Impact.impact([{ policy: 'p', flags: [[MPAN, 'A']] }, { policy: 'q', flags: [[MPRN, 'N']] }])
    expect(r.meterPoints).toBe(2)
    expect(r.matrices[0]!.counts.A.none).toBe(1)
    expect(r.matrices[0]!.counts.none.N).toBe(1)
  })

  it('a meter point listed twice under one policy keeps its later flag', () => {
    const r = Impact.impact([{ policy: 'p', flags: [[MPAN, 'A'], [MPAN, 'W'], [MPRN, 'S']] }, { policy: 'q', flags: [[MPAN, 'I']] }])
    expect(r.flagCounts[0]!.counts).toEqual({ none: 0, A: 0, I: 0, N: 0, S: 1, W: 1 })
    expect(r.matrices[0]!.counts.W.I).toBe(1)
    expect(r.matrices[0]!.counts.S.none).toBe(1)
  })

  it('many policies (the packing holds 20)', () => {
    const flags: Array<Flag | null> = [null, 'A', 'I', 'N', 'S', 'W']
    const finals = Array.from({ length: 20 }, (_, i) => ({ policy: `p${i}`, flags: [[MPAN, flags[i % 6]!] as const, [MPRN, flags[(i * 5) % 6]!] as const] }))
    const r = Impact.impact(finals)
    r.flagCounts.forEach((p, i) => {
      expect(p.counts[Impact.labelOf(flags[i % 6]!)]).toBeGreaterThanOrEqual(1)
      expect(sum(Impact.labels.map((l) => p.counts[l]))).toBe(2)
    })
    const m = r.matrices.find((x) => x.first === 'p19' && x.second === 'p0')!
    expect(m.counts[Impact.labelOf(flags[19 % 6]!)][Impact.labelOf(flags[0]!)]).toBeGreaterThanOrEqual(1)
    expect(r.matrices).toHaveLength(20 * 19)
  })

  it('programmer errors: repeated policy names, too many policies', () => {
    expect(() => Impact.impact([{ policy: 'a', flags: [] }, { policy: 'a', flags: [] }])).toThrow(/distinct/)
    expect(() => Impact.impact(Array.from({ length: 21 }, (_, i) => ({ policy: `p${i}`, flags: [] })))).toThrow(/at most 20/)
    expect(() => Impact.impact([{ policy: 'a', flags: [['MPAN', 'A']] }])).toThrow(/not a meter point id/)
  })

  it('no policies or no meter points', () => {
    expect(Impact.impact([])).toEqual({ policies: [], meterPoints: 0, flagCounts: [], matrices: [] })
    const r = Impact.impact([{ policy: 'a', flags: [] }, { policy: 'b', flags: [] }])
    expect(r.meterPoints).toBe(0)
    expect(sum(cellsOf(r.matrices[0]!))).toBe(0)
  })
})

const flagArb = fc.constantFrom<Flag | null>(null, 'A', 'I', 'N', 'S', 'W')
const finalsArb = meterPointIds({ maxLength: 40 }).chain((ids) =>
  fc.tuple(fc.constant(ids), fc.array(fc.array(flagArb, { minLength: ids.length, maxLength: ids.length }), { minLength: 1, maxLength: 4 })))

describe('Impact.impact: properties', () => {
  fcTest.prop([finalsArb])('every matrix totals the meter points; rows and columns sum to each policy\'s counts; reverse is the transpose', ([ids, perPolicy]) => {
    const finals = perPolicy.map((flags, i) => ({ policy: `p${i}`, flags: ids.map((id, j) => [id, flags[j]!] as const) }))
    const r = Impact.impact(finals)
    expect(r.meterPoints).toBe(ids.length)
    for (const p of r.flagCounts) expect(sum(Impact.labels.map((l) => p.counts[l]))).toBe(ids.length)
    // each policy's counts, recounted independently
    perPolicy.forEach((flags, i) => {
      for (const l of Impact.labels) expect(r.flagCounts[i]!.counts[l]).toBe(flags.filter((f) => Impact.labelOf(f) === l).length)
    })
    for (const m of r.matrices) {
      expect(sum(cellsOf(m))).toBe(ids.length)
      const first = r.flagCounts.find((p) => p.policy === m.first)!.counts
      const second = r.flagCounts.find((p) => p.policy === m.second)!.counts
      for (const l of Impact.labels) {
        expect(sum(Impact.labels.map((c) => m.counts[l][c]))).toBe(first[l])
        expect(sum(Impact.labels.map((c) => m.counts[c][l]))).toBe(second[l])
      }
      const reverse = r.matrices.find((x) => x.first === m.second && x.second === m.first)!
      for (const a of Impact.labels) for (const b of Impact.labels) expect(reverse.counts[b][a]).toBe(m.counts[a][b])
    }
    expect(r.matrices).toHaveLength(perPolicy.length * (perPolicy.length - 1))
  })

  fcTest.prop([finalsArb])('a policy against itself (under another name) is diagonal', ([ids, perPolicy]) => {
    const flags = ids.map((id, j) => [id, perPolicy[0]![j]!] as const)
    const r = Impact.impact([{ policy: 'x', flags }, { policy: 'y', flags }])
    for (const m of r.matrices) {
      for (const a of Impact.labels) {
        for (const b of Impact.labels) {
          if (a !== b) expect(m.counts[a][b]).toBe(0)
        }
        expect(m.counts[a][a]).toBe(r.flagCounts[0]!.counts[a])
      }
    }
  })

  fcTest.prop([finalsArb])('a matrix cell counts exactly the meter points with that pair of flags', ([ids, perPolicy]) => {
    if (perPolicy.length < 2) return
    const r = Impact.impact(perPolicy.slice(0, 2).map((flags, i) => ({ policy: `p${i}`, flags: ids.map((id, j) => [id, flags[j]!] as const) })))
    const m = r.matrices[0]!
    for (const a of Impact.labels) {
      for (const b of Impact.labels) {
        const n = ids.filter((_, j) => Impact.labelOf(perPolicy[0]![j]!) === a && Impact.labelOf(perPolicy[1]![j]!) === b).length
        expect(m.counts[a][b]).toBe(n)
      }
    }
  })
})

describe('Impact.format', () => {
  it('says "A under legacySec, N under mp077: 2" and aligns each table', () => {
    const text = Impact.format(sample())
    expect(text).toContain('A under legacySec, N under mp077: 2')
    expect(text).toContain('none under legacySec, I under mp077: 1')
    expect(text).not.toContain('A under legacySec, A under mp077')
    expect(text).toContain('same flag under both: 1; different: 3')
    expect(text).toContain('Impact over 4 meter points')
    const lines = text.split('\n')
    const start = lines.indexOf('legacySec (rows) against mp077 (columns)')
    const table = lines.slice(start + 1, start + 6)
    expect(table[0]).toMatch(/^legacySec \\ mp077\s+none\s+A\s+I\s+N$/)
    expect(new Set(table.map((l) => l.length)).size).toBe(1)
    expect(table.map((l) => l.split(/\s+/)[0])).toEqual(['legacySec', 'none', 'A', 'I', 'N'])
    expect(table[2]!.split(/\s+/).slice(1).map(Number)).toEqual([0, 1, 0, 2])
  })

  it('shows legacy S/W columns only when some policy has them', () => {
    expect(Impact.format(sample())).not.toMatch(/\bS\b/)
    const r = Impact.impact([{ policy: 'legacySec', flags: [[MPAN, 'S']] }, { policy: 'mp077', flags: [[MPAN, 'A']] }])
    expect(Impact.shownLabels(r)).toEqual(['none', 'A', 'I', 'N', 'S'])
    expect(Impact.format(r)).toContain('S under legacySec, A under mp077: 1')
  })

  it('lists each unordered pair once', () => {
    const r = Impact.impact(['a', 'b', 'c'].map((policy) => ({ policy, flags: [[MPAN, 'A'] as const] })))
    expect(Impact.pairs(r).map((m) => `${m.first}/${m.second}`)).toEqual(['a/b', 'a/c', 'b/c'])
    expect(Impact.format(r).match(/\(rows\) against/g)).toHaveLength(3)
  })
})

const countTag = (html: string, tag: string) => [
  (html.match(new RegExp(`<${tag}[\\s>]`, 'g')) ?? []).length,
  (html.match(new RegExp(`</${tag}>`, 'g')) ?? []).length,
]

describe('Impact.toHtml', () => {
  const html = Impact.toHtml(sample(), { title: 'MP077 impact' })

  it('is a self-contained page: no external reference, no script', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).not.toMatch(/https?:\/\//i)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<link\b/i)
    expect(html).not.toMatch(/\b(src|href)\s*=/i)
    expect(html).not.toMatch(/@import|url\(/i)
    expect(html).toContain('<style>')
    expect(html).toMatch(/^[\x09\x0a\x20-\x7e]*$/)
  })

  it('balances its main tags', () => {
    for (const tag of ['html', 'head', 'body', 'main', 'section', 'table', 'thead', 'tbody', 'tr', 'svg', 'style', 'title', 'h1', 'h2', 'p', 'caption']) {
      const [open, close] = countTag(html, tag)
      expect(open, tag).toBeGreaterThan(0)
      expect(open, tag).toBe(close)
    }
  })

  it('shows the numbers: in the tables, and as bar values with axis labels in the chart', () => {
    expect(html).toContain('<h1>MP077 impact</h1>')
    expect(html).toContain('4 meter points')
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'))
    expect(svg).toContain('>meter points</text>')
    expect(svg).toContain('>final flag</text>')
    for (const v of ['3', '2', '1']) expect(svg).toContain(`class="value" text-anchor="middle">${v}</text>`)
    expect(svg).toContain('>A under legacySec: 3</title>')
    expect(svg).toContain('>N under mp077: 2</title>')
    expect(svg.match(/<rect class="bar" /g)).toHaveLength(2 * 4)
    expect(svg.match(/<rect class="key" /g)).toHaveLength(2)
    // the pair's table: the A row under legacySec reads 0 1 0 2
    const pair = html.slice(html.indexOf('<h2>legacySec against mp077</h2>'))
    const row = pair.match(/<tr><th scope="row">A<\/th>(.*?)<\/tr>/)![1]!
    expect([...row.matchAll(/>(\d+)<\/td>/g)].map((x) => Number(x[1]))).toEqual([0, 1, 0, 2])
  })

  it('escapes every piece of text it is given', () => {
    const r = Impact.impact([
      { policy: '<b>&"x"', flags: [[MPAN, 'A']] },
      { policy: "o'neil</td>", flags: [[MPAN, 'N']] },
    ])
    const page = Impact.toHtml(r, { title: '<script>alert(1)</script> & co' })
    expect(page).not.toContain('<script')
    expect(page).not.toContain('<b>')
    expect(page).not.toContain("o'neil</td>")
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co')
    expect(page).toContain('&lt;b&gt;&amp;&quot;x&quot;')
    expect(page).toContain('o&#39;neil&lt;/td&gt;')
    const [open, close] = countTag(page, 'td')
    expect(open).toBe(close)
  })

  it('escapeHtml escapes the five special characters', () => {
    expect(Impact.escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;')
  })

  it('renders an empty report', () => {
    const page = Impact.toHtml(Impact.impact([]), { title: 'empty' })
    expect(page).toContain('0 meter points')
    const [open, close] = countTag(page, 'svg')
    expect([open, close]).toEqual([1, 1])
  })
})
