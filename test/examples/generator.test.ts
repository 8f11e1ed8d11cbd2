import { describe, it, expect } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import * as MpanCore from '../../src/identifiers/MpanCore'
import * as Mprn from '../../src/identifiers/Mprn'
import * as MeterPointId from '../../src/identifiers/MeterPointId'
import * as DeviceId from '../../src/identifiers/DeviceId'
import * as Instant from '../../src/identifiers/Instant'
import * as CalendarDate from '../../src/identifiers/CalendarDate'
import * as Random from '../../examples/generator/Random'
import * as Generate from '../../examples/generator/generate'
import * as Registry from '../../examples/generator/registry'
import * as Cli from '../../examples/generator/cli'

const DATA = path.resolve(__dirname, '../../examples/data')
const manifest = JSON.parse(fs.readFileSync(path.join(DATA, 'manifest.json'), 'latin1')) as Cli.Manifest
const inventoryText = fs.readFileSync(path.join(DATA, 'inventory.json'), 'latin1')
const bundledInventory = JSON.parse(inventoryText) as Generate.Inventory
const bundledLines = fs.readFileSync(path.join(DATA, 'events.ndjson'), 'latin1').split('\n')

// ---------------------------------------------------------------------------------------------------
// An independent checker of the docs/rules.md section 3–4 rules (status table, links, rejections in the
// precedence order of docs/contract.md). It is not the flag engine: it only says which lines would be rejected
// and why, so the generator can be held to "exactly the planted lines are bad".
// ---------------------------------------------------------------------------------------------------

const ALLOWED: Record<string, ReadonlyArray<string>> = {
  Pending: ['Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Withdrawn', 'Decommissioned'],
  Whitelisted: ['Pending', 'InstalledNotCommissioned', 'Commissioned', 'Withdrawn', 'Decommissioned'],
  InstalledNotCommissioned: ['Whitelisted', 'Commissioned', 'Withdrawn', 'Decommissioned'],
  Commissioned: ['Suspended', 'Recovery', 'Withdrawn', 'Decommissioned'],
  Suspended: ['Commissioned', 'Withdrawn', 'Decommissioned'],
  Recovery: ['Recovered', 'Commissioned', 'Decommissioned'],
  Recovered: ['Commissioned', 'Decommissioned'],
  Withdrawn: ['Commissioned', 'Decommissioned'],
  Decommissioned: [],
}
const STATUSES = new Set(Object.keys(ALLOWED))
const TYPES = new Set(['ESME', 'GSME', 'CHF', 'GPF', 'PPMID', 'HCALCS', 'IHD', 'CAD'])
const IN_SERVICE = new Set(['Commissioned', 'Suspended', 'Recovery', 'Recovered'])

interface Dev {
  type: string
  status: string | undefined
  links: Set<string>
}

interface Rejection {
  line: number
  code: string
}

const devicesOf = (inventory: Generate.Inventory): Map<string, Dev> =>
  new Map(inventory.devices.map((d) => [d.id, { type: d.type, status: d.status, links: new Set(d.meterPoints) }]))

const replayCheck = (inventory: Generate.Inventory, lines: ReadonlyArray<string>): { rejected: Array<Rejection>; devices: Map<string, Dev> } => {
  const devices = devicesOf(inventory)
  const seen = new Set<string>()
  const rejected: Array<Rejection> = []
  lines.forEach((text, index) => {
    const code = apply(devices, seen, text)
    if (code !== null) rejected.push({ line: index + 1, code })
  })
  return { rejected, devices }
}

const apply = (devices: Map<string, Dev>, seen: Set<string>, text: string): string | null => {
  let e: Record<string, unknown>
  try {
    e = JSON.parse(text)
  } catch {
    return 'invalid_event'
  }
  if (typeof e !== 'object' || e === null) return 'invalid_event'
  const { eventId, at, type, deviceId, srv } = e
  if (typeof eventId !== 'string' || typeof at !== 'string' || !Instant.isValid(at)) return 'invalid_event'
  if (typeof deviceId !== 'string' || DeviceId.normalise(deviceId) === null) return 'invalid_event'
  if (srv !== undefined && typeof srv !== 'string') return 'invalid_event'
  const id = DeviceId.normalise(deviceId)!
  switch (type) {
    case 'DeviceRegistered':
      if (typeof e.deviceType !== 'string' || !TYPES.has(e.deviceType)) return 'invalid_event'
      if (e.status !== undefined && (typeof e.status !== 'string' || !STATUSES.has(e.status))) return 'invalid_event'
      break
    case 'StatusChanged':
      if (typeof e.status !== 'string' || !STATUSES.has(e.status)) return 'invalid_event'
      break
    case 'MeterPointLinked':
    case 'MeterPointUnlinked':
      if (typeof e.meterPoint !== 'string' || !MeterPointId.isValid(e.meterPoint)) return 'invalid_event'
      break
    case 'DeviceDeleted':
      break
    default:
      return 'invalid_event'
  }
  if (seen.has(eventId)) return 'duplicate_event'
  seen.add(eventId)
  const dev = devices.get(id)
  if (type === 'DeviceRegistered') {
    if (dev !== undefined) return 'duplicate_device'
    const t = e.deviceType as string
    devices.set(id, { type: t, status: (e.status as string | undefined) ?? (t === 'IHD' || t === 'CAD' ? undefined : 'Pending'), links: new Set() })
    return null
  }
  if (dev === undefined) return 'unknown_device'
  const decommissioned = dev.status === 'Decommissioned'
  switch (type) {
    case 'StatusChanged': {
      const to = e.status as string
      if (decommissioned) return to === 'Decommissioned' ? null : 'device_decommissioned'
      if (dev.status === to) return null
      if (dev.status === undefined || !ALLOWED[dev.status]!.includes(to)) return 'forbidden_status_change'
      dev.status = to
      return null
    }
    case 'MeterPointLinked': {
      const mp = e.meterPoint as string
      if (decommissioned) return 'device_decommissioned'
      if (dev.type !== 'ESME' && dev.type !== 'GSME') return 'not_a_smart_meter'
      if ((dev.type === 'ESME') !== (MeterPointId.fuelOf(mp) === 'electricity')) return 'wrong_fuel_link'
      if (dev.links.has(mp)) return 'already_linked'
      if (dev.links.size >= (dev.type === 'ESME' ? 2 : 1)) return 'too_many_links'
      dev.links.add(mp)
      return null
    }
    case 'MeterPointUnlinked': {
      const mp = e.meterPoint as string
      if (!dev.links.has(mp)) return 'not_linked'
      dev.links.delete(mp)
      return null
    }
    default:
      devices.delete(id)
      return null
  }
}

/** The mp077 flag of every meter point, derived from the meters linked to it (docs/rules.md section 5). */
const deriveMp077 = (inventory: Generate.Inventory, devices: Map<string, Dev>): Map<string, string | null> => {
  const linked = new Map<string, Array<string>>()
  for (const d of devices.values()) {
    if (d.type !== 'ESME' && d.type !== 'GSME') continue
    for (const mp of d.links) {
      const list = linked.get(mp)
      if (list === undefined) linked.set(mp, [d.status ?? ''])
      else list.push(d.status ?? '')
    }
  }
  const out = new Map<string, string | null>()
  for (const mp of inventory.meterPoints) {
    const statuses = linked.get(mp.id) ?? []
    const stored = mp.flag ?? null
    out.set(mp.id, statuses.some((s) => IN_SERVICE.has(s)) ? 'A' : statuses.includes('InstalledNotCommissioned') ? 'I' : stored !== null ? 'N' : null)
  }
  return out
}

const linesOf = (sample: Generate.Sample): Array<string> => sample.events.map(Generate.toLine)

const small: Generate.Options = { seed: 7, meterPoints: 3000, startDate: '2024-03-01', days: 31 }

// ---------------------------------------------------------------------------------------------------

describe('Random', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draws = (seed: Random.Seed) => {
      const r = Random.make(seed)
      return Array.from({ length: 20 }, () => r.next())
    }
    expect(draws(42)).toEqual(draws(42))
    expect(draws('demo')).toEqual(draws('demo'))
    expect(draws(42)).not.toEqual(draws(43))
    expect(draws('a')).not.toEqual(draws('b'))
    expect(Random.derive(1, 5).next()).toBe(Random.derive(1, 5).next())
    expect(Random.derive(1, 5).next()).not.toBe(Random.derive(1, 6).next())
  })

  fcTest.prop([fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 })])(
    'int stays within its inclusive range',
    (seed, lo, span) => {
      const r = Random.make(seed)
      for (let k = 0; k < 50; k++) {
        const x = Random.int(r, lo, lo + span)
        expect(Number.isInteger(x) && x >= lo && x <= lo + span).toBe(true)
      }
    },
  )

  fcTest.prop([fc.integer(), fc.array(fc.integer(), { maxLength: 40 })])('shuffle is a permutation', (seed, xs) => {
    const out = Random.shuffle(Random.make(seed), xs)
    expect([...out].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b))
  })

  it('draws uniformly and by weight', () => {
    const r = Random.make('stats')
    const n = 40_000
    const counts = [0, 0, 0, 0]
    for (let k = 0; k < n; k++) counts[Random.int(r, 0, 3)]!++
    for (const c of counts) expect(Math.abs(c - n / 4)).toBeLessThan(n * 0.02)
    const w = Random.weighted<string>([['a', 1], ['b', 3], ['never', 0]])
    let b = 0
    for (let k = 0; k < n; k++) {
      const v = Random.draw(r, w)
      expect(v).not.toBe('never')
      if (v === 'b') b++
    }
    expect(Math.abs(b / n - 0.75)).toBeLessThan(0.02)
    let heads = 0
    for (let k = 0; k < n; k++) if (Random.chance(r, 0.3)) heads++
    expect(Math.abs(heads / n - 0.3)).toBeLessThan(0.02)
  })

  it('refuses impossible draws (programmer errors)', () => {
    expect(() => Random.pick(Random.make(1), [])).toThrow(RangeError)
    expect(() => Random.weighted([['x', 0]])).toThrow(RangeError)
    expect(() => Random.int(Random.make(1), 3, 2)).toThrow(RangeError)
  })
})

describe('generate: determinism', () => {
  it('gives identical output for the same options and different output for another seed', () => {
    const a = Generate.generate(small)
    const b = Generate.generate({ ...small })
    expect(JSON.stringify(a.inventory)).toBe(JSON.stringify(b.inventory))
    expect(linesOf(a)).toEqual(linesOf(b))
    expect(a.planted).toEqual(b.planted)
    const c = Generate.generate({ ...small, seed: 8 })
    expect(JSON.stringify(c.inventory)).not.toBe(JSON.stringify(a.inventory))
    expect(linesOf(c)).not.toEqual(linesOf(a))
  })

  it('streams exactly what it generates in memory', () => {
    const s = Generate.generate(small)
    const text = [...Generate.inventoryChunks(small)].join('')
    expect(JSON.parse(text)).toEqual(s.inventory)
    expect([...Generate.meterPointRecords(small)]).toEqual(s.inventory.meterPoints)
    expect([...Generate.deviceRecords(small)]).toEqual(s.inventory.devices)
    expect([...Generate.lines(small)].map(Generate.toLine)).toEqual(linesOf(s))
  })

  it('meets a devicesPerHome target by the share of smart homes', () => {
    for (const target of [1.5, 2.77, 3.6]) {
      const s = Generate.generate({ seed: 3, meterPoints: 20_000, startDate: '2024-03-01', days: 1, devicesPerHome: target })
      expect(Math.abs(s.inventory.devices.length / s.summary.homes - target), String(target)).toBeLessThan(0.1)
    }
    expect(Generate.resolve({ ...small, devicesPerHome: 1, smartShare: 0.5 }).smartShare).toBe(0.5)
  })

  it('refuses nonsense options (programmer errors)', () => {
    expect(() => Generate.resolve({ ...small, startDate: '2024-02-30' })).toThrow(RangeError)
    expect(() => Generate.resolve({ ...small, days: 0 })).toThrow(RangeError)
    expect(() => Generate.resolve({ ...small, meterPoints: 1.5 })).toThrow(RangeError)
  })
})

describe('the bundled data (examples/data)', () => {
  it('is exactly what writeSample gives for its recorded options (it cannot drift)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dcc-sample-'))
    try {
      const registry = manifest.registry === null ? false : manifest.registry
      const written = Cli.writeSample(dir, manifest.options, registry)
      for (const file of written.files) {
        const name = path.basename(file)
        expect(fs.readFileSync(file).equals(fs.readFileSync(path.join(DATA, name))), name).toBe(true)
      }
      expect(written.files.map((f) => path.basename(f)).sort()).toEqual(['events.ndjson', 'inventory.json', 'manifest.json', 'registered.csv'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('is what generate gives in memory for the recorded options', () => {
    const s = Generate.generate(manifest.options)
    expect(s.inventory).toEqual(bundledInventory)
    expect(linesOf(s)).toEqual(bundledLines.slice(0, -1))
    expect(bundledLines[bundledLines.length - 1]).toBe('')
    expect(s.planted).toEqual(manifest.planted)
    expect(s.summary).toEqual(manifest.summary)
  })

  it('has the size asked for: about 10,000 meter points (55% electricity), 15,000 devices, one month', () => {
    expect(manifest.options.startDate).toBe('2024-03-01')
    expect(manifest.options.days).toBe(31)
    const mps = bundledInventory.meterPoints.length
    expect(Math.abs(mps - 10_000)).toBeLessThan(300)
    const elec = bundledInventory.meterPoints.filter((m) => m.id.length === 13).length
    expect(Math.abs(elec / mps - 0.55)).toBeLessThan(0.02)
    expect(Math.abs(bundledInventory.devices.length - 15_000)).toBeLessThan(1000)
    const bytes = ['inventory.json', 'events.ndjson', 'registered.csv', 'manifest.json'].reduce((n, f) => n + fs.statSync(path.join(DATA, f)).size, 0)
    expect(bytes).toBeLessThan(5_000_000)
  })
})

describe('the snapshot', () => {
  const inv = bundledInventory

  it('has only valid, distinct meter point ids, with electricity from distributors 10–23', () => {
    const ids = new Set<string>()
    const distributors = new Set<string>()
    for (const mp of inv.meterPoints) {
      expect(ids.has(mp.id)).toBe(false)
      ids.add(mp.id)
      if (mp.id.length === 13) {
        expect(MpanCore.isValid(mp.id), mp.id).toBe(true)
        distributors.add(MpanCore.distributorId(mp.id))
      } else expect(Mprn.isValid(mp.id), mp.id).toBe(true)
    }
    expect([...distributors].sort()).toEqual(Array.from({ length: 14 }, (_, k) => String(10 + k)))
  })

  it('has only canonical, distinct device ids and every device type', () => {
    const ids = new Set<string>()
    for (const d of inv.devices) {
      expect(DeviceId.is(d.id), d.id).toBe(true)
      expect(ids.has(d.id)).toBe(false)
      ids.add(d.id)
    }
    expect(new Set(inv.devices.map((d) => d.type))).toEqual(TYPES)
  })

  it('links ESMEs to one or two MPANs, GSMEs to one MPRN, nothing else to anything; IHD/CAD have no status', () => {
    const known = new Set(inv.meterPoints.map((m) => m.id))
    let twins = 0
    for (const d of inv.devices) {
      if (d.type === 'ESME') {
        expect(d.meterPoints.length === 1 || d.meterPoints.length === 2).toBe(true)
        for (const mp of d.meterPoints) expect(MeterPointId.fuelOf(mp)).toBe('electricity')
        if (d.meterPoints.length === 2) twins++
      } else if (d.type === 'GSME') {
        expect(d.meterPoints.length).toBe(1)
        expect(MeterPointId.fuelOf(d.meterPoints[0]!)).toBe('gas')
      } else expect(d.meterPoints).toEqual([])
      for (const mp of d.meterPoints) expect(known.has(mp)).toBe(true)
      if (d.type === 'IHD' || d.type === 'CAD') expect('status' in d).toBe(false)
      else expect(STATUSES.has(d.status!)).toBe(true)
    }
    expect(twins).toBeGreaterThan(0)
  })

  it('holds every flag the mp077 policy derives from the linked meters', () => {
    const derived = deriveMp077(inv, devicesOf(inv))
    for (const mp of inv.meterPoints) expect(derived.get(mp.id), mp.id).toBe(mp.flag ?? null)
  })

  it('mixes A (mostly notified as is), I, N and null flags, with valid dates', () => {
    const byFlag = { A: 0, I: 0, N: 0, null: 0 }
    let notifiedSame = 0
    for (const mp of inv.meterPoints) {
      byFlag[mp.flag ?? 'null']++
      if (mp.flag === null) {
        expect(mp.effectiveFrom).toBeUndefined()
        continue
      }
      expect(CalendarDate.isDate(mp.effectiveFrom!)).toBe(true)
      expect(mp.effectiveFrom! < '20240301').toBe(true)
      if (mp.flag !== 'A') expect(mp.effectiveFrom! >= '20211104').toBe(true)
      if (mp.notified === null || mp.notified === undefined) continue
      expect(CalendarDate.isDate(mp.notified.effectiveFrom)).toBe(true)
      if (mp.notified.flag === mp.flag && mp.notified.effectiveFrom === mp.effectiveFrom) notifiedSame++
    }
    const flagged = byFlag.A + byFlag.I + byFlag.N
    for (const k of ['A', 'I', 'N', 'null'] as const) expect(byFlag[k]).toBeGreaterThan(100)
    expect(notifiedSame / flagged).toBeGreaterThan(0.9)
    expect(notifiedSame).toBeLessThan(flagged)
  })
})

describe('the events', () => {
  const planted = new Map(manifest.planted.map((p) => [p.line, p]))

  it('are rejected exactly where bad events were planted, each with its expected code', () => {
    const { rejected } = replayCheck(bundledInventory, bundledLines.slice(0, -1))
    expect(rejected).toEqual(manifest.planted.map((p) => ({ line: p.line, code: p.expectedCode })))
  })

  it('plant every kind of bad event, about 0.5% of the lines', () => {
    const n = bundledLines.length - 1
    expect(new Set(manifest.planted.map((p) => p.kind))).toEqual(new Set(Generate.badKinds))
    expect(manifest.planted.length / n).toBeGreaterThan(0.003)
    expect(manifest.planted.length / n).toBeLessThan(0.008)
  })

  it('have unique ev-NNNNNN ids (the duplicates repeat the id of an earlier line), canonical device ids, valid meter points', () => {
    const ids = new Set<string>()
    bundledLines.slice(0, -1).forEach((text, k) => {
      const p = planted.get(k + 1)
      if (p?.kind === 'malformed_line') {
        expect(() => JSON.parse(text)).toThrow()
        return
      }
      const e = JSON.parse(text) as Generate.SampleEvent
      expect(e.eventId).toMatch(/^ev-\d{6,}$/)
      if (p?.kind === 'duplicate_event') expect(ids.has(e.eventId)).toBe(true)
      else expect(ids.has(e.eventId)).toBe(false)
      ids.add(e.eventId)
      expect(DeviceId.is(e.deviceId)).toBe(true)
      if ('meterPoint' in e) expect(MeterPointId.isValid(e.meterPoint)).toBe(p?.kind !== 'bad_check_digit')
    })
  })

  it('carry valid ISO instants with offsets (Z, and +01:00 in summer) except the planted one without, in time order', () => {
    let last = -Infinity
    const styles = new Set<string>()
    let londonNextDay = 0
    bundledLines.slice(0, -1).forEach((text, k) => {
      const p = planted.get(k + 1)
      if (p?.kind === 'malformed_line') return
      const e = JSON.parse(text) as Generate.SampleEvent
      if (p?.kind === 'missing_offset') {
        expect(Instant.isValid(e.at)).toBe(false)
        expect(Instant.isValid(e.at + 'Z')).toBe(true)
        return
      }
      expect(Instant.isValid(e.at), e.at).toBe(true)
      styles.add(e.at.endsWith('Z') ? 'Z' : e.at.slice(-6))
      const secs = Instant.epochSeconds(e.at)
      if (e.at >= '2024-03-01T00:00:00' && Instant.londonDate(e.at) !== CalendarDate.civilFromDays(Math.floor(secs / 86400))) londonNextDay++
      if (p !== undefined) return
      expect(secs).toBeGreaterThanOrEqual(last)
      expect(secs).toBeGreaterThanOrEqual(CalendarDate.daysFromCivil(2024, 3, 1) * 86400)
      expect(secs).toBeLessThan(CalendarDate.daysFromCivil(2024, 4, 1) * 86400)
      last = secs
    })
    expect(styles).toEqual(new Set(['Z', '+01:00']))
    // Late UTC evening on 31 March (BST): the Europe/London date is 1 April.
    expect(londonNextDay).toBeGreaterThan(0)
  })

  it('contain the scenarios asked for: installs, exchanges both ways, unlinks, deletions, suspensions, recoveries', () => {
    const s = manifest.summary.scenarios
    for (const k of ['newInstall', 'installAndLeave', 'exchangeDecommissionFirst', 'exchangeCommissionFirst', 'cleanup', 'removal', 'suspension', 'recovery'] as const)
      expect(s[k] ?? 0, k).toBeGreaterThan(5)
    const byType = manifest.summary.eventsByType
    for (const t of ['DeviceRegistered', 'StatusChanged', 'MeterPointLinked', 'MeterPointUnlinked', 'DeviceDeleted']) expect(byType[t] ?? 0).toBeGreaterThan(50)
    const statuses = new Set(
      bundledLines.filter((l) => l.includes('"StatusChanged"') && l.endsWith('}')).map((l) => (JSON.parse(l) as { status: string }).status),
    )
    for (const st of ['Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Decommissioned', 'Suspended', 'Recovery', 'Recovered', 'Withdrawn'])
      expect(statuses.has(st), st).toBe(true)
  })

  it('leave ESMEs with at most two MPANs and GSMEs with at most one MPRN after replay', () => {
    const { devices } = replayCheck(bundledInventory, bundledLines.slice(0, -1))
    for (const d of devices.values()) {
      if (d.type === 'ESME') expect(d.links.size).toBeLessThanOrEqual(2)
      else if (d.type === 'GSME') expect(d.links.size).toBeLessThanOrEqual(1)
      else expect(d.links.size).toBe(0)
    }
  })

  fcTest.prop(
    [
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.integer({ min: 50, max: 3000 }),
      fc.integer({ min: CalendarDate.daysFromCivil(2021, 11, 5), max: CalendarDate.daysFromCivil(2030, 12, 31) }),
      fc.integer({ min: 1, max: 45 }),
    ],
    { numRuns: 12 },
  )('for any seed, size and period, only the planted lines are bad', (seed, meterPoints, startDay, days) => {
    const d = CalendarDate.civilFromDays(startDay)
    const options = { seed, meterPoints, startDate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, days, dailyActivity: 0.02 }
    const s = Generate.generate(options)
    const { rejected } = replayCheck(s.inventory, linesOf(s))
    expect(rejected).toEqual(s.planted.map((p) => ({ line: p.line, code: p.expectedCode })))
    const derived = deriveMp077(s.inventory, devicesOf(s.inventory))
    for (const mp of s.inventory.meterPoints) expect(derived.get(mp.id)).toBe(mp.flag ?? null)
  })
})

describe('scale', () => {
  it('streams 200,000 meter points and a month of events in a few seconds', () => {
    const options: Generate.Options = { seed: 'scale', meterPoints: 200_000, startDate: '2024-03-01', days: 31 }
    const started = performance.now()
    let bytes = 0
    for (const chunk of Generate.inventoryChunks(options)) bytes += chunk.length
    let lines = 0
    let planted = 0
    for (const line of Generate.lines(options, { planted: () => planted++ })) {
      lines++
      bytes += Generate.toLine(line).length + 1
    }
    const seconds = (performance.now() - started) / 1000
    console.info(`200,000 meter points: ${lines} event lines, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`)
    expect(lines).toBeGreaterThan(100_000)
    expect(planted / lines).toBeGreaterThan(0.003)
    expect(planted / lines).toBeLessThan(0.008)
    // About 2 s of CPU on one core; the bound leaves room for a busy CI machine.
    expect(seconds).toBeLessThan(20)
  })
})

describe('registry extracts', () => {
  const rows = Registry.fromInventory(bundledInventory.meterPoints)

  it('takes one row per flagged meter point', () => {
    expect(rows.length).toBe(bundledInventory.meterPoints.filter((m) => m.flag !== null).length)
    const flagged = bundledInventory.meterPoints.filter((m) => m.flag !== null)
    expect(rows).toEqual(flagged.map((m) => ({ meterPoint: m.id, flag: m.flag, effectiveFrom: m.effectiveFrom })))
  })

  it('plants each kind of discrepancy, as listed, and nothing else', () => {
    const known = new Set(bundledInventory.meterPoints.map((m) => m.id))
    const out = Registry.plantDiscrepancies(rows, 'reg', Registry.defaultRates, (id) => known.has(id))
    const byKind = (k: Registry.DiscrepancyKind) => out.planted.filter((p) => p.kind === k)
    for (const k of ['missing_at_registry', 'flag_mismatch', 'date_mismatch', 'unknown_meter_point'] as const) {
      expect(byKind(k).length, k).toBeGreaterThan(rows.length * 0.005)
      expect(byKind(k).length, k).toBeLessThan(rows.length * 0.02)
    }
    const before = new Map(rows.map((r) => [r.meterPoint, r]))
    const after = new Map(out.rows.map((r) => [r.meterPoint, r]))
    expect(after.size).toBe(out.rows.length)
    const planted = new Map(out.planted.map((p) => [p.meterPoint, p]))
    for (const [mp, r] of before) {
      const p = planted.get(mp)
      const a = after.get(mp)
      if (p === undefined) expect(a).toEqual(r)
      else if (p.kind === 'missing_at_registry') expect(a).toBeUndefined()
      else if (p.kind === 'flag_mismatch') {
        expect(a!.flag).not.toBe(r.flag)
        expect(['A', 'I', 'N']).toContain(a!.flag)
        expect(a!.effectiveFrom).toBe(r.effectiveFrom)
      } else {
        expect(p.kind).toBe('date_mismatch')
        expect(a!.effectiveFrom).not.toBe(r.effectiveFrom)
        expect(CalendarDate.isDate(a!.effectiveFrom)).toBe(true)
        expect(a!.flag).toBe(r.flag)
      }
    }
    for (const p of byKind('unknown_meter_point')) {
      expect(known.has(p.meterPoint)).toBe(false)
      expect(MeterPointId.isValid(p.meterPoint)).toBe(true)
      expect(after.get(p.meterPoint)).toEqual(p.registered)
    }
    expect(out.rows.length).toBe(rows.length - byKind('missing_at_registry').length + byKind('unknown_meter_point').length)
    expect(Registry.plantDiscrepancies(rows, 'reg', Registry.defaultRates, (id) => known.has(id))).toEqual(out)
    expect(Registry.plantDiscrepancies(rows, 'other').rows).not.toEqual(out.rows)
  })

  it('writes REG.csv with its header and LF line ends', () => {
    const csv = Registry.toCsv([
      { meterPoint: '1200023305967', flag: 'A', effectiveFrom: '20200101' },
      { meterPoint: '3938424403', flag: 'N', effectiveFrom: '20240102' },
    ])
    expect(csv).toBe('meterPoint,flag,effectiveFrom\n1200023305967,A,20200101\n3938424403,N,20240102\n')
    expect(Registry.toCsv([])).toBe('meterPoint,flag,effectiveFrom\n')
  })

  it('bundles registered.csv with the discrepancies listed in the manifest', () => {
    const text = fs.readFileSync(path.join(DATA, 'registered.csv'), 'latin1')
    expect(text.includes('\r')).toBe(false)
    const lines = text.split('\n')
    expect(lines[0]).toBe(Registry.csvHeader)
    expect(lines[lines.length - 1]).toBe('')
    const registered = new Map(lines.slice(1, -1).map((l) => {
      const [meterPoint, flag, effectiveFrom] = l.split(',')
      return [meterPoint!, { meterPoint: meterPoint!, flag: flag!, effectiveFrom: effectiveFrom! }]
    }))
    const planted = new Map(manifest.registryPlanted.map((p) => [p.meterPoint, p]))
    let found = 0
    for (const r of rows) {
      const got = registered.get(r.meterPoint) ?? null
      const p = planted.get(r.meterPoint)
      if (p === undefined) expect(got).toEqual(r)
      else (found++, expect(got).toEqual(p.registered))
    }
    const unknown = manifest.registryPlanted.filter((p) => p.kind === 'unknown_meter_point')
    expect(found + unknown.length).toBe(manifest.registryPlanted.length)
    for (const p of unknown) expect(registered.get(p.meterPoint)).toEqual(p.registered)
  })
})
