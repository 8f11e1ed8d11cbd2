// decode / encode / validate: each defect a new user hit (issue #12), as a reproducer on the built bin.
// Size: decode and validate stream, so a file far bigger than the heap they are given decodes, and a
// file whose every line is bad validates, printing each diagnostic. Refusals: encode refuses what
// validate would refuse (check digits, legacy flags) unless told. Messages: what is wrong with a
// path, with the bytes (byte order marks, UTF-16), a cut DXI, a count out of range, byte offsets.
import { beforeAll, describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { BIN, FIXTURES, ROOT, runBin, tmpDir } from './bin'

let work: string
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true })
  work = tmpDir('cli-wire-repro')
})

const D0350_BASIC = path.join(FIXTURES, 'wire/d0350-basic.txt')
const ZHV = 'ZHV|0000000001|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|'
const put = (name: string, content: string | Uint8Array): string => {
  const f = path.join(work, name)
  fs.writeFileSync(f, content)
  return f
}

/** The check digit of twelve digits (an oracle apart from the library's). */
const mpan = (twelve: string): string => {
  const w = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]
  return twelve + String((w.reduce((s, x, i) => s + x * (twelve.charCodeAt(i) - 48), 0) % 11) % 10)
}

/** A D0350 of `n` records (flag `X` everywhere when `bad`), written line by line. */
const d0350File = (name: string, n: number, bad: boolean): string => {
  const f = path.join(work, name)
  const fd = fs.openSync(f, 'w')
  fs.writeSync(fd, `${ZHV}\n`)
  let block: string[] = []
  for (let i = 0; i < n; i++) {
    block.push(`DSF|${mpan(String(10 + (i % 14)) + String(i).padStart(10, '0'))}|${bad ? 'X' : 'AIN'[i % 3]}|2021110${1 + (i % 9)}|\n`)
    if (block.length === 10_000) {
      fs.writeSync(fd, block.join(''))
      block = []
    }
  }
  fs.writeSync(fd, `${block.join('')}ZPT|0000000001|${n}||${n}|20211104120500|\n`)
  fs.closeSync(fd)
  return f
}

/** Runs the bin with a small heap, standard output into a file; its exit code, stderr and output file. */
const runSmall = (args: ReadonlyArray<string>, heapMb: number, out: string) => {
  const fd = fs.openSync(out, 'w')
  try {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, BIN, ...args], { cwd: ROOT, stdio: ['ignore', fd, 'pipe'] })
    return { code: r.status, stderr: r.stderr.toString('latin1') }
  } finally {
    fs.closeSync(fd)
  }
}

describe('size: nothing fails for being big', () => {
  // 600,000 records: 18 MB of D0350, about 60 MB of JSON; the heap is far smaller than the JSON
  const n = 600_000
  let big: string
  beforeAll(() => {
    big = d0350File('big.d0350', n, false)
  })

  it('decode streams its JSON out: a file whose JSON is bigger than the heap decodes', () => {
    const out = path.join(work, 'big.json')
    const r = runSmall(['decode', big], 48, out)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(fs.statSync(out).size).toBeGreaterThan(48 * 1024 * 1024)
    const tail = fs.readFileSync(out, 'latin1').slice(-400)
    expect(tail).toContain(`"groupCount": ${n}`)
    expect(tail.endsWith('"finalNewline": true\n}\n')).toBe(true)
  })

  it('decode --ndjson: the kind and header, one record per line, the trailer', () => {
    const out = path.join(work, 'big.ndjson')
    const r = runSmall(['decode', big, '--ndjson'], 48, out)
    expect(r.code).toBe(0)
    const lines = fs.readFileSync(out, 'latin1').split('\n')
    expect(lines.pop()).toBe('')
    expect(lines).toHaveLength(n + 2)
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'd0350', header: { fileId: '0000000001' } })
    expect(JSON.parse(lines[1]!)).toEqual({ mpanCore: mpan('100000000000'), flag: 'A', effectiveFrom: '20211101' })
    expect(JSON.parse(lines[n + 1]!)).toMatchObject({ trailer: { groupCount: n, flowCount: n }, eol: '\n', finalNewline: true })
  })

  it('encode --ndjson reads what decode --ndjson printed, streamed: the same bytes, in a small heap', () => {
    const out = path.join(work, 'big.back')
    const r = runSmall(['encode', path.join(work, 'big.ndjson'), '--ndjson'], 48, out)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(fs.readFileSync(out).equals(fs.readFileSync(big))).toBe(true)
  })

  it('validate of a file whose every line is bad prints every diagnostic, as found, in bounded memory', () => {
    const bad = d0350File('bad.d0350', 200_000, true)
    const out = path.join(work, 'bad.out')
    const r = runSmall(['validate', bad, '--json'], 32, out)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('bad.d0350: 200000 errors, 0 warnings')
    const lines = fs.readFileSync(out, 'latin1').split('\n').filter(Boolean)
    expect(lines).toHaveLength(200_000)
    expect(JSON.parse(lines[199_999]!)).toMatchObject({ line: 200_001, field: 'flag', code: 'invalid_flag', expected: 'A, N or I', found: 'X' })
  })

  it('decode prints exactly the JSON it always printed (pretty, two spaces)', () => {
    const r = runBin(['decode', D0350_BASIC])
    expect(r.code).toBe(0)
    const text = r.stdout.toString('latin1')
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`)
  })
})

describe('refusals and exit codes', () => {
  const badDigit = (() => {
    const decoded = JSON.parse(runBin(['decode', D0350_BASIC]).stdout.toString('latin1'))
    decoded.records[0].mpanCore = decoded.records[0].mpanCore.slice(0, 12) + String((Number(decoded.records[0].mpanCore[12]) + 1) % 10)
    return decoded
  })()

  it('encode refuses an MPAN failing its check digit (exit 1, nothing written), saying how to accept it', () => {
    const f = put('bad-digit.json', JSON.stringify(badDigit))
    const r = runBin(['encode', f])
    expect(r.code).toBe(1)
    expect(r.stdout.length).toBe(0)
    expect(r.stderr).toContain('bad_check_digit')
    expect(r.stderr).toContain('--check-digits warning')
  })

  it('encode --check-digits warning writes it, with the warning on stderr', () => {
    const f = put('bad-digit-ok.json', JSON.stringify(badDigit))
    const r = runBin(['encode', f, '--check-digits', 'warning'])
    expect(r.code).toBe(0)
    expect(r.stdout.toString('latin1')).toContain(badDigit.records[0].mpanCore)
    expect(r.stderr).toMatch(/bad_check_digit .*\(warning\)/)
  })

  it('encode --ndjson: a wrong shape names its line and path; a bad check digit is refused unless told', () => {
    const lines = runBin(['decode', D0350_BASIC, '--ndjson']).stdout.toString('latin1').split('\n').filter(Boolean)
    const shape = put('shape.ndjson', [lines[0], JSON.stringify({ ...JSON.parse(lines[1]!), flag: 'Q' }), ...lines.slice(2)].join('\n') + '\n')
    const s1 = runBin(['encode', shape, '--ndjson'])
    expect(s1.code).toBe(1)
    expect(s1.stderr).toMatch(/line 2: record 1: flag/)
    const r0 = JSON.parse(lines[1]!)
    const digit = put('digit.ndjson', [lines[0], JSON.stringify({ ...r0, mpanCore: r0.mpanCore.slice(0, 12) + String((Number(r0.mpanCore[12]) + 1) % 10) }), ...lines.slice(2)].join('\n') + '\n')
    const refused = runBin(['encode', digit, '--ndjson'])
    expect(refused.code).toBe(1)
    expect(refused.stdout.length).toBe(0)
    expect(refused.stderr).toContain('--check-digits warning')
    expect(runBin(['encode', digit, '--ndjson', '--check-digits', 'warning']).code).toBe(0)
    const noTail = put('notail.ndjson', lines.slice(0, -1).join('\n') + '\n')
    expect(runBin(['encode', noTail, '--ndjson']).stderr).toContain('no trailer line')
  })

  it('encode refuses the pre-MP077 flags unless --legacy-flags', () => {
    const decoded = JSON.parse(runBin(['decode', D0350_BASIC]).stdout.toString('latin1'))
    decoded.records[0].flag = 'S'
    const f = put('legacy.json', JSON.stringify(decoded))
    const refused = runBin(['encode', f])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('--legacy-flags')
    expect(runBin(['encode', f, '--legacy-flags']).code).toBe(0)
  })

  it('validate (and decode) of a directory: exit 1, saying it is a directory', () => {
    for (const cmd of ['validate', 'decode']) {
      const r = runBin([cmd, work])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain(`${work}: is a directory, not a file`)
    }
  })

  it('validate of a path it cannot read: exit 1, saying why (never 70)', () => {
    const r = runBin(['validate', path.join(D0350_BASIC, 'inside')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/cannot read \(ENOTDIR\)|no such file/)
    expect(runBin(['validate', path.join(work, 'missing.txt')]).stderr).toContain('missing.txt: no such file')
    if (process.getuid?.() !== 0) {
      // (root reads any file)
      const locked = put('locked.txt', ZHV)
      fs.chmodSync(locked, 0o000)
      const l = runBin(['validate', locked])
      expect(l.code).toBe(1)
      expect(l.stderr).toContain('cannot read (permission denied)')
    }
  })

  it('validate --max-diagnostics N lists N, says how many more, and still exits 1', () => {
    const f = put('three-bad.d0350', `${ZHV}\n${['X', 'Y', 'Z'].map((x) => `DSF|1200023305967|${x}|20211104|`).join('\n')}\nZPT|0000000001|3||3|20211104120000|\n`)
    const r = runBin(['validate', f, '--max-diagnostics', '1'])
    expect(r.code).toBe(1)
    expect(r.stdout.toString('latin1').split('\n').filter(Boolean)).toHaveLength(2)
    expect(r.stderr).toContain('2 more not listed')
    expect(runBin(['validate', f, '--max-diagnostics', '0']).code).toBe(2)
  })
})

describe('messages', () => {
  it('a D0350 behind a byte order mark is told as such', () => {
    const f = put('bom.d0350', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(D0350_BASIC)]))
    const r = runBin(['validate', f])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('UTF-8 byte order mark (bytes EF BB BF)')
    expect(r.stderr).toContain('reads as a D0350')
  })

  it('a UTF-16 file is told as such', () => {
    const f = put('utf16.d0350', Buffer.from('\ufeff' + fs.readFileSync(D0350_BASIC, 'latin1'), 'utf16le'))
    const r = runBin(['decode', f])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('UTF-16 text (little-endian, byte order mark FF FE)')
  })

  it('a DXI cut to its first record is a DXI (its A00 File Type), not an E46', () => {
    const f = put('cut.dxi', '"A00",1234567890,"DXI",20211104,120000,1\n')
    const r = runBin(['validate', f])
    expect(r.code).toBe(1)
    expect(r.stdout.toString('latin1')).toContain('the DXI file ends without a Z99 trailer')
    expect(r.stdout.toString('latin1')).not.toContain('E46')
  })

  it('a huge ZPT count is out of range, not "without leading zeros"', () => {
    const f = put('huge.d0350', `${ZHV}\nZPT|0000000001|99999999999999999999||0|20211104120000|\n`)
    const out = runBin(['validate', f]).stdout.toString('latin1')
    expect(out).toContain('out of range')
    expect(out).not.toContain('leading zeros')
  })

  it('diagnostics print their byte offset, in lines and in JSON', () => {
    const text = `${ZHV}\nDSF|1200023305967|Q|20211104|\nZPT|0000000001|1||1|20211104120000|\n`
    const f = put('offset.d0350', text)
    const at = text.indexOf('|Q|') + 1
    expect(runBin(['validate', f]).stdout.toString('latin1')).toContain(`2:flag invalid_flag DSF DCC Service Flag "Q" is not A, N or I (byte ${at})`)
    expect(runBin(['decode', f]).stderr).toContain(`(byte ${at})`)
    const json = JSON.parse(runBin(['validate', f, '--json']).stdout.toString('latin1'))
    expect(json).toEqual({
      line: 2, field: 'flag', fieldIndex: 2, byteOffset: at, code: 'invalid_flag', severity: 'error', expected: 'A, N or I', found: 'Q',
      message: 'DSF DCC Service Flag "Q" is not A, N or I',
    })
  })
})
