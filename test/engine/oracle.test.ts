// The production engine against the oracle (test/oracle): the same changes, rejections (codes and
// messages) and reads, for every built-in policy, `mp077With` variants, a user's own policy, and
// strict and non-strict lifecycles; folding in chunks, from NDJSON text, from older states,
// after State.withMeterPoints and State.compact.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Lifecycle from '../../src/engine/Lifecycle'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as Mprn from '../../src/identifiers/Mprn'
import * as Synthetic from '../../bench/Synthetic'
import * as Oracle from '../oracle/Oracle'
import * as arbE from '../arbitraries/engine'
import { policies } from '../arbitraries/policies'

const policy = fc.constantFrom(...policies)
const lifecycle = fc.constantFrom(Lifecycle.strict, Lifecycle.permissive, Lifecycle.extend(Lifecycle.strict, { Recovered: ['Suspended'], Commissioned: ['Pending'] }))

const decoded = (inv: Model.Inventory): Model.Inventory => {
  const r = Model.decodeInventory(inv)
  if (E.isLeft(r)) throw new Error(`arbitrary inventory is invalid: ${r.left.join('; ')}`)
  return r.right
}

const view = (s: State.State) => ({ inventory: State.toInventory(s), events: Array.from(State.eventIds(s)).sort(), size: State.size(s) })
const oracleView = (s: Oracle.OracleState) => ({
  inventory: Oracle.toInventory(s),
  events: [...s.events].sort(),
  size: { meterPoints: s.meterPoints.size, devices: s.devices.size, events: s.events.size },
})

const reads = (s: State.State, pools: arbE.Pools) => ({
  meterPoints: [...pools.mpans, ...pools.mprns].map((id) => State.meterPoint(s, id) ?? null),
  devices: pools.devices.map((id) => State.device(s, id) ?? null),
})
const oracleReads = (s: Oracle.OracleState, pools: arbE.Pools) => ({
  meterPoints: [...pools.mpans, ...pools.mprns].map((id) => s.meterPoints.get(id) ?? null),
  devices: pools.devices.map((id) => s.devices.get(id) ?? null),
})

describe('the engine against the oracle', () => {
  fcTest.prop([arbE.scenario, policy, lifecycle, fc.array(fc.nat(), { maxLength: 4 })])(
    'same changes, rejections and reads, folded in chunks, for every policy and lifecycle',
    ({ pools, inventory, events }, p, l, cutsRaw) => {
      const inv = decoded(inventory)
      let s = State.fromInventory(inv)
      let o = Oracle.fromInventory(inv)
      expect(view(s)).toEqual(oracleView(o))
      const cuts = [...new Set(cutsRaw.map((c) => c % (events.length + 1)))].sort((x, y) => x - y)
      let from = 0
      for (const to of [...cuts, events.length]) {
        const a = Reducer.reduce(s, events.slice(from, to), { policy: p, lifecycle: l })
        const b = Oracle.reduce(o, events.slice(from, to), { policy: p, lifecycle: l })
        expect(a.changes).toEqual(b.changes)
        expect(a.rejected).toEqual(b.rejected)
        s = a.state
        o = b.state
        from = to
      }
      expect(view(s)).toEqual(oracleView(o))
      expect(reads(s, pools)).toEqual(oracleReads(o, pools))
      for (let i = 0; i < events.length + 2; i++) expect(State.hasEvent(s, `e${i}`)).toBe(o.events.has(`e${i}`))
    },
  )

  fcTest.prop([arbE.pools.chain((p) => fc.tuple(fc.constant(p), arbE.inventory(p), arbE.ndjson(p))), policy])(
    'NDJSON text (with malformed lines) replays as the oracle folds its decodable lines',
    ([pools, inventory, { text }], p) => {
      const inv = decoded(inventory)
      const a = Reducer.replayNdjson(State.fromInventory(inv), text, { policy: p })
      const parsed = Model.parseEvents(text)
      const b = Oracle.reduce(Oracle.fromInventory(inv), parsed.filter(E.isRight).map((r) => r.right), { policy: p })
      expect(a.changes).toEqual(b.changes)
      expect(a.rejected.filter((r) => r.code !== 'invalid_event')).toEqual(b.rejected)
      expect(a.rejected.filter((r) => r.code === 'invalid_event')).toEqual(parsed.filter(E.isLeft).map((r) => r.left))
      expect(view(a.state)).toEqual(oracleView(b.state))
      expect(reads(a.state, pools)).toEqual(oracleReads(b.state, pools))
    },
  )

  fcTest.prop([arbE.scenario, policy, fc.nat(), fc.nat()])(
    'older states stay readable and foldable: fold on, then fold again from the start and from the middle',
    ({ pools, inventory, events }, p, c1, c2) => {
      const inv = decoded(inventory)
      const cut = c1 % (events.length + 1)
      const s0 = State.fromInventory(inv)
      const o0 = Oracle.fromInventory(inv)
      const s1 = Reducer.reduce(s0, events.slice(0, cut), { policy: p }).state
      const o1 = Oracle.reduce(o0, events.slice(0, cut), { policy: p }).state
      const s2 = Reducer.reduce(s1, events.slice(cut), { policy: p }).state
      const o2 = Oracle.reduce(o1, events.slice(cut), { policy: p }).state
      // reading an older state, then the newest, then folding from an older one again
      expect(view(s1)).toEqual(oracleView(o1))
      expect(view(s2)).toEqual(oracleView(o2))
      const again = Reducer.reduce(s0, events.slice(c2 % (events.length + 1)), { policy: p })
      const oracleAgain = Oracle.reduce(o0, events.slice(c2 % (events.length + 1)), { policy: p })
      expect(again.changes).toEqual(oracleAgain.changes)
      expect(view(again.state)).toEqual(oracleView(oracleAgain.state))
      expect(view(s0)).toEqual(oracleView(o0))
      expect(reads(s1, pools)).toEqual(oracleReads(o1, pools))
      expect(view(s2)).toEqual(oracleView(o2))
    },
  )

  fcTest.prop([arbE.scenario, policy, fc.nat()])(
    'a state read while a fold from it is open reads as before the fold, and the fold goes on unharmed',
    ({ inventory, events }, p, c) => {
      const inv = decoded(inventory)
      const s0 = State.fromInventory(inv)
      const before = view(s0)
      const fold = Reducer.begin(s0, { policy: p })
      const cut = c % (events.length + 1)
      for (const e of events.slice(0, cut)) fold.push(e)
      expect(view(s0)).toEqual(before)
      for (const e of events.slice(cut)) fold.push(e)
      const out = fold.finish()
      const ref = Oracle.reduce(Oracle.fromInventory(inv), events, { policy: p })
      expect(out.changes).toEqual(ref.changes)
      expect(view(out.state)).toEqual(oracleView(ref.state))
      expect(view(s0)).toEqual(before)
    },
  )

  fcTest.prop([arbE.scenario, policy])('State.compact and State.withMeterPoints change no read, and folds go on from them the same', ({ pools, inventory, events }, p) => {
    const inv = decoded(inventory)
    const half = events.length >> 1
    const s = Reducer.reduce(State.fromInventory(inv), events.slice(0, half), { policy: p }).state
    const o = Oracle.reduce(Oracle.fromInventory(inv), events.slice(0, half), { policy: p }).state
    const c = State.compact(s)
    expect(view(c)).toEqual(oracleView(o))
    expect(State.diff(c)).toEqual({ meterPoints: [], devices: [], deletedDevices: [], eventIds: [] })
    // the outbox's writes: notified pairs on every flagged meter point
    const flagged = Array.from(State.meterPoints(c)).filter((mp) => mp.flag !== null && mp.effectiveFrom !== null)
    const notified = flagged.map((mp) => ({ ...mp, notified: { flag: mp.flag!, effectiveFrom: mp.effectiveFrom! } }))
    const w = State.withMeterPoints(c, notified)
    const ow: Oracle.OracleState = { ...o, meterPoints: new Map([...o.meterPoints, ...notified.map((mp) => [mp.id, { ...o.meterPoints.get(mp.id)!, notified: mp.notified }] as const)]) }
    expect(view(w)).toEqual(oracleView(ow))
    const a = Reducer.reduce(w, events.slice(half), { policy: p })
    const b = Oracle.reduce(ow, events.slice(half), { policy: p })
    expect(a.changes).toEqual(b.changes)
    expect(a.rejected).toEqual(b.rejected)
    expect(view(a.state)).toEqual(oracleView(b.state))
    expect(reads(a.state, pools)).toEqual(oracleReads(b.state, pools))
  })

  it('a synthetic inventory and month replay as the oracle folds them, in one fold and in small ones', () => {
    const inv = Synthetic.inventory({ mpans: 3000, mprns: 2400, seed: 3 })
    const events = Synthetic.month(inv, { events: 6000, seed: 4 })
    const o = Oracle.reduce(Oracle.fromInventory(inv), events)
    const a = Reducer.reduce(State.fromInventory(inv), events)
    expect(a.rejected).toEqual([])
    expect(a.changes).toEqual(o.changes)
    expect(a.changes.length).toBeGreaterThan(0)
    expect(State.toInventory(a.state)).toEqual(Oracle.toInventory(o.state))
    const text = events.map((e) => JSON.stringify(e)).join('\n')
    let s = State.fromInventory(inv)
    const changes: Model.Change[] = []
    const lines = text.split('\n')
    for (let i = 0; i < lines.length; i += 50) {
      const r = Reducer.replayNdjson(s, lines.slice(i, i + 50).join('\n'))
      changes.push(...r.changes)
      s = r.state
    }
    expect(changes).toEqual(o.changes)
    expect(State.toInventory(s)).toEqual(Oracle.toInventory(o.state))
  })

  it('keeps MPRNs with leading zeros apart from the same digits without them', () => {
    const short = Mprn.complete('0123') // 6 digits, leading zero
    const long = Mprn.complete('00000123')
    expect(short).not.toBe(long)
    const inv = decoded({
      meterPoints: [{ id: short, flag: 'A', effectiveFrom: '20240101' as never }, { id: long, flag: null }],
      devices: [{ id: '00-0D-6F-00-00-00-00-50' as never, type: 'GSME', status: 'Commissioned', meterPoints: [short] }],
    })
    const s = State.fromInventory(inv)
    expect(State.meterPoint(s, short)?.flag).toBe('A')
    expect(State.meterPoint(s, long)?.flag).toBeNull()
    expect(State.device(s, '00-0D-6F-00-00-00-00-50')?.meterPoints).toEqual([short])
    expect(State.toInventory(s)).toEqual(Oracle.toInventory(Oracle.fromInventory(inv)))
  })
})
