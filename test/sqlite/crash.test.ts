// notify --db killed at every step of its protocol (a child process that sends itself SIGKILL right
// after the step: no cleanup runs), then run again with the same --now: the output folder must hold
// exactly the files of an uninterrupted run, byte for byte and nothing else, every notification
// recorded exactly once, the counters as after one run, and a further run must find nothing to send.
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { build } from 'esbuild'
import { either as E } from 'fp-ts'
import { Apply, Database, Notify } from '../../src/sqlite'
import * as Model from '../../src/engine/Model'
import { createFrom, right, tmpDir } from './support'
import { crashInventory, crashEvents } from './crashFixture'

const NOW = '20240402060000'
let dir: string
let child: string
let template: string

/** Every file under a folder (hidden ones too) with its bytes, by relative path. */
const snapshot = (root: string): Record<string, string> => {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) {
        out[path.relative(root, p) + '/'] = ''
        walk(p)
      } else out[path.relative(root, p)] = fs.readFileSync(p).toString('latin1')
    }
  }
  walk(root)
  return out
}

const copyDb = (to: string): string => {
  fs.copyFileSync(template, to)
  return to
}

/** What the database says was sent: meter point → how many times, and the counters. */
const recorded = async (file: string) => {
  const db = right(await Database.open(file, { readonly: true }))
  try {
    const rows = db.connection.prepare('SELECT mp, count(*) FROM notification GROUP BY mp').raw(true).all() as Array<[number, number]>
    const sent = db.connection.prepare('SELECT count(*) FROM notification').pluck(true).get() as number
    return { perMeterPoint: new Set(rows.map(([, n]) => n)), sent, counters: Database.counters(db), unplaced: db.connection.prepare('SELECT count(*) FROM file WHERE placed = 0').pluck(true).get() }
  } finally {
    Database.close(db)
  }
}

const runInProcess = async (file: string, out: string) => {
  const db = right(await Database.open(file))
  try {
    return right(await Notify.notify(db, { out, now: NOW }))
  } finally {
    Database.close(db)
  }
}

let reference: { files: Record<string, string>; recorded: Awaited<ReturnType<typeof recorded>> }
let fileCount = 0

beforeAll(async () => {
  dir = tmpDir('sqlite-crash')
  child = path.join(dir, 'notify-child.mjs')
  await build({ entryPoints: [path.join(__dirname, 'notify-child.ts')], outfile: child, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
  template = path.join(dir, 'template.db')
  const db = await createFrom(template, crashInventory, { settings: { policy: 'mp077', switches: { electricity: true, gas: true }, routes: {}, gasOrganisationId: '1234567890' } })
  const items = crashEvents.map((e, i) => Model.parseEventLine(JSON.stringify(e), i + 1))
  right(await Apply.apply(db, items))
  Database.close(db)
  const out = path.join(dir, 'reference')
  const r = await runInProcess(copyDb(path.join(dir, 'reference.db')), out)
  fileCount = r.files.length
  reference = { files: snapshot(out), recorded: await recorded(path.join(dir, 'reference.db')) }
}, 60_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('notify --db killed at each step, then run again', () => {
  it('the reference run writes several files of both kinds and leaves nothing else', () => {
    const names = Object.keys(reference.files)
    expect(fileCount).toBeGreaterThanOrEqual(3)
    expect(names.some((n) => n.startsWith('D0350_'))).toBe(true)
    expect(names.some((n) => n.startsWith('DXI_'))).toBe(true)
    expect(names.every((n) => /^(D0350_[A-Z0-9]{4}_[0-9]{10}|DXI_[0-9]{10})\.txt$/.test(n))).toBe(true)
    expect(reference.recorded.perMeterPoint).toEqual(new Set([1]))
    expect(reference.recorded.unplaced).toBe(0)
  })

  const points = (): Array<[string, string]> => [
    ['recovered', '-'],
    ['planned', '-'],
    ...Array.from({ length: fileCount }, (_, i): [string, string] => ['staged-file', String(i)]),
    ['staged', '-'],
    ['committed', '-'],
    ...Array.from({ length: fileCount }, (_, i): [string, string] => ['moved-file', String(i)]),
    ['cleaned', '-'],
    ['marked', '-'],
  ]

  // every step with every file in `npm run test:slow`; here each step, at its first and last file
  const SLOW = process.env['DCC_FLAGS_SLOW'] === '1'
  const chosen = (): Array<[string, string]> =>
    SLOW ? points() : points().filter(([, i]) => i === '-' || i === '0' || i === String(fileCount - 1))

  it(SLOW ? 'at every step and file' : 'at every step (first and last file)', async () => {
    let n = 0
    for (const [step, index] of chosen()) {
      const db = copyDb(path.join(dir, `kill-${++n}.db`))
      const out = path.join(dir, `out-${n}`)
      const r = spawnSync(process.execPath, [child, db, out, NOW, step, index], { encoding: 'utf8' })
      expect(r.signal, `${step} ${index}: ${r.stderr}`).toBe('SIGKILL')
      await runInProcess(db, out)
      expect(snapshot(out), `killed after ${step} ${index}`).toEqual(reference.files)
      const rec = await recorded(db)
      expect(rec, `killed after ${step} ${index}`).toEqual(reference.recorded)
      // and once more: nothing left to send, nothing changes in the folder
      const again = await runInProcess(db, out)
      expect(again.files).toEqual([])
      expect(snapshot(out)).toEqual(reference.files)
    }
  })
})
