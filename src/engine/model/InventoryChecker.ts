/**
 * Every rule of an inventory in one place, applied one record at a time (docs/contract.md "Inventory"), so
 * that an inventory of any size can be checked as it streams in: the whole-value decoder
 * (`decodeInventory`), a streamed reader and a database loader all use it.
 *
 * Per record: its fields (unknown fields rejected, ids and dates checked), a flag with its date
 * (both or neither), a status for every device but IHD/CAD and none for them, and the link rules
 * (only smart meters serve meter points, of their own fuel, an ESME at most two, a GSME one, none
 * twice). Across records: a meter point or device id given twice is an error on the second
 * record, naming the first. At the end: every meter point a device links to but the inventory does
 * not list is a warning (it exists with a null flag).
 *
 * Memory stays compact at GB scale (54 million meter points, tens of millions of devices): the ids
 * seen are kept in typed hash tables keyed by meter point key and device-id halves, about 12–24
 * bytes an id, not in a `Set` of strings.
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { either as E } from 'fp-ts'
import * as DeviceKey from '../../identifiers/DeviceKey'
import * as MeterPointId from '../../identifiers/MeterPointId'
import * as MeterPointKey from '../../identifiers/MeterPointKey'
import { HalvesMap, KeyMap } from '../store/KeyMaps'
import { fuelServed, hasStatus, maxMeterPoints } from './Device'
import type { Counters, InventoryDevice, InventoryMeterPoint } from './Inventory'
import { countersCodec, inventoryDeviceCodec, inventoryMeterPointCodec } from './Inventory'
import { formatErrors } from './StrictStruct'

/** What {@link InventoryChecker.finish} reports. @since 0.2.0 @category model */
export interface CheckReport {
  /** Meter points and devices checked (valid or not). */
  readonly meterPoints: number
  readonly devices: number
  /** Meter points linked by a device but not listed, each taken with a null flag. */
  readonly unlisted: number
  /** One line per unlisted meter point (`path: message`, by the first device that links it), at most the limit asked. */
  readonly warnings: ReadonlyArray<string>
}

const rootContext = (list: 'meterPoints' | 'devices' | 'counters', index: number | null, codec: t.Decoder<unknown, unknown>): t.Context => {
  const c: t.ContextEntry[] = [{ key: '', type: codec, actual: undefined }, { key: list, type: codec, actual: undefined }]
  if (index !== null) c.push({ key: String(index), type: codec, actual: undefined })
  return c
}

/**
 * Checks an inventory one record at a time: call {@link InventoryChecker.meterPoint} and
 * {@link InventoryChecker.device} with each record and its index in its list (in any order,
 * interleaved or not), {@link InventoryChecker.counters} with `counters` when present, then
 * {@link InventoryChecker.finish}. Each call returns that record's problems (`path: reason`, paths
 * like `devices[12].status`) or the decoded record.
 *
 * @example
 * import { Model } from 'dcc-service-flags'
 * const checker = new Model.InventoryChecker()
 * checker.meterPoint({ id: '1200023305967', flag: 'A' }, 0) // left(['meterPoints[0].effectiveFrom: flag A needs its effectiveFrom date'])
 * checker.device({ id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned', meterPoints: ['1000000000003'] }, 0) // right(…)
 * checker.finish().warnings // ['devices[0].meterPoints: meter point 1000000000003 is not in meterPoints: it starts with a null flag']
 * @since 0.2.0
 * @category checks
 */
export class InventoryChecker {
  /** Meter point key → its index in `meterPoints` (≥ 0), or −1 − the index of the first device linking it while unlisted. */
  private readonly mps: KeyMap
  /** Device halves → its index in `devices`. */
  private readonly devs: HalvesMap
  private mpCount = 0
  private devCount = 0
  private finished = false

  constructor(capacity: { readonly meterPoints?: number; readonly devices?: number } = {}) {
    this.mps = new KeyMap(capacity.meterPoints ?? 16)
    this.devs = new HalvesMap(capacity.devices ?? 16)
  }

  /** Checks `meterPoints[index]`. */
  meterPoint(u: unknown, index: number): E.Either<ReadonlyArray<string>, InventoryMeterPoint> {
    this.assertOpen()
    this.mpCount++
    const at = `meterPoints[${index}]`
    const r = inventoryMeterPointCodec.validate(u, rootContext('meterPoints', index, inventoryMeterPointCodec))
    const errors: string[] = E.isLeft(r) ? [...formatErrors(r.left)] : []
    const id = E.isRight(r) ? r.right.id : typeof u === 'object' && u !== null ? (u as { id?: unknown }).id : undefined
    const key = typeof id === 'string' && MeterPointId.isValid(id) ? MeterPointKey.keyOf(id) : -1
    if (key >= 0) {
      const seen = this.mps.get(key, Number.MIN_SAFE_INTEGER)
      if (seen >= 0) errors.push(`${at}.id: duplicate meter point ${String(id)} (also meterPoints[${seen}])`)
      else this.mps.set(key, index)
    }
    if (E.isLeft(r)) return E.left(errors)
    const mp = r.right
    const hasFlag = mp.flag !== undefined && mp.flag !== null
    const hasDate = mp.effectiveFrom !== undefined && mp.effectiveFrom !== null
    if (hasFlag && !hasDate) errors.push(`${at}.effectiveFrom: flag ${mp.flag} needs its effectiveFrom date`)
    if (!hasFlag && hasDate) errors.push(`${at}.flag: effectiveFrom ${mp.effectiveFrom} given without a flag`)
    return errors.length > 0 ? E.left(errors) : E.right(mp)
  }

  /** Checks `devices[index]`. */
  device(u: unknown, index: number): E.Either<ReadonlyArray<string>, InventoryDevice> {
    this.assertOpen()
    this.devCount++
    const at = `devices[${index}]`
    const r = inventoryDeviceCodec.validate(u, rootContext('devices', index, inventoryDeviceCodec))
    const errors: string[] = E.isLeft(r) ? [...formatErrors(r.left)] : []
    if (E.isRight(r)) {
      const id = r.right.id
      const hi = DeviceKey.hi(id)
      const lo = DeviceKey.lo(id)
      const seen = this.devs.get(hi, lo)
      if (seen >= 0) errors.push(`${at}.id: duplicate device ${id} (also devices[${seen}])`)
      else this.devs.set(hi, lo, index)
    }
    if (E.isLeft(r)) return E.left(errors)
    const d = r.right
    const statusGiven = d.status !== undefined && d.status !== null
    if (hasStatus(d.type) && !statusGiven) errors.push(`${at}.status: a ${d.type} needs an SMI status`)
    if (!hasStatus(d.type) && statusGiven) errors.push(`${at}.status: ${d.type} devices have no SMI status`)
    const links = d.meterPoints ?? []
    if (links.length > 0) {
      const fuel = fuelServed(d.type)
      if (fuel === null) errors.push(`${at}.meterPoints: a ${d.type} cannot serve meter points`)
      else {
        for (let j = 0; j < links.length; j++) {
          const mp = links[j]!
          if (links.indexOf(mp) < j) errors.push(`${at}.meterPoints[${j}]: ${mp} is listed twice`)
          const mpFuel = MeterPointId.fuelOf(mp)
          if (mpFuel !== fuel) errors.push(`${at}.meterPoints[${j}]: a ${d.type} cannot serve ${mpFuel} meter point ${mp}`)
        }
        const max = maxMeterPoints(d.type)
        if (links.length > max) errors.push(`${at}.meterPoints: a ${d.type} serves at most ${max} meter point${max === 1 ? '' : 's'}, got ${links.length}`)
      }
    }
    if (errors.length > 0) return E.left(errors)
    for (const mp of links) {
      const key = MeterPointKey.keyOf(mp)
      if (!this.mps.has(key)) this.mps.set(key, -1 - index)
    }
    return E.right(d)
  }

  /** Checks the inventory's `counters`. */
  counters(u: unknown): E.Either<ReadonlyArray<string>, Counters> {
    this.assertOpen()
    const r = countersCodec.validate(u, rootContext('counters', null, countersCodec))
    return E.isLeft(r) ? E.left(formatErrors(r.left)) : E.right(r.right)
  }

  /**
   * The end of the inventory: counts, and a warning for each meter point linked but not listed
   * (the first `maxWarnings`, ordered by the device that first links it). The checker cannot be
   * used afterwards.
   */
  finish(maxWarnings = Number.POSITIVE_INFINITY): CheckReport {
    this.assertOpen()
    this.finished = true
    const devIndex: number[] = []
    const keys: number[] = []
    this.mps.forEach((key, v) => {
      if (v < 0) {
        devIndex.push(-1 - v)
        keys.push(key)
      }
    })
    const order = MeterPointKey.sortedOrder(Float64Array.from(devIndex), devIndex.length)
    const warnings: string[] = []
    for (let k = 0; k < order.length && warnings.length < maxWarnings; k++) {
      const j = order[k]!
      warnings.push(`devices[${devIndex[j]}].meterPoints: meter point ${MeterPointKey.idOf(keys[j]!)} is not in meterPoints: it starts with a null flag`)
    }
    return { meterPoints: this.mpCount, devices: this.devCount, unlisted: keys.length, warnings }
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('InventoryChecker: already finished')
  }
}
