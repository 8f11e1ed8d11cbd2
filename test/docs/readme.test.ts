// The README's commands work: every `dcc-flags …` line it shows is a valid command line (its options
// parse, the required ones are there), and its notify example runs on the bundled sample data.
import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { commands } from '../../src/cli/commands'
import { parse } from '../../src/cli/Options'
import { ROOT, runBin, tmpDir } from '../cli/bin'

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')

/** The command lines of the README's shell blocks (continuation lines joined, comments and redirections cut). */
const commandLines = (): string[][] => {
  const out: string[][] = []
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, ' ')
    for (const line of joined.split('\n')) {
      const m = /^(?:npx dcc-flags|dcc-flags|node dist\/cli\.js) (.*)$/.exec(line.replace(/\s+#.*$/, '').trim())
      if (m === null) continue
      out.push(m[1]!.replace(/\s*>.*$/, '').split(/\s+/).filter((w) => w !== ''))
    }
  }
  return out
}

describe('README command lines', () => {
  const lines = commandLines()
  it('finds them', () => {
    expect(lines.length).toBeGreaterThan(8)
  })

  it.each(lines.map((l) => [l.join(' ')] as const))('dcc-flags %s parses', (line) => {
    const [name, ...argv] = line.split(' ')
    if (name === '--help' || name === '--version') return
    const c = commands.find((x) => x.name === name)
    expect(c, `command ${name}`).toBeDefined()
    if (argv.includes('--help')) return
    // Parsed as the command parses them: unknown options, missing values and required options fail
    // here (the command's own checks of values come after).
    expect(() => parse(argv, c!.options, c!.positionals)).not.toThrow()
  })

  it('the notify example runs on the sample data: fourteen D0350 files and a DXI, exit 1 for the planted bad lines', () => {
    const line = lines.find((l) => l[0] === 'notify' && l.includes('examples/data/inventory.json'))!
    expect(line).toBeDefined()
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
    const out = path.join(tmpDir('readme-notify'), 'outbox')
    const argv = [...line]
    argv[argv.indexOf('--out') + 1] = out
    const r = runBin(argv)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('1315 notifications in 15 files')
    expect(r.stderr).toContain('46 events rejected')
    const files = fs.readdirSync(out)
    expect(files.filter((f) => f.startsWith('D0350_'))).toHaveLength(14)
    expect(files.filter((f) => f.startsWith('DXI_'))).toEqual(['DXI_0000000001.txt'])
  })
})
