// decode / encode / validate through the built bin, one test per reference file (as gbcs-parser's
// integration tests do): valid files round-trip byte for byte, invalid ones fail with their codes.
import { describe, expect, it, beforeAll } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { FIXTURES, ROOT, runBin, tmpDir } from './bin'

interface Vector {
  readonly file: string
  readonly kind: 'd0350' | 'dxi' | 'dxr'
  readonly valid: boolean
  readonly codes: ReadonlyArray<string>
}
const vectors: Vector[] = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'wire/index.json'), 'latin1'))

let work: string
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('cli-wire')
})

describe.each(vectors)('dcc-flags on $file', (v) => {
  const file = path.join(FIXTURES, 'wire', v.file)

  it(`validate exits ${v.valid ? 0 : 1}${v.valid ? '' : ` with ${v.codes.join(', ')}`}`, () => {
    const r = runBin(['validate', file])
    expect(r.code).toBe(v.valid ? 0 : 1)
    const codes = r.stdout.toString('latin1').split('\n').filter(Boolean).map((l) => l.split(' ')[1])
    expect([...new Set(codes)].sort()).toEqual([...v.codes].sort())
    for (const line of r.stdout.toString('latin1').split('\n').filter(Boolean)) expect(line).toMatch(/^\d+:[\w-]+ [a-z_]+ .+/)
  })

  if (v.valid) {
    it('decode | encode gives the same bytes (kind detected, then given)', () => {
      const decoded = runBin(['decode', file])
      expect(decoded.code).toBe(0)
      const json = JSON.parse(decoded.stdout.toString('latin1'))
      expect(json.kind).toBe(v.kind)
      const jsonFile = path.join(work, `${v.file}.json`)
      fs.writeFileSync(jsonFile, decoded.stdout)
      const encoded = runBin(['encode', jsonFile, '--kind', v.kind])
      expect(encoded.stderr).toBe('')
      expect(encoded.code).toBe(0)
      expect(encoded.stdout.equals(fs.readFileSync(file))).toBe(true)
    })
    it('decode reads standard input with -', () => {
      const r = runBin(['decode', '-', '--kind', v.kind], { input: fs.readFileSync(file) })
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout.toString('latin1')).records.length).toBeGreaterThanOrEqual(0)
    })
  } else {
    it('decode exits 1 and prints the diagnostics on stderr, nothing on stdout', () => {
      const r = runBin(['decode', file])
      expect(r.code).toBe(1)
      expect(r.stdout.length).toBe(0)
      for (const code of v.codes) expect(r.stderr).toContain(code)
    })
  }
})

describe('dcc-flags usage errors', () => {
  it('no command: usage on stderr, exit 2', () => {
    const r = runBin([])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage:')
  })
  it('unknown command, unknown option, bad --kind: exit 2', () => {
    expect(runBin(['frobnicate']).code).toBe(2)
    expect(runBin(['validate', 'x', '--nope']).code).toBe(2)
    expect(runBin(['validate', path.join(FIXTURES, 'wire/dxi-basic.txt'), '--kind', 'xml']).code).toBe(2)
  })
  it('a missing file is invalid input (exit 1) naming the file', () => {
    const r = runBin(['validate', 'no/such/file.txt'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('no/such/file.txt')
  })
  it('an undetectable kind asks for --kind', () => {
    const r = runBin(['decode', '-'], { input: 'hello\n' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('--kind')
  })
  it('encode refuses JSON whose bytes would not validate, naming the problem', () => {
    const decoded = JSON.parse(runBin(['decode', path.join(FIXTURES, 'wire/d0350-basic.txt')]).stdout.toString('latin1'))
    decoded.records[0].flag = 'Q'
    const f = path.join(work, 'bad-flag.json')
    fs.writeFileSync(f, JSON.stringify(decoded))
    const r = runBin(['encode', f])
    expect(r.code).toBe(1)
    expect(r.stdout.length).toBe(0)
    expect(r.stderr).toMatch(/flag/)
  })
  it('encode reports JSON shape errors with their path', () => {
    const f = path.join(work, 'shape.json')
    fs.writeFileSync(f, JSON.stringify({ kind: 'dxi', header: {}, records: [], trailer: {}, eol: '\n', finalNewline: true }))
    const r = runBin(['encode', f])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/header/)
  })
  it('--check-digits warning lets historic data decode, with the warning on stderr', () => {
    const r = runBin(['decode', path.join(FIXTURES, 'wire/d0350-bad-check-digit.txt'), '--check-digits', 'warning'])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('bad_check_digit')
  })
})
