/**
 * The reducer's input events (docs/rules.md section 4, docs/contract.md "Events"): five kinds, each with a unique
 * `eventId`, an instant `at` and an optional `srv`. The codec dispatches on `type`, rejects unknown
 * fields and unknown types, normalises device ids and checks meter point check digits and instant
 * offsets.
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import type { DeviceId } from '../../identifiers/DeviceId'
import type { Instant } from '../../identifiers/Instant'
import type { MeterPointId } from '../../identifiers/MeterPointId'
import type { DeviceStatus, DeviceType } from './Device'
import { hasStatus } from './Device'
import { deviceIdCodec, deviceStatusField, deviceTypeField, eventIdCodec, instantCodec, meterPointIdCodec, srvCodec } from './Fields'
import { describeValue, formatErrors, isJsonObject, strictStruct } from './StrictStruct'

/** Fields every event has. @since 0.1.0 @category model */
export interface EventBase {
  readonly eventId: string
  readonly at: Instant
  /** The DUIS service request, for provenance only. */
  readonly srv?: string
}

/** A device enters the inventory (status defaults to Pending; none for IHD/CAD). @since 0.1.0 @category model */
export interface DeviceRegistered extends EventBase {
  readonly type: 'DeviceRegistered'
  readonly deviceId: DeviceId
  readonly deviceType: DeviceType
  readonly status?: DeviceStatus
}

/** A device's SMI status changes. @since 0.1.0 @category model */
export interface StatusChanged extends EventBase {
  readonly type: 'StatusChanged'
  readonly deviceId: DeviceId
  readonly status: DeviceStatus
}

/** A smart meter starts serving a meter point. @since 0.1.0 @category model */
export interface MeterPointLinked extends EventBase {
  readonly type: 'MeterPointLinked'
  readonly deviceId: DeviceId
  readonly meterPoint: MeterPointId
}

/** A smart meter stops serving a meter point. @since 0.1.0 @category model */
export interface MeterPointUnlinked extends EventBase {
  readonly type: 'MeterPointUnlinked'
  readonly deviceId: DeviceId
  readonly meterPoint: MeterPointId
}

/** A device leaves the inventory; each of its links is removed as by an unlink. @since 0.1.0 @category model */
export interface DeviceDeleted extends EventBase {
  readonly type: 'DeviceDeleted'
  readonly deviceId: DeviceId
}

/** One of the five event kinds. @since 0.1.0 @category model */
export type Event = DeviceRegistered | StatusChanged | MeterPointLinked | MeterPointUnlinked | DeviceDeleted

/**
 * The `type` of each event kind.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.eventTypes[0] // 'DeviceRegistered'
 * @since 0.1.0
 * @category constants
 */
export const eventTypes: ReadonlyArray<Event['type']> = [
  'DeviceRegistered', 'StatusChanged', 'MeterPointLinked', 'MeterPointUnlinked', 'DeviceDeleted',
]

const hasOwn = Object.prototype.hasOwnProperty
const base = { eventId: eventIdCodec, at: instantCodec, type: t.string }
const srvOnly = { srv: srvCodec }

const deviceRegisteredStruct = strictStruct<DeviceRegistered, unknown>(
  'DeviceRegistered',
  { ...base, deviceId: deviceIdCodec, deviceType: deviceTypeField },
  { ...srvOnly, status: deviceStatusField },
)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const eventStructs: Readonly<Record<Event['type'], t.Type<any, unknown, unknown>>> = {
  DeviceRegistered: new t.Type<DeviceRegistered, unknown, unknown>(
    'DeviceRegistered',
    (u): u is DeviceRegistered => deviceRegisteredStruct.is(u) && (hasStatus(u.deviceType) || u.status === undefined),
    (u, c) => {
      const r = deviceRegisteredStruct.validate(u, c)
      if (E.isRight(r) && !hasStatus(r.right.deviceType) && r.right.status !== undefined) {
        const v = r.right.status
        return t.failure(v, t.appendContext(c, 'status', deviceStatusField, v), `${r.right.deviceType} devices have no SMI status`)
      }
      return r
    },
    deviceRegisteredStruct.encode,
  ),
  StatusChanged: strictStruct<StatusChanged, unknown>('StatusChanged', { ...base, deviceId: deviceIdCodec, status: deviceStatusField }, srvOnly),
  MeterPointLinked: strictStruct<MeterPointLinked, unknown>(
    'MeterPointLinked',
    { ...base, deviceId: deviceIdCodec, meterPoint: meterPointIdCodec },
    srvOnly,
  ),
  MeterPointUnlinked: strictStruct<MeterPointUnlinked, unknown>(
    'MeterPointUnlinked',
    { ...base, deviceId: deviceIdCodec, meterPoint: meterPointIdCodec },
    srvOnly,
  ),
  DeviceDeleted: strictStruct<DeviceDeleted, unknown>('DeviceDeleted', { ...base, deviceId: deviceIdCodec }, srvOnly),
}

/**
 * io-ts codec of events: dispatches on `type`, rejects unknown fields and unknown types, normalises
 * device ids and checks meter point check digits and instant offsets.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isRight(Model.eventCodec.decode({ eventId: 'e5', at: '2021-11-06T10:00:00Z', type: 'DeviceDeleted', deviceId: '000D6F0000000001' })) // true
 * @since 0.1.0
 * @category codecs
 */
export const eventCodec: t.Type<Event, unknown, unknown> = new t.Type<Event, unknown, unknown>(
  'Event',
  (u): u is Event => isJsonObject(u) && typeof u['type'] === 'string' && hasOwn.call(eventStructs, u['type']) && eventStructs[u['type'] as Event['type']].is(u),
  (u, c) => {
    if (!isJsonObject(u)) return t.failure(u, c, 'an event must be a JSON object')
    const type = u['type']
    if (typeof type !== 'string' || !hasOwn.call(eventStructs, type)) {
      return t.failure(
        type,
        t.appendContext(c, 'type', t.string, type),
        type === undefined ? 'missing field "type"' : `unknown event type ${describeValue(type)} (expected ${eventTypes.join(', ')})`,
      )
    }
    return eventStructs[type as Event['type']].validate(u, c)
  },
  (a) => eventStructs[a.type].encode(a),
)

/**
 * Decodes one event value into an event or readable errors (`path: reason`).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * Model.decodeEvent({ eventId: 'e1', at: '2021-11-04T09:00:00', type: 'DeviceDeleted', deviceId: '00-0D-6F-00-00-00-00-01' })
 * // left(['at: "2021-11-04T09:00:00" is not an ISO-8601 instant with an offset or Z'])
 * @since 0.1.0
 * @category decoders
 */
export const decodeEvent = (u: unknown): E.Either<ReadonlyArray<string>, Event> => {
  const r = eventCodec.decode(u)
  return E.isRight(r) ? r : E.left(formatErrors(r.left))
}
