// fast-check arbitraries of inventories and event sequences for the flag engine, built on the
// identifier arbitraries. Ids come from small pools so that events collide (same device, same meter
// point, duplicate event ids) often enough to exercise every rejection code.
import fc from 'fast-check'
import * as arb from './identifiers'
import { civilFromDays, daysFromCivil } from '../../src/identifiers/CalendarDate'
import type { DeviceId } from '../../src/identifiers/DeviceId'
import type { MpanCore } from '../../src/identifiers/MpanCore'
import type { Mprn } from '../../src/identifiers/Mprn'
import type { MeterPointId } from '../../src/identifiers/MeterPointId'
import type { Instant } from '../../src/identifiers/Instant'
import * as Model from '../../src/engine/Model'

export interface Pools {
  readonly mpans: ReadonlyArray<MpanCore>
  readonly mprns: ReadonlyArray<Mprn>
  readonly devices: ReadonlyArray<DeviceId>
}

export const pools: fc.Arbitrary<Pools> = fc.record({
  mpans: fc.uniqueArray(arb.mpanCore, { minLength: 1, maxLength: 5 }),
  mprns: fc.uniqueArray(arb.mprn, { minLength: 1, maxLength: 3 }),
  devices: fc.uniqueArray(arb.deviceId, { minLength: 1, maxLength: 7 }),
})

// Statuses weighted towards the usual life of a meter so that many status changes are allowed.
export const status: fc.Arbitrary<Model.DeviceStatus> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<Model.DeviceStatus>('InstalledNotCommissioned', 'Commissioned', 'Decommissioned') },
  { weight: 1, arbitrary: fc.constantFrom(...Model.deviceStatuses) },
)

export const deviceType: fc.Arbitrary<Model.DeviceType> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<Model.DeviceType>('ESME', 'GSME') },
  { weight: 1, arbitrary: fc.constantFrom(...Model.deviceTypes) },
)

const two = (n: number) => (n < 10 ? '0' : '') + String(n)

const FROM = daysFromCivil(2019, 1, 1) * 86400
const TO = daysFromCivil(2026, 12, 31) * 86400

/** The instant `secs` (epoch seconds) written with an offset of `offMin` minutes (`Z` for 0) and a fraction. */
export const instantOf = (secs: number, offMin = 0, fraction = ''): Instant => {
  const local = secs + offMin * 60
  const day = Math.floor(local / 86400)
  const sod = local - day * 86400
  const d = civilFromDays(day)
  const off = offMin === 0 ? 'Z' : (offMin < 0 ? '-' : '+') + two(Math.abs(offMin) / 60) + ':00'
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${two(Math.floor(sod / 3600))}:${two(Math.floor((sod % 3600) / 60))}:${two(sod % 60)}${fraction}${off}` as Instant
}

const offset = fc.constantFrom(0, 60, -60, 120)
const fraction = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('.5', '.000001', '.25', '.1234567') })

/** Instants from 2019 to 2026, written with `Z` or a whole-hour offset (London clock changes included), now and then a fraction. */
export const instant: fc.Arbitrary<Instant> = fc
  .tuple(fc.integer({ min: FROM, max: TO }), offset, fraction)
  .map(([secs, offMin, frac]) => instantOf(secs, offMin, frac))

const meterPointOf = (p: Pools): fc.Arbitrary<MeterPointId> => fc.constantFrom<MeterPointId>(...p.mpans, ...p.mprns)

/** An inventory over the pools that passes `Model.decodeInventory` (links respect the rules). */
export const inventory = (p: Pools): fc.Arbitrary<Model.Inventory> => {
  const devices = fc
    .tuple(...p.devices.map((id) => fc.tuple(fc.constant(id), fc.integer({ min: 0, max: 3 }).map((n) => n > 0), deviceType, status, fc.subarray([...p.mpans], { maxLength: Math.min(2, p.mpans.length) }), fc.subarray([...p.mprns], { maxLength: 1 }), fc.option(fc.constantFrom(instantOf(FROM + 400 * 86400), instantOf(FROM + 800 * 86400, 60)), { nil: undefined }))))
    .map((ds) =>
      ds
        .filter(([, keep]) => keep)
        .map(([id, , type, st, mpans, mprns, last]): Model.InventoryDevice => ({
          id,
          type,
          ...(Model.hasStatus(type) ? { status: st } : {}),
          meterPoints: type === 'ESME' ? mpans : type === 'GSME' ? mprns : [],
          ...(last === undefined ? {} : { lastEventAt: last }),
        })),
    )
  const mp = (id: MeterPointId) =>
    fc.option(fc.tuple(arb.anyFlag, arb.calendarDate, fc.option(fc.tuple(arb.anyFlag, arb.calendarDate), { nil: null })), { nil: null }).map(
      (f): Model.InventoryMeterPoint =>
        f === null
          ? { id, flag: null }
          : { id, flag: f[0], effectiveFrom: f[1], notified: f[2] === null ? null : { flag: f[2][0], effectiveFrom: f[2][1] } },
    )
  const meterPoints: fc.Arbitrary<ReadonlyArray<Model.InventoryMeterPoint>> = fc
    .subarray([...p.mpans, ...p.mprns])
    .chain((ids) => (ids.length === 0 ? fc.constant<ReadonlyArray<Model.InventoryMeterPoint>>([]) : fc.tuple(...ids.map(mp))))
  return fc.record({ meterPoints, devices })
}

type EventBody =
  | Omit<Model.DeviceRegistered, 'eventId' | 'at'>
  | Omit<Model.StatusChanged, 'eventId' | 'at'>
  | Omit<Model.MeterPointLinked, 'eventId' | 'at'>
  | Omit<Model.MeterPointUnlinked, 'eventId' | 'at'>
  | Omit<Model.DeviceDeleted, 'eventId' | 'at'>

const eventBody = (p: Pools): fc.Arbitrary<EventBody> => {
  const dev = fc.constantFrom(...p.devices)
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc.tuple(dev, deviceType, fc.option(status, { nil: undefined })).map(([deviceId, deviceType, st]) => {
        const body: EventBody = { type: 'DeviceRegistered', deviceId, deviceType }
        return Model.hasStatus(deviceType) && st !== undefined ? { ...body, status: st } : body
      }),
    },
    { weight: 4, arbitrary: fc.tuple(dev, status).map(([deviceId, st]): EventBody => ({ type: 'StatusChanged', deviceId, status: st })) },
    { weight: 3, arbitrary: fc.tuple(dev, meterPointOf(p)).map(([deviceId, meterPoint]): EventBody => ({ type: 'MeterPointLinked', deviceId, meterPoint })) },
    { weight: 1, arbitrary: fc.tuple(dev, meterPointOf(p)).map(([deviceId, meterPoint]): EventBody => ({ type: 'MeterPointUnlinked', deviceId, meterPoint })) },
    { weight: 1, arbitrary: dev.map((deviceId): EventBody => ({ type: 'DeviceDeleted', deviceId })) },
  )
}

/** A step between two events' instants: mostly forward (hours to days), sometimes none, now and then back (out of order). */
const step = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 60, max: 5 * 86400 }) },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: -3 * 86400, max: -1 }) },
)

/**
 * Decoded events over the pools: fresh ids `e0`, `e1`, … with now and then an earlier id reused
 * (a duplicate). Instants mostly go forward, with equal instants and steps back mixed in (the
 * reducer rejects a device's step back as `out_of_order`), written in various offsets.
 */
export const events = (p: Pools, maxLength = 40): fc.Arbitrary<ReadonlyArray<Model.Event>> =>
  fc
    .tuple(
      fc.integer({ min: FROM, max: FROM + 500 * 86400 }),
      fc.array(fc.tuple(eventBody(p), step, offset, fraction, fc.oneof({ weight: 15, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() })), { maxLength }),
    )
    .map(([start, xs]) => {
      let secs = start
      return xs.map(([body, dt, offMin, frac, dup], i): Model.Event => {
        secs += dt
        const eventId = dup !== null && i > 0 ? `e${dup % i}` : `e${i}`
        return { ...body, eventId, at: instantOf(secs, offMin, frac) } as Model.Event
      })
    })

/** A malformed NDJSON line (bad JSON, unknown field, bad id or check digit, no offset, unknown type). */
export const malformedLine = (p: Pools): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant('{"eventId":"x1","at":'),
    fc.constant('not json'),
    fc.constant('[1,2]'),
    fc.constantFrom(...p.devices).map((d) => JSON.stringify({ eventId: 'bad-field', at: '2022-01-01T00:00:00Z', type: 'DeviceDeleted', deviceId: d, colour: 'red' })),
    fc.constantFrom(...p.devices).map((d) => JSON.stringify({ eventId: 'bad-at', at: '2022-01-01T00:00:00', type: 'DeviceDeleted', deviceId: d })),
    fc.constantFrom(...p.devices).map((d) => JSON.stringify({ eventId: 'bad-type', at: '2022-01-01T00:00:00Z', type: 'DeviceMoved', deviceId: d })),
    fc.constantFrom(...p.mpans).map((m) =>
      JSON.stringify({ eventId: 'bad-mpan', at: '2022-01-01T00:00:00Z', type: 'MeterPointLinked', deviceId: p.devices[0], meterPoint: m.slice(0, 12) + String((+m[12]! + 1) % 10) }),
    ),
    fc.constant(JSON.stringify({ eventId: 'bad-device', at: '2022-01-01T00:00:00Z', type: 'DeviceDeleted', deviceId: 'ZZ-0D-6F-00-00-00-00-01' })),
  )

/** NDJSON text of events with malformed lines mixed in; also returns how many non-empty lines it has. */
export const ndjson = (p: Pools): fc.Arbitrary<{ readonly text: string; readonly lines: number }> =>
  fc
    .tuple(events(p, 30), fc.array(fc.tuple(fc.nat(), malformedLine(p)), { maxLength: 5 }), fc.boolean())
    .map(([evs, bad, crlf]) => {
      const lines = evs.map((e) => JSON.stringify(e))
      for (const [pos, line] of bad) lines.splice(pos % (lines.length + 1), 0, line)
      const nl = crlf ? '\r\n' : '\n'
      return { text: lines.join(nl) + (lines.length > 0 ? nl : ''), lines: lines.length }
    })

/** Pools, an inventory over them and events over them. */
export const scenario = fc.record({ pools }).chain(({ pools: p }) => fc.record({ pools: fc.constant(p), inventory: inventory(p), events: events(p) }))
