/**
 * The Node edge's public face (`dcc-service-flags/node`): streamed inventory reading, NDJSON lines
 * checked as UTF-8, staged file writes. Other folders (the command line, the state database)
 * import it from here.
 *
 * @since 0.2.0
 */
export * as InventoryReader from './InventoryReader'
export * as NdjsonLines from './NdjsonLines'
export * as StagedFiles from './StagedFiles'
export * as Utf8 from './Utf8'
export { readState, type StateRead } from './State'
