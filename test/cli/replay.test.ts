// `dcc-flags replay` through the built bin: every scenario × policy gives exactly its expected
// changes and rejections; bad input is reported with file, line and field.
import { beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { FIXTURES, ROOT, runBin, runCli, tmpDir } from './bin'

const SCENARIOS = path.join(FIXTURES, 'scenarios')
const POLICIES = ['mp077', 'dspAsBuilt', 'businessRequirements', 'legacySec'] as const

// test/engine/scenarios.test.ts describes the fixture format.
interface Scenario {
  name: string
  inventory: unknown
  asOf?: string
  inventoryWarnings?: Array<{ path: string }>
  events: unknown[]
  expect: Record<string, { changes: unknown[]; rejected: Array<{ eventId: string; code: string }> }>
}
/** A scenario of an invalid inventory: nothing is replayed. */
interface InvalidScenario {
  name: string
  inventory: unknown
  inventoryErrors: Array<{ path: string }>
  events: unknown[]
}

let work: string
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('cli-replay')
})

const write = (name: string, content: string): string => {
  const f = path.join(work, name)
  fs.writeFileSync(f, content)
  return f
}

const all: Array<Scenario | InvalidScenario> = fs
  .readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(SCENARIOS, f), 'utf8')))
const scenarios = all.filter((s): s is Scenario => !('inventoryErrors' in s))
const invalid = all.filter((s): s is InvalidScenario => 'inventoryErrors' in s)

describe.each(scenarios)('replay $name', (s) => {
  it.each(POLICIES)('under %s', async (policy) => {
    const inv = write(`${s.name}.inventory.json`, JSON.stringify(s.inventory))
    const ev = write(`${s.name}.events.ndjson`, s.events.map((e) => JSON.stringify(e)).join('\n') + '\n')
    const asOf = s.asOf === undefined ? [] : ['--as-of', s.asOf]
    const r = (await runCli(['replay', '--inventory', inv, '--events', ev, '--policy', policy, ...asOf]))
    const expected = s.expect[policy]!
    expect(r.code).toBe(expected.rejected.length > 0 ? 1 : 0)
    const out = JSON.parse(r.stdout.toString('utf8'))
    expect(out.changes).toEqual(expected.changes)
    expect(out.rejected.map((x: { eventId: string; code: string }) => ({ eventId: x.eventId, code: x.code }))).toEqual(expected.rejected)
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '))
    expect(warnings).toHaveLength(s.inventoryWarnings?.length ?? 0)
    s.inventoryWarnings?.forEach((w, i) => expect(warnings[i]).toContain(`${s.name}.inventory.json: ${w.path}: `))
  })
})

describe.each(invalid)('replay $name (an invalid inventory)', (s) => {
  it('exit 1, nothing replayed, every problem named with the file and its path', async () => {
    const inv = write(`${s.name}.inventory.json`, JSON.stringify(s.inventory))
    const ev = write(`${s.name}.events.ndjson`, s.events.map((e) => JSON.stringify(e)).join('\n') + '\n')
    const r = (await runCli(['replay', '--inventory', inv, '--events', ev]))
    expect(r.code).toBe(1)
    expect(r.stdout.length).toBe(0)
    expect(r.stderr).toContain(`${s.name}.inventory.json`)
    for (const p of s.inventoryErrors) expect(r.stderr).toContain(`${p.path}: `)
  })
})

describe('replay input errors', () => {
  it('a malformed events line is a rejection naming the line; the rest still runs', async () => {
    const s = scenarios.find((x) => x.name === 'first-install')!
    const inv = write('fi.inventory.json', JSON.stringify(s.inventory))
    const lines = s.events.map((e) => JSON.stringify(e))
    lines.splice(2, 0, '{"eventId":"bad","at":"2021-11-04T09:06:00","type":"StatusChanged","deviceId":"00-0D-6F-00-00-00-00-01","status":"Whitelisted"}')
    const ev = write('fi.events.ndjson', lines.join('\n') + '\n')
    const r = (await runCli(['replay', '--inventory', inv, '--events', ev]))
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout.toString('utf8'))
    expect(out.rejected).toHaveLength(1)
    expect(out.rejected[0].code).toBe('invalid_event')
    expect(out.rejected[0].message).toMatch(/line 3/)
    expect(out.rejected[0].message).toMatch(/at/)
    expect(out.changes).toEqual(s.expect['mp077']!.changes)
    expect(r.stderr).toContain('invalid_event')
  })
  it('an invalid inventory names the file and the path, exit 1', async () => {
    const inv = write('bad.inventory.json', JSON.stringify({ meterPoints: [{ id: '1200023305968', flag: 'A' }], devices: [] }))
    const ev = write('empty.ndjson', '')
    const r = (await runCli(['replay', '--inventory', inv, '--events', ev]))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad.inventory.json')
    expect(r.stderr).toMatch(/1200023305968/)
  })
  it('unknown policy and missing options are usage errors (exit 2)', async () => {
    expect((await runCli(['replay', '--inventory', 'x', '--events', 'y', '--policy', 'nope'])).code).toBe(2)
    expect((await runCli(['replay', '--events', 'y'])).code).toBe(2)
  })
})

describe('replay streams its inputs (#12)', () => {
  const s = () => scenarios.find((x) => x.name === 'first-install')!
  it('--inventory - and --events - together: a usage error, not empty events', async () => {
    const r = runBin(['replay', '--inventory', '-', '--events', '-'], { input: JSON.stringify(s().inventory) })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('standard input')
    expect(r.stdout.length).toBe(0)
  })

  it('the inventory from standard input, the events from a file (and the other way round): the same output', async () => {
    const inv = write('stdin.inventory.json', JSON.stringify(s().inventory))
    const evText = s().events.map((e) => JSON.stringify(e)).join('\n') + '\n'
    const ev = write('stdin.events.ndjson', evText)
    const files = (await runCli(['replay', '--inventory', inv, '--events', ev]))
    const a = runBin(['replay', '--inventory', '-', '--events', ev], { input: JSON.stringify(s().inventory) })
    const b = runBin(['replay', '--inventory', inv, '--events', '-'], { input: evText })
    expect(a.code).toBe(files.code)
    expect(a.stdout.equals(files.stdout)).toBe(true)
    expect(b.stdout.equals(files.stdout)).toBe(true)
  })

  it('an event line that is not UTF-8 is rejected invalid_event naming its line and byte offset (not read as U+FFFD)', async () => {
    const inv = write('utf8.inventory.json', JSON.stringify(s().inventory))
    const lines = s().events.map((e) => Buffer.from(JSON.stringify(e)))
    // The second event's status value gets a Latin-1 "é" (0xE9): not UTF-8.
    const bad = Buffer.from(JSON.stringify({ eventId: 'latin', at: '2021-11-04T09:06:00Z', type: 'StatusChanged', deviceId: '00-0D-6F-00-00-00-00-01', status: 'Whitelisted' }).replace('Whitelisted', 'Whitelist\u00e9d'), 'latin1')
    const all = Buffer.concat([lines[0]!, Buffer.from('\n'), bad, Buffer.from('\n'), ...lines.slice(1).flatMap((l) => [l, Buffer.from('\n')])])
    const ev = write('utf8.events.ndjson', all.toString('latin1'))
    fs.writeFileSync(ev, all)
    const r = (await runCli(['replay', '--inventory', inv, '--events', ev]))
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout.toString('utf8'))
    expect(out.rejected).toEqual([
      { eventId: null, code: 'invalid_event', message: `line 2: not UTF-8: byte 0xE9 at byte offset ${lines[0]!.length + 1 + bad.indexOf(0xe9)}` },
    ])
    expect(r.stdout.toString('utf8')).not.toContain('\ufffd')
    expect(out.changes).toEqual(s().expect['mp077']!.changes)
  })

  it('an inventory that is not UTF-8: exit 1 naming the path and byte offset', async () => {
    const text = Buffer.from(JSON.stringify(s().inventory), 'utf8')
    const at = text.indexOf('"devices"')
    const bytes = Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at)])
    const inv = path.join(work, 'latin.inventory.json')
    fs.writeFileSync(inv, bytes)
    const r = (await runCli(['replay', '--inventory', inv, '--events', write('none.ndjson', '')]))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`latin.inventory.json: `)
    expect(r.stderr).toContain(`not UTF-8: byte 0xFF at byte offset ${at}`)
  })

  it('a folder given as a file: exit 1 naming it, never an internal error', async () => {
    const r = runBin(['replay', '--inventory', work, '--events', work])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(work)
    expect(r.stderr).not.toContain('internal error')
  })
})

describe('replay --as-of', () => {
  it('an event later than --as-of is rejected future_event; a bad --as-of is a usage error', async () => {
    const s = scenarios.find((x) => x.name === 'first-install')!
    const inv = write('asof.inventory.json', JSON.stringify(s.inventory))
    const ev = write('asof.events.ndjson', s.events.map((e) => JSON.stringify(e)).join('\n') + '\n')
    const last = (s.events[s.events.length - 1] as { eventId: string; at: string })
    const r = (await runCli(['replay', '--inventory', inv, '--events', ev, '--as-of', '2021-11-04T09:00:00Z']))
    const out = JSON.parse(r.stdout.toString('utf8')) as { rejected: Array<{ eventId: string; code: string }> }
    expect(out.rejected.filter((x) => x.code === 'future_event').map((x) => x.eventId)).toContain(last.eventId)
    expect((await runCli(['replay', '--inventory', inv, '--events', ev, '--as-of', '2021-11-04'])).code).toBe(2)
  })
})
