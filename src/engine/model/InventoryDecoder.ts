/**
 * Whole inventory values (parsed JSON) decoded with the {@link InventoryChecker}: readable errors
 * (`path: reason`) for every problem, or the inventory with its warnings.
 *
 * @since 0.2.0
 */
import { either as E } from 'fp-ts'
import type { Inventory, InventoryDevice, InventoryMeterPoint } from './Inventory'
import { InventoryChecker } from './InventoryChecker'
import { describeValue, isJsonObject } from './StrictStruct'

/** A decoded inventory and its warnings (meter points linked but not listed). @since 0.2.0 @category model */
export interface Decoded {
  readonly inventory: Inventory
  readonly warnings: ReadonlyArray<string>
}

const FIELDS = new Set(['meterPoints', 'devices', 'counters'])

/**
 * Decodes an inventory value (parsed JSON): every problem (`path: reason`), or the inventory (device
 * ids normalised) and its warnings. A meter point named by a device but missing from `meterPoints`
 * is not an error: it exists with a null flag, and a warning says so.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * const r = Model.decodeInventoryWithWarnings({ meterPoints: [], devices: [{ id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Pending', meterPoints: ['1200023305967'] }] })
 * if (E.isRight(r)) r.right.warnings // ['devices[0].meterPoints: meter point 1200023305967 is not in meterPoints: it starts with a null flag']
 * @since 0.2.0
 * @category decoders
 */
export const decodeInventoryWithWarnings = (u: unknown): E.Either<ReadonlyArray<string>, Decoded> => {
  if (!isJsonObject(u)) return E.left([`(root): an inventory must be a JSON object, got ${describeValue(u)}`])
  const errors: string[] = []
  for (const k of Object.keys(u)) if (!FIELDS.has(k)) errors.push(`${k}: unknown field "${k}"`)
  const listOf = (name: 'meterPoints' | 'devices'): ReadonlyArray<unknown> => {
    const v = u[name]
    if (v === undefined) errors.push(`${name}: missing field "${name}"`)
    else if (!Array.isArray(v)) errors.push(`${name}: must be an array, got ${describeValue(v)}`)
    else return v
    return []
  }
  const mpValues = listOf('meterPoints')
  const devValues = listOf('devices')
  const checker = new InventoryChecker({ meterPoints: mpValues.length, devices: devValues.length })
  const meterPoints: InventoryMeterPoint[] = []
  const devices: InventoryDevice[] = []
  mpValues.forEach((v, i) => {
    const r = checker.meterPoint(v, i)
    if (E.isLeft(r)) errors.push(...r.left)
    else meterPoints.push(r.right)
  })
  devValues.forEach((v, i) => {
    const r = checker.device(v, i)
    if (E.isLeft(r)) errors.push(...r.left)
    else devices.push(r.right)
  })
  let counters: Inventory['counters']
  if (u['counters'] !== undefined) {
    const r = checker.counters(u['counters'])
    if (E.isLeft(r)) errors.push(...r.left)
    else counters = r.right
  }
  const report = checker.finish()
  if (errors.length > 0) return E.left(errors)
  const inventory: Inventory = counters === undefined ? { meterPoints, devices } : { meterPoints, devices, counters }
  return E.right({ inventory, warnings: report.warnings })
}

/**
 * Decodes an inventory value (parsed JSON): every problem, or the inventory (device ids normalised).
 * Use {@link decodeInventoryWithWarnings} to also get the warnings (meter points linked but not
 * listed, which exist with a null flag).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isRight(Model.decodeInventory({ meterPoints: [{ id: '1200023305967', flag: null }], devices: [] })) // true
 * E.isLeft(Model.decodeInventory({ meterPoints: [], devices: [], extra: 1 })) // true: unknown field
 * @since 0.1.0
 * @category decoders
 */
export const decodeInventory = (u: unknown): E.Either<ReadonlyArray<string>, Inventory> => {
  const r = decodeInventoryWithWarnings(u)
  return E.isLeft(r) ? r : E.right(r.right.inventory)
}

/**
 * The problems of an inventory's records, as {@link decodeInventory} reports them (empty when
 * there are none).
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import type { DeviceId, MeterPointId } from 'dcc-service-flags'
 * Model.checkInventory({ meterPoints: [], devices: [{ id: '00-0D-6F-00-00-00-00-01' as DeviceId.DeviceId, type: 'CHF', status: 'Commissioned', meterPoints: ['1200023305967' as MeterPointId.MeterPointId] }] })
 * // ['devices[0].meterPoints: a CHF cannot serve meter points']
 * @since 0.1.0
 * @category checks
 */
export const checkInventory = (inv: Inventory): ReadonlyArray<string> => {
  const r = decodeInventoryWithWarnings(inv)
  return E.isLeft(r) ? r.left : []
}

/**
 * Parses inventory JSON text, then {@link decodeInventoryWithWarnings}.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isLeft(Model.parseInventoryWithWarnings('{')) // true
 * @since 0.2.0
 * @category decoders
 */
export const parseInventoryWithWarnings = (text: string): E.Either<ReadonlyArray<string>, Decoded> => {
  let u: unknown
  try {
    u = JSON.parse(text)
  } catch (err) {
    return E.left([`(root): not valid JSON (${err instanceof Error ? err.message : String(err)})`])
  }
  return decodeInventoryWithWarnings(u)
}

/**
 * Parses inventory JSON text, then {@link decodeInventory}.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * import { either as E } from 'fp-ts'
 * E.isLeft(Model.parseInventory('{')) // true
 * @since 0.1.0
 * @category decoders
 */
export const parseInventory = (text: string): E.Either<ReadonlyArray<string>, Inventory> => {
  const r = parseInventoryWithWarnings(text)
  return E.isLeft(r) ? r : E.right(r.right.inventory)
}
