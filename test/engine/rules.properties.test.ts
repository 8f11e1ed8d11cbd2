// Properties of the time-order rules (docs/rules.md sections 4–5), of State.fromRecords / State.diff
// (the database's way to fold a batch), and of the inventory checker.
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

const policies = [...Policy.names.map((n) => Policy.fromName(n)!), Policy.mp077With({ name: 'user', whitelistedCountsAsInstalled: true })]
const policy = fc.constantFrom(...policies)

const startState = (inv: Model.Inventory): State.State => {
  const r = Model.decodeInventory(inv)
  if (E.isLeft(r)) throw new Error(`arbitrary inventory is invalid: ${r.left.join('; ')}`)
  return State.fromInventory(r.right)
}
const view = (s: State.State) => ({ inventory: State.toInventory(s), events: Array.from(State.eventIds(s)).sort() })
const micros = (at: string): number => Instant.epochMicros(at)

/** Folds one event at a time, handing each step to `check`. */
const stepwise = (
  s0: State.State,
  events: ReadonlyArray<Model.Event>,
  options: Reducer.Options,
  check: (before: State.State, e: Model.Event, out: Reducer.Result) => void,
): State.State => {
  let s = s0
  for (const e of events) {
    const out = Reducer.reduce(s, [e], options)
    check(s, e, out)
    s = out.state
  }
  return s
}

describe('time-order rules', () => {
  fcTest.prop([arbE.scenario, policy, fc.nat()])(
    'future_event: every event later than asOf is rejected (if not invalid or a duplicate), and the fold equals the fold of the others',
    ({ inventory, events }, p, pick) => {
      if (events.length === 0) return
      const asOf = events[pick % events.length]!.at
      const out = Reducer.reduce(startState(inventory), events, { policy: p, asOf })
      const future = new Set(events.filter((e) => micros(e.at) > micros(asOf)))
      for (const r of out.rejected) if (r.code === 'future_event') expect([...future].some((e) => e.eventId === r.eventId)).toBe(true)
      const others = events.filter((e) => !future.has(e))
      const ref = Reducer.reduce(startState(inventory), others, { policy: p })
      expect(out.changes).toEqual(ref.changes)
      expect(view(out.state)).toEqual(view(ref.state))
      expect(out.rejected.length).toBe(ref.rejected.length + future.size)
    },
  )

  fcTest.prop([arbE.scenario, policy])(
    "out_of_order: a device's applied events go forward in time, each rejection names an event earlier than lastEventAt, and lastEventAt is the last applied instant",
    ({ inventory, events }, p) => {
      stepwise(startState(inventory), events, { policy: p }, (before, e, out) => {
        const d = State.device(before, (e as { deviceId: string }).deviceId)
        const late = d?.lastEventAt != null && micros(e.at) < micros(d.lastEventAt)
        const code = out.rejected[0]?.code
        if (code === 'out_of_order') expect(late).toBe(true)
        else if (late && e.type !== 'DeviceRegistered') expect(['duplicate_event', 'unknown_device', 'invalid_event']).toContain(code)
        if (out.rejected.length === 0 && e.type !== 'DeviceDeleted') {
          expect(State.device(out.state, e.deviceId)?.lastEventAt).toBe(Instant.ofEpochMicros(micros(e.at)))
        }
      })
    },
  )

  fcTest.prop([arbE.scenario, policy])(
    "effective-from: a change's date is the later of its event's London date and the meter point's current date",
    ({ inventory, events }, p) => {
      stepwise(startState(inventory), events, { policy: p }, (before, e, out) => {
        for (const c of out.changes) {
          const current = State.meterPoint(before, c.meterPoint)?.effectiveFrom ?? null
          const eventDate = Instant.londonDate(e.at)!
          expect(c.effectiveFrom).toBe(current !== null && current > eventDate ? current : eventDate)
          expect(State.meterPoint(out.state, c.meterPoint)?.effectiveFrom).toBe(c.effectiveFrom)
        }
      })
    },
  )

  fcTest.prop([arbE.scenario])(
    'dspAsBuilt: an unlink or deletion turns A to N only when the meter was Commissioned',
    ({ inventory, events }) => {
      stepwise(startState(inventory), events, { policy: Policy.dspAsBuilt }, (before, e, out) => {
        if (e.type !== 'MeterPointUnlinked' && e.type !== 'DeviceDeleted') return
        const status = State.device(before, e.deviceId)?.status
        for (const c of out.changes) {
          expect([c.from, c.to]).toEqual(['A', 'N'])
          expect(status).toBe('Commissioned')
        }
      })
    },
  )
})

describe('State.fromRecords and State.diff: a batch folded on its own records', () => {
  const recordsOf = (s: State.State) => ({ meterPoints: Array.from(State.meterPoints(s)), devices: Array.from(State.devices(s)), eventIds: Array.from(State.eventIds(s)) })

  fcTest.prop([arbE.scenario, policy, fc.nat({ max: 40 })])(
    'the records a batch touches, folded alone, give the changes and rejections of the whole state; diff written back gives its final records',
    ({ inventory, events }, p, cut) => {
      // some events already applied (a previous batch), then the batch
      const s0 = Reducer.reduce(startState(inventory), events.slice(0, cut), { policy: p }).state
      const batch = events.slice(cut)
      const whole = Reducer.reduce(s0, batch, { policy: p })
      // what a database loads: the batch's devices, their meter points, the meter points the batch
      // names, every device linked to those; and which of the batch's ids were applied already
      const all = recordsOf(s0)
      const deviceIds = new Set(batch.map((e) => e.deviceId as string))
      const mpIds = new Set<string>(batch.flatMap((e) => ('meterPoint' in e ? [e.meterPoint] : [])))
      for (const d of all.devices) if (deviceIds.has(d.id)) for (const m of d.meterPoints) mpIds.add(m)
      for (const d of all.devices) if (d.meterPoints.some((m) => mpIds.has(m))) deviceIds.add(d.id)
      const batchIds = new Set(batch.map((e) => e.eventId))
      const part = State.fromRecords({
        meterPoints: all.meterPoints.filter((m) => mpIds.has(m.id)),
        devices: all.devices.filter((d) => deviceIds.has(d.id)),
        eventIds: all.eventIds.filter((id) => batchIds.has(id)),
      })
      const folded = Reducer.reduce(part, batch, { policy: p })
      expect(folded.changes).toEqual(whole.changes)
      expect(folded.rejected).toEqual(whole.rejected)
      // write the diff back over all the records
      const d = State.diff(folded.state)
      const mps = new Map(all.meterPoints.map((m) => [m.id as string, m]))
      for (const m of d.meterPoints) mps.set(m.id, m)
      const devs = new Map(all.devices.map((x) => [x.id as string, x]))
      for (const x of d.devices) devs.set(x.id, x)
      for (const id of d.deletedDevices) devs.delete(id)
      const ids = new Set([...all.eventIds, ...d.eventIds])
      const after = recordsOf(whole.state)
      expect([...mps.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(after.meterPoints)
      expect([...devs.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(after.devices)
      expect([...ids].sort()).toEqual([...after.eventIds].sort())
    },
  )

  fcTest.prop([arbE.scenario, policy])('diff lists only what changed, in id order, and nothing for an untouched state', ({ inventory, events }, p) => {
    const s0 = startState(inventory)
    expect(State.diff(s0)).toEqual({ meterPoints: [], devices: [], deletedDevices: [], eventIds: [] })
    const out = Reducer.reduce(s0, events, { policy: p })
    const d = State.diff(out.state)
    const sorted = (xs: ReadonlyArray<string>) => [...xs].sort()
    expect(d.meterPoints.map((m) => m.id)).toEqual(sorted(d.meterPoints.map((m) => m.id)))
    expect(d.devices.map((m) => m.id)).toEqual(sorted(d.devices.map((m) => m.id)))
    expect(d.eventIds).toEqual(sorted(Array.from(State.eventIds(out.state))))
    for (const m of d.meterPoints) expect(m).not.toEqual(State.meterPoint(s0, m.id))
    for (const x of d.devices) expect(x).not.toEqual(State.device(s0, x.id))
    for (const id of d.deletedDevices) expect([State.device(s0, id) !== undefined, State.device(out.state, id)]).toEqual([true, undefined])
    for (const mp of State.meterPoints(out.state)) {
      if (!d.meterPoints.some((m) => m.id === mp.id)) expect(mp).toEqual(State.meterPoint(s0, mp.id))
    }
  })
})

describe('the inventory checker', () => {
  fcTest.prop([arbE.pools.chain((p) => arbE.inventory(p))])(
    'warns once for each meter point linked but not listed, and the state has it with a null flag',
    (inventory) => {
      const r = Model.decodeInventoryWithWarnings(inventory)
      if (E.isLeft(r)) throw new Error(r.left.join('; '))
      const listed = new Set(inventory.meterPoints.map((m) => m.id as string))
      const unlisted = new Set(inventory.devices.flatMap((d) => d.meterPoints ?? []).filter((m) => !listed.has(m)))
      expect(r.right.warnings.length).toBe(unlisted.size)
      for (const m of unlisted) {
        expect(r.right.warnings.filter((w) => w.includes(m)).length).toBe(1)
        expect(State.meterPoint(State.fromInventory(r.right.inventory), m)?.flag).toBeNull()
      }
    },
  )

  fcTest.prop([arbE.pools.chain((p) => arbE.inventory(p)), fc.nat(), fc.boolean()])(
    'a flag without its date (or a date without its flag) is an error naming the record',
    (inventory, pick, dropDate) => {
      const flagged = inventory.meterPoints.map((m, i) => [m, i] as const).filter(([m]) => m.flag != null)
      if (flagged.length === 0) return
      const [mp, i] = flagged[pick % flagged.length]!
      const broken = dropDate ? { ...mp, effectiveFrom: null } : { ...mp, flag: null }
      const r = Model.decodeInventory({ ...inventory, meterPoints: inventory.meterPoints.map((m, j) => (j === i ? broken : m)) })
      expect(E.isLeft(r) && r.left).toEqual([dropDate ? `meterPoints[${i}].effectiveFrom: flag ${mp.flag} needs its effectiveFrom date` : `meterPoints[${i}].flag: effectiveFrom ${mp.effectiveFrom} given without a flag`])
    },
  )

  fcTest.prop([arbE.pools.chain((p) => arbE.inventory(p)), fc.nat()])(
    'checking record by record, in any order, finds what the whole-value decoder finds',
    (inventory, seed) => {
      const dup = inventory.devices.length > 0 ? { ...inventory, devices: [...inventory.devices, inventory.devices[seed % inventory.devices.length]!] } : inventory
      const whole = Model.decodeInventoryWithWarnings(dup)
      const checker = new Model.InventoryChecker()
      const errors: string[] = []
      // devices first, then meter points: a streamed file may hold them in either order
      dup.devices.forEach((d, i) => {
        const r = checker.device(d, i)
        if (E.isLeft(r)) errors.push(...r.left)
      })
      dup.meterPoints.forEach((m, i) => {
        const r = checker.meterPoint(m, i)
        if (E.isLeft(r)) errors.push(...r.left)
      })
      const report = checker.finish()
      if (E.isLeft(whole)) expect(errors.sort()).toEqual([...whole.left].sort())
      else {
        expect(errors).toEqual([])
        expect(report.warnings).toEqual(whole.right.warnings)
      }
      expect([report.meterPoints, report.devices]).toEqual([dup.meterPoints.length, dup.devices.length])
    },
  )
})
