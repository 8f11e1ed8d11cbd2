// `dcc-flags notify` through the built bin, on the scenario fixtures: file names, contents (decoded
// back with the codecs), exit codes, usage errors, and a failed write that leaves no partial file.
import { describe, expect, it, beforeAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import { FIXTURES, ROOT, runCli, tmpDir } from './bin'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as MpanCore from '../../src/identifiers/MpanCore'

// In-process by default (the built bin is run by the README and kill tests); DCC_FLAGS_BIN runs a
// build of the bin instead (e.g. one with a command not yet listed).
const bin = process.env['DCC_FLAGS_BIN']
const run = async (args: ReadonlyArray<string>) => {
  if (bin === undefined) {
    const r = await runCli(['notify', ...args])
    return { code: r.code, stdout: r.stdout.toString('latin1'), stderr: r.stderr }
  }
  const r = spawnSync(process.execPath, [bin, 'notify', ...args], { cwd: ROOT, maxBuffer: 1 << 26 })
  return { code: r.status, stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('latin1') }
}

interface Change { readonly meterPoint: string; readonly to: string; readonly effectiveFrom: string }
interface Scenario {
  readonly name: string
  readonly inventory: { readonly meterPoints: ReadonlyArray<{ id: string; flag?: string | null; effectiveFrom?: string | null; notified?: { flag: string; effectiveFrom: string } | null }> }
  readonly asOf?: string
  readonly inventoryErrors?: ReadonlyArray<unknown>
  readonly events: ReadonlyArray<unknown>
  readonly expect: Record<string, { readonly changes: ReadonlyArray<Change>; readonly rejected: ReadonlyArray<unknown> }>
}

// The scenarios that replay (an invalid inventory's replays nothing: the replay test covers it).
const scenarioDir = path.join(FIXTURES, 'scenarios')
const scenarios: Scenario[] = fs.readdirSync(scenarioDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(scenarioDir, f), 'utf8')) as Scenario)
  .filter((s) => s.inventoryErrors === undefined)

/** `--now` for a scenario: its clock (`asOf`) as London wall-clock time, or a time after all its events. */
const nowOf = (s: Scenario): string => {
  if (s.asOf === undefined) return '20250601120000'
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(s.asOf))
  const part = (t: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === t)!.value
  return `${part('year')}${part('month')}${part('day')}${part('hour')}${part('minute')}${part('second')}`
}

// docs/rules.md section 6, for the distributors the fixtures use.
const MPAS: Record<string, string> = { '12': 'LOND', '14': 'MIDE' }

let work: string
const files: Record<string, { inventory: string; events: string }> = {}
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('cli-notify')
  for (const s of scenarios) {
    const inventory = path.join(work, `${s.name}.inventory.json`)
    const events = path.join(work, `${s.name}.events.ndjson`)
    fs.writeFileSync(inventory, JSON.stringify(s.inventory))
    fs.writeFileSync(events, s.events.map((e) => JSON.stringify(e)).join('\n') + '\n')
    files[s.name] = { inventory, events }
  }
})

let outCount = 0
const freshOut = (): string => path.join(work, `out-${++outCount}`)
const base = (name: string, out: string, now = '20250601120000', fileId = '7', generation = fileId): string[] => [
  '--inventory', files[name]!.inventory, '--events', files[name]!.events, '--out', out, '--now', now, '--file-id', fileId,
  '--generation', generation, '--gas-org', '1234567890',
]
// The arguments with an option's value replaced (or the option added).
const set = (args: ReadonlyArray<string>, option: string, value: string): string[] => {
  const out = [...args]
  const i = out.indexOf(option)
  if (i >= 0) out.splice(i, 2, option, value)
  else out.push(option, value)
  return out
}
const listing = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [])

// What the registries should be told after a scenario, worked out from its expected changes: the
// last change of each meter point (or its inventory flag), unless that very pair was notified.
const expectedPending = (s: Scenario, policy = 'mp077'): Array<{ meterPoint: string; flag: string; effectiveFrom: string }> => {
  const final = new Map<string, { flag: string; effectiveFrom: string }>()
  for (const mp of s.inventory.meterPoints) if (mp.flag) final.set(mp.id, { flag: mp.flag, effectiveFrom: mp.effectiveFrom! })
  for (const c of s.expect[policy]!.changes) final.set(c.meterPoint, { flag: c.to, effectiveFrom: c.effectiveFrom })
  const out: Array<{ meterPoint: string; flag: string; effectiveFrom: string }> = []
  for (const [meterPoint, pair] of final) {
    const n = s.inventory.meterPoints.find((m) => m.id === meterPoint)?.notified
    if (n && n.flag === pair.flag && n.effectiveFrom === pair.effectiveFrom) continue
    out.push({ meterPoint, ...pair })
  }
  return out.sort((a, b) => (a.meterPoint < b.meterPoint ? -1 : 1))
}

const decodeRecords = (file: string): Array<{ meterPoint: string; flag: string; effectiveFrom: string }> => {
  const bytes = new Uint8Array(fs.readFileSync(file))
  if (path.basename(file).startsWith('D0350_')) {
    const d = D0350.decode(bytes)
    if (E.isLeft(d)) throw new Error(`${file}: ${JSON.stringify(d.left)}`)
    return d.right.records.map((r) => ({ meterPoint: r.mpanCore, flag: r.flag, effectiveFrom: r.effectiveFrom }))
  }
  const d = Dxi.decode(bytes)
  if (E.isLeft(d)) throw new Error(`${file}: ${JSON.stringify(d.left)}`)
  return d.right.records.map((r) => ({ meterPoint: r.mprn, flag: r.flag, effectiveFrom: r.effectiveFrom }))
}

describe.each(scenarios.map((s) => [s.name, s] as const))('dcc-flags notify on scenario %s', (name, s) => {
  it('writes one file per registry holding exactly the pending pairs, and prints NAME REGISTRY RECORDS', async () => {
    const out = freshOut()
    const r = (await run(base(name, out, nowOf(s))))
    const expected = expectedPending(s)
    expect(expected.length).toBeGreaterThan(0)
    const electricity = expected.filter((x) => x.meterPoint.length === 13)
    const gas = expected.filter((x) => x.meterPoint.length !== 13)
    const registries = [...new Set(electricity.map((x) => MPAS[x.meterPoint.slice(0, 2)]!))].sort()
    const names = [...registries.map((reg, i) => `D0350_${reg}_${String(7 + i).padStart(10, '0')}.txt`), ...(gas.length > 0 ? [`DXI_${String(7).padStart(10, '0')}.txt`] : [])] // two counters: --file-id and --generation (7 in base)
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(
      names.map((n) => {
        const reg = n.startsWith('DXI_') ? 'UKLINK' : n.split('_')[1]!
        const count = n.startsWith('DXI_') ? gas.length : electricity.filter((x) => MPAS[x.meterPoint.slice(0, 2)] === reg).length
        return `${n} ${reg} ${count}`
      }),
    )
    expect(listing(out)).toEqual([...names].sort())
    const inFiles = names.flatMap((n) => decodeRecords(path.join(out, n)))
    expect([...inFiles].sort((a, b) => (a.meterPoint < b.meterPoint ? -1 : 1))).toEqual(expected)
    const rejected = s.expect['mp077']!.rejected.length
    expect(r.code).toBe(rejected > 0 ? 1 : 0)
    if (rejected > 0) expect(r.stderr).toMatch(/^rejected \S+ [a-z_]+: /m)
  })

  it('writes the same bytes on a second run', async () => {
    const a = freshOut()
    const b = freshOut()
    await run(base(name, a, nowOf(s)))
    await run(base(name, b, nowOf(s)))
    expect(listing(b)).toEqual(listing(a))
    for (const f of listing(a)) expect(fs.readFileSync(path.join(b, f)).equals(fs.readFileSync(path.join(a, f)))).toBe(true)
  })
})

describe('dcc-flags notify options', () => {
  it('writes `now` into every timestamp and numbers D0350 files from --file-id', async () => {
    const out = freshOut()
    const r = (await run(base('first-install', out, '20211105183000', '0000000123')))
    expect(r.code).toBe(0)
    expect(listing(out)).toEqual(['D0350_LOND_0000000123.txt'])
    const text = fs.readFileSync(path.join(out, 'D0350_LOND_0000000123.txt'), 'latin1')
    expect(text.split('\n')[0]).toBe('ZHV|0000000123|D0350001|Z|DCCO|P|LOND|20211105183000||||OPER|')
    expect(text.endsWith('ZPT|0000000123|1||1|20211105183000|\n')).toBe(true)
  })

  it('--max-records splits a registry into numbered files', async () => {
    const out = freshOut()
    const r = (await run([...base('twin-element', out, '20211201120000', '1'), '--max-records', '1']))
    expect(r.stdout).toBe('D0350_LOND_0000000001.txt LOND 1\nD0350_LOND_0000000002.txt LOND 1\n')
    expect(decodeRecords(path.join(out, 'D0350_LOND_0000000001.txt')).map((x) => x.meterPoint)).toEqual(['1200000000049'])
    expect(decodeRecords(path.join(out, 'D0350_LOND_0000000002.txt')).map((x) => x.meterPoint)).toEqual(['1200000000058'])
  })

  it('a DXI carries the bare --generation number and the --gas-org organisation id', async () => {
    const out = freshOut()
    const r = (await run(set(base('london-dates', out, '20241028070000', '3', '5'), '--gas-org', '42')))
    expect(r.code).toBe(0)
    expect(fs.readFileSync(path.join(out, 'DXI_0000000005.txt'), 'latin1')).toBe('"A00",42,"DXI",20241028,070000,5\n"E45",7300000202,"N",20241027\n"Z99",1\n')
  })

  it('--switch gas=off keeps an N from the gas registry; electricity=off keeps only A', async () => {
    const off = freshOut()
    const r = (await run([...base('london-dates', off), '--switch', 'gas=off']))
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(listing(off)).toEqual([])
    const elec = freshOut()
    expect((await run([...base('first-install', elec), '--switch', 'electricity=off,gas=on'])).stdout).toBe('D0350_LOND_0000000007.txt LOND 1\n')
  })

  it('--policy replays under another policy (legacySec leaves the exchange unchanged: nothing to send)', async () => {
    const out = freshOut()
    const r = (await run([...base('exchange-decommission-first', out), '--policy', 'legacySec']))
    expect(r.code).toBe(0)
    expect(listing(out)).toEqual([])
    expect(r.stderr).toContain('0 notifications')
    const br = freshOut()
    await run([...base('first-install', br), '--policy', 'dspAsBuilt'])
    expect(decodeRecords(path.join(br, 'D0350_LOND_0000000007.txt'))).toEqual(expectedPending(scenarios.find((s) => s.name === 'first-install')!, 'dspAsBuilt'))
  })

  it('reports an MPAN of an unknown distributor (exit 1) and routes it with --route', async () => {
    const mpan = MpanCore.complete('240000000001')
    const inventory = path.join(work, 'idno.inventory.json')
    fs.writeFileSync(inventory, JSON.stringify({ meterPoints: [{ id: mpan, flag: 'A', effectiveFrom: '20220101' }], devices: [] }))
    const events = path.join(work, 'empty.ndjson')
    fs.writeFileSync(events, '')
    const args = (out: string) => ['--inventory', inventory, '--events', events, '--out', out, '--now', '20220102000000', '--file-id', '1', '--generation', '1', '--gas-org', '1']
    const a = freshOut()
    const r = (await run(args(a)))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`unroutable ${mpan} A 20220101`)
    expect(listing(a)).toEqual([])
    const b = freshOut()
    const routed = (await run([...args(b), '--route', '24=IPNL']))
    expect(routed.code).toBe(0)
    expect(routed.stdout).toBe('D0350_IPNL_0000000001.txt IPNL 1\n')
  })

  it('reports held meter points on stderr and leaves them out', async () => {
    const inventory = path.join(work, 'held.inventory.json')
    fs.writeFileSync(inventory, JSON.stringify({
      meterPoints: [
        { id: '3938424403', flag: 'A', effectiveFrom: '20211104', held: { flag: 'A', effectiveFrom: '20211104', reason: 'E46 RJ (response generation 17)' } },
        { id: '1234567810', flag: 'I', effectiveFrom: '20211103' },
      ],
      devices: [],
    }))
    const events = path.join(work, 'empty.ndjson')
    fs.writeFileSync(events, '')
    const out = freshOut()
    const r = (await run(['--inventory', inventory, '--events', events, '--out', out, '--now', '20211105000000', '--file-id', '9', '--generation', '3', '--gas-org', '1']))
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('held 3938424403 A 20211104: E46 RJ (response generation 17)')
    expect(decodeRecords(path.join(out, 'DXI_0000000003.txt')).map((x) => x.meterPoint)).toEqual(['1234567810'])
  })
})

describe('dcc-flags notify errors', () => {
  it('--inventory - and --events - together: a usage error (standard input is read once)', async () => {
    const r = (await run(set(set(base('first-install', freshOut()), '--inventory', '-'), '--events', '-')))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('standard input')
  })

  it.each([
    ['a bad --now', ['--now', '20211332000000']],
    ['a --now that is a date only', ['--now', '20211104']],
    ['a non-numeric --file-id', ['--file-id', 'abc']],
    ['a --file-id of 0', ['--file-id', '0']],
    ['a --file-id too big for 10 digits', ['--file-id', '10000000000']],
    ['an unknown switch fuel', ['--switch', 'water=on']],
    ['a switch value that is not on/off', ['--switch', 'electricity=yes']],
    ['a fuel switched twice', ['--switch', 'gas=on,gas=off']],
    ['a --max-records of 0', ['--max-records', '0']],
    ['a --gas-org that is not digits', ['--gas-org', 'XOSERVE']],
    ['a --generation of 0', ['--generation', '0']],
    ['a --generation too big for 8 digits', ['--generation', '100000000']],
    ['an unknown policy', ['--policy', 'nope']],
    ['a malformed --route', ['--route', '24=ipnl']],
  ])('%s is a usage error (exit 2), nothing written', async (_what, override) => {
    const out = freshOut()
    const r = (await run(set(base('first-install', out), override[0]!, override[1]!)))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(override[0]!)
    expect(r.stderr).toContain('usage: dcc-flags notify')
    expect(listing(out)).toEqual([])
  })

  it('a missing required option is a usage error', async () => {
    const r = (await run(['--inventory', files['first-install']!.inventory, '--events', files['first-install']!.events, '--now', '20211105000000', '--file-id', '1']))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--out')
  })

  it.each(['--gas-org', '--generation', '--file-id', '--now', '--out'])('without %s: exit 2 before reading anything, nothing written', async (option) => {
    const out = freshOut()
    const args = base('london-dates', out)
    args.splice(args.indexOf(option), 2)
    // An inventory that does not exist: a usage error must come first.
    const r = (await run(set(args, '--inventory', 'no/such/inventory.json')))
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(option)
    expect(r.stderr).not.toContain('no/such')
    expect(listing(out)).toEqual([])
  })

  it('an invalid inventory: exit 1 naming the field, nothing written', async () => {
    const inventory = path.join(work, 'bad.inventory.json')
    fs.writeFileSync(inventory, JSON.stringify({ meterPoints: [{ id: '1200023305968', flag: 'A', effectiveFrom: '20211104' }], devices: [] }))
    const out = freshOut()
    const r = (await run(set(base('first-install', out), '--inventory', inventory)))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('meterPoints[0].id')
    expect(listing(out)).toEqual([])
  })

  it('a missing events file: exit 1 naming it', async () => {
    const r = (await run(set(base('first-install', freshOut()), '--events', 'no/such/events.ndjson')))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('no/such/events.ndjson')
  })

  it('refuses to overwrite: a name already in DIR is exit 1, and nothing of the run is written', async () => {
    const out = freshOut()
    fs.mkdirSync(out)
    // The second file's name is taken (by a file that may have been sent): the first is not written either.
    fs.writeFileSync(path.join(out, 'D0350_LOND_0000000002.txt'), 'sent yesterday')
    const r = (await run([...base('twin-element', out, '20211201120000', '1'), '--max-records', '1']))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('D0350_LOND_0000000002.txt')
    expect(r.stderr).toContain('nothing is written')
    expect(r.stdout).toBe('')
    expect(fs.readdirSync(out).sort()).toEqual(['D0350_LOND_0000000002.txt'])
    expect(fs.readFileSync(path.join(out, 'D0350_LOND_0000000002.txt'), 'latin1')).toBe('sent yesterday')
  })

  it('the same run twice: the second is refused (its files exist), the first run\'s files untouched', async () => {
    const out = freshOut()
    expect((await run(base('first-install', out))).code).toBe(0)
    const before = listing(out).map((f) => fs.readFileSync(path.join(out, f)))
    const again = (await run(base('first-install', out)))
    expect(again.code).toBe(1)
    expect(listing(out).map((f) => fs.readFileSync(path.join(out, f)))).toEqual(before)
  })

  it('a completed run leaves nothing else in DIR, hidden or not', async () => {
    const out = freshOut()
    expect((await run(base('london-dates', out))).code).toBe(0)
    expect(fs.readdirSync(out).every((f) => /^(D0350_[A-Z]{4}|DXI)_\d{10}\.txt$/.test(f))).toBe(true)
  })

  it('an --out that is a file: exit 1, nothing written', async () => {
    const out = path.join(work, 'not-a-dir')
    fs.writeFileSync(out, 'x')
    const r = (await run(base('first-install', out)))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('not-a-dir')
    expect(fs.readFileSync(out, 'latin1')).toBe('x')
  })
})

describe('dcc-flags notify: --now is the clock', () => {
  it('an event later than --now (London time) is rejected future_event, and its change is not sent', async () => {
    // london-dates has events at 2024-03-31T23:30Z and 2024-10-26T23:30Z: a clock between them.
    const out = freshOut()
    const r = (await run(base('london-dates', out, '20240601120000')))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^rejected \S+ future_event: /m)
  })
})

describe('dcc-flags notify: staged runs of another writer', () => {
  it('leaves them alone (the state database finishes or discards its own runs)', async () => {
    const { StagedFiles } = await import('../../src/io')
    const out = freshOut()
    fs.mkdirSync(path.join(out, StagedFiles.STAGING, 'db-1234-7'), { recursive: true })
    fs.writeFileSync(path.join(out, StagedFiles.STAGING, 'db-1234-7', 'D0350_LOND_0000000099.txt'), 'staged by the database')
    const r = await run(base('first-install', out))
    expect(r.code).toBe(0)
    expect(StagedFiles.listStaged(out).map((s) => s.runId)).toEqual(['db-1234-7'])
    expect(listing(out).filter((f) => f !== StagedFiles.STAGING)).toEqual(['D0350_LOND_0000000007.txt'])
  })
})
