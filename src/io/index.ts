/**
 * The Node edge's public face (`dcc-service-flags/node`): streamed inventory reading, NDJSON lines
 * checked as UTF-8, staged file writes. Other folders (the command line, the state database)
 * import it from here.
 *
 * The edge is a client of the core's public API: its files import the core by the package's name
 * (`import { Model, State } from 'dcc-service-flags'`; tsconfig `paths` and the vitest alias map it
 * to `src/index.ts`). So the built `dcc-service-flags/node` imports the installed core at run time
 * and in its declarations, instead of carrying a copy: a state it reads is the very class the
 * core's reducer knows, and its types are the core's types.
 *
 * @since 0.2.0
 */
export * as InventoryReader from './InventoryReader'
export * as NdjsonLines from './NdjsonLines'
export * as StagedFiles from './StagedFiles'
export * as Utf8 from './Utf8'
export { readState, type StateRead } from './State'
