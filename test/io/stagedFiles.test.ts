// Staged writes: a run's files appear all together or not at all. A run killed (SIGKILL) after
// each step of the protocol, in turn, leaves a folder that recover() turns into all of the run's
// files or none, byte for byte; an existing name refuses the run with nothing written.
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { COMMITTED, STAGING, discard, finish, listStaged, recover, stage, writeRun } from '../../src/io/StagedFiles'
import { ROOT, tmpDir } from '../cli/bin'

let work: string
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('io-staged')
})
let n = 0
const fresh = (): string => path.join(work, `dir-${++n}`)
const FILES = 4
const expected = (runId: string): Map<string, string> =>
  new Map(Array.from({ length: FILES }, (_, i) => [`F_${String(i).padStart(3, '0')}.txt`, `file ${i} of run ${runId}\n`.repeat(i + 1)]))
const visible = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f !== STAGING).sort() : [])

const child = (dir: string, runId: string, killAt: number) =>
  spawnSync(process.execPath, [path.join(__dirname, 'stage-child.mjs'), dir, runId, String(FILES), String(killAt)], { cwd: ROOT, encoding: 'utf8' })

describe('a writer\'s own runs (prefix)', () => {
  it('listStaged and recover with a prefix see only the runs whose id starts with it; the others stay', () => {
    const dir = fresh()
    stage(dir, 'mine-1', [{ name: 'a.txt', bytes: Buffer.from('A') }])
    stage(dir, 'theirs-1', [{ name: 'b.txt', bytes: Buffer.from('B') }])
    expect(listStaged(dir, 'mine-').map((r) => r.runId)).toEqual(['mine-1'])
    expect(recover(dir, 'mine-').discarded.map((r) => r.runId)).toEqual(['mine-1'])
    expect(listStaged(dir).map((r) => r.runId)).toEqual(['theirs-1'])
  })
})

describe('writeRun', () => {
  it('writes every file, leaves nothing else (no staging folder, hidden or not)', () => {
    const dir = fresh()
    const r = writeRun(dir, 'run-1', [{ name: 'a.txt', bytes: Buffer.from('A') }, { name: 'b.txt', bytes: Buffer.from('B') }])
    expect(r).toEqual({ _tag: 'Written', names: ['a.txt', 'b.txt'] })
    expect(fs.readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt'])
    expect(fs.readFileSync(path.join(dir, 'b.txt'), 'latin1')).toBe('B')
  })

  it('refuses when a name exists: a Conflict naming it, nothing written, the existing file untouched', () => {
    const dir = fresh()
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'b.txt'), 'sent')
    const r = writeRun(dir, 'run-1', [{ name: 'a.txt', bytes: Buffer.from('A') }, { name: 'b.txt', bytes: Buffer.from('B') }])
    expect(r).toEqual({ _tag: 'Conflict', existing: ['b.txt'] })
    expect(fs.readdirSync(dir)).toEqual(['b.txt'])
    expect(fs.readFileSync(path.join(dir, 'b.txt'), 'latin1')).toBe('sent')
  })

  it('a bad run id or file name is a programmer error', () => {
    expect(() => writeRun(fresh(), '../x', [])).toThrow(/run id/)
    expect(() => writeRun(fresh(), 'r', [{ name: 'a/b', bytes: new Uint8Array() }])).toThrow(/file name/)
    expect(() => writeRun(fresh(), 'r', [{ name: 'a', bytes: new Uint8Array() }, { name: 'a', bytes: new Uint8Array() }])).toThrow(/twice/)
  })
})

describe('a run killed after each step', () => {
  // Steps: FILES staged-file, committed, FILES moved-file, cleaned.
  const steps = 2 * FILES + 2
  it.each(Array.from({ length: steps }, (_, k) => k))('killed after step %i: recover() leaves all of its files or none', (k) => {
    const dir = fresh()
    const r = child(dir, 'run-k', k)
    expect(r.signal).toBe('SIGKILL')
    const before = visible(dir)
    const staged = listStaged(dir)
    const committed = k >= FILES
    // Before recovery: nothing visible unless the run had committed.
    if (!committed) expect(before).toEqual([])
    expect(staged.map((s) => s.committed)).toEqual(k === steps - 1 ? [] : [committed])
    const { finished, discarded } = recover(dir)
    expect(finished.length + discarded.length).toBe(staged.length)
    const want = expected('run-k')
    const after = visible(dir)
    if (committed) {
      expect(after).toEqual([...want.keys()])
      for (const [name, text] of want) expect(fs.readFileSync(path.join(dir, name), 'latin1')).toBe(text)
    } else expect(after).toEqual([])
    expect(fs.existsSync(path.join(dir, STAGING))).toBe(false)
    // A second recovery has nothing left to do.
    expect(recover(dir)).toEqual({ finished: [], discarded: [] })
  })

  it('an uninterrupted child run: all files, exit 0', () => {
    const dir = fresh()
    const r = child(dir, 'run-ok', -1)
    expect(r.status).toBe(0)
    expect(r.stdout.trim().split('\n').pop()).toBe('Written')
    expect(visible(dir)).toEqual([...expected('run-ok').keys()])
  })
})

describe('listStaged, finish, discard', () => {
  it('lists a committed run by its marker and an uncommitted one by its staged files; finish and discard refuse the other kind', () => {
    const dir = fresh()
    child(dir, 'a-committed', FILES) // killed right after the commit
    child(dir, 'b-staging', 1) // killed after two staged files
    const runs = listStaged(dir)
    expect(runs.map((r) => [r.runId, r.committed, r.names.length])).toEqual([['a-committed', true, FILES], ['b-staging', false, 2]])
    expect(() => finish(runs[1]!)).toThrow(/not committed/)
    expect(() => discard(runs[0]!)).toThrow(/committed/)
    expect(fs.existsSync(path.join(dir, STAGING, 'a-committed', COMMITTED))).toBe(true)
    discard(runs[1]!)
    finish(runs[0]!)
    expect(visible(dir)).toEqual([...expected('a-committed').keys()])
    expect(listStaged(dir)).toEqual([])
  })
})
