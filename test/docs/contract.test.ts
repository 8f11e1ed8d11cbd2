// The project's own docs match the code, and nothing points outside the repository: docs/contract.md
// documents every command and option, lists the rejection codes in the engine's precedence order and
// every diagnostic code; README, docs, sources and examples cite docs/, never the specs they came from.
import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { commands } from '../../src/cli/commands'
import { Diagnostic } from '../../src/wire'
import { Model } from '../../src/engine'

const ROOT = path.resolve(__dirname, '../..')
const read = (f: string): string => fs.readFileSync(path.join(ROOT, f), 'utf8')
const contract = read('docs/contract.md')

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'api' || e.name === 'data' ? [] : filesUnder(rel)
    return /\.(ts|md|mjs)$/.test(e.name) ? [rel] : []
  })

describe('docs/contract.md', () => {
  it('documents every command with each of its options (on a line of its table)', () => {
    const missing: string[] = []
    for (const c of commands) {
      const lines = contract.split('\n').filter((l) => l.includes(`dcc-flags ${c.name} `) || l.endsWith(`dcc-flags ${c.name}\``))
      if (lines.length === 0) missing.push(c.name)
      const options = Object.keys(c.options)
      for (const o of options) if (!lines.some((l) => l.includes(`--${o}`))) missing.push(`${c.name} --${o}`)
    }
    expect(missing).toEqual([])
  })

  it('lists the rejection codes in the order they are checked', () => {
    const section = contract.slice(contract.indexOf('### Rejections'), contract.indexOf('## Diagnostic codes'))
    const listed = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1])
    expect(listed).toEqual([...Model.rejectionCodes])
  })

  it('lists every diagnostic code', () => {
    const section = contract.slice(contract.indexOf('## Diagnostic codes'), contract.indexOf('## Command line'))
    for (const code of Diagnostic.codes) expect(section, code).toContain(`\`${code}\``)
  })
})

describe('the docs cite the project, not the specs it was built from', () => {
  const files = ['README.md', 'CHANGELOG.md', ...filesUnder('docs'), ...filesUnder('src'), ...filesUnder('examples')]
  it('no ../shared, DOMAIN.md, API.md or WIRE.md anywhere users read', () => {
    const offending = files.filter((f) => /\.\.\/shared|\b(DOMAIN|API|WIRE)\.md\b|\/work\//.test(read(f)))
    expect(offending).toEqual([])
  })

  it('every relative link in README and docs/ points to a file that exists', () => {
    const broken: string[] = []
    for (const f of ['README.md', ...filesUnder('docs')]) {
      for (const m of read(f).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!
        if (/^[a-z]+:/.test(target)) continue // a web address: refused by the next test
        if (!fs.existsSync(path.join(ROOT, path.dirname(f), target))) broken.push(`${f}: ${target}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('README and docs/ link nothing outside the repository: no web address, no path leaving it', () => {
    const leaving = new Set<string>()
    for (const f of ['README.md', ...filesUnder('docs').filter((x) => x.endsWith('.md'))]) {
      const text = read(f)
      // Any web address, linked or bare (a bare one is a link once rendered).
      for (const m of text.matchAll(/\bhttps?:\/\/[^\s)>\]`'"]+/gi)) leaving.add(`${f}: ${m[0]}`)
      // Every link target: inline `[x](t)`, reference definitions `[x]: t`, HTML href/src.
      const targets = [
        ...[...text.matchAll(/\]\(\s*<?([^)>\s]+)/g)].map((m) => m[1]!),
        ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^>\s]+)/gm)].map((m) => m[1]!),
        ...[...text.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!),
      ]
      for (const t of targets) {
        if (t.startsWith('#')) continue
        const outside =
          /^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith('/') || path.relative(ROOT, path.resolve(ROOT, path.dirname(f), t.replace(/#.*$/, ''))).startsWith('..')
        if (outside) leaving.add(`${f}: ${t}`)
      }
    }
    expect([...leaving]).toEqual([])
  })
})
