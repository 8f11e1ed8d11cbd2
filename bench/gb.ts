/**
 * GB scale (`npm run bench:gb`, not in CI): a seeded synthetic GB inventory (30M MPANs, 24M MPRNs,
 * ~35M smart meters and a comms hub per home) generated straight into a compact store, every flag
 * derived (read back from the store), then a day of 100,000 transitions replayed.
 *
 * Reports build+load time, derive time, peak RSS and the day's replay time, against the goals
 * (≤ 120 s, ≤ 12 GB, ≤ 1 s). `--scale F` runs a fraction F of GB (e.g. 0.1) on smaller machines.
 *
 * Run with `node --max-old-space-size=16000 scripts/run-ts.mjs bench/gb.ts`.
 *
 * @since 0.1.0
 */
import * as os from 'node:os'
import * as CompactStore from '../src/engine/CompactStore'
import * as Reducer from '../src/engine/Reducer'
import * as State from '../src/engine/State'
import * as Synthetic from '../src/engine/Synthetic'
import type * as Model from '../src/engine/Model'
import type * as Instant from '../src/identifiers/Instant'
import * as MeterPointKey from '../src/identifiers/MeterPointKey'

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

log(`GB bench: ${mpans} MPANs, ${mprns} MPRNs, ${dayEvents} events; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}`)
const t0 = performance.now()
const { store, generated } = Synthetic.compactStore({ mpans, mprns, hubs: true, seed: 1 })
const tBuild = secs(t0)
log(`built and loaded: ${generated.meterPoints} meter points, ${generated.meters} meters, ${generated.hubs} hubs in ${tBuild.toFixed(1)} s; typed arrays ${(store.byteLength / 2 ** 30).toFixed(2)} GiB`)

// derive every flag: mp077 on each meter point's meters, compared with the flag held
const t1 = performance.now()
const counts = [0, 0, 0, 0, 0, 0]
let disagree = 0
for (let i = 0; i < store.mpCount; i++) {
  let svc = false
  let inc = false
  for (let s = 0; s < 2; s++) {
    const d = store.mpMeters[2 * i + s]!
    if (d === 0) continue
    const st = store.devStatus[d - 1]!
    if (st >= 4 && st <= 7) svc = true
    else if (st === 3) inc = true
  }
  const held = store.mpFlag[i]!
  const derived = svc ? 1 : inc ? 2 : held === 0 ? 0 : 3
  counts[derived]!++
  if (derived !== held) disagree++
}
const tDerive = secs(t1)
log(`derived every flag in ${tDerive.toFixed(1)} s: A ${counts[1]}, I ${counts[2]}, N ${counts[3]}, none ${counts[0]}; ${disagree} differ from the flags held`)

// a day of transitions: status changes of random smart meters (allowed by the strict table)
const rnd = Synthetic.prng(9)
const events: Model.Event[] = []
const next: Record<number, number> = { 1: 2, 2: 3, 3: 4, 4: 5, 5: 4, 6: 7, 7: 4, 8: 4, 9: 0 }
const planned = new Map<number, number>()
const dayStart = Date.UTC(2024, 5, 1) / 1000
for (let k = 0; events.length < dayEvents; k++) {
  const d = Math.floor(rnd() * generated.meters)
  const i = store.deviceIndex(Synthetic.METER_HI, d)
  const st = planned.get(i) ?? store.devStatus[i]!
  const to = next[st]!
  if (to === 0) continue
  planned.set(i, to)
  const secsOfDay = Math.floor((k / dayEvents) * 86400) % 86400
  const at = new Date((dayStart + secsOfDay) * 1000).toISOString().slice(0, 19) + 'Z'
  events.push({ eventId: `day-${k}`, at: at as Instant.Instant, type: 'StatusChanged', deviceId: CompactStore.deviceIdOf(Synthetic.METER_HI, d), status: CompactStore.statusByCode[to]! })
}
const state = State.fromStore(store)
const runs: number[] = []
let changes = 0
let rejected = 0
for (let r = 0; r < 3; r++) {
  const t2 = performance.now()
  const out = Reducer.reduce(state, events)
  runs.push(secs(t2))
  changes = out.changes.length
  rejected = out.rejected.length
}
runs.sort((a, b) => a - b)
const tDay = runs[1]!
log(`replayed a day of ${events.length} transitions: median ${tDay.toFixed(2)} s of ${runs.map((x) => x.toFixed(2)).join(', ')}; ${changes} changes, ${rejected} rejected`)
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
    `| replay a day (${events.length} transitions) | ${tDay.toFixed(2)} s | ${verdict(tDay <= 1)} ≤ 1 s |`,
    `| load average | ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores | |`,
    '',
  ].join('\n'),
)
void MeterPointKey
