/**
 * An engine `State` from an inventory byte stream of any size: the streamed reader
 * ({@link readInventory}) feeds the compact store, the command line's one production store.
 *
 * @since 0.2.0
 */
import { Model, State } from 'dcc-service-flags'
import { readInventory, type Counters, type InventoryReport, type ReadOptions } from './InventoryReader'

/** What {@link readState} gives: the report, and the state when the inventory was valid. @since 0.2.0 @category model */
export interface StateRead {
  readonly report: InventoryReport
  readonly state: State.State | null
  readonly counters: Counters | null
}

/**
 * Reads an inventory stream into a compact state (null when the inventory is invalid: the report
 * lists why).
 *
 * @example
 * import * as fs from 'node:fs'
 * import { readState } from './State'
 * const { report, state } = await readState(fs.createReadStream('inventory.json'), { file: 'inventory.json' })
 * @since 0.2.0
 * @category readers
 */
export const readState = async (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ReadOptions): Promise<StateRead> => {
  // Records are gathered, then built in one go: the lists may come in any order, and a device may
  // link a meter point listed after it. (To become a streaming builder when the engine has one.)
  const meterPoints: Model.InventoryMeterPoint[] = []
  const devices: Model.InventoryDevice[] = []
  let counters: Counters | null = null
  const report = await readInventory(
    source,
    {
      meterPoint: (mp) => meterPoints.push(mp),
      device: (d) => devices.push(d),
      counters: (c) => {
        counters = c
      },
    },
    options,
  )
  if (!report.valid) return { report, state: null, counters }
  return { report, state: State.fromInventory({ meterPoints, devices }), counters }
}
