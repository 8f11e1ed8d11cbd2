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
import * as CompactReducer from '../../src/engine/CompactReducer'
import * as Synthetic from '../../src/engine/Synthetic'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import * as Mprn from '../../src/identifiers/Mprn'
import * as arbE from '../arbitraries/engine'

// the built-in policies take the coded fast path; a custom one goes through records
const custom = Policy.mp077With({ whitelistedCountsAsInstalled: true, name: 'mp077-whitelisted' })
const policy = fc.constantFrom(...Policy.names.map((n) => Policy.fromName(n)!), custom)

const view = (s: State.State) => ({ inventory: State.toInventory(s), events: Array.from(State.eventIds(s)).sort(), size: State.size(s) })

const decoded = (inv: Model.Inventory): Model.Inventory => {
  const r = Model.decodeInventory(inv)
  if (E.isLeft(r)) throw new Error(`arbitrary inventory is invalid: ${r.left.join('; ')}`)
  return r.right
}

const reads = (s: State.State, pools: arbE.Pools, eventCount: number) => ({
  meterPoints: [...pools.mpans, ...pools.mprns].map((id) => State.meterPoint(s, id) ?? null),
  devices: pools.devices.map((id) => State.device(s, id) ?? null),
  events: Array.from({ length: eventCount + 2 }, (_, i) => State.hasEvent(s, `e${i}`)),
})

describe('the compact store reads like the Map store', () => {
  // The overlay finds base records through hash tables, or through direct indexes once it is large
  // next to its base: both ways (small arbitrary bases; the switch itself is tested below).
  const withShare = (share: number, run: () => void): void => {
    const saved = CompactReducer.Overlay.directIndexShare
    CompactReducer.Overlay.directIndexShare = share
    try {
      run()
    } finally {
      CompactReducer.Overlay.directIndexShare = saved
    }
  }
  fcTest.prop([arbE.scenario, policy, fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom(0, Infinity)])(
    'same changes, rejections and reads after folding in chunks, for every policy (overlay indexes: direct or hashed)',
    ({ pools, inventory, events }, p, cutsRaw, share) => withShare(share, () => {
      const inv = decoded(inventory)
      const viaMap = State.fromInventory(inv, Store.fromRecords)
      const viaCompact = State.fromStore(CompactStore.fromInventory(inv))
      const viaBuilder = State.fromInventory(inv, CompactStore.fromRecords)
      expect(State.isCompact(viaCompact)).toBe(true)
      expect(State.isCompact(viaMap)).toBe(false)
      expect(view(viaCompact)).toEqual(view(viaMap))
      expect(view(viaBuilder)).toEqual(view(viaMap))
      const cuts = [...new Set(cutsRaw.map((c) => c % (events.length + 1)))].sort((x, y) => x - y)
      let a = viaMap
      let b = viaCompact
      let from = 0
      for (const to of [...cuts, events.length]) {
        const ra = Reducer.reduce(a, events.slice(from, to), { policy: p })
        const rb = Reducer.reduce(b, events.slice(from, to), { policy: p })
        expect(rb.changes).toEqual(ra.changes)
        expect(rb.rejected).toEqual(ra.rejected)
        a = ra.state
        b = rb.state
        from = to
      }
      expect(State.isCompact(b)).toBe(true)
      expect(view(b)).toEqual(view(a))
      expect(reads(b, pools, events.length)).toEqual(reads(a, pools, events.length))
      // compacting keeps every read and the store compact
      const c = State.compact(b)
      expect(State.isCompact(c)).toBe(true)
      expect(State.deltaSize(c)).toEqual({ meterPoints: 0, devices: 0, events: 0 })
      expect(reads(c, pools, events.length)).toEqual(reads(a, pools, events.length))
      expect(view(c)).toEqual(view(a))
    }),
  )

  fcTest.prop([arbE.scenario, policy])('the input compact state is never changed by a fold', ({ pools, inventory, events }, p) => {
    const s0 = State.fromStore(CompactStore.fromInventory(decoded(inventory)))
    const half = Reducer.reduce(s0, events.slice(0, events.length >> 1), { policy: p }).state
    const before = { view: view(half), reads: reads(half, pools, events.length) }
    const rest = events.slice(events.length >> 1)
    const out1 = Reducer.reduce(half, rest, { policy: p })
    const out2 = Reducer.reduce(half, rest, { policy: p })
    expect({ view: view(half), reads: reads(half, pools, events.length) }).toEqual(before)
    expect(out2.changes).toEqual(out1.changes)
    expect(view(out2.state)).toEqual(view(out1.state))
  })

  fcTest.prop([arbE.scenario, policy])('withMeterPoints records are kept by the next compact fold', ({ inventory, events }, p) => {
    const inv = decoded(inventory)
    const ra = Reducer.reduce(State.fromInventory(inv, Store.fromRecords), events, { policy: p })
    const rb = Reducer.reduce(State.fromStore(CompactStore.fromInventory(inv)), events, { policy: p })
    const mark = (s: State.State) =>
      State.withMeterPoints(
        s,
        Array.from(State.meterPoints(s))
          .filter((mp) => mp.flag !== null)
          .map((mp) => ({ ...mp, notified: { flag: mp.flag!, effectiveFrom: mp.effectiveFrom! }, held: { flag: mp.flag!, effectiveFrom: mp.effectiveFrom!, reason: 'test' } })),
      )
    const more = events.map((e) => ({ ...e, eventId: `again-${e.eventId}` }))
    const fa = Reducer.reduce(mark(ra.state), more, { policy: p })
    const fb = Reducer.reduce(mark(rb.state), more, { policy: p })
    expect(fb.changes).toEqual(fa.changes)
    expect(fb.rejected).toEqual(fa.rejected)
    expect(view(fb.state)).toEqual(view(fa.state))
  })

  fcTest.prop([arbE.pools.chain((p) => fc.tuple(fc.constant(p), arbE.inventory(p), arbE.ndjson(p))), policy])(
    'NDJSON replay on a compact state equals the Map state',
    ([, inventory, { text }], p) => {
      const inv = decoded(inventory)
      const a = Reducer.replayNdjson(State.fromInventory(inv, Store.fromRecords), text, { policy: p })
      const b = Reducer.replayNdjson(State.fromStore(CompactStore.fromInventory(inv)), text, { policy: p })
      expect(b.changes).toEqual(a.changes)
      expect(b.rejected).toEqual(a.rejected)
      expect(view(b.state)).toEqual(view(a.state))
    },
  )
})

describe('compact store', () => {
  it('grows past its capacity hints and answers every read', () => {
    const b = new CompactStore.Builder({ meterPoints: 16, devices: 16 })
    const n = 5000
    for (let i = 0; i < n; i++) {
      const m = b.addMeterPoint(Synthetic.mpanKey(i), 1 + (i % 5), 19000 + i)
      const d = b.addDevice(0x000d6f00, i, CompactStore.typeCode('ESME'), CompactStore.statusCode('Commissioned'))
      b.link(d, m)
    }
    const s = b.build()
    expect(s.size).toEqual({ meterPoints: n, devices: n, events: 0 })
    for (let i = 0; i < n; i += 37) {
      const id = MeterPointKey.idOf(Synthetic.mpanKey(i))
      const mp = s.meterPoint(id)!
      expect(mp.id).toBe(id)
      expect(mp.flag).toBe(CompactStore.flagByCode[1 + (i % 5)])
      expect(mp.effectiveFrom).toBe(CompactStore.dateOfCode(19000 + i))
      expect(mp.meters).toEqual([CompactStore.deviceIdOf(0x000d6f00, i)])
      expect(s.device(CompactStore.deviceIdOf(0x000d6f00, i))!.meterPoints).toEqual([id])
    }
    expect(s.meterPoint('1200023305967')).toBeUndefined()
    const ids = Array.from(s.meterPoints(), (mp) => mp.id)
    expect(ids).toEqual([...ids].sort())
    expect(ids.length).toBe(n)
  })

  it('keeps MPRNs with leading zeros apart from the same digits without them', () => {
    const short = Mprn.complete('0123') // 6 digits, leading zero
    const long = Mprn.complete('00000123')
    expect(short).not.toBe(long)
    const inv = decoded({
      meterPoints: [{ id: short, flag: 'A', effectiveFrom: '20240101' as never }, { id: long, flag: null }],
      devices: [{ id: '00-0D-6F-00-00-00-00-50' as never, type: 'GSME', status: 'Commissioned', meterPoints: [short] }],
    })
    const s = State.fromStore(CompactStore.fromInventory(inv))
    expect(State.meterPoint(s, short)?.id).toBe(short)
    expect(State.meterPoint(s, short)?.flag).toBe('A')
    expect(State.meterPoint(s, long)?.flag).toBeNull()
    expect(State.device(s, '00-0D-6F-00-00-00-00-50')?.meterPoints).toEqual([short])
    expect(State.toInventory(s)).toEqual(State.toInventory(State.fromInventory(inv, Store.fromRecords)))
  })

  fcTest.prop([fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })])('device ids round-trip through two halves', (hi, lo) => {
    const id = CompactStore.deviceIdOf(hi, lo)
    expect(CompactStore.deviceHi(id)).toBe(hi)
    expect(CompactStore.deviceLo(id)).toBe(lo)
  })

  // the reference: the 16 characters at the digit positions, read by parseInt when all are hex
  const halves = (id: string): [number, number] => {
    if (id.length !== 23) return [-1, -1]
    const at = [0, 1, 3, 4, 6, 7, 9, 10, 12, 13, 15, 16, 18, 19, 21, 22]
    const digits = at.map((i) => id[i]!)
    const half = (ds: string[]): number => (ds.every((c) => /^[0-9A-Fa-f]$/.test(c)) ? parseInt(ds.join(''), 16) : -1)
    return [half(digits.slice(0, 8)), half(digits.slice(8))]
  }
  fcTest.prop([
    fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFabcdef-'), minLength: 21, maxLength: 25 }),
      fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.nat(22), fc.constantFrom('G', '/', ':', '@', '`', 'g', '\u00c1', '\u0100', ' ')).map(
        ([hi, lo, at, c]) => { const id = CompactStore.deviceIdOf(hi, lo); return id.slice(0, at) + c + id.slice(at + 1) },
      ),
    ),
  ])('deviceHi and deviceLo read the digits of a 23-character id, and only those', (id) => {
    const [hi, lo] = halves(id)
    expect(CompactStore.deviceHi(id)).toBe(hi)
    expect(CompactStore.deviceLo(id)).toBe(lo)
  })

  fcTest.prop([fc.integer({ min: -200000, max: 200000 })])('date codes round-trip', (days) => {
    const d = CompactStore.dateOfCode(days)!
    expect(CompactStore.dateCode(d)).toBe(days)
  })

  it('a synthetic inventory and month of events replay the same on both stores, every event applied (the overlay switching to direct indexes on the way)', () => {
    const inv = Synthetic.inventory({ mpans: 3000, mprns: 2400, seed: 3 })
    const events = Synthetic.month(inv, { events: 6000, seed: 4 })
    const a = Reducer.reduce(State.fromInventory(inv, Store.fromRecords), events)
    const b = Reducer.reduce(State.fromStore(CompactStore.fromInventory(inv)), events)
    expect(a.rejected).toEqual([])
    expect(b.changes).toEqual(a.changes)
    expect(State.toInventory(b.state)).toEqual(State.toInventory(a.state))
    expect(a.changes.length).toBeGreaterThan(0)
    // the first 64 changed records fit the overlay's first capacity: below 1/8 of this base, hashed
    const overlay = (b.state.base as CompactReducer.Layered).overlay
    expect(overlay.dDirect).not.toBeNull()
    expect(overlay.mDirect).not.toBeNull()
    // and the same again in small folds, which begin hashed and switch later
    let s = State.fromStore(CompactStore.fromInventory(inv))
    const changes: Reducer.Change[] = []
    for (let i = 0; i < events.length; i += 50) {
      const r = Reducer.reduce(s, events.slice(i, i + 50))
      changes.push(...r.changes)
      s = r.state
    }
    expect(changes).toEqual(a.changes)
    expect(State.toInventory(s)).toEqual(State.toInventory(a.state))
  })
})
