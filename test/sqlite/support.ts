// Helpers for the state database tests: a database made from an inventory value (through the same
// loader `init` uses), and a temporary folder per test file.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { either as E } from 'fp-ts'
import * as Model from '../../src/engine/Model'
import { Database, Init, type Settings } from '../../src/sqlite'

export const ROOT = path.resolve(__dirname, '../..')

export const tmpDir = (label: string): string => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  return fs.mkdtempSync(path.join(ROOT, '.tmp', `${label}-`))
}

let count = 0
export const freshFile = (dir: string, name = 'state'): string => path.join(dir, `${name}-${++count}.db`)

export const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected right, got ${JSON.stringify(e.left)}`)
  return e.right
}

/** A database at `file` holding a decoded inventory (the loader `init` uses). */
export const createFrom = async (
  file: string,
  inventory: unknown,
  options: { settings?: Settings.Settings; counters?: Settings.Counters } = {},
): Promise<Database.StateDb> => {
  const inv = right(Model.decodeInventory(inventory))
  const loader = right(await Init.create(file, options))
  for (const mp of inv.meterPoints) loader.meterPoint(mp)
  for (const d of inv.devices) loader.device(d)
  right(loader.finish())
  return right(await Database.open(file))
}

export const BIN = path.join(ROOT, 'dist/cli.js')

/** Runs the BUILT bin (npm test builds first), from `cwd` (default the project), with extra environment variables when given. */
export const runBin = (args: ReadonlyArray<string>, opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}) => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does it first)`)
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, input: opts.input, maxBuffer: 1 << 28, env: { ...process.env, ...opts.env } })
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.toString('utf8') }
}
