// The built package as a TypeScript user compiles against it: a small consumer project is
// type-checked under each module resolution users have (NodeNext, Node16, Bundler), as an ES module
// and as CommonJS, importing the core, the Node edge, the compiler and the state database (its types:
// better-sqlite3 is an optional peer the consumer has not installed). Declarations that import a
// package subpath (`fp-ts/lib/…`) fail under NodeNext with TS2307: checked here, and in npm test by
// a scan of every .d.ts (test/dist/declarations.test.ts).
import { beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ROOT, tmpDir } from '../cli/bin'

const DIST = path.join(ROOT, 'dist')
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc')

// Uses a value and a type from each entry point, and fp-ts on a result, as a user would.
const CONSUMER = `import { D0350, Model, State } from 'dcc-service-flags'
import { readState, StagedFiles } from 'dcc-service-flags/node'
import { compiler } from 'dcc-service-flags/compile'
import type { DbError, Status } from 'dcc-service-flags/sqlite'
import { either as E } from 'fp-ts'

const decoded = D0350.decode(new Uint8Array(0))
export const firstCode: string | null = E.isLeft(decoded) ? decoded.left[0].code : null
export const flagOf = (s: State.State): Model.MeterPointRecord['flag'] | undefined => State.meterPoint(s, '1200023305967')?.flag
export const load = async (bytes: Uint8Array): Promise<boolean> => (await readState([bytes], { file: 'inv.json' })).report.valid
export const staging: string = StagedFiles.STAGING
export const tag: 'ReaderCompiler' = compiler._tag
export const problem = (e: DbError.DbError): string => \`\${e.code}: \${e.message}\`
export const pendingOf = (s: Status.Status): number => s.pending
`

const SETUPS = [
  { name: 'NodeNext, ESM', module: 'NodeNext', resolution: 'NodeNext', type: 'module' },
  { name: 'NodeNext, CommonJS', module: 'NodeNext', resolution: 'NodeNext', type: 'commonjs' },
  { name: 'Node16, ESM', module: 'Node16', resolution: 'Node16', type: 'module' },
  { name: 'Node16, CommonJS', module: 'Node16', resolution: 'Node16', type: 'commonjs' },
  { name: 'Bundler, ESM', module: 'ESNext', resolution: 'Bundler', type: 'module' },
  { name: 'Bundler, CommonJS package', module: 'ESNext', resolution: 'Bundler', type: 'commonjs' },
] as const

const tsc = (cwd: string): Promise<{ code: number | null; out: string }> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, [TSC, '-p', cwd], { cwd })
    let out = ''
    p.stdout.on('data', (d: Buffer) => (out += d.toString()))
    p.stderr.on('data', (d: Buffer) => (out += d.toString()))
    p.on('close', (code) => resolve({ code, out }))
  })

let work: string
beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'index.d.ts'))) throw new Error('dist/ is missing: run npm run build (npm test does it first)')
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('consumers')
})

const project = (setup: (typeof SETUPS)[number]): string => {
  const dir = path.join(work, setup.name.replace(/[^A-Za-z0-9]+/g, '-'))
  const modules = path.join(dir, 'node_modules')
  fs.mkdirSync(modules, { recursive: true })
  // The package as installed (its own folder, by a link), and the peers a user installs next to it.
  fs.symlinkSync(ROOT, path.join(modules, 'dcc-service-flags'), 'dir')
  for (const peer of ['fp-ts', 'io-ts']) fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(modules, peer), 'dir')
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: setup.type }))
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    // skipLibCheck off: an unresolved import inside our declarations (TS2307) is reported only then.
    compilerOptions: { module: setup.module, moduleResolution: setup.resolution, target: 'ES2022', lib: ['ES2022'], strict: true, noEmit: true, types: [], skipLibCheck: false },
    files: ['consumer.ts'],
  }))
  fs.writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER)
  return dir
}

describe('a consumer project type-checks against dist/', () => {
  it('under NodeNext, Node16 and Bundler, as ESM and as CommonJS', { timeout: 240_000 }, async () => {
    // Two compilers at a time (this machine has two cores).
    const results: Array<{ name: string; code: number | null; out: string }> = []
    for (let i = 0; i < SETUPS.length; i += 2) {
      results.push(...(await Promise.all(SETUPS.slice(i, i + 2).map(async (s) => ({ name: s.name, ...(await tsc(project(s))) })))))
    }
    for (const r of results) expect(`${r.name}: ${r.out}`.trim(), r.name).toBe(`${r.name}:`)
    for (const r of results) expect(r.code, r.name).toBe(0)
  })
})
