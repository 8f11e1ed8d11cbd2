import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as Lifecycle from '../../src/engine/Lifecycle'
import * as Parallel from '../../src/engine/Parallel'
import * as Synthetic from '../../bench/Synthetic'
import * as arbE from '../arbitraries/engine'
import { policies } from '../arbitraries/policies'

const policy = fc.constantFrom(...policies)
const lifecycle = fc.constantFrom(Lifecycle.strict, Lifecycle.permissive)
const view = (s: State.State) => ({ inventory: State.toInventory(s), events: Array.from(State.eventIds(s)).sort(), size: State.size(s) })

const startState = (inv: Model.Inventory): State.State => {
  const r = Model.decodeInventory(inv)
  if (E.isLeft(r)) throw new Error(r.left.join('; '))
  return State.fromInventory(r.right)
}

describe('sharded replay', () => {
  fcTest.prop([arbE.scenario, policy, lifecycle, fc.integer({ min: 1, max: 4 }), fc.boolean()])(
    'split, fold each partition, merge: exactly the single-thread result (every policy, strict and permissive lifecycles; as objects, or as NDJSON lines through plain data as a worker gets them)',
    ({ inventory, events }, p, l, n, asData) => {
      const s0 = startState(inventory)
      const single = Reducer.reduce(s0, events, { policy: p, lifecycle: l })
      const parts = Parallel.split(s0, events, n, asData ? events.map((e) => JSON.stringify(e)) : undefined)
      expect(parts.length).toBe(n)
      const worked = asData ? parts.map((part) => Parallel.fromData(structuredClone(Parallel.toData(part)))) : parts
      const merged = Parallel.merge(parts, worked.map((part) => Parallel.run(part, { policy: p, lifecycle: l })), events.length)
      expect(merged.changes).toEqual(single.changes)
      expect(merged.rejected).toEqual(single.rejected)
      expect(merged.state).not.toBeNull()
      expect(view(merged.state!)).toEqual(view(single.state))
    },
  )

  it('a synthetic month on 4 partitions: every partition has work, the result is the single-thread one', () => {
    const inv = Synthetic.inventory({ mpans: 400, mprns: 300, seed: 5 })
    const events = Synthetic.month(inv, { events: 3000, seed: 6 })
    const s0 = State.fromInventory(inv)
    const single = Reducer.reduce(s0, events)
    const parts = Parallel.split(s0, events, 4)
    for (const part of parts) expect(part.events.length).toBeGreaterThan(0)
    // partitioned by meter point: no event of this month goes to more than one partition (no twin relinks)
    expect(parts.reduce((a, part) => a + part.events.length, 0)).toBeLessThan(events.length * 1.05)
    const merged = Parallel.merge(parts, parts.map((part) => Parallel.run(part)), events.length)
    expect(merged.changes).toEqual(single.changes)
    expect(merged.rejected).toEqual(single.rejected)
    expect(State.toInventory(merged.state!)).toEqual(State.toInventory(single.state))
  })
})
