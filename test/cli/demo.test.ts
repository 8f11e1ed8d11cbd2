// `dcc-flags demo` through the built bin, run from a temporary folder as a user would: it writes the
// registry files and impact.html, prints every step, is deterministic, and refuses someone else's folder.
import { beforeAll, describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import * as D0350 from '../../src/wire/dtc/D0350'
import * as Dxi from '../../src/wire/uklink/Dxi'
import { ROOT, runBin, tmpDir } from './bin'
import { nodeIo, type Io } from '../../src/cli/Io'
import { demo, locateSampleData } from '../../src/cli/commands/demo'

interface Manifest {
  planted: unknown[]
  registryPlanted: Array<{ kind: string }>
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/data/manifest.json'), 'utf8')) as Manifest

let cwd: string
let first: ReturnType<typeof runBin>
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  cwd = tmpDir('cli-demo')
  first = runBin(['demo'], { cwd })
})

const outDir = (): string => path.join(cwd, 'dcc-flags-demo')
const readAll = (dir: string): Record<string, Buffer> => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]))

describe('demo from a new folder, without --out', () => {
  it('exits 0, prints every step, nothing on stderr (not a terminal: no progress)', () => {
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const text = first.stdout.toString('utf8')
    for (const step of ['1. Replay under mp077', '2. Notify', '3. Decode back', '4. Reconcile', '5. Impact of legacySec against mp077']) {
      expect(text).toMatch(new RegExp(`^${step.replace(/\./g, '\\.')}`, 'm'))
    }
    expect(text).toMatch(/^Done: every check passed\./m)
    expect(text).not.toContain('FAILED')
    expect(text).toContain(`exactly the ${manifest.planted.length} bad lines planted`)
  })

  it('writes into ./dcc-flags-demo one D0350 per MPAS, a DXI and impact.html, as listed on stdout', () => {
    const files = fs.readdirSync(outDir()).sort()
    expect(files).toContain('impact.html')
    const registryFiles = files.filter((f) => f !== 'impact.html')
    expect(registryFiles.some((f) => /^D0350_[A-Z]{4}_\d{10}\.txt$/.test(f))).toBe(true)
    expect(registryFiles.some((f) => /^DXI_\d{10}\.txt$/.test(f))).toBe(true)
    const text = first.stdout.toString('utf8')
    let total = 0
    for (const f of registryFiles) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(outDir(), f)))
      const decoded: E.Either<unknown, { readonly header: unknown; readonly records: ReadonlyArray<unknown> }> = f.startsWith('D0350') ? D0350.decode(bytes) : Dxi.decode(bytes)
      expect(E.isRight(decoded)).toBe(true)
      if (E.isLeft(decoded)) continue
      const n = decoded.right.records.length
      total += n
      // The listing on stdout names each file with its record count.
      expect(text).toMatch(new RegExp(`^ {3}${f} +${n.toLocaleString('en-GB')} records?$`, 'm'))
      if (f.startsWith('D0350')) expect((decoded.right.header as D0350.ZhvHeader).toParticipant).toBe(f.slice(6, 10))
    }
    expect(text).toContain(`2. Notify: ${total.toLocaleString('en-GB')} pending flags`)
    expect(fs.readFileSync(path.join(outDir(), 'impact.html'), 'utf8')).not.toMatch(/<script|https?:\/\//i)
  })

  it('reports the reconciliation by kind against the planted counts', () => {
    const text = first.stdout.toString('utf8')
    for (const kind of ['missing_at_registry', 'flag_mismatch', 'date_mismatch', 'unknown_meter_point']) {
      const planted = manifest.registryPlanted.filter((p) => p.kind === kind).length
      expect(text).toMatch(new RegExp(`^ {3}${kind} +${planted} +${planted} +ok$`, 'm'))
    }
  })
})

describe('demo runs again', () => {
  it('into its own folder: same bytes (deterministic), same stdout', () => {
    const before = readAll(outDir())
    const again = runBin(['demo'], { cwd })
    expect(again.code).toBe(0)
    expect(again.stdout.toString('utf8')).toBe(first.stdout.toString('utf8'))
    expect(readAll(outDir())).toEqual(before)
  })

  it('with --out into another folder: the same files', () => {
    const other = path.join(cwd, 'elsewhere')
    const r = runBin(['demo', '--out', other], { cwd })
    expect(r.code).toBe(0)
    expect(readAll(other)).toEqual(readAll(outDir()))
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

  it('shows progress on a terminal when a step runs over a second, and never otherwise', async () => {
    const tty = await run(true)
    expect(tty.code).toBe(0)
    expect(tty.stderr).toMatch(/\rreplay: lines: [\d,]+/)
    const pipe = await run(false)
    expect(pipe.code).toBe(0)
    expect(pipe.stderr).toBe('')
  })
})
