// The engine's oracle: an independent, obviously-right reference written the plain way — records
// in Maps, a policy asked on every derivation (no table), every check spelled out — that the
// properties compare the production engine against, event for event. It is test code only.
import * as Instant from '../../src/identifiers/Instant'
import * as MeterPointId from '../../src/identifiers/MeterPointId'
import type { MeterPointId as MeterPointIdT } from '../../src/identifiers/MeterPointId'
import type { DeviceId } from '../../src/identifiers/DeviceId'
import * as Lifecycle from '../../src/engine/Lifecycle'
import * as Model from '../../src/engine/Model'
import * as Policy from '../../src/engine/Policy'
import type * as Reducer from '../../src/engine/Reducer'

export interface OracleState {
  readonly meterPoints: ReadonlyMap<string, Model.MeterPointRecord>
  readonly devices: ReadonlyMap<string, Model.DeviceRecord>
  readonly events: ReadonlySet<string>
}

const canonical = (at: string): Instant.Instant => Instant.ofEpochMicros(Instant.epochMicros(at))

export const blank = (id: MeterPointIdT): Model.MeterPointRecord => ({
  id, fuel: MeterPointId.fuelOf(id)!, flag: null, effectiveFrom: null, meters: [], notified: null, held: null,
})

export const fromInventory = (inv: Model.Inventory): OracleState => {
  const mps = new Map<string, Model.MeterPointRecord>()
  for (const mp of inv.meterPoints) {
    mps.set(mp.id, { ...blank(mp.id), flag: mp.flag ?? null, effectiveFrom: mp.effectiveFrom ?? null, notified: mp.notified ?? null, held: mp.held ?? null })
  }
  const devs = new Map<string, Model.DeviceRecord>()
  for (const d of inv.devices) {
    const links = d.meterPoints ?? []
    devs.set(d.id, { id: d.id, type: d.type, status: d.status ?? null, meterPoints: links, lastEventAt: d.lastEventAt ? canonical(d.lastEventAt) : null })
    for (const m of links) {
      const mp = mps.get(m) ?? blank(m)
      mps.set(m, { ...mp, meters: [...mp.meters, d.id].sort() })
    }
  }
  return { meterPoints: mps, devices: devs, events: new Set() }
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const toInventory = (s: OracleState) => ({
  meterPoints: [...s.meterPoints.values()].sort((a, b) => byId(a.id, b.id)).map((mp) => ({
    id: mp.id, flag: mp.flag, effectiveFrom: mp.effectiveFrom, notified: mp.notified, ...(mp.held === null ? {} : { held: mp.held }),
  })),
  devices: [...s.devices.values()].sort((a, b) => byId(a.id, b.id)).map((d) => ({
    id: d.id, type: d.type, ...(d.status === null ? {} : { status: d.status }), meterPoints: [...d.meterPoints], ...(d.lastEventAt === null ? {} : { lastEventAt: d.lastEventAt }),
  })),
})

const IN_SMI = (t: Model.DeviceType): boolean => t !== 'IHD' && t !== 'CAD'
const countOf = (n: number): 0 | 1 | 2 | 3 => (n > 3 ? 3 : n) as 0 | 1 | 2 | 3

/** Folds events over a state, the plain way. */
export const reduce = (s0: OracleState, events: ReadonlyArray<Model.Event>, options: Reducer.Options = {}): { state: OracleState; changes: Model.Change[]; rejected: Model.Rejection[] } => {
  const policy = options.policy ?? Policy.mp077
  const lifecycle = options.lifecycle ?? Lifecycle.strict
  const asOf = options.asOf === undefined ? Infinity : Instant.epochMicros(options.asOf)
  if (Number.isNaN(asOf)) throw new RangeError(`asOf ${options.asOf} is not an instant`)
  const mps = new Map(s0.meterPoints)
  const devs = new Map(s0.devices)
  const applied = new Set(s0.events)
  const changes: Model.Change[] = []
  const rejected: Model.Rejection[] = []

  const derive = (mpId: string, cause: Policy.Cause, e: Model.Event): void => {
    const mp = mps.get(mpId)!
    const meters = mp.meters.map((id) => devs.get(id)!)
    const statuses = new Set(meters.map((m) => m.status!).filter((x) => x !== null))
    const to = policy.derive({ statuses, count: countOf(meters.length), flag: mp.flag, cause })
    if (to === null || to === mp.flag) return
    if (!policy.flags.includes(to)) throw new TypeError(`policy ${policy.name} derived flag ${to}, which is not among its flags (${policy.flags.join(', ')})`)
    const day = Instant.londonDate(e.at)!
    const date = mp.effectiveFrom !== null && mp.effectiveFrom > day ? mp.effectiveFrom : day
    mps.set(mpId, { ...mp, flag: to, effectiveFrom: date })
    changes.push({ meterPoint: mp.id, fuel: mp.fuel, from: mp.flag, to, effectiveFrom: date, eventId: e.eventId, policy: policy.name })
  }
  const deriveAll = (ids: ReadonlyArray<string>, cause: Policy.Cause, e: Model.Event): void => {
    for (const id of [...ids].sort()) derive(id, cause, e)
  }
  const unlinkFrom = (mpId: string, deviceId: string): void => {
    const mp = mps.get(mpId)!
    mps.set(mpId, { ...mp, meters: mp.meters.filter((x) => x !== deviceId) })
  }

  const apply = (e: Model.Event): Model.Rejection | null => {
    const id = e.eventId
    const r = (code: Model.RejectionCode, message: string): Model.Rejection => ({ eventId: id, code, message })
    if (applied.has(id)) return r('duplicate_event', `event ${id} was already applied`)
    const at = Instant.epochMicros(e.at)
    if (at > asOf) return r('future_event', `event ${id} at ${Instant.ofEpochMicros(at)} is later than the fold's asOf`)
    const last = canonical(e.at)
    if (e.type === 'DeviceRegistered') {
      if (devs.has(e.deviceId)) return r('duplicate_device', `device ${e.deviceId} is already in the inventory`)
      devs.set(e.deviceId, { id: e.deviceId, type: e.deviceType, status: IN_SMI(e.deviceType) ? (e.status ?? 'Pending') : null, meterPoints: [], lastEventAt: last })
      return null
    }
    const d = devs.get(e.deviceId)
    if (d === undefined) return r('unknown_device', `device ${e.deviceId} is not in the inventory`)
    if (d.lastEventAt !== null && at < Instant.epochMicros(d.lastEventAt)) {
      return r('out_of_order', `event ${id} at ${Instant.ofEpochMicros(at)} is earlier than device ${d.id}'s last event (${d.lastEventAt})`)
    }
    switch (e.type) {
      case 'StatusChanged': {
        if (d.status === 'Decommissioned') return r('device_decommissioned', `device ${d.id} is Decommissioned: its status cannot change`)
        if (d.status === null) return r('forbidden_status_change', `${d.type} ${d.id} has no SMI status`)
        if (d.status !== e.status && !lifecycle[d.status].includes(e.status)) return r('forbidden_status_change', `device ${d.id} cannot go from ${d.status} to ${e.status}`)
        const nd = { ...d, status: e.status, lastEventAt: last }
        devs.set(d.id, nd)
        if (d.status !== e.status) deriveAll(d.meterPoints, { kind: 'statusChanged', from: d.status, to: e.status }, e)
        return null
      }
      case 'MeterPointLinked': {
        if (d.status === 'Decommissioned') return r('device_decommissioned', `device ${d.id} is Decommissioned: it cannot be linked`)
        const fuel = Model.fuelServed(d.type)
        if (fuel === null) return r('not_a_smart_meter', `a ${d.type} cannot serve a meter point`)
        const mpFuel = MeterPointId.fuelOf(e.meterPoint)
        if (mpFuel !== fuel) return r('wrong_fuel_link', `a ${d.type} cannot serve ${mpFuel ?? 'unknown'} meter point ${e.meterPoint}`)
        if (d.meterPoints.includes(e.meterPoint)) return r('already_linked', `device ${d.id} already serves ${e.meterPoint}`)
        const max = Model.maxMeterPoints(d.type)
        if (d.meterPoints.length >= max) return r('too_many_links', `a ${d.type} serves at most ${max} meter point${max === 1 ? '' : 's'}; ${d.id} serves ${d.meterPoints.join(', ')}`)
        devs.set(d.id, { ...d, meterPoints: [...d.meterPoints, e.meterPoint], lastEventAt: last })
        const mp = mps.get(e.meterPoint) ?? blank(e.meterPoint)
        mps.set(e.meterPoint, { ...mp, meters: [...mp.meters, d.id as DeviceId].sort() })
        derive(e.meterPoint, { kind: 'linked', status: d.status! }, e)
        return null
      }
      case 'MeterPointUnlinked': {
        if (!d.meterPoints.includes(e.meterPoint)) return r('not_linked', `device ${d.id} does not serve ${e.meterPoint}`)
        devs.set(d.id, { ...d, meterPoints: d.meterPoints.filter((m) => m !== e.meterPoint), lastEventAt: last })
        unlinkFrom(e.meterPoint, d.id)
        derive(e.meterPoint, { kind: 'unlinked', status: d.status!, deleted: false }, e)
        return null
      }
      case 'DeviceDeleted': {
        devs.delete(d.id)
        for (const m of d.meterPoints) unlinkFrom(m, d.id)
        deriveAll(d.meterPoints, { kind: 'unlinked', status: d.status!, deleted: true }, e)
        return null
      }
    }
  }

  for (const e of events) {
    const rej = apply(e)
    if (rej === null) applied.add(e.eventId)
    else rejected.push(rej)
  }
  return { state: { meterPoints: mps, devices: devs, events: applied }, changes, rejected }
}
