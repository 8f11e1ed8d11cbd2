/**
 * The replay's floor: the primitives a fold cannot skip, each timed alone over the same decoded
 * events (median of 5 passes), to show what a million events a second would leave for the rest.
 *
 * Run with `node scripts/run-ts.mjs bench/floor.ts [METER_POINTS] [EVENTS]` (1,000,000 each by default).
 *
 * @since 0.1.0
 */
import * as CompactStore from '../src/engine/CompactStore'
import { EventIds } from '../src/engine/CompactReducer'
import type * as Model from '../src/engine/Model'
import * as Synthetic from '../src/engine/Synthetic'
import * as Instant from '../src/identifiers/Instant'
import { gbShape } from './lib'

const n = Number(process.argv[2] ?? 1_000_000)
const count = Number(process.argv[3] ?? 1_000_000)
const inv = Synthetic.inventory(gbShape(n))
// as a service receives them: decoded from NDJSON
const events = Synthetic.month(inv, { events: count, seed: 2 }).map((e) => JSON.parse(JSON.stringify(e)) as Model.Event & { deviceId: string; status?: string })
const store = CompactStore.fromInventory(inv)

// every pass's result is summed and printed, so that no pass is optimised away
let sink = 0
const time = (label: string, pass: () => number): void => {
  const ns: number[] = []
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint()
    sink += pass()
    ns.push(Number(process.hrtime.bigint() - t0))
  }
  ns.sort((a, b) => a - b)
  process.stdout.write(`| ${label} | ${(ns[2]! / count).toFixed(0)} ns |\n`)
}

process.stdout.write(`${n} meter points, ${count} events\n\n| step, per event | time |\n|---|---|\n`)
time('touch the event object (loop only)', () => {
  let x = 0
  for (let i = 0; i < events.length; i++) x += events[i]!.type.length
  return x
})
time('event id: check and insert into the applied set', () => {
  const ids = new EventIds()
  for (let i = 0; i < events.length; i++) {
    const id = events[i]!.eventId
    if (!ids.has(id)) ids.add(id)
  }
  return ids.size
})
time('device id parsed and found in the device table', () => {
  let x = 0
  for (let i = 0; i < events.length; i++) {
    const d = events[i]!.deviceId
    x += store.deviceIndex(CompactStore.deviceHi(d), CompactStore.deviceLo(d))
  }
  return x
})
time("…plus its status, its meter point's flag and that meter point's first meter", () => {
  let x = 0
  for (let i = 0; i < events.length; i++) {
    const d = events[i]!.deviceId
    const b = store.deviceIndex(CompactStore.deviceHi(d), CompactStore.deviceLo(d))
    if (b < 0) continue
    x += store.devStatus[b]!
    const m = store.devMeterPoints[2 * b]!
    if (m > 0) x += store.mpFlag[m - 1]! + store.devStatus[store.mpMeters[2 * (m - 1)]! - 1]!
  }
  return x
})
time('Europe/London date of the instant', () => {
  let x = 0
  for (let i = 0; i < events.length; i++) x += Instant.londonDate(events[i]!.at)!.length
  return x
})
time('status string to code', () => {
  let x = 0
  for (let i = 0; i < events.length; i++) {
    const s = events[i]!.status
    if (s !== undefined) x += CompactStore.statusCode(s as Model.DeviceStatus)
  }
  return x
})
process.stdout.write(`\n(checksum ${sink})\n`)
