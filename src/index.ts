/**
 * dcc-service-flags: DCC Service Flags (SEC modification MP077) for GB smart metering.
 * Each module is exported as a namespace, io-ts style: `import { MpanCore, D0350 } from 'dcc-service-flags'`.
 *
 * @since 0.1.0
 */
export * as MpanCore from './identifiers/MpanCore'
export * as Mprn from './identifiers/Mprn'
export * as MeterPointId from './identifiers/MeterPointId'
export * as DeviceId from './identifiers/DeviceId'
export * as CalendarDate from './identifiers/CalendarDate'
export * as Instant from './identifiers/Instant'
export * as Flag from './identifiers/Flag'
export * as Diagnostic from './wire/Diagnostic'
export * as Bytes from './wire/Bytes'
export * as Lines from './wire/Lines'
export type * as FileCodec from './wire/FileCodec'
export * as Detect from './wire/Detect'
