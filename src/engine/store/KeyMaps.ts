/**
 * Growable hash maps from the engine's numeric ids to 32-bit integers, for tens of millions of
 * entries without a `Map` (V8 stops at 2^24) or a string per entry: open addressing with linear
 * probing over typed arrays, at most 3/4 full.
 *
 * @internal
 * @since 0.2.0
 */
import { keyHash, mix } from './Hash'

const MAX_LOAD = 0.75

/**
 * Meter point keys (`MeterPointKey.keyOf`, never negative) to int32 values.
 *
 * @example
 * const m = new KeyMap()
 * m.set(1200023305967, 4)
 * m.get(1200023305967) // 4
 * m.get(1, -1) // -1
 * @since 0.2.0
 * @category model
 */
export class KeyMap {
  private keys: Float64Array
  private values: Int32Array
  size = 0

  constructor(capacity = 16) {
    let c = 16
    while (c * MAX_LOAD < capacity) c *= 2
    this.keys = new Float64Array(c).fill(-1)
    this.values = new Int32Array(c)
  }

  private slotOf(keys: Float64Array, key: number): number {
    const mask = keys.length - 1
    let s = keyHash(key) & mask
    for (;;) {
      const k = keys[s]!
      if (k === key || k === -1) return s
      s = (s + 1) & mask
    }
  }

  /** The value of a key, or `missing`. */
  get(key: number, missing = -1): number {
    const s = this.slotOf(this.keys, key)
    return this.keys[s] === key ? this.values[s]! : missing
  }

  /** True when the key is present. */
  has(key: number): boolean {
    return this.keys[this.slotOf(this.keys, key)] === key
  }

  /** Sets a key's value. */
  set(key: number, value: number): void {
    let s = this.slotOf(this.keys, key)
    if (this.keys[s] !== key) {
      if (this.size + 1 > this.keys.length * MAX_LOAD) {
        this.grow()
        s = this.slotOf(this.keys, key)
      }
      this.keys[s] = key
      this.size++
    }
    this.values[s] = value
  }

  /** Calls `f` with every key and its value, in no particular order. */
  forEach(f: (key: number, value: number) => void): void {
    const keys = this.keys
    for (let s = 0; s < keys.length; s++) if (keys[s] !== -1) f(keys[s]!, this.values[s]!)
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldValues = this.values
    this.keys = new Float64Array(oldKeys.length * 2).fill(-1)
    this.values = new Int32Array(oldKeys.length * 2)
    for (let s = 0; s < oldKeys.length; s++) {
      const k = oldKeys[s]!
      if (k === -1) continue
      const t = this.slotOf(this.keys, k)
      this.keys[t] = k
      this.values[t] = oldValues[s]!
    }
  }
}

/**
 * Device ids as two uint32 halves (`DeviceKey.hi`, `DeviceKey.lo`) to int32 values.
 *
 * @example
 * const m = new HalvesMap()
 * m.set(0x000d6f00, 1, 7)
 * m.get(0x000d6f00, 1) // 7
 * @since 0.2.0
 * @category model
 */
export class HalvesMap {
  private his: Uint32Array
  private los: Uint32Array
  private used: Uint8Array
  private values: Int32Array
  size = 0

  constructor(capacity = 16) {
    let c = 16
    while (c * MAX_LOAD < capacity) c *= 2
    this.his = new Uint32Array(c)
    this.los = new Uint32Array(c)
    this.used = new Uint8Array(c)
    this.values = new Int32Array(c)
  }

  private slotOf(hi: number, lo: number): number {
    const mask = this.used.length - 1
    let s = mix(lo, hi) & mask
    for (;;) {
      if (this.used[s] === 0 || (this.los[s] === lo && this.his[s] === hi)) return s
      s = (s + 1) & mask
    }
  }

  /** The value of a device, or `missing`. */
  get(hi: number, lo: number, missing = -1): number {
    const s = this.slotOf(hi, lo)
    return this.used[s] === 1 ? this.values[s]! : missing
  }

  /** Sets a device's value. */
  set(hi: number, lo: number, value: number): void {
    let s = this.slotOf(hi, lo)
    if (this.used[s] === 0) {
      if (this.size + 1 > this.used.length * MAX_LOAD) {
        this.grow()
        s = this.slotOf(hi, lo)
      }
      this.used[s] = 1
      this.his[s] = hi
      this.los[s] = lo
      this.size++
    }
    this.values[s] = value
  }

  private grow(): void {
    const { his, los, used, values } = this
    const c = used.length * 2
    this.his = new Uint32Array(c)
    this.los = new Uint32Array(c)
    this.used = new Uint8Array(c)
    this.values = new Int32Array(c)
    for (let s = 0; s < used.length; s++) {
      if (used[s] === 0) continue
      const t = this.slotOf(his[s]!, los[s]!)
      this.used[t] = 1
      this.his[t] = his[s]!
      this.los[t] = los[s]!
      this.values[t] = values[s]!
    }
  }
}
