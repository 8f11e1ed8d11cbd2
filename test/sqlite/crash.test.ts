// notify --db killed after steps of its protocol (a child process that sends itself SIGKILL right
// after the step: no cleanup runs), then run again with the same --now: the output folder must hold
// exactly the files of an uninterrupted run, byte for byte and nothing else, every notification
// recorded exactly once, the counters as after one run, and a further run must find nothing to send.
// Every step at its first and last file here; every file, and kills at random instants of the real
// command, in `npm run test:slow` (test/slow/sqlite-crash.test.ts).
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { tmpDir } from './support'
import { harness, killPoints, NOW, recorded, runInProcess, snapshot, type Harness } from './crashHarness'

let h: Harness
beforeAll(async () => {
  h = await harness(tmpDir('sqlite-crash'))
}, 60_000)
afterAll(() => fs.rmSync(h.dir, { recursive: true, force: true }))

describe('notify --db killed at each step, then run again', () => {
  it('the reference run writes several files of both kinds and leaves nothing else', () => {
    const names = Object.keys(h.reference.files)
    expect(h.fileCount).toBeGreaterThanOrEqual(3)
    expect(names.some((n) => n.startsWith('D0350_'))).toBe(true)
    expect(names.some((n) => n.startsWith('DXI_'))).toBe(true)
    expect(names.every((n) => /^(D0350_[A-Z0-9]{4}_[0-9]{10}|DXI_[0-9]{10})\.txt$/.test(n))).toBe(true)
    expect(h.reference.recorded.perMeterPoint).toEqual(new Set([1]))
    expect(h.reference.recorded.unplaced).toBe(0)
  })

  it('at every step (first and last file)', async () => {
    let n = 0
    for (const [step, index] of killPoints(h.fileCount).filter(([, i]) => i === '-' || i === '0' || i === String(h.fileCount - 1))) {
      const db = h.copyDb(`kill-${++n}.db`)
      const out = path.join(h.dir, `out-${n}`)
      const r = spawnSync(process.execPath, [h.child, db, out, NOW, step, index], { encoding: 'utf8' })
      expect(r.signal, `${step} ${index}: ${r.stderr}`).toBe('SIGKILL')
      await runInProcess(db, out)
      expect(snapshot(out), `killed after ${step} ${index}`).toEqual(h.reference.files)
      expect(await recorded(db), `killed after ${step} ${index}`).toEqual(h.reference.recorded)
      const again = await runInProcess(db, out)
      expect(again.files).toEqual([])
      expect(snapshot(out)).toEqual(h.reference.files)
    }
  })
})
