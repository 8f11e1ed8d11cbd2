import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import { meterPointId } from '../arbitraries/reconciliation'

const digitId = fc.integer({ min: 1, max: 13 }).chain((n) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n }))

describe('MeterPointKey.keyOf / idOf', () => {
  it('examples', () => {
    expect(MeterPointKey.keyOf('1200023305967')).toBe(1200023305967)
    expect(MeterPointKey.keyOf('0000000000000')).toBe(0)
    expect(MeterPointKey.keyOf('3938424403')).toBe(1e13 + 10 * 1e12 + 3938424403)
    for (const bad of ['', '12ab', '12345678901234', ' 1200023305967', '-1', '1.5']) expect(MeterPointKey.keyOf(bad), bad).toBe(-1)
  })

  fcTest.prop([digitId, digitId])('distinct digit ids get distinct keys below 2^45, and idOf inverts keyOf', (a, b) => {
    const ka = MeterPointKey.keyOf(a)
    const kb = MeterPointKey.keyOf(b)
    expect(ka).toBeGreaterThanOrEqual(0)
    expect(ka).toBeLessThan(2 ** 45)
    expect(Number.isInteger(ka)).toBe(true)
    expect(ka === kb).toBe(a === b)
    expect(MeterPointKey.idOf(ka)).toBe(a)
  })

  fcTest.prop([meterPointId])('every valid MPAN core and MPRN has a key', (id) => {
    expect(MeterPointKey.idOf(MeterPointKey.keyOf(id))).toBe(id)
  })
})

describe('MeterPointKey.sortedOrder', () => {
  it('example: stable for equal keys', () => {
    expect([...MeterPointKey.sortedOrder(Float64Array.of(30, 10, 20, 10))]).toEqual([1, 3, 2, 0])
    expect([...MeterPointKey.sortedOrder(new Float64Array(0))]).toEqual([])
  })

  const keyArb = fc.oneof(
    fc.integer({ min: 0, max: 2 ** 45 - 1 }),
    fc.integer({ min: 0, max: 70000 }),
    fc.constantFrom(0, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 45 - 1),
  )
  fcTest.prop([fc.array(keyArb, { maxLength: 300 })])('is the stable ascending order', (keys) => {
    const order = MeterPointKey.sortedOrder(Float64Array.from(keys))
    const expected = keys.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i)
    expect([...order]).toEqual(expected)
  })

  fcTest.prop([fc.array(keyArb, { minLength: 1, maxLength: 50 }), fc.nat()])('sorts only the first n keys', (keys, cut) => {
    const n = cut % (keys.length + 1)
    const order = MeterPointKey.sortedOrder(Float64Array.from(keys), n)
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
  })
})

describe('MeterPointKey.indexOfKey and KeyList', () => {
  fcTest.prop([fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 45 }), { maxLength: 100 }), fc.integer({ min: 0, max: 2 ** 45 })])(
    'indexOfKey finds exactly the keys present',
    (keys, probe) => {
      const sorted = Float64Array.from(keys).sort()
      for (let i = 0; i < sorted.length; i++) expect(MeterPointKey.indexOfKey(sorted, sorted.length, sorted[i]!)).toBe(i)
      expect(MeterPointKey.indexOfKey(sorted, sorted.length, probe) >= 0).toBe(keys.includes(probe))
    },
  )

  it('KeyList grows past its first capacity and keeps every pair', () => {
    const list = new MeterPointKey.KeyList()
    for (let i = 0; i < 5000; i++) list.push(5000 - i, i)
    expect(list.length).toBe(5000)
    expect(list.keys[4999]).toBe(1)
    expect(list.values[4999]).toBe(4999)
    const order = MeterPointKey.sortedOrder(list.keys, list.length)
    expect(order[0]).toBe(4999)
    expect(order.length).toBe(5000)
  })
})
