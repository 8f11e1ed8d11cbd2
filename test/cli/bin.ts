// Runs the BUILT `dcc-flags` bin (dist/cli.js) as a user would. `npm test` builds first (pretest).
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'

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

export const tmpDir = (label: string): string => fs.mkdtempSync(path.join(ROOT, '.tmp', `${label}-`))
