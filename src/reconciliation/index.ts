/**
 * The reconciliation folder's public face: other folders import reconciliation modules from here,
 * never from a file inside.
 *
 * @internal
 * @since 0.2.0
 */
export * as RegistryExtract from './RegistryExtract'
export * as Reconcile from './Reconcile'
export * as Impact from './Impact'
export * as FromState from './FromState'
