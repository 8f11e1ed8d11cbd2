import { describe, it, expect } from 'vitest'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Lifecycle from '../../src/engine/Lifecycle'
import * as Policy from '../../src/engine/Policy'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'

// Ids from docs/formats.md / the scenarios (valid check digits).
const MPAN_A = '1200023305967'
const MPAN_B = '1200000000058'
const MPAN_C = '1000000000003'
const MPRN_A = '3938424403'
const MPRN_B = '7300000202'
const ESME = '00-0D-6F-00-00-00-00-01'
const ESME2 = '00-0D-6F-00-00-00-00-02'
const GSME = '00-0D-6F-00-00-00-00-50'
const CHF = '00-0D-6F-00-00-00-00-99'

let seq = 0
const ev = (body: Record<string, unknown>, at = '2022-06-01T10:00:00Z'): Model.Event => {
  const r = Model.decodeEvent({ eventId: `t${seq++}`, at, ...body })
  if (E.isLeft(r)) throw new Error(r.left.join('; '))
  return r.right
}
const reg = (deviceId: string, deviceType: string, status?: string) => ev({ type: 'DeviceRegistered', deviceId, deviceType, ...(status ? { status } : {}) })
const st = (deviceId: string, status: string, at?: string) => ev({ type: 'StatusChanged', deviceId, status }, at)
const link = (deviceId: string, meterPoint: string) => ev({ type: 'MeterPointLinked', deviceId, meterPoint })
const unlink = (deviceId: string, meterPoint: string) => ev({ type: 'MeterPointUnlinked', deviceId, meterPoint })
const del = (deviceId: string) => ev({ type: 'DeviceDeleted', deviceId })

const inv = (u: unknown): State.State => {
  const r = Model.decodeInventory(u)
  if (E.isLeft(r)) throw new Error(r.left.join('; '))
  return State.fromInventory(r.right)
}
const run = (state: State.State, events: Model.Event[], policy: Policy.Policy = Policy.mp077) => Reducer.reduce(state, events, { policy })
const codes = (r: Reducer.Result) => r.rejected.map((x) => x.code)
const flags = (r: Reducer.Result) => r.changes.map((c) => `${c.meterPoint}:${c.from}>${c.to}`)

describe('rejection codes', () => {
  it('duplicate_event: a second event with an applied id, also across calls', () => {
    const e = reg(ESME, 'ESME')
    const r = run(State.empty, [e, e])
    expect(codes(r)).toEqual(['duplicate_event'])
    expect(codes(run(r.state, [e]))).toEqual(['duplicate_event'])
  })
  it('a rejected event id can be applied later (rejections are not remembered)', () => {
    const e = st(ESME, 'Commissioned')
    const r1 = run(State.empty, [e])
    expect(codes(r1)).toEqual(['unknown_device'])
    const r2 = run(r1.state, [reg(ESME, 'ESME'), e])
    expect(codes(r2)).toEqual([])
  })
  it('duplicate_device', () => expect(codes(run(State.empty, [reg(ESME, 'ESME'), reg(ESME, 'GSME')]))).toEqual(['duplicate_device']))
  it('unknown_device for every kind that names an existing device', () => {
    const r = run(State.empty, [st(ESME, 'Commissioned'), link(ESME, MPAN_A), unlink(ESME, MPAN_A), del(ESME)])
    expect(codes(r)).toEqual(['unknown_device', 'unknown_device', 'unknown_device', 'unknown_device'])
  })
  it('device_decommissioned: no status change (not even to Decommissioned) and no new link; unlink and delete still work', () => {
    const r = run(State.empty, [
      reg(ESME, 'ESME'),
      link(ESME, MPAN_A),
      st(ESME, 'Decommissioned'),
      st(ESME, 'Commissioned'),
      st(ESME, 'Decommissioned'),
      link(ESME, MPAN_B),
      unlink(ESME, MPAN_A),
      del(ESME),
    ])
    expect(codes(r)).toEqual(['device_decommissioned', 'device_decommissioned', 'device_decommissioned'])
    expect(State.device(r.state, ESME)).toBeUndefined()
    expect(State.meterPoint(r.state, MPAN_A)?.meters).toEqual([])
  })
  it('not_a_smart_meter: linking a CHF (or an IHD)', () => {
    const r = run(State.empty, [reg(CHF, 'CHF'), link(CHF, MPAN_A), reg('00-0D-6F-00-00-00-00-98', 'IHD'), link('00-0D-6F-00-00-00-00-98', MPAN_A)])
    expect(codes(r)).toEqual(['not_a_smart_meter', 'not_a_smart_meter'])
    expect(State.meterPoint(r.state, MPAN_A)).toBeUndefined()
  })
  it('wrong_fuel_link: ESME to an MPRN, GSME to an MPAN', () => {
    const r = run(State.empty, [reg(ESME, 'ESME'), reg(GSME, 'GSME'), link(ESME, MPRN_A), link(GSME, MPAN_A)])
    expect(codes(r)).toEqual(['wrong_fuel_link', 'wrong_fuel_link'])
  })
  it('forbidden_status_change: a change the table does not allow, and any change of an IHD', () => {
    const r = run(State.empty, [reg(ESME, 'ESME', 'Commissioned'), st(ESME, 'Pending'), reg(CHF, 'IHD'), st(CHF, 'Commissioned')])
    expect(codes(r)).toEqual(['forbidden_status_change', 'forbidden_status_change'])
    expect(State.device(r.state, ESME)?.status).toBe('Commissioned')
  })
  it('already_linked, not_linked', () => {
    const r = run(State.empty, [reg(ESME, 'ESME'), link(ESME, MPAN_A), link(ESME, MPAN_A), unlink(ESME, MPAN_B)])
    expect(codes(r)).toEqual(['already_linked', 'not_linked'])
  })
  it('too_many_links: a third MPAN on a twin-element ESME, a second MPRN on a GSME', () => {
    const r = run(State.empty, [
      reg(ESME, 'ESME'), link(ESME, MPAN_A), link(ESME, MPAN_B), link(ESME, MPAN_C),
      reg(GSME, 'GSME'), link(GSME, MPRN_A), link(GSME, MPRN_B),
    ])
    expect(codes(r)).toEqual(['too_many_links', 'too_many_links'])
    expect(State.device(r.state, ESME)?.meterPoints).toEqual([MPAN_A, MPAN_B])
    expect(State.device(r.state, GSME)?.meterPoints).toEqual([MPRN_A])
  })
  it('a GSME second link after unlinking the first is fine', () => {
    const r = run(State.empty, [reg(GSME, 'GSME'), link(GSME, MPRN_A), unlink(GSME, MPRN_A), link(GSME, MPRN_B)])
    expect(codes(r)).toEqual([])
  })
  it('a status on an IHD registration is invalid_event', () => {
    const r = run(State.empty, [{ eventId: 'x', at: '2022-06-01T10:00:00Z', type: 'DeviceRegistered', deviceId: CHF, deviceType: 'IHD', status: 'Pending' } as Model.Event])
    expect(codes(r)).toEqual(['invalid_event'])
  })
  it('an unknown event type reaching reduce is invalid_event, not a throw', () => {
    const r = run(State.empty, [{ eventId: 'x', at: '2022-06-01T10:00:00Z', type: 'DeviceMoved' } as unknown as Model.Event])
    expect(codes(r)).toEqual(['invalid_event'])
  })
})

describe('rejection precedence (docs/contract.md order)', () => {
  const decomCHF = () => inv({ meterPoints: [], devices: [{ id: CHF, type: 'CHF', status: 'Decommissioned' }] })
  it('duplicate_event beats everything', () => {
    const e = reg(ESME, 'ESME')
    const r = run(State.empty, [e, { ...e, type: 'StatusChanged', status: 'Pending' } as Model.Event])
    expect(codes(r)).toEqual(['duplicate_event'])
  })
  it('duplicate_device before anything about the device', () => {
    const s = inv({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Decommissioned' }] })
    expect(codes(run(s, [reg(ESME, 'ESME')]))).toEqual(['duplicate_device'])
  })
  it('device_decommissioned before not_a_smart_meter', () => expect(codes(run(decomCHF(), [link(CHF, MPAN_A)]))).toEqual(['device_decommissioned']))
  it('device_decommissioned before forbidden_status_change', () => expect(codes(run(decomCHF(), [st(CHF, 'Pending')]))).toEqual(['device_decommissioned']))
  it('device_decommissioned before wrong_fuel_link and too_many_links', () => {
    const s = inv({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Decommissioned', meterPoints: [MPAN_A, MPAN_B] }] })
    expect(codes(run(s, [link(ESME, MPRN_A), link(ESME, MPAN_C)]))).toEqual(['device_decommissioned', 'device_decommissioned'])
  })
  it('not_a_smart_meter before wrong_fuel_link', () => {
    expect(codes(run(State.empty, [reg(CHF, 'CHF'), link(CHF, MPRN_A)]))).toEqual(['not_a_smart_meter'])
  })
  it('wrong_fuel_link before too_many_links', () => {
    const s = inv({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A, MPAN_B] }] })
    expect(codes(run(s, [link(ESME, MPRN_A)]))).toEqual(['wrong_fuel_link'])
  })
  it('already_linked before too_many_links', () => {
    const s = inv({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A, MPAN_B] }] })
    expect(codes(run(s, [link(ESME, MPAN_A)]))).toEqual(['already_linked'])
  })
  it('the list itself is docs/contract.md order', () => {
    expect(Model.rejectionCodes).toEqual([
      'invalid_event', 'duplicate_event', 'future_event', 'duplicate_device', 'unknown_device', 'out_of_order',
      'device_decommissioned', 'not_a_smart_meter', 'wrong_fuel_link', 'forbidden_status_change', 'already_linked',
      'not_linked', 'too_many_links',
    ])
  })
})

describe('lifecycle table', () => {
  const all = Model.deviceStatuses
  it('strict is docs/rules.md section 3 exactly', () => {
    const expected: Record<string, string[]> = {
      Pending: ['Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Withdrawn', 'Decommissioned'],
      Whitelisted: ['Pending', 'InstalledNotCommissioned', 'Commissioned', 'Withdrawn', 'Decommissioned'],
      InstalledNotCommissioned: ['Whitelisted', 'Commissioned', 'Withdrawn', 'Decommissioned'],
      Commissioned: ['Suspended', 'Recovery', 'Withdrawn', 'Decommissioned'],
      Suspended: ['Commissioned', 'Withdrawn', 'Decommissioned'],
      Recovery: ['Recovered', 'Commissioned', 'Decommissioned'],
      Recovered: ['Commissioned', 'Decommissioned'],
      Withdrawn: ['Commissioned', 'Decommissioned'],
      Decommissioned: [],
    }
    for (const from of all) for (const to of all) {
      expect(Lifecycle.allows(Lifecycle.strict, from, to)).toBe(from === to || expected[from]!.includes(to))
      expect(Lifecycle.allowsCompiled(Lifecycle.compile(Lifecycle.strict), from, to)).toBe(Lifecycle.allows(Lifecycle.strict, from, to))
    }
  })
  it.each(all.filter((s) => s !== 'Decommissioned').flatMap((from) => all.map((to) => [from, to] as const)))(
    'the reducer follows the table: %s → %s',
    (from, to) => {
      const s = inv({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: from }] })
      const r = run(s, [st(ESME, to)])
      const allowed = from === to || Lifecycle.strict[from].includes(to)
      expect(codes(r)).toEqual(allowed ? [] : ['forbidden_status_change'])
      expect(State.device(r.state, ESME)?.status).toBe(allowed ? to : from)
    },
  )
  it('a same-status change is an accepted no-op: applied, no change', () => {
    const s = inv({ meterPoints: [{ id: MPAN_A, flag: null }], devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] }] })
    const e = st(ESME, 'Commissioned')
    const r = run(s, [e])
    expect(r.rejected).toEqual([])
    expect(r.changes).toEqual([])
    expect(State.hasEvent(r.state, e.eventId)).toBe(true)
  })
  it('a replacement table is used when passed, and Decommissioned stays terminal whatever it says', () => {
    const lax = Lifecycle.extend(Lifecycle.strict, { Commissioned: ['Pending'], Decommissioned: ['Commissioned'] })
    const s = inv({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Commissioned' }, { id: ESME2, type: 'ESME', status: 'Decommissioned' }] })
    const r = Reducer.reduce(s, [st(ESME, 'Pending'), st(ESME2, 'Commissioned')], { lifecycle: lax })
    expect(codes(r)).toEqual(['device_decommissioned'])
    expect(State.device(r.state, ESME)?.status).toBe('Pending')
    expect(Lifecycle.allows(Lifecycle.permissive, 'Recovered', 'Pending')).toBe(true)
    expect(Lifecycle.permissive.Decommissioned).toEqual([])
  })
})

describe('policies', () => {
  const oneMeter = (status: string, flag: string | null = null, type = 'ESME', mp = MPAN_A) =>
    inv({
      meterPoints: [flag === null ? { id: mp, flag: null } : { id: mp, flag, effectiveFrom: '20200101' }],
      devices: [{ id: ESME, type, status, meterPoints: [mp] }],
    })

  describe('mp077', () => {
    it.each([
      ['Commissioned', 'A'], ['Suspended', 'A'], ['Recovery', 'A'], ['Recovered', 'A'],
      ['InstalledNotCommissioned', 'I'], ['Whitelisted', 'N'], ['Pending', 'N'], ['Withdrawn', 'N'], ['Decommissioned', 'N'],
    ])('one meter linked %s, flag was A-or-null → %s (from null: only A/I)', (status, expected) => {
      // derive straight from the policy, from a summary of one linked meter
      const statuses = new Set([status as Model.DeviceStatus])
      const cause = { kind: 'linked' as const, status: status as Model.DeviceStatus }
      expect(Policy.mp077.derive({ statuses, count: 1, flag: 'S', cause })).toBe(expected)
      expect(Policy.mp077.derive({ statuses, count: 1, flag: null, cause })).toBe(expected === 'N' ? null : expected)
    })
    it('whitelistedCountsAsInstalled: Whitelisted gives I only with the option', () => {
      const events = () => [reg(ESME, 'ESME'), link(ESME, MPAN_A), st(ESME, 'Whitelisted')]
      expect(flags(run(State.empty, events()))).toEqual([])
      const p = Policy.mp077With({ whitelistedCountsAsInstalled: true })
      expect(p.name).toBe('mp077')
      expect(flags(run(State.empty, events(), p))).toEqual([`${MPAN_A}:null>I`])
    })
    it('A → N when the last meter is unlinked; a never-flagged meter point stays null', () => {
      const r = run(oneMeter('Commissioned', 'A'), [unlink(ESME, MPAN_A)])
      expect(flags(r)).toEqual([`${MPAN_A}:A>N`])
      expect(flags(run(oneMeter('Pending'), [unlink(ESME, MPAN_A)]))).toEqual([])
    })
  })

  describe('dspAsBuilt', () => {
    it('→ A when a linked meter becomes Commissioned; never I', () => {
      const r = run(State.empty, [reg(ESME, 'ESME'), link(ESME, MPAN_A), st(ESME, 'InstalledNotCommissioned'), st(ESME, 'Commissioned')], Policy.dspAsBuilt)
      expect(flags(r)).toEqual([`${MPAN_A}:null>A`])
    })
    it('→ A when a Commissioned meter is linked and the flag is not A', () => {
      const s = inv({ meterPoints: [{ id: MPAN_A, flag: 'N', effectiveFrom: '20200101' }], devices: [{ id: ESME, type: 'ESME', status: 'Commissioned' }] })
      expect(flags(run(s, [link(ESME, MPAN_A)], Policy.dspAsBuilt))).toEqual([`${MPAN_A}:N>A`])
    })
    it('A → N on decommissioning, unless still linked to another smart meter not Decommissioned or Withdrawn', () => {
      const two = (other: string) =>
        inv({
          meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20200101' }],
          devices: [
            { id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] },
            { id: ESME2, type: 'ESME', status: other, meterPoints: [MPAN_A] },
          ],
        })
      expect(flags(run(two('Pending'), [st(ESME, 'Decommissioned')], Policy.dspAsBuilt))).toEqual([])
      expect(flags(run(two('InstalledNotCommissioned'), [st(ESME, 'Decommissioned')], Policy.dspAsBuilt))).toEqual([])
      expect(flags(run(two('Withdrawn'), [st(ESME, 'Decommissioned')], Policy.dspAsBuilt))).toEqual([`${MPAN_A}:A>N`])
      expect(flags(run(two('Decommissioned'), [st(ESME, 'Decommissioned')], Policy.dspAsBuilt))).toEqual([`${MPAN_A}:A>N`])
      // the same rule on unlink
      expect(flags(run(two('Pending'), [unlink(ESME, MPAN_A)], Policy.dspAsBuilt))).toEqual([])
      expect(flags(run(two('Withdrawn'), [unlink(ESME, MPAN_A)], Policy.dspAsBuilt))).toEqual([`${MPAN_A}:A>N`])
    })
    it('only from A: a null meter point stays null, Withdrawn does not trigger', () => {
      expect(flags(run(oneMeter('Commissioned'), [st(ESME, 'Decommissioned')], Policy.dspAsBuilt))).toEqual([])
      expect(flags(run(oneMeter('Commissioned', 'A'), [st(ESME, 'Withdrawn')], Policy.dspAsBuilt))).toEqual([])
      expect(flags(run(oneMeter('Commissioned', 'A'), [st(ESME, 'Suspended')], Policy.dspAsBuilt))).toEqual([])
    })
  })

  describe('businessRequirements', () => {
    it('a first install gives null → N, then A on commissioning', () => {
      const r = run(State.empty, [reg(ESME, 'ESME'), link(ESME, MPAN_A), st(ESME, 'InstalledNotCommissioned'), st(ESME, 'Commissioned')], Policy.businessRequirements)
      expect(flags(r)).toEqual([`${MPAN_A}:null>N`, `${MPAN_A}:N>A`])
    })
    it.each([['Recovery', 'N'], ['Suspended', null], ['Withdrawn', null], ['Decommissioned', 'N']])('Commissioned → %s gives %s', (to, expected) => {
      const r = run(oneMeter('Commissioned', 'A'), [st(ESME, to)], Policy.businessRequirements)
      expect(flags(r)).toEqual(expected === null ? [] : [`${MPAN_A}:A>${expected}`])
    })
    it('no change when the last meter is unlinked (S empty)', () => {
      expect(flags(run(oneMeter('Decommissioned', 'A'), [unlink(ESME, MPAN_A)], Policy.businessRequirements))).toEqual([])
    })
  })

  describe('legacySec', () => {
    it('S when all linked meters are Suspended, W when all are Withdrawn, A back on commissioning', () => {
      const r = run(oneMeter('Commissioned', 'A'), [st(ESME, 'Suspended'), st(ESME, 'Commissioned'), st(ESME, 'Withdrawn')], Policy.legacySec)
      expect(flags(r)).toEqual([`${MPAN_A}:A>S`, `${MPAN_A}:S>A`, `${MPAN_A}:A>W`])
    })
    it('decommissioning leaves A (the defect MP077 fixed)', () => {
      const r = run(oneMeter('Commissioned', 'A'), [st(ESME, 'Decommissioned'), unlink(ESME, MPAN_A), del(ESME)], Policy.legacySec)
      expect(r.changes).toEqual([])
      expect(State.meterPoint(r.state, MPAN_A)?.flag).toBe('A')
    })
    it('not S while another linked meter is not Suspended', () => {
      const s = inv({
        meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20200101' }],
        devices: [
          { id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] },
          { id: ESME2, type: 'ESME', status: 'Pending', meterPoints: [MPAN_A] },
        ],
      })
      expect(flags(run(s, [st(ESME, 'Suspended')], Policy.legacySec))).toEqual([])
    })
  })

  it('a custom policy is a value: its name is on the changes, and a flag outside its list is a programmer error', () => {
    const always: Policy.Policy = { name: 'alwaysA', flags: ['A'], derive: () => 'A' }
    const r = run(State.empty, [reg(ESME, 'ESME'), link(ESME, MPAN_A)], always)
    expect(r.changes.map((c) => [c.policy, c.to])).toEqual([['alwaysA', 'A']])
    const liar: Policy.Policy = { name: 'liar', flags: ['A'], derive: () => 'I' }
    expect(() => run(State.empty, [reg(ESME, 'ESME'), link(ESME, MPAN_A)], liar)).toThrow(TypeError)
  })
  it('fromName knows the four built-ins and nothing else', () => {
    expect(Policy.names.map((n) => Policy.fromName(n)?.name)).toEqual(['mp077', 'dspAsBuilt', 'businessRequirements', 'legacySec'])
    expect(Policy.fromName('toString')).toBeUndefined()
  })
})

describe('links and deletion', () => {
  it('twin element: one status change flags both MPANs, in meter point id order', () => {
    const r = run(State.empty, [reg(ESME, 'ESME'), link(ESME, MPAN_B), link(ESME, MPAN_A), st(ESME, 'Commissioned')])
    expect(flags(r)).toEqual([`${MPAN_B}:null>A`, `${MPAN_A}:null>A`].sort())
    expect(r.changes.every((c) => c.fuel === 'electricity')).toBe(true)
  })
  it('DeviceDeleted removes every link and derives like unlinks', () => {
    const s = inv({
      meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20200101' }, { id: MPAN_B, flag: 'A', effectiveFrom: '20200101' }],
      devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_B, MPAN_A] }],
    })
    for (const p of [Policy.mp077, Policy.dspAsBuilt]) {
      const r = run(s, [del(ESME)], p)
      expect(flags(r)).toEqual([`${MPAN_B}:A>N`, `${MPAN_A}:A>N`]) // id order: 12000000… < 12000233…
      expect(State.device(r.state, ESME)).toBeUndefined()
      expect(State.meterPoint(r.state, MPAN_A)?.meters).toEqual([])
      expect(State.toInventory(r.state).devices).toEqual([])
    }
    // a deleted device can be registered again, with no links
    const again = run(run(s, [del(ESME)]).state, [reg(ESME, 'GSME')])
    expect(State.device(again.state, ESME)).toEqual({ id: ESME, type: 'GSME', status: 'Pending', meterPoints: [], lastEventAt: '2022-06-01T10:00:00Z' })
  })
  it('linking names a meter point into existence with a null flag', () => {
    const r = run(State.empty, [reg(GSME, 'GSME'), link(GSME, MPRN_A)])
    expect(State.meterPoint(r.state, MPRN_A)).toEqual({ id: MPRN_A, fuel: 'gas', flag: null, effectiveFrom: null, meters: [GSME], notified: null, held: null })
  })
  it('lower-case, unhyphenated device ids are normalised', () => {
    const r = Model.decodeEvent({ eventId: 'x', at: '2022-01-01T00:00:00Z', type: 'DeviceDeleted', deviceId: '000d6f0000000001' })
    expect(E.isRight(r) && r.right.type === 'DeviceDeleted' && r.right.deviceId).toBe(ESME)
  })
})

describe('effective-from dates (Europe/London)', () => {
  const at = (instant: string) => {
    const s = inv({ meterPoints: [{ id: MPAN_A, flag: null }], devices: [{ id: ESME, type: 'ESME', status: 'InstalledNotCommissioned', meterPoints: [MPAN_A] }] })
    const r = run(s, [st(ESME, 'Commissioned', instant)])
    expect(r.changes.length).toBe(1)
    expect(State.meterPoint(r.state, MPAN_A)?.effectiveFrom).toBe(r.changes[0]!.effectiveFrom)
    return r.changes[0]!.effectiveFrom
  }
  it.each([
    ['2024-01-15T23:30:00Z', '20240115'], // GMT
    ['2024-03-31T00:30:00Z', '20240331'], // before the spring change (01:00 UTC)
    ['2024-03-31T23:30:00Z', '20240401'], // BST
    ['2024-10-26T23:30:00Z', '20241027'], // still BST
    ['2024-10-27T00:59:59Z', '20241027'],
    ['2024-10-27T23:30:00Z', '20241027'], // GMT again
    ['2024-06-30T23:00:00Z', '20240701'],
    ['2024-07-01T00:30:00+02:00', '20240630'], // offset honoured: 22:30Z = 23:30 BST
    ['2021-11-04T09:00:00-05:00', '20211104'],
  ])('%s → %s', (instant, date) => {
    expect(at(instant)).toBe(date)
  })
  it('several changes on one day are all emitted, in event order', () => {
    const s = inv({ meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20200101' }], devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] }] })
    const r = run(s, [st(ESME, 'Withdrawn', '2022-06-01T08:00:00Z'), st(ESME, 'Commissioned', '2022-06-01T09:00:00Z'), st(ESME, 'Decommissioned', '2022-06-01T10:00:00Z')])
    expect(flags(r)).toEqual([`${MPAN_A}:A>N`, `${MPAN_A}:N>A`, `${MPAN_A}:A>N`])
    expect(new Set(r.changes.map((c) => c.effectiveFrom))).toEqual(new Set(['20220601']))
  })
})

describe('NDJSON parsing', () => {
  const good = JSON.stringify({ eventId: 'g1', at: '2021-11-04T09:00:00Z', type: 'DeviceRegistered', deviceId: ESME, deviceType: 'ESME' })
  const lines: Array<[string, string | null, RegExp]> = [
    ['{"eventId":"b1","at":', null, /^line 2: not valid JSON/],
    [JSON.stringify({ eventId: 'b2', at: '2021-11-04T09:00:00Z', type: 'DeviceDeleted', deviceId: ESME, colour: 'red' }), 'b2', /^line 3: colour: unknown field "colour"/],
    [JSON.stringify({ eventId: 'b3', at: '2021-11-04T09:00:00Z', type: 'MeterPointLinked', deviceId: ESME, meterPoint: '1200023305968' }), 'b3', /^line 4: meterPoint: .*check digit/],
    [JSON.stringify({ eventId: 'b4', at: '2021-11-04T09:00:00Z', type: 'DeviceDeleted', deviceId: 'not-an-eui' }), 'b4', /^line 5: deviceId: .*EUI-64/],
    [JSON.stringify({ eventId: 'b5', at: '2021-11-04T09:00:00', type: 'DeviceDeleted', deviceId: ESME }), 'b5', /^line 6: at: .*offset/],
    [JSON.stringify({ eventId: 'b6', at: '2021-11-04T09:00:00Z', type: 'DeviceMoved', deviceId: ESME }), 'b6', /^line 7: type: unknown event type "DeviceMoved"/],
    [JSON.stringify({ at: '2021-11-04T09:00:00Z', type: 'DeviceDeleted', deviceId: ESME }), null, /^line 8: eventId: missing field "eventId"/],
    [JSON.stringify({ eventId: 'b8', at: '2021-11-04T09:00:00Z', type: 'StatusChanged', deviceId: ESME, status: 'Active' }), 'b8', /^line 9: status: .*SMI status/],
    ['[]', null, /^line 10: .*JSON object/],
  ]
  const text = [good, ...lines.map((l) => l[0]), JSON.stringify({ eventId: 'g2', at: '2021-11-04T10:00:00Z', type: 'StatusChanged', deviceId: ESME, status: 'Commissioned' })].join('\n') + '\n'

  it('each malformed line is one invalid_event naming its line and field; the rest of the stream still runs', () => {
    const r = Reducer.replayNdjson(State.empty, text)
    expect(r.rejected.length).toBe(lines.length)
    lines.forEach(([, id, re], i) => {
      expect(r.rejected[i]!.code).toBe('invalid_event')
      expect(r.rejected[i]!.eventId).toBe(id)
      expect(r.rejected[i]!.message).toMatch(re)
    })
    expect(State.device(r.state, ESME)?.status).toBe('Commissioned')
    expect(State.hasEvent(r.state, 'g2')).toBe(true)
  })
  it('parse rejections and reducer rejections keep input order', () => {
    const t = ['not json', JSON.stringify({ eventId: 'u1', at: '2021-11-04T09:00:00Z', type: 'DeviceDeleted', deviceId: ESME }), '{}'].join('\r\n')
    const r = Reducer.replayNdjson(State.empty, t)
    expect(r.rejected.map((x) => x.code)).toEqual(['invalid_event', 'unknown_device', 'invalid_event'])
    expect(r.rejected[2]!.message).toMatch(/^line 3: /)
  })
  it('empty lines are skipped but still counted', () => {
    const p = Model.parseEvents(`\n${good}\n\n{`)
    expect(p.length).toBe(2)
    expect(E.isLeft(p[1]!) && p[1].left.message).toMatch(/^line 4: /)
  })
  it('a streaming fold gives the same as one call, and refuses use after finish', () => {
    const fold = Reducer.begin(State.empty)
    text.split('\n').forEach((l, i) => {
      if (l !== '') fold.pushLine(l, i + 1)
    })
    const a = fold.finish()
    const b = Reducer.replayNdjson(State.empty, text)
    expect(a.rejected).toEqual(b.rejected)
    expect(State.toInventory(a.state)).toEqual(State.toInventory(b.state))
    expect(() => fold.push(good as unknown as Model.Event)).toThrow()
  })
})

describe('inventory decoding', () => {
  const dev = (over: Record<string, unknown>) => ({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A], ...over }] })
  const errs = (u: unknown) => {
    const r = Model.decodeInventory(u)
    return E.isLeft(r) ? r.left : []
  }
  it('accepts the docs/contract.md example, with null and absent optional fields', () => {
    const r = Model.decodeInventory({
      meterPoints: [
        { id: MPAN_A, flag: 'A', effectiveFrom: '20200101', notified: { flag: 'A', effectiveFrom: '20200101' } },
        { id: MPRN_A, flag: null, effectiveFrom: null, notified: null },
        { id: MPRN_B },
      ],
      devices: [{ id: '000d6f0000000001', type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] }, { id: CHF, type: 'IHD' }],
    })
    expect(E.isRight(r) && r.right.devices[0]!.id).toBe(ESME)
  })
  it.each([
    [{ meterPoints: [], devices: [], extra: 1 }, /^extra: unknown field/],
    [{ meterPoints: [{ id: MPAN_A, flag: 'X', effectiveFrom: '20200101' }], devices: [] }, /^meterPoints\[0\]\.flag: /],
    [{ meterPoints: [{ id: '1200023305968' }], devices: [] }, /^meterPoints\[0\]\.id: MPAN core 1200023305968 fails its check digit/],
    [{ meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20230229' }], devices: [] }, /^meterPoints\[0\]\.effectiveFrom: /],
    [{ meterPoints: [{ id: MPAN_A, flag: 'A' }], devices: [] }, /^meterPoints\[0\]\.effectiveFrom: flag A needs/],
    [{ meterPoints: [{ id: MPAN_A }, { id: MPAN_A }], devices: [] }, /^meterPoints\[1\]\.id: duplicate meter point/],
    [{ meterPoints: [{ id: MPAN_A, colour: 1 }], devices: [] }, /^meterPoints\[0\]\.colour: unknown field/],
    [dev({ meterPoints: [MPRN_A] }), /^devices\[0\]\.meterPoints\[0\]: a ESME cannot serve gas/],
    [dev({ type: 'GSME', meterPoints: [MPAN_A] }), /^devices\[0\]\.meterPoints\[0\]: a GSME cannot serve electricity/],
    [dev({ meterPoints: [MPAN_A, MPAN_B, MPAN_C] }), /^devices\[0\]\.meterPoints: a ESME serves at most 2/],
    [dev({ type: 'GSME', meterPoints: [MPRN_A, MPRN_B] }), /^devices\[0\]\.meterPoints: a GSME serves at most 1/],
    [dev({ type: 'CHF' }), /^devices\[0\]\.meterPoints: a CHF cannot serve meter points/],
    [dev({ type: 'IHD', meterPoints: [] }), /^devices\[0\]\.status: IHD devices have no SMI status/],
    [dev({ status: undefined }), /^devices\[0\]\.status: a ESME needs an SMI status/],
    [dev({ id: 'xyz' }), /^devices\[0\]\.id: /],
    [dev({ type: 'Meter' }), /^devices\[0\]\.type: /],
    [{ meterPoints: [] }, /^devices: missing field/],
    [[], /^\(root\): /],
  ])('rejects %j', (u, re) => {
    const e = errs(u)
    expect(e.length).toBeGreaterThan(0)
    expect(e.some((m) => re.test(m))).toBe(true)
  })
  it('parseInventory reports bad JSON as data', () => {
    const r = Model.parseInventory('{')
    expect(E.isLeft(r) && r.left[0]).toMatch(/not valid JSON/)
  })
  it('a meter point named only by a device exists with a null flag, and is listed by toInventory', () => {
    const s = inv(dev({}))
    expect(State.meterPoint(s, MPAN_A)).toMatchObject({ flag: null, meters: [ESME], fuel: 'electricity' })
    expect(State.toInventory(s).meterPoints).toEqual([{ id: MPAN_A, flag: null, effectiveFrom: null, notified: null }])
  })
  it('held is kept through the round trip when set', () => {
    const u = { meterPoints: [{ id: MPAN_A, flag: 'N', effectiveFrom: '20220101', notified: null, held: { flag: 'N', effectiveFrom: '20220101', reason: 'RJ' } }], devices: [] }
    expect(State.toInventory(inv(u))).toEqual(u)
  })
})

describe('state', () => {
  it('withMeterPoints replaces records without touching the input state', () => {
    const s = inv({ meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20200101' }], devices: [] })
    const mp = State.meterPoint(s, MPAN_A)!
    const s2 = State.withMeterPoints(s, [{ ...mp, notified: { flag: 'A', effectiveFrom: mp.effectiveFrom! } }])
    expect(State.meterPoint(s2, MPAN_A)?.notified).toEqual({ flag: 'A', effectiveFrom: '20200101' })
    expect(State.meterPoint(s, MPAN_A)?.notified).toBeNull()
  })
  it('a reduce call leaves its input as it was; diff lists what it wrote; compact starts a new diff', () => {
    const s = inv({ meterPoints: [{ id: MPAN_A, flag: null }, { id: MPAN_B, flag: null }], devices: [{ id: ESME, type: 'ESME', status: 'Pending', meterPoints: [MPAN_A] }] })
    const before = State.toInventory(s)
    const r = run(s, [st(ESME, 'Commissioned')])
    expect(State.toInventory(s)).toEqual(before)
    const d = State.diff(r.state)
    expect([d.meterPoints.map((m) => m.id), d.devices.map((x) => x.id), d.deletedDevices, d.eventIds]).toEqual([[MPAN_A], [ESME], [], [r.changes[0]!.eventId]])
    const c = State.compact(r.state)
    expect(State.diff(c)).toEqual({ meterPoints: [], devices: [], deletedDevices: [], eventIds: [] })
    expect(State.size(c)).toEqual({ meterPoints: 2, devices: 1, events: 1 })
    expect(Array.from(State.meterPoints(c), (m) => m.id)).toEqual([MPAN_B, MPAN_A].sort())
  })
})
