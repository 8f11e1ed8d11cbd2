// `dcc-flags reconcile` through the built bin: the bundled sample's planted discrepancies are found
// exactly (stored and derived flags), registry files are read as D0350/DXI, bad input names file,
// line and field with exit 1, usage errors exit 2.
import { beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import { FIXTURES, ROOT, runCli, tmpDir } from './bin'

const DATA = path.join(ROOT, 'examples/data')
const INV = path.join(DATA, 'inventory.json')
const REG = path.join(DATA, 'registered.csv')
const EVENTS = path.join(DATA, 'events.ndjson')

interface Row { meterPoint: string; flag: string; effectiveFrom: string }
interface Planted { kind: string; meterPoint: string; expected: Row | null; registered: Row | null }
const manifest = JSON.parse(fs.readFileSync(path.join(DATA, 'manifest.json'), 'utf8')) as { registryPlanted: Planted[]; planted: unknown[] }

interface Side { flag: string | null; effectiveFrom: string | null }
interface Discrepancy { meterPoint: string; kind: string; registered: Side | null; expected: Side | null; evidence: Array<{ deviceId: string; type: string; status: string | null }> }

const parseOut = (stdout: Buffer): Discrepancy[] => JSON.parse(stdout.toString('utf8')) as Discrepancy[]
const keyOf = (x: { kind: string; meterPoint: string }): string => `${x.kind} ${x.meterPoint}`
const plantedKeys = manifest.registryPlanted.map(keyOf).sort()

let work: string
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('cli-reconcile')
})
const write = (name: string, content: string | Uint8Array): string => {
  const f = path.join(work, name)
  fs.writeFileSync(f, content)
  return f
}

// The planted discrepancy's two sides, as the report shows them.
const sidesOf = (p: Planted): { registered: Side | null; expected: Side | null } => {
  const side = (r: Row | null): Side | null => (r === null ? null : { flag: r.flag, effectiveFrom: r.effectiveFrom })
  return { registered: side(p.registered), expected: side(p.expected) }
}

describe('reconcile on the bundled sample', () => {
  it('without events finds exactly the planted discrepancies, with both sides and the evidence (exit 0)', async () => {
    const r = (await runCli(['reconcile', '--inventory', INV, '--registered', REG]))
    expect(r.code).toBe(0)
    const out = parseOut(r.stdout)
    expect(out.map(keyOf).sort()).toEqual(plantedKeys)
    const byKey = new Map(manifest.registryPlanted.map((p) => [keyOf(p), p]))
    for (const d of out) {
      expect(Object.keys(d).sort()).toEqual(['evidence', 'expected', 'kind', 'meterPoint', 'registered'])
      expect({ registered: d.registered, expected: d.expected }).toEqual(sidesOf(byKey.get(keyOf(d))!))
      if (d.kind === 'unknown_meter_point') expect(d.evidence).toEqual([])
      for (const m of d.evidence) expect(m.type).toBe(d.meterPoint.length === 13 ? 'ESME' : 'GSME')
    }
    // In meter point id order.
    expect(out.map((d) => d.meterPoint)).toEqual([...out.map((d) => d.meterPoint)].sort())
    for (const kind of ['missing_at_registry', 'flag_mismatch', 'date_mismatch', 'unknown_meter_point']) {
      expect(r.stderr).toContain(`${kind} ${manifest.registryPlanted.filter((p) => p.kind === kind).length}`)
    }
    expect(r.stderr).toContain(`${plantedKeys.length} differ`)
  })

  it('--derive (mp077, the policy the sample was made with) finds the same planted discrepancies', async () => {
    const r = (await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--derive']))
    expect(r.code).toBe(0)
    expect(parseOut(r.stdout).map(keyOf).sort()).toEqual(plantedKeys)
    expect(r.stderr).toMatch(/derived from the linked meters under mp077/)
  })

  it('--derive --policy legacySec: every extra discrepancy is a derived flag (no date) backed by linked meters', async () => {
    const r = (await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--derive', '--policy', 'legacySec']))
    expect(r.code).toBe(0)
    const out = parseOut(r.stdout)
    const planted = new Set(plantedKeys)
    const extra = out.filter((d) => !planted.has(keyOf(d)))
    expect(extra.length).toBeGreaterThan(0)
    for (const d of extra) {
      expect(d.expected!.effectiveFrom).toBeNull()
      expect(['A', 'S', 'W']).toContain(d.expected!.flag)
      expect(d.evidence.length).toBeGreaterThan(0)
    }
    // Suspended meters give S only under legacySec: each S is backed by all-Suspended evidence.
    for (const d of extra.filter((x) => x.expected!.flag === 'S')) expect(d.evidence.every((m) => m.status === 'Suspended')).toBe(true)
  })

  it('with events: the planted bad lines are listed on stderr, exit 1, and the report is still complete', async () => {
    const r = (await runCli(['reconcile', '--inventory', INV, '--events', EVENTS, '--registered', REG]))
    expect(r.code).toBe(1)
    const out = parseOut(r.stdout)
    expect(r.stderr).toContain(`${manifest.planted.length} rejected events`)
    expect(r.stderr).toContain(`${out.length} differ`)
    // The month moved flags on: more registry rows are now stale than were planted.
    expect(out.length).toBeGreaterThan(plantedKeys.length)
    for (const d of out.filter((x) => x.kind === 'missing_at_registry')) expect(['A', 'N', 'I']).toContain(d.expected!.flag)
  })
})

// A small inventory for exact expectations.
const MPAN = '1200023305967'
const MPAN2 = '1200010000000'
const MPRN = '3938424403'
const MPRN_UNKNOWN = '123456707'
const inventory = {
  meterPoints: [
    { id: MPAN, flag: 'A', effectiveFrom: '20211104' },
    { id: MPAN2, flag: 'I', effectiveFrom: '20220101' },
    { id: MPRN, flag: 'N', effectiveFrom: '20220301' },
  ],
  devices: [
    { id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned', meterPoints: [MPAN] },
    { id: '00-0D-6F-00-00-00-00-02', type: 'ESME', status: 'InstalledNotCommissioned', meterPoints: [MPAN2] },
  ],
}

describe('reconcile --baseline REG.csv --registered-files (D0350 and DXI, kinds detected)', () => {
  // An extract with no row: every meter point the files do not name is missing at the registry.
  const EMPTY = () => write('empty-baseline.csv', 'meterPoint,flag,effectiveFrom\n')
  const d0350 = (fileId: string, records: D0350.D0350Record[]) =>
    D0350.encode(D0350.make({ header: { fileId, toParticipant: 'LOND', createdAt: '20240401060000' }, records, completedAt: '20240401060000' }))
  const dxi = (records: Dxi.Record[]) =>
    Dxi.encode(Dxi.make({ header: { organisationId: '1234567890', creationDate: '20240401', creationTime: '060000', generationNumber: 1 }, records }))

  it('applies the files in order (a later record wins) and reports each kind', async () => {
    const inv = write('small.inventory.json', JSON.stringify(inventory))
    const f1 = write('first.d0350', d0350('0000000001', [{ mpanCore: MPAN, flag: 'N', effectiveFrom: '20230101' }, { mpanCore: MPAN2, flag: 'A', effectiveFrom: '20220101' }]))
    const f2 = write('second.d0350', d0350('0000000002', [{ mpanCore: MPAN, flag: 'A', effectiveFrom: '20211104' }]))
    const g = write('gas.dxi', dxi([{ mprn: MPRN, flag: 'N', effectiveFrom: '20220305' }, { mprn: MPRN_UNKNOWN, flag: 'A', effectiveFrom: '20230101' }]))
    const r = (await runCli(['reconcile', '--inventory', inv, '--baseline', EMPTY(), '--registered-files', [f1, f2, g].join(',')]))
    expect(r.stderr).toContain('4 meter points compared, 1 agree, 3 differ')
    expect(r.code).toBe(0)
    expect(parseOut(r.stdout)).toEqual([
      {
        meterPoint: MPAN2, kind: 'flag_mismatch', registered: { flag: 'A', effectiveFrom: '20220101' }, expected: { flag: 'I', effectiveFrom: '20220101' },
        evidence: [{ deviceId: '00-0D-6F-00-00-00-00-02', type: 'ESME', status: 'InstalledNotCommissioned' }],
      },
      { meterPoint: MPRN_UNKNOWN, kind: 'unknown_meter_point', registered: { flag: 'A', effectiveFrom: '20230101' }, expected: null, evidence: [] },
      { meterPoint: MPRN, kind: 'date_mismatch', registered: { flag: 'N', effectiveFrom: '20220305' }, expected: { flag: 'N', effectiveFrom: '20220301' }, evidence: [] },
    ])
  })

  it('a meter point no file names is missing_at_registry; --switch gas=off makes a gas N not exportable', async () => {
    const inv = write('small2.inventory.json', JSON.stringify(inventory))
    const f = write('only-elec.d0350', d0350('0000000003', [{ mpanCore: MPAN, flag: 'A', effectiveFrom: '20211104' }, { mpanCore: MPAN2, flag: 'I', effectiveFrom: '20220101' }]))
    const on = (await runCli(['reconcile', '--inventory', inv, '--baseline', EMPTY(), '--registered-files', f]))
    expect(on.code).toBe(0)
    expect(parseOut(on.stdout).map(keyOf)).toEqual([`missing_at_registry ${MPRN}`])
    const off = (await runCli(['reconcile', '--inventory', inv, '--baseline', EMPTY(), '--registered-files', f, '--switch', 'gas=off']))
    expect(off.code).toBe(0)
    expect(parseOut(off.stdout)).toEqual([])
  })

  it('an invalid registry file: its diagnostics with file and line on stderr, nothing on stdout, exit 1', async () => {
    const inv = write('small3.inventory.json', JSON.stringify(inventory))
    const bad = path.join(FIXTURES, 'wire/d0350-bad-check-digit.txt')
    const r = (await runCli(['reconcile', '--inventory', inv, '--baseline', EMPTY(), '--registered-files', bad]))
    expect(r.code).toBe(1)
    expect(r.stdout.length).toBe(0)
    expect(r.stderr).toMatch(/d0350-bad-check-digit\.txt:\d+:\w+ bad_check_digit/)
  })

  it('an E46 response or an unknown file is refused with its name (exit 1)', async () => {
    const inv = write('small4.inventory.json', JSON.stringify(inventory))
    const dxr = (await runCli(['reconcile', '--inventory', inv, '--baseline', EMPTY(), '--registered-files', path.join(FIXTURES, 'wire/dxr-basic.txt')]))
    expect(dxr.code).toBe(1)
    expect(dxr.stderr).toMatch(/dxr-basic\.txt: an E46 response/)
    const other = (await runCli(['reconcile', '--inventory', inv, '--baseline', EMPTY(), '--registered-files', write('notes.txt', 'hello\n')]))
    expect(other.code).toBe(1)
    expect(other.stderr).toContain('notes.txt')
  })

  it('files without --baseline are refused (exit 2), saying why: they hold changes, not a snapshot (#12)', async () => {
    const inv = write('small5.inventory.json', JSON.stringify(inventory))
    const f = write('alone.d0350', d0350('0000000004', [{ mpanCore: MPAN, flag: 'A', effectiveFrom: '20211104' }]))
    const r = (await runCli(['reconcile', '--inventory', inv, '--registered-files', f]))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--baseline')
    expect(r.stderr).toContain('changes')
    expect(r.stdout.length).toBe(0)
    expect((await runCli(['reconcile', '--inventory', inv, '--baseline', EMPTY()])).code).toBe(2)
  })

  it('on the sample: a month of notify files over registered.csv gives what one merged extract gives, not thousands of false discrepancies', async () => {
    const out = path.join(work, 'month-files')
    const n = (await runCli(['notify', '--inventory', INV, '--events', EVENTS, '--out', out, '--now', '20240401060000', '--file-id', '1', '--generation', '1', '--gas-org', '1234567890']))
    expect(n.code).toBe(1) // the sample's planted bad event lines
    const files = fs.readdirSync(out).sort().map((f) => path.join(out, f))
    expect(files.length).toBeGreaterThan(1)
    const applied = (await runCli(['reconcile', '--inventory', INV, '--events', EVENTS, '--baseline', REG, '--registered-files', files.join(',')]))
    // Oracle: the extract's rows, each replaced by the last record any file holds for its meter point.
    const rows = new Map<string, string>()
    for (const line of fs.readFileSync(REG, 'latin1').split('\n').slice(1)) if (line !== '') rows.set(line.split(',')[0]!, line)
    for (const f of files) {
      const bytes = new Uint8Array(fs.readFileSync(f))
      const recs = path.basename(f).startsWith('D0350_')
        ? (D0350.decode(bytes) as unknown as { right: { records: D0350.D0350Record[] } }).right.records.map((r) => [r.mpanCore, r.flag, r.effectiveFrom])
        : (Dxi.decode(bytes) as unknown as { right: { records: Dxi.Record[] } }).right.records.map((r) => [r.mprn, r.flag, r.effectiveFrom])
      for (const [mp, flag, date] of recs) rows.set(mp!, `${mp},${flag},${date}`)
    }
    const merged = write('merged.csv', ['meterPoint,flag,effectiveFrom', ...rows.values()].join('\n') + '\n')
    const oracle = (await runCli(['reconcile', '--inventory', INV, '--events', EVENTS, '--registered', merged]))
    expect(applied.code).toBe(oracle.code)
    expect(parseOut(applied.stdout)).toEqual(parseOut(oracle.stdout))
    // What is left is about the registry's own planted errors, not one per meter point no file names.
    expect(parseOut(applied.stdout).length).toBeLessThan(manifest.registryPlanted.length * 2)
  })
})

describe('reconcile input errors', () => {
  it('malformed CSV rows are each reported with file, line and field; nothing on stdout; exit 1', async () => {
    const inv = write('small5.inventory.json', JSON.stringify(inventory))
    const csv = write('bad.csv', [
      'meterPoint,flag,effectiveFrom',
      `${MPAN},A,20211104`,
      `${MPAN2},X,20220101`,
      `${MPRN},N,20221301`,
      '1200023305968,A,20211104',
      `${MPAN},A`,
      `${MPAN},A,20211104`,
      '',
    ].join('\n'))
    const r = (await runCli(['reconcile', '--inventory', inv, '--registered', csv]))
    expect(r.code).toBe(1)
    expect(r.stdout.length).toBe(0)
    const lines = r.stderr.split('\n')
    const at = (n: number, field: string, code: string) => lines.some((l) => l.startsWith(`${csv}:${n}:${field} ${code}`))
    expect(at(3, 'flag', 'invalid_flag')).toBe(true)
    expect(at(4, 'effectiveFrom', 'invalid_date')).toBe(true)
    expect(at(5, 'meterPoint', 'invalid_meter_point')).toBe(true)
    expect(at(6, '-', 'field_count')).toBe(true)
    expect(at(7, 'meterPoint', 'duplicate_meter_point')).toBe(true)
    expect(r.stderr).toMatch(/5 problems in the registry extract; nothing compared/)
  })

  it('a bad header stops the read and says so', async () => {
    const inv = write('small6.inventory.json', JSON.stringify(inventory))
    const csv = write('header.csv', 'mpan,flag,date\n1200023305967,A,20211104\n')
    const r = (await runCli(['reconcile', '--inventory', inv, '--registered', csv]))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${csv}:1:- bad_header`)
  })

  it('an invalid inventory names the file; a missing file names it (exit 1)', async () => {
    const inv = write('bad.inventory.json', JSON.stringify({ meterPoints: [{ id: '1200023305968', flag: 'A' }], devices: [] }))
    const r = (await runCli(['reconcile', '--inventory', inv, '--registered', REG]))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad.inventory.json')
    expect(r.stdout.length).toBe(0)
    const missing = (await runCli(['reconcile', '--inventory', INV, '--registered', path.join(work, 'nope.csv')]))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('nope.csv')
  })

  it('usage errors exit 2', async () => {
    expect((await runCli(['reconcile', '--inventory', INV])).code).toBe(2)
    expect((await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--registered-files', REG])).code).toBe(2)
    expect((await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--baseline', REG, '--registered-files', REG])).code).toBe(2)
    expect((await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--switch', 'gas=maybe'])).code).toBe(2)
    expect((await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--switch', 'water=on'])).code).toBe(2)
    expect((await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--policy', 'nope'])).code).toBe(2)
    expect((await runCli(['reconcile', '--registered', REG])).code).toBe(2)
    expect((await runCli(['reconcile', '--inventory', INV, '--baseline', REG, '--registered-files', `${REG},`])).code).toBe(2)
  })

  it('--policy with neither --derive nor --events is a usage error, not silently ignored (#12)', async () => {
    const r = (await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--policy', 'legacySec']))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--policy')
    expect(r.stdout.length).toBe(0)
    // With --derive (or --events) it has something to rule, and runs.
    expect((await runCli(['reconcile', '--inventory', INV, '--registered', REG, '--policy', 'legacySec', '--derive'])).code).toBe(0)
  })
})
