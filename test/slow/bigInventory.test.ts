// An inventory larger than V8's string limit (512 MiB) goes through the streaming inventory reader
// that every --inventory and `init` share: an inventory of about 800 MB is replayed by the built bin,
// and the event on its last device gives the change expected of it (so the whole file was read, in
// order, not held as one string); `init --db` loads it whole (status counts every record) and
// `apply` of the same event to that database gives the same change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ROOT, runBin, tmpDir } from '../cli/bin'
import { MpanCore } from '../../src/identifiers'

const TARGET_BYTES = 600 * 1024 * 1024

let work: string
let inventory: string
let lastMpan: string
let lastDevice: string
let pairs = 0
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('big-inventory')
  inventory = path.join(work, 'inventory.json')
  // Meter points first, then their devices (one Commissioned ESME each), written in 4 MiB pieces.
  const fd = fs.openSync(inventory, 'w')
  const perPair = 170 // bytes of one meter point plus one device, near enough to size the file
  const n = Math.ceil(TARGET_BYTES / perPair)
  const mpan = (i: number): string => MpanCore.complete(`12${String(i).padStart(10, '0')}`)
  const dev = (i: number): string => i.toString(16).toUpperCase().padStart(16, '0').replace(/(..)(?!$)/g, '$1-')
  let buf = '{"meterPoints":['
  const flush = (force = false): void => {
    if (force || buf.length > 4 << 20) {
      fs.writeSync(fd, buf)
      buf = ''
    }
  }
  for (let i = 0; i < n; i++) {
    buf += `${i === 0 ? '' : ','}\n{"id":"${mpan(i)}","flag":"A","effectiveFrom":"20230101","notified":{"flag":"A","effectiveFrom":"20230101"}}`
    flush()
  }
  buf += '\n],"devices":['
  for (let i = 0; i < n; i++) {
    buf += `${i === 0 ? '' : ','}\n{"id":"${dev(i + 1)}","type":"ESME","status":"Commissioned","meterPoints":["${mpan(i)}"]}`
    flush()
  }
  buf += '\n]}\n'
  flush(true)
  fs.closeSync(fd)
  pairs = n
  lastMpan = mpan(n - 1)
  lastDevice = dev(n)
})
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

const lastEvent = (): string => {
  const events = path.join(work, 'events.ndjson')
  fs.writeFileSync(events, JSON.stringify({ eventId: 'last', at: '2024-04-01T09:00:00Z', type: 'StatusChanged', deviceId: lastDevice, status: 'Decommissioned' }) + '\n')
  return events
}
const lastChange = () => ({ meterPoint: lastMpan, fuel: 'electricity', from: 'A', to: 'N', effectiveFrom: '20240401', eventId: 'last', policy: 'mp077' })

describe('an inventory larger than a string can hold', () => {
  it('is over 512 MiB', () => {
    expect(fs.statSync(inventory).size).toBeGreaterThan(512 * 1024 * 1024)
  })

  it('replay reads it all: the last device decommissioned turns its meter point A → N', () => {
    const r = runBin(['replay', '--inventory', inventory, '--events', lastEvent()])
    expect(r.stderr).not.toContain('Invalid string length')
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.toString('utf8')) as { changes: unknown[]; rejected: unknown[] }
    expect(out.rejected).toEqual([])
    expect(out.changes).toEqual([lastChange()])
    expect(pairs).toBeGreaterThan(3_000_000)
  })

  it('init --db loads it all: status counts every meter point and device; apply of the last event gives the same change', () => {
    const db = path.join(work, 'state.db')
    const init = runBin(['init', '--db', db, '--inventory', inventory])
    expect(init.stderr).not.toContain('Invalid string length')
    expect(init.code, init.stderr).toBe(0)
    const status = runBin(['status', '--db', db, '--json'])
    expect(status.code, status.stderr).toBe(0)
    const s = JSON.parse(status.stdout.toString('utf8')) as { meterPoints: unknown; devices: unknown; pending: number; appliedEvents: number }
    expect(s.meterPoints).toEqual({ electricity: { A: pairs }, gas: {} })
    expect(s.devices).toEqual({ ESME: { Commissioned: pairs } })
    expect(s.pending).toBe(0)
    expect(s.appliedEvents).toBe(0)
    const apply = runBin(['apply', '--db', db, '--events', lastEvent()])
    expect(apply.code, apply.stderr).toBe(0)
    const out = JSON.parse(apply.stdout.toString('utf8')) as { changes: unknown[]; rejected: unknown[] }
    expect(out).toEqual({ changes: [lastChange()], rejected: [] })
  })
})
