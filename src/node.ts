/**
 * `dcc-service-flags/node`: what needs Node's file system and streams, apart from the pure core
 * (`dcc-service-flags`): an inventory of any size read as a stream, NDJSON event lines checked as
 * UTF-8, and staged writes that put a run's files in a folder all together or not at all.
 *
 * @example
 * import * as fs from 'node:fs'
 * import { readState } from 'dcc-service-flags/node'
 * const { report, state } = await readState(fs.createReadStream('inventory.json'), { file: 'inventory.json' })
 * if (state === null) for (const p of report.problems) console.error(p)
 * @since 0.2.0
 */
export * from './io'
