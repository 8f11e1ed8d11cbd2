// The barrel must export every public module (as gcanti/fp-ts's test/index.ts does): a module added to
// src/ but forgotten in src/index.ts fails here. A module whose header says `@internal` must not be.
import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'

const SRC = path.resolve(__dirname, '../src')
const PRIVATE = new Set(['index.ts'])
const PRIVATE_DIRS = new Set(['cli'])

const modules = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return PRIVATE_DIRS.has(e.name) ? [] : modules(full)
    return e.name.endsWith('.ts') && !PRIVATE.has(e.name) ? [full] : []
  })

describe('src/index.ts', () => {
  const index = fs.readFileSync(path.join(SRC, 'index.ts'), 'latin1')
  const files = modules(SRC)
  it('finds modules to check', () => {
    expect(files.length).toBeGreaterThan(5)
  })
  const isInternal = (f: string): boolean => (/^\/\*\*[\s\S]*?\*\//.exec(fs.readFileSync(f, 'latin1'))?.[0] ?? '').includes('@internal')
  it.each(files.map((f) => [path.relative(SRC, f), isInternal(f)] as const))('exports %s (internal: %s)', (rel, internal) => {
    const spec = './' + rel.replace(/\\/g, '/').replace(/\.ts$/, '')
    if (internal) expect(index).not.toContain(`from '${spec}'`)
    else expect(index).toContain(`from '${spec}'`)
  })
  it('loads and every namespace export is an object', async () => {
    const lib: Record<string, unknown> = await import('../src/index')
    for (const [name, value] of Object.entries(lib)) expect(typeof value, name).toBe('object')
  })
})
