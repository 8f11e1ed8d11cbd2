/**
 * dcc-service-flags: DCC Service Flags (SEC modification MP077) for GB smart metering.
 * Each module is exported as a namespace, io-ts style: `import { MpanCore, D0350 } from 'dcc-service-flags'`.
 *
 * @since 0.1.0
 */

// identifiers
export * as MpanCore from './identifiers/MpanCore'
export * as Mprn from './identifiers/Mprn'
export * as MeterPointId from './identifiers/MeterPointId'
export * as DeviceId from './identifiers/DeviceId'
export * as CalendarDate from './identifiers/CalendarDate'
export * as Instant from './identifiers/Instant'
export * as Flag from './identifiers/Flag'
export * as MeterPointKey from './identifiers/MeterPointKey'
export * as DeviceKey from './identifiers/DeviceKey'

// wire formats: common
export * as Diagnostic from './wire/Diagnostic'
export * as Bytes from './wire/Bytes'
export * as Lines from './wire/Lines'
export type * as FileCodec from './wire/FileCodec'
export * as Detect from './wire/Detect'
export * as Kinds from './wire/Kinds'
export * as FileEngine from './wire/FileEngine'

// wire formats: DTC (D0350 to MPAS)
export * as DtcSchema from './wire/dtc/Schema'
export * as Dtc from './wire/dtc/Dtc'
export * as D0350 from './wire/dtc/D0350'

// wire formats: UK Link (DXI of E45 records, E46 responses)
export * as UkLinkSchema from './wire/uklink/Schema'
export * as UkLink from './wire/uklink/UkLink'
export * as Dxi from './wire/uklink/Dxi'
export * as Dxr from './wire/uklink/Dxr'

// engine
export * as Model from './engine/Model'
export * as Lifecycle from './engine/Lifecycle'
export * as Policy from './engine/Policy'
export * as State from './engine/State'
export * as Reducer from './engine/Reducer'
export * as Parallel from './engine/Parallel'
export * as Distributors from './engine/outbox/Distributors'
export * as Outbox from './engine/Outbox'

// reconciliation
export * as RegistryExtract from './reconciliation/RegistryExtract'
export * as Reconcile from './reconciliation/Reconcile'
export * as Impact from './reconciliation/Impact'
export * as FromState from './reconciliation/FromState'
