// The barrel must export every public module (as gcanti/fp-ts's test/index.ts does): a module added to
// src/ but forgotten in src/index.ts fails here. A module is exported when the root names it, or when
// an exported module re-exports it whole (`export * from`, as `Model` gathers its parts). A module
// whose header says `@internal` must not be reachable from the root.
import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'

const SRC = path.resolve(__dirname, '../src')
const PRIVATE = new Set(['index.ts', 'node.ts'])
// The command line is no API; the Node edge (src/io) and the state database (src/sqlite) have their
// own entry points, checked below.
const PRIVATE_DIRS = new Set(['cli', 'io', 'sqlite'])

const modules = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return PRIVATE_DIRS.has(e.name) ? [] : modules(full)
    return e.name.endsWith('.ts') && !PRIVATE.has(e.name) ? [full] : []
  })

/** Files re-exported by `file` (`export * as X from './a'`, `export * from './a'`, `export type * as X from`). */
const reExports = (file: string): string[] => {
  const text = fs.readFileSync(file, 'latin1')
  const out: string[] = []
  for (const m of text.matchAll(/^export (?:type )?\* (?:as \w+ )?from '(\.[^']+)'/gm)) out.push(path.resolve(path.dirname(file), m[1]! + '.ts'))
  return out
}

/** Every file reachable from the root barrel through whole re-exports. */
const reachable = (): Set<string> => {
  const seen = new Set<string>()
  const todo = reExports(path.join(SRC, 'index.ts'))
  while (todo.length > 0) {
    const f = todo.pop()!
    if (seen.has(f)) continue
    seen.add(f)
    todo.push(...reExports(f))
  }
  return seen
}

describe('src/index.ts', () => {
  const files = modules(SRC)
  const exported = reachable()
  it('finds modules to check', () => {
    expect(files.length).toBeGreaterThan(5)
    for (const f of exported) expect(fs.existsSync(f), path.relative(SRC, f)).toBe(true)
  })
  const isInternal = (f: string): boolean => (/^\/\*\*[\s\S]*?\*\//.exec(fs.readFileSync(f, 'latin1'))?.[0] ?? '').includes('@internal')
  it.each(files.map((f) => [path.relative(SRC, f), isInternal(f)] as const))('exports %s (internal: %s)', (rel, internal) => {
    expect(exported.has(path.join(SRC, rel))).toBe(!internal)
  })
  it('loads and every namespace export is an object', async () => {
    const lib: Record<string, unknown> = await import('../src/index')
    for (const [name, value] of Object.entries(lib)) expect(typeof value, name).toBe('object')
  })
})

describe('src/io/index.ts (the dcc-service-flags/node entry point)', () => {
  const IO = path.join(SRC, 'io')
  const index = fs.readFileSync(path.join(IO, 'index.ts'), 'latin1')
  const internal = (f: string): boolean => (/^\/\*\*[\s\S]*?\*\//.exec(fs.readFileSync(f, 'latin1'))?.[0] ?? '').includes('@internal')
  const files = fs.readdirSync(IO).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => path.join(IO, f))
  it.each(files.map((f) => [path.basename(f), internal(f)] as const))('exports %s (internal: %s)', (name, isInternal) => {
    const spec = `from './${name.replace(/\.ts$/, '')}'`
    if (isInternal) expect(index).not.toContain(spec)
    else expect(index).toContain(spec)
  })
  it('src/node.ts re-exports it', () => {
    expect(fs.readFileSync(path.join(SRC, 'node.ts'), 'latin1')).toContain("export * from './io'")
  })
})

describe('src/sqlite/index.ts (the dcc-service-flags/sqlite entry point)', () => {
  const DB = path.join(SRC, 'sqlite')
  const index = fs.readFileSync(path.join(DB, 'index.ts'), 'latin1')
  const internal = (f: string): boolean => (/^\/\*\*[\s\S]*?\*\//.exec(fs.readFileSync(f, 'latin1'))?.[0] ?? '').includes('@internal')
  const files = fs.readdirSync(DB).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => path.join(DB, f))
  it.each(files.map((f) => [path.basename(f), internal(f)] as const))('exports %s (internal: %s)', (name, isInternal) => {
    const spec = `from './${name.replace(/\.ts$/, '')}'`
    if (isInternal) expect(index).not.toContain(spec)
    else expect(index).toContain(spec)
  })
  it('the root never reaches it (the native driver stays behind its own entry point)', () => {
    for (const f of reachable()) expect(path.relative(SRC, f).startsWith('sqlite')).toBe(false)
  })
})
