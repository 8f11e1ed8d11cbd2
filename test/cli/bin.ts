// Running `dcc-flags` in tests: `runBin` runs the BUILT bin (dist/cli.js) as a user would (`npm test`
// builds first, in pretest); `runCli` runs the same command line in-process against the sources,
// with the same result shape, for the many cases where starting a process would only add time.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { run } from '../../src/cli/main'
import { nodeIo, type Io } from '../../src/cli/Io'

export const ROOT = path.resolve(__dirname, '../..')
export const BIN = path.join(ROOT, 'dist/cli.js')
export const FIXTURES = path.join(ROOT, 'test/fixtures')

export interface BinResult {
  readonly code: number | null
  readonly stdout: Buffer
  readonly stderr: string
}

export const runBin = (args: ReadonlyArray<string>, opts: { input?: Uint8Array | string; cwd?: string } = {}): BinResult => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does it first)`)
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, input: opts.input, maxBuffer: 1 << 28 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('latin1') }
}

/** The command line in-process: files from the real disk (relative to ROOT), standard input from `input`. */
export const runCli = async (args: ReadonlyArray<string>, opts: { input?: Uint8Array | string } = {}): Promise<BinResult> => {
  const out: Buffer[] = []
  const err: string[] = []
  const real = nodeIo()
  const stdin = opts.input === undefined ? new Uint8Array(0) : typeof opts.input === 'string' ? Buffer.from(opts.input, 'utf8') : opts.input
  const io: Io = {
    ...real,
    stdout: (s) => {
      out.push(typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s))
    },
    flush: async () => undefined,
    stderr: (s) => {
      err.push(s)
    },
    readBytes: (file) => (file === '-' ? Promise.resolve(stdin) : real.readBytes(path.resolve(ROOT, file))),
    readStream: (file) => (file === '-' ? (async function* () { yield stdin })() : real.readStream(path.resolve(ROOT, file))),
    stderrIsTty: false,
  }
  const code = await run(args, io)
  return { code, stdout: Buffer.concat(out), stderr: err.join('') }
}

export const tmpDir = (label: string): string => fs.mkdtempSync(path.join(ROOT, '.tmp', `${label}-`))
