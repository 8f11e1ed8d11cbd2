// The rules of docs/rules.md sections 4–5 added with time order: `future_event` (asOf), `out_of_order`
// (a device's lastEventAt), effective-from dates that never move back, and dspAsBuilt's unlink of a
// Commissioned meter only. Each runs on the production store and on the Map store (the oracle).
import { describe, expect, it } from 'vitest'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import * as EngineReducer from '../../src/engine/Reducer'
import * as EngineState from '../../src/engine/State'
import * as Oracle from '../oracle/Oracle'
import type { Instant } from '../../src/identifiers/Instant'

const MPAN_A = '1200023305967'
const MPAN_B = '1200000000058'
const MPRN_A = '3938424403'
const ESME = '00-0D-6F-00-00-00-00-01'
const ESME2 = '00-0D-6F-00-00-00-00-02'
const GSME = '00-0D-6F-00-00-00-00-50'

let seq = 0
const ev = (at: string, body: Record<string, unknown>): Model.Event => {
  const r = Model.decodeEvent({ eventId: `t${seq++}`, at, ...body })
  if (E.isLeft(r)) throw new Error(r.left.join('; '))
  return r.right
}
const st = (at: string, deviceId: string, status: string) => ev(at, { type: 'StatusChanged', deviceId, status })
const reg = (at: string, deviceId: string, deviceType: string, status?: string) => ev(at, { type: 'DeviceRegistered', deviceId, deviceType, ...(status ? { status } : {}) })
const link = (at: string, deviceId: string, meterPoint: string) => ev(at, { type: 'MeterPointLinked', deviceId, meterPoint })
const unlink = (at: string, deviceId: string, meterPoint: string) => ev(at, { type: 'MeterPointUnlinked', deviceId, meterPoint })
const del = (at: string, deviceId: string) => ev(at, { type: 'DeviceDeleted', deviceId })
const codes = (r: { rejected: ReadonlyArray<Model.Rejection> }) => r.rejected.map((x) => x.code)
const flags = (r: { changes: ReadonlyArray<Model.Change> }) => r.changes.map((c) => `${c.meterPoint}:${c.from}>${c.to}@${c.effectiveFrom}`)

/** The engine, and the oracle behind the same face (what each test reads of a result). */
interface Engine {
  readonly name: string
  readonly fromInventory: (inv: Model.Inventory) => unknown
  readonly reduce: (s: unknown, events: ReadonlyArray<Model.Event>, options?: EngineReducer.Options) => { state: unknown; changes: ReadonlyArray<Model.Change>; rejected: ReadonlyArray<Model.Rejection> }
  readonly device: (s: unknown, id: string) => Model.DeviceRecord | undefined
  readonly meterPoint: (s: unknown, id: string) => Model.MeterPointRecord | undefined
  readonly inventory: (s: unknown) => { readonly devices: ReadonlyArray<{ readonly lastEventAt?: string }> }
  readonly hasEvent: (s: unknown, id: string) => boolean
}
const engines: ReadonlyArray<readonly [string, Engine]> = [
  ['engine', {
    name: 'engine',
    fromInventory: (inv) => EngineState.fromInventory(inv),
    reduce: (s, events, options) => EngineReducer.reduce(s as EngineState.State, events, options),
    device: (s, id) => EngineState.device(s as EngineState.State, id),
    meterPoint: (s, id) => EngineState.meterPoint(s as EngineState.State, id),
    inventory: (s) => EngineState.toInventory(s as EngineState.State),
    hasEvent: (s, id) => EngineState.hasEvent(s as EngineState.State, id),
  }],
  ['oracle', {
    name: 'oracle',
    fromInventory: (inv) => Oracle.fromInventory(inv),
    reduce: (s, events, options) => Oracle.reduce(s as Oracle.OracleState, events, options),
    device: (s, id) => (s as Oracle.OracleState).devices.get(id),
    meterPoint: (s, id) => (s as Oracle.OracleState).meterPoints.get(id),
    inventory: (s) => Oracle.toInventory(s as Oracle.OracleState),
    hasEvent: (s, id) => (s as Oracle.OracleState).events.has(id),
  }],
]

describe.each(engines)('time order on the %s', (_name, engine) => {
  const inv = (u: unknown): unknown => {
    const r = Model.decodeInventory(u)
    if (E.isLeft(r)) throw new Error(r.left.join('; '))
    return engine.fromInventory(r.right)
  }
  const Reducer = { reduce: engine.reduce }
  const State = { device: engine.device, meterPoint: engine.meterPoint, toInventory: engine.inventory, fromInventory: engine.fromInventory, hasEvent: engine.hasEvent }
  const commissioned = (lastEventAt?: string) =>
    inv({
      meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20240310' }],
      devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A], ...(lastEventAt ? { lastEventAt } : {}) }],
    })

  describe('future_event', () => {
    const asOf = '2024-03-20T12:00:00Z' as Instant
    it('an event later than asOf is rejected; one at asOf is applied', () => {
      const r = Reducer.reduce(commissioned(), [st('2024-03-20T12:00:01Z', ESME, 'Suspended'), st('2024-03-20T13:00:00+01:00', ESME, 'Suspended')], { asOf })
      expect(codes(r)).toEqual(['future_event'])
      expect(State.device(r.state, ESME)?.status).toBe('Suspended')
      expect(r.rejected[0]!.message).toContain('asOf')
    })
    it('without asOf, nothing is future', () => {
      expect(codes(Reducer.reduce(commissioned(), [st('2099-01-01T00:00:00Z', ESME, 'Suspended')]))).toEqual([])
    })
    it('duplicate_event wins over future_event; future_event over unknown_device and duplicate_device', () => {
      const e = st('2024-03-01T00:00:00Z', ESME, 'Suspended')
      const later = { ...e, at: '2024-04-01T00:00:00Z' as Instant }
      expect(codes(Reducer.reduce(commissioned(), [e, later], { asOf }))).toEqual(['duplicate_event'])
      expect(codes(Reducer.reduce(commissioned(), [st('2024-04-01T00:00:00Z', ESME2, 'Pending')], { asOf }))).toEqual(['future_event'])
      expect(codes(Reducer.reduce(commissioned(), [reg('2024-04-01T00:00:00Z', ESME, 'ESME')], { asOf }))).toEqual(['future_event'])
    })
    it('a rejected future event leaves its id free', () => {
      const e = st('2024-04-01T00:00:00Z', ESME, 'Suspended')
      const r = Reducer.reduce(commissioned(), [e, { ...e, at: '2024-03-15T00:00:00Z' as Instant }], { asOf })
      expect(codes(r)).toEqual(['future_event'])
      expect(State.hasEvent(r.state, e.eventId)).toBe(true)
    })
    it('an asOf that is not an instant is a programmer error', () => {
      expect(() => Reducer.reduce(commissioned(), [], { asOf: '2024-03-20' as Instant })).toThrow(RangeError)
    })
  })

  describe('out_of_order', () => {
    it("an event earlier than the device's lastEventAt is rejected; equal instants are fine, in input order", () => {
      const s = commissioned('2024-03-10T09:00:00Z')
      const r = Reducer.reduce(s, [
        st('2024-03-10T08:59:59Z', ESME, 'Suspended'),
        st('2024-03-10T10:00:00+01:00', ESME, 'Suspended'), // the same instant as lastEventAt
        st('2024-03-10T09:00:00Z', ESME, 'Commissioned'),
      ])
      expect(codes(r)).toEqual(['out_of_order'])
      expect(State.device(r.state, ESME)).toMatchObject({ status: 'Commissioned', lastEventAt: '2024-03-10T09:00:00Z' })
    })
    it('fractions of a second count', () => {
      const s = commissioned('2024-03-10T09:00:00.5Z')
      const r = Reducer.reduce(s, [st('2024-03-10T09:00:00.25Z', ESME, 'Suspended'), st('2024-03-10T09:00:00.500001Z', ESME, 'Suspended')])
      expect(codes(r)).toEqual(['out_of_order'])
      expect(State.device(r.state, ESME)?.lastEventAt).toBe('2024-03-10T09:00:00.500001Z')
    })
    it('every kind of event on a known device is checked and sets lastEventAt (a no-op status change too)', () => {
      const s = commissioned('2024-03-10T09:00:00Z')
      const early = '2024-03-01T00:00:00Z'
      expect(codes(Reducer.reduce(s, [link(early, ESME, MPAN_B), unlink(early, ESME, MPAN_A), del(early, ESME), st(early, ESME, 'Commissioned')]))).toEqual(
        ['out_of_order', 'out_of_order', 'out_of_order', 'out_of_order'],
      )
      const noop = Reducer.reduce(s, [st('2024-03-11T00:00:00Z', ESME, 'Commissioned')])
      expect(codes(noop)).toEqual([])
      expect(noop.changes).toEqual([])
      expect(State.device(noop.state, ESME)?.lastEventAt).toBe('2024-03-11T00:00:00Z')
      expect(codes(Reducer.reduce(noop.state, [st('2024-03-10T12:00:00Z', ESME, 'Suspended')]))).toEqual(['out_of_order'])
    })
    it('registration sets lastEventAt; deletion removes it, so a device registered again starts afresh', () => {
      const r = Reducer.reduce(State.fromInventory({ meterPoints: [], devices: [] }), [
        reg('2024-03-10T09:00:00Z', ESME, 'ESME'),
        st('2024-03-09T09:00:00Z', ESME, 'Whitelisted'),
        del('2024-03-12T09:00:00Z', ESME),
        reg('2024-03-11T09:00:00Z', ESME, 'ESME'),
      ])
      expect(codes(r)).toEqual(['out_of_order'])
      expect(State.device(r.state, ESME)?.lastEventAt).toBe('2024-03-11T09:00:00Z')
    })
    it('unknown_device wins over out_of_order; out_of_order over device_decommissioned and the link checks', () => {
      const s = inv({ meterPoints: [], devices: [{ id: ESME, type: 'ESME', status: 'Decommissioned', meterPoints: [MPAN_A, MPAN_B], lastEventAt: '2024-03-10T09:00:00Z' }] })
      const early = '2024-03-01T00:00:00Z'
      expect(codes(Reducer.reduce(s, [st(early, ESME2, 'Pending')]))).toEqual(['unknown_device'])
      expect(codes(Reducer.reduce(s, [st(early, ESME, 'Pending'), link(early, ESME, MPRN_A), unlink(early, ESME, MPRN_A)]))).toEqual(['out_of_order', 'out_of_order', 'out_of_order'])
      const late = '2024-03-11T00:00:00Z'
      expect(codes(Reducer.reduce(s, [st(late, ESME, 'Pending'), link(late, ESME, MPRN_A), unlink(late, ESME, MPRN_A)]))).toEqual(['device_decommissioned', 'device_decommissioned', 'not_linked'])
    })
    it("another device's older event applies", () => {
      const s = inv({
        meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20240310' }],
        devices: [
          { id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A], lastEventAt: '2024-03-10T09:00:00Z' },
          { id: ESME2, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] },
        ],
      })
      expect(codes(Reducer.reduce(s, [st('2024-03-05T00:00:00Z', ESME2, 'Suspended')]))).toEqual([])
    })
    it('toInventory carries lastEventAt (canonical, UTC) and fromInventory reads it back', () => {
      const r = Reducer.reduce(commissioned(), [st('2024-03-12T10:00:00+01:00', ESME, 'Suspended')])
      const out = State.toInventory(r.state)
      expect(out.devices[0]!.lastEventAt).toBe('2024-03-12T09:00:00Z')
      const back = Model.decodeInventory(JSON.parse(JSON.stringify(out)))
      if (E.isLeft(back)) throw new Error(back.left.join('; '))
      expect(codes(Reducer.reduce(State.fromInventory(back.right), [st('2024-03-12T08:59:00Z', ESME, 'Commissioned')]))).toEqual(['out_of_order'])
    })
  })

  describe('effective-from never earlier than the current one', () => {
    it("a change caused by an older event takes the meter point's current date", () => {
      const s = inv({
        meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20240310' }],
        devices: [{ id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] }],
      })
      expect(flags(Reducer.reduce(s, [st('2024-03-05T10:00:00Z', ESME, 'Decommissioned')]))).toEqual([`${MPAN_A}:A>N@20240310`])
      expect(flags(Reducer.reduce(s, [st('2024-03-15T10:00:00Z', ESME, 'Decommissioned')]))).toEqual([`${MPAN_A}:A>N@20240315`])
    })
    it('the state holds the date of the change', () => {
      const s = inv({ meterPoints: [{ id: MPAN_A, flag: 'N', effectiveFrom: '20240310' }], devices: [{ id: ESME, type: 'ESME', status: 'Pending', meterPoints: [MPAN_A] }] })
      const r = Reducer.reduce(s, [st('2024-03-01T10:00:00Z', ESME, 'Commissioned')])
      expect(State.meterPoint(r.state, MPAN_A)).toMatchObject({ flag: 'A', effectiveFrom: '20240310' })
    })
  })

  describe('dspAsBuilt: A → N on an unlink only for a Commissioned meter', () => {
    const statuses: ReadonlyArray<Model.DeviceStatus> = Model.deviceStatuses
    it.each(statuses)('unlinking the last meter, %s', (status) => {
      const s = inv({ meterPoints: [{ id: MPRN_A, flag: 'A', effectiveFrom: '20240101' }], devices: [{ id: GSME, type: 'GSME', status, meterPoints: [MPRN_A] }] })
      const unlinked = Reducer.reduce(s, [unlink('2024-03-20T10:00:00Z', GSME, MPRN_A)], { policy: Policy.dspAsBuilt })
      const deleted = Reducer.reduce(s, [del('2024-03-20T10:00:00Z', GSME)], { policy: Policy.dspAsBuilt })
      const expected = status === 'Commissioned' ? [`${MPRN_A}:A>N@20240320`] : []
      expect(flags(unlinked)).toEqual(expected)
      expect(flags(deleted)).toEqual(expected)
    })
    it('a Commissioned meter unlinked while another served meter stays: A stays', () => {
      const s = inv({
        meterPoints: [{ id: MPAN_A, flag: 'A', effectiveFrom: '20240101' }],
        devices: [
          { id: ESME, type: 'ESME', status: 'Commissioned', meterPoints: [MPAN_A] },
          { id: ESME2, type: 'ESME', status: 'InstalledNotCommissioned', meterPoints: [MPAN_A] },
        ],
      })
      expect(flags(Reducer.reduce(s, [unlink('2024-03-20T10:00:00Z', ESME, MPAN_A)], { policy: Policy.dspAsBuilt }))).toEqual([])
    })
  })
})
