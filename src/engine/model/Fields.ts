/**
 * The field codecs events and inventories share, each with a readable failure message.
 *
 * @internal
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import * as CalendarDate from '../../identifiers/CalendarDate'
import * as DeviceId from '../../identifiers/DeviceId'
import * as FlagModule from '../../identifiers/Flag'
import * as Instant from '../../identifiers/Instant'
import * as MeterPointId from '../../identifiers/MeterPointId'
import { deviceStatusCodec, deviceStatuses, deviceTypeCodec, deviceTypes } from './Device'
import { describeValue } from './StrictStruct'

/**
 * A non-empty event id.
 *
 * @example
 * eventIdCodec.is('e1') // true
 * @since 0.2.0
 * @category codecs
 */
export const eventIdCodec = new t.Type<string, string, unknown>(
  'EventId',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) =>
    typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c, `eventId must be a non-empty string, got ${describeValue(u)}`),
  (a) => a,
)

/**
 * An ISO-8601 instant with an offset.
 *
 * @example
 * instantCodec.is('2024-03-10T09:00:00Z') // true
 * @since 0.2.0
 * @category codecs
 */
export const instantCodec = new t.Type<Instant.Instant, string, unknown>(
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

/**
 * A positive safe integer (file counters).
 *
 * @example
 * positiveIntegerCodec.is(0) // false
 * @since 0.2.0
 * @category codecs
 */
export const positiveIntegerCodec = new t.Type<number, number, unknown>(
  'PositiveInteger',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 1,
  (u, c) =>
    typeof u === 'number' && Number.isSafeInteger(u) && u >= 1 ? t.success(u) : t.failure(u, c, `${describeValue(u)} is not a positive integer`),
  (a) => a,
)

/**
 * The `meterPointIdCodec` field.
 *
 * @example
 * meterPointIdCodec.name // the codec's name
 * @since 0.2.0
 * @category codecs
 */
export const meterPointIdCodec = MeterPointId.codec
/**
 * The `deviceIdCodec` field.
 *
 * @example
 * deviceIdCodec.name // the codec's name
 * @since 0.2.0
 * @category codecs
 */
export const deviceIdCodec = DeviceId.codec
/**
 * The `deviceTypeField` field.
 *
 * @example
 * deviceTypeField.name // the codec's name
 * @since 0.2.0
 * @category codecs
 */
export const deviceTypeField = withMessage(deviceTypeCodec, `a device type (${deviceTypes.join(', ')})`)
/**
 * The `deviceStatusField` field.
 *
 * @example
 * deviceStatusField.name // the codec's name
 * @since 0.2.0
 * @category codecs
 */
export const deviceStatusField = withMessage(deviceStatusCodec, `an SMI status (${deviceStatuses.join(', ')})`)
/**
 * The `srvCodec` field.
 *
 * @example
 * srvCodec.name // the codec's name
 * @since 0.2.0
 * @category codecs
 */
export const srvCodec = withMessage(t.string, 'a string')
/**
 * The `flagField` field.
 *
 * @example
 * flagField.name // the codec's name
 * @since 0.2.0
 * @category codecs
 */
export const flagField = withMessage(FlagModule.codec, 'a flag (A, I, N, S, W)')
/**
 * The `dateField` field.
 *
 * @example
 * dateField.name // the codec's name
 * @since 0.2.0
 * @category codecs
 */
export const dateField = withMessage(CalendarDate.dateCodec, 'a real date written YYYYMMDD')
