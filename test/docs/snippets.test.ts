// Every TypeScript block of the README and docs/*.md, and every `@example` under src/ and examples/,
// compiles (test/docs/snippets.ts).
//
// NOT_YET lists the files whose examples did not all compile when this test arrived; their owners
// are making them compile. The list only shrinks: a file listed here whose examples now all compile
// fails the test until it is taken off, and every file not listed must compile entirely.
import { describe, expect, it } from 'vitest'
import { allSnippets, compileSnippets } from './snippets'

const NOT_YET = new Set<string>([
])

describe('the code in the docs compiles', () => {
  const snippets = allSnippets()
  const problems = compileSnippets(snippets)
  const fileOf = (where: string): string => where.replace(/:\d+.*$/, '')

  it('finds the blocks of the README and docs/, and the examples of src/ and examples/', () => {
    expect(snippets.filter((s) => s.where.startsWith('README.md')).length).toBeGreaterThan(3)
    expect(snippets.filter((s) => s.where.startsWith('docs/')).length).toBeGreaterThan(0)
    expect(snippets.filter((s) => s.where.startsWith('examples/')).length).toBeGreaterThan(5)
    expect(snippets.length).toBeGreaterThan(400)
  })

  it('every snippet outside NOT_YET compiles', () => {
    expect(problems.filter((p) => !NOT_YET.has(fileOf(p.where))).map((p) => `${p.where}: ${p.message}`)).toEqual([])
  })

  it('every file in NOT_YET still has a snippet that does not compile (else take it off the list)', () => {
    const failing = new Set(problems.map((p) => fileOf(p.where)))
    expect([...NOT_YET].filter((f) => !failing.has(f))).toEqual([])
  })
})
