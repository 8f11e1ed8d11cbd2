// The emitted declarations import other packages only by names a NodeNext or Node16 consumer can
// resolve: a package's root (`fp-ts`) or one of this package's own entry points — never a subpath
// such as `fp-ts/lib/NonEmptyArray`, which fails there with TS2307. Every dist/**/*.d.ts, .d.cts and
// .d.mts is scanned (npm test builds dist/ first, in pretest). The consumer projects of
// test/slow/consumers.test.ts type-check against the same files under every module resolution.
import { describe, expect, it } from 'vitest'
import { builtinModules } from 'node:module'
import * as fs from 'node:fs'
import * as path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '../..')
const DIST = path.join(ROOT, 'dist')
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string
  exports: Record<string, string | Record<string, { types?: string }>>
}

/** This package's own entry points by name: `dcc-service-flags`, `dcc-service-flags/node`… */
const OWN = new Set(Object.keys(pkg.exports).map((k) => path.posix.join(pkg.name, k)))
const BUILTIN = new Set(builtinModules)

const declarationFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return declarationFiles(full)
    return /\.d\.[cm]?ts$/.test(e.name) ? [full] : []
  })

/** Every module a declaration text names (imports, re-exports, `import()` types, `require`, `/// <reference types>`), comments aside. */
const specifiersOf = (text: string): string[] => {
  const info = ts.preProcessFile(text, true, true)
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((f) => f.fileName)
}

/** A package subpath a consumer may not be able to resolve (not a package root, not ours, not Node's). */
const isForeignSubpath = (spec: string): boolean => {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || BUILTIN.has(spec) || OWN.has(spec)) return false
  const parts = spec.split('/')
  return parts.length > (spec.startsWith('@') ? 2 : 1)
}

describe('the declarations in dist/', () => {
  it('the scan sees what a declaration imports, and nothing in its comments', () => {
    const text = [
      "/** @example import { x } from 'fp-ts/lib/Commented' */",
      "import { NonEmptyArray } from 'fp-ts/lib/NonEmptyArray'",
      "export type T = import('io-ts/lib/Decoder').Decoder<unknown, unknown>",
      "export { State } from 'dcc-service-flags'",
      "import * as fs from 'node:fs'",
    ].join('\n')
    expect(specifiersOf(text).filter(isForeignSubpath)).toEqual(['fp-ts/lib/NonEmptyArray', 'io-ts/lib/Decoder'])
    expect(isForeignSubpath('dcc-service-flags/node')).toBe(false)
    expect(isForeignSubpath('@scope/pkg')).toBe(false)
    expect(isForeignSubpath('@scope/pkg/deep')).toBe(true)
  })

  it('include the types of every entry point package.json exports', () => {
    if (!fs.existsSync(DIST)) throw new Error('dist/ is missing: run npm run build (npm test does it first)')
    const found = new Set(declarationFiles(DIST).map((f) => path.relative(ROOT, f)))
    const declared = Object.values(pkg.exports)
      .flatMap((e) => (typeof e === 'string' ? [] : Object.values(e).map((c) => c.types)))
      .filter((t): t is string => t !== undefined)
      .map((t) => path.normalize(t))
    expect(declared.length).toBeGreaterThan(4)
    expect(declared.filter((t) => !found.has(t))).toEqual([])
  })

  it('import no package subpath (fp-ts/lib/…, io-ts/lib/…): only package roots and our own entry points', () => {
    const offending: string[] = []
    let imports = 0
    for (const file of declarationFiles(DIST)) {
      const specs = specifiersOf(fs.readFileSync(file, 'utf8'))
      imports += specs.length
      for (const s of specs) if (isForeignSubpath(s)) offending.push(`${path.relative(ROOT, file)}: ${s}`)
    }
    expect(imports).toBeGreaterThan(0)
    expect(offending).toEqual([])
  })
})
