// The native driver stays at the edge: importing the package root (ESM or CJS) never loads
// better-sqlite3, nor does importing `dcc-service-flags/sqlite` until a database is opened; and when
// it is not installed, the commands say how to install it (exit 1, no stack trace).
import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { ROOT, runBin, tmpDir } from './support'

const hook = path.join(__dirname, 'fixtures', 'no-sqlite.mjs')
const node = (args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ['--import', hook, ...args], { cwd: ROOT, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('better-sqlite3 is loaded only when a database is opened', () => {
  it('the package root, ESM and CJS, never asks for it', () => {
    for (const script of [
      `import('${ROOT}/dist/index.js').then((m) => console.log(typeof m.State.fromInventory))`,
      `console.log(typeof require('${ROOT}/dist/index.cjs').State.fromInventory)`,
    ]) {
      const r = node(['-e', script])
      expect(r.stderr).not.toMatch(/better-sqlite3 requested/)
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout.trim()).toBe('function')
    }
  })

  it('the sqlite entry point loads without it and reports it missing on open, ESM and CJS', () => {
    const dir = tmpDir('sqlite-driver')
    try {
      const file = path.join(dir, 'x.db')
      fs.writeFileSync(file, '')
      for (const [load, ext] of [['import', 'js'], ['require', 'cjs']] as const) {
        const entry = `${ROOT}/dist/sqlite.${ext}`
        const script = load === 'import'
          ? `import('${entry}').then(async (m) => { const r = await m.Database.open('${file}'); console.log(r.left.code + ': ' + r.left.message) })`
          : `const m = require('${entry}'); m.Database.open('${file}').then((r) => console.log(r.left.code + ': ' + r.left.message))`
        const r = node(['-e', script])
        expect(r.code, r.stderr).toBe(0)
        expect(r.stdout).toMatch(/^driver_missing: .*npm install better-sqlite3@12/)
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a database command without the driver: exit 1 and how to install it', () => {
    const dir = tmpDir('sqlite-driver')
    try {
      const file = path.join(dir, 'x.db')
      fs.writeFileSync(file, '')
      const r = spawnSync(process.execPath, ['--import', hook, path.join(ROOT, 'dist/cli.js'), 'status', '--db', file], { cwd: ROOT, encoding: 'utf8' })
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/npm install better-sqlite3@12/)
      expect(r.stderr).not.toMatch(/\n\s+at /)
      // the stateless commands never need it
      expect(spawnSync(process.execPath, ['--import', hook, path.join(ROOT, 'dist/cli.js'), '--version'], { encoding: 'utf8' }).status).toBe(0)
      expect(runBin(['--version']).code).toBe(0)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
