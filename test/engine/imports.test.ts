// No import cycle between engine files (issue 10), type-only imports included: a cycle, even of
// types, ties two files' concepts together and breaks as soon as one of them gains a value import.
import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'

const ENGINE = path.resolve(__dirname, '../../src/engine')

const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? files(full) : e.name.endsWith('.ts') ? [full] : []
  })

/** The engine files `file` imports or re-exports (relative specifiers; a statement may span lines). */
const importsOf = (file: string): string[] => {
  const text = fs.readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/^(?:import|export)\s[^'"`]*?\sfrom\s+'(\.[^']*)'/gm)) {
    const target = path.resolve(path.dirname(file), m[1]!)
    const resolved = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts')
    if (resolved.startsWith(ENGINE + path.sep)) out.push(resolved)
  }
  return out
}

/** Every cycle found by a depth-first walk, as the files along it. */
const cycles = (graph: ReadonlyMap<string, ReadonlyArray<string>>): string[][] => {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (f: string): void => {
    state.set(f, 'open')
    stack.push(f)
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push([...stack.slice(stack.indexOf(g)), g])
      else if (state.get(g) === undefined) visit(g)
    }
    stack.pop()
    state.set(f, 'done')
  }
  for (const f of graph.keys()) if (state.get(f) === undefined) visit(f)
  return found
}

describe('engine imports', () => {
  const graph = new Map(files(ENGINE).map((f) => [f, importsOf(f)] as const))

  it('reads the imports (State imports the store)', () => {
    expect(graph.size).toBeGreaterThan(20)
    expect(graph.get(path.join(ENGINE, 'State.ts'))).toContain(path.join(ENGINE, 'store', 'Handle.ts'))
  })

  it('have no cycle', () => {
    expect(cycles(graph).map((c) => c.map((f) => path.relative(ENGINE, f)).join(' → '))).toEqual([])
  })
})
