// `notify --inventory` killed (SIGKILL) at moments spread over its run, most near the end where it
// stages and moves its files: DIR never shows some of the run's files without the run having
// committed them, and the same command run again leaves exactly the files of an uninterrupted run,
// byte for byte, and nothing else.
import { beforeAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { BIN, ROOT, tmpDir } from '../cli/bin'
import { StagedFiles } from '../../src/io'

const DATA = path.join(ROOT, 'examples/data')
const args = (out: string): string[] => [
  BIN, 'notify', '--inventory', path.join(DATA, 'inventory.json'), '--events', path.join(DATA, 'events.ndjson'),
  '--out', out, '--now', '20240401060000', '--file-id', '1', '--generation', '1', '--gas-org', '1234567890',
]
const visible = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f !== StagedFiles.STAGING).sort() : [])

let work: string
let reference: Map<string, Buffer>
let runMs: number
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('notify-kill')
  const out = path.join(work, 'reference')
  const start = Date.now()
  const r = spawnSync(process.execPath, args(out), { cwd: ROOT })
  runMs = Date.now() - start
  expect(r.status).toBe(1) // the sample's planted bad event lines
  reference = new Map(visible(out).map((f) => [f, fs.readFileSync(path.join(out, f))]))
  expect(reference.size).toBe(15)
})

const killAfter = (out: string, ms: number): Promise<NodeJS.Signals | null> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, args(out), { cwd: ROOT, stdio: 'ignore' })
    const timer = setTimeout(() => p.kill('SIGKILL'), ms)
    p.on('exit', (_code, signal) => {
      clearTimeout(timer)
      resolve(signal)
    })
  })

describe('notify killed at any moment', () => {
  // Fractions of an uninterrupted run: a few early, most in its last quarter (staging and moving).
  const fractions = [0.2, 0.5, 0.7, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.98, 1.0, 1.02, 1.05]
  it.each(fractions)('killed at %s of a run: all or none, and a rerun completes it byte for byte', async (f) => {
    const out = path.join(work, `killed-${f}`)
    const signal = await killAfter(out, Math.round(runMs * f))
    const seen = visible(out)
    const staged = StagedFiles.listStaged(out)
    // Some of the run's files visible only when the run had committed (the rest are staged, to be moved).
    if (seen.length > 0 && seen.length < reference.size) expect(staged.some((s) => s.committed)).toBe(true)
    if (signal === null) expect(seen).toEqual([...reference.keys()])
    for (const name of seen) expect(fs.readFileSync(path.join(out, name)).equals(reference.get(name)!)).toBe(true)
    // The same command again: exactly the uninterrupted run's files, nothing else (no staging folder).
    const again = spawnSync(process.execPath, args(out), { cwd: ROOT })
    expect(again.status).toBe(1) // the planted bad lines, or a refusal
    // Killed after the run was complete, its files exist: the rerun is refused and writes nothing.
    // Otherwise the rerun finishes (committed) or redoes (not committed) the run.
    const complete = seen.length === reference.size && staged.length === 0
    expect(again.stderr.toString().includes('already holds')).toBe(complete)
    expect(fs.readdirSync(out).sort()).toEqual([...reference.keys()])
    for (const [name, bytes] of reference) expect(fs.readFileSync(path.join(out, name)).equals(bytes)).toBe(true)
  })
})
