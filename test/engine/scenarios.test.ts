import { describe, it, expect } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'

interface Scenario {
  readonly name: string
  readonly inventory: unknown
  readonly events: ReadonlyArray<unknown>
  readonly expect: Record<string, { changes: unknown[]; rejected: Array<{ eventId: string | null; code: string }> }>
}

const dir = join(__dirname, '..', 'fixtures', 'scenarios')
const scenarios: Scenario[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario)

const cases = scenarios.flatMap((s) => Policy.names.map((p) => [s.name, p, s] as const))

describe('scenarios (test/fixtures/scenarios) under every policy', () => {
  it('covers every scenario file and every policy', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(4)
    for (const s of scenarios) expect(Object.keys(s.expect).sort()).toEqual([...Policy.names].sort())
  })

  it.each(cases)('%s under %s', (_name, policyName, s) => {
    const inv = Model.decodeInventory(s.inventory)
    if (E.isLeft(inv)) throw new Error(inv.left.join('\n'))
    const events = s.events.map((u) => {
      const r = Model.decodeEvent(u)
      if (E.isLeft(r)) throw new Error(r.left.join('\n'))
      return r.right
    })
    const policy = Policy.fromName(policyName)!
    const out = Reducer.reduce(State.fromInventory(inv.right), events, { policy })
    const expected = s.expect[policyName]!
    expect(out.changes).toEqual(expected.changes)
    expect(out.rejected.map((r) => ({ eventId: r.eventId, code: r.code }))).toEqual(expected.rejected)
  })

  it.each(cases)('%s under %s: NDJSON replay gives the same', (_name, policyName, s) => {
    const inv = Model.decodeInventory(s.inventory)
    if (E.isLeft(inv)) throw new Error(inv.left.join('\n'))
    const text = s.events.map((e) => JSON.stringify(e)).join('\n') + '\n'
    const out = Reducer.replayNdjson(State.fromInventory(inv.right), text, { policy: Policy.fromName(policyName)! })
    const expected = s.expect[policyName]!
    expect(out.changes).toEqual(expected.changes)
    expect(out.rejected.map((r) => ({ eventId: r.eventId, code: r.code }))).toEqual(expected.rejected)
  })
})
