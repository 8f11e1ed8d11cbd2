/**
 * GB scale (`npm run bench:gb`, not in CI): a seeded synthetic GB inventory (30M MPANs, 24M MPRNs,
 * ~35M smart meters and a comms hub per home) generated straight into the store, every flag
 * derived at rest under `mp077` (the reconciliation's reading, from each meter point's linked
 * meters), then three days of 100,000 transitions folded one after the other (each from the newest
 * state, as a service does).
 *
 * Reports build+load time, derive time, peak RSS and a day's replay time (median of the three),
 * against the goals (≤ 120 s, ≤ 12 GB, ≤ 1 s). `--scale F` runs a fraction F of GB (e.g. 0.1) on
 * smaller machines.
 *
 * Run with `node --max-old-space-size=16000 scripts/run-ts.mjs bench/gb.ts`.
 *
 * @since 0.1.0
 */
import * as os from 'node:os'
import type * as Model from '../src/engine/Model'
import * as Policy from '../src/engine/Policy'
import * as Reducer from '../src/engine/Reducer'
import * as State from '../src/engine/State'
import { compile } from '../src/engine/policy/Compiled'
import * as Codes from '../src/engine/store/Codes'
import { findDevice } from '../src/engine/store/Lookup'
import { DEV, MP } from '../src/engine/store/Layout'
import { nextMeter } from '../src/engine/store/Read'
import { ensureHead } from '../src/engine/store/Store'
import * as DeviceKey from '../src/identifiers/DeviceKey'
import type * as Instant from '../src/identifiers/Instant'
import * as Synthetic from './Synthetic'
import { toRef } from '../src/engine/store/Handle'

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const scale = Number(arg('--scale') ?? '1')
const dayEvents = Number(arg('--events') ?? '100000')
const mpans = Math.round(30_000_000 * scale)
const mprns = Math.round(24_000_000 * scale)

let peakRss = 0
const sample = (): void => {
  const r = process.memoryUsage.rss()
  if (r > peakRss) peakRss = r
}
const timer = setInterval(sample, 200)
const log = (m: string): void => {
  sample()
  process.stderr.write(`${m} (rss ${(process.memoryUsage.rss() / 2 ** 30).toFixed(2)} GiB)\n`)
}
const secs = (t0: number): number => (performance.now() - t0) / 1000

log(`GB bench: ${mpans} MPANs, ${mprns} MPRNs, ${dayEvents} events a day; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}`)
const t0 = performance.now()
const { state, generated } = Synthetic.compactStore({ mpans, mprns, hubs: true, seed: 1 })
const tBuild = secs(t0)
const ref = toRef(state)
const f = ensureHead(ref)
const c = ref.version.contents
const arrays = f.dev.byteLength + f.mp.byteLength + f.link.byteLength + [...c.devIndex, ...c.mpIndex].reduce((a, l) => a + l.slots.byteLength, 0)
log(`built and loaded: ${generated.meterPoints} meter points, ${generated.meters} meters, ${generated.hubs} hubs in ${tBuild.toFixed(1)} s; typed arrays ${(arrays / 2 ** 30).toFixed(2)} GiB`)

// derive every flag at rest: the compiled mp077 on each meter point's linked meters
const t1 = performance.now()
const mp077 = compile(Policy.mp077)
const counts = [0, 0, 0, 0, 0, 0]
let disagree = 0
for (let m = 0; m < c.mpCount; m++) {
  let bits = 0
  let n = 0
  for (let d = f.mp[m * MP.stride + MP.first]! - 1; d >= 0; d = nextMeter(f.dev, f.link, d, m)) {
    bits |= 1 << ((f.dev[d * DEV.stride + DEV.meta]! & 15) - 1)
    n++
  }
  const held = f.mp[m * MP.stride + MP.meta]! & 7
  const got = n === 0 ? 0 : mp077.derive(bits, n, held, 0)
  const flag = got === 0 ? held : got
  counts[flag]!++
  if (flag !== held) disagree++
}
const tDerive = secs(t1)
log(`derived every flag in ${tDerive.toFixed(1)} s: A ${counts[1]}, I ${counts[2]}, N ${counts[3]}, none ${counts[0]}; ${disagree} differ from the flags held`)

// days of transitions: status changes of random smart meters (allowed by the strict table)
const rnd = Synthetic.prng(9)
const next: Record<number, number> = { 1: 2, 2: 3, 3: 4, 4: 5, 5: 4, 6: 7, 7: 4, 8: 4, 9: 0 }
const planned = new Map<number, number>()
const dayOf = (day: number): Model.Event[] => {
  const events: Model.Event[] = []
  const dayStart = Date.UTC(2024, 5, 1 + day) / 1000
  for (let k = 0; events.length < dayEvents; k++) {
    const d = Math.floor(rnd() * generated.meters)
    const r = findDevice(c.devIndex, f.dev, Synthetic.METER_HI | 0, d | 0)
    const st = planned.get(r) ?? f.dev[r * DEV.stride + DEV.meta]! & 15
    const to = next[st]!
    if (to === 0) continue
    planned.set(r, to)
    const secsOfDay = Math.floor((events.length / dayEvents) * 86400)
    const at = new Date((dayStart + secsOfDay) * 1000).toISOString().slice(0, 19) + 'Z'
    events.push({ eventId: `day${day}-${k}`, at: at as Instant.Instant, type: 'StatusChanged', deviceId: DeviceKey.idOf(Synthetic.METER_HI, d), status: Codes.statusByCode[to]! })
  }
  return events
}
const days = [dayOf(0), dayOf(1), dayOf(2)]
const runs: number[] = []
let changes = 0
let rejected = 0
let s = state
for (const events of days) {
  const t2 = performance.now()
  const out = Reducer.reduce(s, events)
  runs.push(secs(t2))
  changes += out.changes.length
  rejected += out.rejected.length
  if (out.rejected.length > 0) log(`first rejection: ${JSON.stringify(out.rejected[0])}`)
  s = out.state
}
const tDay = [...runs].sort((a, b) => a - b)[1]!
log(`replayed three days of ${dayEvents} transitions: median ${tDay.toFixed(2)} s of ${runs.map((x) => x.toFixed(2)).join(', ')}; ${changes} changes, ${rejected} rejected`)
clearInterval(timer)
sample()
const total = tBuild + tDerive
const peak = peakRss / 2 ** 30
const verdict = (ok: boolean): string => (ok ? '✓' : '✗')
process.stdout.write(
  [
    `| figure | measured | goal |`,
    `|---|---|---|`,
    `| build + load + derive (${generated.meterPoints} meter points, ${generated.meters} meters, ${generated.hubs} hubs) | ${total.toFixed(1)} s | ${verdict(total <= 120 * scale)} ≤ ${(120 * scale).toFixed(0)} s |`,
    `| peak RSS | ${peak.toFixed(2)} GiB | ${verdict(peak <= 12)} ≤ 12 GB |`,
    `| replay a day (${dayEvents} transitions, median of 3) | ${tDay.toFixed(2)} s | ${verdict(tDay <= 1)} ≤ 1 s |`,
    `| load average | ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores | |`,
    '',
  ].join('\n'),
)
