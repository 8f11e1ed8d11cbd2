// `dcc-flags demo` through the built bin, run from a temporary folder as a user would: the daily
// cycle on the state database (init, three days of apply + notify, an E46 answer with one RJ,
// respond, release, the next notify, explain), then the month's checks; deterministic, and it
// refuses someone else's folder.
import { beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import { nodeIo, type Io } from '../../src/cli/Io'
import { demo, isDemoFile, locateSampleData } from '../../src/cli/commands/demo'
import { ROOT, runBin, tmpDir } from './support'

interface Manifest {
  planted: unknown[]
  registryPlanted: Array<{ kind: string }>
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/data/manifest.json'), 'utf8')) as Manifest

let cwd: string
let first: ReturnType<typeof runBin>
beforeAll(() => {
  cwd = tmpDir('demo')
  first = runBin(['demo'], { cwd })
}, 120_000)

const outDir = (): string => path.join(cwd, 'dcc-flags-demo')
const registryFiles = (dir: string): string[] => fs.readdirSync(dir).filter((f) => /^(D0350_[A-Z]{4}_\d{10}|DXI_\d{10})\.txt$/.test(f)).sort()
/** Everything the demo writes but the database (which records when each run happened). */
const readAll = (dir: string): Record<string, Buffer> =>
  Object.fromEntries(fs.readdirSync(dir).filter((f) => !f.startsWith('state.db')).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]))

describe('demo from a new folder, without --out', () => {
  it('exits 0, shows each command of the cycle and what it did, nothing on stderr (not a terminal: no progress)', () => {
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const text = first.stdout.toString('utf8')
    for (const cmd of ['init --db', 'apply --db', 'notify --db', 'respond --db', 'release --db', 'explain --db']) {
      expect(text).toMatch(new RegExp(`^ {3}\\$ dcc-flags ${cmd}`, 'm'))
    }
    expect(text.match(/^\d+\. Day \d{4}-\d{2}-\d{2}: apply/gm)).toHaveLength(3)
    expect(text).toMatch(/1 held \(\d+ [AIN] from \d{8}\)/)
    expect(text).toMatch(/only the released meter point is sent: ok/)
    expect(text).toMatch(/E46 RJ for .* held/)
    expect(text).toMatch(/released the hold on/)
    expect(text).toMatch(/^Done: every check passed\./m)
    expect(text).not.toContain('FAILED')
    expect(text).toContain(`exactly the ${manifest.planted.length} bad lines planted`)
  })

  it("a killed demo's leftovers (staged files, a partial write) are the demo's own: the next run replaces them", () => {
    expect(isDemoFile('.dcc-flags-staging')).toBe(true)
    expect(isDemoFile('.impact.html.dcc-flags-partial')).toBe(true)
    expect(isDemoFile('.notes.txt')).toBe(false)
  })

  it('leaves the database, the registry files as listed, the E46 answer, the day files and impact.html — nothing else', () => {
    const all = fs.readdirSync(outDir())
    expect(all.filter((f) => !isDemoFile(f))).toEqual([])
    expect(all).toContain('state.db')
    expect(all.filter((f) => f.startsWith('state.db-') || f.startsWith('.'))).toEqual([])
    expect(all).toContain('E46_0000000001.txt')
    expect(all).toContain('impact.html')
    const text = first.stdout.toString('utf8')
    const files = registryFiles(outDir())
    expect(files.filter((f) => f.startsWith('DXI_'))).toEqual(['DXI_0000000001.txt', 'DXI_0000000002.txt', 'DXI_0000000003.txt', 'DXI_0000000004.txt', 'DXI_0000000005.txt'])
    for (const f of files) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(outDir(), f)))
      const decoded: E.Either<unknown, { readonly header: unknown; readonly records: ReadonlyArray<unknown> }> = f.startsWith('D0350') ? D0350.decode(bytes) : Dxi.decode(bytes)
      expect(E.isRight(decoded), f).toBe(true)
      if (E.isLeft(decoded)) continue
      const n = decoded.right.records.length
      expect(text).toMatch(new RegExp(`^ {5}${f} +${n.toLocaleString('en-GB')} records?$`, 'm'))
      if (f.startsWith('D0350')) expect((decoded.right.header as D0350.ZhvHeader).toParticipant).toBe(f.slice(6, 10))
    }
    expect(fs.readFileSync(path.join(outDir(), 'impact.html'), 'utf8')).not.toMatch(/<script|https?:\/\//i)
  })

  it('reports the reconciliation by kind against the planted counts', () => {
    const text = first.stdout.toString('utf8')
    for (const kind of ['missing_at_registry', 'flag_mismatch', 'date_mismatch', 'unknown_meter_point']) {
      const planted = manifest.registryPlanted.filter((p) => p.kind === kind).length
      expect(text).toMatch(new RegExp(`^ {3}${kind} +${planted} +${planted} +ok$`, 'm'))
    }
  })

  it('the database it leaves answers status', () => {
    const r = runBin(['status', '--db', path.join(outDir(), 'state.db'), '--json'])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.stdout.toString('utf8')) as { held: number; pending: number; counters: { nextGeneration: number } }
    expect(s).toMatchObject({ held: 0, pending: 0, counters: { nextGeneration: 6 } })
  })
})

describe('demo runs again', () => {
  it('into its own folder: the same files and the same text (deterministic)', () => {
    const before = readAll(outDir())
    const again = runBin(['demo'], { cwd })
    expect(again.code, again.stderr).toBe(0)
    expect(again.stdout.toString('utf8')).toBe(first.stdout.toString('utf8'))
    expect(readAll(outDir())).toEqual(before)
  })
})

describe('demo refuses', () => {
  it('a non-empty folder that is not a demo folder: exit 1, named, left untouched', () => {
    const theirs = path.join(cwd, 'theirs')
    fs.mkdirSync(theirs)
    fs.writeFileSync(path.join(theirs, 'notes.txt'), 'keep me')
    const r = runBin(['demo', '--out', theirs], { cwd })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('notes.txt')
    expect(r.stdout.length).toBe(0)
    expect(fs.readdirSync(theirs)).toEqual(['notes.txt'])
  })

  it('a file given as --out (exit 1), and unknown options or arguments (exit 2)', () => {
    const file = path.join(cwd, 'a-file')
    fs.writeFileSync(file, 'x')
    expect(runBin(['demo', '--out', file], { cwd }).code).toBe(1)
    expect(runBin(['demo', '--now', '20240101000000'], { cwd }).code).toBe(2)
    expect(runBin(['demo', 'extra'], { cwd }).code).toBe(2)
  })
})

describe('demo progress', () => {
  // In-process, with a clock that runs 0.6 s per reading: progress needs a terminal and a second.
  const run = async (tty: boolean): Promise<{ code: number; stderr: string }> => {
    let ms = 0
    let stderr = ''
    const io: Io = { ...nodeIo(), stdout: () => {}, stderr: (s) => { stderr += s }, stderrIsTty: tty, monotonicMs: () => (ms += 600) }
    const code = await demo.run(['--out', path.join(cwd, tty ? 'tty' : 'pipe')], io)
    return { code, stderr }
  }

  it('finds the sample data from the sources too', () => {
    expect(locateSampleData()).toBe(path.join(ROOT, 'examples', 'data'))
  })

  // (never otherwise: the first run above, not on a terminal, printed nothing on stderr)
  it('shows progress on a terminal when a step runs over a second', async () => {
    const tty = await run(true)
    expect(tty.code).toBe(0)
    expect(tty.stderr).toMatch(/\rimpact \(mp077\): lines: [\d,]+/)
  })
})
