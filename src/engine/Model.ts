/**
 * The engine's data model (DOMAIN.md sections 3–4, API.md "JSON shapes"): device types and SMI
 * statuses, the five event kinds, the inventory snapshot, and the in-memory records the state holds.
 * Codecs are io-ts values that reject unknown fields (io-ts `exact` would strip them silently) and
 * report errors as data: a path and a reason.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import * as DeviceId from '../identifiers/DeviceId'
import * as MeterPointId from '../identifiers/MeterPointId'
import * as Instant from '../identifiers/Instant'
import * as FlagModule from '../identifiers/Flag'
import * as CalendarDate from '../identifiers/CalendarDate'

type Flag = FlagModule.Flag
type DeviceIdT = DeviceId.DeviceId
type MeterPointIdT = MeterPointId.MeterPointId
type Fuel = MeterPointId.Fuel

// -------------------------------------------------------------------------------------------------
// devices
// -------------------------------------------------------------------------------------------------

/** A device type of the Smart Metering Inventory. @since 0.1.0 @category model */
export type DeviceType = 'ESME' | 'GSME' | 'CHF' | 'GPF' | 'PPMID' | 'HCALCS' | 'IHD' | 'CAD'

/**
 * Every device type.
 *
 * @example
 * deviceTypes.includes('ESME') // true
 * @since 0.1.0
 * @category constants
 */
export const deviceTypes: ReadonlyArray<DeviceType> = ['ESME', 'GSME', 'CHF', 'GPF', 'PPMID', 'HCALCS', 'IHD', 'CAD']

/** An SMI device status (DOMAIN.md section 3). @since 0.1.0 @category model */
export type DeviceStatus =
  | 'Pending'
  | 'Whitelisted'
  | 'InstalledNotCommissioned'
  | 'Commissioned'
  | 'Suspended'
  | 'Recovery'
  | 'Recovered'
  | 'Withdrawn'
  | 'Decommissioned'

/**
 * Every SMI status, in the order of DOMAIN.md section 3.
 *
 * @example
 * deviceStatuses.length // 9
 * @since 0.1.0
 * @category constants
 */
export const deviceStatuses: ReadonlyArray<DeviceStatus> = [
  'Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Suspended',
  'Recovery', 'Recovered', 'Withdrawn', 'Decommissioned',
]

/**
 * io-ts codec of device types.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(deviceTypeCodec.decode('ESME')) // true
 * @since 0.1.0
 * @category codecs
 */
export const deviceTypeCodec: t.Type<DeviceType> = t.keyof(
  { ESME: null, GSME: null, CHF: null, GPF: null, PPMID: null, HCALCS: null, IHD: null, CAD: null },
  'DeviceType',
)

/**
 * io-ts codec of SMI statuses.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isLeft(deviceStatusCodec.decode('Active')) // true
 * @since 0.1.0
 * @category codecs
 */
export const deviceStatusCodec: t.Type<DeviceStatus> = t.keyof(
  {
    Pending: null, Whitelisted: null, InstalledNotCommissioned: null, Commissioned: null, Suspended: null,
    Recovery: null, Recovered: null, Withdrawn: null, Decommissioned: null,
  },
  'DeviceStatus',
)

/**
 * True for the device types that drive flags: ESME and GSME.
 *
 * @example
 * isSmartMeter('ESME') // true
 * isSmartMeter('CHF') // false
 * @since 0.1.0
 * @category refinements
 */
export const isSmartMeter = (type: DeviceType): type is 'ESME' | 'GSME' => type === 'ESME' || type === 'GSME'

/**
 * The fuel a smart meter serves (ESME electricity, GSME gas), or null for other devices.
 *
 * @example
 * fuelServed('GSME') // 'gas'
 * fuelServed('IHD') // null
 * @since 0.1.0
 * @category accessors
 */
export const fuelServed = (type: DeviceType): Fuel | null =>
  type === 'ESME' ? 'electricity' : type === 'GSME' ? 'gas' : null

/**
 * How many meter points a device may serve: 2 for an ESME (twin element: primary and secondary
 * import), 1 for a GSME, 0 for everything else.
 *
 * @example
 * maxMeterPoints('ESME') // 2
 * @since 0.1.0
 * @category accessors
 */
export const maxMeterPoints = (type: DeviceType): number => (type === 'ESME' ? 2 : type === 'GSME' ? 1 : 0)

/**
 * False for the Type 2 devices (IHD, CAD), which have no SMI status.
 *
 * @example
 * hasStatus('IHD') // false
 * hasStatus('CHF') // true
 * @since 0.1.0
 * @category accessors
 */
export const hasStatus = (type: DeviceType): boolean => type !== 'IHD' && type !== 'CAD'

// -------------------------------------------------------------------------------------------------
// records held by the state
// -------------------------------------------------------------------------------------------------

/** A (flag, effective-from) pair, as last sent to a registry. @since 0.1.0 @category model */
export interface Notified {
  readonly flag: Flag
  readonly effectiveFrom: CalendarDate.CalendarDate
}

/**
 * Why a meter point is held back from notification (set by the outbox after an E46 `RJ`): the
 * pair the registry rejected and its reason. **(provisional shape: the outbox owns it.)**
 *
 * @since 0.1.0
 * @category model
 */
export interface Hold {
  readonly flag: Flag
  readonly effectiveFrom: CalendarDate.CalendarDate
  readonly reason: string
}

/** A meter point as the state holds it. Records are immutable: the reducer replaces them. @since 0.1.0 @category model */
export interface MeterPointRecord {
  readonly id: MeterPointIdT
  readonly fuel: Fuel
  readonly flag: Flag | null
  readonly effectiveFrom: CalendarDate.CalendarDate | null
  /** The smart meters linked to it now, in device id order. */
  readonly meters: ReadonlyArray<DeviceIdT>
  readonly notified: Notified | null
  readonly held: Hold | null
}

/** A device as the state holds it. @since 0.1.0 @category model */
export interface DeviceRecord {
  readonly id: DeviceIdT
  readonly type: DeviceType
  /** Null for IHD and CAD, which have no SMI status. */
  readonly status: DeviceStatus | null
  /** The meter points it serves, in the order they were linked (primary import first). */
  readonly meterPoints: ReadonlyArray<MeterPointIdT>
}

// -------------------------------------------------------------------------------------------------
// strict structs: io-ts codecs that reject unknown fields
// -------------------------------------------------------------------------------------------------

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)
const hasOwn = Object.prototype.hasOwnProperty

/**
 * An io-ts codec of an object with `required` and `optional` fields that fails on any other field
 * (instead of stripping it, as `t.exact` does). Optional fields may be absent; with `nullable` they
 * may also be `null` (kept as `null`).
 *
 * @example
 * import * as t from 'io-ts'
 * const P = strictStruct('P', { a: t.string }, { b: t.number })
 * P.decode({ a: 'x', c: 1 }) // left: unknown field "c"
 * @since 0.1.0
 * @category combinators
 */
export const strictStruct = <A, O = A>(
  name: string,
  required: t.Props,
  optional: t.Props = {},
  nullable = false,
): t.Type<A, O, unknown> => {
  const requiredKeys = Object.keys(required)
  const optionalKeys = Object.keys(optional)
  const known = new Set([...requiredKeys, ...optionalKeys])
  const is = (u: unknown): u is A => {
    if (!isRecord(u)) return false
    for (const k in u) if (hasOwn.call(u, k) && !known.has(k)) return false
    for (const k of requiredKeys) if (!required[k]!.is(u[k])) return false
    for (const k of optionalKeys) {
      const v = u[k]
      if (v !== undefined && !(nullable && v === null) && !optional[k]!.is(v)) return false
    }
    return true
  }
  return new t.Type<A, O, unknown>(
    name,
    is,
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c, `${name} must be a JSON object`)
      const errors: t.ValidationError[] = []
      const out: Record<string, unknown> = {}
      for (const k in u) {
        if (hasOwn.call(u, k) && !known.has(k)) {
          errors.push({ value: u[k], context: t.appendContext(c, k, t.never, u[k]), message: `unknown field "${k}"` })
        }
      }
      for (const k of requiredKeys) {
        const codec = required[k]!
        const v = u[k]
        if (v === undefined) {
          errors.push({ value: v, context: t.appendContext(c, k, codec, v), message: `missing field "${k}"` })
          continue
        }
        const r = codec.validate(v, t.appendContext(c, k, codec, v))
        if (E.isLeft(r)) for (const e of r.left) errors.push(e)
        else out[k] = r.right
      }
      for (const k of optionalKeys) {
        const v = u[k]
        if (v === undefined) continue
        if (nullable && v === null) {
          out[k] = null
          continue
        }
        const codec = optional[k]!
        const r = codec.validate(v, t.appendContext(c, k, codec, v))
        if (E.isLeft(r)) for (const e of r.left) errors.push(e)
        else out[k] = r.right
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as A)
    },
    (a) => {
      const out: Record<string, unknown> = {}
      const src = a as unknown as Record<string, unknown>
      for (const k of requiredKeys) out[k] = required[k]!.encode(src[k])
      for (const k of optionalKeys) {
        const v = src[k]
        if (v === undefined) continue
        out[k] = v === null ? null : optional[k]!.encode(v)
      }
      return out as O
    },
  )
}

const describeValue = (u: unknown): string => {
  if (u === undefined) return 'nothing'
  const s = JSON.stringify(u)
  return s === undefined ? String(u) : s.length > 60 ? s.slice(0, 57) + '...' : s
}

/**
 * The path of a validation error: `devices[0].meterPoints[1]`, `at`, or `(root)`.
 *
 * @example
 * import * as t from 'io-ts'
 * const r = t.type({ a: t.array(t.string) }).decode({ a: [1] })
 * // errorPath(r.left[0]) === 'a[0]'
 * @since 0.1.0
 * @category destructors
 */
export const errorPath = (e: t.ValidationError): string => {
  let path = ''
  for (let i = 1; i < e.context.length; i++) {
    const k = e.context[i]!.key
    if (k === '') continue
    path += /^[0-9]+$/.test(k) ? `[${k}]` : path === '' ? k : `.${k}`
  }
  return path === '' ? '(root)' : path
}

/**
 * One readable line per validation error: `path: reason`.
 *
 * @example
 * import * as t from 'io-ts'
 * import { either as E } from 'fp-ts'
 * const r = eventCodec.decode({ eventId: 'e1' })
 * if (E.isLeft(r)) formatErrors(r.left) // ['type: missing field "type"']
 * @since 0.1.0
 * @category destructors
 */
export const formatErrors = (errors: t.Errors): ReadonlyArray<string> =>
  errors.map((e) => {
    const last = e.context[e.context.length - 1]
    const reason = e.message ?? `expected ${last?.type.name ?? 'a value'}, got ${describeValue(e.value)}`
    return `${errorPath(e)}: ${reason}`
  })

// Field codecs with readable failure messages.
const eventIdCodec = new t.Type<string, string, unknown>(
  'EventId',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) =>
    typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c, `eventId must be a non-empty string, got ${describeValue(u)}`),
  (a) => a,
)

const instantCodec = new t.Type<Instant.Instant, string, unknown>(
  'Instant',
  (u): u is Instant.Instant => typeof u === 'string' && Instant.isValid(u),
  (u, c) =>
    typeof u === 'string' && Instant.isValid(u)
      ? t.success(u as Instant.Instant)
      : t.failure(u, c, `${describeValue(u)} is not an ISO-8601 instant with an offset or Z`),
  (a) => a,
)

const withMessage = <A>(codec: t.Type<A, string, unknown>, what: string): t.Type<A, string, unknown> =>
  new t.Type<A, string, unknown>(
    codec.name,
    codec.is,
    (u, c) => {
      const r = codec.validate(u, c)
      return E.isRight(r) ? r : t.failure(u, c, r.left[0]?.message ?? `${describeValue(u)} is not ${what}`)
    },
    codec.encode,
  )

const meterPointIdCodec = MeterPointId.codec
const deviceIdCodec = DeviceId.codec
const deviceTypeField = withMessage(deviceTypeCodec, `a device type (${deviceTypes.join(', ')})`)
const deviceStatusField = withMessage(deviceStatusCodec, `an SMI status (${deviceStatuses.join(', ')})`)
const srvCodec = withMessage(t.string, 'a string')
const flagField = withMessage(FlagModule.codec, 'a flag (A, I, N, S, W)')
const dateField = withMessage(CalendarDate.dateCodec, 'a real date written YYYYMMDD')

// -------------------------------------------------------------------------------------------------
// events
// -------------------------------------------------------------------------------------------------

/** Fields every event has. @since 0.1.0 @category model */
export interface EventBase {
  readonly eventId: string
  readonly at: Instant.Instant
  /** The DUIS service request, for provenance only. */
  readonly srv?: string
}

/** A device enters the inventory (status defaults to Pending; none for IHD/CAD). @since 0.1.0 @category model */
export interface DeviceRegistered extends EventBase {
  readonly type: 'DeviceRegistered'
  readonly deviceId: DeviceIdT
  readonly deviceType: DeviceType
  readonly status?: DeviceStatus
}

/** A device's SMI status changes. @since 0.1.0 @category model */
export interface StatusChanged extends EventBase {
  readonly type: 'StatusChanged'
  readonly deviceId: DeviceIdT
  readonly status: DeviceStatus
}

/** A smart meter starts serving a meter point. @since 0.1.0 @category model */
export interface MeterPointLinked extends EventBase {
  readonly type: 'MeterPointLinked'
  readonly deviceId: DeviceIdT
  readonly meterPoint: MeterPointIdT
}

/** A smart meter stops serving a meter point. @since 0.1.0 @category model */
export interface MeterPointUnlinked extends EventBase {
  readonly type: 'MeterPointUnlinked'
  readonly deviceId: DeviceIdT
  readonly meterPoint: MeterPointIdT
}

/** A device leaves the inventory; each of its links is removed as by an unlink. @since 0.1.0 @category model */
export interface DeviceDeleted extends EventBase {
  readonly type: 'DeviceDeleted'
  readonly deviceId: DeviceIdT
}

/** One of the five event kinds. @since 0.1.0 @category model */
export type Event = DeviceRegistered | StatusChanged | MeterPointLinked | MeterPointUnlinked | DeviceDeleted

/**
 * The `type` of each event kind.
 *
 * @example
 * eventTypes[0] // 'DeviceRegistered'
 * @since 0.1.0
 * @category constants
 */
export const eventTypes: ReadonlyArray<Event['type']> = [
  'DeviceRegistered', 'StatusChanged', 'MeterPointLinked', 'MeterPointUnlinked', 'DeviceDeleted',
]

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
 * import { either as E } from 'fp-ts'
 * E.isRight(eventCodec.decode({ eventId: 'e5', at: '2021-11-06T10:00:00Z', type: 'DeviceDeleted', deviceId: '000D6F0000000001' })) // true
 * @since 0.1.0
 * @category codecs
 */
export const eventCodec: t.Type<Event, unknown, unknown> = new t.Type<Event, unknown, unknown>(
  'Event',
  (u): u is Event => isRecord(u) && typeof u['type'] === 'string' && hasOwn.call(eventStructs, u['type']) && eventStructs[u['type'] as Event['type']].is(u),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c, 'an event must be a JSON object')
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
 * decodeEvent({ eventId: 'e1', at: '2021-11-04T09:00:00', type: 'DeviceDeleted', deviceId: '00-0D-6F-00-00-00-00-01' })
 * // left(['at: "2021-11-04T09:00:00" is not an ISO-8601 instant with an offset or Z'])
 * @since 0.1.0
 * @category decoders
 */
export const decodeEvent = (u: unknown): E.Either<ReadonlyArray<string>, Event> => {
  const r = eventCodec.decode(u)
  return E.isRight(r) ? r : E.left(formatErrors(r.left))
}

// -------------------------------------------------------------------------------------------------
// rejections and NDJSON
// -------------------------------------------------------------------------------------------------

/** Why an event was rejected (API.md), in precedence order: the first that applies wins. @since 0.1.0 @category model */
export type RejectionCode =
  | 'invalid_event'
  | 'duplicate_event'
  | 'duplicate_device'
  | 'unknown_device'
  | 'device_decommissioned'
  | 'not_a_smart_meter'
  | 'wrong_fuel_link'
  | 'forbidden_status_change'
  | 'already_linked'
  | 'not_linked'
  | 'too_many_links'

/**
 * Rejection codes in precedence order (API.md).
 *
 * @example
 * rejectionCodes.indexOf('invalid_event') // 0: it wins over every other code
 * @since 0.1.0
 * @category constants
 */
export const rejectionCodes: ReadonlyArray<RejectionCode> = [
  'invalid_event', 'duplicate_event', 'duplicate_device', 'unknown_device', 'device_decommissioned',
  'not_a_smart_meter', 'wrong_fuel_link', 'forbidden_status_change', 'already_linked', 'not_linked', 'too_many_links',
]

/** A rejected event: `eventId` is null when none could be read. @since 0.1.0 @category model */
export interface Rejection {
  readonly eventId: string | null
  readonly code: RejectionCode
  readonly message: string
}

const readEventId = (u: unknown): string | null => {
  if (!isRecord(u)) return null
  const id = u['eventId']
  return typeof id === 'string' && id.length > 0 ? id : null
}

/**
 * Parses one NDJSON line (1-based `lineNo`, used in messages) into an event, or an `invalid_event`
 * rejection whose message names the line and the field.
 *
 * @example
 * parseEventLine('{"eventId":"e1"}', 3)
 * // left({ eventId: 'e1', code: 'invalid_event', message: 'line 3: type: missing field "type"' })
 * @since 0.1.0
 * @category decoders
 */
export const parseEventLine = (line: string, lineNo: number): E.Either<Rejection, Event> => {
  let u: unknown
  try {
    u = JSON.parse(line)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    return E.left({ eventId: null, code: 'invalid_event', message: `line ${lineNo}: not valid JSON (${why})` })
  }
  const r = eventCodec.decode(u)
  if (E.isRight(r)) return r
  return E.left({ eventId: readEventId(u), code: 'invalid_event', message: `line ${lineNo}: ${formatErrors(r.left).join('; ')}` })
}

/**
 * Parses NDJSON text, one result per non-empty line in input order (a trailing `\r` is dropped, so
 * CRLF text works; empty lines are skipped). Malformed lines become `invalid_event` rejections and
 * the rest of the stream still parses.
 *
 * @example
 * parseEvents('{"eventId":"e1","at":"2021-11-06T10:00:00Z","type":"DeviceDeleted","deviceId":"00-0D-6F-00-00-00-00-01"}\nnot json\n')
 * // [right(DeviceDeleted e1), left({ eventId: null, code: 'invalid_event', message: 'line 2: not valid JSON (…)' })]
 * @since 0.1.0
 * @category decoders
 */
export const parseEvents = (text: string): ReadonlyArray<E.Either<Rejection, Event>> => {
  const out: Array<E.Either<Rejection, Event>> = []
  forEachLine(text, (line, lineNo) => {
    out.push(parseEventLine(line, lineNo))
  })
  return out
}

/**
 * Calls `f` with each non-empty line of NDJSON text and its 1-based line number, dropping a trailing
 * `\r` from each line. Scans with `indexOf`.
 *
 * @example
 * forEachLine('a\r\n\nb', (line, n) => console.log(n, line)) // 1 a, 3 b
 * @since 0.1.0
 * @category utils
 */
export const forEachLine = (text: string, f: (line: string, lineNo: number) => void): void => {
  let start = 0
  let lineNo = 0
  const n = text.length
  while (start < n) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = n
    lineNo++
    let stop = end
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop--
    if (stop > start) f(text.slice(start, stop), lineNo)
    start = end + 1
  }
}

// -------------------------------------------------------------------------------------------------
// inventory
// -------------------------------------------------------------------------------------------------

/** A meter point of the inventory snapshot. @since 0.1.0 @category model */
export interface InventoryMeterPoint {
  readonly id: MeterPointIdT
  readonly flag?: Flag | null
  readonly effectiveFrom?: CalendarDate.CalendarDate | null
  readonly notified?: Notified | null
  /** Set by the outbox after an E46 `RJ` (an extension of API.md's shape; absent when none). */
  readonly held?: Hold | null
}

/** A device of the inventory snapshot. @since 0.1.0 @category model */
export interface InventoryDevice {
  readonly id: DeviceIdT
  readonly type: DeviceType
  readonly status?: DeviceStatus | null
  readonly meterPoints?: ReadonlyArray<MeterPointIdT>
}

/** The inventory snapshot (API.md "Inventory"). @since 0.1.0 @category model */
export interface Inventory {
  readonly meterPoints: ReadonlyArray<InventoryMeterPoint>
  readonly devices: ReadonlyArray<InventoryDevice>
}

const notifiedCodec = strictStruct<Notified>('Notified', { flag: flagField, effectiveFrom: dateField })
const holdCodec = strictStruct<Hold>('Hold', { flag: flagField, effectiveFrom: dateField, reason: t.string })

const inventoryMeterPointCodec = strictStruct<InventoryMeterPoint, unknown>(
  'InventoryMeterPoint',
  { id: meterPointIdCodec },
  { flag: flagField, effectiveFrom: dateField, notified: notifiedCodec, held: holdCodec },
  true,
)

const inventoryDeviceCodec = strictStruct<InventoryDevice, unknown>(
  'InventoryDevice',
  { id: deviceIdCodec, type: deviceTypeField },
  { status: deviceStatusField, meterPoints: t.array(meterPointIdCodec) },
  true,
)

/**
 * io-ts codec of the inventory's shape (field by field; {@link decodeInventory} adds the checks
 * across records: duplicates and link rules).
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(inventoryCodec.decode({ meterPoints: [], devices: [] })) // true
 * @since 0.1.0
 * @category codecs
 */
export const inventoryCodec: t.Type<Inventory, unknown, unknown> = strictStruct<Inventory, unknown>('Inventory', {
  meterPoints: t.array(inventoryMeterPointCodec),
  devices: t.array(inventoryDeviceCodec),
})

/**
 * Checks across records of a shape-valid inventory: duplicate ids, a flag without its
 * effective-from date (or the reverse), a status on an IHD/CAD or none on another device, and link
 * rules (wrong fuel, more than two MPANs on an ESME, more than one MPRN on a GSME, meter points on a
 * device that is not a smart meter, the same meter point twice on one device).
 *
 * @example
 * checkInventory({ meterPoints: [], devices: [{ id: '00-0D-6F-00-00-00-00-01' as any, type: 'CHF', status: 'Commissioned', meterPoints: ['1200023305967' as any] }] })
 * // ['devices[0].meterPoints: a CHF cannot serve meter points']
 * @since 0.1.0
 * @category checks
 */
export const checkInventory = (inv: Inventory): ReadonlyArray<string> => {
  const errors: string[] = []
  const mpSeen = new Map<string, number>()
  inv.meterPoints.forEach((mp, i) => {
    const prev = mpSeen.get(mp.id)
    if (prev !== undefined) errors.push(`meterPoints[${i}].id: duplicate meter point ${mp.id} (also meterPoints[${prev}])`)
    else mpSeen.set(mp.id, i)
    const hasFlag = mp.flag !== undefined && mp.flag !== null
    const hasDate = mp.effectiveFrom !== undefined && mp.effectiveFrom !== null
    if (hasFlag && !hasDate) errors.push(`meterPoints[${i}].effectiveFrom: flag ${mp.flag} needs its effectiveFrom date`)
    if (!hasFlag && hasDate) errors.push(`meterPoints[${i}].flag: effectiveFrom ${mp.effectiveFrom} given without a flag`)
  })
  const devSeen = new Map<string, number>()
  inv.devices.forEach((d, i) => {
    const prev = devSeen.get(d.id)
    if (prev !== undefined) errors.push(`devices[${i}].id: duplicate device ${d.id} (also devices[${prev}])`)
    else devSeen.set(d.id, i)
    const statusGiven = d.status !== undefined && d.status !== null
    if (hasStatus(d.type) && !statusGiven) errors.push(`devices[${i}].status: a ${d.type} needs an SMI status`)
    if (!hasStatus(d.type) && statusGiven) errors.push(`devices[${i}].status: ${d.type} devices have no SMI status`)
    const mps = d.meterPoints ?? []
    if (mps.length === 0) return
    const fuel = fuelServed(d.type)
    if (fuel === null) {
      errors.push(`devices[${i}].meterPoints: a ${d.type} cannot serve meter points`)
      return
    }
    const seen = new Set<string>()
    mps.forEach((mp, j) => {
      if (seen.has(mp)) errors.push(`devices[${i}].meterPoints[${j}]: ${mp} is listed twice`)
      seen.add(mp)
      if (MeterPointId.fuelOf(mp) !== fuel) errors.push(`devices[${i}].meterPoints[${j}]: a ${d.type} cannot serve ${MeterPointId.fuelOf(mp)} meter point ${mp}`)
    })
    const max = maxMeterPoints(d.type)
    if (mps.length > max) errors.push(`devices[${i}].meterPoints: a ${d.type} serves at most ${max} meter point${max === 1 ? '' : 's'}, got ${mps.length}`)
  })
  return errors
}

/**
 * Decodes an inventory value (parsed JSON): readable errors (`path: reason`) or the inventory with
 * device ids normalised. A meter point named by a device but missing from `meterPoints` is not an
 * error: it exists with a null flag.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isRight(decodeInventory({ meterPoints: [{ id: '1200023305967', flag: null }], devices: [] })) // true
 * E.isLeft(decodeInventory({ meterPoints: [], devices: [], extra: 1 })) // true: unknown field
 * @since 0.1.0
 * @category decoders
 */
export const decodeInventory = (u: unknown): E.Either<ReadonlyArray<string>, Inventory> => {
  const r = inventoryCodec.decode(u)
  if (E.isLeft(r)) return E.left(formatErrors(r.left))
  const errors = checkInventory(r.right)
  return errors.length > 0 ? E.left(errors) : E.right(r.right)
}

/**
 * Parses inventory JSON text, then {@link decodeInventory}.
 *
 * @example
 * import { either as E } from 'fp-ts'
 * E.isLeft(parseInventory('{')) // true
 * @since 0.1.0
 * @category decoders
 */
export const parseInventory = (text: string): E.Either<ReadonlyArray<string>, Inventory> => {
  let u: unknown
  try {
    u = JSON.parse(text)
  } catch (err) {
    return E.left([`(root): not valid JSON (${err instanceof Error ? err.message : String(err)})`])
  }
  return decodeInventory(u)
}
