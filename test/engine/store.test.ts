// The compact store's machinery against plain references: index layers (bulk-built and grown one by
// one) against a Map, event id layers against a Set, and the builder's reads.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Synthetic from '../../bench/Synthetic'
import { bulkIndex } from '../../src/engine/store/BulkIndex'
import { EventLayer, hashOfId, merge, withLayer } from '../../src/engine/store/EventIds'
import { keyHash, mix } from '../../src/engine/store/Hash'
import { deviceRowIn, emptyLayer, insert, meterPointRowIn } from '../../src/engine/store/IndexLayer'
import type { Layer } from '../../src/engine/store/IndexLayer'
import * as Codes from '../../src/engine/store/Codes'
import { Builder } from '../../src/engine/store/Builder'
import * as State from '../../src/engine/State'
import * as DeviceKey from '../../src/identifiers/DeviceKey'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import { ofRef } from '../../src/engine/store/Handle'

/** Keys: synthetic MPAN and MPRN keys, some forced to share high hash bits (clustered homes). */
const keysOf = (n: number, seed: number, clustered: boolean): number[] => {
  const rnd = Synthetic.prng(seed)
  const seen = new Set<number>()
  const out: number[] = []
  const top = (rnd() * 8) | 0
  while (out.length < n) {
    const i = Math.floor(rnd() * 8e7)
    const key = rnd() < 0.55 ? Synthetic.mpanKey(i) : Synthetic.mprnKey(i)
    if (seen.has(key)) continue
    // clustered: keep only keys whose hash starts with the same 3 bits (one eighth of the table)
    if (clustered && keyHash(key) >>> 29 !== top) continue
    seen.add(key)
    out.push(key)
  }
  return out
}

const asLayer = (l: Layer | number): Layer => {
  if (typeof l === 'number') throw new Error(`duplicate at ${l}`)
  return l
}

describe('index layers', () => {
  fcTest.prop([fc.integer({ min: 0, max: 3000 }), fc.boolean(), fc.integer(), fc.integer({ min: 0, max: 200 })], { numRuns: 40 })(
    'a bulk-built layer and a layer grown one by one find every key at its row, and no other key',
    (n, clustered, seed, extra) => {
      const keys = keysOf(n + extra, seed, clustered)
      const f = new Float64Array(3 * (n + extra))
      keys.forEach((k, r) => (f[3 * r] = k))
      const bulk = asLayer(bulkIndex(n, (r) => keyHash(f[3 * r]!), (a, b) => f[3 * a] === f[3 * b]))
      const grown = emptyLayer(1)
      for (let r = 0; r < n; r++) insert(grown, keyHash(keys[r]!), r, (x) => keyHash(f[3 * x]!))
      for (let r = 0; r < n; r++) {
        expect(meterPointRowIn(bulk, f, keys[r]!)).toBe(r)
        expect(meterPointRowIn(grown, f, keys[r]!)).toBe(r)
      }
      for (let r = n; r < n + extra; r++) {
        expect(meterPointRowIn(bulk, f, keys[r]!)).toBe(-1)
        expect(meterPointRowIn(grown, f, keys[r]!)).toBe(-1)
      }
      expect(bulk.size).toBe(n)
      expect(bulk.slots.length * 0.75).toBeGreaterThanOrEqual(n)
    },
  )

  fcTest.prop([fc.integer({ min: 2, max: 2000 }), fc.integer(), fc.nat(), fc.nat()], { numRuns: 40 })(
    'a bulk build finds the first repeated key by row',
    (n, seed, a, b) => {
      const keys = keysOf(n, seed, false)
      const i = a % n
      const j = b % n
      if (i === j) return
      const [lo, hi] = i < j ? [i, j] : [j, i]
      keys[hi] = keys[lo]!
      const f = new Float64Array(3 * n)
      keys.forEach((k, r) => (f[3 * r] = k))
      const firstRepeat = keys.findIndex((k, r) => keys.indexOf(k) < r)
      expect(bulkIndex(n, (r) => keyHash(f[3 * r]!), (x, y) => f[3 * x] === f[3 * y])).toBe(firstRepeat)
    },
  )

  fcTest.prop([fc.uniqueArray(fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })), { selector: ([h, l]) => `${h}:${l}`, maxLength: 500 })])(
    'device halves are found at their rows',
    (ids) => {
      const rows = new Int32Array(8 * ids.length)
      ids.forEach(([hi, lo], r) => {
        rows[8 * r] = hi | 0
        rows[8 * r + 1] = lo | 0
      })
      const layer = asLayer(bulkIndex(ids.length, (r) => mix(rows[8 * r + 1]!, rows[8 * r]!), (a, b) => rows[8 * a] === rows[8 * b] && rows[8 * a + 1] === rows[8 * b + 1]))
      ids.forEach(([hi, lo], r) => expect(deviceRowIn(layer, rows, hi | 0, lo | 0)).toBe(r))
      expect(deviceRowIn(layer, rows, 7, 7) === -1 || ids.some(([h, l]) => h === 7 && l === 7)).toBe(true)
    },
  )
})

describe('event id layers', () => {
  const id = fc.oneof(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom('e1', 'e2', 'é', '\uD800', 'a'.repeat(5000)))
  fcTest.prop([fc.array(fc.array(id, { maxLength: 30 }), { maxLength: 8 })])(
    'layers merged as a binary counter hold exactly the ids added, in order, and answer like a Set',
    (batches) => {
      let layers: ReadonlyArray<EventLayer> = []
      const ref = new Set<string>()
      const order: string[] = []
      for (const batch of batches) {
        const l = new EventLayer()
        for (const x of batch) {
          const h = l.stageString(x)
          expect(h).toBe(hashOfId(x))
          const dup = l.hasStagedOf(l, h) || layers.some((o) => o.hasStagedOf(l, h))
          expect(dup).toBe(ref.has(x))
          if (!dup) {
            l.commit(h)
            ref.add(x)
            order.push(x)
          }
        }
        layers = withLayer(layers, l)
        for (let k = 1; k < layers.length; k++) expect(layers[k]!.count * 2).toBeLessThanOrEqual(layers[k - 1]!.count)
      }
      const all = layers.flatMap((l) => Array.from({ length: l.count }, (_, i) => l.idAt(i)))
      expect(all).toEqual(order)
      for (const x of ref) expect(layers.some((l) => l.indexOf(x) >= 0)).toBe(true)
      expect(merge(layers).count).toBe(ref.size)
    },
  )
})

describe('the builder', () => {
  it('grows past its capacity hints and answers every read', () => {
    const b = new Builder({ meterPoints: 16, devices: 16 })
    const n = 5000
    for (let i = 0; i < n; i++) {
      const m = b.addMeterPoint(Synthetic.mpanKey(i), 1 + (i % 5), 19000 + i)
      const d = b.addDevice(0x000d6f00, i, Codes.typeCode('ESME'), Codes.statusCode('Commissioned'))
      b.link(d, m)
    }
    const s = ofRef(b.build())
    expect(State.size(s)).toEqual({ meterPoints: n, devices: n, events: 0 })
    for (let i = 0; i < n; i += 37) {
      const id = MeterPointKey.idOf(Synthetic.mpanKey(i))
      const mp = State.meterPoint(s, id)!
      expect(mp.flag).toBe(Codes.flagByCode[1 + (i % 5)])
      expect(mp.effectiveFrom).toBe(Codes.dateOfCode(19000 + i))
      expect(mp.meters).toEqual([DeviceKey.idOf(0x000d6f00, i)])
      expect(State.device(s, DeviceKey.idOf(0x000d6f00, i))!.meterPoints).toEqual([id])
    }
    const ids = Array.from(State.meterPoints(s), (mp) => mp.id)
    expect(ids).toEqual([...ids].sort())
  })

  it('refuses a repeated id or a third meter point, naming it', () => {
    const b = new Builder()
    b.addMeterPoint(MeterPointKey.keyOf('1200023305967'))
    b.addMeterPoint(MeterPointKey.keyOf('1200023305967'))
    expect(() => b.build()).toThrow(/meter point 1200023305967 added twice/)
    const d = new Builder()
    d.addDevice(1, 2, 0, 4)
    d.addDevice(1, 2, 0, 4)
    expect(() => d.build()).toThrow(/device 00-00-00-01-00-00-00-02 added twice/)
    const l = new Builder()
    const r = l.addDevice(1, 2, 0, 4)
    const ms = [0, 1, 2].map((i) => l.addMeterPoint(Synthetic.mpanKey(i)))
    l.link(r, ms[0]!)
    l.link(r, ms[1]!)
    expect(() => l.link(r, ms[2]!)).toThrow(/two meter points already/)
  })

  fcTest.prop([fc.integer({ min: -200000, max: 200000 })])('date codes round-trip', (days) => {
    expect(Codes.dateCode(Codes.dateOfCode(days)!)).toBe(days)
  })
})
