// Every public export is documented (date-fns / io-ts style): `@since` on all of them, and an
// `@example` on every value (functions, classes, constants). Types need only `@since`.
import { describe, expect, it } from 'vitest'
import ts from 'typescript'
import * as fs from 'node:fs'
import * as path from 'node:path'

const SRC = path.resolve(__dirname, '../src')
const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'cli' ? [] : files(full)
    return e.name.endsWith('.ts') && e.name !== 'index.ts' ? [full] : []
  })

interface Export {
  readonly file: string
  readonly name: string
  readonly isValue: boolean
  readonly tags: ReadonlySet<string>
}

const exportsOf = (file: string): Export[] => {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const out: Export[] = []
  for (const st of src.statements) {
    if (ts.isExportDeclaration(st) || !(ts.getCombinedModifierFlags(st as unknown as ts.Declaration) & ts.ModifierFlags.Export)) continue
    const tags = new Set(
      ts.getJSDocCommentsAndTags(st).flatMap((d) => (ts.isJSDoc(d) ? [...(d.tags ?? [])] : [d])).map((t) => t.tagName.text),
    )
    const isValue = ts.isFunctionDeclaration(st) || ts.isVariableStatement(st) || ts.isClassDeclaration(st)
    const names = ts.isVariableStatement(st)
      ? st.declarationList.declarations.map((d) => d.name.getText(src))
      : [(st as ts.DeclarationStatement).name?.getText(src) ?? '(anonymous)']
    for (const name of names) out.push({ file: path.relative(SRC, file), name, isValue, tags })
  }
  return out
}

const all = files(SRC).flatMap(exportsOf)

describe('API documentation', () => {
  it('finds the exports', () => {
    expect(all.length).toBeGreaterThan(100)
  })
  it('every export has @since', () => {
    expect(all.filter((e) => !e.tags.has('since')).map((e) => `${e.file}: ${e.name}`)).toEqual([])
  })
  it('every exported value has an @example', () => {
    expect(all.filter((e) => e.isValue && !e.tags.has('example')).map((e) => `${e.file}: ${e.name}`)).toEqual([])
  })
})
