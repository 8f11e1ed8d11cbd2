// The command framework (util.parseArgs): every command answers --help with exit 0, the tool
// answers --version from package.json, and unknown options, missing values, repeated options and
// stray arguments are usage errors (exit 2) reported before any work. The built bin answers --help
// and --version as the sources do.
import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { run } from '../../src/cli/main'
import { commands } from '../../src/cli/commands'
import { parse } from '../../src/cli/Options'
import { UsageError } from '../../src/cli/Errors'
import { ROOT, runBin } from './bin'
import { memoryIo } from './memoryIo'

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
const names = commands.map((c) => c.name)

describe('--help', () => {
  it.each(names)('%s --help: exit 0, its usage and every option on stdout', async (name) => {
    for (const flag of ['--help', '-h']) {
      const io = memoryIo()
      expect(await run([name, flag], io)).toBe(0)
      const c = commands.find((x) => x.name === name)!
      expect(io.out()).toContain(`Usage: dcc-flags ${c.usage}`)
      expect(io.out()).toContain('--help')
      expect(io.err()).toBe('')
    }
  })

  it.each(names)('%s --help wins over other (even wrong) arguments', async (name) => {
    const io = memoryIo()
    expect(await run([name, '--no-such-option', 'x', '--help'], io)).toBe(0)
    expect(io.out()).toContain(`dcc-flags ${name}:`)
  })

  it('help COMMAND is COMMAND --help; help alone and --help list every command', async () => {
    for (const name of names) {
      const a = memoryIo()
      const b = memoryIo()
      expect(await run(['help', name], a)).toBe(0)
      expect(await run([name, '--help'], b)).toBe(0)
      expect(a.out()).toBe(b.out())
    }
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const io = memoryIo()
      expect(await run(argv, io)).toBe(0)
      for (const name of names) expect(io.out()).toContain(`  ${name} `)
    }
  })

  it('no command: the list on stderr, exit 2; an unknown command or help topic: exit 2', async () => {
    const none = memoryIo()
    expect(await run([], none)).toBe(2)
    expect(none.err()).toContain('Commands:')
    const unknown = memoryIo()
    expect(await run(['frobnicate'], unknown)).toBe(2)
    expect(unknown.err()).toContain('unknown command "frobnicate"')
    expect(await run(['help', 'frobnicate'], memoryIo())).toBe(2)
  })
})

describe('--version', () => {
  it('prints the version of package.json', async () => {
    const io = memoryIo()
    expect(await run(['--version'], io)).toBe(0)
    expect(io.out()).toBe(`${pkg.version}\n`)
  })
})

describe('the built bin (node dist/cli.js), as a user runs it', () => {
  it('--help and a command\'s --help: exit 0, what the sources print; --version: exit 0, the version', async () => {
    for (const argv of [['--help'], ['apply', '--help']]) {
      const r = runBin(argv)
      const io = memoryIo()
      expect(await run(argv, io)).toBe(0)
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0)
      expect(r.stderr).toBe('')
      expect(r.stdout.toString('utf8')).toBe(io.out())
    }
    const v = runBin(['--version'])
    expect(v.code, v.stderr).toBe(0)
    expect(v.stdout.toString('utf8')).toBe(`${pkg.version}\n`)
  })
})

describe('usage errors: exit 2, the usage line on stderr, nothing run', () => {
  it.each(names)('%s: an unknown option', async (name) => {
    const io = memoryIo()
    expect(await run([name, '--no-such-option'], io)).toBe(2)
    expect(io.err()).toContain("'--no-such-option'")
    expect(io.err()).toContain(`usage: dcc-flags ${name}`)
    expect(io.out()).toBe('')
  })

  it.each(commands.filter((c) => c.usage.includes(' --')).map((c) => c.name))('%s: an option without its value', async (name) => {
    // The first option of the usage line that takes a value, given last with none.
    const c = commands.find((x) => x.name === name)!
    const m = /--([a-z-]+) [A-Z]/.exec(c.usage)!
    const io = memoryIo()
    expect(await run([name, `--${m[1]}`], io)).toBe(2)
    expect(io.err()).toContain(`--${m[1]}`)
  })

  it('a value given to a switch, an option given twice, an empty value, a stray argument', async () => {
    const cases: Array<[string[], string]> = [
      [['impact', '--json=yes'], '--json'],
      [['replay', '--inventory', 'a', '--inventory', 'b', '--events', 'e'], 'given twice'],
      [['replay', '--inventory=', '--events', 'e'], 'empty'],
      [['replay', 'stray', '--inventory', 'a', '--events', 'e'], 'unexpected argument "stray"'],
      [['decode'], 'expected 1 FILE'],
      [['decode', 'a', 'b'], 'expected 1 FILE'],
      [['replay', '--events', 'e'], 'missing required option --inventory'],
    ]
    for (const [argv, message] of cases) {
      const io = memoryIo()
      expect(await run(argv, io), argv.join(' ')).toBe(2)
      expect(io.err()).toContain(message)
    }
  })
})

describe('Options.parse', () => {
  const options = {
    file: { type: 'string', value: 'F', description: 'f', required: true },
    tag: { type: 'string', value: 'T', description: 't', multiple: true },
    json: { type: 'boolean', description: 'j' },
  } as const
  it('gives typed values: required strings, repeatable arrays, switches as booleans', () => {
    const p = parse(['--file', 'a', '--tag', 'x', '--tag=y', '--json'], options)
    expect(p.values).toEqual({ file: 'a', tag: ['x', 'y'], json: true })
    expect(parse(['--file=-'], options).values).toEqual({ file: '-', tag: [], json: false })
  })
  it('a value that looks like an option is refused, not swallowed', () => {
    expect(() => parse(['--file', '--json'], options)).toThrow(UsageError)
  })
})

describe('a file the system refuses is exit 1, never an internal error', () => {
  it('a write failing with ENOSPC: exit 1 naming the file and the code', async () => {
    const io = memoryIo()
    const full = {
      ...io,
      writeFileAtomic: (file: string) => {
        throw Object.assign(new Error(`ENOSPC: no space left on device, open '${file}'`), { code: 'ENOSPC', syscall: 'open', path: file })
      },
    }
    const out = fs.mkdtempSync(path.join(ROOT, '.tmp', 'cli-enospc-'))
    expect(await run(['demo', '--out', out], full)).toBe(1)
    // the demo's first file of its own (the registry files are the database's notify, which writes by staging)
    expect(io.err()).toMatch(/dcc-flags demo: cannot open .*E46_0000000001\.txt \(ENOSPC\)/)
  })
})

describe('writeFileAtomic', () => {
  it('replaces, and so cleans up, the temporary file a killed run left', async () => {
    const { nodeIo, partialOf } = await import('../../src/cli/Io')
    const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'cli-atomic-'))
    const target = path.join(dir, 'impact.html')
    fs.writeFileSync(partialOf(target), 'half a page from a killed run')
    nodeIo().writeFileAtomic(target, '<!DOCTYPE html>')
    expect(fs.readdirSync(dir)).toEqual(['impact.html'])
    expect(fs.readFileSync(target, 'utf8')).toBe('<!DOCTYPE html>')
  })
})
