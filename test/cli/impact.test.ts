// `dcc-flags impact` through the built bin: the matrices agree with final flags computed
// independently from the scenario fixtures' expected changes; text, JSON and a self-contained HTML
// page written atomically; bad input exits 1 with no file left; usage errors exit 2.
import { beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { FIXTURES, ROOT, runCli, tmpDir } from './bin'

const POLICIES = ['mp077', 'dspAsBuilt', 'businessRequirements', 'legacySec'] as const
const LABELS = ['none', 'A', 'I', 'N', 'S', 'W'] as const

interface Change { meterPoint: string; to: string }
interface Scenario {
  name: string
  inventory: { meterPoints: Array<{ id: string; flag?: string | null }>; devices: Array<{ meterPoints?: string[] }> }
  asOf?: string
  inventoryErrors?: unknown[]
  events: unknown[]
  expect: Record<string, { changes: Change[]; rejected: unknown[] }>
}
// impact has no clock (no --as-of): a scenario with one is replayed by the replay and notify
// tests; an invalid inventory's scenario replays nothing.
const scenarios: Scenario[] = fs
  .readdirSync(path.join(FIXTURES, 'scenarios'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, 'scenarios', f), 'utf8')) as Scenario)
  .filter((s) => s.asOf === undefined && s.inventoryErrors === undefined)

// Final flags from the fixture's expected changes (the last change of a meter point wins); every
// meter point of the inventory, of its devices' links and of the changes is listed.
const finals = (s: Scenario, policy: string): Map<string, string> => {
  const m = new Map<string, string>()
  for (const mp of s.inventory.meterPoints) m.set(mp.id, mp.flag ?? 'none')
  for (const d of s.inventory.devices) for (const id of d.meterPoints ?? []) if (!m.has(id)) m.set(id, 'none')
  for (const c of s.expect[policy]!.changes) m.set(c.meterPoint, c.to)
  return m
}

let work: string
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('cli-impact')
})
const write = (name: string, content: string): string => {
  const f = path.join(work, name)
  fs.writeFileSync(f, content)
  return f
}
const inputs = (s: Scenario): [string, string] => [
  write(`${s.name}.inventory.json`, JSON.stringify(s.inventory)),
  write(`${s.name}.events.ndjson`, s.events.map((e) => JSON.stringify(e)).join('\n') + '\n'),
]

interface Report {
  policies: string[]
  meterPoints: number
  flagCounts: Array<{ policy: string; counts: Record<string, number> }>
  matrices: Array<{ first: string; second: string; counts: Record<string, Record<string, number>> }>
}

describe.each(scenarios)('impact --json on scenario $name', (s) => {
  it('every matrix cell matches the final flags of the expected changes', async () => {
    const [inv, ev] = inputs(s)
    const r = (await runCli(['impact', '--inventory', inv, '--events', ev, '--policies', POLICIES.join(','), '--json']))
    const rejected = s.expect['mp077']!.rejected.length
    expect(r.code).toBe(rejected > 0 ? 1 : 0)
    const report = JSON.parse(r.stdout.toString('utf8')) as Report
    expect(report.policies).toEqual([...POLICIES])
    const fin = Object.fromEntries(POLICIES.map((p) => [p, finals(s, p)]))
    const ids = new Set(POLICIES.flatMap((p) => [...fin[p]!.keys()]))
    expect(report.meterPoints).toBe(ids.size)
    for (const { policy, counts } of report.flagCounts) {
      for (const l of LABELS) expect(counts[l]).toBe([...ids].filter((id) => (fin[policy]!.get(id) ?? 'none') === l).length)
    }
    expect(report.matrices).toHaveLength(POLICIES.length * (POLICIES.length - 1))
    for (const m of report.matrices) {
      for (const a of LABELS) {
        for (const b of LABELS) {
          const want = [...ids].filter((id) => (fin[m.first]!.get(id) ?? 'none') === a && (fin[m.second]!.get(id) ?? 'none') === b).length
          expect(m.counts[a]![b]).toBe(want)
        }
      }
    }
  })
})

describe('impact on the bundled sample', () => {
  const DATA = path.join(ROOT, 'examples/data')
  const INV = path.join(DATA, 'inventory.json')
  const EV = path.join(DATA, 'events.ndjson')

  it('text by default, and --html writes a self-contained page (no script, no external reference)', async () => {
    const html = path.join(work, 'impact.html')
    const r = (await runCli(['impact', '--inventory', INV, '--events', EV, '--policies', 'legacySec,mp077', '--html', html]))
    // The sample plants bad event lines: they are listed once and make the exit 1; the report is complete.
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/46 rejected events \(the same under every policy\)/)
    const text = r.stdout.toString('utf8')
    expect(text).toContain('legacySec (rows) against mp077 (columns)')
    expect(text).toMatch(/^ {2}S under legacySec, A under mp077: \d+$/m)
    const page = fs.readFileSync(html, 'utf8')
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(page).toContain('legacySec')
    expect(page).toContain('<svg')
    expect(page).not.toMatch(/<script/i)
    expect(page).not.toMatch(/https?:\/\//i)
    expect(page).not.toMatch(/\s(src|href)=/i)
    expect(page).not.toMatch(/url\(|@import/i)
    expect(fs.readdirSync(work).filter((f) => f.includes('.partial'))).toEqual([])
    // The page's numbers are the text's: the S→A count appears in both.
    const sToA = /S under legacySec, A under mp077: (\d+)/.exec(text)![1]!
    expect(page).toContain(`>${sToA}<`)
  })

  it('--json: each policy counts every meter point once; mp077 never gives legacy flags', async () => {
    const r = (await runCli(['impact', '--inventory', INV, '--events', EV, '--policies', 'legacySec,mp077', '--json']))
    const report = JSON.parse(r.stdout.toString('utf8')) as Report
    for (const { counts } of report.flagCounts) expect(LABELS.reduce((n, l) => n + counts[l]!, 0)).toBe(report.meterPoints)
    const mp077 = report.flagCounts.find((p) => p.policy === 'mp077')!.counts
    expect([mp077['S'], mp077['W']]).toEqual([0, 0])
    const [forward, backward] = report.matrices
    for (const a of LABELS) for (const b of LABELS) expect(forward!.counts[a]![b]).toBe(backward!.counts[b]![a])
  })
})

describe('impact compares policies from the same starting point (#12)', () => {
  const DATA = path.join(ROOT, 'examples/data')
  const INV = path.join(DATA, 'inventory.json')
  const EV = path.join(DATA, 'events.ndjson')
  interface Carried extends Report { view: string; carriedOver?: Array<{ policy: string; counts: Record<string, number> }> }

  it('the replay view counts the flags carried over from the inventory apart: every I and N under legacySec is carried', async () => {
    const r = (await runCli(['impact', '--inventory', INV, '--events', EV, '--policies', 'legacySec,mp077', '--json']))
    const report = JSON.parse(r.stdout.toString('utf8')) as Carried
    expect(report.view).toBe('replay')
    const total = (p: string) => report.flagCounts.find((x) => x.policy === p)!.counts
    const carried = (p: string) => report.carriedOver!.find((x) => x.policy === p)!.counts
    // legacySec never sets I or N: all it shows of them is the inventory's.
    expect(total('legacySec')['I']! + total('legacySec')['N']!).toBeGreaterThan(0)
    expect(carried('legacySec')['I']).toBe(total('legacySec')['I'])
    expect(carried('legacySec')['N']).toBe(total('legacySec')['N'])
    for (const p of ['legacySec', 'mp077']) for (const l of LABELS) expect(carried(p)[l]!).toBeLessThanOrEqual(total(p)[l]!)
    expect(carried('mp077')['none']).toBe(0)
    const text = (await runCli(['impact', '--inventory', INV, '--events', EV, '--policies', 'legacySec,mp077'])).stdout.toString('utf8')
    expect(text).toContain('Of which carried over from the inventory')
  })

  it('--at-rest: each policy derives from the linked smart meters alone (checked against a direct count on the inventory)', async () => {
    const r = (await runCli(['impact', '--inventory', INV, '--policies', 'legacySec,mp077', '--at-rest', '--json']))
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout.toString('utf8')) as Carried
    expect(report.view).toBe('atRest')
    expect(report.carriedOver).toBeUndefined()
    // Independently: mp077 at rest is A when a linked smart meter is in service, else I when one is
    // InstalledNotCommissioned, else none (no flag to fall back on); legacySec never gives I or N.
    const inv = JSON.parse(fs.readFileSync(INV, 'utf8')) as { meterPoints: Array<{ id: string }>; devices: Array<{ type: string; status?: string; meterPoints?: string[] }> }
    const statuses = new Map<string, string[]>()
    for (const d of inv.devices) if (d.type === 'ESME' || d.type === 'GSME') for (const mp of d.meterPoints ?? []) statuses.set(mp, [...(statuses.get(mp) ?? []), d.status!])
    const ids = new Set([...inv.meterPoints.map((m) => m.id), ...statuses.keys()])
    const want: Record<string, number> = { none: 0, A: 0, I: 0, N: 0, S: 0, W: 0 }
    for (const id of ids) {
      const st = statuses.get(id) ?? []
      want[st.some((x) => ['Commissioned', 'Suspended', 'Recovery', 'Recovered'].includes(x)) ? 'A' : st.includes('InstalledNotCommissioned') ? 'I' : 'none']!++
    }
    expect(report.flagCounts.find((x) => x.policy === 'mp077')!.counts).toEqual(want)
    const legacy = report.flagCounts.find((x) => x.policy === 'legacySec')!.counts
    expect([legacy['I'], legacy['N']]).toEqual([0, 0])
  })

  it('--at-rest with --events: the devices after the events, the same under every policy', async () => {
    const r = (await runCli(['impact', '--inventory', INV, '--events', EV, '--policies', 'mp077,dspAsBuilt', '--at-rest', '--json']))
    expect(r.code).toBe(1) // the sample's planted bad lines
    const report = JSON.parse(r.stdout.toString('utf8')) as Carried
    const alone = JSON.parse((await runCli(['impact', '--inventory', INV, '--policies', 'mp077,dspAsBuilt', '--at-rest', '--json'])).stdout.toString('utf8')) as Carried
    expect(report.meterPoints).toBeGreaterThanOrEqual(alone.meterPoints)
    expect(report.flagCounts).not.toEqual(alone.flagCounts)
  })
})

describe('impact input errors', () => {
  it('an invalid inventory: exit 1, named, and no HTML file written', async () => {
    const inv = write('bad.inventory.json', '{"meterPoints":[{"id":"1200023305968","flag":"A"}],"devices":[]}')
    const ev = write('empty.ndjson', '')
    const html = path.join(work, 'never.html')
    const r = (await runCli(['impact', '--inventory', inv, '--events', ev, '--policies', 'legacySec,mp077', '--html', html]))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad.inventory.json')
    expect(fs.existsSync(html)).toBe(false)
  })

  it('an HTML path that cannot be written: exit 1, named, nothing left behind', async () => {
    const s = scenarios[0]!
    const [inv, ev] = inputs(s)
    const html = path.join(work, 'no-such-folder', 'impact.html')
    const r = (await runCli(['impact', '--inventory', inv, '--events', ev, '--policies', 'legacySec,mp077', '--html', html]))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('no-such-folder')
    expect(fs.existsSync(path.dirname(html))).toBe(false)
  })

  it('usage errors exit 2: one policy, a repeated or unknown policy, missing options', async () => {
    const s = scenarios[0]!
    const [inv, ev] = inputs(s)
    expect((await runCli(['impact', '--inventory', inv, '--events', ev, '--policies', 'mp077'])).code).toBe(2)
    expect((await runCli(['impact', '--inventory', inv, '--events', ev, '--policies', 'mp077,mp077'])).code).toBe(2)
    expect((await runCli(['impact', '--inventory', inv, '--events', ev, '--policies', 'mp077,nope'])).code).toBe(2)
    expect((await runCli(['impact', '--inventory', inv, '--policies', 'mp077,legacySec'])).code).toBe(2)
  })
})
