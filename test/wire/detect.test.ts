import { describe, expect, it } from 'vitest'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { detect, detectKind } from '../../src/wire/Detect'

const FIXTURES = path.resolve(__dirname, '../fixtures/wire')
const index: Array<{ file: string; kind: string }> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'index.json'), 'latin1'))

describe('detectKind', () => {
  it.each(index)('$file is $kind', ({ file, kind }) => {
    expect(detectKind(fs.readFileSync(path.join(FIXTURES, file)))).toBe(kind)
  })
  it('says null for anything else', () => {
    expect(detectKind(new Uint8Array())).toBeNull()
    expect(detectKind(new TextEncoder().encode('meterPoint,flag,effectiveFrom\n'))).toBeNull()
  })
})

describe('detect: says what the bytes are when they are no known kind', () => {
  const D0350 = 'ZHV|1|D0350001|Z|DCCO|P|LOND|20211104120000||||OPER|\nZPT|1|0||0|20211104120000|\n'
  const DXI = '"A00",1234567890,"DXI",20211104,120000,1\n"E45",3938424403,"A",20211104\n"Z99",1\n'
  const latin1 = (s: string) => Buffer.from(s, 'latin1')

  it('a D0350 behind a UTF-8 byte order mark: the mark is named, and what follows it', () => {
    const d = detect(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1(D0350)]))
    expect(d.kind).toBeNull()
    expect(d.reason).toMatch(/UTF-8 byte order mark \(bytes EF BB BF\)/)
    expect(d.reason).toMatch(/reads as a D0350/)
  })

  it('UTF-16, with or without a byte order mark, either byte order', () => {
    expect(detect(Buffer.from('\ufeff' + D0350, 'utf16le')).reason).toMatch(/UTF-16 text \(little-endian, byte order mark FF FE\)/)
    const be = Buffer.from('\ufeff' + D0350, 'utf16le').swap16()
    expect(detect(be).reason).toMatch(/UTF-16 text \(big-endian, byte order mark FE FF\)/)
    expect(detect(Buffer.from(D0350, 'utf16le')).reason).toMatch(/UTF-16 text \(little-endian, without a byte order mark/)
    expect(detect(Buffer.from(D0350, 'utf16le').swap16()).reason).toMatch(/UTF-16 text \(big-endian/)
  })

  it('a DXI cut to its first record is a DXI, from its A00 File Type', () => {
    for (const cut of ['"A00",1234567890,"DXI",20211104,120000,1\n', '"A00",1234567890,"DXI",20211104,120000,1', '"A00",1234567890,"DXI"',
      '"A00",1234567890,"DXI",2021', '"A00",1234567890,"DXI"\r\n', '"A00",1234567890,"DX']) {
      expect(detect(latin1(cut)).kind, JSON.stringify(cut)).toBe('dxi')
    }
    // an E46 response cut the same way stays one
    expect(detect(latin1('"A00",1234567890,"DXR"')).kind).toBe('dxr')
    expect(detect(latin1('"A00",1234567890,"GRS",20211104,120000,1\n')).kind).toBe('dxr')
  })

  it('a header cut before its File Type says so; a File Type that is no three letters falls back on the records', () => {
    expect(detect(latin1('"A00",1234567890,')).reason).toMatch(/ends inside its "A00" header, before the File Type/)
    expect(detect(latin1('"A00",1234567890,"D1",20211104,120000,1\n"E45",3938424403,"A",20211104\n')).kind).toBe('dxi')
    expect(detect(latin1('"A00",1234567890,"D1",20211104,120000,1\n"E46","AC",3938424403,"A",20211104\n')).kind).toBe('dxr')
    expect(detect(latin1('"A00",1234567890,"D1",20211104,120000,1\n')).reason).toMatch(/File Type "D1" is neither "DXI" nor three letters/)
  })

  it('empty, a byte outside ASCII, or a first line of no known kind', () => {
    expect(detect(new Uint8Array())).toEqual({ kind: null, reason: 'the file is empty' })
    expect(detect(latin1('\u00e9t\u00e9\n')).reason).toMatch(/byte E9 at offset 0 of the first line is not printable ASCII/)
    expect(detect(latin1('meterPoint,flag,effectiveFrom\n')).reason).toMatch(/"meterPoint,flag,effectiveFrom"\) is neither a D0350 ZHV header nor a UK Link "A00" header/)
    expect(detectKind(latin1(DXI))).toBe('dxi')
  })
})
