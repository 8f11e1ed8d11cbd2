// The streamed inventory reader: the same verdict as the whole-value decoder on any inventory (valid
// or damaged), the same state when valid, under any split of the bytes and either order of the
// lists; every problem named with file and path; bad UTF-8 and bad JSON placed by byte offset.
import { describe, expect, it } from 'vitest'
import { test as fcTest } from '@fast-check/vitest'
import fc from 'fast-check'
import { either as E } from 'fp-ts'
import { readInventory } from '../../src/io/InventoryReader'
import { readState } from '../../src/io/State'
import { Model, State } from '../../src/engine'
import { MpanCore } from '../../src/identifiers'
import * as arb from '../arbitraries/engine'
import { cuts, split as splitAt } from '../arbitraries/uklink'

const FILE = 'inv.json'
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

/** The inventory's JSON with the lists in either order, compact or indented. */
const serialise = (inv: unknown, devicesFirst: boolean, indent: number): string => {
  const o = inv as { meterPoints: unknown; devices: unknown }
  return JSON.stringify(devicesFirst ? { devices: o.devices, meterPoints: o.meterPoints } : { meterPoints: o.meterPoints, devices: o.devices }, null, indent)
}

// Damage that the decoder must catch: a duplicate, a flag without its date, an unknown field, a bad
// check digit, a status on an IHD, a record that is not an object.
type Damage = (inv: { meterPoints: unknown[]; devices: unknown[] }) => void
const damages: ReadonlyArray<Damage> = [
  (inv) => { if (inv.meterPoints.length > 0) inv.meterPoints.push(inv.meterPoints[0]) },
  (inv) => { if (inv.devices.length > 0) inv.devices.push(inv.devices[0]) },
  (inv) => { inv.meterPoints.push({ id: '1200023305967', flag: 'A' }) },
  (inv) => { inv.meterPoints.push({ id: '1200023305967', colour: 'red' }) },
  (inv) => { inv.meterPoints.push({ id: '1200023305968' }) },
  (inv) => { inv.devices.push({ id: '00-0D-6F-00-00-00-FF-01', type: 'IHD', status: 'Commissioned' }) },
  (inv) => { inv.devices.push(42) },
]

const scenario = arb.pools.chain((p) => arb.inventory(p)).chain((inv) =>
  fc.record({
    inv: fc.constant(inv),
    damage: fc.option(fc.constantFrom(...damages), { nil: null }),
    devicesFirst: fc.boolean(),
    indent: fc.constantFrom(0, 2),
    cuts,
  }),
)

describe('readInventory / readState', () => {
  fcTest.prop([scenario], { numRuns: 150 })('agrees with Model.decodeInventory and State.fromInventory under any split', async ({ inv, damage, devicesFirst, indent, cuts: c }) => {
    const value = JSON.parse(JSON.stringify(inv)) as { meterPoints: unknown[]; devices: unknown[] }
    damage?.(value)
    const text = serialise(value, devicesFirst, indent)
    const whole = Model.decodeInventory(JSON.parse(text))
    const { report, state } = await readState(splitAt(enc(text), c), { file: FILE, maxProblems: 1000 })
    expect(report.valid).toBe(E.isRight(whole))
    if (E.isRight(whole)) {
      expect(State.toInventory(state!)).toEqual(State.toInventory(State.fromInventory(whole.right)))
    } else {
      expect(state).toBeNull()
      for (const p of report.problems) expect(p.startsWith(`${FILE}: `)).toBe(true)
      // Every problem the whole-value decoder finds, the streamed reader finds too.
      for (const p of whole.left) expect(report.problems).toContain(`${FILE}: ${p}`)
    }
  })

  const read = async (text: string | Uint8Array) => {
    const r = await readInventory([typeof text === 'string' ? enc(text) : text], {}, { file: FILE })
    return r.problems
  }

  it('names each problem with file and path, and reads on past a bad record', async () => {
    const text = JSON.stringify({
      meterPoints: [{ id: '1200023305967', flag: 'A', effectiveFrom: '20211104' }, { id: '1200023305967', flag: 'A', effectiveFrom: '20211104' }],
      devices: [
        { id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned' },
        { id: '00-0D-6F-00-00-00-00-02', type: 'ESME', status: 'Sleeping' },
        { id: '00-0D-6F-00-00-00-00-03', type: 'GSME', status: 'Commissioned', meterPoints: ['1200023305967'] },
      ],
    })
    expect(await read(text)).toEqual([
      `${FILE}: meterPoints[1].id: duplicate meter point 1200023305967 (also meterPoints[0])`,
      expect.stringMatching(/^inv\.json: devices\[1\]\.status: /),
      `${FILE}: devices[2].meterPoints[0]: a GSME cannot serve electricity meter point 1200023305967`,
    ])
  })

  it('the top level: an object with both lists, no unknown or repeated key (an unknown value is skipped, not built)', async () => {
    expect(await read('[]')).toEqual([`${FILE}: (root): an inventory must be a JSON object with "meterPoints" and "devices" arrays`])
    expect(await read('{"meterPoints":[]}')).toEqual([`${FILE}: devices: missing field "devices"`])
    expect(await read('{"meterPoints":{},"devices":[]}')).toEqual([`${FILE}: meterPoints: must be an array of meter points`])
    expect(await read('{"meterPoints":[],"devices":[],"extra":{"deep":[[[1]]]},"devices":[]}')).toEqual([
      `${FILE}: extra: unknown field "extra"`,
      `${FILE}: devices: given twice`,
    ])
  })

  it('a bad UTF-8 byte: its byte offset and where it was; reading stops there', async () => {
    const bytes = Buffer.concat([Buffer.from('{"meterPoints":[{"id":"12000233'), Buffer.from([0xff]), Buffer.from('05967"}],"devices":[]}')])
    expect(await read(bytes)).toEqual([`${FILE}: meterPoints[0]: not UTF-8: byte 0xFF at byte offset 31`])
  })

  it('bad JSON: the byte window it is in (1 KiB) and the path where the window starts; an early end; an empty file', async () => {
    const good = Array.from({ length: 100 }, (_, i) => `{"id":"${MpanCore.complete(`1200000${String(i).padStart(5, '0')}`)}"}`).join(',')
    const text = `{"meterPoints":[${good} {"id":"x"}],"devices":[]}`
    const [p] = await read(text)
    const m = /^inv\.json: meterPoints\[(\d+)\]: not valid JSON \(expected ','\), between byte offsets (\d+) and (\d+)$/.exec(p!)
    expect(m).not.toBeNull()
    const bad = text.indexOf(' {"id":"x"}')
    expect(Number(m![2])).toBeLessThanOrEqual(bad)
    expect(Number(m![3])).toBeGreaterThan(bad)
    expect(Number(m![3]) - Number(m![2])).toBeLessThanOrEqual(1024)
    expect(Number(m![1])).toBeGreaterThan(0)
    expect(await read('{"meterPoints":[],"devices":[')).toEqual([`${FILE}: devices[0]: the JSON ends early (expected a value), at byte offset 29`])
    expect(await read('')).toEqual([`${FILE}: (root): the file is empty: an inventory is a JSON object with "meterPoints" and "devices" arrays`])
  })

  it('keeps counters, warns of linked meter points not listed, and lists at most maxProblems', async () => {
    const seen: unknown[] = []
    const r = await readInventory(
      [enc(JSON.stringify({ counters: { nextFileId: 7, nextGeneration: 3 }, devices: [{ id: '00-0D-6F-00-00-00-00-01', type: 'ESME', status: 'Commissioned', meterPoints: ['1200023305967'] }], meterPoints: [] }))],
      { counters: (c) => seen.push(c) },
      { file: FILE },
    )
    expect(r.valid).toBe(true)
    expect(seen).toEqual([{ nextFileId: 7, nextGeneration: 3 }])
    expect(r.warnings).toEqual([expect.stringMatching(/^inv\.json: devices\[0\]\.meterPoints: meter point 1200023305967 is not in meterPoints/)])
    const many = JSON.stringify({ meterPoints: Array.from({ length: 80 }, () => ({ id: 'x' })), devices: [] })
    const m = await readInventory([enc(many)], {}, { file: FILE, maxProblems: 10 })
    expect(m.problems).toHaveLength(10)
    expect(m.problemCount).toBe(80)
  })
})
