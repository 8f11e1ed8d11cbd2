/**
 * The identifiers folder's public face: every other folder imports identifiers from here, never from
 * a file inside (so files can move without breaking their users).
 *
 * @internal
 * @since 0.2.0
 */
export * as MpanCore from './MpanCore'
export * as Mprn from './Mprn'
export * as MeterPointId from './MeterPointId'
export * as DeviceId from './DeviceId'
export * as CalendarDate from './CalendarDate'
export * as Instant from './Instant'
export * as Flag from './Flag'
export * as MeterPointKey from './MeterPointKey'
export * as DeviceKey from './DeviceKey'
export * as Ascii from './Ascii'
