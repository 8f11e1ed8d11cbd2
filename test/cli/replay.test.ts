// `dcc-flags replay` through the built bin: every scenario × policy gives exactly its expected
// changes and rejections; bad input is reported with file, line and field.
import { beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { FIXTURES, ROOT, runBin, tmpDir } from './bin'

const SCENARIOS = path.join(FIXTURES, 'scenarios')
const POLICIES = ['mp077', 'dspAsBuilt', 'businessRequirements', 'legacySec'] as const

interface Scenario {
  name: string
  inventory: unknown
  events: unknown[]
  expect: Record<string, { changes: unknown[]; rejected: Array<{ eventId: string; code: string }> }>
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

const scenarios: Scenario[] = fs
  .readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(SCENARIOS, f), 'utf8')))

describe.each(scenarios)('replay $name', (s) => {
  it.each(POLICIES)('under %s', (policy) => {
    const inv = write(`${s.name}.inventory.json`, JSON.stringify(s.inventory))
    const ev = write(`${s.name}.events.ndjson`, s.events.map((e) => JSON.stringify(e)).join('\n') + '\n')
    const r = runBin(['replay', '--inventory', inv, '--events', ev, '--policy', policy])
    const expected = s.expect[policy]!
    expect(r.code).toBe(expected.rejected.length > 0 ? 1 : 0)
    const out = JSON.parse(r.stdout.toString('utf8'))
    expect(out.changes).toEqual(expected.changes)
    expect(out.rejected.map((x: { eventId: string; code: string }) => ({ eventId: x.eventId, code: x.code }))).toEqual(expected.rejected)
  })
})

describe('replay input errors', () => {
  it('a malformed events line is a rejection naming the line; the rest still runs', () => {
    const s = scenarios.find((x) => x.name === 'first-install')!
    const inv = write('fi.inventory.json', JSON.stringify(s.inventory))
    const lines = s.events.map((e) => JSON.stringify(e))
    lines.splice(2, 0, '{"eventId":"bad","at":"2021-11-04T09:06:00","type":"StatusChanged","deviceId":"00-0D-6F-00-00-00-00-01","status":"Whitelisted"}')
    const ev = write('fi.events.ndjson', lines.join('\n') + '\n')
    const r = runBin(['replay', '--inventory', inv, '--events', ev])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout.toString('utf8'))
    expect(out.rejected).toHaveLength(1)
    expect(out.rejected[0].code).toBe('invalid_event')
    expect(out.rejected[0].message).toMatch(/line 3/)
    expect(out.rejected[0].message).toMatch(/at/)
    expect(out.changes).toEqual(s.expect['mp077']!.changes)
    expect(r.stderr).toContain('invalid_event')
  })
  it('an invalid inventory names the file and the path, exit 1', () => {
    const inv = write('bad.inventory.json', JSON.stringify({ meterPoints: [{ id: '1200023305968', flag: 'A' }], devices: [] }))
    const ev = write('empty.ndjson', '')
    const r = runBin(['replay', '--inventory', inv, '--events', ev])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad.inventory.json')
    expect(r.stderr).toMatch(/1200023305968/)
  })
  it('unknown policy and missing options are usage errors (exit 2)', () => {
    expect(runBin(['replay', '--inventory', 'x', '--events', 'y', '--policy', 'nope']).code).toBe(2)
    expect(runBin(['replay', '--events', 'y']).code).toBe(2)
  })
})
