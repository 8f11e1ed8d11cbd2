/**
 * Finding a record's row through a version's index layers (the base's first: it holds most).
 *
 * @internal
 * @since 0.2.0
 */
import type { Layer } from './IndexLayer'
import { deviceRowIn, meterPointRowIn } from './IndexLayer'

/**
 * The row of a device (halves as int32) in any of `layers`, or -1.
 *
 * @example
 * findDevice([], new Int32Array(0), 1, 2) // -1
 * @since 0.2.0
 * @category lookups
 */
export const findDevice = (layers: ReadonlyArray<Layer>, rows: Int32Array, hi: number, lo: number): number => {
  for (let i = 0; i < layers.length; i++) {
    const r = deviceRowIn(layers[i]!, rows, hi, lo)
    if (r >= 0) return r
  }
  return -1
}

/**
 * The row of a meter point key in any of `layers`, or -1.
 *
 * @example
 * findMeterPoint([], new Float64Array(0), 1200023305967) // -1
 * @since 0.2.0
 * @category lookups
 */
export const findMeterPoint = (layers: ReadonlyArray<Layer>, keys: Float64Array, key: number): number => {
  for (let i = 0; i < layers.length; i++) {
    const r = meterPointRowIn(layers[i]!, keys, key)
    if (r >= 0) return r
  }
  return -1
}
