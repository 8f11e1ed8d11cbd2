/**
 * Building a store's first version: records appended row by row, linked, then indexed in bulk
 * ({@link bulkIndex}). Every constructor of a state (`State.fromInventory`, `State.fromRecords`,
 * the parallel replay's partitions, the synthetic GB inventories of the benchmarks) goes through
 * it.
 *
 * @internal
 * @since 0.2.0
 */
import * as DeviceKey from '../../identifiers/DeviceKey'
import * as Instant from '../../identifiers/Instant'
import * as MeterPointKey from '../../identifiers/MeterPointKey'
import type { Hold } from '../model/Records'
import { NO_DATE } from './Codes'
import { EventLayer } from './EventIds'
import { keyHash, mix } from './Hash'
import { bulkIndex } from './BulkIndex'
import { KeyMap } from './KeyMaps'
import { DEV, LINK, MP, deviceMeta, meterPointMeta } from './Layout'
import { Family, Ref, Version, grown } from './Store'

/**
 * Builds a store record by record. A repeated id, or a third meter point on a device, is a
 * programmer error (thrown, naming the id, by `link` or `build`). Write-once: `build` at the end.
 *
 * @example
 * import { MeterPointKey } from 'dcc-service-flags'
 * const b = new Builder()
 * const m = b.addMeterPoint(MeterPointKey.keyOf('1200023305967'))
 * const d = b.addDevice(0x000d6f00, 1, 0, 4)
 * b.link(d, m)
 * const state = b.build()
 * @since 0.2.0
 * @category constructors
 */
export class Builder {
  private dev: Int32Array
  private devF: Float64Array
  private mp: Int32Array
  private mpF: Float64Array
  private link2: Int32Array = new Int32Array(16)
  private devCount = 0
  private mpCount = 0
  private linkCount = 0
  private readonly holds = new Map<number, Hold>()
  private readonly events = new EventLayer()
  private keys: KeyMap | null = null
  private built = false

  constructor(capacity: { readonly meterPoints?: number; readonly devices?: number } = {}) {
    this.dev = new Int32Array(Math.max(16, (capacity.devices ?? 64) * DEV.stride))
    this.devF = new Float64Array(this.dev.buffer)
    this.mp = new Int32Array(Math.max(12, (capacity.meterPoints ?? 64) * MP.stride))
    this.mpF = new Float64Array(this.mp.buffer)
  }

  /** Meter points added so far. */
  get meterPointCount(): number {
    return this.mpCount
  }

  /** Devices added so far. */
  get deviceCount(): number {
    return this.devCount
  }

  /** Adds a meter point (a `MeterPointKey` key with its codes) and returns its row. */
  addMeterPoint(key: number, flag = 0, date = NO_DATE, notifiedFlag = 0, notifiedDate = NO_DATE, held: Hold | null = null): number {
    this.assertOpen()
    const r = this.mpCount++
    if (this.mpCount * MP.stride > this.mp.length) {
      this.mp = grown(this.mp, this.mpCount * MP.stride)
      this.mpF = new Float64Array(this.mp.buffer)
    }
    const w = r * MP.stride
    this.mpF[r * 3] = key
    this.mp[w + MP.meta] = meterPointMeta(flag, notifiedFlag, false)
    this.mp[w + MP.date] = date
    this.mp[w + MP.notifiedDate] = notifiedDate
    this.mp[w + MP.first] = 0
    if (held !== null) this.holds.set(r, held)
    if (this.keys !== null) this.keys.set(key, r)
    return r
  }

  /** The row of the meter point of a key, added blank (no flag, no links) when missing. */
  ensureMeterPoint(key: number): number {
    if (this.keys === null) {
      this.keys = new KeyMap(this.mpCount)
      const f = this.mpF
      for (let r = 0; r < this.mpCount; r++) if (!this.keys.has(f[r * 3]!)) this.keys.set(f[r * 3]!, r)
    }
    const r = this.keys.get(key)
    return r >= 0 ? r : this.addMeterPoint(key)
  }

  /** Adds a device (halves as uint32, type and status codes, last event in microseconds or NaN) and returns its row. */
  addDevice(hi: number, lo: number, type: number, status: number, lastAt = NaN): number {
    this.assertOpen()
    const r = this.devCount++
    if (this.devCount * DEV.stride > this.dev.length) {
      this.dev = grown(this.dev, this.devCount * DEV.stride)
      this.devF = new Float64Array(this.dev.buffer)
    }
    const w = r * DEV.stride
    this.dev[w + DEV.hi] = hi | 0
    this.dev[w + DEV.lo] = lo | 0
    this.dev[w + DEV.meta] = deviceMeta(status, type, false)
    this.dev[w + DEV.mp0] = 0
    this.dev[w + DEV.next0] = 0
    this.dev[w + DEV.link2] = 0
    this.devF[(w + DEV.at) >> 1] = lastAt
    return r
  }

  /** Links device row `d` to meter point row `m`: its first link, or its second (an ESME's secondary). */
  link(d: number, m: number): void {
    this.assertOpen()
    const w = d * DEV.stride
    const mw = m * MP.stride
    if (this.dev[w + DEV.mp0] === 0) {
      this.dev[w + DEV.mp0] = m + 1
      this.dev[w + DEV.next0] = this.mp[mw + MP.first]!
    } else if (this.dev[w + DEV.link2] === 0) {
      const l = this.linkCount++
      this.link2 = grown(this.link2, this.linkCount * LINK.stride)
      this.link2[l * LINK.stride + LINK.mp] = m + 1
      this.link2[l * LINK.stride + LINK.next] = this.mp[mw + MP.first]!
      this.link2[l * LINK.stride + LINK.owner] = d
      this.dev[w + DEV.link2] = l + 1
    } else {
      throw new Error(`Builder: device ${DeviceKey.idOf(this.dev[w]! >>> 0, this.dev[w + 1]! >>> 0)} has two meter points already`)
    }
    this.mp[mw + MP.first] = d + 1
  }

  /** Records an applied event id (a repeated one is kept once). */
  addEvent(eventId: string): void {
    this.assertOpen()
    const h = this.events.stageString(eventId)
    if (!this.events.hasStagedOf(this.events, h)) this.events.commit(h)
  }

  /** The state. The builder cannot be used afterwards. */
  build(): Ref {
    this.assertOpen()
    this.built = true
    const dev = this.dev
    const mp = this.mp
    const mpF = this.mpF
    const mpIndex = bulkIndex(this.mpCount, (r) => keyHash(mpF[r * 3]!), (a, b) => mpF[a * 3] === mpF[b * 3])
    if (typeof mpIndex === 'number') throw new Error(`Builder: meter point ${MeterPointKey.idOf(mpF[mpIndex * 3]!)} added twice`)
    const devIndex = bulkIndex(
      this.devCount,
      (r) => mix(dev[r * DEV.stride + 1]!, dev[r * DEV.stride]!),
      (a, b) => dev[a * DEV.stride] === dev[b * DEV.stride] && dev[a * DEV.stride + 1] === dev[b * DEV.stride + 1],
    )
    if (typeof devIndex === 'number') {
      throw new Error(`Builder: device ${DeviceKey.idOf(dev[devIndex * DEV.stride]! >>> 0, dev[devIndex * DEV.stride + 1]! >>> 0)} added twice`)
    }
    const family = new Family(dev, mp, this.link2, this.holds)
    const eventCount = this.events.count
    const version = new Version(
      family,
      {
        devCount: this.devCount,
        mpCount: this.mpCount,
        linkCount: this.linkCount,
        live: this.devCount,
        devIndex: [devIndex],
        mpIndex: [mpIndex],
        events: eventCount === 0 ? [] : [this.events],
        eventCount,
      },
      { devCount: this.devCount, mpCount: this.mpCount, eventCount, undos: [] },
    )
    family.head = version
    return new Ref(version)
  }

  private assertOpen(): void {
    if (this.built) throw new Error('Builder: already built')
  }
}

/**
 * Microseconds of an instant, or `NaN` for none.
 *
 * @example
 * microsOf(null) // NaN
 * @since 0.2.0
 * @category conversions
 */
export const microsOf = (at: string | null | undefined): number => (at === null || at === undefined ? NaN : Instant.epochMicros(at))
