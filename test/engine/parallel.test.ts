import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as Store from '../../src/engine/Store'
import * as CompactStore from '../../src/engine/CompactStore'
import * as Parallel from '../../src/engine/Parallel'
import * as Synthetic from '../../src/engine/Synthetic'
import * as arbE from '../arbitraries/engine'

const policy = fc.constantFrom(...Policy.names.map((n) => Policy.fromName(n)!), Policy.mp077With({ whitelistedCountsAsInstalled: true, name: 'w' }))
const view = (s: State.State) => ({ inventory: State.toInventory(s), events: Array.from(State.eventIds(s)).sort(), size: State.size(s) })

const startState = (inv: Model.Inventory, compact: boolean): State.State => {
  const r = Model.decodeInventory(inv)
  if (E.isLeft(r)) throw new Error(r.left.join('; '))
  return compact ? State.fromStore(CompactStore.fromInventory(r.right)) : State.fromInventory(r.right, Store.fromRecords)
}

describe('sharded replay', () => {
  fcTest.prop([arbE.scenario, policy, fc.integer({ min: 1, max: 4 }), fc.boolean()])(
    'split, fold each partition, merge: exactly the single-thread result',
    ({ inventory, events }, p, n, compact) => {
      const s0 = startState(inventory, compact)
      const single = Reducer.reduce(s0, events, { policy: p })
      const parts = Parallel.split(s0, events, n)
      expect(parts.length).toBe(n)
      const merged = Parallel.merge(parts, parts.map((part) => Parallel.run(part, { policy: p })), events.length)
      expect(merged.changes).toEqual(single.changes)
      expect(merged.rejected).toEqual(single.rejected)
      expect(merged.state).not.toBeNull()
      expect(view(merged.state!)).toEqual(view(single.state))
    },
  )

  it('a synthetic month on 4 partitions: every partition has work, the result is the single-thread one', () => {
    const inv = Synthetic.inventory({ mpans: 400, mprns: 300, seed: 5 })
    const events = Synthetic.month(inv, { events: 3000, seed: 6 })
    const s0 = State.fromStore(CompactStore.fromInventory(inv))
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
