import { describe, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { EventIds } from '../../src/engine/CompactReducer'

// Operations on the set, checked against a `Set`: ids from a small alphabet collide often.
const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), id: fc.string({ unit: fc.constantFrom('e', '1', '2', '-'), maxLength: 4 }) }),
  fc.record({ kind: fc.constant('reserve' as const), n: fc.nat(300) }),
  fc.record({ kind: fc.constant('copy' as const) }),
  fc.record({ kind: fc.constant('bulk' as const), from: fc.nat(1000), count: fc.nat(200) }),
)

describe('EventIds', () => {
  fcTest.prop([fc.array(op, { maxLength: 60 })])('answers like a Set through adds, reserves, growth and copies', (ops) => {
    let ids = new EventIds()
    const model = new Set<string>()
    const copies: Array<[EventIds, Set<string>]> = []
    const add = (id: string): void => {
      // the fold's pattern: has, then add when new
      expect(ids.has(id)).toBe(model.has(id))
      if (!model.has(id)) {
        ids.add(id)
        model.add(id)
      }
    }
    for (const o of ops) {
      if (o.kind === 'add') add(o.id)
      else if (o.kind === 'reserve') ids.reserve(model.size + o.n)
      else if (o.kind === 'bulk') for (let i = 0; i < o.count; i++) add(`b${o.from + i}`)
      else {
        copies.push([ids, new Set(model)])
        ids = new EventIds(ids)
      }
      expect(ids.size).toBe(model.size)
    }
    expect([...ids.values()]).toEqual([...model])
    for (const probe of ['', 'e', 'e1', 'b0', 'b999', 'x']) expect(ids.has(probe)).toBe(model.has(probe))
    // a copy is independent of what was added after it
    for (const [c, m] of copies) {
      expect([...c.values()]).toEqual([...m])
      expect(c.size).toBe(m.size)
    }
  })
})
