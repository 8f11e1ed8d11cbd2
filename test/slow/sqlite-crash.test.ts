// notify --db killed everywhere (slow: npm run test:slow). After each kill, a run with the same --now
// leaves the output folder byte for byte as an uninterrupted run left it, nothing else in it, each
// notification recorded exactly once:
// - a child that sends itself SIGKILL right after every step of the protocol, at every file;
// - the real command (the built bin) killed by the test at random instants of its run.
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { BIN, tmpDir } from '../sqlite/support'
import { harness, killPoints, NOW, recorded, runInProcess, snapshot, type Harness } from '../sqlite/crashHarness'

let h: Harness
beforeAll(async () => {
  h = await harness(tmpDir('slow-sqlite-crash'))
}, 120_000)
afterAll(() => fs.rmSync(h.dir, { recursive: true, force: true }))

const check = async (db: string, out: string, what: string): Promise<void> => {
  await runInProcess(db, out)
  expect(snapshot(out), what).toEqual(h.reference.files)
  expect(await recorded(db), what).toEqual(h.reference.recorded)
  expect((await runInProcess(db, out)).files, what).toEqual([])
}

describe('notify --db killed, then run again', () => {
  it('after every step, at every file', async () => {
    let n = 0
    for (const [step, index] of killPoints(h.fileCount)) {
      const db = h.copyDb(`step-${++n}.db`)
      const out = path.join(h.dir, `step-out-${n}`)
      const r = spawnSync(process.execPath, [h.child, db, out, NOW, step, index], { encoding: 'utf8' })
      expect(r.signal, `${step} ${index}: ${r.stderr}`).toBe('SIGKILL')
      await check(db, out, `killed after ${step} ${index}`)
    }
  })

  it('the built command, killed at random instants of its run', async () => {
    if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: npm run test:slow builds first`)
    // how long an uninterrupted run takes, start to end, on this machine now
    const timed = h.copyDb('timed.db')
    const t0 = performance.now()
    const plain = spawnSync(process.execPath, [BIN, 'notify', '--db', timed, '--out', path.join(h.dir, 'timed-out'), '--now', NOW])
    const runMs = performance.now() - t0
    expect(plain.status).toBe(0)
    let seed = 7
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    let killedMidRun = 0
    for (let n = 0; n < 40; n++) {
      const db = h.copyDb(`timing-${n}.db`)
      const out = path.join(h.dir, `timing-out-${n}`)
      const delay = Math.round(runMs * (0.3 + 0.8 * random()))
      const code = await new Promise<number | null>((resolve) => {
        const c = spawn(process.execPath, [BIN, 'notify', '--db', db, '--out', out, '--now', NOW], { stdio: 'ignore' })
        const timer = setTimeout(() => c.kill('SIGKILL'), delay)
        c.on('exit', (status) => {
          clearTimeout(timer)
          resolve(status)
        })
      })
      if (code === null) killedMidRun++
      await check(db, out, `killed after ${delay} ms (exit ${String(code)})`)
    }
    // the instants must fall inside runs, not only before or after them
    expect(killedMidRun).toBeGreaterThan(10)
  })
})
