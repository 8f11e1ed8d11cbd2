/**
 * The engine folder's public face: every other folder imports engine modules from here, never from
 * a file inside (so the engine's files can move without breaking their users).
 *
 * @internal
 * @since 0.2.0
 */
export * as Model from './Model'
export * as Lifecycle from './Lifecycle'
export * as Policy from './Policy'
export * as State from './State'
export * as Reducer from './Reducer'
export * as Parallel from './Parallel'
export * as Distributors from './outbox/Distributors'
export * as Outbox from './Outbox'
