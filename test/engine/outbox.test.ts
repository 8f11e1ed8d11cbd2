import { describe, it, expect } from 'vitest'
import { either as E } from 'fp-ts'
import * as Distributors from '../../src/engine/outbox/Distributors'
import * as Outbox from '../../src/engine/Outbox'
import * as Model from '../../src/engine/Model'
import * as Reducer from '../../src/engine/Reducer'
import * as State from '../../src/engine/State'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import * as Dxr from '../../src/wire/uklink/Dxr'

// Valid ids built with the identifier module's own check-digit rule, one per distributor.
const mpan = (distributor: string, n: number): string => MpanCore.complete(distributor + String(n).padStart(10, '0'))
const mprn = (n: number): string => Mprn.complete(String(n).padStart(8, '1'))

interface Mp {
  readonly id: string
  readonly flag?: string | null
  readonly effectiveFrom?: string | null
  readonly notified?: { readonly flag: string; readonly effectiveFrom: string } | null
  readonly held?: { readonly flag: string; readonly effectiveFrom: string; readonly reason: string } | null
}

const stateOf = (meterPoints: ReadonlyArray<Mp>, devices: ReadonlyArray<unknown> = []): State.State => {
  const r = State.decode({ meterPoints, devices })
  if (E.isLeft(r)) throw new Error(r.left.join('\n'))
  return r.right
}

const events = (...es: ReadonlyArray<unknown>): ReadonlyArray<Model.Event> =>
  es.map((u) => {
    const r = Model.decodeEvent(u)
    if (E.isLeft(r)) throw new Error(r.left.join('\n'))
    return r.right
  })

const right = <A>(r: E.Either<ReadonlyArray<string>, A>): A => {
  if (E.isLeft(r)) throw new Error(r.left.join('\n'))
  return r.right
}

const ids = (xs: ReadonlyArray<{ readonly meterPoint: string }>): string[] => xs.map((x) => x.meterPoint)
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1')

const LOND = mpan('12', 1)
const LOND2 = mpan('12', 2)
const EELC = mpan('10', 1)
const HYDE = mpan('17', 1)
const IPNL = mpan('24', 1)
const GAS1 = mprn(1)
const GAS2 = mprn(2)

describe('Distributors', () => {
  it('routes the fourteen public distributors 10–23 by the first two digits', () => {
    const expected = ['EELC', 'EMEB', 'LOND', 'MANW', 'MIDE', 'NEEB', 'NORW', 'HYDE', 'SPOW', 'SEEB', 'SOUT', 'SWAE', 'SWEB', 'YELG']
    expect(Object.keys(Distributors.standard).sort()).toEqual(expected.map((_, i) => String(10 + i)))
    expected.forEach((p, i) => {
      expect(Distributors.participantOf(Distributors.standard, mpan(String(10 + i), 7))).toBe(p)
    })
  })

  it('does not route independent networks 24–38 or unknown ids without an extension', () => {
    for (let d = 24; d <= 38; d++) expect(Distributors.participantOf(Distributors.standard, mpan(String(d), 1))).toBeNull()
    expect(Distributors.participantOf(Distributors.standard, mpan('99', 1))).toBeNull()
    // prototype keys are not distributors
    expect(Distributors.participantOf(Distributors.standard, 'to' + '00000000000')).toBeNull()
  })

  it('extends a table without changing it; later entries replace earlier ones', () => {
    const t = Distributors.extend(Distributors.standard, { '24': 'IPNL', '12': 'LON2' })
    expect(Distributors.participantOf(t, IPNL)).toBe('IPNL')
    expect(Distributors.participantOf(t, LOND)).toBe('LON2')
    expect(Distributors.participantOf(Distributors.standard, IPNL)).toBeNull()
    expect(Distributors.participantOf(Distributors.standard, LOND)).toBe('LOND')
  })

  it('refuses malformed entries and says why', () => {
    expect(Distributors.problems({ '24': 'IPNL' })).toEqual([])
    expect(Distributors.problems({ '7': 'ABCD' })[0]).toContain('two digits')
    expect(Distributors.problems({ '24': 'ipnl' })[0]).toContain('four of A-Z')
    expect(() => Distributors.extend(Distributors.standard, { '24': 'TOOLONG' })).toThrow(TypeError)
  })
})

describe('isExportable', () => {
  it('switch on: A, N, I; switch off: A only; S and W never', () => {
    const on = { electricity: true, gas: true }
    const off = { electricity: false, gas: false }
    for (const fuel of ['electricity', 'gas'] as const) {
      expect(['A', 'N', 'I', 'S', 'W'].filter((f) => Outbox.isExportable(on, fuel, f as never))).toEqual(['A', 'N', 'I'])
      expect(['A', 'N', 'I', 'S', 'W'].filter((f) => Outbox.isExportable(off, fuel, f as never))).toEqual(['A'])
    }
    expect(Outbox.isExportable({ electricity: false, gas: true }, 'gas', 'N')).toBe(true)
    expect(Outbox.isExportable({ electricity: false, gas: true }, 'electricity', 'N')).toBe(false)
  })
})

describe('pending', () => {
  it('takes meter points whose pair differs from notified, never a null flag', () => {
    const s = stateOf([
      { id: LOND, flag: 'A', effectiveFrom: '20211104', notified: { flag: 'A', effectiveFrom: '20211104' } },
      { id: LOND2, flag: 'N', effectiveFrom: '20211105', notified: { flag: 'A', effectiveFrom: '20211104' } },
      { id: EELC, flag: null },
      { id: HYDE, flag: 'A', effectiveFrom: '20211106', notified: { flag: 'A', effectiveFrom: '20211104' } },
      { id: GAS1, flag: 'I', effectiveFrom: '20211107' },
    ])
    const p = Outbox.pending(s)
    expect(ids(p.notifications)).toEqual([HYDE, LOND2, GAS1])
    const lond2 = p.notifications.find((n) => n.meterPoint === LOND2)!
    expect(lond2).toEqual({ meterPoint: LOND2, fuel: 'electricity', flag: 'N', effectiveFrom: '20211105', previous: { flag: 'A', effectiveFrom: '20211104' } })
    expect(p.notifications.find((n) => n.meterPoint === GAS1)!.previous).toBeNull()
    expect(p.held).toEqual([])
  })

  const commissioned = { id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned', meterPoints: [LOND] }
  const notifiedA = [{ id: LOND, flag: 'A', effectiveFrom: '20211104', notified: { flag: 'A', effectiveFrom: '20211104' } }]

  it('A→N→A between runs ending on the pair last notified is not pending', () => {
    const r = Reducer.reduce(stateOf(notifiedA, [commissioned]), events(
      { eventId: 'u', at: '2021-11-04T12:00:00Z', type: 'MeterPointUnlinked', deviceId: commissioned.id, meterPoint: LOND },
      { eventId: 'l', at: '2021-11-04T13:00:00Z', type: 'MeterPointLinked', deviceId: commissioned.id, meterPoint: LOND },
    ))
    expect(r.changes.map((c) => c.to)).toEqual(['N', 'A'])
    expect(Outbox.pending(r.state).notifications).toEqual([])
  })

  it('A→N→A ending on another day is pending with the new date', () => {
    const r = Reducer.reduce(stateOf(notifiedA, [commissioned]), events(
      { eventId: 'u', at: '2021-11-04T12:00:00Z', type: 'MeterPointUnlinked', deviceId: commissioned.id, meterPoint: LOND },
      { eventId: 'l', at: '2021-11-05T13:00:00Z', type: 'MeterPointLinked', deviceId: commissioned.id, meterPoint: LOND },
    ))
    expect(Outbox.pending(r.state).notifications.map((n) => [n.meterPoint, n.flag, n.effectiveFrom])).toEqual([[LOND, 'A', '20211105']])
  })

  const mixed = stateOf([
    { id: LOND, flag: 'A', effectiveFrom: '20190101' },
    { id: LOND2, flag: 'N', effectiveFrom: '20190102' },
    { id: EELC, flag: 'I', effectiveFrom: '20190103' },
    { id: GAS1, flag: 'N', effectiveFrom: '20190104' },
    { id: GAS2, flag: 'A', effectiveFrom: '20190105' },
    { id: HYDE, flag: 'S', effectiveFrom: '20190106' },
  ])

  it('switch off: only A is pending for that fuel; the other fuel is unaffected', () => {
    expect(ids(Outbox.pending(mixed, { electricity: false, gas: true }).notifications)).toEqual([LOND, GAS1, GAS2])
    expect(ids(Outbox.pending(mixed, { electricity: true, gas: false }).notifications)).toEqual([EELC, LOND, LOND2, GAS2])
    expect(ids(Outbox.pending(mixed, { electricity: false, gas: false }).notifications)).toEqual([LOND, GAS2])
  })

  it('turning a switch on makes every N/I of that fuel pending (the initial catch-up)', () => {
    const off = { electricity: false, gas: false }
    const before = Outbox.pending(mixed, off)
    const sent = Outbox.recordSent(mixed, before.notifications)
    expect(Outbox.pending(sent.state, off).notifications).toEqual([])
    const catchUp = Outbox.pending(sent.state, { electricity: true, gas: false })
    expect(catchUp.notifications.map((n) => [n.meterPoint, n.flag])).toEqual([[EELC, 'I'], [LOND2, 'N']])
    expect(ids(Outbox.pending(sent.state, Outbox.allOn).notifications)).toEqual([EELC, LOND2, GAS1])
  })

  it('orders by fuel, then registry (MPAS id, unroutable last), then meter point id', () => {
    const SOUT = mpan('20', 3)
    const s = stateOf([GAS2, IPNL, SOUT, LOND2, GAS1, HYDE, LOND, EELC].map((id, i) => ({ id, flag: 'A', effectiveFrom: `2021110${i + 1}` })))
    // HYDE (17) sorts before LOND (12): registry order, not distributor order
    const expected = [EELC, HYDE, LOND, LOND2, SOUT, IPNL, ...[GAS1, GAS2].sort()]
    expect(ids(Outbox.pending(s).notifications)).toEqual(expected)
    const routed = Distributors.extend(Distributors.standard, { '24': 'AAAA' })
    expect(ids(Outbox.pending(s, Outbox.allOn, routed).notifications)).toEqual([IPNL, EELC, HYDE, LOND, LOND2, SOUT, ...[GAS1, GAS2].sort()])
  })

  it('never takes a held meter point, and reports it separately', () => {
    const hold = { flag: 'A', effectiveFrom: '20211104', reason: 'E46 RJ (response generation 3)' }
    const s = stateOf([
      { id: GAS1, flag: 'A', effectiveFrom: '20211104', held: hold },
      { id: GAS2, flag: 'A', effectiveFrom: '20211104', notified: { flag: 'A', effectiveFrom: '20211104' }, held: hold },
      { id: LOND, flag: 'A', effectiveFrom: '20211104' },
    ])
    const p = Outbox.pending(s)
    expect(ids(p.notifications)).toEqual([LOND])
    expect(p.held.map((h) => [h.meterPoint, h.wouldBePending, h.hold.reason])).toEqual(
      [[GAS1, true, hold.reason], [GAS2, false, hold.reason]].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    )
  })
})

const n = (meterPoint: string, flag = 'A', effectiveFrom = '20211104'): Outbox.Notification =>
  ({ meterPoint, fuel: meterPoint.length === 13 ? 'electricity' : 'gas', flag, effectiveFrom }) as Outbox.Notification

describe('plan', () => {
  it('one file per MPAS in MPAS id order, then one for gas; unknown distributors reported', () => {
    const p = Outbox.plan([n(GAS2), n(LOND2), n(IPNL), n(HYDE), n(LOND), n(GAS1)])
    expect(p.files.map((f) => [f.kind, f.registry, ids(f.notifications)])).toEqual([
      ['d0350', 'HYDE', [HYDE]],
      ['d0350', 'LOND', [LOND, LOND2]],
      ['dxi', Outbox.GAS_REGISTRY, [GAS1, GAS2].sort()],
    ])
    expect(ids(p.unroutable)).toEqual([IPNL])
  })

  it('routes independent networks with an extended table', () => {
    const routing = Distributors.extend(Distributors.standard, { '24': 'IPNL', '38': 'XYZ1' })
    const last = mpan('38', 5)
    const p = Outbox.plan([n(IPNL), n(last), n(LOND)], { routing })
    expect(p.files.map((f) => [f.registry, ids(f.notifications)])).toEqual([['IPNL', [IPNL]], ['LOND', [LOND]], ['XYZ1', [last]]])
    expect(p.unroutable).toEqual([])
  })

  it('splits each registry into files of at most maxRecordsPerFile, in order', () => {
    const lond = [1, 2, 3, 4, 5].map((i) => mpan('12', i))
    const gas = [1, 2, 3].map(mprn).sort()
    const p = Outbox.plan([...lond, ...gas].reverse().map((id) => n(id)), { maxRecordsPerFile: 2 })
    expect(p.files.map((f) => [f.registry, ids(f.notifications)])).toEqual([
      ['LOND', lond.slice(0, 2)],
      ['LOND', lond.slice(2, 4)],
      ['LOND', lond.slice(4)],
      ['UKLINK', gas.slice(0, 2)],
      ['UKLINK', gas.slice(2)],
    ])
    expect(Outbox.plan(lond.map((id) => n(id))).files).toHaveLength(1)
  })

  it('makes no files from nothing, and refuses a cap that is not a positive integer', () => {
    expect(Outbox.plan([])).toEqual({ files: [], unroutable: [] })
    expect(() => Outbox.plan([], { maxRecordsPerFile: 0 })).toThrow(RangeError)
    expect(() => Outbox.plan([], { maxRecordsPerFile: 1.5 })).toThrow(RangeError)
  })
})

describe('build', () => {
  const plans = Outbox.plan([n(LOND, 'A', '20211104'), n(LOND2, 'N', '20211103'), n(HYDE, 'I', '20211102'), n(GAS1, 'A', '20211101')]).files
  const options: Outbox.BuildOptions = { firstFileId: 41, firstGeneration: 7, now: '20211104120030', gasOrganisationId: '1234567890' }

  it('numbers D0350 files from firstFileId (10-digit zero-padded) and DXI files from firstGeneration (bare): two counters', () => {
    const built = right(Outbox.build(plans, options))
    expect(built.files.map((f) => [f.name, f.registry, f.kind, f.fileId, f.recordCount])).toEqual([
      ['D0350_HYDE_0000000041.txt', 'HYDE', 'd0350', '0000000041', 1],
      ['D0350_LOND_0000000042.txt', 'LOND', 'd0350', '0000000042', 2],
      ['DXI_0000000007.txt', 'UKLINK', 'dxi', '7', 1],
    ])
    expect([built.nextFileId, built.nextGeneration]).toEqual([43, 8])
    // a kind with no file keeps its number
    const d0350Only = right(Outbox.build(plans.slice(0, 2), options))
    expect([d0350Only.nextFileId, d0350Only.nextGeneration]).toEqual([43, 7])
  })

  it('writes files that decode with the codecs and hold exactly the planned records, `now` as every timestamp', () => {
    const built = right(Outbox.build(plans, options))
    const lond = D0350.decode(built.files[1]!.bytes)
    if (E.isLeft(lond)) throw new Error(JSON.stringify(lond.left))
    expect(lond.right.header).toMatchObject({ fileId: '0000000042', fromRole: 'Z', fromParticipant: 'DCCO', toRole: 'P', toParticipant: 'LOND', createdAt: '20211104120030', testDataFlag: 'OPER' })
    expect(lond.right.trailer).toMatchObject({ fileId: '0000000042', groupCount: 2, flowCount: 2, completedAt: '20211104120030' })
    expect(lond.right.records).toEqual([
      { mpanCore: LOND, flag: 'A', effectiveFrom: '20211104' },
      { mpanCore: LOND2, flag: 'N', effectiveFrom: '20211103' },
    ])
    const gas = Dxi.decode(built.files[2]!.bytes)
    if (E.isLeft(gas)) throw new Error(JSON.stringify(gas.left))
    expect(gas.right.header).toEqual({ organisationId: '1234567890', fileType: 'DXI', creationDate: '20211104', creationTime: '120030', generationNumber: '7' })
    expect(gas.right.records).toEqual([{ mprn: GAS1, flag: 'A', effectiveFrom: '20211101' }])
    expect(gas.right.trailer.recordCount).toBe(1)
    expect(latin1(built.files[2]!.bytes).split('\n')[0]).toBe('"A00",1234567890,"DXI",20211104,120030,7')
    expect(latin1(built.files[0]!.bytes).startsWith('ZHV|0000000041|D0350001|Z|DCCO|P|HYDE|20211104120030||||OPER|\n')).toBe(true)
  })

  it('applies fromParticipant and testDataFlag', () => {
    const built = right(Outbox.build(plans.slice(0, 1), { ...options, fromParticipant: 'DCC2', testDataFlag: 'TR01' }))
    const f = D0350.decode(built.files[0]!.bytes)
    if (E.isLeft(f)) throw new Error('invalid')
    expect(f.right.header.fromParticipant).toBe('DCC2')
    expect(f.right.header.testDataFlag).toBe('TR01')
  })

  it('gives the same bytes for the same inputs', () => {
    const a = right(Outbox.build(plans, options))
    const b = right(Outbox.build(Outbox.plan([n(GAS1, 'A', '20211101'), n(HYDE, 'I', '20211102'), n(LOND2, 'N', '20211103'), n(LOND, 'A', '20211104')]).files, { ...options }))
    expect(b.files.map((f) => latin1(f.bytes))).toEqual(a.files.map((f) => latin1(f.bytes)))
    const c = right(Outbox.build(plans, { ...options, now: '20211104120031' }))
    expect(latin1(c.files[0]!.bytes)).not.toBe(latin1(a.files[0]!.bytes))
  })

  it('reports bad options as data', () => {
    const r = Outbox.build(plans, { firstFileId: 0, now: '20211304120000' })
    expect(E.isLeft(r)).toBe(true)
    const problems = E.isLeft(r) ? r.left.join('\n') : ''
    expect(problems).toContain('firstFileId')
    expect(problems).toContain('now')
    expect(problems).toContain('gasOrganisationId')
    expect(problems).toContain('firstGeneration')
    expect(E.isLeft(Outbox.build(plans, { ...options, firstGeneration: 0 }))).toBe(true)
    expect(E.isLeft(Outbox.build(plans, { ...options, gasOrganisationId: '12345678901' }))).toBe(true)
    expect(E.isLeft(Outbox.build(plans, { ...options, testDataFlag: 'live' }))).toBe(true)
    expect(E.isLeft(Outbox.build(plans, { ...options, fromParticipant: 'DCC' }))).toBe(true)
    // no gas plan: no organisation id needed
    expect(E.isRight(Outbox.build(plans.slice(0, 2), { firstFileId: 1, now: '20211104120000' }))).toBe(true)
  })

  it('refuses numbers that do not fit the fields', () => {
    const dxiOnly = plans.filter((p) => p.kind === 'dxi')
    expect(E.isRight(Outbox.build(dxiOnly, { ...options, firstGeneration: Outbox.MAX_DXI_GENERATION }))).toBe(true)
    const over = Outbox.build(dxiOnly, { ...options, firstGeneration: Outbox.MAX_DXI_GENERATION + 1 })
    expect(E.isLeft(over) && over.left[0]).toContain('generation number')
    const d = plans.filter((p) => p.kind === 'd0350')
    expect(E.isLeft(Outbox.build(d, { ...options, firstFileId: Outbox.MAX_D0350_FILE_ID }))).toBe(true) // second file overflows
    expect(E.isRight(Outbox.build(d.slice(0, 1), { ...options, firstFileId: Outbox.MAX_D0350_FILE_ID }))).toBe(true)
  })
})

describe('recordSent', () => {
  const devices = [
    { id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned', meterPoints: [LOND] },
    { id: '00-0D-6F-00-00-00-00-02', type: 'ESME', status: 'Commissioned', meterPoints: [HYDE] },
  ]
  const s0 = stateOf([{ id: LOND, flag: 'A', effectiveFrom: '20211104' }, { id: HYDE, flag: 'A', effectiveFrom: '20211104' }], devices)

  it('sets notified only where the meter point still holds what was sent', () => {
    const planned = Outbox.pending(s0).notifications
    expect(ids(planned)).toEqual([HYDE, LOND])
    // LOND's meter is decommissioned after the plan: its new pair (N) must stay pending
    const moved = Reducer.reduce(s0, events({ eventId: 'd', at: '2021-11-05T10:00:00Z', type: 'StatusChanged', deviceId: devices[0]!.id, status: 'Decommissioned' }))
    const r = Outbox.recordSent(moved.state, planned)
    expect(r.recorded).toBe(1)
    expect(r.stale).toEqual([{ notification: planned[1], reason: 'changed', current: { flag: 'N', effectiveFrom: '20211105' } }])
    expect(State.meterPoint(r.state, HYDE)!.notified).toEqual({ flag: 'A', effectiveFrom: '20211104' })
    expect(State.meterPoint(r.state, LOND)!.notified).toBeNull()
    expect(Outbox.pending(r.state).notifications.map((x) => [x.meterPoint, x.flag])).toEqual([[LOND, 'N']])
    // the input state is untouched
    expect(State.meterPoint(moved.state, HYDE)!.notified).toBeNull()
  })

  it('reports unknown meter points and is idempotent', () => {
    const sent = [...Outbox.pending(s0).notifications, n(EELC)]
    const once = Outbox.recordSent(s0, sent)
    expect(once.stale.map((x) => [x.notification.meterPoint, x.reason])).toEqual([[EELC, 'unknown_meter_point']])
    const twice = Outbox.recordSent(once.state, sent)
    expect(State.toInventory(twice.state)).toEqual(State.toInventory(once.state))
    expect(twice.state).toBe(once.state) // nothing left to change
    expect(Outbox.pending(once.state).notifications).toEqual([])
  })
})

describe('applyResponse and release', () => {
  const s0 = stateOf([
    { id: GAS1, flag: 'A', effectiveFrom: '20211104' },
    { id: GAS2, flag: 'I', effectiveFrom: '20211103' },
    { id: LOND, flag: 'A', effectiveFrom: '20211104' },
  ])
  const response = (records: ReadonlyArray<Dxr.Record>): Dxr.DxrFile =>
    Dxr.make({ header: { organisationId: '9876543210', creationDate: '20211105', creationTime: '063000', generationNumber: 17 }, records })

  it('AC confirms the pair last sent; RJ holds the meter point, which is reported and not re-sent', () => {
    const sent = Outbox.recordSent(s0, Outbox.pending(s0).notifications).state
    const r = Outbox.applyResponse(sent, response([
      { outcome: 'AC', mprn: GAS1, flag: 'A', effectiveFrom: '20211104' },
      { outcome: 'RJ', mprn: GAS2, flag: 'I', effectiveFrom: '20211103' },
    ]))
    expect(r.confirmed.map((x) => x.mprn)).toEqual([GAS1])
    expect(r.held.map((x) => x.mprn)).toEqual([GAS2])
    expect(State.meterPoint(r.state, GAS2)!.held).toEqual({ flag: 'I', effectiveFrom: '20211103', reason: Outbox.rejectionReason('17') })
    const p = Outbox.pending(r.state)
    expect(p.notifications).toEqual([])
    expect(p.held.map((h) => [h.meterPoint, h.wouldBePending])).toEqual([[GAS2, false]])
    // a hold stays when the meter point changes: still not sent
    const changed = State.withMeterPoints(r.state, [{ ...State.meterPoint(r.state, GAS2)!, flag: 'A', effectiveFrom: '20211201' as never }])
    expect(Outbox.pending(changed).notifications).toEqual([])
    expect(Outbox.pending(changed).held[0]!.wouldBePending).toBe(true)
  })

  it('release makes the rejected pair pending again', () => {
    const sent = Outbox.recordSent(s0, Outbox.pending(s0).notifications).state
    const rejected = Outbox.applyResponse(sent, response([{ outcome: 'RJ', mprn: GAS2, flag: 'I', effectiveFrom: '20211103' }])).state
    const r = Outbox.release(rejected, [GAS2, GAS1, '9999999999'])
    expect(r.released).toEqual([GAS2])
    expect(r.notHeld).toEqual([GAS1, '9999999999'])
    expect(State.meterPoint(r.state, GAS2)!.held).toBeNull()
    expect(Outbox.pending(r.state).notifications.map((x) => [x.meterPoint, x.flag, x.effectiveFrom])).toEqual([[GAS2, 'I', '20211103']])
  })

  it('a response for a pair never sent is unmatched, even when it is the current pair: nothing changes', () => {
    const r = Outbox.applyResponse(s0, response([
      { outcome: 'AC', mprn: GAS1, flag: 'A', effectiveFrom: '20211104' },
      { outcome: 'RJ', mprn: GAS2, flag: 'I', effectiveFrom: '20211103' },
    ]))
    expect(r.unmatched.map((u) => [u.record.mprn, u.notified])).toEqual([[GAS1, null], [GAS2, null]])
    expect([r.confirmed, r.held]).toEqual([[], []])
    expect(r.state).toBe(s0)
  })

  it('matches the pair last sent, not the current one: a meter point that moved on still takes the answer to what was sent', () => {
    const sent = Outbox.recordSent(s0, Outbox.pending(s0).notifications).state
    // GAS1 changes after the file was sent: A → N
    const moved = State.withMeterPoints(sent, [{ ...State.meterPoint(sent, GAS1)!, flag: 'N', effectiveFrom: '20211201' as never }])
    const r = Outbox.applyResponse(moved, response([
      { outcome: 'RJ', mprn: GAS1, flag: 'A', effectiveFrom: '20211104' },
      { outcome: 'AC', mprn: GAS1, flag: 'N', effectiveFrom: '20211201' },
    ]))
    expect(r.held.map((x) => [x.mprn, x.flag])).toEqual([[GAS1, 'A']])
    expect(State.meterPoint(r.state, GAS1)!.held).toEqual({ flag: 'A', effectiveFrom: '20211104', reason: Outbox.rejectionReason('17') })
    // the AC for the current pair (never sent) is unmatched
    expect(r.unmatched.map((u) => [u.record.flag, u.notified])).toEqual([['N', { flag: 'A', effectiveFrom: '20211104' }]])
  })

  it('reports records for unknown meter points and for pairs that are not the one last sent, changing nothing', () => {
    const sent = Outbox.recordSent(s0, Outbox.pending(s0).notifications).state
    const records: Dxr.Record[] = [
      { outcome: 'AC', mprn: mprn(9), flag: 'A', effectiveFrom: '20211104' },
      { outcome: 'AC', mprn: GAS1, flag: 'N', effectiveFrom: '20211104' },
      { outcome: 'RJ', mprn: GAS2, flag: 'I', effectiveFrom: '20211101' },
      { outcome: 'AC', mprn: LOND, flag: 'A', effectiveFrom: '20211104' },
    ]
    const r = Outbox.applyResponse(sent, response(records))
    expect(r.unknown).toEqual([records[0], records[3]])
    expect(r.unmatched).toEqual([
      { record: records[1], notified: { flag: 'A', effectiveFrom: '20211104' } },
      { record: records[2], notified: { flag: 'I', effectiveFrom: '20211103' } },
    ])
    expect(r.confirmed).toEqual([])
    expect(r.held).toEqual([])
    expect(r.state).toBe(sent)
  })

  it('applying the same response twice changes nothing the second time', () => {
    const sent = Outbox.recordSent(s0, Outbox.pending(s0).notifications).state
    const resp = response([{ outcome: 'RJ', mprn: GAS2, flag: 'I', effectiveFrom: '20211103' }, { outcome: 'AC', mprn: GAS1, flag: 'A', effectiveFrom: '20211104' }])
    const once = Outbox.applyResponse(sent, resp)
    const twice = Outbox.applyResponse(once.state, resp)
    expect(twice.state).toBe(once.state)
    expect(State.toInventory(twice.state)).toEqual(State.toInventory(once.state))
  })

  it('reads a response decoded from bytes (the dxr fixture shape)', () => {
    const sent = Outbox.recordSent(s0, Outbox.pending(s0).notifications).state
    const bytes = Dxr.encode(response([{ outcome: 'RJ', mprn: GAS1, flag: 'A', effectiveFrom: '20211104' }]))
    const decoded = Dxr.decode(bytes)
    if (E.isLeft(decoded)) throw new Error('invalid')
    const r = Outbox.applyResponse(sent, decoded.right)
    expect(Outbox.pending(r.state).held.map((h) => h.meterPoint)).toEqual([GAS1])
  })
})

describe('the whole cycle', () => {
  it('pending → plan → build → recordSent leaves nothing pending, and the files carry exactly the pending records', () => {
    const s = stateOf([
      { id: LOND, flag: 'A', effectiveFrom: '20211104' },
      { id: HYDE, flag: 'N', effectiveFrom: '20211104', notified: { flag: 'A', effectiveFrom: '20200101' } },
      { id: IPNL, flag: 'A', effectiveFrom: '20211104' },
      { id: GAS1, flag: 'I', effectiveFrom: '20211104' },
    ])
    const p = Outbox.pending(s)
    const planned = Outbox.plan(p.notifications)
    expect(ids(planned.unroutable)).toEqual([IPNL])
    const built = right(Outbox.build(planned.files, { firstFileId: 1, firstGeneration: 1, now: '20211104120000', gasOrganisationId: '42' }))
    const inFiles: string[] = []
    for (const f of built.files) {
      const file = f.kind === 'd0350' ? D0350.decode(f.bytes) : Dxi.decode(f.bytes)
      if (E.isLeft(file)) throw new Error(JSON.stringify(file.left))
      for (const r of file.right.records) inFiles.push(`${'mpanCore' in r ? r.mpanCore : r.mprn} ${r.flag} ${r.effectiveFrom}`)
    }
    expect(inFiles.sort()).toEqual(p.notifications.filter((x) => x.meterPoint !== IPNL).map((x) => `${x.meterPoint} ${x.flag} ${x.effectiveFrom}`).sort())
    const after = Outbox.recordSent(s, built.files.flatMap((f) => f.notifications))
    expect(ids(Outbox.pending(after.state).notifications)).toEqual([IPNL])
  })
})
