import { describe, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as Instant from '../../src/identifiers/Instant'
import * as arbE from '../arbitraries/engine'

const policies = Policy.names.map((n) => Policy.fromName(n)!)
const policy = fc.constantFrom(...policies)

// Everything a caller can read from a state, in a comparable form.
const view = (s: State.State) => ({ inventory: State.toInventory(s), events: Array.from(State.eventIds(s)).sort(), size: State.size(s) })

const startState = (inv: Model.Inventory): State.State => {
  const r = Model.decodeInventory(inv)
  if (E.isLeft(r)) throw new Error(`arbitrary inventory is invalid: ${r.left.join('; ')}`)
  return State.fromInventory(r.right)
}

const deepFreeze = (u: unknown): void => {
  if (typeof u !== 'object' || u === null || Object.isFrozen(u)) return
  Object.freeze(u)
  for (const v of Object.values(u)) deepFreeze(v)
}

describe('reducer properties', () => {
  fcTest.prop([arbE.scenario, policy])('every arbitrary inventory decodes', ({ inventory }, _p) => {
    expect(E.isRight(Model.decodeInventory(inventory))).toBe(true)
  })

  fcTest.prop([arbE.scenario, policy])('same input gives the same output', ({ inventory, events }, p) => {
    const a = Reducer.reduce(startState(inventory), events, { policy: p })
    const b = Reducer.reduce(startState(inventory), events, { policy: p })
    expect(a.changes).toEqual(b.changes)
    expect(a.rejected).toEqual(b.rejected)
    expect(view(a.state)).toEqual(view(b.state))
  })

  fcTest.prop([arbE.scenario, policy, fc.array(fc.nat(), { maxLength: 6 })])(
    'folding in consecutive chunks equals one fold (state, changes, rejections)',
    ({ inventory, events }, p, cutsRaw) => {
      const whole = Reducer.reduce(startState(inventory), events, { policy: p })
      const cuts = [...new Set(cutsRaw.map((c) => c % (events.length + 1)))].sort((x, y) => x - y)
      let state = startState(inventory)
      const changes: Reducer.Change[] = []
      const rejected: Model.Rejection[] = []
      let from = 0
      for (const to of [...cuts, events.length]) {
        const out = Reducer.reduce(state, events.slice(from, to), { policy: p })
        state = out.state
        changes.push(...out.changes)
        rejected.push(...out.rejected)
        from = to
      }
      expect(changes).toEqual(whole.changes)
      expect(rejected).toEqual(whole.rejected)
      expect(view(state)).toEqual(view(whole.state))
    },
  )

  fcTest.prop([arbE.scenario, policy])('every event is applied or rejected, none dropped', ({ inventory, events }, p) => {
    const s0 = startState(inventory)
    const out = Reducer.reduce(s0, events, { policy: p })
    const applied = State.size(out.state).events - State.size(s0).events
    expect(applied + out.rejected.length).toBe(events.length)
    for (const c of out.changes) expect(events.some((e) => e.eventId === c.eventId)).toBe(true)
  })

  fcTest.prop([arbE.scenario, policy])('replaying an applied event id is rejected and changes nothing', ({ inventory, events }, p) => {
    const out = Reducer.reduce(startState(inventory), events, { policy: p })
    const appliedIds = new Set(State.eventIds(out.state))
    for (const e of events.filter((x) => appliedIds.has(x.eventId))) {
      const again = Reducer.reduce(out.state, [e], { policy: p })
      expect(again.rejected.map((r) => [r.eventId, r.code])).toEqual([[e.eventId, 'duplicate_event']])
      expect(again.changes).toEqual([])
      expect(view(again.state)).toEqual(view(out.state))
    }
  })

  fcTest.prop([arbE.scenario, policy])('a rejected event leaves the state as it was', ({ inventory, events }, p) => {
    let state = startState(inventory)
    for (const e of events) {
      const before = view(state)
      const out = Reducer.reduce(state, [e], { policy: p })
      if (out.rejected.length > 0) {
        expect(out.changes).toEqual([])
        expect(view(out.state)).toEqual(before)
      }
      state = out.state
    }
  })

  fcTest.prop([arbE.scenario, policy])('a flag never returns to null, and each change starts from the flag held', ({ inventory, events }, p) => {
    const s0 = startState(inventory)
    const out = Reducer.reduce(s0, events, { policy: p })
    const current = new Map<string, string | null>()
    for (const mp of State.meterPoints(s0)) current.set(mp.id, mp.flag)
    for (const c of out.changes) {
      expect(c.to).not.toBeNull()
      expect(c.to).not.toBe(c.from)
      expect(c.from).toBe(current.get(c.meterPoint) ?? null)
      current.set(c.meterPoint, c.to)
    }
    for (const mp of State.meterPoints(s0)) {
      if (mp.flag !== null) expect(State.meterPoint(out.state, mp.id)?.flag).not.toBeNull()
    }
    for (const mp of State.meterPoints(out.state)) expect(mp.flag).toBe(current.get(mp.id) ?? null)
  })

  fcTest.prop([arbE.scenario, policy])('each policy only produces its own flags', ({ inventory, events }, p) => {
    const out = Reducer.reduce(startState(inventory), events, { policy: p })
    const allowed: Record<string, string[]> = {
      mp077: ['A', 'N', 'I'],
      dspAsBuilt: ['A', 'N'],
      businessRequirements: ['A', 'N'],
      legacySec: ['A', 'S', 'W'],
    }
    for (const c of out.changes) {
      expect(allowed[p.name]).toContain(c.to)
      expect(c.policy).toBe(p.name)
    }
  })

  fcTest.prop([arbE.scenario, policy])('changes of one event are in meter point id order', ({ inventory, events }, p) => {
    const out = Reducer.reduce(startState(inventory), events, { policy: p })
    for (let i = 1; i < out.changes.length; i++) {
      const a = out.changes[i - 1]!
      const b = out.changes[i]!
      if (a.eventId === b.eventId) expect(a.meterPoint < b.meterPoint).toBe(true)
    }
  })

  fcTest.prop([arbE.scenario, policy])('the input state is not mutated (frozen records, same view)', ({ inventory, events }, p) => {
    const first = Reducer.reduce(startState(inventory), events.slice(0, events.length >> 1), { policy: p }).state
    for (const mp of State.meterPoints(first)) deepFreeze(mp)
    for (const d of State.devices(first)) deepFreeze(d)
    const before = view(first)
    const out = Reducer.reduce(first, events.slice(events.length >> 1), { policy: p })
    expect(view(first)).toEqual(before)
    // and the same events again from the same (unchanged) state give the same result
    const again = Reducer.reduce(first, events.slice(events.length >> 1), { policy: p })
    expect(view(again.state)).toEqual(view(out.state))
    expect(again.changes).toEqual(out.changes)
  })

  fcTest.prop([arbE.scenario, policy])('State.compact changes no read', ({ pools, inventory, events }, p) => {
    const s = Reducer.reduce(startState(inventory), events, { policy: p }).state
    const c = State.compact(s)
    expect(State.diff(c)).toEqual({ meterPoints: [], devices: [], deletedDevices: [], eventIds: [] })
    expect(view(c)).toEqual(view(s))
    for (const id of [...pools.mpans, ...pools.mprns]) expect(State.meterPoint(c, id)).toEqual(State.meterPoint(s, id))
    for (const id of pools.devices) expect(State.device(c, id)).toEqual(State.device(s, id))
    for (let i = 0; i < events.length + 2; i++) expect(State.hasEvent(c, `e${i}`)).toBe(State.hasEvent(s, `e${i}`))
    // and folding on from either gives the same
    const more = events.map((e) => ({ ...e, eventId: `again-${e.eventId}` }))
    const fromS = Reducer.reduce(s, more, { policy: p })
    const fromC = Reducer.reduce(c, more, { policy: p })
    expect(fromC.changes).toEqual(fromS.changes)
    expect(fromC.rejected).toEqual(fromS.rejected)
    expect(view(fromC.state)).toEqual(view(fromS.state))
  })

  fcTest.prop([arbE.scenario, policy])('fromInventory ∘ toInventory is the identity on reads', ({ pools, inventory, events }, p) => {
    const s = Reducer.reduce(startState(inventory), events, { policy: p }).state
    const inv = State.toInventory(s)
    const decoded = Model.decodeInventory(JSON.parse(JSON.stringify(inv)))
    expect(E.isRight(decoded)).toBe(true)
    if (E.isLeft(decoded)) return
    const back = State.fromInventory(decoded.right)
    expect(State.toInventory(back)).toEqual(inv)
    for (const id of [...pools.mpans, ...pools.mprns]) expect(State.meterPoint(back, id)).toEqual(State.meterPoint(s, id))
    for (const id of pools.devices) expect(State.device(back, id)).toEqual(State.device(s, id))
  })

  fcTest.prop([arbE.scenario])('toInventory ∘ fromInventory keeps every given meter point and device', ({ inventory }) => {
    const out = State.toInventory(startState(inventory))
    for (const mp of inventory.meterPoints) {
      const got = out.meterPoints.find((x) => x.id === mp.id)
      expect(got?.flag).toBe(mp.flag ?? null)
      expect(got?.effectiveFrom).toBe(mp.effectiveFrom ?? null)
      expect(got?.notified).toEqual(mp.notified ?? null)
    }
    for (const d of inventory.devices) {
      const got = out.devices.find((x) => x.id === d.id)
      const last = d.lastEventAt ? { lastEventAt: Instant.ofEpochMicros(Instant.epochMicros(d.lastEventAt)) } : {}
      expect(got).toEqual({ id: d.id, type: d.type, ...(d.status ? { status: d.status } : {}), meterPoints: d.meterPoints ?? [], ...last })
      for (const mp of d.meterPoints ?? []) expect(out.meterPoints.some((x) => x.id === mp)).toBe(true)
    }
  })

  fcTest.prop([arbE.pools.chain((p) => fc.tuple(fc.constant(p), arbE.inventory(p), arbE.ndjson(p))), policy])(
    'NDJSON with malformed lines: every line is applied or rejected, in input order, and matches reduce',
    ([, inventory, { text, lines }], p) => {
      const s0 = startState(inventory)
      const out = Reducer.replayNdjson(s0, text, { policy: p })
      const applied = State.size(out.state).events - State.size(s0).events
      expect(applied + out.rejected.length).toBe(lines)
      const parsed = Model.parseEvents(text)
      expect(parsed.length).toBe(lines)
      const good = parsed.filter(E.isRight).map((r) => r.right)
      const direct = Reducer.reduce(s0, good, { policy: p })
      expect(out.changes).toEqual(direct.changes)
      expect(view(out.state)).toEqual(view(direct.state))
      const invalid = out.rejected.filter((r) => r.code === 'invalid_event')
      expect(invalid.length).toBe(parsed.filter(E.isLeft).length)
      for (const r of invalid) expect(r.message).toMatch(/^line \d+: /)
    },
  )
})
