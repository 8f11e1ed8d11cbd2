// Helpers for the state database tests: a database made from an inventory value (through the same
// loader `init` uses), and a temporary folder per test file.
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
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

/**
 * Runs the BUILT bin (npm test builds first), from `cwd` (default the project), with extra environment
 * variables when given. `fileModesBindRoot`: under root, the command runs without the capabilities
 * that let root ignore a file's mode (util-linux `setpriv` drops CAP_DAC_OVERRIDE,
 * CAP_DAC_READ_SEARCH and CAP_FOWNER), so that, as for any other user, the mode decides.
 */
export const runBin = (
  args: ReadonlyArray<string>,
  opts: { env?: Record<string, string>; input?: string; cwd?: string; fileModesBindRoot?: boolean } = {},
) => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does it first)`)
  const asRoot = opts.fileModesBindRoot === true && process.getuid?.() === 0
  const [command, ...rest] = [...(asRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'] : []), process.execPath, BIN, ...args]
  const r = spawnSync(command!, rest, {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    maxBuffer: 1 << 28,
    env: { ...process.env, ...opts.env },
  })
  if (r.error !== undefined) throw r.error
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.toString('utf8') }
}

const UNSHARE = ['--user', '--map-root-user', '--mount']

/** True when this system lets a process mount a tmpfs in a user and mount namespace of its own (util-linux `unshare`; no privileges needed where unprivileged user namespaces are allowed). */
export const canMountPrivateDisk = (): boolean => {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'dcc-flags-probe-'))
  try {
    return spawnSync('unshare', [...UNSHARE, 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', probe]).status === 0
  } finally {
    fs.rmSync(probe, { recursive: true, force: true })
  }
}

/**
 * Runs the BUILT bin with the database `db` on a disk of its own that has `spare` bytes free: in a
 * private user and mount namespace (`unshare`), a tmpfs the size of the database plus `spare` is
 * mounted, the database copied onto it, the command (`args`, given the database's path there) run,
 * and the database copied back over `db` (with its write-ahead log, when one is left).
 */
export const runBinOnSmallDisk = (db: string, spare: number, args: (dbOnDisk: string) => ReadonlyArray<string>) => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build (npm test does it first)`)
  const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'dcc-flags-disk-'))
  const size = Math.ceil((fs.statSync(db).size + spare) / 4096) * 4096
  const script = [
    'set -e',
    'mount -t tmpfs -o size="$SIZE" tmpfs "$DISK"',
    'cp "$DB" "$DISK/state.db"',
    'set +e',
    '"$@"',
    'code=$?',
    'rm -f "$DB-wal"',
    'cp "$DISK/state.db" "$DB"',
    'if [ -e "$DISK/state.db-wal" ]; then cp "$DISK/state.db-wal" "$DB-wal"; fi',
    'exit $code',
  ].join('\n')
  try {
    const r = spawnSync('unshare', [...UNSHARE, 'sh', '-c', script, 'sh', process.execPath, BIN, ...args(path.join(disk, 'state.db'))], {
      cwd: ROOT,
      maxBuffer: 1 << 28,
      env: { ...process.env, SIZE: String(size), DISK: disk, DB: db },
    })
    if (r.error !== undefined) throw r.error
    return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.toString('utf8') }
  } finally {
    fs.rmSync(disk, { recursive: true, force: true })
  }
}
