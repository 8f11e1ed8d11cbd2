/**
 * The replay's floor: the steps a fold from NDJSON cannot skip, each timed alone over the same
 * month of events (median of 5 passes, CPU time of this process), to show where the time of
 * `engine.replay` goes and what a million events a second leaves for the rest.
 *
 * Run with `node scripts/run-ts.mjs bench/floor.ts [METER_POINTS] [EVENTS]` (100,000 each by
 * default; the full bench size is 1,000,000).
 *
 * @since 0.1.0
 */
import * as Reducer from '../src/engine/Reducer'
import * as State from '../src/engine/State'
import { decodeLine, newDecoded } from '../src/engine/reduce/LineDecoder'
import { EventLayer } from '../src/engine/store/EventIds'
import { findDevice, findMeterPoint } from '../src/engine/store/Lookup'
import { DEV, MP } from '../src/engine/store/Layout'
import { ensureHead } from '../src/engine/store/Store'
import * as Instant from '../src/identifiers/Instant'
import * as Synthetic from './Synthetic'
import { gbShape } from './lib'
import { toRef } from '../src/engine/store/Handle'

const n = Number(process.argv[2] ?? 100_000)
const count = Number(process.argv[3] ?? 100_000)
const inv = Synthetic.inventory(gbShape(n))
const text = Synthetic.month(inv, { events: count, seed: 2 }).map((e) => JSON.stringify(e)).join('\n') + '\n'
// the events as a service reads them from a file: UTF-8 bytes
const bytes = new TextEncoder().encode(text)
const state = State.fromInventory(inv)
const ref = toRef(state)
const family = ensureHead(ref)
const contents = ref.version.contents

// the lines' ranges, found once
const starts: number[] = []
const ends: number[] = []
for (let s = 0; s < bytes.length; ) {
  let e = bytes.indexOf(10, s)
  if (e < 0) e = bytes.length
  if (e > s) {
    starts.push(s)
    ends.push(e)
  }
  s = e + 1
}
const d = newDecoded()
const decoded = starts.map((s, k) => {
  d.key = -1
  decodeLine(bytes, s, ends[k]!, d)
  return { ...d }
})
const links = decoded.filter((e) => e.key >= 0).length

// every pass's result is summed and printed, so that no pass is optimised away
let sink = 0
const rows: Array<[string, number]> = []
const time = (label: string, pass: () => number): void => {
  const ns: number[] = []
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage()
    sink = (sink + pass()) | 0 // a NaN (an instant not set) counts as 0
    const c = process.cpuUsage(c0)
    ns.push((c.user + c.system) * 1000)
  }
  ns.sort((a, b) => a - b)
  rows.push([label, ns[2]! / count])
}

time('read every byte of the line (the least a check of the line costs)', () => {
  let x = 0
  for (let k = 0; k < starts.length; k++) for (let i = starts[k]!; i < ends[k]!; i++) x += bytes[i]!
  return x
})
time('read the line into codes (keys, instant, device id, names; no object)', () => {
  let x = 0
  for (let k = 0; k < starts.length; k++) if (decodeLine(bytes, starts[k]!, ends[k]!, d)) x += d.kind
  return x
})
time('event id: intern it, and check it against the batch', () => {
  const l = new EventLayer(count, count * 12)
  for (const e of decoded) {
    const h = l.stageBytes(bytes, e.idStart, e.idEnd)
    if (!l.findStaged(h)) l.commit(h)
  }
  return l.count
})
time('find the device (index layer and row)', () => {
  let x = 0
  for (const e of decoded) x += findDevice(contents.devIndex, family.dev, e.hi, e.lo)
  return x
})
time("…plus its status, last event, meter point's flag and that meter point's meters", () => {
  let x = 0
  for (const e of decoded) {
    const r = findDevice(contents.devIndex, family.dev, e.hi, e.lo)
    if (r < 0) continue
    const w = r * DEV.stride
    x += family.dev[w + DEV.meta]! + family.devF[(w + DEV.at) >> 1]!
    const m = family.dev[w + DEV.mp0]! - 1
    if (m >= 0) x += family.mp[m * MP.stride + MP.meta]! + family.dev[(family.mp[m * MP.stride + MP.first]! - 1) * DEV.stride + DEV.meta]!
  }
  return x
})
time(`find the meter point of a link (${links} links: per event of the month)`, () => {
  let x = 0
  for (const e of decoded) if (e.key >= 0) x += findMeterPoint(contents.mpIndex, family.mpF, e.key)
  return x
})
time('Europe/London day of the instant', () => {
  let x = 0
  for (const e of decoded) x += Instant.londonDay(Instant.secondsOfMicros(e.at))
  return x
})
time('the whole fold (Reducer.replayNdjson of the bytes, changes kept in typed arrays)', () => Reducer.replayNdjson(state, bytes).rejected.length)

process.stdout.write(`${n} meter points, ${count} events\n\n| step, per event | CPU time |\n|---|---|\n`)
for (const [label, ns] of rows) process.stdout.write(`| ${label} | ${ns.toFixed(0)} ns |\n`)
process.stdout.write(`\n(checksum ${sink})\n`)
