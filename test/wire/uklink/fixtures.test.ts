import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { either as E } from 'fp-ts'
import * as Dxi from '../../../src/wire/uklink/Dxi'
import * as Dxr from '../../../src/wire/uklink/Dxr'
import { bytes, text } from './helpers'

const dir = join(__dirname, '../../fixtures/wire')
interface Vector { file: string; kind: string; valid: boolean; codes: string[]; note: string }
const vectors = (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as Vector[]).filter((v) => v.kind === 'dxi' || v.kind === 'dxr')
const codecs = { dxi: Dxi, dxr: Dxr } as const

describe('docs/formats.md DXI example', () => {
  const example = [
    '"A00",1234567890,"DXI",20211104,120000,1',
    '"E45",3938424403,"A",20211104',
    '"E45",1234567810,"I",20211103',
    '"Z99",2',
    '',
  ].join('\n')

  it('decodes to the header, records and trailer it spells', () => {
    const r = Dxi.decode(bytes(example))
    expect(r).toEqual(E.right({
      header: { organisationId: '1234567890', fileType: 'DXI', creationDate: '20211104', creationTime: '120000', generationNumber: '1' },
      records: [
        { mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' },
        { mprn: '1234567810', flag: 'I', effectiveFrom: '20211103' },
      ],
      trailer: { recordCount: 2 },
      eol: '\n',
      finalNewline: true,
    }))
  })

  it('is what make + encode write for the same content', () => {
    const file = Dxi.make({
      header: { organisationId: '1234567890', creationDate: '20211104', creationTime: '120000', generationNumber: 1 },
      records: [
        { mprn: '3938424403', flag: 'A', effectiveFrom: '20211104' },
        { mprn: '1234567810', flag: 'I', effectiveFrom: '20211103' },
      ],
    })
    expect(text(Dxi.encode(file))).toBe(example)
  })
})

describe('wire vectors (test/fixtures/wire/index.json)', () => {
  it('has DXI and DXR vectors', () => {
    expect(vectors.some((v) => v.kind === 'dxi')).toBe(true)
    expect(vectors.some((v) => v.kind === 'dxr')).toBe(true)
  })

  it.each(vectors.map((v) => [v.file, v] as const))('%s', (_, v) => {
    const codec = codecs[v.kind as 'dxi' | 'dxr']
    const input = new Uint8Array(readFileSync(join(dir, v.file)))
    const inspection = codec.inspect(input)
    if (v.valid) {
      expect(inspection.diagnostics).toEqual([])
      const decoded = codec.decode(input)
      expect(E.isRight(decoded)).toBe(true)
      if (E.isRight(decoded)) expect(text(codec.encode(decoded.right as never))).toBe(text(input))
    } else {
      expect(inspection.file).toBeNull()
      expect([...new Set(inspection.diagnostics.map((d) => d.code))].sort()).toEqual([...v.codes].sort())
      for (const d of inspection.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1)
        expect(d.message.length).toBeGreaterThan(0)
      }
    }
  })

  it('dxr-basic keeps the response File Type, the leading zero of 063000 and the outcomes', () => {
    const r = Dxr.decode(new Uint8Array(readFileSync(join(dir, 'dxr-basic.txt'))))
    expect(E.isRight(r)).toBe(true)
    if (E.isLeft(r)) return
    expect(r.right.header.fileType).toBe('DXR')
    expect(r.right.header.creationTime).toBe('063000')
    expect(r.right.header.generationNumber).toBe('17')
    expect(r.right.records.map((x) => x.outcome)).toEqual(['AC', 'RJ'])
  })

  it('dxi-unquoted-flag points at the flag field of line 2', () => {
    const input = new Uint8Array(readFileSync(join(dir, 'dxi-unquoted-flag.txt')))
    const [d] = Dxi.inspect(input).diagnostics
    expect(d?.line).toBe(2)
    expect(d?.field).toEqual({ name: 'flag', index: 3 })
    expect(d?.input).toBe('A')
    const line2 = text(input).indexOf('\n') + 1
    expect(d?.byteOffset).toBe(line2 + '"E45",3938424403,'.length)
    expect(d?.message).toMatch(/DCC Service Flag/)
  })
})
