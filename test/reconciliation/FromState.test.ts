import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as FromState from '../../src/reconciliation/FromState'
import * as Reconcile from '../../src/reconciliation/Reconcile'
import * as Impact from '../../src/reconciliation/Impact'
import * as arbE from '../arbitraries/engine'

const MPAN = '1200023305967'
const MPAN2 = '1200010000000'
const MPRN = '3938424403'
const E1 = '00-0D-6F-00-00-00-00-01'
const E2 = '00-0D-6F-00-00-00-00-02'
const G1 = '00-0D-6F-00-00-00-00-11'

const stateOf = (inv: unknown): State.State => {
  const r = State.decode(inv)
  if (E.isLeft(r)) throw new Error(`test inventory is invalid: ${r.left.join('; ')}`)
  return r.right
}

const startState = (inv: Model.Inventory): State.State => {
  const r = Model.decodeInventory(inv)
  if (E.isLeft(r)) throw new Error(`arbitrary inventory is invalid: ${r.left.join('; ')}`)
  return State.fromInventory(r.right)
}

// One meter point per case: its stored flag and the statuses of its linked ESMEs.
const single = (flag: string | null, statuses: ReadonlyArray<string>): State.State =>
  stateOf({
    meterPoints: [flag === null ? { id: MPAN, flag: null } : { id: MPAN, flag, effectiveFrom: '20200101' }],
    devices: statuses.map((status, i) => ({ id: `00-0D-6F-00-00-00-01-0${i}`, type: 'ESME', status, meterPoints: [MPAN] })),
  })

const derived = (policy: Policy.Policy, flag: string | null, statuses: ReadonlyArray<string>) =>
  [...FromState.expectedOf(single(flag, statuses), { derive: policy })][0]!

describe('FromState.expectedOf without derivation', () => {
  it('gives every meter point with its stored pair and its linked smart meters, in id order', () => {
    const state = stateOf({
      meterPoints: [
        { id: MPRN, flag: 'N', effectiveFrom: '20220301' },
        { id: MPAN, flag: 'A', effectiveFrom: '20211104' },
      ],
      devices: [
        { id: E2, type: 'ESME', status: 'Decommissioned', meterPoints: [MPAN] },
        { id: E1, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN, MPAN2] },
        { id: G1, type: 'GSME', status: 'Withdrawn', meterPoints: [] },
        { id: '00-0D-6F-00-00-00-00-21', type: 'IHD', meterPoints: [] },
      ],
    })
    expect([...FromState.expectedOf(state)]).toEqual([
      { meterPoint: MPAN2, fuel: 'electricity', flag: null, effectiveFrom: null, meters: [{ deviceId: E1, type: 'ESME', status: 'Commissioned' }] },
      {
        meterPoint: MPAN, fuel: 'electricity', flag: 'A', effectiveFrom: '20211104',
        meters: [{ deviceId: E1, type: 'ESME', status: 'Commissioned' }, { deviceId: E2, type: 'ESME', status: 'Decommissioned' }],
      },
      { meterPoint: MPRN, fuel: 'gas', flag: 'N', effectiveFrom: '20220301', meters: [] },
    ])
  })

  it('follows a replay: the expected flag is the flag the events led to', () => {
    const state = stateOf({ meterPoints: [{ id: MPAN, flag: 'A', effectiveFrom: '20211104' }], devices: [{ id: E1, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN] }] })
    const { state: after } = Reducer.reduce(state, [{ eventId: 'e1', at: '2024-03-31T23:30:00Z', type: 'StatusChanged', deviceId: E1, status: 'Decommissioned' } as Model.Event])
    expect([...FromState.expectedOf(after)][0]).toMatchObject({ flag: 'N', effectiveFrom: '20240401', meters: [{ deviceId: E1, status: 'Decommissioned' }] })
  })
})

describe('FromState.expectedOf with derivation: the built-in policies', () => {
  it('mp077: in service → A, installed → I, otherwise N for a flagged meter point', () => {
    expect(derived(Policy.mp077, 'N', ['Suspended'])).toMatchObject({ flag: 'A', effectiveFrom: null })
    expect(derived(Policy.mp077, 'A', ['InstalledNotCommissioned', 'Decommissioned'])).toMatchObject({ flag: 'I', effectiveFrom: null })
    expect(derived(Policy.mp077, 'A', ['Pending'])).toMatchObject({ flag: 'N', effectiveFrom: null })
    expect(derived(Policy.mp077, null, ['Whitelisted'])).toMatchObject({ flag: null, effectiveFrom: null })
  })

  it('keeps the stored date when the derived flag is the stored one', () => {
    expect(derived(Policy.mp077, 'A', ['Commissioned'])).toMatchObject({ flag: 'A', effectiveFrom: '20200101' })
  })

  it('a meter point with no linked smart meter keeps its stored flag (mp077 alone would say N)', () => {
    expect(derived(Policy.mp077, 'A', [])).toMatchObject({ flag: 'A', effectiveFrom: '20200101', meters: [] })
  })

  it('businessRequirements: Commissioned → A; all InstalledNotCommissioned/Decommissioned/Recovery/Recovered → N; else stored', () => {
    expect(derived(Policy.businessRequirements, null, ['InstalledNotCommissioned'])).toMatchObject({ flag: 'N' })
    expect(derived(Policy.businessRequirements, 'N', ['Commissioned', 'Recovery'])).toMatchObject({ flag: 'A' })
    expect(derived(Policy.businessRequirements, 'A', ['Suspended'])).toMatchObject({ flag: 'A', effectiveFrom: '20200101' })
  })

  it('legacySec: Commissioned → A; all Suspended → S; all Withdrawn → W; decommissioning leaves A', () => {
    expect(derived(Policy.legacySec, 'A', ['Suspended', 'Suspended'])).toMatchObject({ flag: 'S' })
    expect(derived(Policy.legacySec, 'A', ['Withdrawn'])).toMatchObject({ flag: 'W' })
    expect(derived(Policy.legacySec, 'A', ['Decommissioned'])).toMatchObject({ flag: 'A', effectiveFrom: '20200101' })
    expect(derived(Policy.legacySec, null, ['Commissioned'])).toMatchObject({ flag: 'A', effectiveFrom: null })
  })

  it('dspAsBuilt at rest: Commissioned → A; A with every meter Decommissioned or Withdrawn → N; never I', () => {
    expect(derived(Policy.dspAsBuilt, 'N', ['Commissioned'])).toMatchObject({ flag: 'A' })
    expect(derived(Policy.dspAsBuilt, 'A', ['Decommissioned', 'Withdrawn'])).toMatchObject({ flag: 'N' })
    expect(derived(Policy.dspAsBuilt, 'A', ['Decommissioned', 'InstalledNotCommissioned'])).toMatchObject({ flag: 'A', effectiveFrom: '20200101' })
    expect(derived(Policy.dspAsBuilt, null, ['Decommissioned'])).toMatchObject({ flag: null })
    expect(derived(Policy.dspAsBuilt, null, ['InstalledNotCommissioned'])).toMatchObject({ flag: null })
  })

  it('a custom policy sees no cause at rest, and the summary of the linked meters', () => {
    const seen: Array<Policy.Cause | null> = []
    const custom: Policy.Policy = { name: 'spy', flags: ['A'], derive: ({ cause }) => { seen.push(cause); return 'A' } }
    expect(derived(custom, null, ['Recovered'])).toMatchObject({ flag: 'A' })
    expect(seen).toEqual([null])
  })

  it('a custom static reading replaces the policy', () => {
    const e = [...FromState.expectedOf(single('A', ['Commissioned']), { derive: Policy.mp077, atRest: () => 'N' })][0]!
    expect(e.flag).toBe('N')
  })

  it('a policy deriving a flag it does not declare is a programmer error', () => {
    const liar: Policy.Policy = { name: 'liar', flags: ['A'], derive: () => 'I' }
    expect(() => derived(liar, null, ['Commissioned'])).toThrow(/liar derived flag I/)
  })
})

describe('FromState.finalFlagsOf', () => {
  it('lists every meter point with its flag, null included, and feeds Impact', () => {
    const state = single('A', ['Commissioned'])
    const withMprn = stateOf({ meterPoints: [{ id: MPRN, flag: null }, { id: MPAN, flag: 'A', effectiveFrom: '20200101' }], devices: [] })
    expect([...FromState.finalFlagsOf(withMprn)]).toEqual([[MPAN, 'A'], [MPRN, null]])
    const decommission = [{ eventId: 'e1', at: '2024-01-15T10:00:00Z', type: 'StatusChanged', deviceId: '00-0D-6F-00-00-00-01-00', status: 'Withdrawn' } as Model.Event]
    const legacy = Reducer.reduce(state, decommission, { policy: Policy.legacySec }).state
    const mp077 = Reducer.reduce(state, decommission, { policy: Policy.mp077 }).state
    const r = Impact.impact([{ policy: 'legacySec', flags: FromState.finalFlagsOf(legacy) }, { policy: 'mp077', flags: FromState.finalFlagsOf(mp077) }])
    expect(r.matrices[0]!.counts.W.N).toBe(1)
  })
})

const causeFree = fc.constantFrom(Policy.mp077, Policy.businessRequirements, Policy.legacySec)
const builtIn = fc.constantFrom(...Policy.names.map((n) => Policy.fromName(n)!))

describe('FromState properties', () => {
  fcTest.prop([arbE.scenario])('without derivation, expected items mirror the state exactly', ({ inventory, events }) => {
    const { state } = Reducer.reduce(startState(inventory), events)
    const items = [...FromState.expectedOf(state)]
    const mps = [...State.meterPoints(state)]
    expect(items.map((e) => e.meterPoint)).toEqual(mps.map((m) => m.id))
    items.forEach((e, i) => {
      const mp = mps[i]!
      expect([e.fuel, e.flag, e.effectiveFrom]).toEqual([mp.fuel, mp.flag, mp.effectiveFrom])
      expect(e.meters.map((m) => m.deviceId)).toEqual(mp.meters)
      for (const m of e.meters) expect(m.status).toBe(State.device(state, m.deviceId)!.status)
    })
  })

  fcTest.prop([arbE.scenario, builtIn])('with derivation: no meters keeps the pair; a flag never returns to null; dates kept only with the stored flag', ({ inventory, events }, policy) => {
    const { state } = Reducer.reduce(startState(inventory), events)
    const plain = [...FromState.expectedOf(state)]
    const derivedItems = [...FromState.expectedOf(state, { derive: policy })]
    expect(derivedItems.map((e) => e.meterPoint)).toEqual(plain.map((e) => e.meterPoint))
    derivedItems.forEach((d, i) => {
      const p = plain[i]!
      expect(d.meters).toEqual(p.meters)
      if (p.meters.length === 0 || d.flag === p.flag) expect([d.flag, d.effectiveFrom]).toEqual([p.flag, p.effectiveFrom])
      else {
        expect(d.flag).not.toBeNull()
        expect(policy.flags).toContain(d.flag)
        expect(d.effectiveFrom).toBeNull()
      }
    })
  })

  fcTest.prop([arbE.scenario, causeFree])('after a replay, every meter point the policy changed is already at its derived flag', ({ inventory, events }, policy) => {
    const { state, changes } = Reducer.reduce(startState(inventory), events, { policy })
    const touched = new Set<string>(changes.map((c) => c.meterPoint))
    for (const e of FromState.expectedOf(state, { derive: policy })) {
      if (!touched.has(e.meterPoint)) continue
      const mp = State.meterPoint(state, e.meterPoint)!
      expect([e.flag, e.effectiveFrom]).toEqual([mp.flag, mp.effectiveFrom])
    }
  })

  fcTest.prop([arbE.scenario, fc.option(builtIn, { nil: undefined })])(
    'expectedOfRecords on (meter point, linked meters) pairs, as a database streams them, equals expectedOf on the state',
    ({ inventory, events }, policy) => {
      const s = Reducer.reduce(startState(inventory), events).state
      const pairs = Array.from(State.meterPoints(s), (mp) => [mp, mp.meters.map((id) => State.device(s, id)!)] as const)
      const options = policy === undefined ? {} : { derive: policy }
      expect(Array.from(FromState.expectedOfRecords(pairs, options))).toEqual(Array.from(FromState.expectedOf(s, options)))
    },
  )

  fcTest.prop([arbE.scenario])('a state reconciled against an extract of its own flags agrees everywhere', ({ inventory, events }) => {
    const { state } = Reducer.reduce(startState(inventory), events)
    const rows = [...State.meterPoints(state)].filter((m) => m.flag !== null).map((m) => ({ meterPoint: m.id, flag: m.flag, effectiveFrom: m.effectiveFrom }))
    const report = Reconcile.reconcile(FromState.expectedOf(state), rows)
    expect(report.discrepancies).toEqual([])
    expect(report.counts.compared).toBe(State.size(state).meterPoints)
  })
})
