// Splits bytes at arbitrary points, for chunk-blindness properties.
import fc from 'fast-check'

export const splitAt = (bytes: Uint8Array, cuts: ReadonlyArray<number>): Uint8Array[] => {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let from = 0
  for (const p of points) {
    out.push(bytes.subarray(from, p))
    from = p
  }
  out.push(bytes.subarray(from))
  return out
}

/** Up to 12 cut points (empty chunks included: a stream may yield them). */
export const cuts = fc.array(fc.nat(), { maxLength: 12 })
