// The synthetic generator of the benchmarks (bench/Synthetic.ts) must keep giving the inventory it
// first gave for a seed: its keys and its calls are compared with the generator as first written.
import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as Synthetic from '../../bench/Synthetic'
import * as Codes from '../../src/engine/store/Codes'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'

const CompactStore = Codes

// the keys as first written (digit loops on doubles): the synthetic inventory must not change
const MPAN_WEIGHTS = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]
const mpanKeyAsWritten = (i: number): number => {
  const body = (i * 7919 + 12345) % 1e10
  const prefix = (10 + (i % 14)) * 1e10 + body
  let sum = 0
  let v = prefix
  for (let k = 11; k >= 0; k--) {
    const d = v % 10
    v = (v - d) / 10
    sum += d * MPAN_WEIGHTS[k]!
  }
  return prefix * 10 + ((sum % 11) % 10)
}
const mprnKeyAsWritten = (i: number): number => {
  const short = i % 50 === 0 && i / 50 < 1000
  const body = short ? i / 50 : 10000000 + ((i * 7919) % 80000000)
  const len = short ? 4 : 8
  let sum = 0
  let v = body
  for (let k = len; k >= 1; k--) {
    const d = v % 10
    v = (v - d) / 10
    sum += d * (len - k + 1)
  }
  return 1e13 + (len + 2) * 1e12 + body * 100 + (sum % 11)
}

describe('Synthetic keys', () => {
  fcTest.prop([fc.integer({ min: 0, max: 1e10 - 1 })])('mpanKey is the key as first written, a valid MPAN core', (i) => {
    const key = Synthetic.mpanKey(i)
    expect(key).toBe(mpanKeyAsWritten(i))
    expect(MpanCore.isValid(MeterPointKey.idOf(key))).toBe(true)
  })

  fcTest.prop([fc.integer({ min: 0, max: 8e7 - 1 })])('mprnKey is the key as first written, a valid MPRN', (i) => {
    const key = Synthetic.mprnKey(i)
    expect(key).toBe(mprnKeyAsWritten(i))
    expect(Mprn.isValid(MeterPointKey.idOf(key))).toBe(true)
  })

  it('agrees with the keys as first written on every index below 200,000', () => {
    let differ = 0
    for (let i = 0; i < 200_000; i++) {
      if (Synthetic.mpanKey(i) !== mpanKeyAsWritten(i)) differ++
      if (Synthetic.mprnKey(i) !== mprnKeyAsWritten(i)) differ++
    }
    expect(differ).toBe(0)
  })
})

// the generator as first written (before its keys and status pick were made cheaper)
const generateAsWritten = (shape: Synthetic.Shape, sink: Synthetic.Sink): Synthetic.Generated => {
  const rnd = Synthetic.prng(shape.seed ?? 1)
  const served = shape.served ?? 0.65
  const day0 = 18993 // 2022-01-01
  const initial = [['Commissioned', 0.9], ['InstalledNotCommissioned', 0.04], ['Pending', 0.01], ['Decommissioned', 0.03], ['Suspended', 0.01], ['Withdrawn', 0.01]] as const
  const pickStatus = (r: number): number => {
    let acc = 0
    for (const [s, w] of initial) {
      acc += w
      if (r < acc) return CompactStore.statusCode(s)
    }
    return CompactStore.statusCode('Commissioned')
  }
  const [INC, PENDING, COMM] = [CompactStore.statusCode('InstalledNotCommissioned'), CompactStore.statusCode('Pending'), CompactStore.statusCode('Commissioned')]
  let meters = 0
  let hubs = 0
  const add = (key: number, type: number, twinKey: number): number => {
    if (rnd() >= served) {
      const flagged = rnd() < 1 / 3
      sink.meterPoint(key, flagged ? 3 : 0, flagged ? day0 + Math.floor(rnd() * 1000) : CompactStore.NO_DATE, flagged && rnd() < 0.9)
      return 1
    }
    const status = pickStatus(rnd())
    const flag = status >= 4 && status <= 7 ? 1 : status === INC ? 2 : status === PENDING ? 0 : 3
    const date = flag === 0 ? CompactStore.NO_DATE : day0 + Math.floor(rnd() * 1000)
    const notified = flag !== 0 && rnd() < 0.9
    const m = sink.meterPoint(key, flag, date, notified)
    const d = sink.device(Synthetic.METER_HI, meters++, type, status)
    sink.link(d, m)
    let used = 1
    if (twinKey >= 0 && rnd() < 0.01) {
      sink.link(d, sink.meterPoint(twinKey, flag, date, notified))
      used = 2
    }
    if (shape.hubs === true) sink.device(Synthetic.HUB_HI, hubs++, CompactStore.typeCode('CHF'), COMM)
    return used
  }
  for (let i = 0; i < shape.mpans; ) i += add(mpanKeyAsWritten(i), 0, i + 1 < shape.mpans ? mpanKeyAsWritten(i + 1) : -1)
  for (let i = 0; i < shape.mprns; i++) add(mprnKeyAsWritten(i), 1, -1)
  return { meterPoints: shape.mpans + shape.mprns, meters, hubs }
}

/** Every call a generator makes on its sink, in order. */
const callsOf = (gen: typeof Synthetic.generate, shape: Synthetic.Shape): { calls: number[]; generated: Synthetic.Generated } => {
  const calls: number[] = []
  let mps = 0
  let devs = 0
  const generated = gen(shape, {
    meterPoint: (key, flag, date, notified) => (calls.push(1, key, flag, date, notified ? 1 : 0), mps++),
    device: (hi, lo, type, status) => (calls.push(2, hi, lo, type, status), devs++),
    link: (d, m) => {
      calls.push(3, d, m)
    },
  })
  return { calls, generated }
}

describe('Synthetic.generate', () => {
  fcTest.prop(
    [fc.record({ mpans: fc.nat(3000), mprns: fc.nat(3000), served: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }), hubs: fc.boolean(), seed: fc.integer() })],
    { numRuns: 40 },
  )('makes the same calls as the generator as first written', (shape) => {
    const now = callsOf(Synthetic.generate, shape)
    const before = callsOf(generateAsWritten, shape)
    expect(now.generated).toEqual(before.generated)
    expect(now.calls.length).toBe(before.calls.length)
    expect(now.calls).toEqual(before.calls)
  })

  it('makes the same calls as first written at the bench seed, 200,000 meter points', () => {
    const shape = { mpans: 111_111, mprns: 88_889, hubs: true, seed: 1 }
    const now = callsOf(Synthetic.generate, shape)
    const before = callsOf(generateAsWritten, shape)
    expect(now.generated).toEqual(before.generated)
    let differ = now.calls.length === before.calls.length ? 0 : 1
    for (let k = 0; k < now.calls.length; k++) if (now.calls[k] !== before.calls[k]) differ++
    expect(differ).toBe(0)
  })
})
