import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as CompactStore from '../../src/engine/CompactStore'
import * as Synthetic from '../../src/engine/Synthetic'
import * as MeterPointKey from '../../src/identifiers/MeterPointKey'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'

// The builder appends records and indexes them when first asked: in bulk (sorted by home slot,
// one sweep) into an empty table of at least 64 pending records, else one by one. A builder asked
// for every record right after adding it only ever inserts one by one: the reference here.

/** The table size the builder picks for a capacity hint: a power of two, at least twice the hint. */
const tableSizeOf = (hint: number): number => {
  let c = 16
  while (c < Math.max(16, hint) * 2) c *= 2
  return c
}

/** Where the keys' home slots fall: anywhere, in three slots, or in the last three (wrapping). */
type Homes = 'spread' | 'clustered' | 'tail' | 'mixed'
const homes = fc.constantFrom<Homes>('spread', 'clustered', 'tail', 'mixed')

/** A predicate on home slots for a table of `size`, drawn with `rnd`. */
const homeFilter = (mode: Homes, size: number, rnd: () => number): ((home: number) => boolean) => {
  const cluster = [0, 1, 2].map(() => Math.floor(rnd() * size))
  const clustered = (h: number): boolean => h === cluster[0] || h === cluster[1] || h === cluster[2]
  const tail = (h: number): boolean => h >= size - 3
  if (mode === 'spread') return () => true
  if (mode === 'clustered') return clustered
  if (mode === 'tail') return tail
  return (h) => clustered(h) || tail(h) || rnd() < 0.05
}

/** `n` distinct meter point keys (synthetic MPANs and MPRNs) whose homes pass the filter. */
const meterPointKeys = (n: number, size: number, mode: Homes, seed: number): number[] => {
  const rnd = Synthetic.prng(seed)
  const accept = homeFilter(mode, size, rnd)
  const seen = new Set<number>()
  const out: number[] = []
  while (out.length < n) {
    const i = Math.floor(rnd() * 8e7)
    const key = rnd() < 0.55 ? Synthetic.mpanKey(i) : Synthetic.mprnKey(i)
    if (seen.has(key) || !accept(CompactStore.keyHash(key) & (size - 1))) continue
    seen.add(key)
    out.push(key)
  }
  return out
}

/** `n` distinct device ids as [hi, lo] whose homes pass the filter. */
const deviceKeys = (n: number, size: number, mode: Homes, seed: number): Array<readonly [number, number]> => {
  const rnd = Synthetic.prng(seed)
  const accept = homeFilter(mode, size, rnd)
  const seen = new Set<string>()
  const out: Array<readonly [number, number]> = []
  while (out.length < n) {
    const hi = rnd() < 0.5 ? Synthetic.METER_HI : (rnd() * 2 ** 32) >>> 0
    const lo = rnd() < 0.5 ? Math.floor(rnd() * 4 * n) : (rnd() * 2 ** 32) >>> 0
    if (seen.has(`${hi}:${lo}`) || !accept(CompactStore.mix(lo, hi) & (size - 1))) continue
    seen.add(`${hi}:${lo}`)
    out.push([hi, lo])
  }
  return out
}

const ESME = CompactStore.typeCode('ESME')
const COMMISSIONED = CompactStore.statusCode('Commissioned')

/** A store of the keys (record `i` is key `i`), indexed in bulk or one by one. */
const storeOf = (mps: ReadonlyArray<number>, devs: ReadonlyArray<readonly [number, number]>, oneByOne: boolean): CompactStore.CompactStore => {
  const b = new CompactStore.Builder({ meterPoints: mps.length, devices: devs.length })
  mps.forEach((key, i) => {
    expect(b.addMeterPoint(key, 1 + (i % 5), 19000 + i)).toBe(i)
    if (oneByOne) expect(b.meterPointIndex(key)).toBe(i)
  })
  devs.forEach(([hi, lo], i) => {
    expect(b.addDevice(hi, lo, ESME, COMMISSIONED)).toBe(i)
    if (oneByOne) expect(b.deviceIndex(hi, lo)).toBe(i)
    b.link(i, i % mps.length)
  })
  return b.build()
}

describe('CompactStore.Builder: bulk indexing', () => {
  fcTest.prop([fc.integer({ min: 64, max: 260 }), fc.integer({ min: 1, max: 60 }), homes, fc.integer()], { numRuns: 60 })(
    'a store indexed in bulk answers every lookup like one indexed record by record',
    (n, absent, mode, seed) => {
      const size = tableSizeOf(n)
      const mpAll = meterPointKeys(n + absent, size, mode, seed)
      const devAll = deviceKeys(n + absent, size, mode, seed ^ 0x5bd1e995)
      const mps = mpAll.slice(0, n)
      const devs = devAll.slice(0, n)
      const bulk = storeOf(mps, devs, false)
      const single = storeOf(mps, devs, true)
      expect(bulk.mpTable.length).toBe(size)
      expect(bulk.devTable.length).toBe(size)
      for (const s of [bulk, single]) {
        mps.forEach((key, i) => {
          expect(s.meterPointIndex(key)).toBe(i)
        })
        devs.forEach(([hi, lo], i) => {
          expect(s.deviceIndex(hi, lo)).toBe(i)
        })
        for (const key of mpAll.slice(n)) expect(s.meterPointIndex(key)).toBe(-1)
        for (const [hi, lo] of devAll.slice(n)) expect(s.deviceIndex(hi, lo)).toBe(-1)
        // every record is in its table once
        expect(s.mpTable.filter((v) => v !== 0).length).toBe(n)
        expect(s.devTable.filter((v) => v !== 0).length).toBe(n)
      }
      // records read the same, through the string API too
      for (let i = 0; i < n; i += 7) {
        const id = MeterPointKey.idOf(mps[i]!)
        expect(bulk.meterPoint(id)).toEqual(single.meterPoint(id))
        const devId = CompactStore.deviceIdOf(devs[i]![0], devs[i]![1])
        expect(bulk.device(devId)).toEqual(single.device(devId))
      }
      if (mode === 'tail') {
        // homes in the last three slots: the run wraps past the end to slot 0
        expect(bulk.mpTable[0]).not.toBe(0)
        expect(bulk.devTable[0]).not.toBe(0)
      }
    },
  )

  const op = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('add' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('lookup' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('ensure' as const), pick: fc.nat() }) },
  )

  fcTest.prop([fc.array(op, { minLength: 1, maxLength: 600 }), homes, fc.integer()], { numRuns: 30 })(
    'adds and lookups interleaved (growing from a small hint) answer like a Map',
    (ops, mode, seed) => {
      const mpPool = meterPointKeys(300, 512, mode, seed)
      const devPool = deviceKeys(300, 512, mode, seed + 1)
      const b = new CompactStore.Builder({ meterPoints: 16, devices: 16 })
      const mpRef = new Map<number, number>()
      const devRef = new Map<string, number>()
      for (const { kind, pick } of ops) {
        const key = mpPool[pick % mpPool.length]!
        const [hi, lo] = devPool[pick % devPool.length]!
        const devKey = `${hi}:${lo}`
        if (kind === 'add') {
          if (!mpRef.has(key)) mpRef.set(key, b.addMeterPoint(key))
          if (!devRef.has(devKey)) devRef.set(devKey, b.addDevice(hi, lo, ESME, COMMISSIONED))
        } else if (kind === 'lookup') {
          expect(b.meterPointIndex(key)).toBe(mpRef.get(key) ?? -1)
          expect(b.deviceIndex(hi, lo)).toBe(devRef.get(devKey) ?? -1)
        } else {
          const i = b.ensureMeterPoint(key)
          expect(i).toBe(mpRef.get(key) ?? mpRef.size)
          mpRef.set(key, i)
        }
        expect(b.meterPointCount).toBe(mpRef.size)
        expect(b.deviceCount).toBe(devRef.size)
      }
      const s = b.build()
      for (const key of mpPool) expect(s.meterPointIndex(key)).toBe(mpRef.get(key) ?? -1)
      for (const [hi, lo] of devPool) expect(s.deviceIndex(hi, lo)).toBe(devRef.get(`${hi}:${lo}`) ?? -1)
    },
  )

  fcTest.prop(
    [fc.integer({ min: 1, max: 200 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }), homes, fc.integer(), fc.boolean()],
    { numRuns: 60 },
  )('a key added twice throws at indexing time, naming the first duplicate added', (n, dups, mode, seed, devices) => {
    const size = tableSizeOf(n + dups.length)
    // the order of adds: n distinct keys with copies of some of them inserted after their first add
    const order: number[] = Array.from({ length: n }, (_, i) => i)
    for (const [which, where] of dups) {
      const k = which % n
      const first = order.indexOf(k)
      order.splice(first + 1 + (where % (order.length - first)), 0, k)
    }
    const seen = new Set<number>()
    const firstDuplicate = order.find((k) => (seen.has(k) ? true : (seen.add(k), false)))!
    const b = new CompactStore.Builder({ meterPoints: n + dups.length, devices: n + dups.length })
    if (devices) {
      const keys = deviceKeys(n, size, mode, seed)
      for (const k of order) b.addDevice(keys[k]![0], keys[k]![1], ESME, COMMISSIONED)
      const message = `CompactStore.Builder: device ${CompactStore.deviceIdOf(keys[firstDuplicate]![0], keys[firstDuplicate]![1])} added twice`
      expect(() => b.deviceIndex(keys[0]![0], keys[0]![1])).toThrow(message)
      expect(() => b.build()).toThrow(message)
    } else {
      const keys = meterPointKeys(n, size, mode, seed)
      for (const k of order) b.addMeterPoint(keys[k]!)
      const message = `CompactStore.Builder: meter point ${MeterPointKey.idOf(keys[firstDuplicate]!)} added twice`
      expect(() => b.meterPointIndex(keys[0]!)).toThrow(message)
      expect(() => b.build()).toThrow(message)
    }
  })

  it('indexes a large build in bulk and a duplicate among many is still found', () => {
    const n = 50_000
    const b = new CompactStore.Builder({ meterPoints: n, devices: n })
    for (let i = 0; i < n; i++) {
      b.addMeterPoint(Synthetic.mpanKey(i))
      b.addDevice(Synthetic.HUB_HI, i, CompactStore.typeCode('CHF'), COMMISSIONED)
    }
    b.addDevice(Synthetic.HUB_HI, 31_337, CompactStore.typeCode('CHF'), COMMISSIONED)
    expect(() => b.build()).toThrow(`device ${CompactStore.deviceIdOf(Synthetic.HUB_HI, 31_337)} added twice`)
    const ok = new CompactStore.Builder({ meterPoints: n, devices: n })
    for (let i = 0; i < n; i++) ok.addDevice(Synthetic.HUB_HI, i, CompactStore.typeCode('CHF'), COMMISSIONED)
    const s = ok.build()
    for (let i = 0; i < n; i++) expect(s.deviceIndex(Synthetic.HUB_HI, i)).toBe(i)
    expect(s.deviceIndex(Synthetic.HUB_HI, n)).toBe(-1)
  })
})

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
